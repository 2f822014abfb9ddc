"""The helpers over a real socket on 127.0.0.1 against ``FakeProbe``, on the real clock with short intervals."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from splx_probe_client.client import AuthenticatedClient
from splx_probe_client.models.trigger_test_run_request import TriggerTestRunRequest
from splx_probe_client.polling import trigger_and_wait, wait_for_test_run, wait_for_test_runs
from splx_probe_client.testing import FakeProbe

WORKSPACE = 1
LIST = "listTargetTestRuns"


@pytest.fixture
async def client(fake: FakeProbe, base_url: str) -> AsyncIterator[AuthenticatedClient]:
    api = AuthenticatedClient(base_url=base_url, token=fake.api_key, auth_header_name="X-Api-Key", prefix="")
    async with api:
        yield api


def lists(fake: FakeProbe) -> int:
    return sum(request.operation == LIST for request in fake.requests)


async def test_trigger_and_wait_end_to_end(fake: FakeProbe, client: AuthenticatedClient) -> None:
    target = fake.add_target(WORKSPACE)
    body = TriggerTestRunRequest(name="e2e", probe_ids=[1], target_id=target)
    progress: list[str | None] = []
    run = await trigger_and_wait(
        client,
        workspace_id=WORKSPACE,
        body=body,
        poll_interval=0.01,
        timeout=10,
        on_progress=lambda run: progress.append(run.status),
    )
    assert run.status == "COMPLETED"
    assert progress[-1] == "COMPLETED"
    assert set(progress[:-1]) <= {"RUNNING"}
    assert [request.operation for request in fake.requests].count("triggerTestRun") == 1
    assert lists(fake) == 4  # one before the trigger (to recognise its run if the answer is lost), three polls


async def test_many_waits_share_the_polls_over_a_socket(fake: FakeProbe, client: AuthenticatedClient) -> None:
    targets = [fake.add_target(WORKSPACE) for _ in range(4)]
    runs = [(target, fake.add_test_run(WORKSPACE, target)) for target in targets for _ in range(10)]
    results = await wait_for_test_runs(client, runs, workspace_id=WORKSPACE, poll_interval=0.01, timeout=10)
    assert [run.id for run in results] == [run_id for _, run_id in runs]
    assert {run.status for run in results} == {"COMPLETED"}
    assert lists(fake) == 4 * 3  # each target's runs finish on their third observation: 3 ticks, 4 targets


async def test_cancelling_mid_request_leaves_no_task_and_no_busy_connection(
    fake: FakeProbe, client: AuthenticatedClient
) -> None:
    target = fake.add_target(WORKSPACE)
    run_id = fake.add_test_run(WORKSPACE, target)
    fake.delay_next(0.5, operation=LIST)
    waiter = asyncio.create_task(
        wait_for_test_run(client, workspace_id=WORKSPACE, target_id=target, test_run_id=run_id, poll_interval=0.01)
    )
    await asyncio.sleep(0.1)  # the first list request is now held by the server
    started = time.perf_counter()
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert time.perf_counter() - started < 0.35  # at once, not when the server answers (0.5 s)
    assert asyncio.all_tasks() == {asyncio.current_task()}
    pool = client.get_async_httpx_client()._transport._pool  # type: ignore[attr-defined]
    assert all(connection.is_idle() or connection.is_closed() for connection in pool.connections)
    assert not any(request.operation == "cancelTestRun" for request in fake.requests)
