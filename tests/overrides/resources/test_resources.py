"""``client.<resource>.<method>(...)``: exact models, per-call options on the wire, raw responses, clear errors."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from overrides.client.scripted import API_KEY, BASE_URL, Script, Sleeps, error_body, json_response
from samples import connection_config, create_request, target_payload

from splx_probe_client import (
    APIResponseValidationError,
    APITimeoutError,
    InternalServerError,
    NotFoundError,
    ProbeClient,
    ProbeError,
    RawResponse,
    _poller,
)
from splx_probe_client.models import (
    RiskScorePresetDto,
    ScanRunExecutionDto,
    ScanScoreOverviewDto,
    TargetNewCreateRequest,
    TargetNewDto,
    TargetNewUpdateRequest,
    TestRunTriggerDto as TriggerAnswer,
    TriggerTestRunRequest,
)
from splx_probe_client.testing import FakeProbe

WS = 1


@pytest.fixture
def fake() -> FakeProbe:
    return FakeProbe(polls_to_finish=1)


@pytest.fixture
async def client(fake: FakeProbe) -> AsyncIterator[ProbeClient]:
    async with ProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport()) as client:
        yield client


def scripted(script: Script, sleeps: Sleeps | None = None, **options: object) -> ProbeClient:
    return ProbeClient(API_KEY, base_url=BASE_URL, transport=script.transport(), retry_sleep=sleeps, **options)  # type: ignore[arg-type]


async def test_every_target_method_returns_its_model(client: ProbeClient, fake: FakeProbe) -> None:
    types = await client.targets.list_types()
    assert all(isinstance(t, RiskScorePresetDto) for t in types)
    assert types
    created = await client.targets.create(
        workspace_id=WS, body=TargetNewCreateRequest.from_dict(create_request("GEMINI"))
    )
    assert isinstance(created, TargetNewDto)
    got = await client.targets.get(workspace_id=WS, target_id=created.id)
    assert got.id == created.id
    update = TargetNewUpdateRequest.from_dict({"connection": {"type": "DIFY", "config": connection_config("DIFY")}})
    updated = await client.targets.update(workspace_id=WS, target_id=created.id, body=update)
    assert updated.connection.type_ == "DIFY"
    assert await client.targets.list_test_runs(workspace_id=WS, target_id=created.id) == []
    fake.set_scores(WS, created.id, overall_score=77)
    assert isinstance(await client.targets.get_scores(workspace_id=WS, target_id=created.id), ScanScoreOverviewDto)
    assert (await client.targets.delete(workspace_id=WS, target_id=created.id)).id == created.id
    with pytest.raises(NotFoundError):
        await client.targets.get(workspace_id=WS, target_id=created.id)


async def test_test_runs_trigger_cancel_and_the_polling_helpers(client: ProbeClient, fake: FakeProbe) -> None:
    target = fake.add_target(WS)
    body = TriggerTestRunRequest(name="nightly", probe_ids=[1], target_id=target)
    triggered = await client.test_runs.trigger(workspace_id=WS, body=body)
    assert isinstance(triggered, TriggerAnswer)
    raw = await client.test_runs.with_raw_response.cancel(workspace_id=WS, test_run_id=triggered.test_run_id)
    assert raw.parsed is None  # no content documented: the method returns None
    assert raw.status_code == 200
    assert fake.test_run(triggered.test_run_id)["status"] == "CANCELLED"
    seen: list[str | None] = []
    done = await client.test_runs.trigger_and_wait(
        workspace_id=WS, body=body, poll_interval=0.01, on_progress=lambda run: seen.append(run.status)
    )
    assert done.status == "COMPLETED"
    assert seen[-1] == "COMPLETED"
    waited = await client.test_runs.wait(workspace_id=WS, target_id=target, test_run_id=done.id, poll_interval=0.01)
    assert isinstance(waited, ScanRunExecutionDto)
    assert waited.id == done.id
    watched = [
        run.status async for run in client.test_runs.watch(workspace_id=WS, target_id=target, test_run_id=done.id)
    ]
    assert watched == ["COMPLETED"]
    other = fake.add_test_run(WS, target)
    many = await client.test_runs.wait_many([(target, done.id), (target, other)], workspace_id=WS, poll_interval=0.01)
    assert [run.id for run in many] == [done.id, other]


async def test_per_call_options_reach_the_wire(script: Script) -> None:
    script.then(json_response(200, target_payload("DIFY")))
    client = scripted(script, headers={"X-Team": "red"})
    await client.targets.get(
        workspace_id=WS, target_id=42, timeout=2.5, extra_headers={"X-Trace": "t1"}, max_retries=0, deadline=4
    )
    sent = script.requests[0]
    assert sent.extensions["timeout"] == {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}
    assert (sent.headers["x-trace"], sent.headers["x-team"], sent.headers["x-api-key"]) == ("t1", "red", API_KEY)
    assert sent.extensions["splx_max_retries"] == 0
    assert sent.extensions["splx_deadline"] == 4.0


async def test_without_per_call_options_the_clients_own_apply(script: Script) -> None:
    script.then(json_response(200, []))
    await scripted(script, timeout=7.0).targets.list_types()
    sent = script.requests[0]
    assert sent.extensions["timeout"]["read"] == 7.0
    assert "splx_max_retries" not in sent.extensions
    assert "splx_deadline" not in sent.extensions


async def test_with_options_reach_the_wire_and_share_the_connections(script: Script, sleeps: Sleeps) -> None:
    script.then(json_response(200, []), json_response(503, error_body("busy")), json_response(200, []))
    client = scripted(script, sleeps)
    quick = client.with_options(timeout=1.5, max_retries=0, headers={"X-Source": "ci"}, deadline=9.0)
    assert await quick.targets.list_types() == []
    sent = script.requests[0]
    assert sent.extensions["timeout"]["read"] == 1.5
    assert sent.headers["x-source"] == "ci"
    assert quick.deadline == 9.0
    with pytest.raises(InternalServerError):  # max_retries=0: the 503 is not retried
        await quick.targets.list_types()
    assert await client.targets.list_types() == []  # the original keeps its own options
    assert "x-source" not in script.requests[-1].headers
    assert sleeps.waits == []


async def test_with_timeout_takes_seconds(script: Script) -> None:
    script.then(json_response(200, []))
    await scripted(script).with_timeout(3.0).targets.list_types()
    assert script.requests[0].extensions["timeout"]["connect"] == 3.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ({"workspace_id": "1", "target_id": 2}, "workspace_id must be int, got str"),
        ({"workspace_id": True, "target_id": 2}, "workspace_id must be int, got bool"),
        ({"workspace_id": 1, "target_id": 2, "timeout": -1.0}, "timeout must be a positive number"),
        ({"workspace_id": 1, "target_id": 2, "timeout": "10"}, "timeout must be seconds"),
        ({"workspace_id": 1, "target_id": 2, "max_retries": -1}, "max_retries must be >= 0"),
        ({"workspace_id": 1, "target_id": 2, "deadline": float("inf")}, "deadline must be a positive number"),
        ({"workspace_id": 1, "target_id": 2, "extra_headers": {"X-Key": 5}}, r"extra_headers\['X-Key'\] must be"),
    ],
)
async def test_a_bad_argument_is_named_before_any_request(
    script: Script, call: dict[str, object], message: str
) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        await scripted(script).targets.get(**call)  # type: ignore[arg-type]
    assert script.requests == []


async def test_a_body_of_the_wrong_model_is_named_before_any_request(script: Script) -> None:
    body = TargetNewUpdateRequest.from_dict({})
    with pytest.raises(TypeError, match="body must be TargetNewCreateRequest, got TargetNewUpdateRequest"):
        await scripted(script).targets.create(workspace_id=WS, body=body)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="body must be TriggerTestRunRequest"):
        await scripted(script).test_runs.trigger(workspace_id=WS, body=body)  # type: ignore[arg-type]
    assert script.requests == []


async def test_raw_response_has_status_headers_the_model_and_no_retries(script: Script) -> None:
    payload = {**target_payload("DIFY"), "id": 42}
    script.then(json_response(200, payload, **{"X-Request-Id": "req-1"}))
    raw = await scripted(script).targets.with_raw_response.get(
        workspace_id=WS, target_id=payload["id"], extra_headers={"X-A": "b"}
    )
    assert isinstance(raw, RawResponse)
    assert (raw.status_code, raw.request_id, raw.retries) == (200, "req-1", 0)
    assert isinstance(raw.parsed, TargetNewDto)
    assert raw.parsed.id == payload["id"]
    assert script.requests[0].headers["x-a"] == "b"
    assert "RawResponse(status_code=200, retries=0, parsed=TargetNewDto(" in repr(raw)


async def test_raw_response_counts_the_retries(script: Script, sleeps: Sleeps) -> None:
    script.then(json_response(503, error_body("busy")), json_response(200, []))
    raw = await scripted(script, sleeps).targets.with_raw_response.list_types()
    assert raw.retries == 1


async def test_an_undocumented_success_is_a_clear_probe_error(script: Script) -> None:
    script.then(httpx.Response(204))
    with pytest.raises(APIResponseValidationError, match="204"):
        await scripted(script).targets.get(workspace_id=WS, target_id=42)


async def test_a_closed_client_raises_a_probe_error_before_sending(script: Script) -> None:
    async with scripted(script) as client:
        pass
    with pytest.raises(ProbeError, match="closed"):
        await client.targets.list_types()
    with pytest.raises(ProbeError, match="closed"):
        await client.targets.with_raw_response.list_types()
    with pytest.raises(ProbeError, match="closed"):
        client.with_options(timeout=1.0)
    assert script.requests == []


async def test_per_call_options_of_the_trigger_reach_its_request(script: Script) -> None:
    def answer(request: httpx.Request) -> httpx.Response:  # the trigger path may list the target's runs too
        return json_response(200, {"testRunId": 5001} if request.method == "POST" else [])

    script.then(*[answer] * 4)
    body = TriggerTestRunRequest(name="nightly", probe_ids=[1], target_id=42)
    client = scripted(script)
    triggered = await client.test_runs.trigger(workspace_id=WS, body=body, extra_headers={"X-Run": "n"}, timeout=3.0)
    assert triggered.test_run_id == 5001
    trigger = next(r for r in script.requests if r.method == "POST")
    assert trigger.headers["x-run"] == "n"
    assert trigger.extensions["timeout"]["read"] == 3.0
    await client.targets.list_types()  # the options were this call's only
    assert "x-run" not in script.requests[-1].headers


def test_resources_repr_names_the_client_never_the_key() -> None:
    client = ProbeClient(API_KEY, base_url=BASE_URL)
    assert repr(client.targets) == "<AsyncTargets of ProbeClient(base_url='https://probe.test', max_retries=2)>"
    assert API_KEY not in repr(client.test_runs.with_raw_response)
    assert client.targets is client.targets  # one resource object per client


class InstantClock:
    """The polling clock with no waiting: each sleep moves time on at once."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


@pytest.fixture
def instant_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_poller, "clock", InstantClock())


@pytest.mark.usefixtures("instant_clock")
async def test_trigger_goes_through_the_exactly_once_path_when_the_answer_is_lost(
    client: ProbeClient, fake: FakeProbe
) -> None:
    target = fake.add_target(WS)
    fake.drop_next(operation="triggerTestRun", after_processing=True)  # the run starts, its answer is lost
    body = TriggerTestRunRequest(name="nightly", probe_ids=[1], target_id=target)
    triggered = await client.test_runs.trigger(workspace_id=WS, body=body)
    runs = await client.targets.list_test_runs(workspace_id=WS, target_id=target)
    assert [run.id for run in runs] == [triggered.test_run_id]  # found, not orphaned, not started twice


class Dribble(httpx.AsyncByteStream):
    """A JSON body sent one byte at a time, 20 ms apart (2 s in all)."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for byte in b"[" + b" " * 98 + b"]":
            await asyncio.sleep(0.02)
            yield bytes([byte])


def dribbling(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "application/json"}, stream=Dribble())


async def test_a_deadline_from_with_options_bounds_a_dribbled_body() -> None:
    client = ProbeClient(API_KEY, base_url=BASE_URL, transport=httpx.MockTransport(dribbling), max_retries=0)
    started = asyncio.get_running_loop().time()
    with pytest.raises(APITimeoutError, match=r"deadline of 0\.2 s"):
        await client.with_options(deadline=0.2).targets.list_types(timeout=1.0)
    assert asyncio.get_running_loop().time() - started < 1.5


async def test_a_per_call_deadline_bounds_a_dribbled_body() -> None:
    client = ProbeClient(API_KEY, base_url=BASE_URL, transport=httpx.MockTransport(dribbling), max_retries=0)
    started = asyncio.get_running_loop().time()
    with pytest.raises(APITimeoutError):
        await client.targets.list_types(timeout=1.0, deadline=0.2)  # each byte comes well within the timeout
    assert asyncio.get_running_loop().time() - started < 1.5  # the body would have taken 2 s
