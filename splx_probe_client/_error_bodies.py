# Hand-written: edit overrides/splx_probe_client/_error_bodies.py, not this copy (installed by `make generate`).
"""An error answer's body as the model the spec documents for it (``APIStatusError.parsed_body``).

The transport raises the typed error before any generated code sees the answer, so the error would carry only
the decoded JSON. Here the body is read by the operation's own generated ``_parse_response`` for that status,
the one place that knows the documented schema (``ErrorResponse``, a union of error kinds, or an operation's
own model such as a 409's). What it reads is the already masked ``body``: no secret comes back through it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import httpx

from ._error_models import ERROR_MODELS
from ._retry import operation_of

if TYPE_CHECKING:
    from ._exceptions import APIStatusError

__all__ = ["documented_error_body"]


class _Lenient:
    """The one client attribute a generated ``_parse_response`` reads: an undocumented status returns ``None``."""

    raise_on_unexpected_status = False


def documented_error_body(error: APIStatusError) -> Any:
    """``error.body`` parsed as its documented model, or ``None`` (nothing documented, or a body that does not fit)."""
    if not isinstance(error.body, (dict, list)):
        return None  # not JSON: there is nothing a model could read
    try:
        request = error.request
    except RuntimeError:
        return None
    operation = operation_of(request.method, request.url.path)
    entry = ERROR_MODELS.get(operation.operation_id) if operation is not None else None
    if entry is None or error.status_code not in entry[1]:
        return None
    module = importlib.import_module(f"{__package__}.{entry[0]}")
    answer = httpx.Response(error.status_code, json=error.body, request=request)
    try:
        return module._parse_response(client=_Lenient(), response=answer)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError):
        return None  # the body does not fit its schema: message, code and body still say what the server said
