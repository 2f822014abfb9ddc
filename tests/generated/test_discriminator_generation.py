"""Discriminators the generated code cannot honour stop generation with a message naming the schema."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.merge import MergeError
from pipeline.models_postprocess import discriminated_unions

OBJECT = {"type": "object", "properties": {"kind": {"type": "string"}}, "required": ["kind"]}


def _spec(**schemas: Any) -> dict[str, Any]:
    base = {"Leak": OBJECT, "Jailbreak": OBJECT, "Bias": OBJECT}
    return {"openapi": "3.0.3", "paths": {}, "components": {"schemas": {**base, **schemas}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _union(*names: str, **discriminator: Any) -> dict[str, Any]:
    return {"oneOf": [_ref(name) for name in names], "discriminator": {"propertyName": "kind", **discriminator}}


def test_mapping_and_schema_names_give_the_variants() -> None:
    plan = discriminated_unions(
        _spec(
            Finding=_union(
                "Leak", "Jailbreak", "Bias", mapping={"LEAK": "#/components/schemas/Leak", "JB": "Jailbreak"}
            )
        )
    )
    (union,) = plan.unions.values()
    assert union.pointer == "/components/schemas/Finding"
    assert union.variants == (("Bias", "Bias"), ("JB", "Jailbreak"), ("LEAK", "Leak"))


@pytest.mark.parametrize(
    ("schemas", "message"),
    [
        (
            {"Pet": {**OBJECT, "discriminator": {"propertyName": "kind"}}},
            r"/components/schemas/Pet: a discriminator outside oneOf",
        ),
        (
            {"Finding": {"oneOf": [_ref("Leak"), OBJECT], "discriminator": {"propertyName": "kind"}}},
            r"/components/schemas/Finding: a discriminated oneOf needs two or more \$ref variants",
        ),
        ({"Finding": _union("Leak")}, r"/components/schemas/Finding: a discriminated oneOf needs two or more"),
        (
            {"Finding": _union("Leak", "Jailbreak", mapping={"X": "#/components/schemas/Bias"})},
            r"/components/schemas/Finding: discriminator value 'X' maps to .*Bias', which is not a variant",
        ),
        ({"Finding": {"oneOf": [_ref("Leak"), _ref("Jailbreak")], "discriminator": {}}}, "without a propertyName"),
        (
            {"Finding": _union("Leak", "Jailbreak"), "Other": _union("Leak", "Jailbreak", mapping={"L": "Leak"})},
            r"/components/schemas/Other and /components/schemas/Finding: the same variants with different",
        ),
        (
            {"Finding": _union("Leak", "Jailbreak"), "Plain": {"oneOf": [_ref("Leak"), _ref("Jailbreak")]}},
            r"/components/schemas/Plain: the same variants as the discriminated union at /components/schemas/Finding",
        ),
        (
            {"Finding": _union("Leak", "Jailbreak"), "Wider": {"oneOf": [_ref("Finding"), _ref("Bias")]}},
            r"/components/schemas/Wider: a oneOf containing the discriminated union 'Finding'",
        ),
        (
            {"Level": {"type": "string", "enum": ["A"]}, "Finding": _union("Leak", "Level")},
            r"/components/schemas/Finding: variant 'Level' is not an object schema",
        ),
    ],
)
def test_what_cannot_be_honoured_fails_naming_the_schema(schemas: dict[str, Any], message: str) -> None:
    with pytest.raises(MergeError, match=message):
        discriminated_unions(_spec(**schemas))


def test_properties_and_examples_named_like_keywords_are_no_unions() -> None:
    odd = {
        "type": "object",
        "properties": {"discriminator": {"type": "string"}, "oneOf": {"type": "array", "items": {"type": "string"}}},
        "example": {"discriminator": {"propertyName": "x"}, "oneOf": ["a"]},
    }
    assert discriminated_unions(_spec(Odd=odd, Finding=_union("Leak", "Jailbreak"))).unions.keys() == {
        frozenset({"Leak", "Jailbreak"})
    }


def test_only_unions_an_operation_reaches_must_be_found_in_the_generated_code() -> None:
    spec = _spec(Finding=_union("Leak", "Jailbreak"), Unused=_union("Leak", "Bias"))
    spec["paths"] = {
        "/f": {"get": {"responses": {"200": {"content": {"application/json": {"schema": _ref("Finding")}}}}}}
    }
    plan = discriminated_unions(spec)
    assert plan.required == {frozenset({"Leak", "Jailbreak"})}
