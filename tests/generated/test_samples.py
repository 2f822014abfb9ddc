"""The spec-driven samples every test uses are values the spec accepts, for every schema it has."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator
from samples import CONNECTION_TYPES, SCHEMAS, SPEC, minimal, sample


def _any_of(node: Any) -> Any:
    # The vendor's unions overlap (several configs accept {"apiKey", "model"}), so no value satisfies oneOf;
    # which variant a connection config must match is checked by its type, below.
    if isinstance(node, dict):
        return {("anyOf" if key == "oneOf" else key): _any_of(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_any_of(item) for item in node]
    return node


COMPONENTS = _any_of(SPEC["components"])


def _errors(value: Any, schema_name: str) -> list[str]:
    document = {"components": COMPONENTS, **COMPONENTS["schemas"][schema_name]}
    return [f"{list(error.absolute_path)}: {error.message}" for error in OAS30Validator(document).iter_errors(value)]


@pytest.mark.parametrize("schema_name", sorted(SCHEMAS))
def test_minimal_and_full_samples_of_every_schema_are_valid(schema_name: str) -> None:
    for value in (minimal(schema_name), sample(schema_name), sample(schema_name, nulls=True)):
        assert _errors(value, schema_name) == []


@pytest.mark.parametrize("connection_type", CONNECTION_TYPES)
def test_a_connection_sample_holds_a_config_of_its_own_type(connection_type: str) -> None:
    body = sample("TargetNewCreateRequest", connection_type=connection_type)
    schema = next(name for name, s in SCHEMAS.items() if s.get("x-splx-connection-type") == connection_type)
    assert body["connection"]["type"] == connection_type
    assert _errors(body["connection"]["config"], schema) == []


def test_a_minimal_sample_has_only_the_required_fields() -> None:
    required = {
        name
        for member in SCHEMAS["TriggerTestRunRequest"].get("allOf", [SCHEMAS["TriggerTestRunRequest"]])
        for name in member.get("required", [])
    }
    assert set(minimal("TriggerTestRunRequest")) == required


def test_a_pattern_the_builder_cannot_meet_is_an_error_naming_the_field() -> None:
    schema = {
        "type": "object",
        "required": ["code"],
        "properties": {"code": {"type": "string", "pattern": "^[0-9]{4}$"}},
    }
    with pytest.raises(ValueError, match=r"'code' does not match its pattern"):
        minimal(schema)
