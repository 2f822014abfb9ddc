"""``client.test_runs``' polling helpers pass ``appear_timeout`` and ``unknown_status_timeout`` on to polling."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

import httpx
import pytest
from overrides.polling.scripted import WORKSPACE, FakeClock, ScriptedServer, run_json

from splx_probe_client import (
    DEFAULT_APPEAR_TIMEOUT,
    DEFAULT_UNKNOWN_STATUS_TIMEOUT,
    ProbeClient,
    ProbeError,
    SyncProbeClient,
    TestRunNotFoundError,
    UnknownRunStatusError,
)
from splx_probe_client.models import TriggerTestRunRequest

TARGET = 31
RUN = 5001  # the scripted server's first triggered run
POLL = 1.0
MAX_PAUSE = 4 * POLL
UNCLASSIFIED = "PAUSED_FOR_AUDIT"

LIMITS = [  # (option, its value here, what the run looks like, the error it must end with)
    ("appear_timeout", 30.0, [], TestRunNotFoundError),
    ("unknown_status_timeout", 60.0, [run_json(RUN, UNCLASSIFIED)], UnknownRunStatusError),
]
METHODS = ["wait", "trigger_and_wait", "watch", "wait_many"]


def _async_call(client: ProbeClient, method: str, **options: Any) -> Coroutine[Any, Any, Any]:
    runs = client.test_runs
    ids: dict[str, Any] = {"workspace_id": WORKSPACE, "target_id": TARGET, "test_run_id": RUN}
    if method == "wait":
        return runs.wait(**ids, **options)
    if method == "trigger_and_wait":
        body = TriggerTestRunRequest(name="nightly", probe_ids=[1], target_id=TARGET)
        return runs.trigger_and_wait(workspace_id=WORKSPACE, body=body, **options)
    if method == "watch":

        async def drain() -> list[Any]:
            return [run async for run in runs.watch(**ids, **options)]

        return drain()

    async def first_of_many() -> Any:
        results = await runs.wait_many([(TARGET, RUN)], workspace_id=WORKSPACE, return_exceptions=True, **options)
        if isinstance(results[0], ProbeError):
            raise results[0]
        return results[0]

    return first_of_many()


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("option", "value", "runs", "error"), LIMITS)
async def test_the_async_resource_passes_each_limit_to_polling(
    clock: FakeClock,
    server: ScriptedServer,
    client: ProbeClient,
    method: str,
    option: str,
    value: float,
    runs: list[dict[str, Any]],
    error: type[ProbeError],
) -> None:
    default = {"appear_timeout": DEFAULT_APPEAR_TIMEOUT, "unknown_status_timeout": DEFAULT_UNKNOWN_STATUS_TIMEOUT}
    assert default[option] > value + MAX_PAUSE  # else the default would pass the test as well
    server.script(TARGET, runs)
    with pytest.raises(error):
        await clock.run(_async_call(client, method, poll_interval=POLL, **{option: value}))
    assert value <= clock.now <= value + MAX_PAUSE


def _sync_call(client: SyncProbeClient, method: str, **options: Any) -> Any:
    runs = client.test_runs
    ids: dict[str, Any] = {"workspace_id": WORKSPACE, "target_id": TARGET, "test_run_id": RUN}
    if method == "wait":
        return runs.wait(**ids, **options)
    if method == "trigger_and_wait":
        body = TriggerTestRunRequest(name="nightly", probe_ids=[1], target_id=TARGET)
        return runs.trigger_and_wait(workspace_id=WORKSPACE, body=body, **options)
    if method == "watch":
        return list(runs.watch(**ids, **options))
    results = runs.wait_many([(TARGET, RUN)], workspace_id=WORKSPACE, return_exceptions=True, **options)
    if isinstance(results[0], ProbeError):
        raise results[0]
    return results[0]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("option", "runs", "error"), [(o, r, e) for o, _, r, e in LIMITS])
def test_the_sync_resource_passes_each_limit_to_polling(
    method: str, option: str, runs: list[dict[str, Any]], error: type[ProbeError]
) -> None:
    # Real time, short: without the limit the wait would end on the overall timeout instead (TestRunTimeoutError).
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/trigger"):
            return httpx.Response(200, json={"testRunId": RUN})
        return httpx.Response(200, json=runs)

    transport = httpx.MockTransport(handle)
    with (
        SyncProbeClient("test-key", base_url="https://probe.test", transport=transport, max_retries=0) as client,
        pytest.raises(error),
    ):
        _sync_call(client, method, poll_interval=0.01, timeout=5.0, **{option: 0.05})
