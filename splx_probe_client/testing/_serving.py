# Hand-written: edit overrides/splx_probe_client/testing/_serving.py, not this copy (installed by `make generate`).
"""How the fake is reached: an httpx transport in-process, or a threaded HTTP/1.1 server on 127.0.0.1.

Both hand each request to ``FakeProbe._handle`` and write its ``Reply``. The server answers everything in the
``ErrorResponse`` shape (malformed requests, any method, bad ``Content-Length``), never writes to stderr, and
treats a client that went away as normal: an exception of its own is kept in ``FakeProbe.server_errors``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Literal, Protocol

import attrs
import httpx

from ._rules import APIError, content_length, error_body

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


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: benchmarks hold 100 connections open
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    server: Server

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, add=True)

    def finish(self) -> None:
        self.server.track(self.connection, add=False)
        with contextlib.suppress(OSError):  # the client may be gone: nothing left to flush to
            super().finish()

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
            body = self._read_body(content_length(self.headers.get_all("Content-Length") or []))
        except APIError as error:
            refused = error
            self.close_connection = True  # the body, if any, was not read: the connection cannot be reused
        except OSError:
            self.close_connection = True  # the client went away mid-body
            return
        fake = self.server.fake
        try:
            reply = fake._handle(self.command, self.path, headers, body, "socket", refused)
        except Exception as error:
            fake.server_errors.append(error)
            reply = json_reply(500, error_body(500, f"FakeProbe failed: {type(error).__name__}"))
        if reply.delay:
            time.sleep(reply.delay)
        if reply.drop:
            self.close_connection = True
            return
        self._write(reply)

    def _read_body(self, length: int) -> bytes:
        if not length:
            return b""
        timeout = self.server.fake.body_timeout
        self.connection.settimeout(timeout)
        try:
            body = self.rfile.read(length)
        except TimeoutError:
            raise APIError(408, f"The request body did not arrive within {timeout:g} seconds.") from None
        finally:
            with contextlib.suppress(OSError):
                self.connection.settimeout(None)
        if len(body) < length:
            raise ConnectionResetError("the client closed the connection before sending its whole body")
        return body

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


class Server(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True  # server_close() joins the connection threads: a clean stop
    request_queue_size = 256  # many clients connecting at once must not overflow the listen backlog

    def __init__(self, fake: FakeProbe) -> None:
        self.fake = fake
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Never print: a client that went away is normal; anything else is kept for the tests to see."""
        error = sys.exception()
        if error is not None and not isinstance(error, OSError):
            self.fake.server_errors.append(error)

    def track(self, connection: socket.socket, *, add: bool) -> None:
        with self._connections_lock:
            if add:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def stop(self) -> None:
        self.shutdown()
        with self._connections_lock:
            open_connections = list(self._connections)
        for connection in open_connections:  # wake threads waiting on idle keep-alive connections
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self.server_close()
