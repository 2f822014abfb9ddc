"""Merge the per-operation fragments into one OpenAPI document and apply ``merge-config.yaml``.

The merge is strict: two fragments that define the same component (or path, server list, security)
differently stop it with the component, both files and the first JSON pointer where they differ, and
nothing is written. Normalisations are data in the config file; this module only knows how to apply them.
"""

from __future__ import annotations

import copy
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from ._jsonio import dumps, load, write_if_changed
from .importer import HTTP_METHODS, operations
from .run_statuses import RunStatusConfigError, classify_run_statuses

CONNECTION_TYPE_EXTENSION = "x-splx-connection-type"
IDEMPOTENT_EXTENSION = "x-splx-idempotent"
_CONNECTION_TYPE_IN_DESCRIPTION = re.compile(r"Connection type:\s*([A-Z][A-Z0-9_]*)\s*\.?\s*$")


class MergeError(Exception):
    """The fragments cannot be merged; the message says where and why."""


@dataclass
class MergeResult:
    spec: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def first_difference(left: Any, right: Any, pointer: str = "") -> str | None:
    """JSON pointer of the first place where two JSON values differ, or None when equal."""
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(set(left) | set(right)):
            child = f"{pointer}/{_escape(str(key))}"
            if key not in left or key not in right:
                return child
            found = first_difference(left[key], right[key], child)
            if found is not None:
                return found
        return None
    if isinstance(left, list) and isinstance(right, list):
        for index, (a, b) in enumerate(zip(left, right, strict=False)):
            found = first_difference(a, b, f"{pointer}/{index}")
            if found is not None:
                return found
        return None if len(left) == len(right) else f"{pointer}/{min(len(left), len(right))}"
    if type(left) is not type(right) or left != right:
        return pointer or "/"
    return None


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _conflict(what: str, first: str, second: str, left: Any, right: Any, base: str) -> MergeError:
    where = first_difference(left, right) or "/"
    return MergeError(f"conflicting {what}: {first} and {second} differ at {base}{'' if where == '/' else where}")


class _Merger:
    def __init__(self) -> None:
        self.spec: dict[str, Any] = {"openapi": None, "paths": {}, "components": {}}
        self.owner: dict[str, str] = {}  # JSON pointer of a merged part -> fragment file that defined it
        self.tags: dict[str, dict[str, Any]] = {}

    def add(self, name: str, document: Mapping[str, Any]) -> None:
        for key in ("openapi", "servers", "security"):
            if key in document:
                self._same_everywhere(f"/{key}", key, name, document[key], self.spec, key)
        for path, item in document.get("paths", {}).items():
            merged_item = self.spec["paths"].setdefault(path, {})
            for key, value in item.items():
                pointer = f"/paths/{_escape(path)}/{key}"
                self._same_everywhere(pointer, f"operation {key.upper()} {path}", name, value, merged_item, key)
        for section, entries in document.get("components", {}).items():
            merged_section = self.spec["components"].setdefault(section, {})
            for component, value in entries.items():
                pointer = f"/components/{section}/{_escape(component)}"
                self._same_everywhere(
                    pointer, f"component {component!r} ({section})", name, value, merged_section, component
                )
        for tag in document.get("tags", []):
            self.tags.setdefault(tag["name"], tag)

    def _same_everywhere(self, pointer: str, what: str, name: str, value: Any, into: dict[str, Any], key: str) -> None:
        if into.get(key) is None:
            into[key] = copy.deepcopy(value)
            self.owner[pointer] = name
        elif into[key] != value:
            raise _conflict(what, self.owner[pointer], name, into[key], value, pointer)


def merge_documents(documents: Mapping[str, Mapping[str, Any]], config: Mapping[str, Any]) -> MergeResult:
    """Merge ``{fragment file name: document}`` and normalise the result as ``config`` says."""
    merger = _Merger()
    for name in sorted(documents):
        merger.add(name, documents[name])
    spec = merger.spec
    result = MergeResult(spec)
    spec["info"] = dict(config.get("info") or {"title": "API", "version": "v1.0"})
    renames: dict[str, str] = (config.get("tags") or {}).get("rename") or {}
    descriptions: dict[str, str] = (config.get("tags") or {}).get("descriptions") or {}

    _name_operations(spec, config.get("operations") or {}, renames, result.warnings)
    _keep_content_types(spec, config.get("content_types") or {})
    if config.get("request_bodies_required"):
        for _, _, operation in _operations(spec):
            if "requestBody" in operation:
                operation["requestBody"]["required"] = True
    if config.get("drop_additional_properties_false"):
        _drop_closed_objects(spec)
    if config.get("fold_allof_siblings"):
        _fold_allof_siblings(spec)
    _order_unions(spec, config.get("union_first") or {})
    _mark_connection_types(spec, config.get("connection_types") or {}, result.warnings)
    try:
        classify_run_statuses(spec, config.get("run_statuses"), result.warnings)
    except RunStatusConfigError as exc:
        raise MergeError(str(exc)) from None

    used = sorted({tag for _, _, op in _operations(spec) for tag in op.get("tags", [])})
    spec["tags"] = []
    for tag in used:
        original = next((t for old, t in merger.tags.items() if renames.get(old, old) == tag), {"name": tag})
        entry = {**original, "name": tag}
        if tag in descriptions:
            entry["description"] = descriptions[tag]
        spec["tags"].append(entry)
    return result


def _operations(spec: Mapping[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for method, path in operations(dict(spec)):
        yield method, path, spec["paths"][path][method]


def derived_operation_id(summary: str, method: str, path: str) -> str:
    """A readable camelCase name from an operation's summary (falls back to method and path)."""
    words: list[str] = re.findall(r"[A-Za-z0-9]+", summary) or [method, *re.findall(r"[A-Za-z0-9]+", path)]
    return words[0].lower() + "".join(word[:1].upper() + word[1:].lower() for word in words[1:])


def _name_operations(
    spec: dict[str, Any], names: Mapping[str, Mapping[str, Any]], renames: Mapping[str, str], warnings: list[str]
) -> None:
    taken: set[str] = set()
    for method, path, operation in _operations(spec):
        key = f"{method.upper()} {path}"
        entry = names.get(key)
        if entry is None:
            operation_id = derived_operation_id(operation.get("summary") or "", method, path)
            while operation_id in taken:
                operation_id += "_"
            warnings.append(f"{key}: no entry in merge-config.yaml operations; named {operation_id!r} from its summary")
            operation["operationId"] = operation_id
            tags = [renames.get(tag, tag) for tag in operation.get("tags", [])]
        else:
            operation["operationId"] = entry["operationId"]
            tags = [entry["tag"]] if "tag" in entry else [renames.get(tag, tag) for tag in operation.get("tags", [])]
            if entry.get("idempotent"):
                operation[IDEMPOTENT_EXTENSION] = True
        if operation["operationId"] in taken:
            raise MergeError(f"{key}: operationId {operation['operationId']!r} is used twice")
        taken.add(operation["operationId"])
        if tags:
            operation["tags"] = tags
    stale = sorted(set(names) - {f"{m.upper()} {p}" for m, p, _ in _operations(spec)})
    warnings.extend(f"{key}: listed in merge-config.yaml operations but in no fragment" for key in stale)


def _keep_content_types(spec: dict[str, Any], policy: Mapping[str, list[str]]) -> None:
    def keep(content: dict[str, Any], allowed: list[str], where: str) -> dict[str, Any]:
        kept = {media: body for media, body in content.items() if media in allowed}
        if content and not kept:
            raise MergeError(f"{where}: none of {sorted(content)} is an allowed content type {allowed}")
        return kept

    for method, path, operation in _operations(spec):
        where = f"{method.upper()} {path}"
        body = operation.get("requestBody")
        if body and "request" in policy:
            body["content"] = keep(body.get("content", {}), policy["request"], where + " request body")
        for status, response in operation.get("responses", {}).items():
            if "content" in response and "response" in policy:
                response["content"] = keep(response["content"], policy["response"], f"{where} response {status}")


def _walk_schemas(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk_schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk_schemas(value)


def _drop_closed_objects(spec: dict[str, Any]) -> None:
    for node in _walk_schemas(spec):
        if node.get("additionalProperties") is False:
            del node["additionalProperties"]


def _fold_allof_siblings(spec: dict[str, Any]) -> None:
    for node in list(_walk_schemas(spec)):
        if "allOf" in node and ("properties" in node or "required" in node):
            member = {"type": "object"}
            for key in ("required", "properties"):
                if key in node:
                    member[key] = node.pop(key)
            node["allOf"].append(member)


def _order_unions(spec: dict[str, Any], first: Mapping[str, list[str]]) -> None:
    schemas = spec["components"].get("schemas", {})
    for location, preferred in first.items():
        schema_name, _, prop = location.partition(".")
        try:
            variants: list[dict[str, Any]] = schemas[schema_name]["properties"][prop]["oneOf"]
        except KeyError:
            raise MergeError(f"merge-config union_first: {location} is not a oneOf property") from None
        refs = [variant.get("$ref", "").rsplit("/", 1)[-1] for variant in variants]
        missing = [name for name in preferred if name not in refs]
        if missing:
            raise MergeError(f"merge-config union_first: {location} has no variant {missing}")
        rank = {name: index for index, name in enumerate(preferred)}
        variants.sort(key=lambda variant: rank.get(variant.get("$ref", "").rsplit("/", 1)[-1], len(rank)))


def _mark_connection_types(spec: dict[str, Any], extra: Mapping[str, str], warnings: list[str]) -> None:
    schemas = spec["components"].get("schemas", {})
    for schema in schemas.values():
        match = _CONNECTION_TYPE_IN_DESCRIPTION.search(schema.get("description") or "")
        if match:
            schema[CONNECTION_TYPE_EXTENSION] = match.group(1)
    for name, connection_type in extra.items():
        if name in schemas:
            schemas[name][CONNECTION_TYPE_EXTENSION] = connection_type
        else:
            warnings.append(f"merge-config connection_types: no schema {name!r}")


def load_fragments(directory: Path) -> dict[str, dict[str, Any]]:
    documents = {path.name: load(path) for path in sorted(directory.glob("*.json"))}
    if not documents:
        raise MergeError(f"no fragments in {directory}")
    return documents


def load_config(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        config = yaml.safe_load(handle) or {}
    if not isinstance(config, dict):
        raise MergeError(f"{path}: expected a mapping at the top level")
    return config


def summarize(previous: Mapping[str, Any] | None, current: Mapping[str, Any]) -> list[str]:
    """Operations and schemas added, removed and changed since ``previous``."""

    def index(spec: Mapping[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
        if not spec:
            return {}, {}
        ops = {
            f"{method.upper()} {path} ({spec['paths'][path][method].get('operationId', '?')})": spec["paths"][path][
                method
            ]
            for path in spec.get("paths", {})
            for method in spec["paths"][path]
            if method in HTTP_METHODS
        }
        return ops, dict(spec.get("components", {}).get("schemas", {}))

    lines: list[str] = []
    for kind, old, new in zip(("operation", "schema"), index(previous), index(current), strict=True):
        for label, names in (
            ("added", sorted(set(new) - set(old))),
            ("removed", sorted(set(old) - set(new))),
            ("changed", sorted(name for name in set(old) & set(new) if old[name] != new[name])),
        ):
            lines.extend(f"  {kind} {label}: {name}" for name in names)
    return lines or ["  no changes"]


def run_merge(fragments: Path, config_path: Path, output: Path, *, out: Any = sys.stdout) -> None:
    """Merge, validate and write ``output``; on any error raise and leave ``output`` untouched."""
    result = merge_documents(load_fragments(fragments), load_config(config_path))
    try:
        validate(result.spec)
    except OpenAPIValidationError as error:
        pointer = "/" + "/".join(_escape(str(part)) for part in error.absolute_path)
        raise MergeError(f"merged spec is not valid OpenAPI at {pointer}: {error.message}") from None
    previous = load(output) if output.exists() else None
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    written = write_if_changed(output, dumps(result.spec, sort_keys=True))
    print(f"{output}: {'written' if written else 'unchanged'}", file=out)
    for line in summarize(previous, result.spec):
        print(line, file=out)
