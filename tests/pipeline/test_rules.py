"""openapi/pipeline/rules.py: the validation table follows the spec, and what it cannot check stops generation."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from pipeline.merge import CONNECTION_TYPE_EXTENSION, MergeError
from pipeline.rules import gaps, operation_rules, schema_rules, schema_rules_module

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


@pytest.mark.parametrize(
    ("keyword", "value"),
    [("const", 2), ("if", {}), ("contains", {"type": "string"}), ("prefixItems", []), ("$defs", {})],
)
def test_a_keyword_outside_openapi_3_0_stops_generation_naming_schema_and_keyword(keyword: str, value: Any) -> None:
    spec = _spec()
    schema = next(iter(spec["components"]["schemas"]))
    spec["components"]["schemas"][schema][keyword] = value
    with pytest.raises(MergeError, match=f"{schema}.*{re.escape(keyword)}"):
        schema_rules(spec)


@pytest.mark.parametrize(
    ("keyword", "value"),
    [
        ("multipleOf", 0),
        ("multipleOf", "2"),
        ("minProperties", -1),
        ("maxLength", 1.5),
        ("uniqueItems", "yes"),
        ("pattern", "("),
        ("discriminator", {}),
        ("discriminator", {"propertyName": "kind"}),  # with no oneOf/anyOf beside it
        ("exclusiveMinimum", "x"),
        ("not", 3),
        ("enum", []),
    ],
)
def test_a_keyword_with_a_value_it_cannot_have_stops_generation_naming_it(keyword: str, value: Any) -> None:
    spec = _spec()
    schema = next(iter(spec["components"]["schemas"]))
    spec["components"]["schemas"][schema][keyword] = value
    with pytest.raises(MergeError, match=f"{schema}.*{keyword}"):
        schema_rules(spec)


def _with_schema(schema: dict[str, Any]) -> dict[str, Any]:
    spec = _spec()
    spec["components"]["schemas"]["Probe"] = schema
    return spec


def test_every_openapi_3_0_keyword_becomes_a_rule_field() -> None:
    spec = _with_schema(
        {
            "type": "object",
            "minProperties": 1,
            "maxProperties": 3,
            "properties": {
                "n": {"type": "number", "multipleOf": 0.5, "minimum": 0, "exclusiveMinimum": True},
                "m": {"type": "integer", "exclusiveMaximum": 10},  # the 3.1 form, as a number
                "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
                "id": {"type": "integer", "readOnly": True},
                "secret": {"type": "string", "writeOnly": True, "pattern": "^s-"},
                "kind": {"not": {"enum": ["bad"]}},
                "either": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                "exactly": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
            },
        }
    )
    rule = schema_rules(spec)[0]["Probe"]
    fields = rule["properties"]
    assert (rule["min_properties"], rule["max_properties"]) == (1, 3)
    assert fields["n"] == {"type": "number", "multiple_of": 0.5, "minimum": 0, "exclusive_minimum": True}
    assert fields["m"] == {"type": "integer", "maximum": 10, "exclusive_maximum": True}
    assert fields["tags"]["unique_items"] is True
    assert fields["id"]["read_only"] is True
    assert fields["secret"] == {"type": "string", "pattern": "^s-", "write_only": True}
    assert fields["kind"] == {"not_": {"enum": ("bad",)}}
    assert "exclusive" not in fields["either"]
    assert fields["exactly"]["exclusive"] is True
    schema_rules_module(spec)  # and it renders


def test_a_discriminator_maps_its_values_to_the_variants() -> None:
    spec = _with_schema(
        {
            "oneOf": [{"$ref": "#/components/schemas/ErrorDetailsDto"}, {"$ref": "#/components/schemas/ErrorResponse"}],
            "discriminator": {"propertyName": "kind", "mapping": {"detail": "#/components/schemas/ErrorDetailsDto"}},
        }
    )
    rule = schema_rules(spec)[0]["Probe"]
    assert rule["tag"] == "kind"
    assert rule["tag_mapping"] == {
        "ErrorDetailsDto": "ErrorDetailsDto",
        "ErrorResponse": "ErrorResponse",
        "detail": "ErrorDetailsDto",
    }


def test_an_overlapping_one_of_is_checked_as_any_of_and_listed_as_a_gap() -> None:
    lines = gaps(SPEC)
    assert any("oneOf [BadRequestErrorDetailsDto, ErrorDetailsDto]" in line for line in lines)
    assert schema_rules(SPEC)[0]["ErrorResponse"]["properties"]["error"].get("exclusive") is None
    # The connection union is chosen by its sibling type: no overlap matters there, none is listed.
    assert not any("IntegrationRequest" in line for line in lines)


def test_the_success_status_and_content_types_come_from_the_spec() -> None:
    spec = _spec()
    create = spec["paths"]["/api/v2/workspaces/{workspaceId}/target"]["post"]
    create["responses"]["201"] = create["responses"].pop("200")
    operations = operation_rules(spec)
    assert operations["createTarget"]["success"] == 201
    assert operations["createTarget"]["content"] == {"application/json": "TargetNewDto"}
    assert operations["cancelTestRun"]["content"] == {}  # 200 with no body
    runs = spec["paths"]["/api/workspaces/{workspaceId}/target/{targetId}/test-runs"]["get"]
    runs["responses"]["200"]["content"]["text/csv"] = {"schema": {"type": "string"}}
    assert operation_rules(spec)["listTargetTestRuns"]["content"] == {
        "application/json": "listTargetTestRuns.200",
        "text/csv": None,
    }


def test_parameters_get_a_meaning_or_are_listed_as_gaps() -> None:
    spec = _spec()
    runs = spec["paths"]["/api/workspaces/{workspaceId}/target/{targetId}/test-runs"]["get"]
    runs["parameters"] += [
        {"name": "status", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "explode": False},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {"name": "pageSize", "in": "query", "schema": {"type": "integer", "maximum": 100}},
        {"name": "sort", "in": "query", "schema": {"type": "string"}},
        {"name": "X-Request-Id", "in": "header", "schema": {"type": "string", "format": "uuid"}},
        {"name": "X-Api-Key", "in": "header", "schema": {"type": "string"}},
    ]
    meanings = {p["name"]: p["meaning"] for p in operation_rules(spec)["listTargetTestRuns"]["parameters"]}
    assert meanings == {
        "workspaceId": "path",
        "targetId": "path",
        "status": "filter",
        "page": "page",
        "pageSize": "page_size",
        "sort": None,
        "X-Request-Id": None,
        "X-Api-Key": "auth",
    }
    listed = [line for line in gaps(spec) if line.startswith("listTargetTestRuns")]
    assert len(listed) == 2
    assert "query parameter 'sort'" in listed[1]
    assert "header parameter 'X-Request-Id'" in listed[0]
    assert "Parameter('status', 'query', rule=Rule(type='array'" in schema_rules_module(spec)


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
