"""JSON samples of any schema of ``openapi/splx-probe.json``, built from the spec (shared by the tests).

``minimal(schema)`` is the smallest value the spec accepts: each required field, nothing else. ``sample(schema)``
fills every field the spec knows, nested objects, maps and lists included. Both honour ``enum``, ``format``,
lengths and ranges, so a connection type or model a regeneration adds gets a valid sample with no edit here.

A connection (an object with ``type`` and ``config``) gets the config schema of its ``type``, the spec's
``x-splx-connection-type``. Every string under a secret name (the SDK's rule, ``_secrets.is_secret_name``) and
every value of a header map starts with ``SECRET_PREFIX``, so a test can look for any of them in a repr or log.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from splx_probe_client._secrets import is_masked_map, is_secret_name

SPEC_PATH = Path(__file__).resolve().parents[1] / "openapi" / "splx-probe.json"
SPEC: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
SCHEMAS: dict[str, Any] = SPEC.get("components", {}).get("schemas", {})
CONNECTION_TYPE_EXTENSION = "x-splx-connection-type"

SECRET_PREFIX = "SECRET-"
UUID = "6f1c7a4e-2b1d-4c8e-9a51-0d2b3c4d5e6f"
DATE_TIME = "2026-11-23T10:00:00+00:00"
"""The form the generated ``to_dict`` writes back, so a sample round-trips byte for byte."""
FORMATTED = {
    "uuid": UUID,
    "date-time": DATE_TIME,
    "date": "2026-11-23",
    "email": "red-team@example.test",
    "uri": "https://example.test/resource",
}
"""A value per string ``format``; other strings are built from the field's name."""

CONFIG_SCHEMAS: dict[str, str] = {
    schema[CONNECTION_TYPE_EXTENSION]: name for name, schema in SCHEMAS.items() if CONNECTION_TYPE_EXTENSION in schema
}
"""Connection ``type`` -> the name of its config schema."""
CONNECTION_TYPES: list[str] = sorted(CONFIG_SCHEMAS)

_MAX_DEPTH = 8  # a recursive schema stops here with its minimal form


def schema_named(name: str) -> dict[str, Any]:
    """Component schema ``name``; a ``KeyError`` names it when the spec has no such schema."""
    try:
        return dict(SCHEMAS[name])
    except KeyError:
        raise KeyError(f"the spec has no component schema {name!r}") from None


def flatten(schema: str | Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` with ``$ref`` followed and ``allOf`` members merged into one ``properties``/``required``."""
    node = schema_named(schema) if isinstance(schema, str) else dict(schema)
    while "$ref" in node:
        node = {**schema_named(node.pop("$ref").rsplit("/", 1)[1]), **node}
    if "allOf" not in node:
        return node
    merged: dict[str, Any] = {key: value for key, value in node.items() if key != "allOf"}
    properties = dict(merged.get("properties", {}))
    required = list(merged.get("required", []))
    for member in node["allOf"]:
        part = flatten(member)
        properties.update(part.get("properties", {}))
        required += [name for name in part.get("required", []) if name not in required]
        merged.setdefault("type", part.get("type"))
    merged["properties"] = properties
    merged["required"] = required
    return merged


def minimal(schema: str | Mapping[str, Any], *, connection_type: str | None = None) -> Any:
    """The smallest value the spec accepts for ``schema`` (a component name or a schema object)."""
    return _Builder(full=False, nulls=False, connection_type=connection_type).value(schema, "", 0)


def sample(schema: str | Mapping[str, Any], *, connection_type: str | None = None, nulls: bool = False) -> Any:
    """A value for ``schema`` with every field the spec knows; ``nulls=True`` sends ``null`` for nullable ones."""
    return _Builder(full=True, nulls=nulls, connection_type=connection_type).value(schema, "", 0)


def connection_config(connection_type: str, *, full: bool = True) -> dict[str, Any]:
    """A connection config of ``connection_type``: every field (``full``) or the required ones."""
    schema = CONFIG_SCHEMAS[connection_type]
    built = sample(schema) if full else minimal(schema)
    assert isinstance(built, dict)
    return built


def target_payload(
    connection_type: str, config_json: Mapping[str, Any] | None = None, *, target_id: int = 42
) -> dict[str, Any]:
    """A ``TargetNewDto`` as the API sends it, id ``target_id``, with a connection of ``connection_type``."""
    payload: dict[str, Any] = sample("TargetNewDto", connection_type=connection_type)
    payload["id"] = target_id
    if config_json is not None:
        payload["connection"]["config"] = dict(config_json)
    return payload


def create_request(connection_type: str) -> dict[str, Any]:
    """A ``TargetNewCreateRequest`` with every field, holding a connection of ``connection_type``."""
    body: dict[str, Any] = sample("TargetNewCreateRequest", connection_type=connection_type)
    return body


def settings_request() -> dict[str, Any]:
    """The ``settings`` of a create-target request, every field the spec knows."""
    settings: dict[str, Any] = sample("TargetSettingsCreateRequest")
    return settings


class _Builder:
    def __init__(self, *, full: bool, nulls: bool, connection_type: str | None) -> None:
        self.full = full
        self.nulls = nulls
        self.connection_type = connection_type or (CONNECTION_TYPES[0] if CONNECTION_TYPES else None)

    def value(self, schema: str | Mapping[str, Any], name: str, depth: int) -> Any:
        node = flatten(schema)
        if self.nulls and node.get("nullable") and depth > 0:
            return None
        if "enum" in node:
            return node["enum"][0]
        for union in ("oneOf", "anyOf"):
            if node.get(union):
                return self.value(node[union][0], name, depth + 1)
        kind = node.get("type")
        properties: dict[str, Any] = node.get("properties", {})
        if kind == "object" or properties or "additionalProperties" in node:
            return self._object(node, name, depth)
        if kind == "array":
            count = max(int(node.get("minItems", 0)), 1 if self.full and depth < _MAX_DEPTH else 0)
            return [self.value(node.get("items", {}), name, depth + 1) for _ in range(count)]
        if kind == "integer":
            return _clamp(node, 7 if self.full else 1)
        if kind == "number":
            return float(_clamp(node, 12.5 if self.full else 1.5))
        if kind == "boolean":
            return self.full
        return self._string(node, name)

    def _object(self, node: Mapping[str, Any], name: str, depth: int) -> dict[str, Any]:
        properties: dict[str, Any] = node.get("properties", {})
        required = set(node.get("required", []))
        if {"type", "config"} <= set(properties) and self.connection_type is not None:
            # A connection: the config's schema is chosen by the sibling ``type``, which OpenAPI cannot say.
            built_config = self.value(CONFIG_SCHEMAS[self.connection_type], "config", depth + 1)
            return {"type": self.connection_type, "config": built_config}
        keep_all = self.full and depth < _MAX_DEPTH
        built = {
            key: self.value(value, key, depth + 1)
            for key, value in sorted(properties.items())
            if key in required or keep_all
        }
        extra = node.get("additionalProperties")
        if not properties and extra not in (None, False) and keep_all:
            item_schema = extra if isinstance(extra, Mapping) else {}
            keys = ("Authorization", "X-Request-Source") if is_masked_map(name) else (f"{name or 'key'}-entry",)
            for key in keys:
                item = self.value(item_schema, key, depth + 1)
                secret = is_masked_map(name) and isinstance(item, str) and not item.startswith(SECRET_PREFIX)
                built[key] = f"{SECRET_PREFIX}{item}" if secret else item
        return built

    def _string(self, node: Mapping[str, Any], name: str) -> str:
        stem = name or "value"
        text = FORMATTED.get(str(node.get("format")))
        if text is None:
            text = f"{SECRET_PREFIX}{stem}" if is_secret_name(stem) else f"{stem}-sample"
            minimum = int(node.get("minLength", 0))
            text = text.ljust(minimum, "x")[: int(node.get("maxLength", len(text)))]
        pattern = node.get("pattern")
        if pattern is not None and not re.search(pattern, text):
            # A value the spec would refuse is worse than none: say what to teach this builder.
            raise ValueError(
                f"samples: {text!r} for {stem!r} does not match its pattern {pattern!r}; extend tests/samples.py"
            )
        return text


def _clamp(node: Mapping[str, Any], preferred: float) -> Any:
    low, high = node.get("minimum"), node.get("maximum")
    if low is not None and preferred < low:
        return low
    if high is not None and preferred > high:
        return high
    return preferred
