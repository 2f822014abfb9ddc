# Hand-written: edit overrides/splx_probe_client/_transport.py, not this copy (installed by `make generate`).
"""The transport under every ``ProbeClient``: safe retries, typed errors, quiet logs.

It wraps any ``httpx.AsyncBaseTransport`` so the policy holds for every generated endpoint, including ones a
future regeneration adds: the operation is recognised by method and path template from the generated
``_operations`` table, and its ``idempotent`` flag decides what may be sent twice.

Retry rule (a duplicate red-team run costs the customer money):
- idempotent operations (GET, PUT, DELETE, ``cancelTestRun``) are retried on connection errors, timeouts and
  408/429/502/503/504;
- any other operation (creating POSTs, PATCH) only when the server provably did not take the request: a connect
  error or pool timeout (nothing was sent) or a 429/503 answer (the server refused it).

The body is read here, within the read timeout as a whole, so a body cut off or stalled mid-way is a transport
failure like any other: retried under the same rule, else ``APIConnectionError``/``APITimeoutError``.

The mechanics are written here rather than taken from stamina/tenacity/httpx-retries because the shipped
package depends on httpx and attrs only; they are a loop, a backoff formula and a ``Retry-After`` parser.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import logging
import random
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from http import HTTPStatus

import httpx

from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    display_url,
    status_error_from_response,
)
from ._operations import OPERATIONS, Operation

logger = logging.getLogger("splx_probe_client")

RETRY_STATUSES = frozenset({408, 429, 502, 503, 504})
"""Statuses worth another try for an idempotent operation."""
REFUSED_STATUSES = frozenset({429, 503})
"""Statuses by which the server says it did not process the request: safe to resend anything."""
BACKOFF_BASE = 0.5
"""First delay in seconds; doubled on every further attempt."""
BACKOFF_MAX = 8.0
"""Cap of one computed delay."""
RETRY_AFTER_MAX = 60.0
"""Cap of an honoured ``Retry-After``: a server asking for longer gets this."""

MAX_RETRIES_EXTENSION = "splx_max_retries"
"""``request.extensions`` key: an int overriding the client's ``max_retries`` for that request."""
DEADLINE_EXTENSION = "splx_deadline"
"""``request.extensions`` key: seconds the whole call may take, retries, waits and body reads included."""
RETRIES_EXTENSION = "splx_retries"
"""``response.extensions`` key: how many times the request was sent again before this response."""

Sleep = Callable[[float], Awaitable[None]]


def _template_pattern(path: str) -> re.Pattern[str]:
    # Anchored at the end only: a base_url with a path prefix (a proxy) still matches.
    escaped = re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(path))
    return re.compile(f"(?:.*){escaped}/?")


_ROUTES: dict[str, list[tuple[re.Pattern[str], Operation]]] = {}
for _operation in OPERATIONS:
    _ROUTES.setdefault(_operation.method, []).append((_template_pattern(_operation.path), _operation))


@functools.lru_cache(maxsize=512)  # the transport and the parsing step both ask, once per call
def operation_of(method: str, path: str) -> Operation | None:
    """The spec's operation for ``method`` and URL ``path``, or ``None`` for a path the spec does not know."""
    for pattern, operation in _ROUTES.get(method, ()):
        if pattern.fullmatch(path):
            return operation
    return None


def retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asked to wait (``Retry-After`` as seconds or an HTTP date), capped; ``None`` if absent."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return min(max(seconds, 0.0), RETRY_AFTER_MAX)


def backoff(attempt: int) -> float:
    """Delay before retry number ``attempt`` (1-based): exponential, capped, with jitter in [50%, 100%]."""
    delay: float = min(BACKOFF_MAX, BACKOFF_BASE * 2.0 ** (attempt - 1))
    return delay * random.uniform(0.5, 1.0)


def _may_retry_status(status: int, idempotent: bool) -> bool:
    return status in (RETRY_STATUSES if idempotent else REFUSED_STATUSES)


def _may_retry_error(exc: httpx.RequestError, idempotent: bool) -> bool:
    # No byte of the request left: no connection was made, or none came free in the pool. Safe for every operation.
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return True
    # Otherwise only a flaky network is worth another try, not a mistake that would fail again the same way
    # (an unsupported scheme, a request httpx cannot send, a proxy refusing us).
    # A body that does not decode (a garbled gzip stream) is damage in transit like a cut-off one.
    transient = httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError | httpx.DecodingError
    return idempotent and isinstance(exc, transient)


def _where(request: httpx.Request) -> str:
    return f"{request.method} {display_url(request.url)}"


def _retries_of(request: httpx.Request, default: int) -> int:
    value = request.extensions.get(MAX_RETRIES_EXTENSION, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"request.extensions[{MAX_RETRIES_EXTENSION!r}] must be an int >= 0, not {value!r}")
    return value


def _deadline_of(request: httpx.Request) -> float | None:
    value = request.extensions.get(DEADLINE_EXTENSION)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ValueError(f"request.extensions[{DEADLINE_EXTENSION!r}] must be a number of seconds > 0, not {value!r}")
    return float(value)


class _BoundedBody(httpx.AsyncByteStream):
    """A response stream that fails once its chunks have taken longer than ``limit`` seconds in all.

    httpx's read timeout applies to each chunk: a body dribbled a byte at a time never trips it. Checking the
    clock per chunk costs no timer; a chunk that never comes is still caught by the per-read timeout.
    """

    def __init__(self, inner: httpx.AsyncByteStream, limit: float, request: httpx.Request) -> None:
        self._inner = inner
        self._limit = limit
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        deadline = time.monotonic() + self._limit
        async for chunk in self._inner:
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout(
                    f"the body did not arrive within the read timeout ({self._limit:g} s)", request=self._request
                )
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


async def _read_body(response: httpx.Response, request: httpx.Request) -> None:
    """Read the whole body, as a whole within the request's read timeout; close the response if that fails."""
    limit = (request.extensions.get("timeout") or {}).get("read")
    if limit is not None and isinstance(response.stream, httpx.AsyncByteStream):
        response.stream = _BoundedBody(response.stream, limit, request)
    try:
        await response.aread()
    except BaseException:
        await response.aclose()
        raise


_HTTP_STATUSES = frozenset(int(status) for status in HTTPStatus)


def _unknown_success(response: httpx.Response, request: httpx.Request, retries: int) -> APIResponseValidationError:
    response.request = request
    error = APIResponseValidationError(
        "is not an HTTP status the SDK knows", response=response, error="the SDK cannot tell what it means"
    )
    error.retries = retries
    return error


class _Call:
    """One call's state: how many retries it made so far."""

    __slots__ = ("retries",)

    def __init__(self) -> None:
        self.retries = 0


class ProbeTransport(httpx.AsyncBaseTransport):
    """Sends through ``inner`` with the retry rule above; raises the SDK's errors instead of returning them.

    Every response it returns is read in full; ``response.extensions["splx_retries"]`` says how many retries
    it took. Per request, ``request.extensions["splx_max_retries"]`` overrides ``max_retries`` and
    ``request.extensions["splx_deadline"]`` (seconds) bounds the whole call, retries and body included.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport, *, max_retries: int, sleep: Sleep | None = None) -> None:
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, not {max_retries}")
        self.inner = inner
        self.max_retries = max_retries
        self._sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        max_retries = _retries_of(request, self.max_retries)
        deadline = _deadline_of(request)
        call = _Call()
        if deadline is None:
            return await self._send(request, max_retries, call)
        try:
            async with asyncio.timeout(deadline):
                return await self._send(request, max_retries, call)
        except TimeoutError:
            error = APITimeoutError(
                f"no complete answer within the call's deadline of {deadline:g} s"
                f" ({call.retries} retries) - {_where(request)}",
                request=request,
            )
            error.retries = call.retries
            raise error from None

    async def _send(self, request: httpx.Request, max_retries: int, call: _Call) -> httpx.Response:
        operation = operation_of(request.method, request.url.path)
        # A path the spec does not know gets the HTTP method's own semantics.
        idempotent = operation.idempotent if operation else request.method in {"GET", "HEAD", "PUT", "DELETE"}
        while True:
            started = time.perf_counter()
            try:
                response = await self.inner.handle_async_request(request)
                # Read here, not by httpx after we return: a body cut off or stalled is then one more transport
                # failure, retried under the same rule, and raised as the SDK's error.
                await _read_body(response, request)
            except httpx.RequestError as exc:  # transport errors, and a body that does not decode
                if call.retries < max_retries and _may_retry_error(exc, idempotent):
                    call.retries += 1
                    await self._wait(request, call.retries, max_retries, backoff(call.retries), type(exc).__name__)
                    continue
                error_class = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
                error = error_class(f"{type(exc).__name__}: {exc} - {_where(request)}", request=request)
                error.retries = call.retries
                raise error from exc
            status = response.status_code
            response.extensions = {**response.extensions, RETRIES_EXTENSION: call.retries}
            if logger.isEnabledFor(logging.DEBUG):
                elapsed_ms = (time.perf_counter() - started) * 1000
                logger.debug("%s -> %d (%.1f ms)", _where(request), status, elapsed_ms)
            if status < 300:
                if status not in _HTTP_STATUSES:  # the generated code would crash on HTTPStatus(status)
                    raise _unknown_success(response, request, call.retries)
                return response
            if call.retries < max_retries and _may_retry_status(status, idempotent):
                call.retries += 1
                wait = retry_after(response)
                await self._wait(
                    request, call.retries, max_retries, backoff(call.retries) if wait is None else wait, str(status)
                )
                continue
            response.request = request
            status_error = status_error_from_response(response)
            status_error.retries = call.retries
            raise status_error

    async def _wait(self, request: httpx.Request, attempt: int, max_retries: int, seconds: float, cause: str) -> None:
        logger.info(
            "retrying %s (retry %d of %d) after %s, waiting %.2f s",
            _where(request),
            attempt,
            max_retries,
            cause,
            seconds,
        )
        await (self._sleep or asyncio.sleep)(seconds)

    async def aclose(self) -> None:
        await self.inner.aclose()
