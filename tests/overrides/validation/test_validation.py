"""``_validation.validate`` against the spec: every schema, field and connection type comes from the spec.

The oracle for "the spec accepts this" is openapi-schema-validator on ``openapi/splx-probe.json`` (``oneOf`` read
as ``anyOf``: the vendor's unions overlap, so no value could match exactly one variant). The validator is
stricter in one documented way: objects that declare fields refuse other keys, as the vendor's documents say.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator

from splx_probe_client._schema_rules import CONNECTION_TYPES, REQUEST_BODIES, SCHEMAS
from splx_probe_client._validation import ROOT, known_fields, validate

SPEC: dict[str, Any] = json.loads((Path(__file__).resolve().parents[3] / "openapi" / "splx-probe.json").read_text())
COMPONENTS: dict[str, Any] = SPEC["components"]["schemas"]
UUID = "6f1c7a4e-2b1d-4c8e-9a51-0d2b3c4d5e6f"


def _any_of(node: Any) -> Any:
    if isinstance(node, dict):
        return {("anyOf" if key == "oneOf" else key): _any_of(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_any_of(item) for item in node]
    return node


ORACLE_COMPONENTS = _any_of(copy.deepcopy(SPEC["components"]))


def spec_accepts(value: Any, schema: str) -> bool:
    document = {"components": ORACLE_COMPONENTS, **ORACLE_COMPONENTS["schemas"][schema]}
    return not list(OAS30Validator(document).iter_errors(value))


def fields(name: str) -> tuple[set[str], dict[str, Any]]:
    """(required, properties) of a component schema through its ``allOf`` members, read from the spec."""
    schema = COMPONENTS[name]
    required, properties = set(schema.get("required", [])), dict(schema.get("properties", {}))
    for member in schema.get("allOf", []):
        if "$ref" in member:
            more = fields(member["$ref"].rsplit("/", 1)[1])
        else:
            more = (set(member.get("required", [])), member.get("properties", {}))
        required |= more[0]
        properties.update(more[1])
    return required, properties


def sample(schema: dict[str, Any]) -> Any:
    """A valid value of a property schema, as short as its rules allow."""
    if "$ref" in schema:
        return minimal(schema["$ref"].rsplit("/", 1)[1])
    if "oneOf" in schema:
        return sample(schema["oneOf"][0])
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("format") == "uuid":
        return UUID
    if schema.get("format") == "date-time":
        return "2026-01-02T03:04:05Z"
    if schema.get("type") == "string":
        return "x" * max(2, schema.get("minLength", 0))
    defaults = {"integer": 1, "number": 1.5, "boolean": False, "object": {}, "array": []}
    return defaults.get(schema.get("type", ""), "any")


def minimal(name: str) -> Any:
    schema = COMPONENTS[name]
    if "properties" not in schema and "allOf" not in schema:
        return sample(schema)
    required, properties = fields(name)
    value = {field: sample(properties[field]) for field in sorted(required)}
    for field in required:
        variants = [v["$ref"].rsplit("/", 1)[1] for v in properties[field].get("oneOf", []) if "$ref" in v]
        typed = [v for v in variants if "x-splx-connection-type" in COMPONENTS[v]]
        if typed:  # a connection: its config must be the one its type names
            value["type"] = COMPONENTS[typed[0]]["x-splx-connection-type"]
            value[field] = minimal(typed[0])
    return value


def wrong(schema: dict[str, Any]) -> Any:
    """A value of another JSON type than the property's."""
    if "$ref" in schema or schema.get("type") in {"object", None}:
        return ["not", "an", "object"]
    return {"string": 12345, "integer": "12", "number": "1.5", "boolean": "true", "array": {"a": 1}}[schema["type"]]


OBJECT_SCHEMAS = sorted(name for name in COMPONENTS if fields(name)[1])
FIELDS = [(name, field) for name in OBJECT_SCHEMAS for field in sorted(fields(name)[1])]


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_the_minimal_value_of_every_schema_is_valid(name: str) -> None:
    value = minimal(name)
    assert spec_accepts(value, name)
    assert validate(name, value) == {}


@pytest.mark.parametrize(("name", "field"), FIELDS, ids=[f"{n}.{f}" for n, f in FIELDS])
def test_a_missing_required_field_or_a_wrong_type_is_named(name: str, field: str) -> None:
    required, properties = fields(name)
    base = minimal(name)
    if field in required:
        broken = {k: v for k, v in base.items() if k != field}
        assert not spec_accepts(broken, name)
        assert validate(name, broken) == {field: ["is required"]}
    schema = properties[field]
    if not {"type", "$ref", "oneOf"} & set(schema):
        assert validate(name, {**base, field: wrong(schema)}) == {}  # any value goes
        return
    value = wrong(schema)
    broken = {**base, field: value}
    assert not spec_accepts(broken, name)
    problems = validate(name, broken)
    assert list(problems) == [field]
    assert str(value) not in " ".join(problems[field])  # the value itself is never quoted


LENGTHS = [(n, f) for n, f in FIELDS if {"minLength", "maxLength"} & set(fields(n)[1][f])]


@pytest.mark.parametrize(("name", "field"), LENGTHS, ids=[f"{n}.{f}" for n, f in LENGTHS])
def test_string_lengths_follow_the_spec(name: str, field: str) -> None:
    schema = fields(name)[1][field]
    base = minimal(name)
    for length, ok in [
        (schema.get("minLength", 0), True),
        (schema.get("minLength", 0) - 1, False),
        (schema.get("maxLength", 10**6), True),
        (schema.get("maxLength", 10**6) + 1, False),
    ]:
        if length < 0 or length > 10**5:
            continue
        value = {**base, field: "k" * length}
        assert spec_accepts(value, name) == ok
        assert (validate(name, value) == {}) == ok, (length, validate(name, value))
        if not ok:
            assert "characters long" in validate(name, value)[field][0]


@pytest.mark.parametrize("connection_type", sorted(CONNECTION_TYPES))
def test_every_connection_type_of_the_spec_is_accepted_and_its_config_checked(connection_type: str) -> None:
    config_schema = CONNECTION_TYPES[connection_type]
    config = minimal(config_schema)
    body = {"type": connection_type, "config": config}
    assert validate("IntegrationRequest", body) == {}
    required, properties = fields(config_schema)
    for field in sorted(required):
        broken = {"type": connection_type, "config": {k: v for k, v in config.items() if k != field}}
        assert validate("IntegrationRequest", broken) == {f"config.{field}": ["is required"]}
    for field, schema in sorted(properties.items()):
        broken = {"type": connection_type, "config": {**config, field: wrong(schema)}}
        assert list(validate("IntegrationRequest", broken)) == [f"config.{field}"]
    extra = {"type": connection_type, "config": {**config, "notInTheSpec": 1}}
    assert validate("IntegrationRequest", extra) == {"config.notInTheSpec": ["is not a known field"]}


def test_an_unknown_connection_type_is_named_with_the_known_ones() -> None:
    problems = validate("IntegrationRequest", {"type": "ACME_NEXT", "config": {"x": 1}})
    assert list(problems) == ["type"]
    assert "ACME_NEXT" in problems["type"][0]
    assert all(kind in problems["type"][0] for kind in CONNECTION_TYPES)
    assert validate("IntegrationRequest", {"type": "ACME_NEXT", "config": "text"}) == {
        "type": problems["type"],
        "config": ["must be of type object"],
    }


def test_nested_config_objects_are_checked_with_their_full_path() -> None:
    nested = [
        (kind, field, properties[field]["$ref"].rsplit("/", 1)[1])
        for kind, schema in sorted(CONNECTION_TYPES.items())
        for properties in [fields(schema)[1]]
        for field in sorted(properties)
        if "$ref" in properties[field] and fields(properties[field]["$ref"].rsplit("/", 1)[1])[0]
    ]
    assert nested, "the spec has no nested config object any more: this test checks nothing"
    for kind, field, schema in nested:
        config = {**minimal(CONNECTION_TYPES[kind]), field: {}}
        problems = validate("TargetNewCreateRequest", {"connection": {"type": kind, "config": config}})
        for inner in fields(schema)[0]:
            assert problems[f"connection.config.{field}.{inner}"] == ["is required"]


def test_request_bodies_refuse_unknown_keys_at_every_level() -> None:
    for operation, schema in sorted(REQUEST_BODIES.items()):
        assert validate(schema, {**minimal(schema), "surprise": True}).get("surprise") == ["is not a known field"], (
            operation
        )


def test_maps_accept_any_key_and_check_values() -> None:
    maps = [(name, f) for name, f in FIELDS if isinstance(fields(name)[1][f].get("additionalProperties"), dict)]
    assert maps
    for name, field in maps:
        values = fields(name)[1][field]["additionalProperties"]
        good = {**minimal(name), field: {"any key": sample(values) if values else {"nested": [1]}}}
        assert validate(name, good) == {}, (name, field)
        if values.get("type"):
            bad = {**minimal(name), field: {"k": wrong(values)}}
            assert list(validate(name, bad)) == [f"{field}.k"]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2026-01-02T03:04:05Z", True),
        ("2026-01-02t03:04:05z", True),
        ("2016-12-31T23:59:60Z", True),
        ("2026-01-02T03:04:05.1234567+05:30", True),
        ("2026-02-30T03:04:05Z", False),
        ("2026-01-02 03:04:05Z", False),
        ("2026-01-02T03:04:05", False),
        ("yesterday", False),
    ],
)
def test_date_times_follow_rfc_3339(value: str, ok: bool) -> None:
    dated = [(name, f) for name, f in FIELDS if fields(name)[1][f].get("format") == "date-time"]
    name, field = dated[0]
    assert (validate(name, {**minimal(name), field: value}) == {}) == ok


def test_formats_and_int32_ranges() -> None:
    uuids = [(n, f) for n, f in FIELDS if fields(n)[1][f].get("format") == "uuid"]
    int32 = [(n, f) for n, f in FIELDS if fields(n)[1][f].get("format") == "int32"]
    name, field = uuids[0]
    assert validate(name, {**minimal(name), field: "not-a-uuid"}) == {field: ["must be a UUID"]}
    name, field = int32[0]
    assert validate(name, {**minimal(name), field: 2**31 - 1}) == {}
    assert "between" in validate(name, {**minimal(name), field: 2**31})[field][0]
    assert list(validate(name, {**minimal(name), field: True})) == [field]  # a bool is not an integer


def test_enums_are_checked() -> None:
    enums = [name for name, schema in COMPONENTS.items() if "enum" in schema]
    assert enums
    for name in enums:
        assert validate(name, COMPONENTS[name]["enum"][0]) == {}
        assert validate(name, "NOT-A-VALUE")[ROOT][0].startswith("must be one of")


def test_every_problem_is_reported_and_the_whole_document_under_body() -> None:
    assert validate("TargetNewCreateRequest", []) == {ROOT: ["must be of type object"]}
    problems = validate("TargetNewCreateRequest", {"settings": {}})
    required = fields("TargetSettingsCreateRequest")[0]
    assert set(problems) == {"connection"} | {f"settings.{name}" for name in required}


def test_secret_values_never_appear_in_messages() -> None:
    secret = "sk-live-0123456789abcdef"
    kind = next(k for k in sorted(CONNECTION_TYPES) if "apiKey" in fields(CONNECTION_TYPES[k])[1])
    schema = CONNECTION_TYPES[kind]
    body = {"type": kind, "config": {**minimal(schema), "apiKey": secret * 20, "extra": secret}}
    assert secret not in json.dumps(validate("IntegrationRequest", body))


def test_python_data_that_json_cannot_hold_is_reported_not_raised() -> None:
    problems = validate("TargetNewCreateRequest", {1: "x", "settings": ("a",), "connection": {"type": None}})
    assert problems['["1"]'] == ["is not a known field"]  # a key that is no identifier is quoted
    assert problems["settings"] == ["must be of type object"]
    assert problems["connection.type"] == ["must not be null"]


def test_an_unknown_schema_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="NoSuchSchema"):
        validate("NoSuchSchema", {})


def test_known_fields_drops_what_the_schema_does_not_define() -> None:
    dto = {
        **minimal("TargetNewSettingsDto"),
        "newSetting": 3,
        "ragFile": {"ragFileName": None, "ragFileUrl": None, "x": 1},
    }
    kept = known_fields("TargetNewSettingsDto", dto)
    assert isinstance(kept, dict)
    assert "newSetting" not in kept
    assert kept["ragFile"] == {"ragFileName": None, "ragFileUrl": None}
    assert validate("TargetNewSettingsDto", kept) == {}


def test_the_table_has_a_rule_for_every_component_schema() -> None:
    assert set(COMPONENTS) <= set(SCHEMAS)
