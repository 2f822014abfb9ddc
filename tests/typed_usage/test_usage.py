"""The typed-usage file is real code: it runs to the end against the fake, on both clients."""

from __future__ import annotations

from typed_usage.usage import use_async, use_hostile_input, use_sync

from splx_probe_client import ProbeClient, SyncProbeClient
from splx_probe_client.testing import FakeProbe

EXPECTED_TAIL = ["COMPLETED,CANCELLED", "200 101 0"]


async def test_the_async_usage_runs() -> None:
    fake = FakeProbe(polls_to_finish=1)
    async with ProbeClient(fake.api_key, base_url="https://fake.test", transport=fake.transport()) as client:
        seen = await use_async(client, 1)
    assert seen[0] == "typed"
    assert seen[1].startswith("COMPLETED of 1")
    assert seen[-3:-1] == EXPECTED_TAIL
    assert seen[-1].startswith("404 ")


def test_the_sync_usage_runs() -> None:
    fake = FakeProbe(polls_to_finish=1)
    with SyncProbeClient(fake.api_key, base_url="https://fake.test", transport=fake.transport()) as client:
        seen = use_sync(client, 1)
    assert seen[0] == "typed"
    assert seen[-3:-1] == EXPECTED_TAIL
    assert seen[-1].startswith("404 ")


def test_the_hostile_input_usage_runs() -> None:
    assert use_hostile_input(1, 2) == ["extra_headers['X-Trace']"]
