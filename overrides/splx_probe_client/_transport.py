# Hand-written: edit overrides/splx_probe_client/_transport.py, not this copy (installed by `make generate`).
"""The two transports under the clients: ``ProbeTransport`` (async) and ``SyncProbeTransport`` (sync).

Each wraps any httpx transport of its kind so the retry rule holds for every generated endpoint, including ones a
future regeneration adds. They only do the I/O (send, read the body, sleep); ``_retry.Attempts`` makes every
decision, the same for both. The body is read here, within the read timeout as a whole, so a body cut off or
stalled mid-way is a transport failure like any other: retried under the same rule, else
``APIConnectionError``/``APITimeoutError``. ``_bounds`` bounds what is read: the decoded size
(``max_response_bytes``, past it ``APIResponseValidationError``, never retried) and the time every read may wait.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from http import HTTPStatus

import httpx

from ._bounds import (
    BUDGET,
    AsyncSlices,
    Budget,
    CappedBody,
    ResponseTooLarge,
    SyncSlices,
    bound_pool,
    check_read,
    too_large,
)
from ._files import STREAM_EXTENSION
from ._retry import DEFAULT_MAX_RESPONSE_BYTES, MAX_RESPONSE_BYTES_EXTENSION, Attempts, check_max_response_bytes

__all__ = ["ProbeTransport", "Sleep", "SyncProbeTransport", "SyncSleep", "bound_body"]

Sleep = Callable[[float], Awaitable[None]]
"""An async ``retry_sleep``: ``asyncio.sleep`` unless a test records the waits instead."""
SyncSleep = Callable[[float], None]
"""A sync ``retry_sleep``: ``time.sleep`` unless a test records the waits instead."""


def _read_limit(request: httpx.Request) -> float | None:
    # With a deadline, a LiveTimeouts: the read timeout or what is left of the deadline, whichever is less.
    limit = (request.extensions.get("timeout") or {}).get("read")
    return limit if isinstance(limit, int | float) else None


def _budget(attempts: Attempts, request: httpx.Request) -> Budget | None:
    # The read timeout as configured (dict.get, not a LiveTimeouts' value cut by the deadline, which moves).
    window = dict.get(request.extensions.get("timeout") or {}, "read")
    window = window if isinstance(window, int | float) else None
    return None if window is None and attempts.deadline_at is None else Budget(attempts.deadline_at, window)


def read_capped(response: httpx.Response, request: httpx.Request, cap: int) -> None:
    """Read ``response`` (a sync stream) in full, stopping with ``ResponseTooLarge`` once it decodes to over ``cap``."""
    if response.is_stream_consumed:
        check_read(response, cap)
        return
    body = CappedBody(response, request, cap)
    if body.by_httpx:
        response.stream = SyncSlices(response.stream)  # type: ignore[arg-type]  # a SyncByteStream: checked by iter_raw
        chunks = response.iter_bytes()
    else:
        chunks = response.iter_raw()
    for chunk in chunks:
        body.add(chunk)
    body.done()


async def aread_capped(response: httpx.Response, request: httpx.Request, cap: int) -> None:
    """``read_capped`` for an async stream."""
    if response.is_stream_consumed:
        check_read(response, cap)
        return
    body = CappedBody(response, request, cap)
    if body.by_httpx and isinstance(response.stream, httpx.AsyncByteStream):
        response.stream = AsyncSlices(response.stream)
        async for chunk in response.aiter_bytes():
            body.add(chunk)
    else:
        async for chunk in response.aiter_raw():
            body.add(chunk)
    body.done()


_STREAMED_STATUSES = frozenset(status.value for status in HTTPStatus if 200 <= status.value < 300)


def _streamed(request: httpx.Request, response: httpx.Response) -> bool:
    """A 2xx answer a ``_to_file`` method reads itself, in chunks (an error answer is still read here)."""
    # Only a status the SDK knows: another one is refused, with its body, by ``Attempts.after_response``.
    return bool(request.extensions.get(STREAM_EXTENSION)) and response.status_code in _STREAMED_STATUSES


def _body_too_slow(request: httpx.Request, limit: float) -> httpx.ReadTimeout:
    return httpx.ReadTimeout(f"the body did not arrive within the read timeout ({limit:g} s)", request=request)


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
                raise _body_too_slow(self._request, self._limit)
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


class _SyncBoundedBody(httpx.SyncByteStream):
    """``_BoundedBody`` for sync streams; also stops once more than ``cap`` wire bytes came (``ResponseTooLarge``)."""

    def __init__(
        self,
        inner: httpx.SyncByteStream,
        limit: float | None,
        request: httpx.Request,
        response: httpx.Response,
        cap: int,
    ) -> None:
        self._inner = inner
        self._limit = limit
        self._request = request
        self._response = response
        self._cap = cap

    def __iter__(self) -> Iterator[bytes]:
        deadline = None if self._limit is None else time.monotonic() + self._limit
        size = 0
        for chunk in self._inner:
            if deadline is not None and time.monotonic() > deadline:
                raise _body_too_slow(self._request, self._limit or 0.0)
            size += len(chunk)
            if size > self._cap:
                raise too_large(self._response, chunk)
            yield chunk

    def close(self) -> None:
        self._inner.close()


def bound_body(response: httpx.Response, request: httpx.Request) -> None:
    """Make reading ``response`` (a sync stream) fail once the whole body takes longer than the read timeout, or
    once more wire bytes came than ``request.extensions["splx_max_response_bytes"]`` (default 32 MiB) allows.

    For a transport that reads raw bytes itself (the sync client's polling requests): the decoded size is bounded
    by the transport above it, which decodes them.
    """
    if isinstance(response.stream, httpx.SyncByteStream):
        cap = request.extensions.get(MAX_RESPONSE_BYTES_EXTENSION, DEFAULT_MAX_RESPONSE_BYTES)
        response.stream = _SyncBoundedBody(response.stream, _read_limit(request), request, response, cap)


class ProbeTransport(httpx.AsyncBaseTransport):
    """Sends through ``inner`` under ``_retry``'s rule; raises the SDK's errors instead of returning them.

    Every response it returns is read in full; ``response.extensions["splx_retries"]`` says how many retries
    it took. Per request, ``request.extensions["splx_max_retries"]`` overrides ``max_retries`` and
    ``request.extensions["splx_deadline"]`` (seconds) overrides ``deadline``, which bounds the whole call,
    retries and body included; ``request.extensions["splx_max_response_bytes"]`` overrides ``max_response_bytes``.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        max_retries: int,
        deadline: float | None = None,
        sleep: Sleep | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, not {max_retries}")
        self.inner = inner
        self.max_retries = max_retries
        self.deadline = deadline
        self.max_response_bytes = check_max_response_bytes(max_response_bytes)
        self._sleep = sleep or asyncio.sleep
        bound_pool(inner)  # each read of the default transport's connections waits within the attempt's Budget

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempts = Attempts(request, self.max_retries, self.deadline, self.max_response_bytes)
        if attempts.deadline is None:
            return await self._send(request, attempts)
        try:
            # Unlike the sync transport, a task can be interrupted: one timer bounds DNS, TLS, every read and wait.
            async with asyncio.timeout(attempts.deadline):
                return await self._send(request, attempts)
        except TimeoutError:
            raise attempts.deadline_error() from None

    async def _send(self, request: httpx.Request, attempts: Attempts) -> httpx.Response:
        while True:
            started = time.perf_counter()
            budget = _budget(attempts, request)
            token = BUDGET.set(budget)
            try:
                response = await self.inner.handle_async_request(request)
                if budget is not None:
                    budget.read_by = None  # the head is in: the body's read window starts at its first read
                # Read here, not by httpx after we return: a body cut off or stalled is then one more transport
                # failure, retried under the same rule, and raised as the SDK's error.
                limit = _read_limit(request)
                if limit is not None and isinstance(response.stream, httpx.AsyncByteStream):
                    response.stream = _BoundedBody(response.stream, limit, request)
                try:
                    if not _streamed(request, response):
                        await aread_capped(response, request, attempts.max_response_bytes)
                except BaseException:
                    await response.aclose()
                    raise
            except httpx.RequestError as exc:  # transport errors, and a body that does not decode
                wait = attempts.after_error(exc)
            except ResponseTooLarge as exc:  # never retried: the same answer would be as large again
                raise attempts.too_large(exc.response) from None
            else:
                asked = attempts.after_response(response, started)
                if asked is None:
                    return response
                wait = asked
            finally:
                BUDGET.reset(token)
            await self._sleep(wait)
            attempts.after_wait()

    async def aclose(self) -> None:
        await self.inner.aclose()


class SyncProbeTransport(httpx.BaseTransport):
    """``ProbeTransport`` for ``httpx.Client``: the same rule, errors and logs, with no event loop or thread.

    Nothing can interrupt a blocking call from outside, so the deadline works from inside: each phase of each
    attempt (pool wait, connect, write, every read) gets at most what is left of it (``_retry.LiveTimeouts``),
    the body is checked against it per chunk, and a wait before a retry ends at it. httpcore takes a head's read
    timeout once, for every ``recv`` of it: so each read of an httpx transport's connections also waits at most
    what the attempt's ``_bounds.Budget`` has left (deadline, read window), with no thread or timer. A custom inner
    transport that ignores the request's timeouts cannot be bounded that way.
    """

    def __init__(
        self,
        inner: httpx.BaseTransport,
        *,
        max_retries: int,
        deadline: float | None = None,
        sleep: SyncSleep | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, not {max_retries}")
        self.inner = inner
        self.max_retries = max_retries
        self.deadline = deadline
        self.max_response_bytes = check_max_response_bytes(max_response_bytes)
        self._sleep: Callable[[float], object] = sleep or time.sleep
        bound_pool(inner)  # each read of the default transport's connections waits within the attempt's Budget

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempts = Attempts(request, self.max_retries, self.deadline, self.max_response_bytes)
        while True:
            started = time.perf_counter()
            budget = _budget(attempts, request)
            token = BUDGET.set(budget)
            try:
                response = self.inner.handle_request(request)
                if budget is not None:
                    budget.read_by = None  # the head is in: the body's read window starts at its first read
                limit = _read_limit(request)
                if limit is not None and isinstance(response.stream, httpx.SyncByteStream):
                    response.stream = _SyncBoundedBody(response.stream, limit, request, response, sys.maxsize)
                try:
                    if not _streamed(request, response):
                        read_capped(response, request, attempts.max_response_bytes)
                except BaseException:
                    response.close()
                    raise
            except httpx.RequestError as exc:
                wait = attempts.after_error(exc)
            except ResponseTooLarge as exc:  # never retried: the same answer would be as large again
                raise attempts.too_large(exc.response) from None
            else:
                asked = attempts.after_response(response, started)
                if asked is None:
                    return response
                wait = asked
            finally:
                BUDGET.reset(token)
            slept = self._sleep(wait)
            if slept is not None:  # an async function: it returned a coroutine and slept not at all
                getattr(slept, "close", lambda: None)()
                raise TypeError("retry_sleep of a SyncProbeClient must be a plain function, not an async one")
            attempts.after_wait()

    def close(self) -> None:
        self.inner.close()
