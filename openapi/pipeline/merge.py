"""Merge the per-operation fragments into one OpenAPI document and apply ``merge-config.yaml``.

Each fragment is normalised first (one OpenAPI version, see ``downgrade``; security scheme names made valid
component keys), then compared semantically: key order, whitespace inside descriptions and summaries, and
the order of ``required`` lists are not differences. A real difference between two fragments that define
the same component (or path, server list, security) stops the merge naming both pages (from the import
manifest), both fragments and the JSON pointer, and nothing is written. Normalisations are data in the
config file; this module only knows how to apply them.
"""

from __future__ import annotations

import copy
import datetime
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from ._jsonio import dumps, load, write_if_changed
from .changes import ChangeReport, append_changelog, summarize
from .downgrade import DowngradeError, merged_version, to_openapi_30
from .identity import IDEMPOTENT_EXTENSION, IdentityError, check_moves, name_operations
from .importer import load_page_of, operations
from .run_statuses import RunStatusConfigError, classify_run_statuses
from .secret_fields import SecretFieldsError, classify_secret_fields
from .servers import ServersError, check_auth, name_servers

__all__ = ["CONNECTION_TYPE_EXTENSION", "IDEMPOTENT_EXTENSION", "MergeError", "MergeResult", "run_merge"]

CONNECTION_TYPE_EXTENSION = "x-splx-connection-type"
_CONNECTION_TYPE_IN_DESCRIPTION = re.compile(r"Connection type:\s*([A-Z][A-Z0-9_]*)\s*\.?\s*$")
_COMPONENT_KEY = re.compile(r"^[a-zA-Z0-9._-]+$")
_PROSE_KEYS = frozenset({"description", "summary"})


class MergeError(Exception):
    """The fragments cannot be merged; the message says where and why."""


@dataclass
class MergeResult:
    spec: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the merge did that a maintainer should know but need not act on (printed with the summary)."""


def canonical(value: Any, key: str | None = None) -> Any:
    """``value`` with the differences that mean nothing removed: prose whitespace, ``required`` order."""
    if isinstance(value, dict):
        return {k: canonical(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [canonical(item) for item in value]
        if key == "required" and all(isinstance(item, str) for item in items):
            return sorted(set(items))
        return items
    if isinstance(value, str) and key in _PROSE_KEYS:
        return " ".join(value.split())
    return value


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


def _at(value: Any, pointer: str) -> str:
    """A short text of what ``value`` holds at ``pointer`` (``(absent)`` when nothing)."""
    for escaped in filter(None, pointer.split("/")):
        token = escaped.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return "(absent)"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class _Merger:
    def __init__(self, label: Callable[[str], str]) -> None:
        self.label = label
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
            return
        left, right = canonical(into[key], key), canonical(value, key)
        if left == right:
            return
        where = first_difference(left, right) or "/"
        at = pointer + ("" if where == "/" else where)
        first = self.owner[pointer]
        raise MergeError(
            f"conflicting {what} at {at}:\n"
            f"  {self.label(first)} has {_at(left, where)}\n"
            f"  {self.label(name)} has {_at(right, where)}\n"
            "Re-save and re-import the page that is out of date (make import PAGES=...)."
        )


def _security_names(document: Mapping[str, Any]) -> set[str]:
    requirements = list(document.get("security") or [])
    for method, path in operations(document):
        requirements.extend(document["paths"][path][method].get("security") or [])
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    return set(schemes) | {name for requirement in requirements for name in requirement}


def _suggest_key(name: str) -> str:
    return "".join(word.capitalize() for word in re.findall(r"[A-Za-z0-9]+", name)) or "Auth"


def _rename_security_schemes(document: dict[str, Any], mapping: Mapping[str, str], where: str) -> dict[str, Any]:
    """``document`` with its security scheme names mapped (keys and requirements; the scheme itself kept)."""
    names = _security_names(document)
    rename = {name: str(mapping.get(name, name)) for name in names}
    for old, new in sorted(rename.items()):
        if not _COMPONENT_KEY.match(new):
            hint = f"\n  security_schemes:\n    {old!r}: {_suggest_key(old)}" if old == new else ""
            raise MergeError(
                f"{where}: security scheme name {new!r} is not a valid component key ([A-Za-z0-9._-]+); "
                f"map it in openapi/merge-config.yaml:{hint}"
            )
    if all(old == new for old, new in rename.items()):
        return document
    renamed = copy.deepcopy(document)

    def requirements(node: dict[str, Any]) -> None:
        if "security" in node:
            node["security"] = [{rename[k]: v for k, v in requirement.items()} for requirement in node["security"]]

    requirements(renamed)
    for method, path in operations(renamed):
        requirements(renamed["paths"][path][method])
    schemes = (renamed.get("components") or {}).get("securitySchemes")
    if schemes:
        renamed["components"]["securitySchemes"] = {rename[k]: v for k, v in schemes.items()}
    return renamed


def _info(config: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    if config.get("info"):
        return dict(config["info"])
    infos = {dumps(canonical(d.get("info") or {}), sort_keys=True) for d in documents.values()}
    if len(infos) > 1:
        raise MergeError("the fragments' info blocks differ: set info (title, version) in openapi/merge-config.yaml")
    first = documents[min(documents)]
    return dict(first.get("info") or {"title": "API", "version": "1.0"})


def merge_documents(
    documents: Mapping[str, Mapping[str, Any]],
    config: Mapping[str, Any],
    *,
    page_of: Mapping[str, str] | None = None,
    previous: Mapping[str, Any] | None = None,
) -> MergeResult:
    """Merge ``{fragment file name: document}`` and normalise the result as ``config`` says.

    ``page_of`` (fragment -> page, from the import manifest) names pages in errors; ``previous`` (the last
    merged spec) lets the merge see an operation that moved.
    """
    pages = dict(page_of or {})

    def label(name: str) -> str:
        return f"page {pages[name]} (fragment {name})" if name in pages else f"fragment {name}"

    version = merged_version(str(document.get("openapi", "")) for document in documents.values())
    schemes: Mapping[str, str] = config.get("security_schemes") or {}
    merger = _Merger(label)
    normalised: dict[str, dict[str, Any]] = {}
    for name in sorted(documents):
        try:
            document = to_openapi_30(documents[name], version, label(name))
        except DowngradeError as error:
            raise MergeError(str(error)) from None
        normalised[name] = _rename_security_schemes(document, schemes, label(name))
        merger.add(name, normalised[name])
    spec = merger.spec
    result = MergeResult(spec)
    unused = sorted(set(schemes) - {n for d in documents.values() for n in _security_names(d)})
    result.warnings.extend(f"merge-config security_schemes: no scheme {name!r} in any fragment" for name in unused)
    spec["info"] = _info(config, normalised)
    renames: dict[str, str] = (config.get("tags") or {}).get("rename") or {}
    descriptions: dict[str, str] = (config.get("tags") or {}).get("descriptions") or {}

    entries: Mapping[str, Any] = config.get("operations") or {}
    try:
        check_moves(previous, spec, entries)
        name_operations(spec, entries, renames, result.warnings)
    except IdentityError as error:
        raise MergeError(str(error)) from None
    _keep_content_types(spec, config.get("content_types") or {}, result.notes, result.warnings)
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
        classify_secret_fields(spec, config, result.warnings)
    except SecretFieldsError as exc:
        raise MergeError(str(exc)) from None
    try:
        classify_run_statuses(spec, config.get("run_statuses"), result.warnings)
    except RunStatusConfigError as exc:
        raise MergeError(str(exc)) from None
    try:  # regions from the servers (names in merge-config.yaml), the client's credential from the security
        if "servers" in config:  # without it (another vendor's API, a test's), the client's tables are not built
            name_servers(spec, config["servers"] or {}, result.warnings)
            check_auth(spec)
    except ServersError as exc:
        raise MergeError(str(exc)) from None

    used = sorted({tag for _, _, op in _operations(spec) for tag in op.get("tags", [])})
    spec["tags"] = []
    for tag in used:
        original = next((t for old, t in merger.tags.items() if renames.get(old, old) == tag), {"name": tag})
        entry = {**original, "name": tag}
        if tag in descriptions:
            entry["description"] = descriptions[tag]
        spec["tags"].append(entry)
    if not spec["components"]:
        del spec["components"]
    return result


def _operations(spec: Mapping[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for method, path in operations(dict(spec)):
        yield method, path, spec["paths"][path][method]


SENDABLE_REQUEST_TYPES = (
    "application/json",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
)
"""Request content types the generated code can send (and any ``+json`` type); another one fails the merge."""
_JSON = "application/json"


def is_json_media(media: str) -> bool:
    """``application/json`` or a ``+json`` type (RFC 6838 4.2.8), parameters ignored."""
    bare = media.split(";", 1)[0].strip().lower()
    return bare == _JSON or bare.endswith("+json")


def _keep_content_types(spec: dict[str, Any], policy: Mapping[str, Any], notes: list[str], warnings: list[str]) -> None:
    """Drop the JSON aliases merge-config names where ``application/json`` says the same; keep every other type.

    Nothing is dropped silently: an alias is dropped only beside an ``application/json`` with the same schema
    (else the merge fails naming the operation), and ``notes`` says what was dropped. A request content type the
    generated code cannot send fails the merge naming the operation.
    """
    retired = sorted({"request", "response"} & set(policy))
    if retired:
        raise MergeError(
            f"merge-config content_types: {', '.join(retired)} (allow-lists that dropped every other type silently)"
            " are gone; list the types that repeat application/json under content_types.json_aliases, every"
            " other type is kept"
        )
    unknown = sorted(set(policy) - {"json_aliases"})
    if unknown:
        raise MergeError(f"merge-config content_types: unknown key(s) {', '.join(unknown)}; expected json_aliases")
    aliases = [str(media) for media in policy.get("json_aliases") or []]
    if _JSON in aliases:
        raise MergeError("merge-config content_types.json_aliases: application/json itself cannot be an alias")
    dropped: dict[str, int] = {}

    def without_aliases(content: dict[str, Any], where: str) -> dict[str, Any]:
        found = [media for media in content if media in aliases]
        if not found:
            return content
        if _JSON not in content:
            raise MergeError(
                f"{where}: {', '.join(found)} is listed in merge-config content_types.json_aliases but there is no"
                " application/json beside it to stand for it; remove it from json_aliases to keep it as its own type"
            )
        same = canonical(content[_JSON].get("schema"))
        for media in found:
            if canonical(content[media].get("schema")) != same:
                raise MergeError(
                    f"{where}: {media} (a json_alias in merge-config content_types) has another schema than"
                    " application/json; it is not the same JSON, so dropping it would lose it: remove it from"
                    " json_aliases or re-import the page"
                )
            dropped[media] = dropped.get(media, 0) + 1
        return {media: body for media, body in content.items() if media not in aliases}

    for method, path, operation in _operations(spec):
        where = f"{method.upper()} {path} ({operation.get('operationId', 'no operationId')})"
        body = operation.get("requestBody")
        if body and body.get("content"):
            body["content"] = without_aliases(body["content"], where + " request body")
            for media in sorted(body["content"]):
                if not (is_json_media(media) or media.split(";", 1)[0].strip().lower() in SENDABLE_REQUEST_TYPES):
                    raise MergeError(
                        f"{where}: request body content type {media!r} cannot be sent by the generated client"
                        f" (it sends {', '.join(SENDABLE_REQUEST_TYPES)} and +json types); if it carries the same"
                        " JSON as application/json, list it under content_types.json_aliases in"
                        " openapi/merge-config.yaml, else the SDK needs support for it"
                    )
            if len(body["content"]) > 1:
                # The generator types such a body as a union it cannot import or send (openapi-python-client 0.29).
                raise MergeError(
                    f"{where}: the request body offers {', '.join(sorted(body['content']))}; the generated client"
                    " sends one content type per operation. If they carry the same JSON, list the others under"
                    " content_types.json_aliases in openapi/merge-config.yaml; else the SDK cannot offer the choice yet"
                )
        for status, response in operation.get("responses", {}).items():
            if response.get("content"):
                response["content"] = without_aliases(response["content"], f"{where} response {status}")
    for media, count in sorted(dropped.items()):
        notes.append(
            f"content type {media} dropped from {count} place(s): a json_alias (merge-config content_types),"
            " beside application/json with the same schema"
        )
    for media in aliases:
        if media not in dropped:
            warnings.append(f"merge-config content_types.json_aliases: {media} is in no operation")


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


def _check_manifest(documents: Mapping[str, Any], page_of: Mapping[str, str], warnings: list[str]) -> None:
    missing = sorted(name for name in page_of if name not in documents)
    if missing:
        raise MergeError(
            "fragments listed in openapi/manifest.json are missing: "
            + ", ".join(f"{name} (page {page_of[name]})" for name in missing)
            + ". Re-import those pages (make import PAGES=...)."
        )
    warnings.extend(
        f"{name}: in no page of openapi/manifest.json; re-importing pages will never update or remove it"
        for name in sorted(set(documents) - set(page_of))
    )


@dataclass(frozen=True)
class MergeOutcome:
    """A merged, validated spec as the text ``run_merge`` writes, and its changes against the previous spec."""

    text: str
    report: ChangeReport
    notes: tuple[str, ...] = ()
    """What the merge dropped on purpose (a JSON alias beside application/json), said on every run."""


def merge_spec(
    fragments: Path,
    config_path: Path,
    previous_path: Path,
    *,
    manifest: Path | None = None,
    version: str | None = None,
) -> MergeOutcome:
    """Merge and validate the fragments, writing nothing; the changes are read against ``previous_path``."""
    documents = load_fragments(fragments)
    page_of = load_page_of(manifest)
    warnings: list[str] = []
    if manifest is not None:
        _check_manifest(documents, page_of, warnings)
    previous = load(previous_path) if previous_path.exists() else None
    result = merge_documents(documents, load_config(config_path), page_of=page_of, previous=previous)
    try:
        validate(result.spec)
    except OpenAPIValidationError as error:
        pointer = "/" + "/".join(_escape(str(part)) for part in error.absolute_path)
        raise MergeError(f"merged spec is not valid OpenAPI at {pointer}: {error.message}") from None
    for warning in warnings + result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return MergeOutcome(
        dumps(result.spec, sort_keys=True), summarize(previous, result.spec, version=version), tuple(result.notes)
    )


def write_merge(
    outcome: MergeOutcome,
    output: Path,
    *,
    out: Any = sys.stdout,
    changelog: Path | None = None,
    show_report: bool = True,
) -> None:
    """Write the merged spec (when it changed), print its changes and append them to ``changelog``."""
    written = write_if_changed(output, outcome.text)
    print(f"{output}: {'written' if written else 'unchanged'}", file=out)
    for note in outcome.notes:
        print(f"note: {note}", file=out)
    for line in outcome.report.lines() if show_report else ():
        print(line, file=out)
    if changelog is not None and append_changelog(changelog, outcome.report, datetime.datetime.now(datetime.UTC)):
        print(f"{changelog}: API changes appended", file=out)


def run_merge(
    fragments: Path,
    config_path: Path,
    output: Path,
    *,
    out: Any = sys.stdout,
    manifest: Path | None = None,
    changelog: Path | None = None,
    version: str | None = None,
) -> None:
    """Merge, validate and write ``output``; on any error raise and leave ``output`` untouched.

    Prints the API changes against the ``output`` that was there before and appends them to ``changelog``;
    ``version`` (the package's) tells which version bump to suggest.
    """
    outcome = merge_spec(fragments, config_path, output, manifest=manifest, version=version)
    write_merge(outcome, output, out=out, changelog=changelog)
