"""Operations keep their identity across regenerations: their name (operationId) and where they moved.

The name of an operation, in order: ``operationId`` in its ``merge-config.yaml`` entry, the one it inherits
through ``moved_from`` from the entry of its old path, the vendor's own ``operationId``, and last a name
derived from its summary (with a warning). An operation that disappears while another with the same
summary or operationId appears is most likely the same operation at a new path: the merge stops until the
config says ``moved_from: METHOD /old/path`` (same function, new URL) or ``new_operation: true``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from .importer import HTTP_METHODS

IDEMPOTENT_EXTENSION = "x-splx-idempotent"
RESOURCE_EXTENSION = "x-splx-resource"
METHOD_EXTENSION = "x-splx-method"
ENTRY_KEYS = frozenset({"operationId", "tag", "idempotent", "moved_from", "new_operation", "resource", "method"})
_OPERATION_KEY = re.compile(rf"^(?:{'|'.join(m.upper() for m in HTTP_METHODS)}) /\S*$")


class IdentityError(Exception):
    """An operation's name or move cannot be decided from the config; the message says what to write."""


def operation_items(spec: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``("METHOD /path", operation)`` of every operation, in document order."""
    for path, item in (spec.get("paths") or {}).items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield f"{method.upper()} {path}", operation


def derived_operation_id(summary: str, method: str, path: str) -> str:
    """A readable camelCase name from an operation's summary (falls back to method and path)."""
    words: list[str] = re.findall(r"[A-Za-z0-9]+", summary) or [method, *re.findall(r"[A-Za-z0-9]+", path)]
    return words[0].lower() + "".join(word[:1].upper() + word[1:].lower() for word in words[1:])


def _collapse(text: Any) -> str:
    return " ".join(str(text or "").split()).rstrip(".").lower()


def check_entries(entries: Mapping[str, Any]) -> None:
    """Refuse a config entry this module would misread (a typo must not silently do nothing)."""
    for key, entry in entries.items():
        if not _OPERATION_KEY.match(key):
            raise IdentityError(f"merge-config operations: {key!r} is not 'METHOD /path'")
        if not isinstance(entry, dict):
            raise IdentityError(f"merge-config operations: {key}: expected a mapping")
        unknown = sorted(set(entry) - ENTRY_KEYS)
        if unknown:
            raise IdentityError(f"merge-config operations: {key}: unknown keys {unknown} (known: {sorted(ENTRY_KEYS)})")
        moved_from = entry.get("moved_from")
        if moved_from is not None and not (isinstance(moved_from, str) and _OPERATION_KEY.match(moved_from)):
            raise IdentityError(f"merge-config operations: {key}: moved_from must be 'METHOD /old/path'")
        if moved_from and entry.get("new_operation"):
            raise IdentityError(f"merge-config operations: {key}: moved_from and new_operation contradict each other")


def check_moves(previous: Mapping[str, Any] | None, spec: Mapping[str, Any], entries: Mapping[str, Any]) -> None:
    """Stop when an operation left while a look-alike arrived and the config does not say which it is.

    ``spec`` is the merged spec with the vendor's operationIds (before naming); ``previous`` the last merged one.
    """
    if not previous:
        return
    before = dict(operation_items(previous))
    now = dict(operation_items(spec))
    problems = []
    for added in sorted(set(now) - set(before)):
        entry = entries.get(added) or {}
        if entry.get("moved_from") or entry.get("new_operation"):
            continue
        for removed in sorted(set(before) - set(now)):
            old, new = before[removed], now[added]
            if entry.get("operationId") and entry["operationId"] == old.get("operationId"):
                continue  # the config gave the new path the old name: it says this is the same operation
            same = []
            if _collapse(old.get("summary")) and _collapse(old.get("summary")) == _collapse(new.get("summary")):
                same.append(f"summary {old.get('summary')!r}")
            if new.get("operationId") and new["operationId"] == old.get("operationId"):
                same.append(f"operationId {new['operationId']!r}")
            if same:
                problems.append(
                    f"{removed} ({old.get('operationId')}) is gone and {added} appeared with the same "
                    f"{' and '.join(same)}: likely the same operation at a new path. Say which in "
                    f"openapi/merge-config.yaml operations:\n"
                    f"    {added}:\n      moved_from: {removed}   # the function keeps its name, calls the new path\n"
                    f"  or\n    {added}:\n      new_operation: true   # a different operation; the old one is removed"
                )
    if problems:
        raise IdentityError("\n".join(problems))


def name_operations(
    spec: dict[str, Any], entries: Mapping[str, Any], renames: Mapping[str, str], warnings: list[str]
) -> None:
    """Set each operation's operationId, tags and ``x-splx-*`` extensions from the config."""
    check_entries(entries)
    present = {key for key, _ in operation_items(spec)}
    taken: dict[str, str] = {}
    inherited: set[str] = set()
    for key, operation in operation_items(spec):
        entry = dict(entries.get(key) or {})
        moved_from = entry.get("moved_from")
        if moved_from:
            if moved_from in present:
                raise IdentityError(f"{key}: moved_from {moved_from}, but {moved_from} is still published")
            entry = {**(entries.get(moved_from) or {}), **entry}
            inherited.add(moved_from)
        method, path = key.split(" ", 1)
        if "operationId" in entry:
            operation["operationId"] = entry["operationId"]
        elif moved_from and not operation.get("operationId"):
            raise IdentityError(
                f"{key}: moved_from {moved_from} needs the name to keep: give it operationId (in this entry or in "
                f"the entry of {moved_from})"
            )
        elif not operation.get("operationId"):
            operation["operationId"] = derived_operation_id(operation.get("summary") or "", method, path)
            while operation["operationId"] in taken:
                operation["operationId"] += "_"
            warnings.append(
                f"{key}: no operationId from the vendor nor in merge-config.yaml operations; "
                f"named {operation['operationId']!r} from its summary"
            )
        if operation["operationId"] in taken:
            raise IdentityError(
                f"{key}: operationId {operation['operationId']!r} is also the name of {taken[operation['operationId']]}"
            )
        taken[operation["operationId"]] = key
        tags = [entry["tag"]] if "tag" in entry else [renames.get(tag, tag) for tag in operation.get("tags", [])]
        if tags:
            operation["tags"] = tags
        if entry.get("idempotent"):
            operation[IDEMPOTENT_EXTENSION] = True
        for name, extension in (("resource", RESOURCE_EXTENSION), ("method", METHOD_EXTENSION)):
            if name in entry:
                operation[extension] = entry[name]
    stale = sorted(set(entries) - present - inherited)
    warnings.extend(f"{key}: listed in merge-config.yaml operations but in no fragment" for key in stale)
