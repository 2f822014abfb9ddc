"""Fixtures: a fake clock installed in the poller, a scripted server, a client talking to it; FakeProbe served on
127.0.0.1 for the tests over a real socket."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from overrides.polling.scripted import FakeClock, ScriptedServer

from splx_probe_client import _poller
from splx_probe_client._client import ProbeClient
from splx_probe_client.testing import FakeProbe


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
async def client(server: ScriptedServer) -> AsyncIterator[ProbeClient]:
    # No retries of its own, so every failure reaches the poller and request counts are per poll.
    api = ProbeClient(
        "test-key", base_url="https://probe.test", transport=httpx.MockTransport(server.handle), max_retries=0
    )
    async with api:
        yield api


@pytest.fixture(autouse=True)
def _nothing_left_running() -> Iterator[None]:
    yield
    # Each test runs in its own loop: a poller left in the registry would be a leak.
    assert not any(_poller._pollers.values())


@pytest.fixture
def fake() -> FakeProbe:
    """A FakeProbe whose runs end on their third observation."""
    return FakeProbe(polls_to_finish=3)


@pytest.fixture
async def base_url(fake: FakeProbe) -> AsyncIterator[str]:
    """``fake`` served on 127.0.0.1."""
    async with fake.serve_async() as url:
        yield url
