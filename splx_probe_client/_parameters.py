# Hand-written: edit overrides/splx_probe_client/_parameters.py, not this copy (installed by `make generate`).
"""Path, query, header and cookie parameters: checked, then serialised as the spec's ``style``/``explode`` say.

The generated endpoint modules call these from ``_get_kwargs`` (the pipeline's ``openapi/pipeline/parameters.py``
writes the calls, with each parameter's location, style and schema shape taken from the spec), so the resource
methods of both clients and the generated ``sync``/``asyncio`` functions check and send parameters alike.
A wrong type or value is a ``TypeError``/``ValueError`` naming the parameter, raised before anything is sent;
a header value is never quoted in a message (it may be a secret).

Shapes (the ``shape`` of a row): ``"integer"``, ``"number"``, ``"string"``, ``"boolean"``, ``"uuid"``,
``"date-time"``, ``"date"``, ``("array", item_shape)``, ``("object",)`` (a generated model or a mapping of
primitives).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias
from urllib.parse import quote
from uuid import UUID

from .types import Unset

__all__ = ["Row", "Shape", "encode_parameters", "path_int", "path_segment"]

Shape: TypeAlias = "str | tuple[Any, ...]"
Row: TypeAlias = "tuple[str, str, str, str, bool, bool, Shape, object]"
"""(argument, name on the wire, location, style, explode, required, shape, value)."""

_DOT_SEGMENTS = frozenset({"", ".", ".."})
_HEADER_UNSAFE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_COOKIE_UNSAFE = re.compile(r"[\x00-\x20\x7f\";,\\]")
_DELIMITERS = {"form": ",", "spaceDelimited": "%20", "pipeDelimited": "|"}


def path_int(name: str, value: object) -> str:
    """The text of an ``int`` path parameter; a ``TypeError`` naming it for anything else (``True`` included).

    The generated code calls it only when ``type(value) is not int``: plain ints take ``str(value)`` directly.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return str(int(value))
    raise TypeError(f"{name} must be int, got {type(value).__name__}")


def path_segment(name: str, value: object) -> str:
    """``value`` as one path segment: ``/``, ``?``, ``#``, ``%`` and the rest percent-encoded.

    An empty value, ``.`` or ``..`` would change which path is called (URLs resolve dot segments), so they are a
    ``ValueError`` naming the parameter.
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float | UUID):
        raise TypeError(f"{name} must be a str (a path segment), got {type(value).__name__}")
    text = str(value)
    if text in _DOT_SEGMENTS:
        raise ValueError(f"{name} must not be {text!r}: as a path segment it would call another path")
    return quote(text, safe="")


def _primitive(where: str, shape: str, value: object) -> str:
    """``value`` as text after checking it is what ``shape`` says."""
    if shape == "integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return str(int(value))
        raise TypeError(f"{where} must be int, got {type(value).__name__}")
    if shape == "string":
        if isinstance(value, str):
            return value
        raise TypeError(f"{where} must be str, got {type(value).__name__}")
    if shape == "boolean":
        if isinstance(value, bool):
            return "true" if value else "false"
        raise TypeError(f"{where} must be bool, got {type(value).__name__}")
    if shape == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{where} must be a number, got {type(value).__name__}")
        if not math.isfinite(value):
            raise ValueError(f"{where} must be a finite number")
        return str(value)
    if shape == "uuid":
        if isinstance(value, UUID):
            return str(value)
        if isinstance(value, str):
            try:
                return str(UUID(value))
            except ValueError:
                raise ValueError(f"{where} must be a UUID") from None
        raise TypeError(f"{where} must be a UUID, got {type(value).__name__}")
    if shape == "date-time":
        if not isinstance(value, datetime.datetime):
            raise TypeError(f"{where} must be a datetime.datetime, got {type(value).__name__}")
        if value.utcoffset() is None:
            raise ValueError(f"{where} must be an aware datetime (RFC 3339 needs an offset: give it a tzinfo)")
        return value.isoformat()
    if shape == "date":
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            raise TypeError(f"{where} must be a datetime.date, got {type(value).__name__}")
        return value.isoformat()
    raise TypeError(f"{where}: no serialisation for shape {shape!r}")  # the pipeline writes only the shapes above


def _items(where: str, item: str, value: object) -> list[str]:
    if not isinstance(value, list | tuple):
        raise TypeError(f"{where} must be a list, got {type(value).__name__}")
    return [_primitive(f"{where}[{index}]", item, each) for index, each in enumerate(value)]


def _fields(where: str, value: object) -> list[tuple[str, str]]:
    """The (key, text) pairs of an object parameter: a generated model (``to_dict``) or a mapping of primitives."""
    to_dict = getattr(value, "to_dict", None)
    data = to_dict() if callable(to_dict) and not isinstance(value, Mapping) else value
    if not isinstance(data, Mapping):
        raise TypeError(f"{where} must be a model or a mapping, got {type(value).__name__}")
    pairs: list[tuple[str, str]] = []
    for key, item in data.items():
        if not isinstance(key, str):
            raise TypeError(f"{where} keys must be str, got {type(key).__name__}")
        if item is None or isinstance(item, Unset):
            continue
        if isinstance(item, bool):
            pairs.append((key, "true" if item else "false"))
        elif isinstance(item, str | int) or (isinstance(item, float) and math.isfinite(item)):
            pairs.append((key, str(item)))
        else:
            raise TypeError(f"{where}[{key!r}] must be a string, number or boolean, got {type(item).__name__}")
    return pairs


def _texts(where: str, shape: Shape, value: object) -> list[str] | list[tuple[str, str]] | str:
    if isinstance(shape, str):
        return _primitive(where, shape, value)
    if shape[0] == "array":
        return _items(where, shape[1], value)
    return _fields(where, value)


def _q(text: str) -> str:
    return quote(text, safe="")


def _query(name: str, style: str, explode: bool, shape: Shape, texts: Any) -> list[str]:
    """``name=value`` pieces of the query string, each name and value percent-encoded, delimiters not."""
    if isinstance(texts, str):
        return [f"{_q(name)}={_q(texts)}"]
    if isinstance(shape, tuple) and shape[0] == "array":
        if explode:
            return [f"{_q(name)}={_q(text)}" for text in texts]
        return [f"{_q(name)}={_DELIMITERS[style].join(_q(text) for text in texts)}"] if texts else []
    if style == "deepObject":
        return [f"{_q(name)}[{_q(key)}]={_q(text)}" for key, text in texts]
    if explode:  # form, exploded: each property is a parameter of its own
        return [f"{_q(key)}={_q(text)}" for key, text in texts]
    return [f"{_q(name)}={','.join(_q(part) for pair in texts for part in pair)}"] if texts else []


def _simple(explode: bool, shape: Shape, texts: Any) -> str:
    """A header's (or cookie's) text: ``simple`` style, lists and objects comma-separated."""
    if isinstance(texts, str):
        return texts
    if isinstance(shape, tuple) and shape[0] == "array":
        return ",".join(texts)
    return ",".join(f"{key}={text}" if explode else f"{key},{text}" for key, text in texts)


def encode_parameters(operation: str, rows: Sequence[Row]) -> tuple[str, dict[str, Any], dict[str, str]]:
    """(query string with its ``?`` or ``""``, headers, cookies) for an operation's non-path parameters.

    An ``UNSET`` (or ``None``) optional parameter is not sent; a required one, or a value of the wrong type,
    is an error naming ``operation`` and the argument.
    """
    query: list[str] = []
    headers: dict[str, Any] = {}
    cookies: dict[str, str] = {}
    for argument, name, location, style, explode, required, shape, value in rows:
        where = f"{operation}: {argument}" if argument == name else f"{operation}: {argument} ({location} {name})"
        if value is None or isinstance(value, Unset):
            if required:
                raise TypeError(f"{where} is required, got {'None' if value is None else 'UNSET'}")
            continue
        texts = _texts(where, shape, value)
        if location == "query":
            query += _query(name, style, explode, shape, texts)
        elif location == "header":
            text = _simple(explode, shape, texts)
            if _HEADER_UNSAFE.search(text):
                raise ValueError(f"{where}: a header value must not hold control characters (CR, LF, NUL...)")
            try:
                text.encode("latin-1")
            except UnicodeEncodeError:
                raise ValueError(f"{where}: a header value must be latin-1 text") from None
            headers[name] = text
        else:
            text = _simple(False, shape, texts)
            if _COOKIE_UNSAFE.search(text):
                raise ValueError(f"{where}: a cookie value must not hold spaces, quotes, ';', ',' or controls")
            cookies[name] = text
    return ("?" + "&".join(query)) if query else "", headers, cookies
