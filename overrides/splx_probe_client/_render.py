# Hand-written: edit overrides/splx_probe_client/_render.py, not this copy (installed by `make generate`).
"""Show values from the API to people and to machines: the one place where a model field becomes text or JSON.

Every line, report and summary of the ``splx-probe`` command (and the quickstart's output) renders a model
field through ``shown``, so a field the spec makes optional, or one the server leaves out, shows as ``—``
rather than the generator's ``Unset`` when the vendor flips it; a test of the command's output builds every
answer with its optional fields absent and looks for ``Unset`` (``tests/overrides/cli/test_absent_fields_output.py``).

Text from the API is hostile: ``shown`` escapes control characters (a newline would start a line of its own in a
CI log, where ``::error ::...`` is a workflow command), bidirectional overrides and lone surrogates (which no
UTF-8 stream can write), and shortens very long values. ``json_safe`` makes data fit for strict JSON: no NaN or
Infinity (``null`` instead), no ``Unset``, no lone surrogates.
"""

from __future__ import annotations

import datetime
import enum
import math
import re
from collections.abc import Mapping
from typing import Any

from .types import Unset

__all__ = ["ABSENT", "MAX_SHOWN", "json_safe", "printable", "quoted", "shown", "when"]

ABSENT = "—"
"""How text shows a field that is absent or null."""

MAX_SHOWN = 300
"""Characters of a value shown in a line; a longer one is cut, with its length said."""

# C0 and C1 controls, DEL, line and paragraph separators, bidirectional marks and overrides ("Trojan source"),
# and surrogates: a lone one cannot be encoded, and a pair cannot occur in a str read from JSON.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SURROGATES = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str, *, limit: int | None = MAX_SHOWN) -> str:
    """``text`` on one line with every control character escaped (``\\n``, ``\\x1b``, ``\\ud800``), cut to ``limit``."""
    if limit is not None and len(text) > limit:
        text = f"{text[:limit]}… ({len(text)} characters)"
    return _UNPRINTABLE.sub(_escape, text)


def _number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return f"{value:g}"


def shown(value: object, *, absent: str = ABSENT) -> str:
    """``value`` (a model field, or anything from the API) as one printable line; ``absent`` when unset or null.

    Numbers as ``%g`` (``NaN``, ``Infinity`` said so), booleans as ``true``/``false``, date-times in ISO 8601,
    lists joined with ``, ``, models as their repr and maps as compact JSON (secrets hidden in both); strings
    with control characters escaped.
    """
    if value is None or isinstance(value, Unset):
        return absent
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        try:
            return str(value)
        except ValueError:  # more digits than Python converts (sys.int_info.str_digits_check_threshold)
            return "(an integer too large to show)"
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, enum.Enum):
        return shown(value.value, absent=absent)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return printable(", ".join(shown(item, absent=absent) for item in value))
    if hasattr(value, "to_dict"):  # a model: its own repr hides secret fields and leaves unset ones out
        return printable(repr(value))
    if isinstance(value, Mapping):
        import json

        from ._secrets import redact

        return printable(json.dumps(json_safe(redact(dict(value))), sort_keys=True, default=str, allow_nan=False))
    return printable(str(value))


def quoted(value: object) -> str:
    """``shown(value)`` in quotes when it is a string (a name), so that its spaces and edges can be seen."""
    return f"'{shown(value)}'" if isinstance(value, str) else shown(value)


def when(value: object) -> str:
    """A date-time from the API to the minute (``2026-11-23 10:00``); anything else as ``shown`` has it."""
    if isinstance(value, datetime.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return shown(value)


def _safe_text(text: str) -> str:
    return _SURROGATES.sub("\ufffd", text)


def json_safe(data: Any) -> Any:
    """``data`` with every non-finite number and ``Unset`` as ``None`` and every lone surrogate as U+FFFD.

    What ``json.dumps(..., allow_nan=False)`` then writes is JSON any strict reader accepts. Other values
    (date-times) are left for the dumper's ``default``.
    """
    if isinstance(data, str):
        return _safe_text(data)
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, Unset):
        return None
    if isinstance(data, Mapping):
        return {_safe_text(key) if isinstance(key, str) else key: json_safe(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [json_safe(item) for item in data]
    return data
