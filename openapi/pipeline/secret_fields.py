"""Which string fields of a connection config are secrets: a decision per field, never a silent default.

Every string property of every schema carrying ``x-splx-connection-type`` (and of the object schemas those
reach: an OAuth block, a session step) is classified when the spec is merged:

- ``secret_fields`` / ``public_fields`` of merge-config.yaml (``{schema name or "*": [property, ...]}``) win;
- otherwise a name the SDK's own rule calls secret (``overrides/splx_probe_client/_secret_rule.py``, loaded
  here so build time and run time cannot disagree) is secret;
- otherwise a name that is evidently public (``PUBLIC_LAST_WORDS``: ``model``, ``region``, ``url``...) is public;
- anything else stops the merge, naming ``Schema.property`` and the merge-config keys that decide it.

The secret ones are written on each schema as ``x-splx-secret-fields``; tables.py turns them into the
generated ``_secret_fields.py`` that the SDK's repr and error masking consult beside the name rule.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

SECRET_FIELDS_EXTENSION = "x-splx-secret-fields"
_CONNECTION_TYPE_EXTENSION = "x-splx-connection-type"  # merge.CONNECTION_TYPE_EXTENSION (merge imports this module)
_RULE_PATH = Path(__file__).resolve().parents[2] / "overrides" / "splx_probe_client" / "_secret_rule.py"
ALL_SCHEMAS = "*"

PUBLIC_LAST_WORDS = frozenset(
    {"model", "region", "location", "url", "uri", "endpoint", "deployment", "version", "name", "type", "id", "prompt"}
)
"""A string field whose name ends in one of these words is public unless the rule calls it secret
(``deploymentName``, ``awsRegion``, ``workspaceUrl``; a URL's own credentials are masked separately)."""


class SecretFieldsError(Exception):
    """A connection-config field is unclassified, or ``secret_fields`` / ``public_fields`` is malformed."""


def _load_rule() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_splx_secret_rule", _RULE_PATH)
    if spec is None or spec.loader is None:  # pragma: no cover - the file is part of the repository
        raise SecretFieldsError(f"cannot load the secret name rule from {_RULE_PATH}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_RULE = _load_rule()


def is_secret_name(name: str) -> bool:
    """The SDK's run-time name rule (``_secret_rule.is_secret_name``)."""
    return bool(_RULE.is_secret_name(name))


def normal(name: str) -> str:
    """``name`` as the SDK compares names: lower case, letters and digits only."""
    return str(_RULE.normal(name))


def _lists(config: Any, key: str) -> dict[str, frozenset[str]]:
    if config is None:
        return {}
    if not isinstance(config, Mapping) or not all(
        isinstance(names, list) and all(isinstance(name, str) for name in names) for names in config.values()
    ):
        raise SecretFieldsError(f"merge-config {key}: expected {{schema name or '*': [property, ...]}}")
    return {str(schema): frozenset(names) for schema, names in config.items()}


def _ref_name(node: Mapping[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _properties(schemas: Mapping[str, Any], name: str) -> dict[str, Any]:
    """Own and ``allOf``-inherited properties of schema ``name``."""
    schema = schemas.get(name, {})
    merged: dict[str, Any] = {}
    for part in schema.get("allOf", []):
        ref = _ref_name(part)
        merged.update(_properties(schemas, ref) if ref else part.get("properties", {}))
    merged.update(schema.get("properties", {}))
    return merged


def _variants(node: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield node
    for key in ("allOf", "anyOf", "oneOf"):
        for part in node.get(key, []):
            yield from _variants(part)
    if isinstance(node.get("items"), Mapping):
        yield from _variants(node["items"])


def _classify_schema(
    schemas: Mapping[str, Any],
    name: str,
    secret: Mapping[str, frozenset[str]],
    public: Mapping[str, frozenset[str]],
    seen: set[str],
    unclassified: list[str],
) -> None:
    if name in seen or name not in schemas:
        return
    seen.add(name)
    found: list[str] = []
    for prop, node in sorted(_properties(schemas, name).items()):
        nested = [ref for variant in _variants(node) if (ref := _ref_name(variant))]
        resolved = [schemas.get(ref, {}) for ref in nested] + [node]
        for ref in nested:
            if schemas.get(ref, {}).get("properties") or schemas.get(ref, {}).get("allOf"):
                _classify_schema(schemas, ref, secret, public, seen, unclassified)
        if not any(part.get("type") == "string" and "enum" not in part for part in resolved):
            continue
        says_secret = prop in secret.get(name, ()) or prop in secret.get(ALL_SCHEMAS, ())
        says_public = prop in public.get(name, ()) or prop in public.get(ALL_SCHEMAS, ())
        if says_secret and says_public:
            raise SecretFieldsError(f"merge-config lists {name}.{prop} in both secret_fields and public_fields")
        if says_secret or (not says_public and is_secret_name(prop)):
            found.append(prop)
        elif not says_public and (not (words := _RULE.words(prop)) or words[-1] not in PUBLIC_LAST_WORDS):
            unclassified.append(f"{name}.{prop}")
    if found:
        schemas[name][SECRET_FIELDS_EXTENSION] = found
    else:
        schemas[name].pop(SECRET_FIELDS_EXTENSION, None)


def classify_secret_fields(spec: dict[str, Any], config: Mapping[str, Any], warnings: list[str]) -> None:
    """Write ``x-splx-secret-fields`` on every connection-config schema; raise naming any unclassified field."""
    secret = _lists(config.get("secret_fields"), "secret_fields")
    public = _lists(config.get("public_fields"), "public_fields")
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    seen: set[str] = set()
    unclassified: list[str] = []
    for name in sorted(schemas):
        if _CONNECTION_TYPE_EXTENSION in schemas[name]:
            _classify_schema(schemas, name, secret, public, seen, unclassified)
    if unclassified:
        raise SecretFieldsError(
            "connection-config string field(s) neither secret nor evidently public: "
            + ", ".join(unclassified)
            + ". Decide each in openapi/merge-config.yaml: add it under secret_fields or public_fields"
            + " (keyed by its schema name, or '*' for every schema), e.g. "
            + f"secret_fields: {{{unclassified[0].split('.')[0]}: [{unclassified[0].split('.', 1)[1]}]}}"
        )
    for key, lists in (("secret_fields", secret), ("public_fields", public)):
        for schema in sorted(set(lists) - {ALL_SCHEMAS} - seen):
            warnings.append(f"merge-config {key}: {schema!r} is no connection-config schema")


def spec_secret_names(spec: Mapping[str, Any]) -> list[str]:
    """Every property name the spec classifies as secret, in the SDK's normal form, sorted."""
    schemas = spec.get("components", {}).get("schemas", {})
    return sorted({normal(prop) for schema in schemas.values() for prop in schema.get(SECRET_FIELDS_EXTENSION, [])})
