# Hand-written: edit overrides/splx_probe_client/_validation.py, not this copy (installed by `make generate`).
"""Check JSON data against the spec's rules (``_schema_rules``, written by the pipeline), standard library only.

>>> validate("TargetNewCreateRequest", {"settings": {"name": "x"}})["settings.name"]
['must be at least 2 characters long']

Used by FakeProbe to refuse a bad request as the platform does, and by the CLI to name a bad field of a file
before anything is sent. Paths are dotted JSON paths (``settings.name``, ``connection.config.apiKey``,
``settings.supportedModes[1]``); a problem with the whole document is reported under ``body``. Messages never
quote the value that was checked: it may be a secret.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from ._schema_rules import SCHEMAS, Rule

__all__ = ["ROOT", "known_fields", "validate"]

ROOT = "body"
"""The path under which problems of the whole document are reported."""

_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$-]*")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# RFC 3339 section 5.6: any case for T and Z, a leap second, any number of fractional digits.
_DATE_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))")
_TYPE_CHECKS = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def validate(schema: str, data: object) -> dict[str, list[str]]:
    """Problems of ``data`` against the spec's schema ``schema`` (a component name), by JSON path; empty if none.

    Every problem is reported, not only the first. Objects that declare their fields refuse any other key.
    """
    errors: dict[str, list[str]] = {}
    _check(data, _named(schema), "", errors)
    return errors


def known_fields(schema: str, data: object) -> object:
    """A copy of ``data`` with only the keys the schema defines, at every depth (the rest is left as is)."""
    return _project(data, _named(schema))


def _named(schema: str) -> Rule:
    try:
        return SCHEMAS[schema]
    except KeyError:
        raise ValueError(f"the spec has no schema {schema!r}") from None


def _resolve(rule: Rule) -> Rule:
    while rule.ref is not None:
        rule = SCHEMAS[rule.ref]
    return rule


def _join(path: str, key: str) -> str:
    if _NAME.fullmatch(key):
        return f"{path}.{key}" if path else key
    quoted = '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{path}[{quoted}]"


def _check(value: object, rule: Rule, path: str, errors: dict[str, list[str]]) -> None:
    rule = _resolve(rule)
    problems = list(_problems(value, rule))
    if problems:
        errors.setdefault(path or ROOT, []).extend(problems)
        return
    if value is None:
        return
    if isinstance(value, list) and rule.items is not None:
        for index, item in enumerate(value):
            _check(item, rule.items, f"{path}[{index}]", errors)
    if isinstance(value, dict):
        _check_object(value, rule, path, errors)
    if rule.one_of and rule.discriminator is None and all(_errors_of(value, v) for v in rule.one_of):
        names = ", ".join(variant.ref or variant.type or "any" for variant in rule.one_of)
        errors.setdefault(path or ROOT, []).append(f"must match one of: {names}")


def _problems(value: object, rule: Rule) -> Iterator[str]:
    """What is wrong with ``value`` itself (not its items or fields)."""
    if value is None:
        if not rule.nullable and (rule.type is not None or rule.enum is not None):
            yield "must not be null"
        return
    if rule.type is not None and not _TYPE_CHECKS[rule.type](value):
        yield f"must be of type {rule.type}"
        return
    if rule.enum is not None and value not in rule.enum:
        yield "must be one of " + ", ".join(str(option) for option in rule.enum)
    if isinstance(value, str):
        yield from _string_problems(value, rule)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield from _number_problems(value, rule)
    elif isinstance(value, list):
        if rule.min_items is not None and len(value) < rule.min_items:
            yield f"must have at least {rule.min_items} items"
        if rule.max_items is not None and len(value) > rule.max_items:
            yield f"must have at most {rule.max_items} items"
        if rule.unique_items and len({repr(item) for item in value}) != len(value):
            yield "must not contain duplicates"


def _string_problems(value: str, rule: Rule) -> Iterator[str]:
    if rule.min_length is not None and len(value) < rule.min_length:
        yield f"must be at least {rule.min_length} characters long"
    if rule.max_length is not None and len(value) > rule.max_length:
        yield f"must be at most {rule.max_length} characters long"
    if rule.pattern is not None and re.search(rule.pattern, value) is None:
        yield f"must match the pattern {rule.pattern}"
    if rule.format == "uuid" and not _is_uuid(value):
        yield "must be a UUID"
    if rule.format == "date-time" and not _is_date_time(value):
        yield "must be an RFC 3339 date-time"


def _number_problems(value: float, rule: Rule) -> Iterator[str]:
    bounds = _RANGES.get(rule.format or "")
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        yield f"must be between {bounds[0]} and {bounds[1]} ({rule.format})"
    if rule.minimum is not None:
        if rule.exclusive_minimum and value <= rule.minimum:
            yield f"must be greater than {rule.minimum}"
        elif value < rule.minimum:
            yield f"must be at least {rule.minimum}"
    if rule.maximum is not None:
        if rule.exclusive_maximum and value >= rule.maximum:
            yield f"must be less than {rule.maximum}"
        elif value > rule.maximum:
            yield f"must be at most {rule.maximum}"


def _check_object(value: dict[str, Any], rule: Rule, path: str, errors: dict[str, list[str]]) -> None:
    properties = rule.properties or {}
    for name in rule.required:
        if name not in value:
            errors.setdefault(_join(path, name), []).append("is required")
    for key, item in value.items():
        where = _join(path, str(key))  # JSON keys are strings; a Python caller may pass others
        field = properties.get(key)
        if field is None:
            if rule.values is not None:
                _check(item, rule.values, where, errors)
            elif rule.closed:
                errors.setdefault(where, []).append("is not a known field")
            continue
        if field.discriminator is not None and field.mapping is not None:
            chosen = _variant(value.get(field.discriminator), field, _join(path, field.discriminator), errors)
            # With no known variant, only what every variant shares (the type) can be checked.
            field = Rule(ref=chosen) if chosen else field._replace(one_of=(), discriminator=None, mapping=None)
        _check(item, field, where, errors)


def _variant(kind: object, field: Rule, where: str, errors: dict[str, list[str]]) -> str | None:
    """The schema the discriminator value picks; ``None`` (reported, unless the value is itself invalid)."""
    assert field.mapping is not None
    if not isinstance(kind, str):
        return None  # a missing or non-string discriminator is reported by its own rule
    chosen = field.mapping.get(kind)
    if chosen is None:
        shown = kind if len(kind) <= 60 else kind[:57] + "..."
        errors.setdefault(where, []).append(f"unknown connection type {shown!r}; one of {', '.join(field.mapping)}")
    return chosen


def _errors_of(value: object, rule: Rule) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    _check(value, rule, "", found)
    return found


def _project(value: object, rule: Rule) -> object:
    rule = _resolve(rule)
    if isinstance(value, list) and rule.items is not None:
        return [_project(item, rule.items) for item in value]
    if not isinstance(value, dict):
        return value
    properties = rule.properties or {}
    kept: dict[str, object] = {}
    for key, item in value.items():
        field = properties.get(key)
        if field is not None:
            kept[key] = _project(item, field)
        elif rule.values is not None:
            kept[key] = _project(item, rule.values)
        elif not rule.closed:
            kept[key] = item
    return kept


def _is_uuid(value: str) -> bool:
    return _UUID.fullmatch(value) is not None  # the hyphenated form only, as the platform writes and reads it


def _is_date_time(value: str) -> bool:
    match = _DATE_TIME.fullmatch(value)
    if match is None:
        return False
    year, month, day, hour, minute, second = (int(part) for part in match.group(1, 2, 3, 4, 5, 6))
    days = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30, 31, 30]
    days += [31, 31, 30, 31, 30, 31]
    offset_ok = match.group(9) is None or (int(match.group(9)) <= 23 and int(match.group(10)) <= 59)
    return (
        1 <= month <= 12 and 1 <= day <= days[month - 1] and hour <= 23 and minute <= 59 and second <= 60 and offset_ok
    )
