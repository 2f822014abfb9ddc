"""Retries: what is retried per operation (a test run is never triggered twice), how long it waits, how it logs."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from overrides.client.scripted import API_KEY, BASE_URL, Script, Sleeps, error_body, json_response
from samples import connection_config, create_request, target_payload

from splx_probe_client import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    InternalServerError,
    ProbeClient,
    RateLimitError,
)
from splx_probe_client.api.target import create_target, delete_target, get_target, list_target_types, update_target
from splx_probe_client.api.test_run import cancel_test_run, trigger_test_run
from splx_probe_client.models import TargetNewCreateRequest, TargetNewUpdateRequest, TriggerTestRunRequest

TRIGGER = TriggerTestRunRequest(name="nightly", probe_ids=[1], target_id=42)
OK_TRIGGER = json_response(200, {"testRunId": 5001})


def client_for(script: Script, sleeps: Sleeps, max_retries: int = 2) -> ProbeClient:
    return ProbeClient(
        API_KEY, base_url=BASE_URL, transport=script.transport(), max_retries=max_retries, retry_sleep=sleeps
    )


def failure(kind: str) -> httpx.Response | Exception:
    if kind.isdigit():
        return json_response(int(kind), error_body(f"status {kind}"))
    return {
        "connect error": httpx.ConnectError("refused"),
        "connect timeout": httpx.ConnectTimeout("connect timed out"),
        "pool timeout": httpx.PoolTimeout("no connection came free"),
        "read timeout": httpx.ReadTimeout("read timed out"),
        "dropped connection": httpx.RemoteProtocolError("Server disconnected without sending a response"),
    }[kind]


EVERY_FAILURE = [
    "connect error",
    "connect timeout",
    "pool timeout",
    "read timeout",
    "dropped connection",
    "408",
    "429",
    "502",
    "503",
    "504",
]
# The server provably did not take the request: nothing was sent, or it refused it.
REFUSED = ["connect error", "connect timeout", "pool timeout", "429", "503"]


@pytest.mark.parametrize("kind", EVERY_FAILURE)
async def test_a_get_is_retried_on_every_transient_failure(script: Script, sleeps: Sleeps, kind: str) -> None:
    script.then(failure(kind), json_response(200, []))
    assert await list_target_types.asyncio(client=client_for(script, sleeps)) == []
    assert len(script.requests) == 2
    assert len(sleeps.waits) == 1


@pytest.mark.parametrize("kind", EVERY_FAILURE)
async def test_trigger_is_resent_only_when_the_server_provably_did_not_get_it(
    script: Script, sleeps: Sleeps, kind: str
) -> None:
    script.then(failure(kind), OK_TRIGGER)
    client = client_for(script, sleeps)
    if kind in REFUSED:
        answer = await trigger_test_run.asyncio(1, client=client, body=TRIGGER)
        assert answer.test_run_id == 5001  # type: ignore[union-attr]
        assert len(script.requests) == 2
    else:
        with pytest.raises((APIConnectionError, APIStatusError)):
            await trigger_test_run.asyncio(1, client=client, body=TRIGGER)
        assert len(script.requests) == 1  # never a second run
        assert sleeps.waits == []


@pytest.mark.parametrize(
    "exception",
    [
        httpx.UnsupportedProtocol("Request URL has an unsupported protocol 'ftp://'."),
        httpx.LocalProtocolError("Illegal header value"),
        httpx.ProxyError("407 Proxy Authentication Required"),
    ],
)
async def test_a_mistake_that_would_fail_again_is_not_retried(
    script: Script, sleeps: Sleeps, exception: Exception
) -> None:
    script.then(exception, json_response(200, []))
    with pytest.raises(APIConnectionError):
        await list_target_types.asyncio(client=client_for(script, sleeps))
    assert len(script.requests) == 1


async def test_the_issue_case_a_502_on_trigger_is_sent_once_and_raises(script: Script, sleeps: Sleeps) -> None:
    script.then(json_response(502, error_body("Bad gateway")), OK_TRIGGER)
    with pytest.raises(InternalServerError, match="502"):
        await trigger_test_run.asyncio(1, client=client_for(script, sleeps), body=TRIGGER)
    assert len(script.requests) == 1


async def test_a_read_timeout_on_trigger_is_not_retried(script: Script, sleeps: Sleeps) -> None:
    script.then(httpx.ReadTimeout("read timed out"), OK_TRIGGER)
    with pytest.raises(APITimeoutError):
        await trigger_test_run.asyncio(1, client=client_for(script, sleeps), body=TRIGGER)
    assert len(script.requests) == 1


@pytest.mark.parametrize("kind", ["502", "read timeout", "dropped connection"])
async def test_create_and_update_target_are_not_resent_after_the_server_may_have_acted(
    script: Script, sleeps: Sleeps, kind: str
) -> None:
    client = client_for(script, sleeps)
    create = TargetNewCreateRequest.from_dict(create_request("GEMINI"))
    update = TargetNewUpdateRequest.from_dict({"connection": {"type": "GEMINI", "config": connection_config("GEMINI")}})
    script.then(failure(kind), failure(kind))
    with pytest.raises((APIConnectionError, InternalServerError)):
        await create_target.asyncio(1, client=client, body=create)
    with pytest.raises((APIConnectionError, InternalServerError)):
        await update_target.asyncio(1, 42, client=client, body=update)
    assert [request.method for request in script.requests] == ["POST", "PATCH"]


@pytest.mark.parametrize("kind", ["502", "read timeout", "dropped connection"])
async def test_cancel_and_delete_are_idempotent_and_retried(script: Script, sleeps: Sleeps, kind: str) -> None:
    client = client_for(script, sleeps)
    deleted = json_response(200, target_payload("DIFY"))
    script.then(failure(kind), httpx.Response(200), failure(kind), deleted)
    await cancel_test_run.asyncio(1, 5001, client=client)
    await delete_target.asyncio(1, 42, client=client)
    assert [request.method for request in script.requests] == ["POST", "POST", "DELETE", "DELETE"]


async def test_operations_are_recognised_behind_a_proxy_path(script: Script, sleeps: Sleeps) -> None:
    client = ProbeClient(
        API_KEY, base_url="https://proxy.internal/probe", transport=script.transport(), retry_sleep=sleeps
    )
    script.then(failure("502"), failure("502"), httpx.Response(200))
    with pytest.raises(InternalServerError):
        await trigger_test_run.asyncio(1, client=client, body=TRIGGER)
    await cancel_test_run.asyncio(1, 5001, client=client)
    assert [request.url.path for request in script.requests] == [
        "/probe/api/workspaces/1/test-run/trigger",
        "/probe/api/workspaces/1/test-run/5001/cancel",
        "/probe/api/workspaces/1/test-run/5001/cancel",
    ]


async def test_a_path_the_spec_does_not_know_follows_its_method(script: Script, sleeps: Sleeps) -> None:
    client = client_for(script, sleeps)
    script.then(failure("502"), failure("502"), json_response(200, {}))
    with pytest.raises(InternalServerError):
        await client.get_async_httpx_client().post("/api/v3/something-new", json={})
    assert (await client.get_async_httpx_client().get("/api/v3/something-new")).status_code == 200
    assert [request.method for request in script.requests] == ["POST", "GET", "GET"]


async def test_the_body_is_sent_again_unchanged(script: Script, sleeps: Sleeps) -> None:
    script.then(json_response(503, error_body("busy")), OK_TRIGGER)
    await trigger_test_run.asyncio(1, client=client_for(script, sleeps), body=TRIGGER)
    first, second = script.requests
    assert first.content == second.content == second.read()
    assert second.headers["X-Api-Key"] == API_KEY


async def test_retry_after_in_seconds_is_honoured(script: Script, sleeps: Sleeps) -> None:
    script.then(json_response(429, error_body("slow down"), **{"Retry-After": "1"}), json_response(200, []))
    assert await list_target_types.asyncio(client=client_for(script, sleeps)) == []
    assert sleeps.waits == [1.0]
    assert len(script.requests) == 2


async def test_retry_after_as_an_http_date_is_honoured(script: Script, sleeps: Sleeps) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    script.then(json_response(503, error_body("maintenance"), **{"Retry-After": when}), json_response(200, []))
    await list_target_types.asyncio(client=client_for(script, sleeps))
    assert 25.0 <= sleeps.waits[0] <= 30.0


@pytest.mark.parametrize("value", ["soon", "", "Wed, 21 Oct 2015 07:28:00 GMT"])
async def test_a_retry_after_unreadable_or_past_never_waits_long(script: Script, sleeps: Sleeps, value: str) -> None:
    script.then(json_response(503, error_body("busy"), **{"Retry-After": value}), json_response(200, []))
    await list_target_types.asyncio(client=client_for(script, sleeps))
    assert 0.0 <= sleeps.waits[0] <= 0.5  # the past date: no wait; unreadable: the first backoff step


async def test_a_huge_retry_after_is_capped(script: Script, sleeps: Sleeps) -> None:
    script.then(json_response(429, error_body("later"), **{"Retry-After": "86400"}), json_response(200, []))
    await list_target_types.asyncio(client=client_for(script, sleeps))
    assert sleeps.waits == [60.0]


async def test_backoff_grows_with_jitter_and_a_cap(script: Script, sleeps: Sleeps) -> None:
    script.then(*[json_response(502, error_body("bad gateway"))] * 6, json_response(200, []))
    await list_target_types.asyncio(client=client_for(script, sleeps, max_retries=6))
    bounds = [(0.25, 0.5), (0.5, 1.0), (1.0, 2.0), (2.0, 4.0), (4.0, 8.0), (4.0, 8.0)]
    assert len(sleeps.waits) == 6
    for wait, (low, high) in zip(sleeps.waits, bounds, strict=True):
        assert low <= wait <= high


async def test_max_retries_zero_sends_once(script: Script, sleeps: Sleeps) -> None:
    script.then(json_response(503, error_body("busy")), json_response(200, []))
    with pytest.raises(InternalServerError):
        await list_target_types.asyncio(client=client_for(script, sleeps, max_retries=0))
    assert len(script.requests) == 1


async def test_exhausted_retries_raise_the_last_error(script: Script, sleeps: Sleeps) -> None:
    script.then(json_response(502, error_body("first")), json_response(503, error_body("second")))
    script.then(json_response(429, error_body("third")))
    with pytest.raises(RateLimitError, match="third"):
        await get_target.asyncio(1, 42, client=client_for(script, sleeps))
    assert len(script.requests) == 3


async def test_exhausted_retries_on_connect_errors_raise_a_connection_error(script: Script, sleeps: Sleeps) -> None:
    script.then(*[httpx.ConnectError("refused")] * 3)
    with pytest.raises(APIConnectionError, match="ConnectError"):
        await get_target.asyncio(1, 42, client=client_for(script, sleeps))
    assert len(script.requests) == 3


async def test_each_retry_is_logged_at_info(script: Script, sleeps: Sleeps, caplog: pytest.LogCaptureFixture) -> None:
    script.then(json_response(429, error_body("slow"), **{"Retry-After": "2"}), httpx.ReadTimeout("t"))
    script.then(json_response(200, []))
    with caplog.at_level(logging.INFO, logger="splx_probe_client"):
        await list_target_types.asyncio(client=client_for(script, sleeps))
    retries = [record.getMessage() for record in caplog.records if record.levelno == logging.INFO]
    assert retries[0] == f"retrying GET {BASE_URL}/api/target/types (retry 1 of 2) after 429, waiting 2.00 s"
    assert retries[1].startswith(f"retrying GET {BASE_URL}/api/target/types (retry 2 of 2) after ReadTimeout")
