"""A hostile or sloppy platform on 127.0.0.1: FakeProbe's answers, rewritten before they are sent.

``Tampering(fake, rewrite)`` serves FakeProbe behind a small HTTP server of its own; every JSON answer is
passed to ``rewrite(answer)`` (an ``Answer``: the operation's method, path, status, response schema from the
merged spec, and the parsed data) and whatever it returns is sent, written with Python's lenient ``json.dumps``
so that ``NaN`` and ``Infinity`` reach the client as a careless server writes them. ``rewrite`` may also return
``bytes``, sent as they are.

``minimized(schema, data)`` keeps only what the spec requires of ``data``, at every depth (the answer of a
platform that leaves out every optional field), using the spec as ``tests/samples.py`` reads it.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from samples import SPEC, flatten

from splx_probe_client.testing import FakeProbe


@dataclass
class Answer:
    """One JSON answer on its way to the client; ``count`` numbers the answers to the same method and path."""

    method: str
    path: str
    status: int
    schema: dict[str, Any] | None
    data: Any
    count: int = 0
    schema_name: str | None = field(default=None)


Rewrite = Callable[[Answer], Any]


def _templates() -> list[tuple[str, re.Pattern[str], dict[str, Any]]]:
    found = []
    for template, item in SPEC.get("paths", {}).items():
        pattern = re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)))
        for method, operation in item.items():
            if isinstance(operation, dict):
                found.append((method.upper(), pattern, operation))
    # A concrete path wins over a templated one that also matches (``/test-run/trigger``, ``/test-run/{id}``).
    found.sort(key=lambda entry: entry[1].pattern.count("[^/]+"))
    return found


_OPERATIONS = _templates()


def response_schema(method: str, path: str, status: int) -> tuple[dict[str, Any] | None, str | None]:
    """The merged spec's schema of the answer (and its component name, if it is a reference)."""
    for known_method, pattern, operation in _OPERATIONS:
        if known_method == method and pattern.fullmatch(path):
            response = operation.get("responses", {}).get(str(status), {})
            schema = response.get("content", {}).get("application/json", {}).get("schema")
            if not isinstance(schema, dict):
                return None, None
            reference = schema.get("$ref") or schema.get("items", {}).get("$ref")
            return schema, reference.rsplit("/", 1)[1] if isinstance(reference, str) else None
    return None, None


def minimized(schema: dict[str, Any] | str, data: Any) -> Any:
    """``data`` with every field the spec does not require left out, at every depth."""
    node = flatten(schema)
    if isinstance(data, list):
        items = node.get("items", {})
        return [minimized(items, item) for item in data] if items else data
    if not isinstance(data, dict):
        return data
    properties: dict[str, Any] = node.get("properties", {})
    if not properties:
        return data
    required = set(node.get("required", []))
    return {key: minimized(properties[key], value) for key, value in data.items() if key in required}


class Tampering:
    """FakeProbe served on 127.0.0.1 with its JSON answers passed through ``rewrite`` (see the module)."""

    def __init__(self, fake: FakeProbe, rewrite: Rewrite) -> None:
        self.fake = fake
        self.rewrite = rewrite
        self.counts: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    def _answer(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        with httpx.Client(transport=self.fake.transport(), base_url="http://fake.test") as upstream:
            response = upstream.request(method, path, headers=headers, content=body)
        content_type = response.headers.get("content-type", "")
        if "json" not in content_type or not response.content:
            return response.status_code, {"Content-Type": content_type}, response.content
        bare = path.split("?", 1)[0]
        with self._lock:
            count = self.counts.get((method, bare), 0)
            self.counts[(method, bare)] = count + 1
        schema, name = response_schema(method, bare, response.status_code)
        answer = Answer(method, bare, response.status_code, schema, response.json(), count, name)
        rewritten = self.rewrite(answer)
        raw = rewritten if isinstance(rewritten, bytes) else json.dumps(rewritten).encode()
        return response.status_code, {"Content-Type": "application/json"}, raw

    @contextlib.contextmanager
    def serve(self) -> Iterator[str]:
        tampering = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                skip = {"host", "content-length", "connection", "accept-encoding", "transfer-encoding"}
                headers = {name: value for name, value in self.headers.items() if name.lower() not in skip}
                status, reply_headers, content = tampering._answer(self.command, self.path, headers, body)
                self.send_response(status)
                for name, value in reply_headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _relay

            def log_message(self, format: str, *args: Any) -> None:  # the base class's name
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join()


def strict_json(text: str) -> Any:
    """``json.loads`` that refuses NaN and Infinity (``parse_constant``) and lone surrogates."""

    def refuse(constant: str) -> Any:
        raise AssertionError(f"not JSON: {constant}")

    data = json.loads(text, parse_constant=refuse)
    text.encode("utf-8")  # a lone surrogate written as a \\ud800 escape would decode to one: refused here
    _no_surrogates(data)
    return data


def _no_surrogates(data: Any) -> None:
    if isinstance(data, str):
        data.encode("utf-8")
    elif isinstance(data, dict):
        for key, value in data.items():
            _no_surrogates(key)
            _no_surrogates(value)
    elif isinstance(data, list):
        for item in data:
            _no_surrogates(item)
