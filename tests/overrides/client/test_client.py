"""ProbeClient: key, regions, environment, headers, repr, lifecycle, and every generated endpoint accepting it."""

from __future__ import annotations

import platform

import httpx
import pytest
from overrides.client.scripted import API_KEY, BASE_URL, Script, json_response
from samples import target_payload

import splx_probe_client
from splx_probe_client import REGIONS, ProbeClient, ProbeError, models
from splx_probe_client.api.target import get_target, list_target_types
from splx_probe_client.api.test_run import trigger_test_run
from splx_probe_client.models import TargetNewDto, TriggerTestRunRequest
from splx_probe_client.testing import FakeProbe

ENV = ("SPLX_API_KEY", "SPLX_REGION", "SPLX_API_URL")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


async def test_sends_the_key_as_x_api_key_and_a_user_agent(script: Script) -> None:
    script.then(json_response(200, target_payload("GEMINI")))
    async with ProbeClient(API_KEY, base_url=BASE_URL, transport=script.transport()) as client:
        target = await get_target.asyncio(1, 42, client=client)
    assert isinstance(target, TargetNewDto)
    request = script.requests[0]
    assert request.headers["X-Api-Key"] == API_KEY
    assert "Authorization" not in request.headers
    assert request.headers["User-Agent"] == (
        f"splx-probe-client/{splx_probe_client.__version__}"
        f" python/{platform.python_version()} httpx/{httpx.__version__}"
    )
    assert str(request.url) == f"{BASE_URL}/api/v2/workspaces/1/target/42"


async def test_a_post_sends_its_json_body(script: Script) -> None:
    script.then(json_response(200, {"testRunId": 5001}))
    async with ProbeClient(API_KEY, base_url=BASE_URL, transport=script.transport()) as client:
        body = TriggerTestRunRequest(name="nightly", probe_ids=[1, 2], target_id=42)
        answer = await trigger_test_run.asyncio(1, client=client, body=body)
    assert isinstance(answer, models.TestRunTriggerDto)
    assert answer.test_run_id == 5001
    assert script.requests[0].headers["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("region", "url"), [(None, REGIONS["eu"]), ("eu", REGIONS["eu"]), ("us", REGIONS["us"]), ("US", REGIONS["us"])]
)
def test_regions(region: str | None, url: str) -> None:
    assert ProbeClient(API_KEY, region=region).base_url == url
    assert REGIONS == {"eu": "https://api.probe.splx.ai", "us": "https://us.api.probe.splx.ai"}


def test_an_unknown_region_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown region 'ap'.*eu, us"):
        ProbeClient(API_KEY, region="ap")


def test_environment_fallbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPLX_API_KEY", "from-env")
    monkeypatch.setenv("SPLX_REGION", "us")
    client = ProbeClient()
    assert client.base_url == REGIONS["us"]
    assert client.get_async_httpx_client().headers["X-Api-Key"] == "from-env"
    monkeypatch.setenv("SPLX_API_URL", "http://127.0.0.1:8080/")
    assert ProbeClient().base_url == "http://127.0.0.1:8080"  # overrides the region
    assert ProbeClient(base_url="https://proxy.internal/probe").base_url == "https://proxy.internal/probe"
    assert ProbeClient("explicit").get_async_httpx_client().headers["X-Api-Key"] == "explicit"


def test_no_key_at_all_is_an_error_at_construction() -> None:
    with pytest.raises(ProbeError, match="SPLX_API_KEY"):
        ProbeClient()
    with pytest.raises(ProbeError, match="SPLX_API_KEY"):
        ProbeClient("")


def test_repr_and_str_never_show_the_key() -> None:
    client = ProbeClient(API_KEY, base_url=BASE_URL)
    assert API_KEY not in repr(client)
    assert API_KEY not in str(client)
    assert BASE_URL in repr(client)


def test_default_timeout_is_finite_with_a_short_connect() -> None:
    timeout = ProbeClient(API_KEY).get_async_httpx_client().timeout
    assert timeout.connect == 5.0
    assert timeout.read == 60.0
    assert ProbeClient(API_KEY, timeout=3.0).get_async_httpx_client().timeout.read == 3.0


async def test_async_with_closes_the_connections_and_later_use_is_a_clear_error(script: Script) -> None:
    async with ProbeClient(API_KEY, base_url=BASE_URL, transport=script.transport()) as client:
        pass
    assert client.is_closed
    with pytest.raises(ProbeError, match="ProbeClient is closed"):
        await list_target_types.asyncio(client=client)
    assert script.requests == []


async def test_closing_releases_the_sockets() -> None:
    fake = FakeProbe()
    async with fake.serve_async() as base_url:
        async with ProbeClient(fake.api_key, base_url=base_url) as client:
            await list_target_types.asyncio(client=client)
            pool = client.get_async_httpx_client()._transport.inner._pool  # type: ignore[attr-defined]
            assert len(pool.connections) == 1
        assert pool.connections == []


async def test_with_headers_cookies_and_timeout_make_working_siblings(script: Script) -> None:
    script.then(*[json_response(200, [])] * 3)
    client = ProbeClient(API_KEY, base_url=BASE_URL, transport=script.transport(), headers={"X-Team": "red"})
    tagged = client.with_headers({"X-Request-Source": "nightly"})
    assert isinstance(tagged, ProbeClient)
    await list_target_types.asyncio(client=tagged)
    sent = script.requests[-1].headers
    assert (sent["X-Request-Source"], sent["X-Team"], sent["X-Api-Key"]) == ("nightly", "red", API_KEY)
    assert "Authorization" not in sent
    await list_target_types.asyncio(client=client.with_cookies({"session": "s1"}).with_cookies({"lang": "en"}))
    assert script.requests[-1].headers["Cookie"] == "session=s1; lang=en"
    slow = client.with_timeout(httpx.Timeout(300.0))
    assert slow.get_async_httpx_client().timeout.read == 300.0
    assert client.get_async_httpx_client().timeout.read == 60.0  # the original is unchanged
    await list_target_types.asyncio(client=slow)
    assert len(script.requests) == 3
    assert "X-Request-Source" not in script.requests[-1].headers


async def test_siblings_keep_the_retry_policy(script: Script) -> None:
    script.then(json_response(503, {}), json_response(200, []))
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    client = ProbeClient(API_KEY, base_url=BASE_URL, transport=script.transport(), max_retries=1, retry_sleep=sleep)
    assert await list_target_types.asyncio(client=client.with_headers({"X-A": "1"})) == []
    assert len(script.requests) == 2
    assert len(waits) == 1


async def test_siblings_share_the_connections_of_the_client_they_come_from() -> None:
    fake = FakeProbe()
    async with fake.serve_async() as base_url:
        client = ProbeClient(fake.api_key, base_url=base_url)
        await list_target_types.asyncio(client=client)
        async with client.with_headers({"X-Request-Source": "nightly"}) as tagged:
            await list_target_types.asyncio(client=tagged)
            await list_target_types.asyncio(client=tagged.with_timeout(httpx.Timeout(5.0)))
        # Closing the sibling left the shared connections open for the original.
        await list_target_types.asyncio(client=client)
        assert len({request.thread for request in fake.requests}) == 1  # one connection served all four
        assert fake.requests[1].headers["x-request-source"] == "nightly"
        sibling = client.with_headers({"X-B": "2"})
        await client.aclose()
        with pytest.raises(ProbeError, match=r"made from .* is closed"):
            await list_target_types.asyncio(client=sibling)
    assert len(fake.requests) == 4


def test_the_sync_path_says_the_client_is_async_and_names_the_sync_client() -> None:
    client = ProbeClient(API_KEY, base_url=BASE_URL)
    with pytest.raises(ProbeError, match=r"ProbeClient is async.*SyncProbeClient"):
        list_target_types.sync(client=client)
    with pytest.raises(ProbeError, match=r"ProbeClient is async.*SyncProbeClient"):
        list_target_types.sync_detailed(client=client)
    with pytest.raises(ProbeError, match="ProbeClient is async"), client:
        pass


def test_negative_max_retries_is_refused() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        ProbeClient(API_KEY, max_retries=-1)


def test_clients_compare_by_identity() -> None:
    first = ProbeClient(API_KEY, base_url=BASE_URL)
    second = ProbeClient(API_KEY, base_url=BASE_URL)
    assert first != second
    assert len({first, second, first}) == 2
