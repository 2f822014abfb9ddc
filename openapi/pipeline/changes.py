"""What changed between two merged specs, said the way a reviewer of the SDK needs it.

Per operation (by operationId, the generated function's name) and per schema field: added, removed,
renamed, moved, type changed, became required/optional/nullable, enum values added/removed, status codes
added/removed. Each change is **breaking** (code using the SDK may stop working or type-checking) or
**additive**; an operation, parameter or field newly marked ``deprecated`` is **deprecated** (it still works and
now warns: move off it before it goes); a change with no effect on the SDK's surface (descriptions, examples,
constraints) is listed once per operation or schema as **docs**. Beyond operations and schemas: connection types
(schemas with ``x-splx-connection-type``) added or removed, request and answer content types, parameter
serialisation (``style``/``explode``), servers (a new default URL breaks users on the default region), security
schemes (a new or changed one breaks: the client may not authenticate).
Whether a field change breaks depends on which way the schema travels: a new required field breaks a
request model (callers must pass it) but not a response model; a new enum value breaks code reading
responses (a value it does not handle) but not code sending requests.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .identity import IDEMPOTENT_EXTENSION, METHOD_EXTENSION, RESOURCE_EXTENSION, operation_items

CONNECTION_TYPE_EXTENSION = "x-splx-connection-type"
"""As ``merge.CONNECTION_TYPE_EXTENSION`` (merge imports this module, so it is repeated, not imported)."""

BREAKING = "breaking"
DEPRECATED = "deprecated"
ADDITIVE = "additive"
DOCS = "docs"
_BUMP = {BREAKING: "major", DEPRECATED: "minor", ADDITIVE: "minor", DOCS: "patch"}
_ORDER = {BREAKING: 0, DEPRECATED: 1, ADDITIVE: 2, DOCS: 3}
_REQUEST = "request"
_RESPONSE = "response"


@dataclass(frozen=True)
class Change:
    impact: str
    """``breaking``, ``deprecated``, ``additive`` or ``docs``."""
    subject: str
    """``operation deleteTarget``, ``schema TargetDto``, ``TargetDto.settings.name``..."""
    what: str


@dataclass(frozen=True)
class ChangeReport:
    changes: tuple[Change, ...]
    initial: bool = False
    """There was no previous spec: everything is new and nothing is listed."""
    version: str | None = None
    """The package's version before the change, when known: a 0.x version takes a breaking change as a minor."""

    @property
    def bump(self) -> str:
        """The semantic level of the changes: ``major`` (breaking), ``minor``, ``patch`` or ``none``."""
        for impact in sorted(_BUMP, key=_ORDER.__getitem__):
            if any(change.impact == impact for change in self.changes):
                return _BUMP[impact]
        return "none"

    @property
    def suggestion(self) -> str:
        """The version bump to make: ``bump``, except that before 1.0 a breaking change bumps the minor."""
        if self.bump == "major" and self.version is not None and self.version.startswith("0."):
            return f"minor (breaking; {self.version} is before 1.0, where a breaking change bumps the minor)"
        return self.bump

    def lines(self) -> list[str]:
        if self.initial:
            return ["API changes: none listed (no previous spec to compare with)"]
        if not self.changes:
            return ["API changes: none"]
        width = max(len(change.impact) for change in self.changes)
        return [f"API changes (suggested version bump: {self.suggestion}):"] + [
            f"  {change.impact:<{width}}  {change.subject}: {change.what}" for change in self.changes
        ]

    def markdown(self, when: datetime.datetime) -> str:
        heading = f"### {when:%Y-%m-%d %H:%M} UTC: suggested version bump {self.suggestion}"
        items = [f"- **{change.impact}** `{change.subject}`: {change.what}" for change in self.changes]
        return "\n".join([heading, "", *items, ""]) + "\n"


CHANGELOG_HEADER = """# Changelog

## API changes

Appended by `make generate` each time the merged spec changes (newest last): what changed for users of
the SDK, each change breaking, deprecated, additive or docs, and the version bump it suggests.

"""


def append_changelog(path: Path, report: ChangeReport, when: datetime.datetime) -> bool:
    """Append ``report`` to ``path`` (created with its header); nothing when there is nothing to say."""
    if report.initial or not report.changes:
        return False
    text = path.read_text(encoding="utf-8") if path.exists() else CHANGELOG_HEADER
    if not text.endswith("\n\n"):
        text = text.rstrip("\n") + "\n\n"
    path.write_text(text + report.markdown(when), encoding="utf-8")
    return True


def package_version(root: Path) -> str | None:
    """The package's version as ``overrides/splx_probe_client/_version.py`` writes it, or ``None`` without one."""
    path = root / "overrides" / "splx_probe_client" / "_version.py"
    found = (
        re.search(r'^__version__ = "([^"]+)"', path.read_text(encoding="utf-8"), re.MULTILINE)
        if path.is_file()
        else None
    )
    return found.group(1) if found else None


def summarize(
    previous: Mapping[str, Any] | None, current: Mapping[str, Any], *, version: str | None = None
) -> ChangeReport:
    """The changes from ``previous`` to ``current`` (two merged specs), breaking ones first.

    ``version`` is the package's version before the change (see ``ChangeReport.suggestion``).
    """
    if not previous:
        return ChangeReport((), initial=True, version=version)
    differ = _Differ(previous, current)
    differ.operations()
    differ.schemas()
    differ.connection_types()
    differ.id_types()
    differ.elsewhere()
    found = tuple(sorted(dict.fromkeys(differ.found), key=lambda c: (_ORDER[c.impact], c.subject)))
    return ChangeReport(found, version=version)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            yield ref.rsplit("/", 1)[-1]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _directions(spec: Mapping[str, Any]) -> dict[str, set[str]]:
    """Schema name -> the ways it travels (``request``, ``response``), following ``$ref`` transitively."""
    schemas = (spec.get("components") or {}).get("schemas") or {}
    found: dict[str, set[str]] = {}
    for _, operation in operation_items(spec):
        roots = {
            _REQUEST: [operation.get("requestBody"), operation.get("parameters")],
            _RESPONSE: [operation.get("responses")],
        }
        for direction, nodes in roots.items():
            pending = list(_refs(nodes))
            while pending:
                name = pending.pop()
                if direction in found.setdefault(name, set()):
                    continue
                found[name].add(direction)
                pending.extend(_refs(schemas.get(name)))
    return found


def _type_of(schema: Any) -> str:
    """A short text for a schema's type: ``string (date-time)``, ``TargetDto``, ``array of integer``..."""
    if not isinstance(schema, dict):
        return "any"
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return f"{key} [{', '.join(_type_of(s) for s in schema[key])}]"
    if "allOf" in schema and "type" not in schema:
        return " & ".join(_type_of(s) for s in schema["allOf"])
    kind = str(schema.get("type", "any"))
    if kind == "array":
        return f"array of {_type_of(schema.get('items'))}"
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _fields(schema: Mapping[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """Properties and required names of a schema, its inline ``allOf`` members included."""
    properties = dict(schema.get("properties") or {})
    required = set(schema.get("required") or [])
    for member in schema.get("allOf") or []:
        if isinstance(member, dict) and "$ref" not in member:
            inner, inner_required = _fields(member)
            properties.update(inner)
            required |= inner_required
    return properties, required


def _shape(schema: Any) -> Any:
    """The schema without what does not change the SDK (prose, examples, titles), to spot other changes."""
    if isinstance(schema, dict):
        return {k: _shape(v) for k, v in schema.items() if k not in {"description", "summary", "example", "title"}}
    if isinstance(schema, list):
        return [_shape(v) for v in schema]
    return schema


class _Differ:
    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.old = old
        self.new = new
        self.found: list[Change] = []
        self.directions = _directions(old)
        for name, ways in _directions(new).items():
            self.directions.setdefault(name, set()).update(ways)

    def add(self, impact: str, subject: str, what: str) -> None:
        self.found.append(Change(impact, subject, what))

    def operations(self) -> None:
        old = {op.get("operationId", key): (key, op) for key, op in operation_items(self.old)}
        new = {op.get("operationId", key): (key, op) for key, op in operation_items(self.new)}
        new_by_key = {key: name for name, (key, _) in new.items()}
        pairs = [(name, name) for name in sorted(set(old) & set(new))]  # (old name, new name)
        for name in sorted(set(old) - set(new)):
            key = old[name][0]
            if key in new_by_key and new_by_key[key] not in old:
                self.add(BREAKING, f"operation {name}", f"renamed to {new_by_key[key]} ({key})")
                pairs.append((name, new_by_key[key]))
            else:
                self.add(BREAKING, f"operation {name}", f"removed ({key})")
        renamed_to = {new_name for _, new_name in pairs}
        for name in sorted(set(new) - set(old) - renamed_to):
            self.add(ADDITIVE, f"operation {name}", f"added ({new[name][0]})")
        for old_name, name in pairs:
            (old_key, old_op), (new_key, new_op) = old[old_name], new[name]
            subject = f"operation {name}"
            before = len(self.found)
            if old_key != new_key:
                self.add(ADDITIVE, subject, f"moved from {old_key} to {new_key} (same function, new URL)")
            self._extensions(subject, old_op, new_op)
            self._deprecation(subject, old_op, new_op)
            self._servers(subject, old_op.get("servers"), new_op.get("servers"))
            self._security(subject, old_op.get("security"), new_op.get("security"))
            self._parameters(subject, old_op, new_op)
            self._body(subject, old_op.get("requestBody"), new_op.get("requestBody"))
            self._responses(subject, old_op.get("responses") or {}, new_op.get("responses") or {})
            if len(self.found) == before and old_op != new_op and old_name == name:
                self.add(DOCS, subject, _unlisted(old_op, new_op))

    def _extensions(self, subject: str, old_op: Mapping[str, Any], new_op: Mapping[str, Any]) -> None:
        """The pipeline's own extensions: the resource method's name, whether the client may resend."""

        def method(op: Mapping[str, Any]) -> str | None:
            parts = [op.get(RESOURCE_EXTENSION), op.get(METHOD_EXTENSION)]
            return ".".join(str(part) for part in parts) if any(parts) else None

        was, now = method(old_op), method(new_op)
        if was != now:
            impact = BREAKING if was is not None else DOCS
            self.add(impact, subject, f"resource method {was or '(derived)'} -> {now or '(derived)'}")
        if bool(old_op.get(IDEMPOTENT_EXTENSION)) != bool(new_op.get(IDEMPOTENT_EXTENSION)):
            resent = "now" if new_op.get(IDEMPOTENT_EXTENSION) else "no longer"
            self.add(DOCS, subject, f"{resent} resent by the client after it may have reached the server")

    def _parameters(self, subject: str, old_op: Mapping[str, Any], new_op: Mapping[str, Any]) -> None:
        def index(op: Mapping[str, Any]) -> dict[str, Any]:
            return {f"{p.get('in')} parameter {p.get('name')}": p for p in op.get("parameters") or []}

        old, new = index(old_op), index(new_op)
        for name in sorted(set(old) - set(new)):
            self.add(BREAKING, subject, f"{name} removed")
        for name in sorted(set(new) - set(old)):
            required = bool(new[name].get("required"))
            self.add(BREAKING if required else ADDITIVE, subject, f"{name} added ({_req(required)})")
            if new[name].get("deprecated") is True:
                self.add(DEPRECATED, subject, f"{name} is deprecated")
        for name in sorted(set(old) & set(new)):
            was, now = bool(old[name].get("required")), bool(new[name].get("required"))
            if was != now:
                self.add(BREAKING if now else ADDITIVE, subject, f"{name} became {_req(now)}")
            self._deprecation(f"{subject} {name}", old[name], new[name])
            self._serialisation(subject, name, old[name], new[name])
            self._schema(f"{subject} {name}", old[name].get("schema"), new[name].get("schema"), {_REQUEST})

    def _deprecation(self, subject: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        """``deprecated: true`` set (its own kind of line: it still works and now warns) or lifted."""
        was, now = old.get("deprecated") is True, new.get("deprecated") is True
        if now and not was:
            self.add(DEPRECATED, subject, "deprecated by the API: it now warns; move off it before it is removed")
        elif was and not now:
            self.add(DOCS, subject, "no longer deprecated")

    def _serialisation(self, subject: str, name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        """A parameter sent in another form (``style``, ``explode``): the SDK follows, older releases do not."""
        for key in ("style", "explode", "allowReserved"):
            if old.get(key) != new.get(key):
                self.add(
                    ADDITIVE,
                    subject,
                    f"{name} {key} changed: {_shown(old.get(key))} -> {_shown(new.get(key))} (the regenerated SDK"
                    " sends the new form; earlier releases send the old one)",
                )

    def _servers(self, subject: str, old: Any, new: Any) -> None:
        """Server lists (the spec's or an operation's): the first is the default a client calls."""
        old_urls = [str(s.get("url")) for s in old or [] if isinstance(s, Mapping)]
        new_urls = [str(s.get("url")) for s in new or [] if isinstance(s, Mapping)]
        if old_urls[:1] != new_urls[:1]:
            self.add(
                BREAKING,
                subject,
                f"default server {old_urls[0] if old_urls else '(the spec default)'} ->"
                f" {new_urls[0] if new_urls else '(the spec default)'}: users on the default region call the new URL"
                " once they upgrade, and code pinning the old base_url must change",
            )
        for url in new_urls[1:]:
            if url not in old_urls:
                self.add(ADDITIVE, subject, f"server {url} added (a new region)")
        for url in old_urls[1:]:  # the old default's fate is the line above
            if url not in new_urls:
                self.add(BREAKING, subject, f"server {url} removed: code pinning it as base_url must change")
        if old_urls == new_urls and old != new:
            self.add(DOCS, subject, "server descriptions or variables changed")

    def _security(self, subject: str, old: Any, new: Any) -> None:
        """A security requirement changed (spec-wide or per operation): the client may not authenticate."""
        if _canonical_security(old) != _canonical_security(new):
            self.add(
                BREAKING,
                subject,
                f"security requirement {_shown(old)} -> {_shown(new)}: the client may not authenticate",
            )

    def _body(self, subject: str, old: Any, new: Any) -> None:
        if old is None and new is None:
            return
        if old is None or new is None:
            required = bool((new or {}).get("required"))
            if new is None:
                self.add(BREAKING, subject, "request body removed")
            else:
                self.add(BREAKING if required else ADDITIVE, subject, f"request body added ({_req(required)})")
            return
        if bool(old.get("required")) != bool(new.get("required")):
            now = bool(new.get("required"))
            self.add(BREAKING if now else ADDITIVE, subject, f"request body became {_req(now)}")
        self._content(f"{subject} request body", old.get("content") or {}, new.get("content") or {}, {_REQUEST})

    def _responses(self, subject: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        for status in sorted(set(old) - set(new)):
            self.add(BREAKING, subject, f"response status {status} removed")
        for status in sorted(set(new) - set(old)):
            self.add(ADDITIVE, subject, f"response status {status} added")
        for status in sorted(set(old) & set(new)):
            self._content(
                f"{subject} response {status}",
                old[status].get("content") or {},
                new[status].get("content") or {},
                {_RESPONSE},
            )

    def _content(self, subject: str, old: Mapping[str, Any], new: Mapping[str, Any], ways: set[str]) -> None:
        for media in sorted(set(old) - set(new)):
            self.add(BREAKING, subject, f"content type {media} removed")
        for media in sorted(set(new) - set(old)):
            self.add(ADDITIVE, subject, f"content type {media} added")
        for media in sorted(set(old) & set(new)):
            self._schema(subject, old[media].get("schema"), new[media].get("schema"), ways)

    def schemas(self) -> None:
        old = (self.old.get("components") or {}).get("schemas") or {}
        new = (self.new.get("components") or {}).get("schemas") or {}
        for name in sorted(set(old) - set(new)):
            self.add(BREAKING, f"schema {name}", "removed")
        for name in sorted(set(new) - set(old)):
            self.add(ADDITIVE, f"schema {name}", "added")
        for name in sorted(set(old) & set(new)):
            before = len(self.found)
            ways = self.directions.get(name) or {_REQUEST, _RESPONSE}
            self._deprecation(f"schema {name}", old[name], new[name])
            self._schema(name, old[name], new[name], ways)
            if len(self.found) == before and old[name] != new[name]:
                self.add(DOCS, f"schema {name}", _unlisted(old[name], new[name]))

    def connection_types(self) -> None:
        """Connection types (schemas marked ``x-splx-connection-type``) added, removed or renamed."""

        def table(spec: Mapping[str, Any]) -> dict[str, str]:
            schemas = (spec.get("components") or {}).get("schemas") or {}
            return {
                str(schema[CONNECTION_TYPE_EXTENSION]): name
                for name, schema in schemas.items()
                if isinstance(schema, Mapping) and schema.get(CONNECTION_TYPE_EXTENSION)
            }

        old, new = table(self.old), table(self.new)
        for kind in sorted(set(new) - set(old)):
            self.add(ADDITIVE, f"connection type {kind}", f"added (schema {new[kind]}): targets can now use it")
        for kind in sorted(set(old) - set(new)):
            self.add(BREAKING, f"connection type {kind}", f"removed (schema {old[kind]}): targets using it fail")
        for kind in sorted(set(old) & set(new)):
            if old[kind] != new[kind]:
                self.add(BREAKING, f"connection type {kind}", f"configured by schema {new[kind]}, was {old[kind]}")

    def id_types(self) -> None:
        """The id aliases of ``splx_probe_client.ids`` (``TargetId``...) whose type changed: every use of it breaks."""
        from .merge import MergeError  # the merge and tables import this module
        from .tables import id_types

        try:
            old, new = id_types(self.old), id_types(self.new)
        except MergeError:
            return  # ids that disagree stop the build, naming both places: nothing to summarise
        for alias in sorted(set(old) & set(new)):
            if old[alias][0] != new[alias][0]:
                self.add(
                    BREAKING,
                    f"id {alias}",
                    f"{old[alias][0]} -> {new[alias][0]} (splx_probe_client.ids.{alias}: every argument, field and"
                    " CLI option of this id)",
                )

    def elsewhere(self) -> None:
        """Every other part of the spec (servers, security...): listed so that no change goes unsaid."""
        self._servers("spec /servers", self.old.get("servers"), self.new.get("servers"))
        old_paths, new_paths = self.old.get("paths") or {}, self.new.get("paths") or {}
        for path in sorted(set(old_paths) & set(new_paths)):  # a path's own servers, for all its operations
            self._servers(f"path {path}", old_paths[path].get("servers"), new_paths[path].get("servers"))
        self._security("spec /security", self.old.get("security"), self.new.get("security"))
        old, new = self.old.get("components") or {}, self.new.get("components") or {}
        self._security_schemes(old.get("securitySchemes") or {}, new.get("securitySchemes") or {})
        for key in sorted((set(old) | set(new)) - {"schemas", "securitySchemes"}):
            if old.get(key) != new.get(key):
                self.add(DOCS, f"spec /components/{key}", "changed")
        for key in sorted((set(self.old) | set(self.new)) - {"paths", "components", "servers", "security"}):
            if self.old.get(key) != self.new.get(key):
                self.add(DOCS, f"spec /{key}", "changed")

    def _security_schemes(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        """Each scheme added, removed or changed breaks (the client may not authenticate); a pure rename is docs."""
        same = sorted(_shown(_shape(v)) for v in old.values()) == sorted(_shown(_shape(v)) for v in new.values())
        if same and set(old) != set(new):
            self.add(DOCS, "spec /components/securitySchemes", "renamed (the schemes themselves are unchanged)")
            return
        for name in sorted(set(new) - set(old)):
            self.add(
                BREAKING,
                f"security scheme {name}",
                f"added ({_scheme(new[name])}): the client may not authenticate; check it supports the scheme",
            )
        for name in sorted(set(old) - set(new)):
            self.add(
                BREAKING,
                f"security scheme {name}",
                f"removed ({_scheme(old[name])}): the client may not authenticate",
            )
        for name in sorted(set(old) & set(new)):
            if _shape(old[name]) != _shape(new[name]):
                self.add(
                    BREAKING,
                    f"security scheme {name}",
                    f"changed ({_scheme(old[name])} -> {_scheme(new[name])}): the client may not authenticate",
                )
            elif old[name] != new[name]:
                self.add(DOCS, f"security scheme {name}", "documentation changed")

    def _schema(self, subject: str, old: Any, new: Any, ways: set[str]) -> None:
        """Field-level changes of one schema; nested inline objects and array items are followed."""
        if not isinstance(old, dict) or not isinstance(new, dict):
            if old != new:
                self.add(BREAKING, subject, f"type changed: {_type_of(old)} -> {_type_of(new)}")
            return
        self._nullable(subject, old, new, ways)
        union = next((key for key in ("oneOf", "anyOf") if key in old and key in new), None)
        if union is not None:
            self._listed(
                subject, "variants", [_type_of(s) for s in old[union]], [_type_of(s) for s in new[union]], ways
            )
            return
        if _type_of(old) != _type_of(new):
            self.add(BREAKING, subject, f"type changed: {_type_of(old)} -> {_type_of(new)}")
            return
        old_props, old_required = _fields(old)
        new_props, new_required = _fields(new)
        if old_props or new_props:
            self._properties(subject, old_props, old_required, new_props, new_required, ways)
        if old.get("type") == "array" and isinstance(old.get("items"), dict) and "$ref" not in old["items"]:
            self._schema(f"{subject}[]", old["items"], new.get("items"), ways)
        before, after = old.get("enum"), new.get("enum")
        if (before is None) != (after is None):
            self.add(BREAKING, subject, "became an enum" if after is not None else "no longer an enum")
        elif before is not None and after is not None:
            self._listed(subject, "enum values", before, after, ways)

    def _properties(
        self,
        subject: str,
        old: Mapping[str, Any],
        old_required: set[str],
        new: Mapping[str, Any],
        new_required: set[str],
        ways: set[str],
    ) -> None:
        for name in sorted(set(old) - set(new)):
            self.add(BREAKING, f"{subject}.{name}", "removed")
        for name in sorted(set(new) - set(old)):
            required = name in new_required
            breaking = required and _REQUEST in ways
            self.add(BREAKING if breaking else ADDITIVE, f"{subject}.{name}", f"added ({_req(required)})")
            if isinstance(new[name], dict) and new[name].get("deprecated") is True:
                self.add(DEPRECATED, f"{subject}.{name}", "added as deprecated")
        for name in sorted(set(old) & set(new)):
            if isinstance(old[name], dict) and isinstance(new[name], dict):
                self._deprecation(f"{subject}.{name}", old[name], new[name])
            was, now = name in old_required, name in new_required
            if was and not now:
                self.add(BREAKING if _RESPONSE in ways else ADDITIVE, f"{subject}.{name}", "became optional")
            elif now and not was:
                self.add(BREAKING if _REQUEST in ways else ADDITIVE, f"{subject}.{name}", "became required")
            self._schema(f"{subject}.{name}", old[name], new[name], ways)

    def _nullable(self, subject: str, old: Mapping[str, Any], new: Mapping[str, Any], ways: set[str]) -> None:
        was, now = bool(old.get("nullable")), bool(new.get("nullable"))
        if now and not was:
            self.add(BREAKING if _RESPONSE in ways else ADDITIVE, subject, "became nullable")
        elif was and not now:
            self.add(BREAKING if _REQUEST in ways else ADDITIVE, subject, "no longer nullable")

    def _listed(self, subject: str, what: str, before: list[Any], after: list[Any], ways: set[str]) -> None:
        """Enum values or union variants: a new one breaks readers, a removed one breaks senders."""
        added = [value for value in after if value not in before]
        removed = [value for value in before if value not in after]
        if added:
            self.add(BREAKING if _RESPONSE in ways else ADDITIVE, subject, f"{what} added: {_values(added)}")
        if removed:
            self.add(BREAKING if _REQUEST in ways else ADDITIVE, subject, f"{what} removed: {_values(removed)}")


def _shown(value: Any) -> str:
    return "(none)" if value is None else json.dumps(value, sort_keys=True)


def _canonical_security(requirements: Any) -> Any:
    if not isinstance(requirements, list):
        return requirements
    return sorted(json.dumps(r, sort_keys=True) for r in requirements)


def _scheme(scheme: Any) -> str:
    """``apiKey in header X-Api-Key``, ``http bearer``...: what a client must send."""
    if not isinstance(scheme, Mapping):
        return "?"
    kind = str(scheme.get("type", "?"))
    if kind == "apiKey":
        return f"apiKey in {scheme.get('in', '?')} {scheme.get('name', '?')}"
    if kind == "http":
        return f"http {scheme.get('scheme', '?')}"
    return kind


def _req(required: bool) -> str:
    return "required" if required else "optional"


def _values(values: list[Any]) -> str:
    return ", ".join(json.dumps(value) for value in values)


def _unlisted(old: Any, new: Any) -> str:
    if _shape(old) == _shape(new):
        return "documentation changed"
    return "changed in a way the SDK's types do not show (constraints, formats of text, extensions)"
