# Hand-written: edit overrides/splx_probe_client/_response.py, not this copy (installed by `make generate`).
"""The parsing step of every generated endpoint, made to fail with the SDK's error.

The pipeline decorates each generated ``_parse_response`` with ``checked_parse`` (see
``openapi/pipeline/endpoints.py``), so an endpoint a regeneration adds gets the same rule: a 2xx answer whose
status the spec does not document for the operation, whose body is not JSON, or whose JSON does not fit the
model raises ``APIResponseValidationError`` (status, shortened body, what did not fit) instead of returning
``None`` or leaking ``KeyError``/``ValueError`` from the generated code. So does a body nested deeper than
``_parsing.MAX_JSON_DEPTH`` (checked before ``json`` reads it), and a ``RecursionError`` or ``MemoryError``
while reading it: never a raw one.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import httpx

from . import _parsing
from ._exceptions import APIResponseValidationError
from ._retry import operation_of

__all__ = ["checked_parse"]

_P = ParamSpec("_P")
_T = TypeVar("_T")

# What generated parsing raises on a body that does not fit: json's ValueError, KeyError for a missing
# required key, TypeError/AttributeError for a wrong shape, ValueError from a date or an enum.
_PARSE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, IndexError)


def _operation_name(response: httpx.Response) -> tuple[str, tuple[int, ...] | None]:
    try:
        request = response.request
    except RuntimeError:  # a Response built by hand: nothing to look up
        return "the request", None
    operation = operation_of(request.method, request.url.path)
    if operation is None:
        return f"{request.method} {request.url.path}", None
    return operation.operation_id, operation.statuses or None


_SHOWN_BYTES = 1024
"""Bytes of a hostile answer (too deep, or one that exhausted the stack or memory) its error keeps."""


def _shortened(response: httpx.Response) -> httpx.Response:
    # The error shows (and redacts) the first bytes only: redacting or copying the whole hostile body would walk
    # what just failed to be read. Encoding and length headers go: the stand-in's content is already decoded.
    headers = [
        (key, value)
        for key, value in response.headers.multi_items()
        if key.lower() not in ("content-encoding", "content-length", "transfer-encoding")
    ]
    stand_in = httpx.Response(
        response.status_code,
        headers=headers,
        content=response.content[:_SHOWN_BYTES],
        extensions=response.extensions,
    )
    with contextlib.suppress(RuntimeError):  # a Response built by hand has no request
        stand_in.request = response.request
    return stand_in


def checked_parse(parse: Callable[_P, _T]) -> Callable[_P, _T]:
    """Wrap a generated ``_parse_response(*, client, response)`` as described in the module docstring."""

    @functools.wraps(parse)
    def parse_2xx(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        response = kwargs.get("response")
        if not isinstance(response, httpx.Response) or not 200 <= response.status_code < 300:
            return parse(*args, **kwargs)  # error statuses: the transport (or the generated code) handles them
        name, documented = _operation_name(response)
        if documented is not None and response.status_code not in documented:
            raise APIResponseValidationError(
                f"is not a documented answer of {name}",
                response=response,
                error=f"the spec documents {', '.join(map(str, documented))}; the SDK cannot tell what this one means",
            )
        limit = _parsing.MAX_JSON_DEPTH
        if _parsing.json_too_deep(response.content, limit):
            raise APIResponseValidationError(
                f"answer of {name} could not be read",
                response=_shortened(response),
                error=f"the JSON nests deeper than {limit} levels (splx_probe_client._parsing.MAX_JSON_DEPTH)",
            )
        try:
            return parse(*args, **kwargs)
        except (RecursionError, MemoryError) as exc:
            raise APIResponseValidationError(
                f"answer of {name} could not be read",
                response=_shortened(response),
                error=f"{type(exc).__name__}: the answer is too deeply nested or too large to read",
            ) from None
        except _PARSE_ERRORS as exc:
            raise APIResponseValidationError(
                f"answer of {name} could not be read", response=response, error=f"{type(exc).__name__}: {exc}"
            ) from exc

    return parse_2xx
