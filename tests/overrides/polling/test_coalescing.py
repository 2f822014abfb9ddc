"""Many waits at the cost of one: one list request per target per tick, and nothing left once they end."""

from __future__ import annotations

import asyncio
from collections import Counter

from overrides.polling.scripted import WORKSPACE, FakeClock, ScriptedServer, run_json

from splx_probe_client import _poller
from splx_probe_client._client import ProbeClient
from splx_probe_client.polling import wait_for_test_run

TARGETS = (21, 22, 23, 24)


def runs_of(target: int, status: str, progress: float = 50) -> list[dict[str, object]]:
    """The 25 runs of ``target``: ids target*100 .. target*100+24."""
    return [run_json(target * 100 + index, status, progress) for index in range(25)]


async def test_100_waits_on_4_targets_cost_4_list_requests_per_tick(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    for target in TARGETS:
        server.script(
            target,
            runs_of(target, "RUNNING", 10),
            runs_of(target, "RUNNING", 20),
            runs_of(target, "RUNNING", 30),
            runs_of(target, "COMPLETED", 100),
        )
    waits = [
        asyncio.create_task(
            wait_for_test_run(
                client, workspace_id=WORKSPACE, target_id=target, test_run_id=target * 100 + index, poll_interval=1
            )
        )
        for target in TARGETS
        for index in range(25)
    ]
    await clock.settle()
    assert len(server.lists()) == 4
    assert _poller.active_pollers() == 4
    for tick in (1, 2, 3):
        await clock.advance(1.0)
        per_target = Counter(seen.path for seen in server.lists() if seen.at == tick)
        assert sorted(per_target.values()) == [1, 1, 1, 1], per_target
    results = await asyncio.gather(*waits)
    assert len(server.lists()) == 16  # 4 ticks x 4 targets, for 100 waits
    assert [run.id for run in results] == [target * 100 + index for target in TARGETS for index in range(25)]
    assert {run.status for run in results} == {"COMPLETED"}
    assert _poller.active_pollers() == 0
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_a_poll_is_shared_until_the_last_waiter_leaves(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(21, [run_json(2100, "RUNNING"), run_json(2101, "RUNNING")])

    def waiting(run_id: int) -> asyncio.Task[object]:
        return asyncio.create_task(
            wait_for_test_run(client, workspace_id=WORKSPACE, target_id=21, test_run_id=run_id, poll_interval=1)
        )

    first, second = waiting(2100), waiting(2101)
    await clock.advance(2.5)
    assert len(server.lists()) == 3
    first.cancel()
    await asyncio.wait((first,))
    await clock.advance(3.0)
    assert [seen.at for seen in server.lists()] == [0.0, 1.0, 2.5, 4.75]  # the second waiter keeps it going
    second.cancel()
    await asyncio.wait((second,))
    await clock.advance(10.0)
    assert len(server.lists()) == 4
    assert _poller.active_pollers() == 0
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_a_newcomer_is_not_kept_waiting_by_a_backed_off_poll(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    server.script(21, [run_json(2100, "RUNNING"), run_json(2101, "COMPLETED")])
    slow = asyncio.create_task(
        wait_for_test_run(client, workspace_id=WORKSPACE, target_id=21, test_run_id=2100, poll_interval=1)
    )
    await clock.advance(10.0)  # nothing changes: pauses grow to 4 s
    polls = len(server.lists())
    started = clock.now
    newcomer = await clock.run(
        wait_for_test_run(client, workspace_id=WORKSPACE, target_id=21, test_run_id=2101, poll_interval=0.5)
    )
    assert newcomer.status == "COMPLETED"
    assert clock.now - started <= 0.5
    assert len(server.lists()) == polls + 1
    slow.cancel()
    await asyncio.wait((slow,))
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_different_clients_do_not_share_a_poll(
    clock: FakeClock, server: ScriptedServer, client: ProbeClient
) -> None:
    import httpx

    server.script(21, [run_json(2100, "RUNNING")], [run_json(2100, "RUNNING")], [run_json(2100, "COMPLETED")])
    other = ProbeClient("other-key", base_url="https://probe.test", transport=httpx.MockTransport(server.handle))
    async with other:
        both = asyncio.gather(
            *(
                wait_for_test_run(api, workspace_id=WORKSPACE, target_id=21, test_run_id=2100, poll_interval=1)
                for api in (client, other)
            )
        )
        await clock.settle()
        assert _poller.active_pollers() == 2
        await clock.advance(1.0)
        results = await both
    assert [run.status for run in results] == ["COMPLETED", "COMPLETED"]
