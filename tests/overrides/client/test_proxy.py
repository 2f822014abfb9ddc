"""Proxies and transport options: HTTP_PROXY/NO_PROXY and proxy= keep the retries and typed errors; verify= is used."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from overrides.client.scripted import API_KEY, Sleeps

from splx_probe_client import PermissionDeniedError, ProbeClient
from splx_probe_client.api.target import list_target_types

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
ORIGIN = "http://probe.invalid"  # never resolved: only a proxy can answer for it


class StubServer:
    """An HTTP/1.1 server on 127.0.0.1 that answers every request itself: as an origin or as a forward proxy.

    It records each request line (absolute-form when it is used as a proxy) and answers ``statuses`` in order,
    then 200, always with the body ``[]``.
    """

    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses)
        self.lines: list[str] = []
        self.api_keys: list[str] = []

    @asynccontextmanager
    async def serve(self) -> AsyncIterator[str]:
        server = await asyncio.start_server(self._answer, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.close()
            await server.wait_closed()

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
                self.lines.append(head[0])
                self.api_keys += [
                    line.split(":", 1)[1].strip() for line in head if line.lower().startswith("x-api-key:")
                ]
                status = self.statuses.pop(0) if self.statuses else 200
                body = b"[]"
                writer.write(f"HTTP/1.1 {status} Stub\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the client closed the connection
        finally:
            writer.close()


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


async def test_http_proxy_from_the_environment_is_used_with_retries(
    monkeypatch: pytest.MonkeyPatch, sleeps: Sleeps
) -> None:
    proxy = StubServer(503)
    async with proxy.serve() as proxy_url:
        monkeypatch.setenv("HTTP_PROXY", proxy_url)
        async with ProbeClient(API_KEY, base_url=ORIGIN, retry_sleep=sleeps) as client:
            assert await list_target_types.asyncio(client=client) == []
    assert proxy.lines == [f"GET {ORIGIN}/api/target/types HTTP/1.1"] * 2  # the 503 was retried through the proxy
    assert proxy.api_keys == [API_KEY] * 2
    assert len(sleeps.waits) == 1


async def test_an_explicit_proxy_keeps_typed_errors_and_wins_over_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    proxy = StubServer(403)
    async with proxy.serve() as proxy_url:
        monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
        async with ProbeClient(API_KEY, base_url=ORIGIN, proxy=proxy_url) as client:
            with pytest.raises(PermissionDeniedError):
                await list_target_types.asyncio(client=client)
            # A sibling keeps the proxy: it borrows the same connections.
            assert await list_target_types.asyncio(client=client.with_headers({"X-Request-Source": "ci"})) == []
    assert proxy.lines == [f"GET {ORIGIN}/api/target/types HTTP/1.1"] * 2


@pytest.mark.parametrize(
    ("no_proxy", "direct"),
    [
        ("127.0.0.1", True),
        ("example.com, 127.0.0.1", True),
        ("*", True),
        ("http://127.0.0.1", True),
        ("https://127.0.0.1", False),  # another scheme's exemption
        ("example.com", False),
        ("27.0.0.1", False),  # not a suffix at a dot
        ("", False),
    ],
)
async def test_no_proxy_exempts_the_api_host(monkeypatch: pytest.MonkeyPatch, no_proxy: str, direct: bool) -> None:
    proxy, origin = StubServer(), StubServer()
    async with proxy.serve() as proxy_url, origin.serve() as origin_url:
        monkeypatch.setenv("HTTP_PROXY", proxy_url)
        monkeypatch.setenv("NO_PROXY", no_proxy)
        async with ProbeClient(API_KEY, base_url=origin_url) as client:
            await list_target_types.asyncio(client=client)
    if direct:
        assert (origin.lines, proxy.lines) == (["GET /api/target/types HTTP/1.1"], [])
    else:
        assert (origin.lines, proxy.lines) == ([], [f"GET {origin_url}/api/target/types HTTP/1.1"])


async def test_trust_env_false_ignores_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    origin = StubServer()
    async with origin.serve() as origin_url:
        monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
        async with ProbeClient(API_KEY, base_url=origin_url, trust_env=False) as client:
            await list_target_types.asyncio(client=client)
    assert origin.lines == ["GET /api/target/types HTTP/1.1"]


def test_verify_reaches_the_transport() -> None:
    context = ssl.create_default_context()
    client = ProbeClient(API_KEY, verify=context)
    # httpx keeps the context on its private pool; there is no public way to read it back.
    assert client.get_async_httpx_client()._transport.inner._pool._ssl_context is context  # type: ignore[attr-defined]
    sibling = client.with_timeout(httpx.Timeout(1.0))
    assert sibling.get_async_httpx_client()._transport.inner.inner is client.get_async_httpx_client()._transport.inner  # type: ignore[attr-defined]


@pytest.mark.parametrize("option", ["verify", "proxy", "http2"])
def test_transport_options_with_a_transport_are_refused(option: str) -> None:
    value: Any = {"verify": False, "proxy": "http://127.0.0.1:3128", "http2": True}[option]
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    with pytest.raises(ValueError, match=f"{option} configure the default transport"):
        ProbeClient(API_KEY, transport=transport, **{option: value})


def test_mounts_are_refused() -> None:
    with pytest.raises(ValueError, match="mounts= would bypass"):
        ProbeClient(API_KEY, mounts={"all://": httpx.AsyncHTTPTransport()})
