"""Edit the OpenAPI documents of saved docs pages in whatever format each page uses, as a vendor would.

A page is Markdown with fenced JSON or YAML blocks, a bare JSON or YAML file, or the meta/spec wrapper JSON, each
holding OpenAPI 3.0 or 3.1 (``pipeline.importer`` reads them all). A change is written once, against the OpenAPI 3.0
form of one document (the form of the merged spec); ``edit_documents`` applies it to every document of every page
and writes each changed one back in its own syntax, OpenAPI version and shape, leaving the others byte for byte.
``convert_page`` rewrites a page in another format (for tests that prove the edits do not depend on it).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.downgrade import to_openapi_30
from pipeline.importer import _FENCE, HTTP_METHODS, from_wrapper

Change = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Format:
    """How one document is written: its syntax, its OpenAPI version and whether it is a meta/spec wrapper."""

    syntax: str
    """``json`` or ``yaml``."""
    version: str
    wrapper: bool = False


@dataclass(frozen=True)
class Spot:
    """One OpenAPI document of a page: the span of text that holds it and how it is written."""

    start: int
    end: int
    format: Format
    document: dict[str, Any]
    """In its OpenAPI 3.0 form (a wrapper rebuilt, a 3.1 document downgraded)."""


def _is_openapi(value: Any) -> bool:
    return isinstance(value, dict) and "openapi" in value and "paths" in value


def _is_wrapper(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("meta"), dict) and isinstance(value.get("spec"), dict)


def _parse(text: str) -> tuple[Any, str] | None:
    try:
        return json.loads(text), "json"
    except json.JSONDecodeError:
        pass
    try:
        return yaml.safe_load(text), "yaml"
    except yaml.YAMLError:
        return None


def _spot(start: int, end: int, text: str, where: str) -> Spot | None:
    parsed = _parse(text)
    if parsed is None:
        return None
    value, syntax = parsed
    if _is_wrapper(value):
        document = from_wrapper(value, where)
        wrapper = True
    elif _is_openapi(value):
        document, wrapper = value, False
    else:
        return None
    version = str(document["openapi"])
    form = Format(syntax, version, wrapper)
    return Spot(start, end, form, to_openapi_30(document, "3.0.3", where) if version.startswith("3.1.") else document)


def spots(page: Path) -> list[Spot]:
    """Every OpenAPI document of ``page``, in page order."""
    text = page.read_text(encoding="utf-8")
    if page.suffix in {".json", ".yaml", ".yml"}:
        whole = _spot(0, len(text), text, str(page))
        return [whole] if whole is not None else []
    found = []
    for match in _FENCE.finditer(text):
        if match["lang"].lower() in {"json", "yaml", "yml", ""}:
            spot = _spot(match.start("body"), match.end("body"), match["body"], str(page))
            if spot is not None:
                found.append(spot)
    return found


def pages(root: Path) -> list[Path]:
    return sorted(path for path in (root / "openapi" / "pages").iterdir() if path.is_file())


# --- writing a document back in its format ----------------------------------------------------------------------

_SCHEMA_MAPS = ("properties",)
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SCHEMA_VALUES = ("items", "additionalProperties", "not")


def _schema_31(node: Any) -> Any:
    """A 3.0 schema in its 3.1 spelling (the inverse of ``pipeline.downgrade`` for what changes write)."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: _schema_31(member) for name, member in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [_schema_31(member) for member in value]
        elif key in _SCHEMA_VALUES:
            out[key] = _schema_31(value)
        else:
            out[key] = value
    if out.get("nullable") is True:
        if isinstance(out.get("type"), str):
            del out["nullable"]
            out["type"] = [out["type"], "null"]
        elif "oneOf" in out or "anyOf" in out:
            del out["nullable"]
            out["oneOf" if "oneOf" in out else "anyOf"].append({"type": "null"})
        elif "allOf" in out or "$ref" in out:
            del out["nullable"]
            out = {"anyOf": [out, {"type": "null"}]}
        # else: a schema of any type, null included; 3.1 ignores the 3.0 keyword, the downgrade keeps it
    elif out.get("nullable") is False:
        del out["nullable"]
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if out.get(bound) is True and limit in out:
            out[bound] = out.pop(limit)
        elif out.get(bound) is False:
            del out[bound]
    return out


def _document_31(node: Any, pointer: str = "") -> Any:
    if isinstance(node, list):
        return [_document_31(item, pointer) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in {"example", "examples"} or key.startswith("x-"):
            out[key] = value
        elif key == "schema" and isinstance(value, dict):
            out[key] = _schema_31(value)
        elif pointer == "/components" and key == "schemas" and isinstance(value, dict):
            out[key] = {name: _schema_31(schema) for name, schema in value.items()}
        else:
            out[key] = _document_31(value, f"{pointer}/{key}")
    return out


def _to_wrapper(document: dict[str, Any]) -> dict[str, Any]:
    ((path, item),) = document["paths"].items()
    ((method, operation),) = ((m, op) for m, op in item.items() if m in HTTP_METHODS)
    meta: dict[str, Any] = {"openapi": document["openapi"], "info": document.get("info", {})}
    for key in ("servers", "security", "tags", "externalDocs"):
        if key in document:
            meta[key] = document[key]
    components = dict(document.get("components") or {})
    if "securitySchemes" in components:
        meta["securitySchemes"] = components.pop("securitySchemes")
    if components:
        meta["components"] = components
    return {"meta": meta, "spec": {"method": method.upper(), "path": path, **operation}}


def render(document: dict[str, Any], form: Format) -> str:
    """``document`` (OpenAPI 3.0 form) written as ``form`` says."""
    value = copy.deepcopy(document)
    if form.version.startswith("3.1."):
        value = _document_31(value)
    value["openapi"] = form.version
    if form.wrapper:
        value = _to_wrapper(value)
    if form.syntax == "json":
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=1000).rstrip("\n")


# --- edits ------------------------------------------------------------------------------------------------------


def edit_documents(root: Path, change: Change) -> int:
    """Apply ``change`` to the OpenAPI 3.0 form of every document of every page; return how many it changed."""
    changed = 0
    for page in pages(root):
        text = page.read_text(encoding="utf-8")
        for spot in reversed(spots(page)):  # from the end: earlier spans stay where they are
            document = copy.deepcopy(spot.document)
            change(document)
            if document != spot.document:
                text = text[: spot.start] + render(document, spot.format) + text[spot.end :]
                changed += 1
        page.write_text(text, encoding="utf-8")
    return changed


def documents(root: Path) -> Iterator[dict[str, Any]]:
    """The OpenAPI 3.0 form of every document of every page (copies: changing one changes no page)."""
    for page in pages(root):
        for spot in spots(page):
            yield copy.deepcopy(spot.document)


def add_document(root: Path, document: dict[str, Any], title: str) -> Path:
    """Publish a new document (OpenAPI 3.0 form) in the format of the first page: beside its documents when it
    is Markdown, else as a page of its own. Returns the page written."""
    first = pages(root)[0]
    form = spots(first)[0].format
    if first.suffix == ".md":
        fence = form.syntax
        text = first.read_text(encoding="utf-8")
        first.write_text(f"{text}\n## {title}\n\n```{fence}\n{render(document, form)}\n```\n", encoding="utf-8")
        return first
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    page = first.with_name(f"{slug}{first.suffix}")
    page.write_text(render(document, form) + "\n", encoding="utf-8")
    return page


def convert_page(page: Path, form: Format) -> None:
    """Rewrite every document of ``page`` as ``form`` says (a wrapper holds one operation: split documents first)."""
    text = page.read_text(encoding="utf-8")
    for spot in reversed(spots(page)):
        rendered = render(spot.document, form)
        if page.suffix == ".md":
            # The fence's language label follows the syntax.
            fence_start = text.rfind("```", 0, spot.start)
            line_end = text.index("\n", fence_start)
            text = text[:fence_start] + f"```{form.syntax}" + text[line_end : spot.start] + rendered + text[spot.end :]
        else:
            text = text[: spot.start] + rendered + text[spot.end :]
    page.write_text(text, encoding="utf-8")


def id_schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    """The schema the spec gives the id ``name`` (``workspaceId``): a path parameter's, else a property's."""
    for item in document.get("paths", {}).values():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                for parameter in operation.get("parameters", []):
                    if parameter.get("name") == name and "schema" in parameter:
                        return dict(parameter["schema"])
    for schema in (document.get("components") or {}).get("schemas", {}).values():
        for holder in (schema, *schema.get("allOf", [])):
            props = holder.get("properties") or {}
            if name in props:
                return {key: value for key, value in props[name].items() if key != "description"}
            plural = props.get(name + "s") or {}
            if plural.get("type") == "array":
                return dict(plural["items"])
    raise KeyError(f"no id {name!r} in the document")
