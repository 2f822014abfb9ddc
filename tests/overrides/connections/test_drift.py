"""Drift guard: the hand-written connection models still match the spec's schemas they replace.

``models/integration_request.py`` and ``models/integration_dto.py`` replace generated modules. When a
regeneration changes the ``IntegrationRequest`` or ``IntegrationDto`` schema, these tests fail and say what to
update in ``overrides/splx_probe_client/models/``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest

from splx_probe_client import CONNECTION_CONFIG_TYPES
from splx_probe_client.models import IntegrationDto, IntegrationRequest

SCHEMAS: dict[str, Any] = json.loads(
    (Path(__file__).parents[3] / "openapi" / "splx-probe.json").read_text(encoding="utf-8")
)["components"]["schemas"]
FIELDS = {"config": "config", "type": "type_"}


@pytest.mark.parametrize("model", [IntegrationRequest, IntegrationDto])
def test_the_replaced_schema_has_the_fields_the_override_handles(model: type[Any]) -> None:
    schema = SCHEMAS[model.__name__]
    module = "integration_request" if model is IntegrationRequest else "integration_dto"
    where = f"overrides/splx_probe_client/models/{module}.py"
    assert set(schema["properties"]) == set(FIELDS), f"the {model.__name__} schema changed: update {where}"
    assert sorted(schema["required"]) == sorted(FIELDS), f"required fields of {model.__name__} changed: update {where}"
    assert [field.name for field in attrs.fields(model)] == [*FIELDS.values(), "additional_properties"]


def test_every_variant_of_the_request_union_is_a_dispatched_connection_type() -> None:
    variants = {ref["$ref"].rsplit("/", 1)[1] for ref in SCHEMAS["IntegrationRequest"]["properties"]["config"]["oneOf"]}
    dispatched = {name for name, schema in SCHEMAS.items() if "x-splx-connection-type" in schema}
    assert variants == dispatched, "a config schema without 'Connection type: X': add it to merge-config.yaml"
    assert {model.__name__ for model in CONNECTION_CONFIG_TYPES.values()} == dispatched
