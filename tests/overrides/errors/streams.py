"""Response bodies that fail while being read, for ``httpx.MockTransport`` handlers (async and sync)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator

import httpx


class CutOff(httpx.AsyncByteStream):
    """Sends ``head`` then fails as a connection closed mid-body does."""

    def __init__(self, head: bytes) -> None:
        self.head = head

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.head
        raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")


class Stalls(httpx.AsyncByteStream):
    """Sends ``head`` then nothing for ``seconds`` (the read is cancelled long before)."""

    def __init__(self, head: bytes, seconds: float = 30.0) -> None:
        self.head = head
        self.seconds = seconds
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.head
        await asyncio.sleep(self.seconds)
        yield b"]"

    async def aclose(self) -> None:
        self.closed = True


class Dribbles(httpx.AsyncByteStream):
    """Sends ``body`` one byte every ``interval`` seconds: each read is quick, the whole body is not."""

    def __init__(self, body: bytes, interval: float) -> None:
        self.body = body
        self.interval = interval

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for index in range(len(self.body)):
            await asyncio.sleep(self.interval)
            yield self.body[index : index + 1]


class Raw(httpx.AsyncByteStream):
    """Sends ``body`` as it is, whatever ``Content-Encoding`` the headers claim."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.body


# Sync twins, for ``httpx.MockTransport`` handlers under ``httpx.Client`` (SyncProbeClient).


class SyncCutOff(httpx.SyncByteStream):
    """``CutOff`` for sync clients."""

    def __init__(self, head: bytes) -> None:
        self.head = head

    def __iter__(self) -> Iterator[bytes]:
        yield self.head
        raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")


class SyncStalls(httpx.SyncByteStream):
    """Sends ``head`` then nothing, like a socket that stalls: gives up after the read timeout of ``request``.

    Nothing can interrupt a blocking read from outside; a socket read ends at the timeout httpcore looks up when
    the read starts (``request.extensions["timeout"]["read"]``). This does the same, in 10 ms sleeps, and in any
    case ends after ``seconds`` (then sends the rest), so a client that gave it a long timeout is slow, not stuck.
    """

    def __init__(self, head: bytes, request: httpx.Request, seconds: float = 3.0) -> None:
        self.head = head
        self.request = request
        self.seconds = seconds
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield self.head
        timeout = (self.request.extensions.get("timeout") or {}).get("read")
        started = time.monotonic()
        limit = self.seconds if timeout is None else min(self.seconds, timeout)
        while time.monotonic() - started < limit:
            time.sleep(0.01)
        if timeout is not None and timeout <= self.seconds:
            raise httpx.ReadTimeout("timed out", request=self.request)
        yield b"]"

    def close(self) -> None:
        self.closed = True


class SyncDribbles(httpx.SyncByteStream):
    """``Dribbles`` for sync clients: one byte every ``interval`` seconds."""

    def __init__(self, body: bytes, interval: float) -> None:
        self.body = body
        self.interval = interval

    def __iter__(self) -> Iterator[bytes]:
        for index in range(len(self.body)):
            time.sleep(self.interval)
            yield self.body[index : index + 1]


class SyncRaw(httpx.SyncByteStream):
    """``Raw`` for sync clients."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def __iter__(self) -> Iterator[bytes]:
        yield self.body
