# Hand-written: edit overrides/splx_probe_client/_deprecation.py, not this copy (installed by `make generate`).
"""Warnings for what the API marks ``deprecated: true``: called by the generated resource methods.

A deprecated operation warns on each call (the generated method says it itself); a deprecated parameter or
request-body field warns when the caller sets it, i.e. when it is sent. The warning points at the caller's line.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from types import FrameType
from typing import Any

from .types import Unset

__all__ = ["warn_deprecated_fields", "warn_deprecated_operation", "warn_deprecated_parameters"]

_PACKAGE = __name__.rsplit(".", 1)[0]


def _inside(module: str) -> bool:
    return module == _PACKAGE or module.startswith(_PACKAGE + ".")


def _caller() -> int:
    """The ``stacklevel`` of the first frame outside this package: the user's line, however deep the SDK's calls."""
    frame: FrameType | None = sys._getframe(1)  # pyright: ignore[reportPrivateUsage]
    level = 1
    while frame is not None and _inside(str(frame.f_globals.get("__name__", ""))):
        frame = frame.f_back
        level += 1
    return level


def warn_deprecated_operation(message: str) -> None:
    """Warn that the operation being called is deprecated, at the caller's line."""
    warnings.warn(message, DeprecationWarning, stacklevel=_caller())


def _present(value: object, path: tuple[str, ...]) -> Iterator[str]:
    """The dotted names under ``value`` (a JSON body) along ``path`` that are set; ``[]`` walks every item."""
    if not path:
        yield ""
        return
    head, rest = path[0], path[1:]
    if head == "[]":
        if isinstance(value, list):
            for index, item in enumerate(value):  # pyright: ignore[reportUnknownVariableType,reportUnknownArgumentType]
                yield from (f"[{index}]{tail}" for tail in _present(item, rest))
        return
    if isinstance(value, dict) and head in value and value[head] is not None:
        yield from (f".{head}{tail}" for tail in _present(value[head], rest))  # pyright: ignore[reportUnknownArgumentType]


def warn_deprecated_fields(body: object, paths: tuple[tuple[str, ...], ...], method: str) -> None:
    """Warn for each deprecated field (a path of JSON keys) that ``body`` (a model or its dict) sets."""
    to_dict = getattr(body, "to_dict", None)
    data: Any = to_dict() if callable(to_dict) else body
    for path in paths:
        for found in _present(data, path):
            warnings.warn(
                f"{method}: body{found} is deprecated by the API; it may be ignored or removed in a later version",
                DeprecationWarning,
                stacklevel=_caller(),
            )


def warn_deprecated_parameters(method: str, **values: object) -> None:
    """Warn for each deprecated parameter the caller set (anything but ``UNSET``/``None``)."""
    for name, value in values.items():
        if value is not None and not isinstance(value, Unset):
            warnings.warn(
                f"{method}: parameter {name} is deprecated by the API; it may be ignored or removed in a later version",
                DeprecationWarning,
                stacklevel=_caller(),
            )
