# Hand-written: edit overrides/splx_probe_client/_validation.py, not this copy (installed by `make generate`).
"""Check JSON data against the spec's rules (``_schema_rules``, written by the pipeline), standard library only.

>>> validate("TargetNewCreateRequest", {"settings": {"name": "x"}})["settings.name"]
['must be at least 2 characters long']

Used by FakeProbe to refuse a bad request as the platform does, and by the CLI to name a bad field of a file
before anything is sent. Every keyword of an OpenAPI 3.0 schema is checked (see openapi/pipeline/rules.py; the
overlapping unions it lists as gaps are checked as ``anyOf``); ``readOnly`` and ``writeOnly`` by ``direction``.
Paths are dotted JSON paths (``settings.name``, ``connection.config.apiKey``,
``settings.supportedModes[1]``); a problem with the whole document is reported under ``body``. Messages never
quote the value that was checked: it may be a secret.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import math
import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Any, Literal

from ._schema_rules import SCHEMAS, Rule

__all__ = ["ROOT", "check_value", "known_fields", "validate"]

ROOT = "body"
"""The path under which problems of the whole document are reported."""

_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$-]*")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# RFC 3339 section 5.6: any case for T and Z, a leap second, any number of fractional digits.
_DATE_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
Direction = Literal["request", "response"]
_TYPE_CHECKS = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def validate(schema: str, data: object, *, direction: Direction = "request") -> dict[str, list[str]]:
    """Problems of ``data`` against the spec's schema ``schema`` (a component name), by JSON path; empty if none.

    Every problem is reported, not only the first. Objects that declare their fields refuse any other key.
    ``direction``: a ``request`` refuses ``readOnly`` fields (and never requires them); a ``response`` refuses
    ``writeOnly`` ones.
    """
    errors: dict[str, list[str]] = {}
    _check(data, _named(schema), "", errors, direction)
    return errors


def check_value(rule: Rule, data: object, where: str) -> list[str]:
    """Problems of one value (e.g. a query parameter, already typed) against ``rule``, reported under ``where``."""
    errors: dict[str, list[str]] = {}
    _check(data, rule, where, errors, "request")
    return [f"{path}: {problem}" if path != where else problem for path, found in errors.items() for problem in found]


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


def _check(value: object, rule: Rule, path: str, errors: dict[str, list[str]], direction: Direction) -> None:
    rule = _resolve(rule)
    problems = list(_problems(value, rule))
    if problems:
        errors.setdefault(path or ROOT, []).extend(problems)
        return
    if value is None:
        return
    if isinstance(value, list) and rule.items is not None:
        for index, item in enumerate(value):
            _check(item, rule.items, f"{path}[{index}]", errors, direction)
    if isinstance(value, dict):
        _check_object(value, rule, path, errors, direction)
    for member in rule.all_of:
        _check(value, member, path, errors, direction)
    if rule.not_ is not None and not _errors_of(value, rule.not_, direction):
        excluded = rule.not_.ref or "the schema its `not` excludes"
        errors.setdefault(path or ROOT, []).append(f"must not match {excluded}")
    if rule.tag is not None and rule.tag_mapping is not None:
        _check_tagged(value, rule, path, errors, direction)
    elif rule.one_of and rule.discriminator is None:
        matched = sum(1 for variant in rule.one_of if not _errors_of(value, variant, direction))
        names = ", ".join(_name_of(variant) for variant in rule.one_of)
        if matched == 0:
            exactly = "exactly " if rule.exclusive else ""
            errors.setdefault(path or ROOT, []).append(f"must match {exactly}one of: {names}")
        elif rule.exclusive and matched > 1:
            errors.setdefault(path or ROOT, []).append(f"must match exactly one of: {names} (it matches {matched})")


def _name_of(rule: Rule) -> str:
    return rule.ref or rule.type or "any"


def _check_tagged(value: object, rule: Rule, path: str, errors: dict[str, list[str]], direction: Direction) -> None:
    """OpenAPI's ``discriminator``: the value's own ``tag`` property picks the one variant it is checked against."""
    assert rule.tag is not None
    assert rule.tag_mapping is not None
    if not isinstance(value, dict):
        return  # the type is reported by the rule's own ``type`` (a tagged union is of objects)
    where = _join(path, rule.tag)
    kind = value.get(rule.tag)
    if kind is None:
        errors.setdefault(where, []).append("is required (it names the variant)")
        return
    chosen = rule.tag_mapping.get(kind) if isinstance(kind, str) else None
    if chosen is None:
        shown = kind if isinstance(kind, str) and len(kind) <= 60 else "the value"
        errors.setdefault(where, []).append(f"unknown variant {shown!r}; one of {', '.join(rule.tag_mapping)}")
        return
    _check(value, Rule(ref=chosen), path, errors, direction)


def _problems(value: object, rule: Rule) -> Iterator[str]:
    """What is wrong with ``value`` itself (not its items or fields)."""
    if value is None:
        if not rule.nullable and (rule.type is not None or rule.enum is not None):
            yield "must not be null"
        return
    if rule.type is not None and not _TYPE_CHECKS[rule.type](value):
        yield f"must be of type {rule.type}"
        return
    if rule.enum is not None and not any(_same(value, option) for option in rule.enum):
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
        if rule.unique_items and len({_canonical(item) for item in value}) != len(value):
            yield "must not contain duplicates"
    elif isinstance(value, dict):
        if rule.min_properties is not None and len(value) < rule.min_properties:
            yield f"must have at least {rule.min_properties} properties"
        if rule.max_properties is not None and len(value) > rule.max_properties:
            yield f"must have at most {rule.max_properties} properties"


def _canonical(value: object) -> str:
    """One text per JSON value as JSON Schema compares them: key order ignored, 1 == 1.0, true != 1."""

    def tagged(item: object) -> object:
        if isinstance(item, bool) or item is None or isinstance(item, str):
            return item
        if isinstance(item, int | float):
            return {"#n": str(Fraction(item)) if math.isfinite(item) else repr(item)}
        if isinstance(item, dict):
            return {"#o": sorted((str(k), tagged(v)) for k, v in item.items())}
        if isinstance(item, list):
            return [tagged(v) for v in item]
        return repr(item)

    return json.dumps(tagged(value), sort_keys=True)


def _same(value: object, option: object) -> bool:
    if isinstance(value, bool) != isinstance(option, bool):
        return False
    return value == option


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
    problem = _FORMATS.get(rule.format or "")
    if problem is not None and not problem[0](value):
        yield problem[1]


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
    # Decimal, as written: 0.3 is a multiple of 0.1 (in binary floating point it is not).
    if rule.multiple_of is not None and math.isfinite(value) and Fraction(str(value)) % Fraction(str(rule.multiple_of)):
        yield f"must be a multiple of {rule.multiple_of}"


def _check_object(
    value: dict[str, Any], rule: Rule, path: str, errors: dict[str, list[str]], direction: Direction
) -> None:
    properties = rule.properties or {}
    for name in rule.required:
        field = properties.get(name)
        if name not in value and not (field is not None and _hidden(_resolve(field), direction)):
            errors.setdefault(_join(path, name), []).append("is required")
    for key, item in value.items():
        where = _join(path, str(key))  # JSON keys are strings; a Python caller may pass others
        field = properties.get(key)
        if field is None:
            if rule.values is not None:
                _check(item, rule.values, where, errors, direction)
            elif rule.closed:
                errors.setdefault(where, []).append("is not a known field")
            continue
        if _hidden(_resolve(field), direction):
            side = "read-only: only the server sends it" if direction == "request" else "write-only: never answered"
            errors.setdefault(where, []).append(f"is {side}")
            continue
        if field.discriminator is not None and field.mapping is not None:
            chosen = _variant(value.get(field.discriminator), field, _join(path, field.discriminator), errors)
            # With no known variant, only what every variant shares (the type) can be checked.
            field = Rule(ref=chosen) if chosen else field._replace(one_of=(), discriminator=None, mapping=None)
        _check(item, field, where, errors, direction)


def _hidden(field: Rule, direction: Direction) -> bool:
    """A field the other side alone may send (``readOnly`` in a request, ``writeOnly`` in an answer)."""
    return field.read_only if direction == "request" else field.write_only


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


def _errors_of(value: object, rule: Rule, direction: Direction = "request") -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    _check(value, rule, "", found, direction)
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


def _is_date(value: str) -> bool:
    match = _DATE.fullmatch(value)
    return match is not None and _is_date_time(f"{value}T00:00:00Z")


def _is_byte(value: str) -> bool:
    if len(value) % 4 or _BASE64.fullmatch(value) is None:
        return False
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _is_ip(version: int) -> Any:
    def check(value: str) -> bool:
        try:
            return ipaddress.ip_address(value).version == version
        except ValueError:
            return False

    return check


_FORMATS: dict[str, tuple[Any, str]] = {
    "date": (_is_date, "must be an RFC 3339 full-date (YYYY-MM-DD)"),
    "byte": (_is_byte, "must be base64"),
    "email": (lambda v: _EMAIL.fullmatch(v) is not None, "must be an email address"),
    "ipv4": (_is_ip(4), "must be an IPv4 address"),
    "ipv6": (_is_ip(6), "must be an IPv6 address"),
}
"""String formats checked besides uuid and date-time; others (``password``, ``uri``...) are annotations."""
