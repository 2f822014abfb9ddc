"""openapi/pipeline/rules.py: the validation table follows the spec, and what it cannot check stops generation."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from pipeline.merge import CONNECTION_TYPE_EXTENSION, MergeError
from pipeline.rules import schema_rules, schema_rules_module

from .conftest import ROOT

SPEC: dict[str, Any] = json.loads((ROOT / "openapi" / "splx-probe.json").read_text())


def _spec() -> dict[str, Any]:
    return copy.deepcopy(SPEC)


def _connection_property(spec: dict[str, Any]) -> tuple[str, str]:
    """(schema, property) of the spec's oneOf over connection configs."""
    for name, schema in spec["components"]["schemas"].items():
        for prop, value in schema.get("properties", {}).items():
            refs = [v.get("$ref", "") for v in value.get("oneOf", [])]
            if refs and all(
                CONNECTION_TYPE_EXTENSION in spec["components"]["schemas"][r.rsplit("/", 1)[1]] for r in refs
            ):
                return name, prop
    raise AssertionError("the spec has no oneOf over connection configs")


def test_a_new_connection_type_enters_the_table_with_no_edit() -> None:
    spec = _spec()
    schemas = spec["components"]["schemas"]
    schemas["AcmeIntegrationConfig"] = {
        "type": "object",
        "properties": {"endpoint": {"type": "string", "minLength": 3}},
        "required": ["endpoint"],
        CONNECTION_TYPE_EXTENSION: "ACME",
    }
    name, prop = _connection_property(spec)
    schemas[name]["properties"][prop]["oneOf"].append({"$ref": "#/components/schemas/AcmeIntegrationConfig"})
    rules, _, _ = schema_rules(spec)
    assert rules[name]["properties"][prop]["mapping"]["ACME"] == "AcmeIntegrationConfig"
    assert rules["AcmeIntegrationConfig"]["properties"]["endpoint"] == {"type": "string", "min_length": 3}
    assert "'ACME': 'AcmeIntegrationConfig'" in schema_rules_module(spec)


def test_operations_name_their_request_and_response_schemas() -> None:
    _, bodies, responses = schema_rules(SPEC)
    for item in SPEC["paths"].values():
        for operation in item.values():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body is not None:
                assert bodies[operation["operationId"]] == body["$ref"].rsplit("/", 1)[1]
            assert set(responses[operation["operationId"]]) <= set(operation["responses"])


def test_an_inline_body_gets_a_synthetic_name() -> None:
    spec = _spec()
    operation = next(op for item in spec["paths"].values() for op in item.values() if "requestBody" in op)
    operation["requestBody"]["content"]["application/json"]["schema"] = {
        "type": "object",
        "properties": {"n": {"type": "integer"}},
    }
    rules, bodies, _ = schema_rules(spec)
    assert bodies[operation["operationId"]] == f"{operation['operationId']}.request"
    assert rules[f"{operation['operationId']}.request"]["closed"] is True


@pytest.mark.parametrize("keyword", ["not", "multipleOf", "discriminator", "minProperties"])
def test_a_keyword_the_validator_does_not_check_stops_generation(keyword: str) -> None:
    spec = _spec()
    schema = next(iter(spec["components"]["schemas"]))
    spec["components"]["schemas"][schema][keyword] = {} if keyword in {"not", "discriminator"} else 2
    with pytest.raises(MergeError, match=f"{schema}.*{keyword}"):
        schema_rules(spec)


def test_a_union_mixing_connection_configs_and_other_schemas_stops_generation() -> None:
    spec = _spec()
    name, prop = _connection_property(spec)
    plain = next(n for n, s in spec["components"]["schemas"].items() if CONNECTION_TYPE_EXTENSION not in s)
    spec["components"]["schemas"][name]["properties"][prop]["oneOf"].append({"$ref": f"#/components/schemas/{plain}"})
    with pytest.raises(MergeError, match=f"{name}/properties/{prop}"):
        schema_rules(spec)


def test_a_connection_config_that_names_no_type_is_named_with_the_config_entry_to_add() -> None:
    spec = _spec()
    name, prop = _connection_property(spec)
    spec["components"]["schemas"]["VertexAiIntegrationConfig"] = {
        "type": "object",
        "properties": {"projectId": {"type": "string"}},
        "description": "Google Vertex AI connection configuration.",
    }
    variants = spec["components"]["schemas"][name]["properties"][prop]["oneOf"]
    variants.append({"$ref": "#/components/schemas/VertexAiIntegrationConfig"})
    variants.append({"type": "object", "properties": {"x": {"type": "string"}}})
    with pytest.raises(MergeError) as raised:
        schema_rules(spec)
    message = str(raised.value)
    assert f"{name}/properties/{prop}" in message
    assert f"VertexAiIntegrationConfig, oneOf/{len(variants) - 1} (an inline schema) say no connection type" in message
    assert "`connection_types: {VertexAiIntegrationConfig: TYPE}`" in message
    assert "merge-config.yaml" in message


def test_a_dangling_ref_stops_generation() -> None:
    spec = _spec()
    name = next(iter(spec["components"]["schemas"]))
    spec["components"]["schemas"][name] = {"$ref": "#/components/schemas/Missing"}
    with pytest.raises(MergeError, match="Missing"):
        schema_rules(spec)
