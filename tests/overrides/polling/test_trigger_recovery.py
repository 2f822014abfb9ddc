"""``trigger_test_run``: exactly one run per trigger, never an orphan, whatever happens to the answer."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable

import httpx
import pytest
from overrides.polling.scripted import WORKSPACE, FakeClock, run_json

from splx_probe_client import (
    APIConnectionError,
    APIResponseValidationError,
    AuthenticatedClient,
    BadRequestError,
    ProbeClient,
    ProbeError,
    polling,
    trigger_and_wait,
    trigger_test_run,
)
from splx_probe_client.models import TriggerTestRunRequest

TARGET = 31
BODY = TriggerTestRunRequest(name="nightly", probe_ids=[1, 2], target_id=TARGET)
TRIGGER_PATH = f"/api/workspaces/{WORKSPACE}/test-run/trigger"


class Platform:
    """A target's runs and a trigger endpoint whose answers a test decides; counts what it saw."""

    def __init__(self) -> None:
        self.runs: list[dict[str, object]] = [run_json(4000, "COMPLETED", 100, name="nightly", probes=["a", "b"])]
        self.ids = itertools.count(5001)
        self.triggers = 0
        self.lists = 0
        # What each trigger does, in order: (creates the run?, what the client gets).
        self.plan: list[tuple[bool, Callable[[int], httpx.Response]]] = []
        self.list_failures = 0
        self.visible_after_lists = 0  # a new run shows only from the n-th list after it started (lag)
        self._hidden: list[tuple[int, dict[str, object]]] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == TRIGGER_PATH:
            self.triggers += 1
            creates, answer = self.plan.pop(0) if self.plan else (True, ok)
            run_id = next(self.ids)
            if creates:
                run = run_json(run_id, "RUNNING", name="nightly", probes=["a", "b"])
                self._hidden.append((self.lists + self.visible_after_lists, run))
            return answer(run_id)
        self.lists += 1
        if self.list_failures:
            self.list_failures -= 1
            return httpx.Response(503, json={"error": {"message": "busy"}})
        for entry in [entry for entry in self._hidden if entry[0] < self.lists]:
            self._hidden.remove(entry)
            self.runs.insert(0, entry[1])
        return httpx.Response(200, json=self.runs)

    def created(self) -> list[object]:
        return [run["id"] for run in self.runs if run["id"] != 4000] + [run["id"] for _, run in self._hidden]


def ok(run_id: int) -> httpx.Response:
    return httpx.Response(200, json={"testRunId": run_id})


def dropped(run_id: int) -> httpx.Response:
    raise httpx.RemoteProtocolError("Server disconnected without sending a response")


def timed_out(run_id: int) -> httpx.Response:
    raise httpx.ReadTimeout("timed out")


def garbled(run_id: int) -> httpx.Response:
    return httpx.Response(200, text="<html>proxy error</html>")


def status(code: int) -> Callable[[int], httpx.Response]:
    return lambda run_id: httpx.Response(code, json={"error": {"message": f"status {code}"}})


@pytest.fixture
def platform() -> Platform:
    return Platform()


async def no_wait(seconds: float) -> None:
    return None


def client_for(handler: Callable[[httpx.Request], httpx.Response]) -> ProbeClient:
    return ProbeClient(
        "test-key", base_url="https://probe.test", transport=httpx.MockTransport(handler), retry_sleep=no_wait
    )


@pytest.fixture
def api(platform: Platform) -> ProbeClient:
    return client_for(platform.handle)


LOST_AFTER_STARTING = [dropped, timed_out, garbled, status(500), status(502), status(504)]


@pytest.mark.parametrize("answer", LOST_AFTER_STARTING, ids=["dropped", "timed_out", "garbled", "500", "502", "504"])
async def test_a_lost_answer_of_a_started_run_returns_that_run_and_sends_nothing_again(
    clock: FakeClock, platform: Platform, api: ProbeClient, answer: Callable[[int], httpx.Response]
) -> None:
    platform.plan = [(True, answer)]
    triggered = await clock.run(trigger_test_run(api, workspace_id=WORKSPACE, body=BODY))
    assert platform.created() == [triggered.test_run_id]  # one run, and the caller knows it: no orphan
    assert platform.triggers == 1  # no duplicate


async def test_a_run_that_shows_up_late_is_still_found(clock: FakeClock, platform: Platform, api: ProbeClient) -> None:
    platform.visible_after_lists = 2  # the list lags the trigger by two looks
    platform.plan = [(True, dropped)]
    triggered = await clock.run(trigger_test_run(api, workspace_id=WORKSPACE, body=BODY))
    assert platform.created() == [triggered.test_run_id]
    assert platform.triggers == 1


@pytest.mark.parametrize(
    "answer", [dropped, timed_out, status(502), status(504)], ids=["dropped", "timed_out", "502", "504"]
)
async def test_a_lost_trigger_that_started_nothing_is_sent_again_once(
    clock: FakeClock, platform: Platform, api: ProbeClient, answer: Callable[[int], httpx.Response]
) -> None:
    platform.plan = [(False, answer)]
    triggered = await clock.run(trigger_test_run(api, workspace_id=WORKSPACE, body=BODY))
    assert platform.created() == [triggered.test_run_id]
    assert platform.triggers == 2
    assert clock.now == sum(polling.TRIGGER_LOOKUP_DELAYS)  # it looked for as long as the list may lag


async def test_two_lost_triggers_that_started_nothing_raise_after_the_second(
    clock: FakeClock, platform: Platform, api: ProbeClient
) -> None:
    platform.plan = [(False, dropped), (False, dropped)]
    with pytest.raises(APIConnectionError):
        await clock.run(trigger_test_run(api, workspace_id=WORKSPACE, body=BODY))
    assert platform.created() == []
    assert platform.triggers == 2


async def test_a_second_lost_answer_after_a_resend_still_finds_its_run(
    clock: FakeClock, platform: Platform, api: ProbeClient
) -> None:
    platform.plan = [(False, timed_out), (True, dropped)]
    triggered = await clock.run(trigger_test_run(api, workspace_id=WORKSPACE, body=BODY))
    assert platform.created() == [triggered.test_run_id]
    assert platform.triggers == 2


async def test_an_unreadable_2xx_whose_run_is_not_listed_is_raised_not_resent(
    clock: FakeClock, platform: Platform, api: ProbeClient
) -> None:
    platform.plan = [(False, garbled)]  # the platform said 200, yet no run shows: never guess by sending it again
    with pytest.raises(APIResponseValidationError):
        await clock.run(trigger_test_run(api, workspace_id=WORKSPACE, body=BODY))
    assert platform.triggers == 1


@pytest.mark.parametrize(("code", "error"), [(400, BadRequestError), (403, ProbeError)])
async def test_a_refusal_is_raised_at_once(
    clock: FakeClock, platform: Platform, api: ProbeClient, code: int, error: type[ProbeError]
) -> None:
    platform.plan = [(False, status(code))]
    with pytest.raises(error):
        await clock.run(trigger_test_run(api, workspace_id=WORKSPACE, body=BODY))
    assert (platform.triggers, platform.lists) == (1, 1)


async def test_other_runs_of_the_target_are_never_taken_for_the_lost_one(
    clock: FakeClock, platform: Platform, api: ProbeClient
) -> None:
    # A run with another name, and one with other probes, start meanwhile: neither is this trigger's.
    def start_others_then_drop(run_id: int) -> httpx.Response:
        platform.runs.insert(0, run_json(6001, "RUNNING", name="adhoc", probes=["a", "b"]))
        platform.runs.insert(0, run_json(6002, "RUNNING", name="nightly", probes=["a"]))
        return dropped(run_id)

    platform.plan = [(False, start_others_then_drop)]
    triggered = await clock.run(trigger_test_run(api, workspace_id=WORKSPACE, body=BODY))
    assert triggered.test_run_id not in (6001, 6002, 4000)
    assert platform.triggers == 2


async def test_when_the_runs_cannot_be_listed_the_error_says_a_run_may_have_started(
    clock: FakeClock, platform: Platform, caplog: pytest.LogCaptureFixture
) -> None:
    platform.plan = [(True, dropped)]

    def fail_lists_after_trigger(request: httpx.Request) -> httpx.Response:
        if platform.triggers:
            platform.list_failures = 1
        return platform.handle(request)

    api = client_for(fail_lists_after_trigger)
    with caplog.at_level(logging.WARNING, "splx_probe_client"), pytest.raises(APIConnectionError) as raised:
        await clock.run(trigger_test_run(api, workspace_id=WORKSPACE, body=BODY))
    assert "look for a run named 'nightly' before triggering again" in str(raised.value)
    assert platform.triggers == 1  # unknown: never resent


@pytest.mark.parametrize(
    ("bad_look", "found"),
    [(httpx.Response(200, text="<html>"), True), (httpx.Response(503, json={}), True), (httpx.Response(403), False)],
    ids=["garbled", "503", "403"],
)
async def test_a_failed_look_is_looked_past_unless_it_is_a_refusal(
    clock: FakeClock, platform: Platform, bad_look: httpx.Response, found: bool
) -> None:
    platform.plan = [(True, dropped)]
    looks = 0

    def first_look_fails(request: httpx.Request) -> httpx.Response:
        nonlocal looks
        if request.method == "GET" and platform.triggers:
            looks += 1
            if looks == 1:
                return bad_look
        return platform.handle(request)

    api = ProbeClient(
        "test-key", base_url="https://probe.test", transport=httpx.MockTransport(first_look_fails), max_retries=0
    )
    if found:
        triggered = await clock.run(trigger_test_run(api, workspace_id=WORKSPACE, body=BODY))
        assert platform.created() == [triggered.test_run_id]
    else:
        with pytest.raises(APIConnectionError, match="look for a run named 'nightly'"):
            await clock.run(trigger_test_run(api, workspace_id=WORKSPACE, body=BODY))
    assert platform.triggers == 1


async def test_a_plain_generated_client_gets_typed_errors_too(clock: FakeClock, platform: Platform) -> None:
    client = AuthenticatedClient(base_url="https://probe.test", token="k", auth_header_name="X-Api-Key", prefix="")
    client.set_async_httpx_client(
        httpx.AsyncClient(base_url="https://probe.test", transport=httpx.MockTransport(platform.handle))
    )
    platform.plan = [(True, timed_out)]
    triggered = await clock.run(trigger_test_run(client, workspace_id=WORKSPACE, body=BODY))
    assert platform.created() == [triggered.test_run_id]


async def test_a_plain_generated_client_gets_typed_errors_from_the_look_too(clock: FakeClock) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = AuthenticatedClient(base_url="https://probe.test", token="k", auth_header_name="X-Api-Key", prefix="")
    client.set_async_httpx_client(
        httpx.AsyncClient(base_url="https://probe.test", transport=httpx.MockTransport(refuse))
    )
    with pytest.raises(APIConnectionError, match="ConnectError"):
        await clock.run(trigger_test_run(client, workspace_id=WORKSPACE, body=BODY))


async def test_errors_of_the_first_look_are_raised_before_anything_is_sent(
    clock: FakeClock, platform: Platform, api: ProbeClient
) -> None:
    platform.list_failures = 10
    with pytest.raises(ProbeError):
        await clock.run(trigger_test_run(api, workspace_id=WORKSPACE, body=BODY))
    assert platform.triggers == 0


async def test_an_error_after_the_run_started_names_the_run(clock: FakeClock, platform: Platform) -> None:
    def refuse_polls(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and platform.triggers:
            return httpx.Response(403, json={"error": {"message": "key revoked", "code": "FORBIDDEN"}})
        return platform.handle(request)

    with pytest.raises(ProbeError) as raised:
        await clock.run(trigger_and_wait(client_for(refuse_polls), workspace_id=WORKSPACE, body=BODY))
    assert platform.created() == [raised.value.test_run_id]  # the caller can find (or cancel) the run
    assert f"test run {raised.value.test_run_id} on target {TARGET} was started" in "".join(raised.value.__notes__)
