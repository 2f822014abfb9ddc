"""``ProbeClient``: a cancelled trigger, wait or callback never leaves a run behind unnamed.

Once the trigger may have reached the server, whatever stops the call (``task.cancel()``, an ``on_progress``
that raises) keeps its type and carries the run's id: in a note, as ``test_run_id`` and in a WARNING record
with the command that cancels it; a trigger cancelled with its answer in flight waits for that answer first.
The server is FakeProbe in process (a transport that holds chosen answers) or on 127.0.0.1, the clock fake.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import aclosing

import httpx
import pytest
from overrides.polling.scripted import FakeClock

from splx_probe_client import APIStatusError, TestRunTimeoutError, polling
from splx_probe_client._client import ProbeClient
from splx_probe_client.models import ScanRunExecutionDto, TriggerTestRunRequest
from splx_probe_client.testing import FakeProbe

WORKSPACE = 1
GRACE = polling.TRIGGER_ANSWER_GRACE


class HeldAnswers(httpx.AsyncBaseTransport):
    """FakeProbe in process; the answers to the requests of the kinds in ``hold`` wait for ``release``.

    Each request is carried out first (a trigger starts its run), so a held trigger is one the server took.
    """

    def __init__(self, fake: FakeProbe, *hold: str) -> None:
        self._inner = fake.transport()
        self._hold = set(hold)
        self.arrived = asyncio.Event()
        self.release = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        if kind(request) in self._hold:
            self.arrived.set()
            await self.release.wait()
        return response


def kind(request: httpx.Request) -> str:
    path = request.url.path
    if request.method == "POST" and path.endswith("/trigger"):
        return "trigger"
    if request.method == "GET" and path.endswith("/test-runs"):
        return "list"
    return "other"


@pytest.fixture
def fake() -> FakeProbe:
    """A FakeProbe whose runs do not end while these tests watch them."""
    return FakeProbe(polls_to_finish=10**6)


@pytest.fixture
def target(fake: FakeProbe) -> int:
    return fake.add_target(WORKSPACE)


@pytest.fixture
def body(target: int) -> TriggerTestRunRequest:
    return TriggerTestRunRequest(name="nightly", probe_ids=[1, 2], target_id=target)


@pytest.fixture
def warnings(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.WARNING, logger="splx_probe_client")
    return caplog


def client_over(transport: httpx.AsyncBaseTransport, fake: FakeProbe) -> ProbeClient:
    return ProbeClient(fake.api_key, base_url="http://fake.test", transport=transport, max_retries=0)


def run_ids(fake: FakeProbe, target: int) -> list[int]:
    """The ids of the target's runs, as the fake lists them."""
    with httpx.Client(transport=fake.transport(), headers={"X-Api-Key": fake.api_key}) as http:
        answer = http.get(f"http://fake.test/api/workspaces/{WORKSPACE}/target/{target}/test-runs")
    return [run["id"] for run in answer.json()]


def triggers(fake: FakeProbe) -> int:
    return sum(request.operation == "triggerTestRun" for request in fake.requests)


def notes(exc: BaseException) -> str:
    return "\n".join(getattr(exc, "__notes__", []))


def warned(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]


def cancel_command(run_id: int) -> str:
    return f"splx-probe cancel --workspace {WORKSPACE} --run {run_id}"


def assert_named(exc: BaseException, caplog: pytest.LogCaptureFixture, run_id: int) -> None:
    """The run's id is on ``exc`` (note and attribute) and in exactly one WARNING with the cancel command."""
    assert f"test run {run_id}" in notes(exc)
    assert cancel_command(run_id) in notes(exc)
    assert f"client.test_runs.cancel(workspace_id={WORKSPACE}, test_run_id={run_id})" in notes(exc)
    assert getattr(exc, "test_run_id", None) == run_id
    [record] = [message for message in warned(caplog) if f"test run {run_id}" in message]
    assert cancel_command(run_id) in record


# --- the trigger: cancelled with its answer in flight --------------------------------------------------------


async def test_a_trigger_cancelled_with_its_answer_in_flight_waits_for_the_answer_and_names_the_run(
    clock: FakeClock, fake: FakeProbe, target: int, body: TriggerTestRunRequest, warnings: pytest.LogCaptureFixture
) -> None:
    held = HeldAnswers(fake, "trigger")
    async with client_over(held, fake) as client:
        task = asyncio.create_task(client.test_runs.trigger(workspace_id=WORKSPACE, body=body))
        await held.arrived.wait()
        task.cancel()
        await clock.advance(GRACE / 2)
        assert not task.done()  # waiting, shielded, for the answer that carries the run's id
        held.release.set()
        with pytest.raises(asyncio.CancelledError) as info:
            await task
    [run_id] = run_ids(fake, target)
    assert_named(info.value, warnings, run_id)
    assert "was started by this trigger" in notes(info.value)
    assert triggers(fake) == 1


async def test_a_trigger_whose_answer_does_not_come_in_time_says_the_run_may_exist_and_how_to_find_it(
    clock: FakeClock, fake: FakeProbe, target: int, body: TriggerTestRunRequest, warnings: pytest.LogCaptureFixture
) -> None:
    held = HeldAnswers(fake, "trigger")
    async with client_over(held, fake) as client:
        task = asyncio.create_task(client.test_runs.trigger(workspace_id=WORKSPACE, body=body))
        await held.arrived.wait()
        task.cancel()
        await clock.advance(GRACE - 0.1)
        assert not task.done()
        await clock.advance(0.2)
        assert task.done()  # bounded: the grace, not the answer, ended it
        with pytest.raises(asyncio.CancelledError) as info:
            await task
        held.release.set()
    said = notes(info.value)
    for expected in (
        "a run may have been started",
        "'nightly'",
        f"on target {target} (workspace {WORKSPACE})",
        f"splx-probe status --workspace {WORKSPACE} --target {target}",
        f"client.targets.list_test_runs(workspace_id={WORKSPACE}, target_id={target})",
        f"waited up to {GRACE:g} s",
    ):
        assert expected in said
    assert getattr(info.value, "test_run_id", None) is None  # no id was known: none is made up
    [record] = warned(warnings)
    assert record == said
    assert triggers(fake) == 1  # never sent again
    assert len(run_ids(fake, target)) == 1  # the run it may have started is the only one, findable by name


async def test_a_second_cancellation_stops_the_wait_for_the_answer_at_once(
    clock: FakeClock, fake: FakeProbe, target: int, body: TriggerTestRunRequest, warnings: pytest.LogCaptureFixture
) -> None:
    held = HeldAnswers(fake, "trigger")
    async with client_over(held, fake) as client:
        task = asyncio.create_task(client.test_runs.trigger(workspace_id=WORKSPACE, body=body))
        await held.arrived.wait()
        task.cancel()
        await clock.settle()
        assert not task.done()
        task.cancel()
        await clock.settle()
        assert task.done()  # no clock time passed
        with pytest.raises(asyncio.CancelledError) as info:
            await task
        held.release.set()
    assert "a run may have been started" in notes(info.value)
    assert len(warned(warnings)) == 1


async def test_a_trigger_cancelled_before_it_is_sent_says_nothing_and_starts_nothing(
    clock: FakeClock, fake: FakeProbe, target: int, body: TriggerTestRunRequest, warnings: pytest.LogCaptureFixture
) -> None:
    held = HeldAnswers(fake, "list")  # the listing of the target's runs that comes before the trigger
    async with client_over(held, fake) as client:
        task = asyncio.create_task(client.test_runs.trigger(workspace_id=WORKSPACE, body=body))
        await held.arrived.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError) as info:
            await task
    assert notes(info.value) == ""
    assert warned(warnings) == []
    assert triggers(fake) == 0


async def test_a_trigger_cancelled_while_looking_for_the_run_of_a_lost_answer_says_it_may_exist(
    clock: FakeClock, fake: FakeProbe, target: int, body: TriggerTestRunRequest, warnings: pytest.LogCaptureFixture
) -> None:
    fake.drop_next(operation="triggerTestRun", after_processing=True)  # the run starts, its answer is lost
    async with client_over(fake.transport(), fake) as client:
        task = asyncio.create_task(client.test_runs.trigger(workspace_id=WORKSPACE, body=body))
        await clock.settle()  # now sleeping before the first look (the list may lag)
        task.cancel()
        with pytest.raises(asyncio.CancelledError) as info:
            await task
    assert "after its answer was lost" in notes(info.value)
    assert "a run may have been started" in notes(info.value)
    assert f"splx-probe status --workspace {WORKSPACE} --target {target}" in notes(info.value)
    assert any("a run may have been started" in message for message in warned(warnings))
    assert triggers(fake) == 1


async def test_a_refused_trigger_is_raised_as_it_was(
    clock: FakeClock, fake: FakeProbe, body: TriggerTestRunRequest, warnings: pytest.LogCaptureFixture
) -> None:
    fake.fail_next(400, operation="triggerTestRun")
    async with client_over(fake.transport(), fake) as client:
        with pytest.raises(APIStatusError) as info:
            await client.test_runs.trigger(workspace_id=WORKSPACE, body=body)
    assert info.value.status_code == 400
    assert notes(info.value) == ""
    assert warned(warnings) == []


async def test_over_a_real_socket_a_cancelled_trigger_still_learns_its_run_id(
    fake: FakeProbe, target: int, body: TriggerTestRunRequest, warnings: pytest.LogCaptureFixture
) -> None:
    # The real clock here: the answer comes 0.5 s late, well within the grace of TRIGGER_ANSWER_GRACE (5 s).
    fake.delay_next(0.5, operation="triggerTestRun")
    async with fake.serve_async() as base_url, ProbeClient(fake.api_key, base_url=base_url, max_retries=0) as client:
        task = asyncio.create_task(client.test_runs.trigger(workspace_id=WORKSPACE, body=body))
        async with asyncio.timeout(10):
            # The server has the trigger (and started the run); its answer is late. The fake's thread has no
            # event to await: look every few milliseconds.
            while not triggers(fake):  # noqa: ASYNC110
                await asyncio.sleep(0.005)
        task.cancel()
        with pytest.raises(asyncio.CancelledError) as info:
            await task
    [run_id] = run_ids(fake, target)
    assert_named(info.value, warnings, run_id)
    assert f"{cancel_command(run_id)} --api-url {base_url}`" in notes(info.value)  # the API this client uses
    assert triggers(fake) == 1


async def test_the_commands_name_no_api_url_for_the_default_api_and_never_a_url_s_credentials(
    clock: FakeClock, fake: FakeProbe, target: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SPLX_API_URL", raising=False)
    monkeypatch.delenv("SPLX_REGION", raising=False)
    run_id = fake.add_test_run(WORKSPACE, target)
    for base_url, expected in (
        (None, f"{cancel_command(run_id)}`"),
        ("https://user:s3cret@probe.example", f"{cancel_command(run_id)} --api-url https://probe.example`"),
    ):
        async with ProbeClient(fake.api_key, base_url=base_url, transport=fake.transport()) as client:
            with pytest.raises(CallbackFailed) as info:
                await clock.run(
                    client.test_runs.wait(
                        workspace_id=WORKSPACE,
                        target_id=target,
                        test_run_id=run_id,
                        poll_interval=1,
                        on_progress=failing,
                    )
                )
        assert expected in notes(info.value)
        assert "s3cret" not in notes(info.value)
        assert "user" not in notes(info.value)


# --- after the trigger: trigger_and_wait, wait, watch, wait_many ------------------------------------------------


@pytest.fixture
async def client(fake: FakeProbe) -> AsyncIterator[ProbeClient]:
    async with client_over(fake.transport(), fake) as api:
        yield api


async def test_trigger_and_wait_cancelled_while_waiting_names_the_run_it_started(
    clock: FakeClock,
    fake: FakeProbe,
    target: int,
    body: TriggerTestRunRequest,
    client: ProbeClient,
    warnings: pytest.LogCaptureFixture,
) -> None:
    seen: list[ScanRunExecutionDto] = []
    task = asyncio.create_task(
        client.test_runs.trigger_and_wait(workspace_id=WORKSPACE, body=body, poll_interval=1, on_progress=seen.append)
    )
    await clock.advance(3)
    assert seen
    task.cancel()
    with pytest.raises(asyncio.CancelledError) as info:
        await task
    [run_id] = run_ids(fake, target)
    assert_named(info.value, warnings, run_id)
    assert "was started by this call" in notes(info.value)
    assert "may still be running" in notes(info.value)
    assert fake.test_run(run_id)["status"] == "RUNNING"  # named, not cancelled: that is the caller's call
    assert triggers(fake) == 1


class CallbackFailed(Exception):
    pass


def failing(run: ScanRunExecutionDto) -> None:
    raise CallbackFailed("the dashboard is down")


async def test_an_on_progress_error_keeps_its_type_and_names_the_run_trigger_and_wait_started(
    clock: FakeClock,
    fake: FakeProbe,
    target: int,
    body: TriggerTestRunRequest,
    client: ProbeClient,
    warnings: pytest.LogCaptureFixture,
) -> None:
    with pytest.raises(CallbackFailed, match="the dashboard is down") as info:
        await clock.run(
            client.test_runs.trigger_and_wait(workspace_id=WORKSPACE, body=body, poll_interval=1, on_progress=failing)
        )
    [run_id] = run_ids(fake, target)
    assert_named(info.value, warnings, run_id)
    assert "on_progress raised CallbackFailed" in notes(info.value)
    assert triggers(fake) == 1


async def test_an_async_on_progress_error_in_wait_names_the_run(
    clock: FakeClock, fake: FakeProbe, target: int, client: ProbeClient, warnings: pytest.LogCaptureFixture
) -> None:
    run_id = fake.add_test_run(WORKSPACE, target)

    async def failing_later(run: ScanRunExecutionDto) -> None:
        await asyncio.sleep(0)
        raise CallbackFailed("late")

    with pytest.raises(CallbackFailed) as info:
        await clock.run(
            client.test_runs.wait(
                workspace_id=WORKSPACE, target_id=target, test_run_id=run_id, poll_interval=1, on_progress=failing_later
            )
        )
    assert_named(info.value, warnings, run_id)
    assert "stopped waiting for test run" in notes(info.value)


async def test_an_exception_with_a_test_run_id_of_its_own_keeps_it(
    clock: FakeClock, fake: FakeProbe, target: int, client: ProbeClient, warnings: pytest.LogCaptureFixture
) -> None:
    run_id = fake.add_test_run(WORKSPACE, target)

    class Tagged(Exception):
        test_run_id = "the caller's"

    def raising(run: ScanRunExecutionDto) -> None:
        raise Tagged

    with pytest.raises(Tagged) as info:
        await clock.run(
            client.test_runs.wait(
                workspace_id=WORKSPACE, target_id=target, test_run_id=run_id, poll_interval=1, on_progress=raising
            )
        )
    assert info.value.test_run_id == "the caller's"
    assert f"test run {run_id}" in notes(info.value)


async def test_a_cancelled_wait_names_its_run_once(
    clock: FakeClock, fake: FakeProbe, target: int, client: ProbeClient, warnings: pytest.LogCaptureFixture
) -> None:
    run_id = fake.add_test_run(WORKSPACE, target)
    task = asyncio.create_task(
        client.test_runs.wait(workspace_id=WORKSPACE, target_id=target, test_run_id=run_id, poll_interval=1)
    )
    await clock.advance(2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError) as info:
        await task
    assert_named(info.value, warnings, run_id)
    assert len(info.value.__notes__) == 1


async def test_a_cancelled_watch_names_its_run(
    clock: FakeClock, fake: FakeProbe, target: int, client: ProbeClient, warnings: pytest.LogCaptureFixture
) -> None:
    run_id = fake.add_test_run(WORKSPACE, target)
    seen: list[ScanRunExecutionDto] = []

    async def follow() -> None:
        runs = client.test_runs.watch(workspace_id=WORKSPACE, target_id=target, test_run_id=run_id, poll_interval=1)
        async with aclosing(runs):
            async for run in runs:
                seen.append(run)

    task = asyncio.create_task(follow())
    await clock.advance(2)
    assert seen
    task.cancel()
    with pytest.raises(asyncio.CancelledError) as info:
        await task
    assert_named(info.value, warnings, run_id)


async def test_a_watch_left_early_on_purpose_says_nothing(
    clock: FakeClock, fake: FakeProbe, target: int, client: ProbeClient, warnings: pytest.LogCaptureFixture
) -> None:
    run_id = fake.add_test_run(WORKSPACE, target)
    runs = client.test_runs.watch(workspace_id=WORKSPACE, target_id=target, test_run_id=run_id, poll_interval=1)
    async with aclosing(runs):
        async for _ in runs:
            break
    assert warned(warnings) == []


async def test_wait_many_with_a_failing_on_progress_names_the_run_and_every_run_it_leaves(
    clock: FakeClock, fake: FakeProbe, target: int, client: ProbeClient, warnings: pytest.LogCaptureFixture
) -> None:
    first, second = fake.add_test_run(WORKSPACE, target), fake.add_test_run(WORKSPACE, target)
    other_target = fake.add_target(WORKSPACE)
    third = fake.add_test_run(WORKSPACE, other_target)

    def failing_for_second(run: ScanRunExecutionDto) -> None:
        if run.id == second:
            raise CallbackFailed(run.id)

    with pytest.raises(CallbackFailed) as info:
        await clock.run(
            client.test_runs.wait_many(
                [(target, first), (target, second), (other_target, third)],
                workspace_id=WORKSPACE,
                poll_interval=1,
                on_progress=failing_for_second,
            )
        )
    assert getattr(info.value, "test_run_id", None) == second
    said = notes(info.value)
    assert "on_progress raised CallbackFailed" in said
    for run_id in (first, second, third):
        assert f"{run_id} (target " in said or f"test run {run_id}" in said
    [record] = warned(warnings)  # one record for the lot
    for run_id in (first, second, third):
        assert str(run_id) in record
    assert f"splx-probe cancel --workspace {WORKSPACE} --run ID" in record


async def test_wait_many_cancelled_names_every_run_it_leaves(
    clock: FakeClock, fake: FakeProbe, target: int, client: ProbeClient, warnings: pytest.LogCaptureFixture
) -> None:
    first, second = fake.add_test_run(WORKSPACE, target), fake.add_test_run(WORKSPACE, target)
    task = asyncio.create_task(
        client.test_runs.wait_many([(target, first), (target, second)], workspace_id=WORKSPACE, poll_interval=1)
    )
    await clock.advance(2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError) as info:
        await task
    said = notes(info.value)
    assert f"stopped waiting for test runs {first} (target {target}), {second} (target {target})" in said
    [record] = warned(warnings)
    assert record == said


async def test_errors_of_the_wait_after_a_trigger_still_carry_the_run_id(
    clock: FakeClock, fake: FakeProbe, target: int, body: TriggerTestRunRequest, client: ProbeClient
) -> None:
    with pytest.raises(TestRunTimeoutError) as info:
        await clock.run(
            client.test_runs.trigger_and_wait(workspace_id=WORKSPACE, body=body, poll_interval=1, timeout=5)
        )
    [run_id] = run_ids(fake, target)
    assert info.value.test_run_id == run_id
    assert f"test run {run_id} on target {target} was started by this call" in notes(info.value)


async def test_under_asyncio_timeout_the_timeout_error_s_cause_names_the_run(
    clock: FakeClock, fake: FakeProbe, target: int, client: ProbeClient, warnings: pytest.LogCaptureFixture
) -> None:
    run_id = fake.add_test_run(WORKSPACE, target)
    # The wait polls on the fake clock, which never moves here: only the (real) asyncio timeout can end it.
    with pytest.raises(TimeoutError) as info:
        async with asyncio.timeout(0.05):
            await client.test_runs.wait(workspace_id=WORKSPACE, target_id=target, test_run_id=run_id)
    cause = info.value.__cause__
    assert isinstance(cause, asyncio.CancelledError)
    assert_named(cause, warnings, run_id)
