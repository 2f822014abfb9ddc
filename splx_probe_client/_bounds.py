# Hand-written: edit overrides/splx_probe_client/_bounds.py, not this copy (installed by `make generate`).
"""What bounds an answer's bytes in both transports: its decoded size, and the time its head and body may take.

**Size.** ``CappedBody`` reads a body chunk by chunk and stops once more than ``max_response_bytes`` have come
out of decoding: a gzip or deflate stream is inflated with ``zlib``'s ``max_length``, a MiB at a time, so even a
single chunk of a decompression bomb never yields more than the room left under the cap. Other encodings (``br``,
``zstd`` when their packages are installed) are decoded by httpx from slices of ``SLICE`` wire bytes, the cap
checked after each slice. The wire bytes count against the cap too (with a little slack), for a gzip stream with
an endless tail.

**Time.** httpcore applies the read timeout to each ``recv`` and looks it up once per head: a server sending one
byte of its status line every half second holds a call forever, whatever its ``timeout`` or ``deadline``.
``bound_pool`` wraps the network backend of an httpx transport's connection pool so each read waits at most
until the earlier of the call's deadline and the end of its read window (``Budget``), which the transports set
per attempt in a context variable: no thread, no timer, one clock reading per ``recv``.
"""

from __future__ import annotations

import contextvars
import ssl
import time
import zlib
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import httpcore
import httpx

__all__ = [
    "BUDGET",
    "SLICE",
    "AsyncSlices",
    "Budget",
    "CappedBody",
    "ResponseTooLarge",
    "SyncSlices",
    "bound_pool",
]

SLICE = 256
"""Wire bytes httpx decodes at a time for an encoding ``zlib`` cannot bound: at most ~256 KiB of gzip-like output."""
_INFLATE_STEP = 1024 * 1024
"""Most output one inflate step makes: a bomb's single chunk is inflated a MiB at a time, the cap checked at each."""
_WIRE_SLACK = 65536
"""Compressed bytes may exceed the cap by this much (gzip's framing of a tiny answer): past it, bytes after the end
of the compressed stream, which decode to nothing, would otherwise be read without end."""
_ERROR_BODY_PREFIX = 1024
"""Decoded bytes of a too-large answer kept for the error's ``body``."""


class ResponseTooLarge(Exception):
    """Raised while reading once an answer passed the cap; the transport makes it ``APIResponseValidationError``."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__("the answer is larger than max_response_bytes")
        self.response = response


def too_large(response: httpx.Response, prefix: bytes) -> ResponseTooLarge:
    """The error for ``response``, whose first decoded bytes ``prefix`` become what ``response.content`` holds."""
    # httpx keeps a read body in ``_content`` (what ``read()`` sets): the error's body shows where it went wrong.
    response._content = prefix[:_ERROR_BODY_PREFIX]
    return ResponseTooLarge(response)


class _Inflate:
    """gzip or deflate, inflated with a bound on each call's output (httpx's own decoders have none)."""

    __slots__ = ("_decompressor", "_first", "_gzip", "_request")

    def __init__(self, gzip: bool, request: httpx.Request) -> None:
        self._gzip = gzip
        self._first = True
        self._request = request
        self._decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16 if gzip else zlib.MAX_WBITS)

    def decode(self, data: bytes, room: int) -> bytes:
        """At most ``room`` (>= 1) bytes of output; what input is left then is ``unconsumed()``."""
        if self._decompressor.eof:
            return b""  # what follows the end of the stream is ignored, as httpx ignores it
        first, self._first = self._first, False
        try:
            return self._decompressor.decompress(data, room)
        except zlib.error as exc:
            if first and not self._gzip:  # "deflate" sent raw, without the zlib header: as httpx reads it
                self._decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
                return self.decode(data, room)
            raise httpx.DecodingError(
                f"the body does not decode as {self._name}: {exc}", request=self._request
            ) from exc

    def unconsumed(self) -> bytes:
        """Input the last ``decode`` left for want of room (more output to come from it)."""
        return self._decompressor.unconsumed_tail

    def flush(self) -> bytes:
        try:
            return self._decompressor.flush()
        except zlib.error as exc:
            raise httpx.DecodingError(
                f"the body does not decode as {self._name}: {exc}", request=self._request
            ) from exc

    @property
    def _name(self) -> str:
        return "gzip" if self._gzip else "deflate"


_INFLATED = {"gzip": True, "x-gzip": True, "deflate": False}


class CappedBody:
    """The body of one response, gathered from its chunks with the cap checked at each; no I/O of its own.

    ``by_httpx`` says which chunks to feed to ``add``: the raw ones (``iter_raw``), decoded here, or, for an
    encoding only httpx can decode, the decoded ones (``iter_bytes``) of a stream cut into ``SLICE``-byte pieces.
    ``done`` stores the body where ``response.content`` reads it. ``add`` raises ``ResponseTooLarge`` past the cap.
    """

    __slots__ = ("_cap", "_decoder", "_parts", "_response", "_size", "_wire", "by_httpx")

    def __init__(self, response: httpx.Response, request: httpx.Request, cap: int) -> None:
        self._response = response
        self._cap = cap
        self._size = 0
        self._wire = 0
        self._parts: list[bytes] = []
        self._decoder: _Inflate | None = None
        self.by_httpx = False
        encoding = response.headers.get("content-encoding")
        if encoding is not None:
            codings = [coding.strip().lower() for coding in encoding.split(",")]
            codings = [coding for coding in codings if coding and coding != "identity"]
            if len(codings) == 1 and codings[0] in _INFLATED:
                self._decoder = _Inflate(_INFLATED[codings[0]], request)
            elif codings:
                self.by_httpx = True

    def add(self, chunk: bytes) -> None:
        """One chunk: raw unless ``by_httpx``, decoded then."""
        decoder = self._decoder
        if decoder is None:
            if self.by_httpx and self._response.num_bytes_downloaded > self._cap:
                raise self._too_large()
            self._size += len(chunk)
            self._parts.append(chunk)
            if self._size > self._cap:
                raise self._too_large()
            return
        self._wire += len(chunk)
        if self._wire > self._cap + _WIRE_SLACK:
            raise self._too_large()
        data = chunk
        while True:  # in steps of at most _INFLATE_STEP: memory stays near the cap, not twice it
            room = self._cap - self._size + 1
            decoded = decoder.decode(data, min(room, _INFLATE_STEP))
            self._size += len(decoded)
            self._parts.append(decoded)
            if self._size > self._cap:
                raise self._too_large()
            data = decoder.unconsumed()
            if not data:
                return

    def done(self) -> None:
        """Store the whole body as ``response.content``; ``ResponseTooLarge`` if the decoder's tail passes the cap."""
        if self._decoder is not None:
            self.add_tail(self._decoder.flush())
        body = self._parts[0] if len(self._parts) == 1 else b"".join(self._parts)
        self._response._content = body  # what httpx's read() sets: .content, .text and .json() read it

    def add_tail(self, tail: bytes) -> None:
        self._size += len(tail)
        self._parts.append(tail)
        if self._size > self._cap:
            raise self._too_large()

    def _too_large(self) -> ResponseTooLarge:
        prefix = b""
        for part in self._parts:
            prefix += part[: _ERROR_BODY_PREFIX - len(prefix)]
            if len(prefix) >= _ERROR_BODY_PREFIX:
                break
        self._parts.clear()
        return too_large(self._response, prefix)


def check_read(response: httpx.Response, cap: int) -> None:
    """For a response read already (a mock transport's): the body is in memory, only its size is checked."""
    content = response.content
    if len(content) > cap:
        raise too_large(response, content)


class SyncSlices(httpx.SyncByteStream):
    """A sync stream whose chunks are cut into ``SLICE``-byte pieces, so httpx decodes a bounded input at a time."""

    def __init__(self, inner: Iterable[bytes]) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            for start in range(0, len(chunk), SLICE):
                yield chunk[start : start + SLICE]

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


class AsyncSlices(httpx.AsyncByteStream):
    """``SyncSlices`` for async streams."""

    def __init__(self, inner: httpx.AsyncByteStream) -> None:
        self._inner = inner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            for start in range(0, len(chunk), SLICE):
                yield chunk[start : start + SLICE]

    async def aclose(self) -> None:
        await self._inner.aclose()


# --- time ---------------------------------------------------------------------------------------------------------


class Budget:
    """How long the reads of one attempt may wait: until ``deadline_at``, and until ``window`` seconds after the
    first read of the head (``read_by``); the transport sets ``read_by`` back to ``None`` once the head is in, so
    the body gets a window of its own from its first read.
    """

    __slots__ = ("deadline_at", "read_by", "window")

    def __init__(self, deadline_at: float | None, window: float | None) -> None:
        self.deadline_at = deadline_at
        self.window = window
        self.read_by: float | None = None

    def read_timeout(self, timeout: float | None) -> float | None:
        """The timeout of one read: ``timeout`` (httpcore's, per read) or less; ``ReadTimeout`` once nothing is left."""
        now = time.monotonic()
        ends = self.deadline_at
        if self.window is not None:
            if self.read_by is None:
                self.read_by = now + self.window
            if ends is None or self.read_by < ends:
                ends = self.read_by
        if ends is None:
            return timeout
        left = ends - now
        if left <= 0:
            raise self.expired()
        return left if timeout is None or left < timeout else timeout

    def write_timeout(self, timeout: float | None) -> float | None:
        """The timeout of one write: ``timeout`` or what is left before the deadline."""
        if self.deadline_at is None:
            return timeout
        left = self.deadline_at - time.monotonic()
        if left <= 0:
            raise httpcore.WriteTimeout("the call's deadline passed while the request was sent")
        return left if timeout is None or left < timeout else timeout

    def expired(self) -> httpcore.ReadTimeout:
        """The error of a read that waited as long as the budget allows."""
        if self.read_by is not None and (self.deadline_at is None or self.read_by < self.deadline_at):
            return httpcore.ReadTimeout(
                f"the answer did not arrive within the read timeout ({self.window:g} s for the whole head,"
                " and again for the whole body)"
            )
        return httpcore.ReadTimeout("the call's deadline passed while the answer was read")

    def passed(self) -> bool:
        now = time.monotonic()
        return (self.read_by is not None and now >= self.read_by) or (
            self.deadline_at is not None and now >= self.deadline_at
        )


BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("splx_probe_budget", default=None)
"""The budget of the attempt this thread or task is making; ``None`` outside the SDK's transports."""


def _multiplexed(stream: httpcore.NetworkStream | httpcore.AsyncNetworkStream) -> bool:
    # An HTTP/2 connection carries other calls' answers: one call's budget must not fail a read made for all.
    # Duck-typed: httpcore's sync stream gives the private ``_ssl._SSLSocket``, its async one an ``ssl.SSLObject``.
    selected = getattr(stream.get_extra_info("ssl_object"), "selected_alpn_protocol", None)
    return callable(selected) and selected() == "h2"


class _BudgetStream(httpcore.NetworkStream):
    """A connection whose reads and writes wait no longer than the current attempt's ``Budget`` allows."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner
        self._shared = _multiplexed(inner)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        budget = BUDGET.get()
        if budget is None or self._shared:
            return self._inner.read(max_bytes, timeout)
        try:
            return self._inner.read(max_bytes, budget.read_timeout(timeout))
        except httpcore.ReadTimeout:
            if budget.passed():
                raise budget.expired() from None
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        budget = BUDGET.get()
        if budget is not None and not self._shared:
            timeout = budget.write_timeout(timeout)
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _BudgetStream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _AsyncBudgetStream(httpcore.AsyncNetworkStream):
    """``_BudgetStream`` for async connections (``timeout=``; the async ``deadline`` also has its own timer)."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._shared = _multiplexed(inner)

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:  # noqa: ASYNC109
        budget = BUDGET.get()
        if budget is None or self._shared:
            return await self._inner.read(max_bytes, timeout)
        try:
            return await self._inner.read(max_bytes, budget.read_timeout(timeout))
        except httpcore.ReadTimeout:
            if budget.passed():
                raise budget.expired() from None
            raise

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:  # noqa: ASYNC109
        budget = BUDGET.get()
        if budget is not None and not self._shared:
            timeout = budget.write_timeout(timeout)
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> httpcore.AsyncNetworkStream:
        return _AsyncBudgetStream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _BudgetBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self.inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        return _BudgetStream(self.inner.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        return _BudgetStream(self.inner.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class _AsyncBudgetBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self.inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return _AsyncBudgetStream(await self.inner.connect_tcp(host, port, timeout, local_address, socket_options))

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return _AsyncBudgetStream(await self.inner.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def bound_pool(transport: object) -> bool:
    """Make the connections of ``transport`` (an ``httpx.HTTPTransport``/``AsyncHTTPTransport``) honour ``BUDGET``.

    Returns whether it could: another transport (a mock, a user's own) has no httpcore pool to wrap, and then
    only httpcore's per-read timeouts and the per-chunk checks of the transports apply. Done once per pool.
    """
    pool = getattr(transport, "_pool", None)  # httpx keeps its httpcore pool there (0.18 to 0.28)
    backend = getattr(pool, "_network_backend", None)  # and httpcore its backend (1.x), used for each connection
    if isinstance(backend, _BudgetBackend | _AsyncBudgetBackend):
        return True
    if isinstance(backend, httpcore.NetworkBackend):
        pool._network_backend = _BudgetBackend(backend)  # type: ignore[union-attr]
        return True
    if isinstance(backend, httpcore.AsyncNetworkBackend):
        pool._network_backend = _AsyncBudgetBackend(backend)  # type: ignore[union-attr]
        return True
    return False
