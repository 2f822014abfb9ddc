"""A wait ends in bounded time on a run it cannot follow: one never listed, or one in a status nobody classified."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from overrides.polling.scripted import WORKSPACE, FakeClock, ScriptedServer, run_json

from splx_probe_client import (
    DEFAULT_APPEAR_TIMEOUT,
    DEFAULT_UNKNOWN_STATUS_TIMEOUT,
    ProbeClient,
    TestRunNotFoundError,
    TestRunTimeoutError,
    UnknownRunStatusError,
    wait_for_test_run,
    wait_for_test_runs,
)
from splx_probe_client.models import ScanRunExecutionDto

TARGET = 31
RUN = 5001
POLL = 1.0
MAX_PAUSE = 4 * POLL  # the poller backs off up to 4x the interval


async def wait(client: ProbeClient, **options: Any) -> ScanRunExecutionDto:
    return await wait_for_test_run(
        client, workspace_id=WORKSPACE, target_id=TARGET, test_run_id=RUN, poll_interval=POLL, **options
    )


async def test_a_run_never_listed_ends_the_wait_naming_run_and_target(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(4000, "COMPLETED")])
    with pytest.raises(TestRunNotFoundError) as raised:
        await clock.run(wait(client, appear_timeout=30))
    error = raised.value
    assert (error.workspace_id, error.target_id, error.test_run_id, error.run) == (WORKSPACE, TARGET, RUN, None)
    assert f"test run {RUN} did not appear among the test runs of target {TARGET}" in str(error)
    assert 30 <= clock.now <= 30 + MAX_PAUSE


async def test_by_default_a_missing_run_ends_the_wait_in_minutes_not_hours(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [])
    with pytest.raises(TestRunNotFoundError):
        await clock.run(wait(client))
    assert DEFAULT_APPEAR_TIMEOUT <= clock.now <= DEFAULT_APPEAR_TIMEOUT + MAX_PAUSE
    assert DEFAULT_APPEAR_TIMEOUT <= 600


async def test_a_run_that_appears_late_but_in_time_is_followed(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [], [], [], [run_json(RUN, "RUNNING")], [run_json(RUN, "COMPLETED", 100)])
    run = await clock.run(wait(client, appear_timeout=30))
    assert run.status == "COMPLETED"


async def test_a_run_that_vanishes_ends_the_wait_keeping_its_last_state(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(RUN, "RUNNING", 40)], [])
    with pytest.raises(TestRunNotFoundError, match="no longer listed") as raised:
        await clock.run(wait(client, appear_timeout=20))
    assert raised.value.run is not None
    assert raised.value.run.progress == 40


async def test_without_an_appear_limit_only_the_deadline_ends_the_wait(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [])
    with pytest.raises(TestRunTimeoutError, match="never appeared"):
        await clock.run(wait(client, appear_timeout=None, timeout=1000))
    assert clock.now == 1000


async def test_a_status_nobody_classified_ends_the_wait_naming_it(
    caplog: pytest.LogCaptureFixture, clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(RUN, "TIMED_OUT", 100)])
    with caplog.at_level(logging.WARNING, "splx_probe_client"), pytest.raises(UnknownRunStatusError) as raised:
        await clock.run(wait(client, unknown_status_timeout=60))
    assert raised.value.status == "TIMED_OUT"
    assert raised.value.run.id == RUN
    assert "'TIMED_OUT'" in str(raised.value)
    assert "run_statuses" in str(raised.value)
    assert 60 <= clock.now <= 60 + 2 * MAX_PAUSE
    assert len([r for r in caplog.records if "TIMED_OUT" in r.getMessage()]) == 1


async def test_by_default_an_unclassified_status_ends_the_wait_in_minutes_not_hours(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(RUN, "TIMED_OUT", 100)])
    with pytest.raises(UnknownRunStatusError):
        await clock.run(wait(client))
    assert clock.now <= DEFAULT_UNKNOWN_STATUS_TIMEOUT + 2 * MAX_PAUSE <= 3600


async def test_an_unclassified_status_that_moves_on_in_time_is_followed(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(
        TARGET, [run_json(RUN, "ANALYZING", 90)], [run_json(RUN, "ANALYZING", 95)], [run_json(RUN, "COMPLETED", 100)]
    )
    run = await clock.run(wait(client, unknown_status_timeout=60))
    assert run.status == "COMPLETED"


async def test_one_unknown_run_in_a_batch_ends_only_its_wait_with_return_exceptions(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [run_json(RUN, "RUNNING"), run_json(4000, "RUNNING")], [run_json(4000, "COMPLETED")])
    results = await clock.run(
        wait_for_test_runs(
            client,
            [(TARGET, RUN), (TARGET, 4000)],
            workspace_id=WORKSPACE,
            poll_interval=POLL,
            appear_timeout=10,
            return_exceptions=True,
        )
    )
    assert isinstance(results[0], TestRunNotFoundError)
    assert isinstance(results[1], ScanRunExecutionDto)


@pytest.mark.parametrize("name", ["appear_timeout", "unknown_status_timeout"])
@pytest.mark.parametrize("value", [0, -1, float("nan"), "10"])
async def test_bad_limits_are_named(client: ProbeClient, name: str, value: object) -> None:
    with pytest.raises((TypeError, ValueError), match=name):
        await wait(client, **{name: value})
