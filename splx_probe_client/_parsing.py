# Hand-written: edit overrides/splx_probe_client/_parsing.py, not this copy (installed by `make generate`).
"""How generated models read values the generator's own code gets wrong: date-times, enums, discriminated unions.

The pipeline (``openapi/pipeline/models_postprocess.py``) rewrites every generated model and endpoint to call
these helpers, so a model a future regeneration adds behaves the same with no hand edit:

- ``parse_datetime``: every RFC 3339 date-time, including what ``datetime.fromisoformat`` rejects.
- ``enum_value``: a response enum value newer than this SDK is kept (as ``UnknownEnumValue``) with one
  warning; user input (request models) is strict. ``check_enum_fields`` and ``check_enum_arguments`` check
  request models and endpoint parameters before anything is sent.
- ``parse_variant``: a ``oneOf`` with a ``discriminator`` is read as the variant its discriminator names; a
  value this SDK does not know is kept as ``UnknownVariant``, never coerced into another variant.
- ``json_depth``: how deeply a JSON text nests, so an answer nested past ``MAX_JSON_DEPTH`` is refused before
  ``json`` (or anything walking the result: models, redaction, ``repr``) recurses into it.
"""

from __future__ import annotations

import datetime
import itertools
import logging
import re
import threading
from collections.abc import Collection, Mapping
from typing import Any, TypeVar

import attrs

from ._model_base import define
from .types import Unset

__all__ = [
    "UnknownEnumValue",
    "UnknownVariant",
    "check_enum_arguments",
    "check_variant",
    "check_enum_fields",
    "enum_value",
    "json_depth",
    "json_too_deep",
    "parse_datetime",
    "parse_variant",
]

logger = logging.getLogger(__name__)

_E = TypeVar("_E")

# Whatever `fromisoformat` (3.11+) cannot take in RFC 3339: a leap second, fractions past microseconds.
_SECONDS = re.compile(r"(?P<head>\d{4}-\d\d-\d\d[T ]\d\d:\d\d):(?P<second>\d\d)(?:[.,](?P<fraction>\d+))?(?P<tail>.*)")
_LAST_MICROSECOND = "59.999999"

MAX_JSON_DEPTH = 200
"""Deepest nesting of arrays and objects an answer may have: the API's deepest model nests under 20 levels;
``json`` and every recursive walk of its result (models, redaction, ``repr``) stay far from Python's recursion
limit. Change it by assigning ``splx_probe_client._parsing.MAX_JSON_DEPTH`` (read at each answer)."""

_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_A_BRACKET = bytes(sorted(set(range(256)) - set(b"[]{}")))
_DEPTH_STEP = [0] * 256
for _opening in b"[{":
    _DEPTH_STEP[_opening] = 1
for _closing in b"]}":
    _DEPTH_STEP[_closing] = -1


def json_depth(text: bytes) -> int:
    """How deeply the arrays and objects of the JSON ``text`` nest (0 for a scalar), counting no bracket in a string.

    Linear and iterative: a hostile answer nested a million deep costs its length in time, never the stack.
    """
    brackets = _JSON_STRING.sub(b"", text).translate(None, _NOT_A_BRACKET)
    return max(itertools.accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)


def json_too_deep(text: bytes, limit: int | None = None) -> bool:
    """Whether the JSON ``text`` nests deeper than ``limit`` (``MAX_JSON_DEPTH`` by default).

    Costs two byte counts for every text with fewer brackets than the limit (nearly every answer), so it is
    cheap enough for each call; only a text with more brackets is scanned.
    """
    limit = MAX_JSON_DEPTH if limit is None else limit
    if text.count(b"[") + text.count(b"{") <= limit:
        return False
    return json_depth(text) > limit


_warned: set[tuple[object, ...]] = set()
_warned_lock = threading.Lock()
MAX_WARNED = 1000
"""Distinct unknown values warned about per process; past it, one last warning and silence (memory stays bounded)."""


def parse_datetime(value: object) -> datetime.datetime:
    """A date-time as RFC 3339 writes it, lenient where the RFC is.

    Accepts lower-case ``t``/``z``, a space for ``T``, any number of fractional digits (beyond microseconds
    they are truncated) and ``-00:00``. A leap second (``23:59:60Z``, or the same instant at another offset)
    cannot be a ``datetime``: it becomes the last representable instant of that minute, ``23:59:59.999999``,
    so it still sorts after ``:59`` and before the next minute; ``:60`` at any other minute is an error.
    A value without an offset is read as a naive ``datetime``, as the server sent it.
    Raises ``TypeError`` for a non-string and ``ValueError`` for a string that is no date-time.
    """
    if not isinstance(value, str):
        raise TypeError(f"expected an RFC 3339 date-time string, got {type(value).__name__}")
    text = value.strip().upper()
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        pass
    match = _SECONDS.fullmatch(text)
    if match:
        second = match["second"]
        fraction = (match["fraction"] or "0")[:6]
        leap = second == "60"
        if leap:
            second, fraction = _LAST_MICROSECOND.split(".")
        try:
            parsed = datetime.datetime.fromisoformat(f"{match['head']}:{second}.{fraction}{match['tail']}")
        except ValueError:
            pass
        else:
            if not leap or _is_leap_minute(parsed):
                return parsed
    raise ValueError(f"not an RFC 3339 date-time: {value[:64]!r}")


def _is_leap_minute(value: datetime.datetime) -> bool:
    # Leap seconds are inserted after 23:59:59 UTC; local offsets move that minute, naive values cannot say.
    if value.utcoffset() is None:
        return value.minute == 59
    utc = value.astimezone(datetime.UTC)
    return (utc.hour, utc.minute) == (23, 59)


class UnknownEnumValue(str):
    """An enum value a response carried that this SDK version does not know (newer API), kept as its string.

    It is a ``str``: compare and serialise it like any value. Request models accept it back unchanged,
    so a model read and written back loses nothing; a plain unknown string in a request is an error.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"UnknownEnumValue({str(self)!r})"


def enum_value(value: object, values: Collection[_E], enum: str, where: str, *, strict: bool) -> _E:
    """``value`` when it is one of ``values``; otherwise an error (``strict``) or the kept value.

    ``where`` names the field (``Model.field``). Not strict (models a response may carry): an unknown string
    becomes an ``UnknownEnumValue``, other unknown values are kept as they are, with one ``WARNING`` per
    enum and value per process. Strict (user input): ``ValueError`` naming the field and the allowed values.
    """
    if _is_member(value, values):
        return value  # type: ignore[return-value]  # membership proves the type
    # Kept only when it is a value of the enum's own JSON type: 7 where strings belong is a broken response.
    if strict or not any(type(known) is type(value) for known in values):
        raise ValueError(f"{where}: {value!r} is not a {enum} value; expected one of {_listing(values)}")
    _warn_once(
        ("enum", enum, value),
        f"{where}: {value!r} is not a {enum} value this SDK version knows ({_listing(values)}); kept as sent."
        " Upgrade or regenerate the SDK to read it as a known value.",
    )
    return UnknownEnumValue(value) if isinstance(value, str) else value  # type: ignore[return-value]


def check_enum_fields(model: object, fields: Mapping[str, Collection[Any]]) -> None:
    """Raise ``ValueError`` naming the field when a request model holds a value outside its enum.

    Called by the generated ``to_dict`` of models a request may carry, so the error comes before anything
    is sent. ``fields`` maps attribute names to allowed values; lists and maps are checked item by item.
    ``UnknownEnumValue`` (a value the server sent) passes.
    """
    for name, values in fields.items():
        _check_enum(getattr(model, name), values, f"{type(model).__name__}.{name}")


def check_enum_arguments(operation: str, arguments: Mapping[str, tuple[object, Collection[Any]]]) -> None:
    """Raise ``ValueError`` naming the argument when an endpoint's enum parameter (query, path, header) is not
    one of its values: called first by the generated ``_get_kwargs``, before anything is sent.
    """
    for name, (value, values) in arguments.items():
        _check_enum(value, values, f"{operation}: {name}")


def _check_enum(value: object, values: Collection[Any], where: str) -> None:
    if value is None or isinstance(value, Unset | UnknownEnumValue):
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_enum(item, values, f"{where}[{index}]")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _check_enum(item, values, f"{where}[{key!r}]")
    elif not _is_member(value, values):
        raise ValueError(f"{where}: {value!r} is not one of {_listing(values)}")


@define
class UnknownVariant:
    """A member of a discriminated ``oneOf`` this SDK cannot read as one of its typed variants, kept as sent.

    Made when the discriminator names a variant newer than this SDK (upgrade, or regenerate, for a typed
    model), is missing, or when the data does not fit the variant it names. ``to_dict()`` gives ``data``
    back unchanged, so a value read and written back loses nothing. Its repr hides secrets like every model's.
    """

    property_name: str
    """The discriminator property, e.g. ``kind``."""
    value: Any
    """The discriminator's value as sent (``None`` when it was missing)."""
    data: dict[str, Any] = attrs.field(factory=dict)
    """The object as sent, discriminator included."""

    def to_dict(self) -> dict[str, Any]:
        """``data``, as sent (copied one level deep, like the generated models' ``to_dict``)."""
        return dict(self.data)


def parse_variant(data: object, where: str, property_name: str, variants: Mapping[str, Any], *, strict: bool) -> Any:
    """The model ``variants[data[property_name]]`` reads ``data`` into.

    Not strict (a response): a value this SDK does not know, a missing discriminator or data that does not
    fit the variant it names is kept as ``UnknownVariant`` with one ``WARNING``. Strict (user input): each of
    these is a ``ValueError`` naming the field. Data that is not a JSON object is a ``ValueError`` either way.
    """
    if not isinstance(data, Mapping):
        raise ValueError(f"{where}: expected a JSON object with {property_name!r}, got {_kind(data)}")
    value = data.get(property_name)
    model = variants.get(value) if isinstance(value, str) else None
    if model is None:
        known = _listing(variants)
        if strict:
            raise ValueError(f"{where}: {property_name} {value!r} is not one of {known}")
        _warn_once(
            ("variant", property_name, tuple(sorted(variants)), value),
            f"{where}: {property_name} {value!r} is not a variant this SDK version knows ({known}); kept as"
            " UnknownVariant. Upgrade or regenerate the SDK to read it as a typed model.",
        )
        return UnknownVariant(property_name=property_name, value=value, data=dict(data))
    try:
        return model.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        reason = f"missing field {exc.args[0]!r}" if isinstance(exc, KeyError) and exc.args else str(exc)
        problem = f"{where}: a {property_name} {value!r} object does not fit {model.__name__} ({reason})"
    if strict:
        raise ValueError(problem) from None
    _warn_once(("misfit", where, value), f"{problem}; kept as UnknownVariant")
    return UnknownVariant(property_name=property_name, value=value, data=dict(data))


def check_variant(value: object, data: object, where: str, property_name: str, variants: Mapping[str, str]) -> None:
    """Make the serialised ``data`` of a union member name its own variant, before it is sent.

    ``variants`` maps discriminator values to class names. An unset discriminator is filled in when one value
    names ``value``'s class; a value naming another variant (``LeakFinding(kind="JAILBREAK")``, which the
    server would read as a jailbreak) is a ``ValueError`` naming the field. ``UnknownVariant`` goes as it is.
    """
    if isinstance(value, UnknownVariant) or not isinstance(data, dict):
        return
    own = sorted(key for key, name in variants.items() if name == type(value).__name__)
    current = data.get(property_name)
    if current in own:
        return
    if current is None and property_name not in data and len(own) == 1:
        data[property_name] = own[0]
        return
    raise ValueError(
        f"{where}: a {type(value).__name__} with {property_name} {current!r} would be read as"
        f" {variants.get(current, 'an unknown variant') if isinstance(current, str) else 'an unknown variant'};"
        f" expected {property_name} {' or '.join(repr(key) for key in own)}"
    )


def _warn_once(key: tuple[object, ...], message: str) -> None:
    # Once per key and process: a list of a thousand items of a new kind should not log a thousand lines.
    with _warned_lock:
        if key in _warned or len(_warned) > MAX_WARNED:
            return
        _warned.add(key)
        full = len(_warned) > MAX_WARNED
    logger.warning(message)
    if full:
        logger.warning("%d distinct unknown values warned about: further ones are kept without a warning", MAX_WARNED)


def _is_member(value: object, values: Collection[Any]) -> bool:
    if isinstance(value, bool):  # True == 1: a boolean is no member of an integer enum
        return any(item is value for item in values)
    try:
        return value in values
    except TypeError:  # unhashable: a list or object where a value belongs
        return False


def _listing(values: Collection[Any]) -> str:
    return ", ".join(sorted(repr(value) for value in values))


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__
