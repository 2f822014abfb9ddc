"""``SyncProbeClient``: plain calls on a native ``httpx.Client`` (no thread), polling on a lazily started loop thread.

What the sync transport does per request (retries, bodies, deadlines, logs) is in test_sync_transport.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
import threading
import time
from collections.abc import Callable, Generator
from pathlib import Path

import httpx
import pytest
from overrides.client.scripted import API_KEY, BASE_URL, Script, Sleeps, error_body, json_response
from overrides.client.test_sync_transport import stalling_server

from splx_probe_client import AuthenticationError, ProbeError, SyncProbeClient
from splx_probe_client.api.target import get_target, list_target_types
from splx_probe_client.models import ScanRunExecutionDto, TargetNewDto, TriggerTestRunRequest
from splx_probe_client.testing import FakeProbe

LIST = "listTargetTestRuns"
"""The operation the polling helpers poll."""


def scripted(script: Script, sleeps: Sleeps | None = None, max_retries: int = 2) -> SyncProbeClient:
    return SyncProbeClient(
        API_KEY,
        base_url=BASE_URL,
        transport=script.transport(),
        retry_sleep=None if sleeps is None else sleeps.blocking,
        max_retries=max_retries,
    )


def started_since(before: set[threading.Thread]) -> list[threading.Thread]:
    """The threads alive now that were not in ``before`` (a count would miss another test's thread ending)."""
    return [thread for thread in threading.enumerate() if thread not in before]


def run_request(target: int) -> TriggerTestRunRequest:
    return TriggerTestRunRequest(name="n", probe_ids=[1], target_id=target)


def test_plain_calls_start_no_thread() -> None:
    fake = FakeProbe()
    target = fake.add_target(1)
    threads_before = set(threading.enumerate())
    for _ in range(3):
        with SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport()) as client:
            for _ in range(5):
                assert client.targets.get(workspace_id=1, target_id=target).id == target
                assert started_since(threads_before) == []
            assert client.targets.with_raw_response.list_types().status_code == 200
            assert get_target.sync(1, target, client=client) is not None
            assert started_since(threads_before) == []
    assert started_since(threads_before) == []
    assert len(fake.requests) == 21


def test_the_loop_thread_starts_on_the_first_polling_call_and_close_ends_it() -> None:
    fake = FakeProbe(polls_to_finish=1)
    target = fake.add_target(1)
    threads_before = set(threading.enumerate())
    loop_threads: set[threading.Thread] = set()  # where on_progress runs: the loop thread

    def on_progress(_: ScanRunExecutionDto) -> None:
        loop_threads.add(threading.current_thread())

    client = SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport())
    client.targets.get(workspace_id=1, target_id=target)
    assert started_since(threads_before) == []
    triggered = client.test_runs.trigger(workspace_id=1, body=run_request(target))  # the exactly-once trigger
    assert started_since(threads_before) != []
    run = client.test_runs.wait(
        workspace_id=1, target_id=target, test_run_id=triggered.test_run_id, poll_interval=0.01, on_progress=on_progress
    )
    assert run.status == "COMPLETED"
    sibling = client.with_headers({"X-A": "1"})
    sibling.test_runs.trigger_and_wait(
        workspace_id=1, body=run_request(target), poll_interval=0.01, on_progress=on_progress
    )
    [loop_thread] = loop_threads  # one loop thread for the whole family
    assert loop_thread is not threading.current_thread()
    client.targets.get(workspace_id=1, target_id=target)  # plain calls still go straight to the wire
    client.close()
    assert not loop_thread.is_alive()


def _still_running(threads: list[threading.Thread]) -> list[threading.Thread]:
    for thread in threads:
        thread.join(timeout=1.0)  # a worker hands its answer back, then ends: a moment, never a read timeout
    return [thread for thread in threads if thread.is_alive()]


def test_no_thread_polling_started_outlives_its_requests() -> None:
    # The requests of polling run in daemon worker threads: close() does not wait for them, and none may be left
    # behind once its request is answered. Ten rounds: a round's threads can end just in time.
    fake = FakeProbe(polls_to_finish=1)
    target = fake.add_target(1)
    left_running = []
    for _ in range(10):
        threads_before = set(threading.enumerate())
        client = SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport())
        client.test_runs.trigger_and_wait(workspace_id=1, body=run_request(target), poll_interval=0.01)
        client.close()
        left_running.append(len(_still_running(started_since(threads_before))))
    assert left_running == [0] * 10


def test_a_polling_request_past_its_deadline_leaves_no_thread_blocked_behind_it() -> None:
    # Each poll's deadline ends the wait for it on the loop; the worker thread sending it must stop too (its
    # socket's timeouts cut to the deadline, as on the sync transport), not read on for the 30 s read timeout.
    with stalling_server(b"") as base_url:
        threads_before = set(threading.enumerate())
        client = SyncProbeClient(API_KEY, base_url=base_url, timeout=30.0, deadline=0.2, max_retries=0)
        with pytest.raises(ProbeError, match=r"deadline of 0\.2 s"):
            client.test_runs.wait(workspace_id=1, target_id=1, test_run_id=1, poll_interval=0.01, timeout=0.5)
        closing = time.monotonic()
        client.close()
        assert time.monotonic() - closing < 0.5  # close() waits for nothing
        ours = [thread for thread in started_since(threads_before) if thread.name != "stalling-server"]
        assert _still_running(ours) == []


@pytest.mark.parametrize(
    "polling",
    [
        pytest.param(
            lambda client, target: client.test_runs.trigger_and_wait(
                workspace_id=1, body=run_request(target), poll_interval=0.01
            ),
            id="trigger_and_wait",
        ),
        pytest.param(
            lambda client, target: client.test_runs.wait_many(
                [
                    (
                        target,
                        client.test_runs.with_raw_response.trigger(
                            workspace_id=1, body=run_request(target)
                        ).parsed.test_run_id,
                    )
                ],
                workspace_id=1,
                poll_interval=0.01,
            )[0],
            id="wait_many",
        ),
    ],
)
def test_polling_requests_go_through_the_sync_transport_and_its_retries(
    sleeps: Sleeps, polling: Callable[[SyncProbeClient, int], ScanRunExecutionDto]
) -> None:
    fake = FakeProbe(polls_to_finish=2)
    target = fake.add_target(1)
    fake.fail_next(503, operation=LIST, retry_after=1)
    with SyncProbeClient(
        fake.api_key, base_url=BASE_URL, transport=fake.transport(), retry_sleep=sleeps.blocking
    ) as client:
        assert polling(client, target).status == "COMPLETED"
    assert sleeps.waits == [1.0]  # the polling path's retry used the client's sync retry_sleep


def test_eight_threads_share_one_client_over_real_sockets() -> None:
    fake = FakeProbe()
    target = fake.add_target(1)
    results: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(5):
                results.append(client.targets.get(workspace_id=1, target_id=target).id)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    with fake.serve() as base_url, SyncProbeClient(fake.api_key, base_url=base_url) as client:
        workers = [threading.Thread(target=work) for _ in range(8)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=30)
    assert errors == []
    assert results == [target] * 40


async def test_works_inside_a_running_event_loop_like_a_notebook() -> None:
    fake = FakeProbe(polls_to_finish=1)
    target = fake.add_target(1)
    asyncio.get_running_loop()  # a loop is running here, as in Jupyter
    threads_before = set(threading.enumerate())
    with SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport()) as client:
        assert client.targets.get(workspace_id=1, target_id=target).id == target
        assert started_since(threads_before) == []  # the running loop is not used, nor a thread started
        run = client.test_runs.trigger_and_wait(
            workspace_id=1, body=TriggerTestRunRequest(name="n", probe_ids=[1], target_id=target), poll_interval=0.01
        )
        assert run.status == "COMPLETED"
        assert [r.status for r in client.test_runs.watch(workspace_id=1, target_id=target, test_run_id=run.id)] == [
            "COMPLETED"
        ]


def test_the_generated_sync_functions_work_with_it() -> None:
    fake = FakeProbe()
    target = fake.add_target(1)
    with SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport()) as client:
        got = get_target.sync(1, target, client=client)
        assert isinstance(got, TargetNewDto)
        assert got.id == target
        detailed = list_target_types.sync_detailed(client=client)
        assert detailed.status_code == 200
        assert detailed.parsed


def test_errors_are_typed_and_never_show_the_key(script: Script) -> None:
    script.then(json_response(401, error_body("bad key", "UNAUTHORIZED")))
    with scripted(script) as client, pytest.raises(AuthenticationError) as caught:
        client.targets.get(workspace_id=1, target_id=2)
    assert caught.value.status_code == 401
    assert API_KEY not in str(caught.value)
    assert API_KEY not in repr(client)
    assert repr(client) == "SyncProbeClient(base_url='https://probe.test', max_retries=2)"


def test_with_options_and_per_call_options_reach_the_wire(script: Script) -> None:
    script.then(json_response(200, []), json_response(200, []))
    with scripted(script) as client:
        client.with_options(timeout=1.5, headers={"X-Source": "ci"}).targets.list_types()
        client.targets.list_types(timeout=2.0, extra_headers={"X-Trace": "t"}, max_retries=1, deadline=3.0)
    first, second = script.requests
    assert first.extensions["timeout"]["read"] == 1.5
    assert first.headers["x-source"] == "ci"
    assert second.extensions["timeout"]["read"] == 2.0
    assert second.headers["x-trace"] == "t"
    assert (second.extensions["splx_max_retries"], second.extensions["splx_deadline"]) == (1, 3.0)


def test_siblings_share_the_io_thread_and_closing_one_leaves_the_original_working(script: Script) -> None:
    script.then(json_response(200, []), json_response(200, []), json_response(200, []))
    threads_before = set(threading.enumerate())
    with scripted(script) as client:
        tagged = client.with_headers({"X-A": "1"}).with_cookies({"c": "v"}).with_timeout(4.0)
        assert started_since(threads_before) == []  # plain calls need no thread, for any of the family
        tagged.targets.list_types()
        tagged.close()
        with pytest.raises(ProbeError, match="closed"):
            tagged.targets.list_types()
        client.targets.list_types()
        client.with_options(max_retries=0).targets.list_types()
    sent = script.requests[0]
    assert (sent.headers["x-a"], sent.headers["cookie"], sent.extensions["timeout"]["read"]) == ("1", "c=v", 4.0)
    assert started_since(threads_before) == []


def test_a_closed_client_raises_a_probe_error(script: Script) -> None:
    client = scripted(script)
    client.close()
    client.close()  # idempotent
    with pytest.raises(ProbeError, match="closed"):
        client.targets.list_types()
    with pytest.raises(ProbeError, match="closed"):
        list_target_types.sync(client=client)
    with pytest.raises(ProbeError, match="closed"), client:
        pass
    assert script.requests == []


def test_a_callback_may_make_plain_calls_on_the_same_client() -> None:
    fake = FakeProbe(polls_to_finish=2)
    target = fake.add_target(1)
    seen: list[tuple[str | None, int]] = []
    with SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport()) as client:

        def on_progress(run: ScanRunExecutionDto) -> None:
            seen.append((run.status, client.targets.get(workspace_id=1, target_id=target).id))

        run = client.test_runs.trigger_and_wait(
            workspace_id=1, body=run_request(target), poll_interval=0.01, on_progress=on_progress
        )
    assert run.status == "COMPLETED"
    assert seen
    assert seen[-1] == ("COMPLETED", target)


@pytest.mark.parametrize(
    "again",
    [
        pytest.param(
            lambda client, target, run: client.test_runs.wait(workspace_id=1, target_id=target, test_run_id=run.id),
            id="wait",
        ),
        pytest.param(
            lambda client, target, run: client.test_runs.trigger(workspace_id=1, body=run_request(target)),
            id="trigger",
        ),
        pytest.param(
            lambda client, target, run: list(
                client.test_runs.watch(workspace_id=1, target_id=target, test_run_id=run.id)
            ),
            id="watch",
        ),
    ],
)
def test_a_callback_calling_a_polling_helper_of_the_same_client_is_an_error_not_a_deadlock(
    again: Callable[[SyncProbeClient, int, ScanRunExecutionDto], object],
) -> None:
    fake = FakeProbe(polls_to_finish=1)
    target = fake.add_target(1)
    with SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport()) as client:

        def on_progress(run: ScanRunExecutionDto) -> None:
            again(client, target, run)

        with pytest.raises(ProbeError, match="its own I/O thread"):
            client.test_runs.trigger_and_wait(
                workspace_id=1, body=run_request(target), poll_interval=0.01, on_progress=on_progress
            )
        assert client.targets.get(workspace_id=1, target_id=target).id == target  # the client still works


@pytest.mark.parametrize(
    "transport", [object(), httpx.AsyncHTTPTransport(), "http://proxy:3128"], ids=["object", "async transport", "str"]
)
def test_a_transport_that_is_not_a_sync_httpx_transport_is_a_type_error_naming_it(transport: object) -> None:
    threads_before = set(threading.enumerate())
    with pytest.raises(TypeError, match="transport"):
        SyncProbeClient(API_KEY, base_url=BASE_URL, transport=transport)  # type: ignore[arg-type]
    assert started_since(threads_before) == []


def test_a_real_sync_transport_is_taken() -> None:
    fake = FakeProbe()
    target = fake.add_target(1)
    with fake.serve() as base_url:
        transport = httpx.HTTPTransport(retries=0)
        with SyncProbeClient(fake.api_key, base_url=base_url, transport=transport) as client:
            assert client.targets.get(workspace_id=1, target_id=target).id == target


def test_an_async_retry_sleep_is_refused_naming_it_never_skipped(script: Script) -> None:
    async def nap(seconds: float) -> None:
        await asyncio.sleep(seconds)

    script.then(json_response(503, error_body("busy")), json_response(200, []))
    with (  # refused when made or at the first wait: either way not a coroutine never awaited, a wait skipped
        pytest.raises(TypeError, match="retry_sleep"),
        SyncProbeClient(API_KEY, base_url=BASE_URL, transport=script.transport(), retry_sleep=nap) as client,  # type: ignore[arg-type]
    ):
        client.targets.list_types()
    assert len(script.requests) <= 1


def test_async_only_things_and_a_missing_key_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    with (
        SyncProbeClient(API_KEY, base_url=BASE_URL) as client,
        pytest.raises(ProbeError, match="SyncProbeClient is synchronous"),
    ):
        asyncio.run(list_target_types.asyncio(client=client))
    monkeypatch.delenv("SPLX_API_KEY", raising=False)
    threads_before = set(threading.enumerate())
    with pytest.raises(ProbeError, match="no API key"):
        SyncProbeClient(base_url=BASE_URL)
    assert started_since(threads_before) == []  # no I/O thread left behind


def test_the_readme_sync_example_runs_as_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    example = next(b for b in re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL) if "SyncProbeClient()" in b)
    fake = FakeProbe()
    with fake.serve() as base_url:
        monkeypatch.setenv("SPLX_API_KEY", fake.api_key)
        monkeypatch.setenv("SPLX_API_URL", base_url)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(example, "README.md", "exec"), {})
    assert printed.getvalue().splitlines()[0] == "Public Without RAG [1, 2, 3, 5]"


def test_waiting_on_many_targets_polls_them_at_once_not_a_few_at_a_time() -> None:
    # One list request per target and tick, each sent from a worker thread: more targets than the default
    # thread pool (CPUs + 4) must not queue behind each other.
    fake = FakeProbe(polls_to_finish=1)
    runs = []
    for _ in range(16):
        target = fake.add_target(1)
        runs.append((target, fake.add_test_run(1, target)))
    lock = threading.Lock()
    in_flight = peak = 0
    inner = fake.transport()

    def slow(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        try:
            time.sleep(0.1)
            return inner.handle_request(request)
        finally:
            with lock:
                in_flight -= 1

    with SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=httpx.MockTransport(slow)) as client:
        done = client.test_runs.wait_many(runs, workspace_id=1, poll_interval=0.01, timeout=10)
    assert [run.status for run in done] == ["COMPLETED"] * 16
    assert peak >= 12


def test_sync_hooks_and_auth_flows_of_polling_run_off_the_loop_thread() -> None:
    # A hook or an auth flow may block (a token fetched over HTTP): on the loop thread it would stall every wait.
    fake = FakeProbe(polls_to_finish=1)
    target = fake.add_target(1)
    where: list[str] = []

    class Signing(httpx.Auth):
        def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
            where.append(f"auth:{threading.current_thread().name}")
            request.headers["X-Signed"] = "yes"
            yield request

    def hook(request: httpx.Request) -> None:
        where.append(f"hook:{threading.current_thread().name}")

    with SyncProbeClient(
        fake.api_key, base_url=BASE_URL, transport=fake.transport(), auth=Signing(), event_hooks={"request": [hook]}
    ) as client:
        client.test_runs.trigger_and_wait(workspace_id=1, body=run_request(target), poll_interval=0.01)
    assert where  # both ran for the trigger's and the polls' requests
    assert not [name for name in where if name.endswith(":splx-probe-sync")]
    assert all(request.headers.get("x-signed") == "yes" for request in fake.requests)  # polls too


def test_a_sibling_waiting_after_its_original_closed_is_told_so() -> None:
    fake = FakeProbe(polls_to_finish=1)
    target = fake.add_target(1)
    original = SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport())
    sibling = original.with_headers({"X-A": "1"})
    original.close()
    with pytest.raises(ProbeError, match=r"the client this one was made from .* is closed"):
        sibling.test_runs.wait(workspace_id=1, target_id=target, test_run_id=1, poll_interval=0.01)
    with pytest.raises(ProbeError, match=r"the client this one was made from .* is closed"):
        sibling.targets.list_types()
