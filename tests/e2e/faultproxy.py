"""A fault-injecting HTTP/1.1 proxy on 127.0.0.1, in front of a served FakeProbe.

One request per client connection (the proxy answers ``Connection: close``), so a fault hits exactly the
request it was aimed at. Faults, each for the next ``times`` matching requests:

- ``close_before``: close the connection without forwarding (the platform never sees the request);
- ``stall_before``: hold the connection without forwarding until the client gives up;
- ``close_after``: forward, then close without answering (the platform did the work);
- ``stall``: forward, then hold the connection without answering until the client gives up;
- ``cut_body``: forward, send the head and half the body, close;
- ``stall_body``: forward, send the head and half the body, then hold until the client gives up;
- ``dribble_body``: forward, send the head, then the body one byte every ``DRIBBLE_INTERVAL`` seconds (each
  read is quick, the whole body never arrives in time);
- ``garbage``: forward, answer bytes that are not HTTP;
- ``garbage_body``: forward, answer ``200`` with a body that is not JSON.

Every hold ends by itself after ``HOLD_LIMIT`` seconds, so nothing outlives a test.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

FAULTS = (
    "close_before",
    "stall_before",
    "close_after",
    "stall",
    "cut_body",
    "stall_body",
    "dribble_body",
    "garbage",
    "garbage_body",
)
FORWARDED = frozenset(FAULTS) - {"close_before", "stall_before"}
"""Faults after which the platform has carried the request out."""
HOLD_LIMIT = 5.0
DRIBBLE_INTERVAL = 0.05


@dataclass
class Fault:
    kind: str
    method: str | None
    path: str | None
    times: int


@dataclass
class Seen:
    method: str
    path: str
    fault: str | None


@dataclass
class FaultProxy:
    upstream_host: str
    upstream_port: int
    faults: list[Fault] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    chaos: Callable[[str, str], str | None] | None = None
    """Picks a fault (or none) for a request no injected fault matched: random faults, from a seeded RNG."""
    _server: asyncio.Server | None = None
    _handlers: set[asyncio.Task[None]] = field(default_factory=set)

    def inject(self, kind: str, *, method: str | None = None, path: str | None = None, times: int = 1) -> None:
        """Apply ``kind`` to the next ``times`` requests whose method is ``method`` and path contains ``path``."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; one of {FAULTS}")
        self.faults.append(Fault(kind, method, path, times))

    def _take(self, method: str, path: str) -> str | None:
        for fault in self.faults:
            if (fault.method in (None, method)) and (fault.path is None or fault.path in path):
                fault.times -= 1
                if fault.times == 0:
                    self.faults.remove(fault)
                return fault.kind
        return self.chaos(method, path) if self.chaos is not None else None

    async def start(self) -> str:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._handlers):
            task.cancel()
        if self._handlers:
            await asyncio.wait(self._handlers)
        if self._server is not None:
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        try:
            await self._serve(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client went away: that is what several faults provoke
        finally:
            self._handlers.discard(task)
            writer.close()
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                await writer.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, path, _ = lines[0].split(" ", 2)
        headers = [line.split(":", 1) for line in lines[1:] if ":" in line]
        length = next((int(value) for name, value in headers if name.strip().lower() == "content-length"), 0)
        body = await reader.readexactly(length) if length else b""
        fault = self._take(method, path)
        self.seen.append(Seen(method, path, fault))
        if fault == "close_before":
            return
        if fault == "stall_before":
            await _hold(reader)
            return
        kept = [f"{name}:{value}" for name, value in headers if name.strip().lower() != "connection"]
        request = "\r\n".join([lines[0], *kept, "Connection: close", "", ""]).encode("latin-1") + body
        answer = await _forward(self.upstream_host, self.upstream_port, request)
        if fault == "close_after":
            return
        if fault == "stall":
            await _hold(reader)
            return
        if fault == "garbage":
            writer.write(b"\x16\x03\x01 this is not HTTP at all\r\n\r\n")
            await writer.drain()
            return
        if fault == "garbage_body":
            junk = b"<html><body>502 from a proxy, sort of</body></html>"
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + f"Content-Length: {len(junk)}\r\n\r\n".encode()
                + junk
            )
            await writer.drain()
            return
        answer_head, _, answer_body = answer.partition(b"\r\n\r\n")
        answer_lines = [line for line in answer_head.split(b"\r\n") if not line.lower().startswith(b"connection:")] + [
            b"Connection: close"
        ]
        answer_head = b"\r\n".join(answer_lines) + b"\r\n\r\n"
        if fault == "dribble_body":
            writer.write(answer_head)
            for index in range(min(len(answer_body), int(HOLD_LIMIT / DRIBBLE_INTERVAL))):
                await asyncio.sleep(DRIBBLE_INTERVAL)
                writer.write(answer_body[index : index + 1])
                await writer.drain()
                if reader.at_eof():
                    return
            return
        if fault in ("cut_body", "stall_body"):
            writer.write(answer_head + answer_body[: max(1, len(answer_body) // 2)])
            await writer.drain()
            if fault == "stall_body":
                await _hold(reader)
            return
        writer.write(answer_head + answer_body)
        await writer.drain()


async def _forward(host: str, port: int, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(request)
        await writer.drain()
        return await reader.read(-1)  # until the server closes: the request said Connection: close
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


async def _hold(reader: asyncio.StreamReader) -> None:
    """Wait until the client closes the connection (or HOLD_LIMIT passes)."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(reader.read(-1), HOLD_LIMIT)
