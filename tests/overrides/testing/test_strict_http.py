"""FakeProbe over a socket is as strict as the platform and quiet: JSON for every method, length and fault.

Raw sockets send what httpx never would (bad ``Content-Length``, unknown methods, a client that vanishes).
Each test also checks that nothing reached stderr and no serving thread failed.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator, Mapping
from typing import Any

import httpx
import pytest

from splx_probe_client._schema_rules import CONNECTION_TYPES, SCHEMAS, Rule
from splx_probe_client.testing import FakeProbe

WS = 1
TYPES_PATH = "/api/target/types"
CREATE_PATH = f"/api/v2/workspaces/{WS}/target"


@pytest.fixture
def served(capfd: pytest.CaptureFixture[str]) -> Iterator[tuple[FakeProbe, str, int]]:
    fake = FakeProbe()
    with fake.serve() as base_url:
        yield fake, base_url, int(base_url.rsplit(":", 1)[1])
    assert fake.server_errors == []
    assert capfd.readouterr().err == ""


def exchange(port: int, raw: bytes, *, read: bool = True) -> tuple[int, dict[str, str], bytes]:
    """Send ``raw`` on a new connection; (status, headers, body) of the answer, read to the server's close."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(raw)
        sock.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def request(method: str, path: str, key: str, extra: str = "", body: bytes = b"") -> bytes:
    return f"{method} {path} HTTP/1.1\r\nHost: x\r\nX-Api-Key: {key}\r\n{extra}\r\n".encode() + body


def error_of(headers: dict[str, str], body: bytes) -> dict[str, Any]:
    assert headers["content-type"] == "application/json"
    document = json.loads(body)
    assert set(document) == {"error"}
    assert isinstance(document["error"]["message"], str)
    return document["error"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("value", "status"),
    [("abc", 400), ("-5", 400), ("-1", 400), ("1.5", 400), ("99999999999999999999999", 413), (str(2**21), 413)],
)
def test_a_bad_content_length_is_a_json_error_and_nothing_is_read(
    served: tuple[FakeProbe, str, int], value: str, status: int
) -> None:
    fake, _, port = served
    started = time.perf_counter()
    code, headers, body = exchange(port, request("POST", CREATE_PATH, fake.api_key, f"Content-Length: {value}\r\n"))
    assert code == status
    assert error_of(headers, body)["code"] in {"BAD_REQUEST", "PAYLOAD_TOO_LARGE"}
    assert headers["connection"] == "close"
    assert time.perf_counter() - started < 2  # no hang waiting for a body
    assert fake.requests[-1].status == status


def test_two_different_content_lengths_are_refused(served: tuple[FakeProbe, str, int]) -> None:
    fake, _, port = served
    raw = request("POST", CREATE_PATH, fake.api_key, "Content-Length: 2\r\nContent-Length: 3\r\n", b"{}")
    assert exchange(port, raw)[0] == 400


def test_a_body_over_the_cap_is_413_in_process_too() -> None:
    fake = FakeProbe()
    with httpx.Client(base_url="http://f", transport=fake.transport(), headers={"X-Api-Key": fake.api_key}) as c:
        response = c.post(CREATE_PATH, content=b" " * (2**20 + 1))
    assert response.status_code == 413


@pytest.mark.parametrize("method", ["TRACE", "OPTIONS", "HEAD", "PUT", "DELETE", "QUERY"])
def test_a_known_path_with_another_method_is_405_with_allow(served: tuple[FakeProbe, str, int], method: str) -> None:
    fake, _, port = served
    code, headers, body = exchange(port, request(method, TYPES_PATH, fake.api_key))
    assert code == 405
    assert headers["allow"] == "GET"
    assert headers["content-type"] == "application/json"
    if method == "HEAD":
        assert body == b""  # HEAD answers carry headers only
        assert int(headers["content-length"]) > 0
    else:
        assert error_of(headers, body)["code"] == "METHOD_NOT_ALLOWED"


def test_the_allow_header_lists_every_method_of_the_path(served: tuple[FakeProbe, str, int]) -> None:
    fake, base_url, _ = served
    target_id = fake.add_target()
    response = httpx.put(f"{base_url}/api/v2/workspaces/{WS}/target/{target_id}", headers={"X-Api-Key": fake.api_key})
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "PATCH"}


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("FOO", TYPES_PATH, 501),  # a method HTTP does not define: 501 everywhere
        ("PROPFIND", TYPES_PATH, 501),
        ("TRACE", "/api/nothing-here", 501),  # a method no operation uses, on a path the API lacks
        ("OPTIONS", "/", 501),
        ("GET", "/api/nothing-here", 404),  # a method the API uses, on a path it lacks
    ],
)
def test_a_method_the_fake_does_not_serve_is_501_json(
    served: tuple[FakeProbe, str, int], method: str, path: str, status: int
) -> None:
    fake, _, port = served
    code, headers, body = exchange(port, request(method, path, fake.api_key))
    assert code == status
    assert error_of(headers, body)["code"] == ("NOT_IMPLEMENTED" if status == 501 else "NOT_FOUND")


@pytest.mark.parametrize(
    "raw", [b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n"]
)
def test_a_request_http_server_cannot_parse_is_a_json_error(served: tuple[FakeProbe, str, int], raw: bytes) -> None:
    _, _, port = served
    code, headers, body = exchange(port, raw)
    assert 400 <= code < 600
    assert error_of(headers, body)["code"]


def test_a_chunked_body_is_411(served: tuple[FakeProbe, str, int]) -> None:
    fake, _, port = served
    raw = request("POST", CREATE_PATH, fake.api_key, "Transfer-Encoding: chunked\r\n", b"2\r\n{}\r\n0\r\n\r\n")
    assert exchange(port, raw)[0] == 411


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000, b'{"settings": NaN}', b'{"a": Infinity}', b"\xff\xfe", b'{"n": 1' + b"0" * 5000 + b"}"],
    ids=["deep", "nan", "infinity", "not-utf8", "huge-int"],
)
def test_a_body_json_cannot_carry_is_400(served: tuple[FakeProbe, str, int], body: bytes) -> None:
    fake, base_url, _ = served
    response = httpx.post(f"{base_url}{CREATE_PATH}", content=body, headers={"X-Api-Key": fake.api_key})
    assert response.status_code == 400
    assert "body" in response.json()["error"]["validationErrors"]


def test_a_client_that_vanishes_before_the_answer_leaves_no_traceback(served: tuple[FakeProbe, str, int]) -> None:
    fake, _, port = served
    fake.delay_next(0.2, times=3)
    for _ in range(3):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(request("GET", TYPES_PATH, fake.api_key))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST on close
        sock.close()
    time.sleep(0.4)  # the server writes its delayed answers into closed connections
    assert len(fake.requests) == 3


def test_a_keep_alive_connection_reset_while_idle_leaves_no_traceback(served: tuple[FakeProbe, str, int]) -> None:
    fake, _, port = served
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(request("GET", TYPES_PATH, fake.api_key))
    answer = b""
    while not answer.endswith(b"]"):  # the whole JSON list: the connection is now idle, kept alive
        answer += sock.recv(65536)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST
    sock.close()
    time.sleep(0.2)  # the server thread reads the reset
    assert [r.status for r in fake.requests] == [200]


def test_a_body_that_stalls_is_408_after_body_timeout(served: tuple[FakeProbe, str, int]) -> None:
    fake, _, port = served
    fake.body_timeout = 0.2
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request("POST", CREATE_PATH, fake.api_key, "Content-Length: 100\r\n", b'{"settings"'))
        answer = b""
        while chunk := sock.recv(65536):  # the client keeps the connection open: the server gives up, then closes
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b'"code":"REQUEST_TIMEOUT"' in answer
    assert 0.2 <= time.perf_counter() - started < 2


def test_a_body_that_stops_halfway_is_dropped_quietly(served: tuple[FakeProbe, str, int]) -> None:
    fake, _, port = served
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(request("POST", CREATE_PATH, fake.api_key, "Content-Length: 100\r\n", b'{"settings"'))
        sock.shutdown(socket.SHUT_WR)
        assert sock.recv(1024) == b""  # closed without an answer: there was no whole request to answer
    assert fake.requests == []


# --- request bodies: the spec's rules, reached through the connection type -----------------------------------


def _config_with(field: str) -> tuple[str, dict[str, Any]]:
    """A connection type whose config has ``field``, and a valid minimal config of it (from the spec rules)."""
    for kind, schema in sorted(CONNECTION_TYPES.items()):
        rule = SCHEMAS[schema]
        if rule.properties and field in rule.properties:
            config = {name: _valid(_fields(rule)[name]) for name in rule.required}
            return kind, config
    raise AssertionError(f"no connection config has {field!r} any more")


def _fields(rule: Rule) -> Mapping[str, Rule]:
    assert rule.properties is not None
    return rule.properties


def _valid(rule: Rule) -> Any:
    if rule.ref is not None:
        inner = SCHEMAS[rule.ref]
        return {name: _valid(_fields(inner)[name]) for name in inner.required}
    if rule.type == "string":
        return "v" * max(2, rule.min_length or 0)
    return {"integer": 1, "boolean": True, "object": {}, "array": []}.get(rule.type or "")


def _create(base_url: str, key: str, kind: str, config: dict[str, Any]) -> httpx.Response:
    settings_rule = SCHEMAS["TargetSettingsCreateRequest"]
    settings = {name: _valid(_fields(settings_rule)[name]) for name in settings_rule.required}
    body = {"connection": {"type": kind, "config": config}, "settings": settings}
    return httpx.post(f"{base_url}{CREATE_PATH}", json=body, headers={"X-Api-Key": key})


def test_every_connection_type_of_the_spec_is_accepted(served: tuple[FakeProbe, str, int]) -> None:
    fake, base_url, _ = served
    for kind, schema in sorted(CONNECTION_TYPES.items()):
        rule = SCHEMAS[schema]
        config = {name: _valid(_fields(rule)[name]) for name in rule.required}
        response = _create(base_url, fake.api_key, kind, config)
        assert response.status_code == 200, (kind, response.text)
        assert response.json()["connection"] == {"type": kind, "config": config}


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("apiKey", "", "at least"),
        ("systemPrompt", "x", "at least"),
        ("oauth", "client-credentials", "type object"),
        ("maxTokens", "1024", "type integer"),
        ("headers", ["Authorization"], "type object"),
    ],
)
def test_a_bad_config_field_is_400_naming_it(
    served: tuple[FakeProbe, str, int], field: str, value: Any, words: str
) -> None:
    fake, base_url, _ = served
    kind, config = _config_with(field)
    response = _create(base_url, fake.api_key, kind, {**config, field: value})
    assert response.status_code == 400
    problems = response.json()["error"]["validationErrors"]
    assert list(problems) == [f"connection.config.{field}"]
    assert words in problems[f"connection.config.{field}"][0]


def test_a_nested_config_field_of_the_wrong_type_is_named_with_its_path(served: tuple[FakeProbe, str, int]) -> None:
    fake, base_url, _ = served
    kind, config = _config_with("oauth")
    oauth = _valid(_fields(SCHEMAS[CONNECTION_TYPES[kind]])["oauth"])
    response = _create(base_url, fake.api_key, kind, {**config, "oauth": {**oauth, "clientId": 5, "extra": 1}})
    assert response.status_code == 400
    assert response.json()["error"]["validationErrors"] == {
        "connection.config.oauth.clientId": ["must be of type string"],
        "connection.config.oauth.extra": ["is not a known field"],
    }
