"""The helpers with ``ProbeClient`` (its own retries, errors raised for non-2xx) against ``FakeProbe`` on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from splx_probe_client._client import ProbeClient
from splx_probe_client._exceptions import AuthenticationError, TestRunTimeoutError
from splx_probe_client.models.trigger_test_run_request import TriggerTestRunRequest
from splx_probe_client.polling import trigger_and_wait, wait_for_test_run
from splx_probe_client.testing import FakeProbe

WORKSPACE = 1
LIST = "listTargetTestRuns"


@pytest.fixture
async def client(fake: FakeProbe, base_url: str) -> AsyncIterator[ProbeClient]:
    # No retries of its own here: the failures below must reach the poller, which keeps polling.
    async with ProbeClient(api_key=fake.api_key, base_url=base_url, max_retries=0) as api:
        yield api


def operations(fake: FakeProbe, operation: str) -> int:
    return sum(request.operation == operation for request in fake.requests)


async def test_trigger_and_wait_with_probe_client(fake: FakeProbe, client: ProbeClient) -> None:
    target = fake.add_target(WORKSPACE)
    body = TriggerTestRunRequest(name="nightly", probe_ids=[1], target_id=target)
    run = await trigger_and_wait(client, workspace_id=WORKSPACE, body=body, poll_interval=0.01, timeout=10)
    assert run.status == "COMPLETED"
    assert operations(fake, "triggerTestRun") == 1
    assert operations(fake, LIST) == 4  # one before the trigger, three polls


async def test_failed_and_dropped_polls_are_survived(fake: FakeProbe, client: ProbeClient) -> None:
    target = fake.add_target(WORKSPACE)
    run_id = fake.add_test_run(WORKSPACE, target)
    fake.fail_next(500, times=2, operation=LIST)
    fake.fail_next(502, operation=LIST, body="<html>Bad gateway</html>")
    fake.drop_next(operation=LIST)
    run = await wait_for_test_run(
        client, workspace_id=WORKSPACE, target_id=target, test_run_id=run_id, poll_interval=0.01, timeout=10
    )
    assert run.status == "COMPLETED"
    assert operations(fake, LIST) == 4 + 3


async def test_a_wrong_key_is_raised_at_once(fake: FakeProbe, base_url: str) -> None:
    target = fake.add_target(WORKSPACE)
    run_id = fake.add_test_run(WORKSPACE, target)
    async with ProbeClient(api_key="wrong-key", base_url=base_url) as client:
        with pytest.raises(AuthenticationError):
            await wait_for_test_run(
                client, workspace_id=WORKSPACE, target_id=target, test_run_id=run_id, poll_interval=0.01
            )
    assert operations(fake, LIST) == 1


async def test_cancel_on_timeout_cancels_the_run_on_the_server(fake: FakeProbe, client: ProbeClient) -> None:
    fake.polls_to_finish = 10_000
    target = fake.add_target(WORKSPACE)
    run_id = fake.add_test_run(WORKSPACE, target)
    with pytest.raises(TestRunTimeoutError, match="cancelled it on the server") as caught:
        await wait_for_test_run(
            client,
            workspace_id=WORKSPACE,
            target_id=target,
            test_run_id=run_id,
            poll_interval=0.01,
            timeout=0.2,
            cancel_on_timeout=True,
        )
    assert caught.value.run is not None
    assert caught.value.run.status == "RUNNING"
    assert fake.test_run(run_id)["status"] == "CANCELLED"
    assert asyncio.all_tasks() == {asyncio.current_task()}
