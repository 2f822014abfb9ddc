"""The validator checks every JSON-Schema keyword OpenAPI 3.0 allows, as the pipeline writes it from a spec.

Each case is a schema the vendor could add (the committed spec uses few keywords), turned into rules by
openapi/pipeline/rules.py exactly as ``make generate`` does, then checked by ``splx_probe_client._validation``.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.rules import schema_rules_module
from splx_probe_client import _validation
from splx_probe_client._validation import validate

SPEC: dict[str, Any] = json.loads((Path(__file__).resolve().parents[3] / "openapi" / "splx-probe.json").read_text())


@pytest.fixture
def probe(monkeypatch: pytest.MonkeyPatch) -> Any:
    """``probe(schema)`` -> a function validating data against ``schema`` (added to the spec as ``Probe``)."""

    def install(schema: dict[str, Any], **others: dict[str, Any]) -> Any:
        spec = copy.deepcopy(SPEC)
        spec["components"]["schemas"].update({"Probe": schema, **others})
        namespace: dict[str, Any] = {}
        exec(compile(schema_rules_module(spec), "_schema_rules.py", "exec"), namespace)  # the pipeline's own output
        monkeypatch.setattr(_validation, "SCHEMAS", namespace["SCHEMAS"])
        return lambda data, **options: validate("Probe", data, **options)

    return install


def test_multiple_of_is_decimal(probe: Any) -> None:
    check = probe({"type": "number", "multipleOf": 0.1})
    assert check(0.3) == {}  # in binary floating point 0.3 is not a multiple of 0.1; as written it is
    assert check(5) == {}
    assert check(0.35) == {"body": ["must be a multiple of 0.1"]}


def test_min_and_max_properties(probe: Any) -> None:
    check = probe(
        {"type": "object", "additionalProperties": {"type": "integer"}, "minProperties": 1, "maxProperties": 2}
    )
    assert check({"a": 1}) == {}
    assert check({}) == {"body": ["must have at least 1 properties"]}
    assert check({"a": 1, "b": 2, "c": 3}) == {"body": ["must have at most 2 properties"]}


def test_not(probe: Any) -> None:
    check = probe({"type": "string", "not": {"enum": ["root", "admin"]}})
    assert check("alice") == {}
    assert check("root") == {"body": ["must not match the schema its `not` excludes"]}


def test_unique_items_compares_json_values(probe: Any) -> None:
    check = probe({"type": "array", "uniqueItems": True})
    assert check([{"a": 1, "b": 2}, {"b": 2, "a": 1}]) == {"body": ["must not contain duplicates"]}  # key order
    assert check([1, 1.0]) == {"body": ["must not contain duplicates"]}  # 1 and 1.0 are one JSON number
    assert check([1, True, "1"]) == {}  # true is not 1


def test_pattern_and_lengths(probe: Any) -> None:
    check = probe({"type": "string", "pattern": "^sk-[a-z]+$", "minLength": 4, "maxLength": 8})
    assert check("sk-abc") == {}
    assert check("sk-ABC") == {"body": ["must match the pattern ^sk-[a-z]+$"]}
    assert check("sk-abcdefgh") == {"body": ["must be at most 8 characters long"]}


@pytest.mark.parametrize(
    ("fmt", "good", "bad", "message"),
    [
        ("date", "2024-02-29", "2023-02-29", "must be an RFC 3339 full-date (YYYY-MM-DD)"),
        ("byte", "aGk=", "aGk", "must be base64"),
        ("ipv4", "10.0.0.1", "10.0.0.256", "must be an IPv4 address"),
        ("ipv6", "::1", "10.0.0.1", "must be an IPv6 address"),
        ("email", "a@b.io", "a@b", "must be an email address"),
        ("uuid", "0b7f6a52-3c1e-4f43-9b1a-6b3d2f1e0a01", "0b7f6a52", "must be a UUID"),
        ("date-time", "2024-01-01T00:00:00Z", "2024-01-01", "must be an RFC 3339 date-time"),
    ],
)
def test_formats_where_meaningful(probe: Any, fmt: str, good: str, bad: str, message: str) -> None:
    check = probe({"type": "string", "format": fmt})
    assert check(good) == {}
    assert check(bad) == {"body": [message]}


def test_an_annotation_format_is_not_a_check(probe: Any) -> None:
    assert probe({"type": "string", "format": "password"})("anything") == {}


def test_exclusive_bounds_in_the_3_0_boolean_form(probe: Any) -> None:
    check = probe({"type": "integer", "minimum": 0, "exclusiveMinimum": True, "maximum": 10, "exclusiveMaximum": True})
    assert check(5) == {}
    assert check(0) == {"body": ["must be greater than 0"]}
    assert check(10) == {"body": ["must be less than 10"]}


def test_nullable_and_enum(probe: Any) -> None:
    check = probe({"type": "string", "enum": ["A", "B"], "nullable": True})
    assert check(None) == {}
    assert check("C") == {"body": ["must be one of A, B"]}
    assert probe({"type": "integer", "enum": [1]})(True) == {"body": ["must be of type integer"]}


def test_items_bounds(probe: Any) -> None:
    check = probe({"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 2})
    assert check([1]) == {}
    assert check([]) == {"body": ["must have at least 1 items"]}
    assert check([1, "2"]) == {"[1]": ["must be of type integer"]}


def test_one_of_means_exactly_one(probe: Any) -> None:
    check = probe({"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 10}]})
    assert check(3) == {}
    assert check(2.5) == {"body": ["must match exactly one of: integer, number"]}  # neither
    assert check(12) == {"body": ["must match exactly one of: integer, number (it matches 2)"]}


def test_any_of_means_at_least_one(probe: Any) -> None:
    check = probe({"anyOf": [{"type": "integer"}, {"type": "number", "minimum": 10}]})
    assert check(12) == {}
    assert check("x") == {"body": ["must match one of: integer, number"]}


def test_all_of_checks_each_member_and_merges_objects(probe: Any) -> None:
    check = probe(
        {
            "allOf": [
                {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]},
                {"type": "object", "properties": {"b": {"type": "string"}}},
                {"minProperties": 2},
            ]
        }
    )
    assert check({"a": 1, "b": "x"}) == {}
    assert check({"a": 1}) == {"body": ["must have at least 2 properties"]}
    assert check({"a": 1, "c": 2}) == {"c": ["is not a known field"]}  # the merged object is closed


def test_a_discriminator_in_a_request_body_picks_the_variant_by_its_own_property(probe: Any) -> None:
    cat = {"type": "object", "properties": {"kind": {"type": "string"}, "meows": {"type": "boolean"}}}
    dog = {"type": "object", "properties": {"kind": {"type": "string"}, "barks": {"type": "boolean"}}}
    check = probe(
        {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}},
        },
        Cat=cat,
        Dog=dog,
    )
    assert check({"kind": "cat", "meows": True}) == {}
    assert check({"kind": "Dog", "barks": True}) == {}  # no mapping entry: the schema's name
    assert check({"kind": "cat", "barks": True}) == {"barks": ["is not a known field"]}  # only Cat is tried
    assert check({"meows": True}) == {"kind": ["is required (it names the variant)"]}
    assert check({"kind": "fish"}) == {"kind": ["unknown variant 'fish'; one of Cat, Dog, cat"]}


def test_read_only_and_write_only_follow_the_direction(probe: Any) -> None:
    check = probe(
        {
            "type": "object",
            "properties": {
                "id": {"type": "integer", "readOnly": True},
                "password": {"type": "string", "writeOnly": True},
            },
            "required": ["id", "password"],
        }
    )
    assert check({"password": "p"}) == {}  # a required read-only field is not required of a request
    assert check({"id": 1, "password": "p"}) == {"id": ["is read-only: only the server sends it"]}
    assert check({"id": 1}, direction="response") == {}
    assert check({"id": 1, "password": "p"}, direction="response") == {"password": ["is write-only: never answered"]}


def test_messages_never_quote_the_value(probe: Any) -> None:
    check = probe({"type": "string", "not": {"pattern": "^sk-"}, "format": "email", "maxLength": 5})
    assert "sk-secret-value" not in repr(check("sk-secret-value"))
