"""``trigger_and_wait`` (one trigger, never two) and ``wait_for_test_runs`` (a batch)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from overrides.polling.scripted import WORKSPACE, FakeClock, ScriptedServer, run_json

from splx_probe_client._client import ProbeClient
from splx_probe_client._exceptions import (
    BadRequestError,
    NotFoundError,
    ProbeError,
    TestRunTimeoutError,
)
from splx_probe_client.models.trigger_test_run_request import TriggerTestRunRequest
from splx_probe_client.polling import trigger_and_wait, wait_for_test_runs

TARGET = 31


def pair(first: str, second: str) -> list[dict[str, Any]]:
    """Runs 1 and 2 of target 31, in these statuses."""
    return [run_json(1, first), run_json(2, second)]


def body() -> TriggerTestRunRequest:
    return TriggerTestRunRequest(name="nightly", probe_ids=[1, 2], target_id=TARGET)


async def test_trigger_and_wait_triggers_once_then_waits(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [], [run_json(5001, "RUNNING", 40)], [run_json(5001, "COMPLETED", 100)])
    seen: list[str | None] = []
    run = await clock.run(
        trigger_and_wait(
            client,
            workspace_id=WORKSPACE,
            body=body(),
            poll_interval=1,
            on_progress=lambda run: seen.append(run.status),
        )
    )
    assert (run.id, run.status) == (5001, "COMPLETED")
    assert seen == ["RUNNING", "COMPLETED"]
    assert [seen.path for seen in server.posts()] == [f"/api/workspaces/{WORKSPACE}/test-run/trigger"]
    assert len(server.lists(TARGET)) == 3


async def test_a_refused_trigger_is_raised_and_not_sent_again(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.trigger_status = 400
    server.script(TARGET, [])
    with pytest.raises(BadRequestError):
        await clock.run(trigger_and_wait(client, workspace_id=WORKSPACE, body=body()))
    assert len(server.posts()) == 1
    assert len(server.lists()) == 1  # the look before the trigger, none after


async def test_trigger_and_wait_timeout_names_the_new_run(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(TARGET, [])
    with pytest.raises(TestRunTimeoutError, match="test run 5001 did not finish within 60 s"):
        await clock.run(trigger_and_wait(client, workspace_id=WORKSPACE, body=body(), timeout=60))


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"poll_interval": -1}, "poll_interval"),
        ({"timeout": 0}, "timeout"),
        ({"workspace_id": None}, "workspace_id"),
        ({"body": {"name": "x"}}, "body must be a TriggerTestRunRequest"),
    ],
)
async def test_trigger_and_wait_checks_its_options_before_triggering(
    options: dict[str, Any], match: str, server: ScriptedServer, client: ProbeClient
) -> None:
    arguments: dict[str, Any] = {"workspace_id": WORKSPACE, "body": body(), **options}
    with pytest.raises((TypeError, ValueError), match=match):
        await trigger_and_wait(client, **arguments)
    assert server.requests == []


async def test_wait_for_test_runs_returns_results_in_order(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(
        31, [run_json(1, "RUNNING"), run_json(2, "RUNNING")], [run_json(1, "FAILED"), run_json(2, "COMPLETED")]
    )
    server.script(32, [run_json(3, "RUNNING")], [run_json(3, "RUNNING")], [run_json(3, "COMPLETED")])
    runs = await clock.run(
        wait_for_test_runs(client, [(32, 3), (31, 2), (31, 1)], workspace_id=WORKSPACE, poll_interval=1)
    )
    assert [(run.id, run.status) for run in runs] == [(3, "COMPLETED"), (2, "COMPLETED"), (1, "FAILED")]
    assert len(server.lists(31)) == 2
    assert len(server.lists(32)) == 3
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_an_error_in_a_batch_cancels_the_other_waits_not_the_runs(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(31, [run_json(1, "RUNNING")])
    server.script(32, 404)
    with pytest.raises(NotFoundError):
        await clock.run(
            wait_for_test_runs(client, [(31, 1), (32, 2)], workspace_id=WORKSPACE, poll_interval=1, timeout=600)
        )
    assert clock.now == 0
    assert server.posts() == []
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_timeouts_in_a_batch_let_every_run_reach_the_deadline(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(
        31, [run_json(1, "RUNNING"), run_json(2, "RUNNING")], [run_json(1, "COMPLETED"), run_json(2, "RUNNING")]
    )
    with pytest.raises(TestRunTimeoutError, match="test run 2"):
        await clock.run(
            wait_for_test_runs(
                client, [(31, 1), (31, 2)], workspace_id=WORKSPACE, poll_interval=1, timeout=30, cancel_on_timeout=True
            )
        )
    assert [seen.path for seen in server.posts()] == [f"/api/workspaces/{WORKSPACE}/test-run/2/cancel"]


async def test_return_exceptions_puts_each_failure_in_its_place(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(
        31, [run_json(1, "RUNNING"), run_json(2, "RUNNING")], [run_json(1, "COMPLETED"), run_json(2, "RUNNING")]
    )
    server.script(32, 404)
    results = await clock.run(
        wait_for_test_runs(
            client,
            [(31, 1), (31, 2), (32, 3)],
            workspace_id=WORKSPACE,
            poll_interval=1,
            timeout=30,
            return_exceptions=True,
        )
    )
    first, second, third = results
    assert not isinstance(first, ProbeError)
    assert first.status == "COMPLETED"
    assert isinstance(second, TestRunTimeoutError)
    assert second.run is not None
    assert second.run.id == 2
    assert isinstance(third, NotFoundError)


async def test_a_bad_pair_is_refused_before_any_request(server: ScriptedServer, client: ProbeClient) -> None:
    with pytest.raises(TypeError, match=r"runs\[1\] test_run_id must be an int"):
        await wait_for_test_runs(client, [(31, 1), (31, "2")], workspace_id=WORKSPACE)  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"runs\[0\] must be a \(target_id, test_run_id\) pair"):
        await wait_for_test_runs(client, [31], workspace_id=WORKSPACE)  # type: ignore[list-item]
    assert server.requests == []
