"""Faults on the wire, over 127.0.0.1: a fault-injecting proxy in front of a served FakeProbe.

Every outcome is a success or a ``ProbeError``; a trigger starts exactly one run, whose id the caller gets
(no duplicate, no orphan); GETs are recovered by retry wherever the rules allow. Timeouts are 0.4 s.
"""

from __future__ import annotations

import random
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest
from e2e.faultproxy import FAULTS, FORWARDED, FaultProxy

from splx_probe_client import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    ProbeClient,
    ProbeError,
    polling,
    trigger_and_wait,
    trigger_test_run,
)
from splx_probe_client.api.target import get_target, list_target_test_runs
from splx_probe_client.api.test_run import trigger_test_run as trigger_test_run_endpoint
from splx_probe_client.models import ScanRunExecutionDto, TargetNewDto, TriggerTestRunRequest
from splx_probe_client.testing import FakeProbe

WORKSPACE = 3
TIMEOUT = 0.4


@dataclass
class Wire:
    """One test's view: a target of its own on the shared fake, a fresh proxy and client in front of it."""

    fake: FakeProbe
    proxy: FaultProxy
    client: ProbeClient
    target_id: int

    def body(self, probe_ids: list[int] | None = None) -> TriggerTestRunRequest:
        return TriggerTestRunRequest(name=f"run-{self.target_id}", probe_ids=probe_ids or [1], target_id=self.target_id)

    def runs(self) -> list[ScanRunExecutionDto]:
        """The runs this test's triggers started, read beside the proxy without advancing them."""
        found: list[ScanRunExecutionDto] = []
        run_id = 5001
        while True:
            try:
                run = ScanRunExecutionDto.from_dict(self.fake.test_run(run_id))
            except KeyError:
                return found
            if run.name == f"run-{self.target_id}":
                found.append(run)
            run_id += 1

    def triggers_received(self) -> int:
        return sum(
            1
            for request in self.fake.requests
            if request.operation == "triggerTestRun" and (request.json or {}).get("targetId") == self.target_id
        )


async def _no_wait(seconds: float) -> None:
    return None


@pytest.fixture(autouse=True)
def _short_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fake lists a run as soon as it starts: the lag the real delays cover does not exist here.
    monkeypatch.setattr(polling, "TRIGGER_LOOKUP_DELAYS", (0.02, 0.05, 0.1))


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[FakeProbe, httpx.URL]]:
    """One FakeProbe served for the whole file (each test works on a target of its own)."""
    fake = FakeProbe(polls_to_finish=2)
    with fake.serve() as upstream:
        yield fake, httpx.URL(upstream)


@pytest.fixture
async def wire(served: tuple[FakeProbe, httpx.URL]) -> AsyncIterator[Wire]:
    fake, upstream = served
    proxy = FaultProxy(upstream.host, upstream.port or 80)
    base_url = await proxy.start()
    try:
        async with ProbeClient(
            fake.api_key,
            base_url=base_url,
            timeout=TIMEOUT,
            retry_sleep=_no_wait,
            trust_env=False,
            verify=False,  # plain http on 127.0.0.1: skip building a TLS context per test
        ) as client:
            yield Wire(fake, proxy, client, fake.add_target(WORKSPACE))
    finally:
        await proxy.close()


@pytest.mark.parametrize("fault", FAULTS)
async def test_a_get_is_recovered_by_retry_or_fails_typed(wire: Wire, fault: str) -> None:
    wire.proxy.inject(fault, method="GET", path="/target/")
    if fault == "garbage_body":  # a 200 the server sent, unreadable: never retried, typed
        with pytest.raises(APIResponseValidationError):
            await get_target.asyncio(WORKSPACE, wire.target_id, client=wire.client)
        return
    target = await get_target.asyncio(WORKSPACE, wire.target_id, client=wire.client)
    assert isinstance(target, TargetNewDto)
    assert target.id == wire.target_id
    assert [seen.fault for seen in wire.proxy.seen] == [fault, None]


@pytest.mark.parametrize(("fault", "error"), [("stall_body", APITimeoutError), ("cut_body", APIConnectionError)])
async def test_the_raw_trigger_endpoint_raises_typed_and_never_resends(
    wire: Wire, fault: str, error: type[ProbeError]
) -> None:
    wire.proxy.inject(fault, method="POST", path="/test-run/trigger")
    body = wire.body()
    started = time.monotonic()
    with pytest.raises(error):
        await trigger_test_run_endpoint.asyncio(WORKSPACE, client=wire.client, body=body)
    assert time.monotonic() - started < 4 * TIMEOUT
    assert len([seen for seen in wire.proxy.seen if seen.method == "POST"]) == 1


@pytest.mark.parametrize("fault", FAULTS)
async def test_a_trigger_starts_exactly_one_run_and_returns_its_id(wire: Wire, fault: str) -> None:
    wire.proxy.inject(fault, method="POST", path="/test-run/trigger")
    body = wire.body(probe_ids=[1, 2])
    triggered = await trigger_test_run(wire.client, workspace_id=WORKSPACE, body=body)
    assert [run.id for run in wire.runs()] == [triggered.test_run_id]  # one run, and the caller has its id
    assert wire.triggers_received() == 1  # the platform got exactly one trigger
    posts = [seen for seen in wire.proxy.seen if seen.method == "POST"]
    assert len(posts) == (1 if fault in FORWARDED else 2)  # resent only when it provably never arrived


@pytest.mark.parametrize("fault", FAULTS)
async def test_polling_through_faults_ends_in_the_run_or_a_typed_error(wire: Wire, fault: str) -> None:
    wire.proxy.inject(fault, method="GET", path="/test-runs", times=2)
    body = wire.body()
    outcome = await _trigger_and_wait(wire, body)
    if fault == "garbage_body":  # a 200 the server sent, unreadable: typed, never retried
        assert isinstance(outcome, APIResponseValidationError)
    else:  # every other fault on a GET is retried
        assert isinstance(outcome, ScanRunExecutionDto)
        assert outcome.status == "COMPLETED"
    _assert_one_run_known_to_the_caller(wire, outcome)


async def _trigger_and_wait(wire: Wire, body: TriggerTestRunRequest) -> ScanRunExecutionDto | ProbeError:
    try:
        return await trigger_and_wait(wire.client, workspace_id=WORKSPACE, body=body, poll_interval=0.02, timeout=20)
    except ProbeError as exc:  # anything else fails the test: every failure must be a ProbeError
        return exc


def _assert_one_run_known_to_the_caller(wire: Wire, outcome: ScanRunExecutionDto | ProbeError) -> None:
    """No duplicate: at most one run. No orphan: a run that exists is the one returned or named by the error."""
    known = outcome.id if isinstance(outcome, ScanRunExecutionDto) else outcome.test_run_id
    assert [run.id for run in wire.runs()] == ([] if known is None else [known])
    assert wire.triggers_received() <= 1


@pytest.mark.parametrize(("seed", "trigger_fault"), list(enumerate(FAULTS)))
async def test_a_whole_run_under_random_faults_never_duplicates_or_orphans(
    wire: Wire, seed: int, trigger_fault: str
) -> None:
    # One fault of each kind on the trigger, one on the first list of runs, random ones (seeded) on a third of
    # the other requests: lookups after a lost answer and polls meet faults too.
    rng = random.Random(seed)
    wire.proxy.inject(trigger_fault, method="POST", path="/test-run/trigger")
    wire.proxy.inject(FAULTS[(seed + 3) % len(FAULTS)], method="GET", path="/test-runs")
    wire.proxy.chaos = lambda method, path: rng.choice(FAULTS) if rng.random() < 0.3 else None
    body = wire.body()
    outcome = await _trigger_and_wait(wire, body)
    _assert_one_run_known_to_the_caller(wire, outcome)
    wire.proxy.chaos = None
    listed = await list_target_test_runs.asyncio(WORKSPACE, wire.target_id, client=wire.client)
    assert isinstance(listed, list)
    assert len(listed) <= 1
