"""Failures while the body is read: typed, retried like any transport failure, and bounded in time."""

from __future__ import annotations

import time

import httpx
import pytest
from overrides.client.scripted import API_KEY, BASE_URL, Script, Sleeps, json_response
from overrides.errors.streams import CutOff, Dribbles, Raw, Stalls

from splx_probe_client import APIConnectionError, APITimeoutError, ProbeClient, ProbeError, _retry
from splx_probe_client.api.target import list_target_types
from splx_probe_client.api.test_run import trigger_test_run
from splx_probe_client.models import TriggerTestRunRequest

TRIGGER = TriggerTestRunRequest(name="nightly", probe_ids=[1], target_id=42)
TYPES_PATH = "/api/target/types"


def client_for(script: Script, sleeps: Sleeps, *, max_retries: int = 2, timeout: float = 5.0) -> ProbeClient:
    return ProbeClient(
        API_KEY,
        base_url=BASE_URL,
        transport=script.transport(),
        max_retries=max_retries,
        retry_sleep=sleeps,
        timeout=timeout,
    )


def cut_off() -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "application/json"}, stream=CutOff(b'[{"id": "0b7f'))


async def test_a_get_whose_body_is_cut_off_is_retried_and_succeeds(script: Script, sleeps: Sleeps) -> None:
    script.then(cut_off(), json_response(200, []))
    assert await list_target_types.asyncio(client=client_for(script, sleeps)) == []
    assert len(script.requests) == 2
    assert len(sleeps.waits) == 1


# A body that stalls on a real socket trips httpx's per-read timeout: see tests/e2e/test_faults.py (stall_body).
# In process, with no socket to time out, only the call's deadline ends it:


async def test_a_stalled_body_ends_at_the_calls_deadline(script: Script, sleeps: Sleeps) -> None:
    stream = Stalls(b"[")
    script.then(lambda request: httpx.Response(200, stream=stream))
    client = client_for(script, sleeps, timeout=30.0)
    started = time.monotonic()
    with pytest.raises(APITimeoutError, match="deadline"):
        await client.get_async_httpx_client().get(TYPES_PATH, extensions={"splx_deadline": 0.2})
    assert time.monotonic() - started < 1.0
    assert stream.closed


async def test_a_trigger_whose_body_is_cut_off_is_not_resent_and_raises_typed(script: Script, sleeps: Sleeps) -> None:
    script.then(cut_off())
    client = client_for(script, sleeps, timeout=0.2)
    with pytest.raises(APIConnectionError) as raised:
        await trigger_test_run.asyncio(1, client=client, body=TRIGGER)
    assert len(script.requests) == 1  # the platform got it: sending it again could start a second run
    assert raised.value.retries == 0
    assert "POST" in str(raised.value)


async def test_retries_used_up_on_cut_bodies_raise_connection_error_counting_them(
    script: Script, sleeps: Sleeps
) -> None:
    script.then(cut_off(), cut_off(), cut_off())
    with pytest.raises(APIConnectionError, match="RemoteProtocolError") as raised:
        await list_target_types.asyncio(client=client_for(script, sleeps))
    assert raised.value.retries == 2
    assert not isinstance(raised.value, APITimeoutError)


async def test_a_dribbled_body_ends_within_the_read_timeout_not_per_byte(script: Script, sleeps: Sleeps) -> None:
    # Each byte arrives well within the 0.25 s read timeout; the whole body would take 4 s.
    script.then(lambda request: httpx.Response(200, stream=Dribbles(b"[" + b" " * 78 + b"]", 0.05)))
    started = time.monotonic()
    with pytest.raises(APITimeoutError, match="read timeout"):
        await list_target_types.asyncio(client=client_for(script, sleeps, max_retries=0, timeout=0.25))
    assert time.monotonic() - started < 1.0


async def test_the_deadline_bounds_the_whole_call_retries_and_waits_included(
    script: Script, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_retry, "backoff", lambda attempt: 0.1)  # Retry-After is whole seconds: a short wait
    script.then(*[json_response(503, {})] * 50)
    client = ProbeClient(API_KEY, base_url=BASE_URL, transport=script.transport(), max_retries=50)
    started = time.monotonic()
    with pytest.raises(APITimeoutError, match=r"deadline of 0\.35 s") as raised:
        await client.get_async_httpx_client().get(TYPES_PATH, extensions={"splx_deadline": 0.35})
    elapsed = time.monotonic() - started
    assert 0.3 < elapsed < 1.0
    assert 2 <= raised.value.retries <= 4


async def test_the_deadline_stops_a_dribbled_body(script: Script, sleeps: Sleeps) -> None:
    script.then(lambda request: httpx.Response(200, stream=Dribbles(b"[" + b" " * 98 + b"]", 0.02)))
    client = client_for(script, sleeps, timeout=30.0)
    started = time.monotonic()
    with pytest.raises(APITimeoutError, match="deadline"):
        await client.get_async_httpx_client().get(TYPES_PATH, extensions={"splx_deadline": 0.3})
    assert time.monotonic() - started < 1.0


async def test_max_retries_per_request_overrides_the_clients(script: Script, sleeps: Sleeps) -> None:
    script.then(*[json_response(503, {})] * 4, json_response(200, []))
    client = client_for(script, sleeps, max_retries=0)
    response = await client.get_async_httpx_client().get(TYPES_PATH, extensions={"splx_max_retries": 4})
    assert response.extensions["splx_retries"] == 4
    assert len(script.requests) == 5


async def test_no_retries_for_one_request_when_it_says_zero(script: Script, sleeps: Sleeps) -> None:
    script.then(json_response(503, {}))
    client = client_for(script, sleeps, max_retries=5)
    with pytest.raises(ProbeError) as raised:
        await client.get_async_httpx_client().get(TYPES_PATH, extensions={"splx_max_retries": 0})
    assert raised.value.retries == 0
    assert len(script.requests) == 1


async def test_a_success_says_how_many_retries_it_took(script: Script, sleeps: Sleeps) -> None:
    script.then(json_response(200, []))
    response = await client_for(script, sleeps).get_async_httpx_client().get(TYPES_PATH)
    assert response.extensions["splx_retries"] == 0


@pytest.mark.parametrize(
    ("key", "value"),
    [("splx_max_retries", -1), ("splx_max_retries", True), ("splx_deadline", 0), ("splx_deadline", "1")],
)
async def test_a_bad_per_request_option_is_named_before_anything_is_sent(
    script: Script, sleeps: Sleeps, key: str, value: object
) -> None:
    with pytest.raises(ValueError, match=key):
        await client_for(script, sleeps).get_async_httpx_client().get(TYPES_PATH, extensions={key: value})
    assert script.requests == []


def garbled_gzip() -> httpx.Response:
    return httpx.Response(200, headers={"content-encoding": "gzip"}, stream=Raw(b"this is not gzip"))


async def test_a_get_whose_body_does_not_decode_is_retried(script: Script, sleeps: Sleeps) -> None:
    script.then(garbled_gzip(), json_response(200, []))
    assert await list_target_types.asyncio(client=client_for(script, sleeps)) == []
    assert len(script.requests) == 2


async def test_a_trigger_whose_body_does_not_decode_is_a_connection_error_not_resent(
    script: Script, sleeps: Sleeps
) -> None:
    script.then(garbled_gzip())
    with pytest.raises(APIConnectionError, match="DecodingError"):
        await trigger_test_run.asyncio(1, client=client_for(script, sleeps), body=TRIGGER)
    assert len(script.requests) == 1


async def test_a_transport_message_quoting_a_url_shows_no_credentials(script: Script, sleeps: Sleeps) -> None:
    script.then(httpx.ConnectError("cannot reach http://proxyuser:hunter2@proxy.example:3128 ?token=abc"))
    with pytest.raises(APIConnectionError) as raised:
        await list_target_types.asyncio(client=client_for(script, sleeps, max_retries=0))
    assert "hunter2" not in str(raised.value)
    assert "proxy.example:3128" in str(raised.value)
