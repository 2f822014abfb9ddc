"""Fixtures: a fake clock installed in the poller, a scripted server, a client talking to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from overrides.polling.scripted import FakeClock, ScriptedServer

from splx_probe_client import _poller
from splx_probe_client.client import AuthenticatedClient


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(_poller, "clock", fake)
    monkeypatch.setattr(_poller, "jitter", lambda interval: interval)
    return fake


@pytest.fixture
def server(clock: FakeClock) -> ScriptedServer:
    return ScriptedServer(clock)


@pytest.fixture
async def client(server: ScriptedServer) -> AsyncIterator[AuthenticatedClient]:
    api = AuthenticatedClient(
        base_url="https://probe.test",
        token="test-key",
        httpx_args={"transport": httpx.MockTransport(server.handle)},
    )
    async with api:
        yield api


@pytest.fixture(autouse=True)
def _nothing_left_running() -> Iterator[None]:
    yield
    # Each test runs in its own loop: a poller left in the registry would be a leak.
    assert not any(_poller._pollers.values())
