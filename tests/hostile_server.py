"""A hostile HTTP server on 127.0.0.1 for tests: raw sockets, so it can send what no well-behaved server would.

Each connection is handed to a ``Handler`` (a function of the connected socket and a stop event) in a thread
of its own. Helpers write a head or body a byte at a time, or a ready-made answer. ``close()`` (or leaving the
``with`` block) sets the stop event, which every helper's wait checks, and closes every socket: no test waits for
a dribble to finish.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from types import TracebackType

Handler = Callable[[socket.socket, threading.Event], None]


class HostileServer:
    """Listens on 127.0.0.1 (an ephemeral port); ``base_url`` is where to point a client."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()
        self.accepted = 0
        """Connections accepted so far (one per attempt of a call that opened a new one)."""
        self._thread = threading.Thread(target=self._serve, name="hostile-server", daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        host, port = self._listener.getsockname()[:2]
        return f"http://{host}:{port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._connections.append(connection)
                self.accepted += 1
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection: socket.socket) -> None:
        with contextlib.suppress(OSError):  # the client hung up: what a hostile server shrugs off
            read_request_head(connection)
            self._handler(connection, self._stop)

    def close(self) -> None:
        self._stop.set()
        self._listener.close()
        with self._lock:
            for connection in self._connections:
                with contextlib.suppress(OSError):
                    connection.close()
        self._thread.join(timeout=2)

    def __enter__(self) -> HostileServer:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def read_request_head(connection: socket.socket) -> bytes:
    """The request's head (up to the blank line); a request body, if any, is left unread."""
    connection.settimeout(5)
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = connection.recv(4096)
        if not chunk:
            break
        head += chunk
    return head


def dribble(connection: socket.socket, data: bytes, interval: float, stop: threading.Event) -> None:
    """Send ``data`` one byte every ``interval`` seconds, until done or ``stop`` is set."""
    for index in range(len(data)):
        if stop.wait(interval):
            return
        connection.sendall(data[index : index + 1])


def head(status: int = 200, **headers: str | int) -> bytes:
    """A response head; ``content_type="x"`` becomes ``Content-Type: x``."""
    lines = [f"HTTP/1.1 {status} OK"]
    lines += [f"{name.replace('_', '-').title()}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


def dribbled_head(interval: float) -> Handler:
    """A handler sending a 200 head with a small JSON body, the head one byte every ``interval`` seconds."""

    def handle(connection: socket.socket, stop: threading.Event) -> None:
        dribble(connection, head(200, content_type="application/json", content_length=2), interval, stop)
        connection.sendall(b"[]")
        stop.wait(30)

    return handle


def dribbled_body(interval: float, size: int = 200) -> Handler:
    """A handler sending its head at once and then a JSON body of ``size`` bytes, one byte every ``interval``."""

    def handle(connection: socket.socket, stop: threading.Event) -> None:
        body = b"[" + b" " * (size - 2) + b"]"
        connection.sendall(head(200, content_type="application/json", content_length=len(body)))
        dribble(connection, body, interval, stop)
        stop.wait(30)

    return handle


def answer(body: bytes, status: int = 200, **headers: str | int) -> Handler:
    """A handler sending one whole answer (``Content-Length`` added) at once to each request of the connection."""

    def handle(connection: socket.socket, stop: threading.Event) -> None:
        while not stop.is_set():
            connection.sendall(head(status, content_length=len(body), **headers) + body)
            if not read_request_head(connection):
                return

    return handle
