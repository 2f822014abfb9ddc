"""One OpenAPI version inside the merge: 3.1 documents are rewritten in their OpenAPI 3.0 form.

3.0 is the merge's version because the SDK's own pages publish 3.0.4 (rewriting them in 3.1 would change the
whole committed spec for nothing) and every construct vendors use in 3.1 pages has a 3.0 spelling:
``type: [X, "null"]`` -> ``nullable``, ``oneOf: [.., {type: "null"}]`` -> ``nullable``, ``const`` -> a
one-value ``enum``, numeric ``exclusiveMinimum``/``exclusiveMaximum`` -> ``minimum``/``maximum`` plus the flag,
``examples`` -> ``example``, a ``$ref`` with siblings -> ``allOf: [$ref]`` plus the siblings. A 3.1 keyword
with no 3.0 equivalent (``prefixItems``, ``if``, ``webhooks``...) stops the merge naming where it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

DEFAULT_VERSION = "3.0.3"
"""The merged spec's version when every fragment is 3.1 (the newest 3.0 every tool reads)."""

_NO_30_EQUIVALENT = frozenset(
    {
        "$defs",
        "$dynamicAnchor",
        "$dynamicRef",
        "$anchor",
        "$id",
        "$schema",
        "contains",
        "contentSchema",
        "dependentRequired",
        "dependentSchemas",
        "else",
        "if",
        "maxContains",
        "minContains",
        "patternProperties",
        "prefixItems",
        "propertyNames",
        "then",
        "unevaluatedItems",
        "unevaluatedProperties",
    }
)
_SCHEMA_MAPS = ("properties",)
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SCHEMA_VALUES = ("items", "additionalProperties", "not")


class DowngradeError(Exception):
    """A 3.1 construct with no OpenAPI 3.0 equivalent; the message says where."""


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in text.split("."))


def merged_version(versions: Iterable[str]) -> str:
    """The newest 3.0.x among ``versions``; ``DEFAULT_VERSION`` when there is none."""
    thirty = [version for version in versions if version.startswith("3.0.")]
    return max(thirty, key=_version) if thirty else DEFAULT_VERSION


def to_openapi_30(document: Mapping[str, Any], version: str, where: str) -> dict[str, Any]:
    """``document`` as an OpenAPI ``version`` (3.0.x) document; a 3.0 document only gets the version number."""
    converted = dict(document)
    converted["openapi"] = version
    if not str(document.get("openapi", "")).startswith("3.1."):
        return converted
    if converted.pop("webhooks", None):
        raise DowngradeError(f"{where}: /webhooks has no OpenAPI 3.0 equivalent")
    converted.pop("jsonSchemaDialect", None)
    if "info" in converted:  # info is documentation; the merged spec's comes from merge-config.yaml
        info = {key: value for key, value in converted["info"].items() if key != "summary"}
        if isinstance(info.get("license"), dict):
            info["license"] = {key: value for key, value in info["license"].items() if key != "identifier"}
        converted["info"] = info
    if (converted.get("components") or {}).get("pathItems"):
        raise DowngradeError(f"{where}: /components/pathItems has no OpenAPI 3.0 equivalent")
    result: dict[str, Any] = _outside_schemas(converted, "", where)
    return result


def _outside_schemas(node: Any, pointer: str, where: str) -> Any:
    """Walk a document; every schema it holds (under ``schema`` or ``components/schemas``) is converted."""
    if isinstance(node, list):
        return [_outside_schemas(item, f"{pointer}/{index}", where) for index, item in enumerate(node)]
    if not isinstance(node, dict):
        return node
    converted = {}
    for key, value in node.items():
        child = f"{pointer}/{_escape(key)}"
        if key in {"example", "examples"} or key.startswith("x-"):
            converted[key] = value  # payloads and extensions: a key named "schema" there is data
        elif key == "schema" and isinstance(value, dict):
            converted[key] = _schema(value, child, where)
        elif pointer == "/components" and key == "schemas" and isinstance(value, dict):
            converted[key] = {name: _schema(s, f"{child}/{_escape(name)}", where) for name, s in value.items()}
        else:
            converted[key] = _outside_schemas(value, child, where)
    return converted


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null" and set(schema) <= {"type", "description", "title"}


def _schema(node: Any, pointer: str, where: str) -> Any:
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        child = f"{pointer}/{_escape(key)}"
        if key in _NO_30_EQUIVALENT:
            raise DowngradeError(f"{where}: {child}: the 3.1 keyword {key!r} has no OpenAPI 3.0 equivalent")
        if key == "$comment":
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: _schema(s, f"{child}/{_escape(name)}", where) for name, s in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            members = [member for member in value if key == "allOf" or not _is_null(member)]
            if len(members) < len(value):
                out["nullable"] = True
            out[key] = [_schema(s, f"{child}/{index}", where) for index, s in enumerate(members)]
        elif key in _SCHEMA_VALUES:
            out[key] = _schema(value, child, where)
        else:
            out[key] = value
    _types(out, pointer, where)
    if "const" in out:
        if "enum" in out:
            raise DowngradeError(f"{where}: {pointer}: both const and enum")
        out["enum"] = [out.pop("const")]
    examples = out.pop("examples", None)
    if isinstance(examples, list) and examples and "example" not in out:
        out["example"] = examples[0]
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = out.get(bound)
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[limit] = value
            out[bound] = True
    if "$ref" in out and len(out) > 1:  # 3.0 ignores a $ref's siblings; allOf keeps them
        out = {"allOf": [{"$ref": out.pop("$ref")}], **out}
    return out


def _types(schema: dict[str, Any], pointer: str, where: str) -> None:
    kinds = schema.get("type")
    if kinds == "null":
        raise DowngradeError(f"{where}: {pointer}: type 'null' on its own has no OpenAPI 3.0 equivalent")
    if not isinstance(kinds, list):
        return
    named = [kind for kind in kinds if kind != "null"]
    if len(named) < len(kinds):
        schema["nullable"] = True
    if not named:
        raise DowngradeError(f"{where}: {pointer}: type ['null'] has no OpenAPI 3.0 equivalent")
    if len(named) == 1:
        schema["type"] = named[0]
        return
    if "anyOf" in schema:
        raise DowngradeError(f"{where}: {pointer}: a list of types beside anyOf has no OpenAPI 3.0 equivalent")
    del schema["type"]
    schema["anyOf"] = [{"type": kind} for kind in named]


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")
