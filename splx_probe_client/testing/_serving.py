# Hand-written: edit overrides/splx_probe_client/testing/_serving.py, not this copy (installed by `make generate`).
"""How the fake is reached: an httpx transport in-process, or an HTTP/1.1 server on 127.0.0.1.

Both hand each request to ``FakeProbe._handle`` and write its ``Reply``. The server answers everything in the
``ErrorResponse`` shape (malformed requests, any method, bad ``Content-Length``), never writes to stderr, and
treats a client that went away as normal: an exception of its own is kept in ``FakeProbe.server_errors``.

The server cannot be pinned by slow clients (a slowloris): one thread reads every connection through a
selector until a whole request (head and announced body) has arrived, and only then hands it to a bounded
pool of worker threads, which never wait on a client. A request head must arrive within ``head_timeout`` of its
first byte and its body within ``body_timeout`` of the head's end (the whole body, not each read), else the
answer is 408 and the connection is closed; an idle keep-alive connection is closed after ``idle_timeout``.
Answers delayed by ``delay_next``/``latency`` wait on the reader's timer, not in a worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import io
import itertools
import json
import queue
import re
import selectors
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any, Literal, Protocol

import attrs
import httpx

from ._rules import MAX_BODY, APIError, content_length, error_body

if TYPE_CHECKING:
    from ._fake import FakeProbe


def _request_id() -> dict[str, str]:
    # As the platform does: every answer, errors included, carries an id support can look up.
    return {"x-request-id": str(uuid.uuid4())}


@attrs.define
class Reply:
    status: int
    body: bytes = b""
    content_type: str | None = "application/json"
    headers: dict[str, str] = attrs.Factory(_request_id)
    delay: float = 0.0
    drop: bool = False


def json_reply(status: int, payload: Any) -> Reply:
    return Reply(status, json.dumps(payload, separators=(",", ":")).encode())


def error_reply(error: APIError) -> Reply:
    reply = json_reply(error.status, error_body(error.status, error.message, error.validation_errors))
    reply.headers.update(error.headers)
    return reply


class Core(Protocol):
    def __call__(
        self,
        method: str,
        raw_path: str,
        headers: dict[str, str],
        body: bytes,
        via: Literal["socket", "transport"],
        refused: APIError | None = None,
        connection: str | None = None,
    ) -> Reply: ...


# --- in-process ---------------------------------------------------------------------------------------------


class FakeTransport(httpx.MockTransport):
    def __init__(self, core: Core) -> None:
        super().__init__(self._handle_sync)
        self._core = core

    def _reply(self, request: httpx.Request) -> Reply:
        headers = {name.lower(): value for name, value in request.headers.items()}
        return self._core(request.method, request.url.raw_path.decode("ascii"), headers, request.content, "transport")

    @staticmethod
    def _response(reply: Reply, request: httpx.Request) -> httpx.Response:
        if reply.drop:
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
        headers = dict(reply.headers)
        if reply.content_type:
            headers["Content-Type"] = reply.content_type
        content = b"" if request.method == "HEAD" else reply.body
        return httpx.Response(reply.status, headers=headers, content=content, request=request)

    def _handle_sync(self, request: httpx.Request) -> httpx.Response:
        request.read()
        reply = self._reply(request)
        if reply.delay:
            time.sleep(reply.delay)
        return self._response(reply, request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        reply = self._reply(request)
        if reply.delay:
            await asyncio.sleep(reply.delay)
        return self._response(reply, request)


# --- over a socket ------------------------------------------------------------------------------------------

MAX_HEAD = 256 * 1024
"""Largest request head read (request line and headers); a longer one is answered 431 and closed."""
MAX_CONNECTIONS = 1000
"""Open connections beyond this are answered 503 at once and closed (each costs a file descriptor)."""
_WRITE_TIMEOUT = 10.0  # a client that reads nothing cannot keep a worker past this
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*([^\r\n]*)", re.IGNORECASE | re.MULTILINE)
_CHUNKED = re.compile(rb"^transfer-encoding[ \t]*:[^\r\n]*chunked", re.IGNORECASE | re.MULTILINE)
_CONTINUE = re.compile(rb"^expect[ \t]*:[ \t]*100-continue", re.IGNORECASE | re.MULTILINE)


def _announced_length(head: bytes) -> int | None:
    """The body length the head announces (0 for none); ``None`` when the handler will refuse the head as is."""
    if _CHUNKED.search(head):
        return None
    values = {value.strip() for value in _LENGTH.findall(head)}
    if not values:
        return 0
    text = values.pop()
    if values or not text.isdigit() or len(text) > 12 or int(text) > MAX_BODY:
        return None
    return int(text)


class _Connection:
    """One client connection, as the reader sees it between requests."""

    def __init__(self, sock: socket.socket, name: str, now: float) -> None:
        self.sock = sock
        self.fd = sock.fileno()
        self.name = name
        self.buffer = bytearray()
        self.idle_since = now
        self.started: float | None = None
        """When the first byte of the request being read arrived (``None``: between requests)."""
        self.head_end: int | None = None
        self.body_length = 0
        self.body_deadline = 0.0
        self.busy = False
        """A worker holds it: the reader neither reads nor expires it."""
        self.closed = False

    def reset(self, now: float) -> None:
        self.started = now if self.buffer else None
        self.head_end = None
        self.body_length = 0
        self.idle_since = now


class _Handler(BaseHTTPRequestHandler):
    """http.server's parsing of one whole request already in memory; the answer is collected, not sent."""

    protocol_version = "HTTP/1.1"  # keep-alive: benchmarks hold 100 connections open

    def __init__(self, data: bytes, server: Server, connection: _Connection, body_timed_out: bool) -> None:
        self.body_timed_out = body_timed_out
        self.connection_name = connection.name
        self.output = io.BytesIO()
        self.data = data
        self.fake_server = server
        self.reply: Reply | None = None
        super().__init__(connection.sock, ("127.0.0.1", 0), server)  # type: ignore[arg-type]

    def setup(self) -> None:
        self.rfile = io.BytesIO(self.data)
        self.wfile = self.output

    def handle(self) -> None:
        self.close_connection = True
        self.handle_one_request()

    def finish(self) -> None:
        """Nothing to flush: the worker sends ``output``."""

    def handle_expect_100(self) -> bool:
        return True  # the reader already said 100 Continue, before the body arrived

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: a test server must not write to stderr."""

    def __getattr__(self, name: str) -> Callable[[], None]:
        # Every method reaches the fake, which answers 405/501 as JSON (http.server would send an HTML 501).
        if name.startswith("do_"):
            return self._serve_one
        raise AttributeError(name)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A request http.server could not parse (bad request line, headers too long): JSON, then close."""
        self.close_connection = True
        self.request_version = self.protocol_version  # an unparsed request line leaves HTTP/0.9: no status line
        phrase = message or (HTTPStatus(code).phrase if code in HTTPStatus._value2member_map_ else "Error")
        self._write(json_reply(code, error_body(code, phrase)))

    def _serve_one(self) -> None:
        headers = {name.lower(): value for name, value in self.headers.items()}
        refused = None
        body = b""
        try:
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                raise APIError(411, "Send a Content-Length.")
            length = content_length(self.headers.get_all("Content-Length") or [])
            if self.body_timed_out:
                timeout = self.fake_server.fake.body_timeout
                raise APIError(408, f"The request body did not arrive within {timeout:g} seconds.")
            body = self.rfile.read(length)
            if len(body) < length:  # the reader hands over whole bodies only; never act on a part of one
                raise APIError(400, "The request body is shorter than its Content-Length.")
        except APIError as error:
            refused = error
            self.close_connection = True  # the body, if any, was not read: the connection cannot be reused
        fake = self.fake_server.fake
        try:
            reply = fake._handle(self.command, self.path, headers, body, "socket", refused, self.connection_name)
        except Exception as error:
            fake.server_errors.append(error)
            reply = json_reply(500, error_body(500, f"FakeProbe failed: {type(error).__name__}"))
        self.reply = reply
        if reply.drop:
            self.close_connection = True
            return
        self._write(reply)

    def _write(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if reply.body and self.command != "HEAD":
            self.wfile.write(reply.body)


def _refusal(status: int, message: str) -> bytes:
    """A whole answer to a request that never arrived whole (no handler parsed it), closing the connection."""
    body = json.dumps(error_body(status, message), separators=(",", ":")).encode()
    phrase = HTTPStatus(status).phrase
    head = (
        f"HTTP/1.1 {status} {phrase}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        f"x-request-id: {uuid.uuid4()}\r\nConnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class Server:
    """The fake over 127.0.0.1: one reader thread (``serve_forever``) and a bounded pool of workers."""

    def __init__(self, fake: FakeProbe) -> None:
        self.fake = fake
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=256)
        self._listener.setblocking(False)
        self.server_address: tuple[str, int] = self._listener.getsockname()[:2]
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._listener, selectors.EVENT_READ, None)
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self._selector.register(self._wake_read, selectors.EVENT_READ, "wake")
        self._connections: dict[int, _Connection] = {}
        self._names = itertools.count(1)
        self._returned: queue.SimpleQueue[tuple[_Connection, bool]] = queue.SimpleQueue()
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._timer_ids = itertools.count()
        self._timers_lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=fake.server_threads, thread_name_prefix="FakeProbe-worker")
        self._stopping = threading.Event()
        self._stopped = threading.Event()

    # --- the reader thread ----------------------------------------------------------------------------------

    def serve_forever(self, poll_interval: float = 0.05) -> None:
        try:
            while not self._stopping.is_set():
                for key, _ in self._selector.select(self._next_wait(poll_interval)):
                    if key.data is None:
                        self._accept()
                    elif key.data == "wake":
                        with contextlib.suppress(OSError):
                            self._wake_read.recv(4096)
                    else:
                        self._read(key.data)
                self._take_returned()
                self._run_timers()
                self._expire()
        except Exception as error:  # a bug of the fake: kept for the tests, never printed
            self.fake.server_errors.append(error)
        finally:
            self._stopped.set()

    def _next_wait(self, poll_interval: float) -> float:
        with self._timers_lock:
            due = self._timers[0][0] - time.monotonic() if self._timers else poll_interval
        return max(0.0, min(poll_interval, due))

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return  # e.g. out of file descriptors: the client is refused, the server keeps serving
            if len(self._connections) >= MAX_CONNECTIONS:
                with contextlib.suppress(OSError):
                    sock.send(_refusal(503, "FakeProbe has too many open connections."))
                sock.close()
                continue
            sock.setblocking(False)
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connection = _Connection(sock, f"FakeProbe-connection-{next(self._names)}", time.monotonic())
            self._connections[connection.fd] = connection
            self._selector.register(sock, selectors.EVENT_READ, connection)

    def _read(self, connection: _Connection) -> None:
        try:
            data = connection.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""  # reset by the client: as good as closed
        if not data:
            self._close(connection)  # a request cut short is not answered: there was no whole request
            return
        if connection.started is None:
            connection.started = time.monotonic()
        connection.buffer += data
        self._progress(connection)

    def _progress(self, connection: _Connection) -> None:
        """Hand the request over once it is whole (or refuse a head too large to be one)."""
        buffer = connection.buffer
        if connection.head_end is None:
            found = _HEAD_END.search(buffer)
            if found is None:
                if len(buffer) > MAX_HEAD:
                    self._refuse(connection, 431, "The request head is too large.")
                return
            connection.head_end = found.end()
            head = bytes(buffer[: found.end()])
            announced = _announced_length(head)
            if announced is None:  # the handler refuses the head (400, 411 or 413) without reading a body
                self._dispatch(connection, connection.head_end, body_timed_out=False)
                return
            connection.body_length = announced
            connection.body_deadline = time.monotonic() + self.fake.body_timeout
            if announced and len(buffer) < found.end() + announced and _CONTINUE.search(head):
                with contextlib.suppress(OSError):
                    connection.sock.send(b"HTTP/1.1 100 Continue\r\n\r\n")
        end = connection.head_end + connection.body_length
        if len(buffer) >= end:
            self._dispatch(connection, end, body_timed_out=False)

    def _expire(self) -> None:
        now = time.monotonic()
        fake = self.fake
        for connection in list(self._connections.values()):
            if connection.busy:
                continue
            if connection.started is None:
                if now - connection.idle_since > fake.idle_timeout:
                    self._close(connection)
            elif connection.head_end is None:
                if now - connection.started > fake.head_timeout:
                    message = f"The request head did not arrive within {fake.head_timeout:g} seconds."
                    self._refuse(connection, 408, message)
            elif now > connection.body_deadline:
                self._dispatch(connection, len(connection.buffer), body_timed_out=True)

    def _close(self, connection: _Connection) -> None:
        if connection.closed:
            return
        connection.closed = True
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(connection.sock)
        self._connections.pop(connection.fd, None)
        with contextlib.suppress(OSError):
            connection.sock.close()

    def _hand_over(self, connection: _Connection) -> None:
        connection.busy = True
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(connection.sock)

    def _dispatch(self, connection: _Connection, end: int, *, body_timed_out: bool) -> None:
        data = bytes(connection.buffer[:end])
        del connection.buffer[:end]
        self._hand_over(connection)
        self._submit(self._work, connection, data, body_timed_out)

    def _refuse(self, connection: _Connection, status: int, message: str) -> None:
        connection.buffer.clear()
        self._hand_over(connection)
        self._submit(self._send, connection, _refusal(status, message), True)

    def _submit(self, job: Callable[..., None], *args: Any) -> None:
        try:
            self._pool.submit(job, *args)
        except RuntimeError:  # the pool is shut down: the server is stopping
            self._returned.put((args[0], True))

    def _take_returned(self) -> None:
        while True:
            try:
                connection, close = self._returned.get_nowait()
            except queue.Empty:
                return
            connection.busy = False
            if close or self._stopping.is_set():
                self._close(connection)
                continue
            try:
                connection.sock.setblocking(False)
                self._selector.register(connection.sock, selectors.EVENT_READ, connection)
            except (OSError, ValueError, KeyError):
                self._close(connection)
                continue
            connection.reset(time.monotonic())
            if connection.buffer:
                self._progress(connection)  # a pipelined request already arrived

    def _run_timers(self) -> None:
        now = time.monotonic()
        due: list[Callable[[], None]] = []
        with self._timers_lock:
            while self._timers and self._timers[0][0] <= now:
                due.append(heapq.heappop(self._timers)[2])
        for action in due:
            action()

    def _later(self, delay: float, action: Callable[[], None]) -> None:
        with self._timers_lock:
            heapq.heappush(self._timers, (time.monotonic() + delay, next(self._timer_ids), action))
        self._wake()

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_write.send(b"\0")

    # --- the workers ----------------------------------------------------------------------------------------

    def _work(self, connection: _Connection, data: bytes, body_timed_out: bool) -> None:
        try:
            handler = _Handler(data, self, connection, body_timed_out)
            output, close, reply = handler.output.getvalue(), handler.close_connection, handler.reply
        except Exception as error:
            self.fake.server_errors.append(error)
            self._give_back(connection, close=True)
            return
        delay = reply.delay if reply is not None else 0.0
        if delay > 0:  # waits on the reader's timer: a delayed answer holds no worker
            self._later(delay, lambda: self._submit(self._send, connection, output, close))
        else:
            self._send(connection, output, close)

    def _send(self, connection: _Connection, output: bytes, close: bool) -> None:
        if output:
            try:
                connection.sock.settimeout(_WRITE_TIMEOUT)
                connection.sock.sendall(output)
            except OSError:
                close = True  # the client went away (or reads nothing): normal for a test server
        self._give_back(connection, close=close)

    def _give_back(self, connection: _Connection, *, close: bool) -> None:
        self._returned.put((connection, close))
        self._wake()

    # --- stopping -------------------------------------------------------------------------------------------

    def shutdown(self) -> None:
        self._stopping.set()
        self._wake()
        self._stopped.wait()

    def stop(self) -> None:
        """Stop reading, let the workers finish what they hold, close every connection and the listener."""
        self.shutdown()
        self._pool.shutdown(wait=True, cancel_futures=True)
        while True:
            try:
                connection, _ = self._returned.get_nowait()
            except queue.Empty:
                break
            self._close(connection)
        for connection in list(self._connections.values()):
            self._close(connection)
        self._selector.close()
        for sock in (self._listener, self._wake_read, self._wake_write):
            with contextlib.suppress(OSError):
                sock.close()
