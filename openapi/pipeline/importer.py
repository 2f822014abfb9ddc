"""Extract the per-operation OpenAPI documents from a saved docs page into ``openapi/fragments/``.

A docs page is Markdown with one fenced ```json or ```yaml block per endpoint; each block that is an
OpenAPI document (has ``openapi`` and ``paths``) becomes one fragment, named after its method and path so
that re-importing the same page rewrites the same files with the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ._jsonio import dumps, write_if_changed

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_FENCE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[A-Za-z0-9_+-]*)[^\n]*\n(?P<body>.*?)\n(?P=fence)[ \t]*$", re.S | re.M
)


class ImportError_(Exception):
    """A page block that looks like an OpenAPI document but cannot become a fragment."""


@dataclass(frozen=True)
class Fragment:
    name: str
    document: dict[str, Any]
    line: int


def fragment_name(method: str, path: str) -> str:
    """Stable file name for an operation: ``post-api-workspaces-workspaceId-test-run-trigger.json``."""
    parts = [segment.strip("{}") for segment in path.strip("/").split("/") if segment]
    slug = "-".join([method.lower(), *parts])
    return re.sub(r"[^A-Za-z0-9._-]+", "-", slug) + ".json"


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(method, path) of every operation in an OpenAPI document, in document order."""
    for path, item in (document.get("paths") or {}).items():
        for method in item:
            if method in HTTP_METHODS:
                yield method, path


def _parse_block(lang: str, body: str) -> Any:
    if lang == "json":
        return json.loads(body)
    return yaml.safe_load(body)


def extract(page_text: str) -> list[Fragment]:
    """Every OpenAPI document in ``page_text``, one fragment per document."""
    fragments: list[Fragment] = []
    for match in _FENCE.finditer(page_text):
        lang = match.group("lang").lower()
        if lang not in {"json", "yaml", "yml"}:
            continue
        line = page_text.count("\n", 0, match.start()) + 1
        try:
            document = _parse_block(lang, match.group("body"))
        except (json.JSONDecodeError, yaml.YAMLError):
            continue  # a code sample, not a spec
        if not (isinstance(document, dict) and "openapi" in document and "paths" in document):
            continue
        ops = list(operations(document))
        if len(ops) != 1:
            raise ImportError_(f"block at line {line}: expected one operation per document, found {len(ops)}: {ops}")
        method, path = ops[0]
        fragments.append(Fragment(fragment_name(method, path), document, line))
    return fragments


def import_page(page: Path, fragments_dir: Path) -> list[tuple[str, str]]:
    """Write the page's fragments; returns ``(file name, "added"|"updated"|"unchanged")`` per fragment."""
    found = extract(page.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    results: list[tuple[str, str]] = []
    for fragment in found:
        if fragment.name in seen:
            raise ImportError_(
                f"{page}: lines {seen[fragment.name]} and {fragment.line} both define the operation of {fragment.name}"
            )
        seen[fragment.name] = fragment.line
        target = fragments_dir / fragment.name
        existed = target.exists()
        # Key order is kept as published: a fragment is the vendor's document, only pretty-printed.
        changed = write_if_changed(target, dumps(fragment.document, sort_keys=False))
        results.append((fragment.name, "unchanged" if not changed else "updated" if existed else "added"))
    return results
