"""Response bodies that fail while being read, for ``httpx.MockTransport`` handlers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

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
