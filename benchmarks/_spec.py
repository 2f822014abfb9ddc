"""What the benchmarks need from ``openapi/splx-probe.json``: pydantic reference models and varied bodies.

Both are built from the spec when the benchmark runs, so a field the API adds or drops is in the reference
model and in the benchmark body with no edit here, exactly as it is in the generated model.
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openapi_python_client.strings import snake_case
from pydantic import BaseModel, ConfigDict, Field, create_model

SPEC_PATH = Path(__file__).resolve().parents[1] / "openapi" / "splx-probe.json"
EXTRA_FIELD = "riskScore"
"""A field the spec does not name, sent in every item: both sides must keep it."""
_START = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


@functools.cache
def schemas() -> dict[str, Any]:
    """The spec's component schemas."""
    spec: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return dict(spec["components"]["schemas"])


def _resolve(schema: Mapping[str, Any]) -> dict[str, Any]:
    node = dict(schema)
    while "$ref" in node:
        node = {**schemas()[node.pop("$ref").rsplit("/", 1)[1]], **node}
    return node


def _python_type(schema: Mapping[str, Any], name: str) -> Any:
    node = _resolve(schema)
    kind = node.get("type")
    if "enum" in node or kind == "string":
        return datetime.datetime if node.get("format") == "date-time" else str
    if kind == "array":
        return list[_python_type(node.get("items", {}), name)]  # type: ignore[misc]
    if "properties" in node:  # a nested object, named or inline: a nested model, as the generator makes one
        ref = schema.get("$ref")
        return _object_model(ref.rsplit("/", 1)[1] if ref else name, node)
    return {"integer": int, "number": float, "boolean": bool}.get(str(kind), dict[str, Any])


def pydantic_model(schema_name: str) -> type[BaseModel]:
    """A pydantic v2 model of component ``schema_name``: the fields the generated model has, same names.

    Written as a user reaching for pydantic would: snake_case attributes aliased to the JSON names, optional
    and nullable fields defaulting to ``None``, unknown fields kept (``extra="allow"``); nested objects (named or
    inline) are nested models.
    """
    schema = schemas()[schema_name]
    if "properties" not in schema:
        raise ValueError(f"{schema_name}: the benchmark's pydantic model needs a schema with its own properties")
    return _object_model(schema_name, schema)


def _object_model(schema_name: str, schema: Mapping[str, Any]) -> type[BaseModel]:
    required = set(schema.get("required", []))
    fields: dict[str, Any] = {}
    for json_name, prop in sorted(schema["properties"].items()):
        annotation = _python_type(prop, f"{schema_name}{json_name[:1].upper()}{json_name[1:]}")
        if json_name not in required or _resolve(prop).get("nullable"):
            annotation = annotation | None
        default = ... if json_name in required else None
        fields[snake_case(json_name)] = (annotation, Field(default, alias=json_name))
    model: type[BaseModel] = create_model(
        f"Pydantic{schema_name}",
        __config__=ConfigDict(extra="allow", populate_by_name=True),
        **fields,
    )
    return model


def _value(schema: Mapping[str, Any], name: str, index: int) -> Any:
    node = _resolve(schema)
    if node.get("nullable") and index % 11 == 0:
        return None
    if "enum" in node:
        return node["enum"][index % len(node["enum"])]
    kind = node.get("type")
    if kind == "integer":
        return index
    if kind == "number":
        return (index % 100) / 1.0
    if kind == "boolean":
        return index % 2 == 0
    if kind == "array":
        return [_value(node.get("items", {}), name, index + item) for item in range(2 + index % 5)]
    if "properties" in node:
        return {key: _value(prop, key, index) for key, prop in sorted(node["properties"].items())}
    if kind == "object":
        return {f"{name}-{item}": index + item for item in range(index % 3)}
    if node.get("format") == "date-time":
        return (_START + datetime.timedelta(minutes=index)).isoformat().replace("+00:00", "Z")
    return f"{name} {index}"


def sample_items(schema_name: str, count: int) -> list[dict[str, Any]]:
    """``count`` objects of component ``schema_name``: every field, varied values, some nulls, ``EXTRA_FIELD``."""
    properties: dict[str, Any] = schemas()[schema_name]["properties"]
    return [
        {**{key: _value(prop, key, index) for key, prop in sorted(properties.items())}, EXTRA_FIELD: index % 100}
        for index in range(count)
    ]
