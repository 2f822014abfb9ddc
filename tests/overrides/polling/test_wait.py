"""``wait_for_test_run`` and ``watch_test_run`` against a scripted server on a fake clock."""

from __future__ import annotations

import asyncio
import itertools
import logging
from contextlib import aclosing
from typing import Any

import httpx
import pytest
from overrides.polling.scripted import WORKSPACE, FakeClock, ScriptedServer, run_json

from splx_probe_client._client import ProbeClient
from splx_probe_client._exceptions import (
    APIResponseValidationError,
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    TestRunTimeoutError,
)
from splx_probe_client._progress import ProgressPrinter
from splx_probe_client.models.scan_run_execution_dto import ScanRunExecutionDto
from splx_probe_client.polling import (
    DEFAULT_POLL_INTERVAL,
    DEFAULT_WAIT_TIMEOUT,
    TERMINAL_STATUSES,
    wait_for_test_run,
    watch_test_run,
)
from splx_probe_client.types import Unset

TARGET = 11
RUN = 5001


async def wait(client: ProbeClient, **options: Any) -> ScanRunExecutionDto:
    return await wait_for_test_run(
        client, workspace_id=WORKSPACE, target_id=TARGET, test_run_id=RUN, poll_interval=1.0, **options
    )


async def test_running_running_completed_is_returned_after_three_polls(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(
        TARGET,
        [run_json(RUN, "RUNNING", 10)],
        [run_json(RUN, "RUNNING", 20)],
        [run_json(RUN, "COMPLETED", 100, passedCount=9, failedCount=1)],
    )
    run = await clock.run(wait(client))
    assert run.status == "COMPLETED"
    assert (run.passed_count, run.failed_count) == (9, 1)
    assert [seen.at for seen in server.lists()] == [0.0, 1.0, 2.0]
    assert server.posts() == []


@pytest.mark.parametrize(
    "status", ["COMPLETED", "FINISHED", "FAILED", "ERROR", "CANCELLED", "CANCELED", "completed", "Finished", "Canceled"]
)
async def test_each_terminal_status_ends_the_wait_and_is_returned(
    status: str, clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(RUN, "RUNNING")], [run_json(RUN, status)])
    run = await clock.run(wait(client))
    assert run.status == status
    assert len(server.lists()) == 2


@pytest.mark.parametrize("status", ["PENDING", "QUEUED", "RUNNING", "running"])
async def test_active_statuses_are_not_terminal(
    status: str, clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(RUN, status)])
    with pytest.raises(TestRunTimeoutError):
        await clock.run(wait(client, timeout=30))


async def test_terminal_statuses_can_be_extended(clock: FakeClock, server: ScriptedServer, client: ProbeClient) -> None:
    server.script(TARGET, [run_json(RUN, "RUNNING")], [run_json(RUN, "ABORTED")], [run_json(RUN, "ABORTED")])
    TERMINAL_STATUSES.add("aborted")
    try:
        assert (await clock.run(wait(client))).status == "ABORTED"
    finally:
        TERMINAL_STATUSES.discard("aborted")
    with pytest.raises(TestRunTimeoutError, match="ABORTED"):
        await clock.run(wait(client, timeout=5))


async def test_run_missing_from_the_list_is_waited_for(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    other = run_json(4999, "COMPLETED")
    server.script(TARGET, [], [other], [other, run_json(RUN, "RUNNING")], [other, run_json(RUN, "COMPLETED")])
    run = await clock.run(wait(client))
    assert (run.id, run.status) == (RUN, "COMPLETED")
    assert len(server.lists()) == 4


async def test_unknown_status_is_not_terminal_and_logged_once(
    caplog: pytest.LogCaptureFixture, clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(
        TARGET,
        [run_json(RUN, "ANALYZING", 10)],
        [run_json(RUN, "ANALYZING", 20)],
        [run_json(RUN, "ANALYZING", 30)],
        [run_json(RUN, "COMPLETED", 100)],
    )
    with caplog.at_level(logging.WARNING, logger="splx_probe_client"):
        run = await clock.run(wait(client))
    assert run.status == "COMPLETED"
    warnings = [record for record in caplog.records if "ANALYZING" in record.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING


async def test_progress_callback_only_on_change(clock: FakeClock, server: ScriptedServer, client: ProbeClient) -> None:
    server.script(
        TARGET,
        [run_json(RUN, "RUNNING", 10)],
        [run_json(RUN, "RUNNING", 10)],
        [run_json(RUN, "RUNNING", 10, passedCount=1)],
        [run_json(RUN, "RUNNING", 10, passedCount=1)],
        [run_json(RUN, "RUNNING", 50, passedCount=5)],
        [run_json(RUN, "COMPLETED", 100, passedCount=10)],
    )
    seen: list[tuple[str | None, float, int]] = []

    def on_progress(run: ScanRunExecutionDto) -> None:
        assert isinstance(run.progress, float | int)
        assert isinstance(run.passed_count, int)
        seen.append((run.status, run.progress, run.passed_count))

    await clock.run(wait(client, on_progress=on_progress))
    assert len(server.lists()) == 6
    assert seen == [("RUNNING", 10, 0), ("RUNNING", 10, 1), ("RUNNING", 50, 5), ("COMPLETED", 100, 10)]


async def test_async_progress_callback_is_awaited(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(RUN, "RUNNING", 10)], [run_json(RUN, "COMPLETED", 100)])
    seen: list[str | None] = []

    async def on_progress(run: ScanRunExecutionDto) -> None:
        await asyncio.sleep(0)
        seen.append(run.status)

    await clock.run(wait(client, on_progress=on_progress))
    assert seen == ["RUNNING", "COMPLETED"]


async def test_progress_printer_is_an_on_progress_callback(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    import io

    server.script(
        TARGET, [run_json(RUN, "RUNNING", 50, passedCount=5)], [run_json(RUN, "COMPLETED", 100, passedCount=10)]
    )
    stream = io.StringIO()
    await clock.run(wait(client, on_progress=ProgressPrinter(stream, live=False, clock=lambda: 0.0)))
    assert stream.getvalue().splitlines() == [
        f"test run {RUN}: RUNNING 50% passed 5 failed 0 errors 0 of 10 (after 0s)",
        f"test run {RUN}: COMPLETED 100% passed 10 failed 0 errors 0 of 10 (after 0s)",
    ]


async def test_a_raising_callback_ends_the_wait_and_stops_polling(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(RUN, "RUNNING", 10)])

    def on_progress(run: ScanRunExecutionDto) -> None:
        raise RuntimeError("callback broke")

    with pytest.raises(RuntimeError, match="callback broke"):
        await clock.run(wait(client, on_progress=on_progress))
    await clock.advance(60)
    assert len(server.lists()) == 1
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_never_ending_run_times_out_with_its_last_state(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(RUN, "RUNNING", 10)], [run_json(RUN, "RUNNING", 40)])
    with pytest.raises(TestRunTimeoutError) as caught:
        await clock.run(wait(client, timeout=30))
    assert clock.now == 30
    assert caught.value.run is not None
    assert (caught.value.run.status, caught.value.run.progress) == ("RUNNING", 40)
    assert f"test run {RUN} did not finish within 30 s" in str(caught.value)
    assert "last seen RUNNING" in str(caught.value)
    assert server.posts() == []  # not cancelled on the server unless asked
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_timeout_of_a_run_that_never_appeared_carries_none(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [])
    with pytest.raises(TestRunTimeoutError, match="never appeared") as caught:
        await clock.run(wait(client, timeout=10))
    assert caught.value.run is None


async def test_timeout_with_cancel_on_timeout_cancels_the_run_first(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(RUN, "RUNNING", 10)])
    with pytest.raises(TestRunTimeoutError, match="cancelled it on the server") as caught:
        await clock.run(wait(client, timeout=30, cancel_on_timeout=True))
    assert [(seen.path, seen.at) for seen in server.posts()] == [
        (f"/api/workspaces/{WORKSPACE}/test-run/{RUN}/cancel", 30.0)
    ]
    assert caught.value.run is not None


async def test_a_failed_cancel_on_timeout_is_reported_in_the_timeout(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(RUN, "RUNNING", 10)])
    server.cancel_status = 400
    with pytest.raises(TestRunTimeoutError, match="cancelling it on the server failed: 400") as caught:
        await clock.run(wait(client, timeout=30, cancel_on_timeout=True))
    assert caught.value.__cause__ is not None


async def test_deadline_holds_while_a_poll_hangs(clock: FakeClock, server: ScriptedServer, client: ProbeClient) -> None:
    """The overall deadline is separate from the per-request timeout: a hanging poll doesn't delay it."""
    hang = asyncio.Event()

    async def hanging(request: httpx.Request) -> None:
        await hang.wait()

    server.script(TARGET, [run_json(RUN, "RUNNING")], hanging)
    with pytest.raises(TestRunTimeoutError, match="RUNNING"):
        await clock.run(wait(client, timeout=5))
    assert clock.now == 5
    assert asyncio.all_tasks() == {asyncio.current_task()}


@pytest.mark.parametrize(
    ("status", "error"), [(401, AuthenticationError), (403, PermissionDeniedError), (404, NotFoundError)]
)
async def test_auth_and_not_found_errors_are_raised_at_once(
    status: int, error: type[Exception], clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(RUN, "RUNNING")], status)
    with pytest.raises(error, match=str(status)):
        await clock.run(wait(client))
    assert clock.now == 1.0
    assert len(server.lists()) == 2


async def test_server_errors_and_dropped_connections_during_polling_are_survived(
    caplog: pytest.LogCaptureFixture, clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(
        TARGET,
        [run_json(RUN, "RUNNING", 10)],
        500,
        503,
        httpx.ConnectError("connection refused"),
        429,
        [run_json(RUN, "COMPLETED", 100)],
    )
    with caplog.at_level(logging.WARNING, logger="splx_probe_client"):
        run = await clock.run(wait(client))
    assert run.status == "COMPLETED"
    assert len(server.lists()) == 6
    assert sum("will retry" in record.getMessage() for record in caplog.records) == 4


async def test_the_clients_own_retries_happen_within_one_poll(
    caplog: pytest.LogCaptureFixture, clock: FakeClock, server: ScriptedServer
) -> None:
    server.script(TARGET, 503, 502, [run_json(RUN, "COMPLETED")])
    transport = httpx.MockTransport(server.handle)
    with caplog.at_level(logging.WARNING, logger="splx_probe_client.polling"):
        async with ProbeClient(
            "test-key", base_url="https://probe.test", transport=transport, retry_sleep=clock.sleep
        ) as api:
            run = await clock.run(wait(api))
    assert run.status == "COMPLETED"
    assert len(server.lists()) == 3
    # The client retried both failures beneath a single poll: the poller never saw one.
    assert not [record for record in caplog.records if "will retry" in record.getMessage()]


async def test_a_timeout_after_failed_polls_says_so(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(RUN, "RUNNING", 10)], 502)
    with pytest.raises(TestRunTimeoutError, match="the last poll failed: 502") as caught:
        await clock.run(wait(client, timeout=20))
    assert caught.value.run is not None


async def test_cancelling_the_waiting_task_mid_request_leaves_nothing_behind(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    in_flight = 0
    hang = asyncio.Event()

    async def hanging(request: httpx.Request) -> None:
        nonlocal in_flight
        in_flight += 1
        try:
            await hang.wait()
        finally:
            in_flight -= 1

    server.script(TARGET, [run_json(RUN, "RUNNING")], hanging)
    waiter = asyncio.create_task(wait(client, timeout=3600, cancel_on_timeout=True))
    await clock.advance(1.0)
    assert in_flight == 1
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert in_flight == 0  # the request was abandoned, not left running
    assert asyncio.all_tasks() == {asyncio.current_task()}
    assert server.posts() == []  # the run is never cancelled on the server by a task cancellation


async def test_cancelling_the_waiting_task_between_polls_leaves_nothing_behind(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(RUN, "RUNNING")])
    waiter = asyncio.create_task(wait(client, cancel_on_timeout=True))
    await clock.advance(2.5)
    assert len(server.lists()) == 3
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert asyncio.all_tasks() == {asyncio.current_task()}
    await clock.advance(60)
    assert len(server.lists()) == 3
    assert server.posts() == []


async def test_polls_back_off_while_nothing_changes_and_reset_on_change(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    unchanged = [run_json(RUN, "RUNNING", 10)]
    server.script(TARGET, *[unchanged] * 7, [run_json(RUN, "RUNNING", 20)], [run_json(RUN, "COMPLETED", 100)])
    await clock.run(wait(client))
    times = [seen.at for seen in server.lists()]
    gaps = [round(later - earlier, 4) for earlier, later in itertools.pairwise(times)]
    # The first poll is a change (first sight); then 1.5x per unchanged poll, capped at 4x; a change resets.
    assert gaps == [1.0, 1.5, 2.25, 3.375, 4.0, 4.0, 4.0, 1.0]


async def test_jitter_spreads_the_pauses(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    from splx_probe_client import _poller

    monkeypatch.setattr(_poller, "jitter", lambda interval: interval * 1.1)
    server.script(TARGET, [run_json(RUN, "RUNNING", 10)], [run_json(RUN, "RUNNING", 20)], [run_json(RUN, "FAILED")])
    await clock.run(wait(client))
    assert [round(seen.at, 4) for seen in server.lists()] == [0.0, 1.1, 2.2]
    for _ in range(200):
        assert 0.9 <= _poller.uniform_jitter(1.0) <= 1.1


async def test_watch_yields_every_change_until_terminal(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(
        TARGET,
        [],
        [run_json(RUN, "QUEUED", 0)],
        [run_json(RUN, "RUNNING", 30)],
        [run_json(RUN, "RUNNING", 30)],
        [run_json(RUN, "RUNNING", 60)],
        [run_json(RUN, "FAILED", 60)],
        [run_json(RUN, "FAILED", 60)],
    )

    async def collect() -> list[tuple[str | None, float]]:
        watch = watch_test_run(client, workspace_id=WORKSPACE, target_id=TARGET, test_run_id=RUN, poll_interval=1)
        return [(run.status, run.progress) async for run in watch if not isinstance(run.progress, Unset)]

    assert await clock.run(collect()) == [("QUEUED", 0), ("RUNNING", 30), ("RUNNING", 60), ("FAILED", 60)]
    assert len(server.lists()) == 6


async def test_leaving_a_watch_early_stops_polling(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(RUN, "RUNNING", 10)], [run_json(RUN, "RUNNING", 20)])

    async def first_two() -> int:
        count = 0
        watch = watch_test_run(client, workspace_id=WORKSPACE, target_id=TARGET, test_run_id=RUN, poll_interval=1)
        async with aclosing(watch):
            async for _ in watch:
                count += 1
                if count == 2:
                    break
        return count

    assert await clock.run(first_two()) == 2
    assert asyncio.all_tasks() == {asyncio.current_task()}
    await clock.advance(60)
    assert len(server.lists()) == 2


@pytest.mark.parametrize(
    ("option", "value", "error", "match"),
    [
        ("workspace_id", "7", TypeError, "workspace_id must be an int"),
        ("test_run_id", True, TypeError, "test_run_id must be an int"),
        ("poll_interval", 0, ValueError, "poll_interval must be a positive"),
        ("poll_interval", float("nan"), ValueError, "poll_interval"),
        ("timeout", -1, ValueError, "timeout must be a positive"),
        ("timeout", "1h", TypeError, "timeout must be a number"),
    ],
)
async def test_bad_options_are_refused_before_any_request(
    option: str, value: object, error: type[Exception], match: str, server: ScriptedServer, client: ProbeClient
) -> None:
    options: dict[str, object] = {"workspace_id": WORKSPACE, "target_id": TARGET, "test_run_id": RUN, option: value}
    with pytest.raises(error, match=match):
        watch_test_run(client, **options)  # type: ignore[arg-type]
    with pytest.raises(error, match=match):
        await wait_for_test_run(client, **options)  # type: ignore[arg-type]
    assert server.requests == []


def test_defaults_are_finite_and_documented() -> None:
    assert DEFAULT_POLL_INTERVAL == 5.0
    assert DEFAULT_WAIT_TIMEOUT == 6 * 3600
    assert {"COMPLETED", "FAILED", "CANCELLED", "FINISHED", "ERROR", "CANCELED"} <= TERMINAL_STATUSES


async def test_an_unreadable_answer_ends_the_wait_instead_of_hanging(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(RUN, "RUNNING")], [{"id": RUN}])  # required fields missing
    with pytest.raises(APIResponseValidationError, match="KeyError: 'name'"):
        await clock.run(wait(client, timeout=None))
    assert clock.now == 1.0
    assert asyncio.all_tasks() == {asyncio.current_task()}
