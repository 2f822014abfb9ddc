"""``SyncProbeClient``: Ctrl-C (or a callback's error) during a trigger or a wait never leaves a run unnamed.

Ctrl-C is a real SIGINT sent to the calling (main) thread at a moment the test chooses: from the server's
handler of the trigger or from ``on_progress``, both of which run while that thread waits for the call, so
nothing depends on timing. The ``KeyboardInterrupt`` carries the run's id (note and ``test_run_id``) and a
WARNING record names it with the command that cancels it.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import Callable, Iterator

import httpx
import pytest

from splx_probe_client import ProbeError, SyncProbeClient, _poller, polling
from splx_probe_client.models import ScanRunExecutionDto, TriggerTestRunRequest
from splx_probe_client.testing import FakeProbe

WORKSPACE = 1
GRACE = 4.25
"""``TRIGGER_ANSWER_GRACE`` in these tests: a value no other sleep of the SDK uses, so the clock can tell it."""
BOUND = 20.0
"""Seconds a step may take at most on a loaded machine before the test fails instead of hanging."""


class GraceWatch(_poller.SystemClock):
    """The real clock, which also tells when a cancelled trigger starts waiting for its answer."""

    def __init__(self, *, ends_at_once: bool) -> None:
        self.began = threading.Event()
        self._ends_at_once = ends_at_once

    async def sleep(self, seconds: float) -> None:
        if seconds == GRACE:
            self.began.set()
            if self._ends_at_once:  # as if the grace had passed with no answer
                await asyncio.sleep(0)
                return
        await asyncio.sleep(seconds)


class HeldTrigger(httpx.BaseTransport):
    """FakeProbe in process; once the trigger is carried out (its run started), ``hold`` runs before answering."""

    def __init__(self, fake: FakeProbe, hold: Callable[[], None]) -> None:
        self._inner = fake.transport()
        self._hold = hold

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        if request.method == "POST" and request.url.path.endswith("/trigger"):
            self._hold()
        return response


@pytest.fixture
def ctrl_c() -> Iterator[Callable[[], None]]:
    """Press Ctrl-C: SIGINT to the main thread, whose default handler raises ``KeyboardInterrupt`` there."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals reach the main thread only")
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    main = threading.main_thread().ident
    assert main is not None
    yield lambda: signal.pthread_kill(main, signal.SIGINT)
    signal.signal(signal.SIGINT, previous)


@pytest.fixture
def fake() -> FakeProbe:
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


def run_ids(fake: FakeProbe, target: int) -> list[int]:
    with httpx.Client(transport=fake.transport(), headers={"X-Api-Key": fake.api_key}) as http:
        answer = http.get(f"http://fake.test/api/workspaces/{WORKSPACE}/target/{target}/test-runs")
    return [run["id"] for run in answer.json()]


def triggers(fake: FakeProbe) -> int:
    return sum(request.operation == "triggerTestRun" for request in fake.requests)


def notes(exc: BaseException) -> str:
    return "\n".join(getattr(exc, "__notes__", []))


def warned(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]


def assert_named(exc: BaseException, caplog: pytest.LogCaptureFixture, run_id: int) -> None:
    command = f"splx-probe cancel --workspace {WORKSPACE} --run {run_id}"
    assert f"test run {run_id}" in notes(exc)
    assert command in notes(exc)
    assert getattr(exc, "test_run_id", None) == run_id
    [record] = [message for message in warned(caplog) if f"test run {run_id}" in message]
    assert command in record


def test_ctrl_c_while_the_trigger_answer_is_in_flight_waits_for_it_and_names_the_run(
    fake: FakeProbe,
    target: int,
    body: TriggerTestRunRequest,
    ctrl_c: Callable[[], None],
    warnings: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = GraceWatch(ends_at_once=False)
    monkeypatch.setattr(_poller, "clock", clock)
    monkeypatch.setattr(polling, "TRIGGER_ANSWER_GRACE", GRACE)

    def press_then_answer() -> None:
        ctrl_c()
        assert clock.began.wait(BOUND)  # the call, cancelled, now waits for this answer: give it

    transport = HeldTrigger(fake, press_then_answer)
    client = SyncProbeClient(fake.api_key, base_url="http://fake.test", transport=transport, max_retries=0)
    with client, pytest.raises(KeyboardInterrupt) as info:
        client.test_runs.trigger(workspace_id=WORKSPACE, body=body)
    [run_id] = run_ids(fake, target)
    assert_named(info.value, warnings, run_id)
    assert triggers(fake) == 1


def test_ctrl_c_with_no_trigger_answer_in_time_says_the_run_may_exist_and_how_to_find_it(
    fake: FakeProbe,
    target: int,
    body: TriggerTestRunRequest,
    ctrl_c: Callable[[], None],
    warnings: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = GraceWatch(ends_at_once=True)
    monkeypatch.setattr(_poller, "clock", clock)
    monkeypatch.setattr(polling, "TRIGGER_ANSWER_GRACE", GRACE)
    release = threading.Event()

    def press_and_hold() -> None:
        ctrl_c()
        assert clock.began.wait(BOUND)
        release.wait(BOUND)  # answered only once the test is over: too late

    transport = HeldTrigger(fake, press_and_hold)
    client = SyncProbeClient(fake.api_key, base_url="http://fake.test", transport=transport, max_retries=0)
    try:
        with client, pytest.raises(KeyboardInterrupt) as info:
            client.test_runs.trigger(workspace_id=WORKSPACE, body=body)
    finally:
        release.set()
    said = notes(info.value)
    assert "a run may have been started" in said
    assert f"splx-probe status --workspace {WORKSPACE} --target {target}" in said
    assert f"client.targets.list_test_runs(workspace_id={WORKSPACE}, target_id={target})" in said
    assert "'nightly'" in said
    assert getattr(info.value, "test_run_id", None) is None
    assert warned(warnings) == [said]
    assert triggers(fake) == 1
    assert len(run_ids(fake, target)) == 1


def test_ctrl_c_during_sync_trigger_and_wait_names_the_run_it_started(
    fake: FakeProbe,
    target: int,
    body: TriggerTestRunRequest,
    ctrl_c: Callable[[], None],
    warnings: pytest.LogCaptureFixture,
) -> None:
    def press_once(run: ScanRunExecutionDto) -> None:
        if not pressed:
            pressed.append(run.id)
            ctrl_c()

    pressed: list[int] = []
    with fake.serve() as base_url, SyncProbeClient(fake.api_key, base_url=base_url, max_retries=0) as client:
        with pytest.raises(KeyboardInterrupt) as info:
            client.test_runs.trigger_and_wait(
                workspace_id=WORKSPACE, body=body, poll_interval=0.02, on_progress=press_once
            )
        [run_id] = run_ids(fake, target)
        assert pressed == [run_id]
        assert_named(info.value, warnings, run_id)
        assert "was started by this call" in notes(info.value)
        assert fake.test_run(run_id)["status"] == "RUNNING"
        assert triggers(fake) == 1
        # The client still works: the run can be cancelled as the note says.
        client.test_runs.cancel(workspace_id=WORKSPACE, test_run_id=run_id)
    assert fake.test_run(run_id)["status"] == "CANCELLED"


def test_ctrl_c_during_sync_wait_many_names_every_run_it_leaves(
    fake: FakeProbe, target: int, ctrl_c: Callable[[], None], warnings: pytest.LogCaptureFixture
) -> None:
    first, second = fake.add_test_run(WORKSPACE, target), fake.add_test_run(WORKSPACE, target)

    def press_once(run: ScanRunExecutionDto) -> None:
        if not pressed:
            pressed.append(run.id)
            ctrl_c()

    pressed: list[int] = []
    client = SyncProbeClient(fake.api_key, base_url="http://fake.test", transport=fake.transport())
    with client, pytest.raises(KeyboardInterrupt) as info:
        client.test_runs.wait_many(
            [(target, first), (target, second)], workspace_id=WORKSPACE, poll_interval=0.02, on_progress=press_once
        )
    said = notes(info.value)
    assert f"{first} (target {target}), {second} (target {target})" in said
    assert f"splx-probe cancel --workspace {WORKSPACE} --run ID" in said
    assert [message for message in warned(warnings) if str(first) in message and str(second) in message]


def outcome_of(call: Callable[[], object]) -> BaseException | None:
    """What ``call`` raises, run in a thread of its own: a hang fails the test instead of the suite."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:  # KeyboardInterrupt included: that is what is looked for
            raised.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(BOUND)
    assert not worker.is_alive(), "the call hung"
    return raised[0] if raised else None


def test_a_keyboard_interrupt_raised_by_on_progress_reaches_the_caller_with_the_run_and_spares_the_loop(
    fake: FakeProbe, target: int, warnings: pytest.LogCaptureFixture
) -> None:
    run_id = fake.add_test_run(WORKSPACE, target)

    def interrupting(run: ScanRunExecutionDto) -> None:
        raise KeyboardInterrupt

    with SyncProbeClient(fake.api_key, base_url="http://fake.test", transport=fake.transport()) as client:
        raised = outcome_of(
            lambda: client.test_runs.wait(
                workspace_id=WORKSPACE,
                target_id=target,
                test_run_id=run_id,
                poll_interval=0.02,
                on_progress=interrupting,
            )
        )
        assert isinstance(raised, KeyboardInterrupt)
        assert_named(raised, warnings, run_id)
        assert "on_progress raised KeyboardInterrupt" in notes(raised)
        # The loop thread survived it: the next wait runs on it.
        fake.finish(run_id)
        run = client.test_runs.wait(workspace_id=WORKSPACE, target_id=target, test_run_id=run_id, poll_interval=0.02)
        assert run.status == "COMPLETED"


def test_an_on_progress_error_in_a_sync_wait_keeps_its_type_and_names_the_run(
    fake: FakeProbe, target: int, body: TriggerTestRunRequest, warnings: pytest.LogCaptureFixture
) -> None:
    def failing(run: ScanRunExecutionDto) -> None:
        raise LookupError("no such dashboard")

    client = SyncProbeClient(fake.api_key, base_url="http://fake.test", transport=fake.transport())
    with client, pytest.raises(LookupError, match="no such dashboard") as info:
        client.test_runs.trigger_and_wait(workspace_id=WORKSPACE, body=body, poll_interval=0.02, on_progress=failing)
    [run_id] = run_ids(fake, target)
    assert_named(info.value, warnings, run_id)
    assert triggers(fake) == 1


def test_a_client_closed_under_a_wait_raises_a_probe_error_naming_the_run(
    fake: FakeProbe, target: int, warnings: pytest.LogCaptureFixture
) -> None:
    run_id = fake.add_test_run(WORKSPACE, target)
    polled = threading.Event()
    client = SyncProbeClient(fake.api_key, base_url="http://fake.test", transport=fake.transport())
    waiting = threading.Thread(
        target=lambda: raised.append(
            outcome_of(
                lambda: client.test_runs.wait(
                    workspace_id=WORKSPACE,
                    target_id=target,
                    test_run_id=run_id,
                    poll_interval=0.02,
                    on_progress=lambda run: polled.set(),
                )
            )
        ),
        daemon=True,
    )
    raised: list[BaseException | None] = []
    waiting.start()
    assert polled.wait(BOUND)
    client.close()
    waiting.join(BOUND)
    [error] = raised
    assert isinstance(error, ProbeError)
    assert "closed while this call was in flight" in str(error)
    assert_named(error, warnings, run_id)
