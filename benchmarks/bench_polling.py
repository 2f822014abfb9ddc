"""Row 5: many concurrent ``wait_for_test_run`` calls on a few targets cost one list request per target.

100 waits on runs of 4 targets share one ``ProbeClient`` and a ``FakeProbe`` served over loopback (in this
process: the figures are request counts and latencies in tens of milliseconds, not CPU overhead). Two
scenarios: runs that show progress on every poll (the poller keeps its base interval), and runs whose
progress stands still (the poller backs off, up to ``MAX_BACKOFF`` times the interval) - detection
latency is measured in both, since the second is the worst case a user can meet.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass

from splx_probe_client.client import AuthenticatedClient
from splx_probe_client.ids import TargetId, TestRunId
from splx_probe_client.polling import wait_for_test_run
from splx_probe_client.testing import FakeProbe

from ._report import Row
from ._sdk import sdk_client, sdk_client_name
from ._server import API_KEY, WORKSPACE_ID
from ._settings import Settings

LIST_OPERATION = "listTargetTestRuns"
# Each poll advances the fake's runs by one observation: at 1,000 observations to finish, ``progress``
# (a percentage with one decimal) moves on every poll, like a run that is visibly progressing.
_PROGRESSING = 1_000
# A run this long on the real clock shows no change for the whole benchmark: the poller backs off.
_QUIET_SECONDS = 24 * 3600.0


@dataclass(frozen=True)
class Scenario:
    """What one scenario measured."""

    first_tick: int
    """List requests made before the first poll interval elapsed."""
    per_interval: float
    """List requests per poll interval after the first tick, over the observation window."""
    latencies: tuple[float, ...]
    """Seconds from the fake marking each run finished to its wait returning."""


async def _scenario(settings: Settings, fake: FakeProbe, base_url: str, ticks: int) -> Scenario:
    interval = settings.poll_interval
    targets = [fake.add_target(WORKSPACE_ID) for _ in range(settings.poll_targets)]
    runs = [
        (targets[index % len(targets)], fake.add_test_run(WORKSPACE_ID, targets[index % len(targets)]))
        for index in range(settings.poll_waiters)
    ]
    returned: dict[TestRunId, float] = {}

    async def wait(client: AuthenticatedClient, target_id: TargetId, run_id: TestRunId) -> None:
        await wait_for_test_run(
            client, workspace_id=WORKSPACE_ID, target_id=target_id, test_run_id=run_id, poll_interval=interval
        )
        returned[run_id] = time.perf_counter()

    def list_requests() -> int:
        return sum(1 for request in fake.requests if request.operation == LIST_OPERATION)

    async with sdk_client(base_url) as client, asyncio.TaskGroup() as group:
        before = list_requests()
        started = time.perf_counter()
        for target_id, run_id in runs:
            group.create_task(wait(client, target_id, run_id))
        await asyncio.sleep(interval * 0.8)  # the second poll comes no sooner than 0.9 intervals (jitter)
        first_tick = list_requests() - before
        # Stop half-way between polls, so that jitter cannot put one poll more or less in the window.
        await asyncio.sleep((ticks + 0.5) * interval - (time.perf_counter() - started))
        per_interval = (list_requests() - before - first_tick) / ticks
        finished_at = time.perf_counter()
        for _, run_id in runs:
            fake.finish(run_id)
    if len(returned) != len(runs):
        raise RuntimeError(f"{len(runs) - len(returned)} waits did not return")
    return Scenario(first_tick, per_interval, tuple(returned[run_id] - finished_at for _, run_id in runs))


def _latency(scenario: Scenario, interval: float) -> str:
    median, worst = statistics.median(scenario.latencies), max(scenario.latencies)
    return f"median {median / interval:.2f}, max {worst / interval:.2f} intervals ({worst * 1e3:.0f} ms)"


async def _run(settings: Settings) -> list[Row]:
    interval, targets = settings.poll_interval, settings.poll_targets
    progressing = FakeProbe(api_key=API_KEY, polls_to_finish=_PROGRESSING)
    quiet = FakeProbe(api_key=API_KEY, seconds_to_finish=_QUIET_SECONDS)
    async with progressing.serve_async() as base_url:
        busy = await _scenario(settings, progressing, base_url, ticks=settings.poll_ticks)
    async with quiet.serve_async() as base_url:
        still = await _scenario(settings, quiet, base_url, ticks=settings.poll_quiet_ticks)
    requests_met = busy.first_tick <= targets and busy.per_interval <= targets
    latency_met = max(busy.latencies) <= interval
    notes = [
        f"{settings.poll_waiters} concurrent `wait_for_test_run` on runs of {targets} targets, one client "
        f"({sdk_client_name()}), "
        f"poll interval {interval} s; list requests counted by the fake.",
        f"First tick: {busy.first_tick} list requests; then {busy.per_interval:.2f} per interval over the next "
        f"{settings.poll_ticks} intervals while runs progress, {still.per_interval:.2f} over "
        f"{settings.poll_quiet_ticks} while they stand still (the poller backs off).",
        f"Detection latency after `fake.finish(run)`: {_latency(busy, interval)} while runs progress; "
        f"{_latency(still, interval)} after the poller backed off on runs that showed no change.",
    ]
    if not latency_met:
        notes.append("Misses the latency goal: see the detection latency above.")
    if max(still.latencies) > interval:
        notes.append(
            "The back-off is by design (up to 4x the interval while nothing changes, +-10% jitter): on a run "
            "whose progress stands still, the end is seen up to ~4.4 intervals late."
        )
    return [
        Row(
            name="5. polling fan-out",
            sdk=f"{busy.first_tick} req/tick, then {busy.per_interval:.1f}",
            baseline="-",
            figure=f"latency ≤ {max(busy.latencies) / interval:.2f} intervals",
            goal=f"{targets} req/tick, latency ≤ 1 interval",
            met=requests_met and latency_met,
            notes=tuple(notes),
        )
    ]


def run(settings: Settings) -> list[Row]:
    """Row 5, measured at ``settings``."""
    return asyncio.run(_run(settings))
