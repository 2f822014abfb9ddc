"""Turn saved docs pages into ``openapi/fragments/``: one OpenAPI document per operation.

A page may be
- Markdown with fenced ```json / ```yaml (or unlabelled) blocks, each an OpenAPI 3.0 or 3.1 document (blocks
  that are not, such as code samples, are skipped);
- a bare OpenAPI JSON or YAML file;
- the "meta/spec wrapper" JSON some doc sites serve: one operation under ``spec`` with ``method`` and ``path``
  inline, ``info``/``servers``/``security``/``securitySchemes`` under ``meta``, and ``$$ref`` marking where a
  ``$ref`` was inlined. It is rebuilt into a normal one-operation document with its ``components``.

Each operation becomes a fragment named after its method and path, written byte-for-byte the same when the
page has not changed. ``openapi/manifest.json`` records which page published which fragments, so that
re-importing a page deletes (and reports) the fragments it no longer publishes, and the merge can name the
page to re-save when two fragments disagree. A page with no OpenAPI document in it is an error naming it.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ._jsonio import dumps, load, write_if_changed

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SUPPORTED_VERSIONS = ("3.0.", "3.1.")

_FENCE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[A-Za-z0-9_+-]*)[^\n]*\n(?P<body>.*?)\n(?P=fence)[ \t]*$", re.S | re.M
)
# A block that starts like an OpenAPI document but does not parse must not be skipped as "a code sample".
_LOOKS_LIKE_OPENAPI = re.compile(r"""\A\s*(?:\{\s*)?["']?(?:openapi|swagger)["']?\s*:""")
_WRAPPER_META_KEYS = frozenset(
    {"id", "openapi", "info", "servers", "security", "securitySchemes", "tags", "externalDocs", "components"}
)
_COMPONENT_REF = re.compile(r"^#/components/(?P<section>[A-Za-z]+)/(?P<name>[^/]+)$")


class PageError(Exception):
    """A page that cannot be imported; the message names the page and the place."""


@dataclass(frozen=True)
class Fragment:
    name: str
    document: dict[str, Any]
    origin: str
    """Where in the page: ``line 7`` (a fenced block) or ``the whole file``."""


@dataclass(frozen=True)
class ImportResult:
    page: str
    """The page's key in the manifest."""
    fragment: str
    state: str
    """``added``, ``updated``, ``unchanged`` or ``removed`` (the page no longer publishes it: file deleted)."""


def fragment_name(method: str, path: str) -> str:
    """Stable file name for an operation: ``post-api-workspaces-workspaceId-test-run-trigger.json``."""
    parts = [segment.strip("{}") for segment in path.strip("/").split("/") if segment]
    slug = "-".join([method.lower(), *parts])
    return re.sub(r"[^A-Za-z0-9._-]+", "-", slug) + ".json"


def operations(document: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(method, path) of every operation in an OpenAPI document, in document order."""
    for path, item in (document.get("paths") or {}).items():
        for method in item:
            if method in HTTP_METHODS:
                yield method, path


def _is_openapi(value: Any) -> bool:
    return isinstance(value, dict) and ("openapi" in value or "swagger" in value) and "paths" in value


def _is_wrapper(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("meta"), dict)
        and isinstance(value.get("spec"), dict)
        and {"method", "path"} <= set(value["spec"])
    )


def _check_version(document: Mapping[str, Any], where: str) -> None:
    version = str(document.get("openapi", document.get("swagger", "")))
    if not version.startswith(SUPPORTED_VERSIONS):
        raise PageError(f"{where}: OpenAPI version {version!r} is not supported (3.0.x and 3.1.x are)")


def _restore_refs(node: Any, components: dict[str, Any], where: str, pointer: str) -> Any:
    """``node`` with every object marked ``$$ref`` moved into ``components`` and replaced by a ``$ref``."""
    if isinstance(node, list):
        return [_restore_refs(item, components, where, f"{pointer}/{index}") for index, item in enumerate(node)]
    if not isinstance(node, dict):
        return node
    restored = {
        key: _restore_refs(value, components, where, f"{pointer}/{key}")
        for key, value in node.items()
        if key != "$$ref"
    }
    if "$$ref" not in node:
        return restored
    ref = node["$$ref"]
    match = _COMPONENT_REF.match(ref) if isinstance(ref, str) else None
    if match is None:
        raise PageError(f"{where}: $$ref {ref!r} at {pointer} is not of the form #/components/<section>/<name>")
    section = components.setdefault(match["section"], {})
    known = section.setdefault(match["name"], restored)
    if known != restored:
        raise PageError(f"{where}: {ref} is inlined with different contents at {pointer} and elsewhere")
    return {"$ref": ref}


def from_wrapper(wrapper: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Rebuild the normal one-operation OpenAPI document a meta/spec wrapper was made from."""
    meta: Mapping[str, Any] = wrapper["meta"]
    unknown = sorted(set(meta) - _WRAPPER_META_KEYS)
    if unknown:
        raise PageError(f"{where}: wrapper meta has keys this importer does not understand: {unknown}")
    if "openapi" not in meta:
        raise PageError(f"{where}: wrapper meta has no 'openapi' version")
    operation = {key: copy.deepcopy(value) for key, value in wrapper["spec"].items() if key not in {"method", "path"}}
    method = str(wrapper["spec"]["method"]).lower()
    path = str(wrapper["spec"]["path"])
    if method not in HTTP_METHODS or not path.startswith("/"):
        raise PageError(
            f"{where}: wrapper spec has method {method!r} and path {path!r}; expected an HTTP method and /path"
        )
    # Keys like `__originalOperationId` are the doc site's bookkeeping, not OpenAPI (extensions start with x-).
    operation = {key: value for key, value in operation.items() if not key.startswith("__")}
    components: dict[str, Any] = copy.deepcopy(dict(meta.get("components") or {}))
    if "securitySchemes" in meta:
        components["securitySchemes"] = copy.deepcopy(meta["securitySchemes"])
    operation = _restore_refs(operation, components, where, "/spec")
    document: dict[str, Any] = {"openapi": meta["openapi"], "info": copy.deepcopy(meta.get("info") or {})}
    for key in ("servers", "security", "tags", "externalDocs"):
        if key in meta:
            document[key] = copy.deepcopy(meta[key])
    document["paths"] = {path: {method: operation}}
    if components:
        document["components"] = {section: dict(sorted(entries.items())) for section, entries in components.items()}
    return document


def _split(document: dict[str, Any], where: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, one-operation document) for each operation; a one-operation document is kept as it is."""
    ops = list(operations(document))
    if not ops:
        raise PageError(f"{where}: OpenAPI document with no operations")
    if len(ops) == 1:
        return [(*ops[0], document)]
    # The merge keeps a component defined identically by several fragments once, so each keeps them all.
    split = []
    for method, path in ops:
        item = document["paths"][path]
        shared = {key: value for key, value in item.items() if key not in HTTP_METHODS}
        split.append((method, path, {**document, "paths": {path: {**shared, method: item[method]}}}))
    return split


def _documents(value: Any, where: str) -> list[dict[str, Any]] | None:
    """The OpenAPI documents ``value`` holds, or None when it is not an OpenAPI document or a wrapper."""
    if _is_wrapper(value):
        value = from_wrapper(value, where)
    elif not _is_openapi(value):
        return None
    _check_version(value, where)
    return [document for _, _, document in _split(value, where)]


def _parse(text: str, yaml_allowed: bool) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        if not yaml_allowed:
            raise
    return yaml.safe_load(text)


def _whole_file(page: str, text: str, suffix: str) -> list[dict[str, Any]] | None:
    """The documents of a page that is itself one JSON or YAML document; None when it is Markdown."""
    if suffix in {".json", ".yaml", ".yml"} or text.lstrip().startswith("{"):
        try:
            value = _parse(text, yaml_allowed=suffix != ".json")
        except (json.JSONDecodeError, yaml.YAMLError) as error:
            raise PageError(f"{page}: not valid {'JSON' if suffix == '.json' else 'JSON or YAML'}: {error}") from None
        documents = _documents(value, f"{page} (the whole file)")
        if documents is None:
            raise PageError(
                f"{page}: unknown shape: neither an OpenAPI document (openapi + paths) nor a meta/spec wrapper"
            )
        return documents
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return None  # Markdown that YAML cannot read
    return _documents(value, f"{page} (the whole file)") if _is_openapi(value) else None


def extract(page_text: str, page: str = "page", suffix: str = ".md") -> list[Fragment]:
    """Every operation published in ``page_text``, one fragment each; an error when there is none."""
    whole = _whole_file(page, page_text, suffix)
    found: list[tuple[dict[str, Any], str]] = [(doc, "the whole file") for doc in whole or []]
    if whole is None:
        for match in _FENCE.finditer(page_text):
            lang = match.group("lang").lower()
            if lang not in {"json", "yaml", "yml", ""}:  # an unlabelled block may hold a spec too
                continue
            line = page_text.count("\n", 0, match.start()) + 1
            body = match.group("body")
            try:
                value = _parse(body, yaml_allowed=lang != "json")
            except (json.JSONDecodeError, yaml.YAMLError) as error:
                if _LOOKS_LIKE_OPENAPI.match(body):
                    raise PageError(
                        f"{page}, block at line {line}: an OpenAPI document that does not parse: {error}"
                    ) from None
                continue  # a code sample, not a spec
            found.extend((doc, f"line {line}") for doc in _documents(value, f"{page}, block at line {line}") or [])
    if not found:
        raise PageError(
            f"{page}: no OpenAPI document found (expected fenced ```json or ```yaml blocks holding OpenAPI 3.0/3.1 "
            "documents, a bare OpenAPI JSON/YAML file, or a meta/spec wrapper JSON)"
        )
    fragments = []
    for document, origin in found:
        ((method, path),) = operations(document)
        fragments.append(Fragment(fragment_name(method, path), document, origin))
    return fragments


class Manifest:
    """``openapi/manifest.json``: page -> the fragment files imported from it (sorted, so diffs read well)."""

    def __init__(self, path: Path, root: Path) -> None:
        self.path = path
        self.root = root
        data = load(path) if path.exists() else {}
        self.pages: dict[str, list[str]] = {str(k): list(v) for k, v in (data.get("pages") or {}).items()}

    def key(self, page: Path) -> str:
        """A page's name in the manifest: its path from the repository root."""
        try:
            return page.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            raise PageError(
                f"{page}: outside {self.root}; save it under openapi/pages/ first (the manifest names pages by "
                "their path in the repository, so that a page deleted there takes its fragments with it)"
            ) from None

    def page_of(self) -> dict[str, str]:
        """fragment file name -> page key."""
        return {fragment: page for page, fragments in self.pages.items() for fragment in fragments}

    def save(self) -> bool:
        body = {
            "about": "Written by `make import`: the fragments each docs page published. Do not edit.",
            "pages": {page: sorted(fragments) for page, fragments in sorted(self.pages.items())},
        }
        return write_if_changed(self.path, dumps(body, sort_keys=False))


def load_page_of(manifest: Path | None) -> dict[str, str]:
    """fragment file name -> page that published it, from a manifest file (empty when there is none)."""
    if manifest is None or not manifest.exists():
        return {}
    return Manifest(manifest, manifest.parent).page_of()


def import_pages(pages: Sequence[Path], fragments_dir: Path, manifest_path: Path, root: Path) -> list[ImportResult]:
    """Import ``pages`` together: every page is read and checked before any file is written or deleted.

    A page of the manifest whose file no longer exists is treated as publishing nothing.
    """
    manifest = Manifest(manifest_path, root)
    owner = manifest.page_of()
    extracted: dict[str, list[Fragment]] = {}
    claimed: dict[str, tuple[str, str]] = {}  # fragment -> (page, origin) within this import
    for page in pages:
        key = manifest.key(page)
        if key in extracted:
            raise PageError(f"{key}: given twice")
        try:
            text = page.read_text(encoding="utf-8")
        except OSError as error:
            raise PageError(f"{page}: cannot read: {error.strerror}") from None
        extracted[key] = extract(text, key, page.suffix.lower())
        for fragment in extracted[key]:
            if fragment.name in claimed:
                other_page, other_origin = claimed[fragment.name]
                raise PageError(
                    f"{other_page} ({other_origin}) and {key} ({fragment.origin}) both publish the operation of "
                    f"{fragment.name}"
                )
            claimed[fragment.name] = (key, fragment.origin)
    for name, (key, origin) in claimed.items():
        previous_owner = owner.get(name)
        moved = previous_owner is not None and previous_owner != key and previous_owner not in extracted
        if moved and (root / str(previous_owner)).exists():
            raise PageError(
                f"{key} ({origin}) publishes {name}, which was imported from {previous_owner}: import both pages "
                f'together (make import PAGES="{previous_owner} {key}") so that the move between pages is seen'
            )

    results: list[ImportResult] = []
    for key, fragments in extracted.items():
        for fragment in fragments:
            target = fragments_dir / fragment.name
            existed = target.exists()
            # Key order is kept as published: a fragment is the vendor's document, only pretty-printed.
            changed = write_if_changed(target, dumps(fragment.document, sort_keys=False))
            state = "unchanged" if not changed else "updated" if existed else "added"
            results.append(ImportResult(key, fragment.name, state))
        published = {fragment.name for fragment in fragments}
        # A fragment another page of this import now publishes moved between pages: it stays.
        for gone in sorted(set(manifest.pages.get(key, [])) - published - set(claimed)):
            (fragments_dir / gone).unlink(missing_ok=True)
            results.append(ImportResult(key, gone, "removed"))
        manifest.pages[key] = sorted(published)
    # A page whose saved file is gone (the vendor dropped the whole page) takes its fragments with it.
    for key in sorted(set(manifest.pages) - set(extracted)):
        if not (root / key).exists():
            for gone in manifest.pages.pop(key):
                if gone not in claimed:
                    (fragments_dir / gone).unlink(missing_ok=True)
                    results.append(ImportResult(key, gone, "removed"))
    manifest.save()
    return results
