"""``SyncProbeClient`` used as users use it: what a review of the native sync driver found, each now fixed.

Siblings outliving the original, one cookie jar, sync-only auth flows, bounded polling bodies, async callables
refused, closing at once (even from a callback or with a watch open), redirects refused, the environment read once.
"""

from __future__ import annotations

import gc
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import httpx
import pytest
from overrides.client.scripted import API_KEY, BASE_URL
from overrides.client.test_sync_transport import stalling_server
from overrides.errors.streams import SyncDribbles

from splx_probe_client import ProbeClient, ProbeError, SyncProbeClient, _poller
from splx_probe_client.models import ScanRunExecutionDto, TriggerTestRunRequest
from splx_probe_client.testing import FakeProbe

RUNS_PATH_END = "/test-runs"
"""The end of ``listTargetTestRuns``'s path: what the polling helpers (and the exactly-once trigger) send."""


def run_request(target: int) -> TriggerTestRunRequest:
    return TriggerTestRunRequest(name="n", probe_ids=[1], target_id=target)


def _closed_loops_with_pollers() -> list[object]:
    """Closed loops the poller registry still holds pollers for, once garbage is collected: a leak."""
    gc.collect()
    return [loop for loop, pollers in _poller._pollers.items() if loop.is_closed() and pollers]


def _forget_pollers_of_closed_loops() -> None:
    """Drop poller registry entries of closed loops (a leak asserted against): later tests in the process need none."""
    for loop in [loop for loop in _poller._pollers if loop.is_closed()]:
        del _poller._pollers[loop]


def test_a_sibling_of_an_original_no_longer_referenced_can_still_poll() -> None:
    # `client = SyncProbeClient(...).with_headers(...)`: the original is dropped at once. ProbeClient allows it.
    fake = FakeProbe(polls_to_finish=1)
    target = fake.add_target(1)
    client = SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport()).with_headers({"X-A": "b"})
    gc.collect()
    with client:
        assert client.targets.get(workspace_id=1, target_id=target).id == target  # plain calls work
        triggered = client.test_runs.trigger(workspace_id=1, body=run_request(target))
        run = client.test_runs.wait(
            workspace_id=1, target_id=target, test_run_id=triggered.test_run_id, poll_interval=0.01
        )
    assert run.id == triggered.test_run_id


def test_an_async_retry_sleep_is_refused_not_skipped_by_the_polling_helpers() -> None:
    waits: list[float] = []

    async def nap(seconds: float) -> None:
        waits.append(seconds)

    fake = FakeProbe(polls_to_finish=1)
    target = fake.add_target(1)
    fake.fail_next(503, operation="triggerTestRun")  # refused: the trigger is resent after a wait

    def use() -> None:  # refused when made, or at the first wait: either way before the trigger is resent
        client = SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport(), retry_sleep=nap)  # type: ignore[arg-type]
        with client:
            client.test_runs.trigger(workspace_id=1, body=run_request(target))

    with pytest.raises(TypeError, match="retry_sleep"):
        use()
    assert waits == []
    gc.collect()  # the never-awaited coroutine's RuntimeWarning stays in this test


def test_cookies_the_server_sets_are_sent_by_plain_calls_and_polling_alike() -> None:
    fake = FakeProbe(polls_to_finish=1)
    target = fake.add_target(1)
    inner = fake.transport()
    sent: list[tuple[str, str | None]] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append((request.url.path, request.headers.get("cookie")))
        answer = inner.handle_request(request)
        answer.read()
        headers = dict(answer.headers)
        if request.url.path.endswith(f"/target/{target}"):
            headers["set-cookie"] = "lb=plain; Path=/"
        if request.method == "POST":
            headers["set-cookie"] = "lb2=polling; Path=/"
        return httpx.Response(answer.status_code, headers=headers, content=answer.content)

    with SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=httpx.MockTransport(handle)) as client:
        client.targets.get(workspace_id=1, target_id=target)  # the server sets lb=plain
        client.test_runs.trigger(workspace_id=1, body=run_request(target))  # the server sets lb2=polling
        client.targets.list_types()
    polling = [cookie for _, cookie in sent[1:-1]]
    assert polling
    assert all(cookie is not None and "lb=plain" in cookie for cookie in polling)
    assert "lb2=polling" in (sent[-1][1] or "")


def test_a_dribbled_body_during_polling_ends_at_the_read_timeout_like_a_plain_call() -> None:
    fake = FakeProbe(polls_to_finish=1)
    target = fake.add_target(1)
    inner = fake.transport()
    lists = 0

    def handle(request: httpx.Request) -> httpx.Response:
        nonlocal lists
        if request.method == "GET" and request.url.path.endswith(RUNS_PATH_END):
            lists += 1
            if lists == 2:  # the first poll of wait(): each byte within 0.25 s, the whole body 2 s
                body = SyncDribbles(b"[" + b" " * 38 + b"]", 0.05)
                return httpx.Response(200, headers={"content-type": "application/json"}, stream=body)
        return inner.handle_request(request)

    with SyncProbeClient(
        fake.api_key, base_url=BASE_URL, transport=httpx.MockTransport(handle), timeout=0.25, max_retries=0
    ) as client:
        triggered = client.test_runs.trigger(workspace_id=1, body=run_request(target))
        started = time.monotonic()
        client.test_runs.wait(workspace_id=1, target_id=target, test_run_id=triggered.test_run_id, poll_interval=0.01)
        # bounded: the dribbled poll fails at 0.25 s and the next tick finds the run finished
        assert time.monotonic() - started < 1.2


def test_an_async_event_hook_is_refused_naming_event_hooks_not_skipped() -> None:
    called: list[httpx.Response] = []

    async def hook(response: httpx.Response) -> None:
        called.append(response)

    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=[]))

    def use() -> None:  # refused when made or at the first call, never a coroutine left unawaited
        client = SyncProbeClient(API_KEY, base_url=BASE_URL, transport=transport, event_hooks={"response": [hook]})
        with client:
            client.targets.list_types()

    try:
        with pytest.raises(TypeError, match="event_hooks"):
            use()
    finally:
        gc.collect()  # the never-awaited coroutine's RuntimeWarning stays in this test


def test_closing_the_client_with_a_watch_iterator_open_logs_no_asyncio_error(caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeProbe(polls_to_finish=10**6)  # never finishes: the watch stays open
    target = fake.add_target(1)
    client = SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport())
    triggered = client.test_runs.trigger(workspace_id=1, body=run_request(target))
    runs = client.test_runs.watch(
        workspace_id=1, target_id=target, test_run_id=triggered.test_run_id, poll_interval=0.01
    )
    try:
        assert isinstance(next(runs), ScanRunExecutionDto)
        with caplog.at_level(logging.ERROR, logger="asyncio"):
            client.close()  # joins the loop thread: whatever its shutdown logs is logged by now
        assert [record.getMessage() for record in caplog.records if record.name == "asyncio"] == []
        with pytest.raises(ProbeError, match="closed"):
            next(runs)
        # No poller left registered: a registry value holding its loop (the weak key) would never be freed.
        assert _closed_loops_with_pollers() == []
    finally:
        _forget_pollers_of_closed_loops()


def test_close_from_an_on_progress_callback_closes_without_an_error() -> None:
    fake = FakeProbe(polls_to_finish=3)
    target = fake.add_target(1)
    client = SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport())
    triggered = client.test_runs.trigger(workspace_id=1, body=run_request(target))
    errors: list[BaseException] = []

    def on_progress(_: ScanRunExecutionDto) -> None:
        try:
            client.close()  # "stop, we have seen enough"
        except Exception as exc:
            errors.append(exc)

    with pytest.raises(ProbeError, match="closed"):
        client.test_runs.wait(
            workspace_id=1,
            target_id=target,
            test_run_id=triggered.test_run_id,
            poll_interval=0.01,
            on_progress=on_progress,
        )
    assert client.is_closed
    assert errors == []


def _redirecting(request: httpx.Request) -> httpx.Response:
    if "moved" not in request.url.params:  # same origin: following it sends the key nowhere new
        return httpx.Response(307, headers={"location": str(request.url.copy_add_param("moved", "1"))})
    return httpx.Response(200, json=[])


def test_follow_redirects_true_is_refused_or_followed_never_silently_ignored() -> None:
    transport = httpx.MockTransport(_redirecting)
    try:
        client = SyncProbeClient(API_KEY, base_url=BASE_URL, transport=transport, follow_redirects=True)
    except ValueError as exc:  # refused up front, naming it: fine too
        assert "follow_redirects" in str(exc)  # noqa: PT017
        return
    with client:
        assert client.targets.list_types() == []


async def test_follow_redirects_true_is_refused_or_followed_by_probe_client_too() -> None:
    async def handle(request: httpx.Request) -> httpx.Response:
        return _redirecting(request)

    transport = httpx.MockTransport(handle)
    try:
        client = ProbeClient(API_KEY, base_url=BASE_URL, transport=transport, follow_redirects=True)
    except ValueError as exc:
        assert "follow_redirects" in str(exc)  # noqa: PT017
        return
    async with client:
        assert await client.targets.list_types() == []


# --- checked and fine: kept as guards -------------------------------------------------------------------------


def test_a_ctrl_c_during_wait_stops_polling_and_leaves_the_client_usable() -> None:
    import os
    import signal

    fake = FakeProbe(polls_to_finish=10**6)
    target = fake.add_target(1)
    with SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport()) as client:
        triggered = client.test_runs.trigger(workspace_id=1, body=run_request(target))
        if threading.current_thread() is not threading.main_thread():
            pytest.skip("SIGINT reaches the main thread only")
        timer = threading.Timer(0.2, os.kill, args=(os.getpid(), signal.SIGINT))
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            client.test_runs.wait(
                workspace_id=1, target_id=target, test_run_id=triggered.test_run_id, poll_interval=0.02
            )
        timer.join()
        sent = len(fake.requests)
        time.sleep(0.15)
        assert len(fake.requests) == sent  # the interrupted wait's polling stopped
        fake.finish(triggered.test_run_id)
        run = client.test_runs.wait(
            workspace_id=1, target_id=target, test_run_id=triggered.test_run_id, poll_interval=0.01
        )
        assert run.id == triggered.test_run_id


def test_sync_event_hooks_see_plain_and_polling_requests_with_bodies_read() -> None:
    fake = FakeProbe(polls_to_finish=1)
    target = fake.add_target(1)
    seen: list[tuple[str, Any]] = []

    def on_request(request: httpx.Request) -> None:
        seen.append((request.method, request.url.path))

    def on_response(response: httpx.Response) -> None:
        seen.append(("answer", response.json() is not None))

    hooks = {"request": [on_request], "response": [on_response]}
    with SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport(), event_hooks=hooks) as client:
        client.targets.get(workspace_id=1, target_id=target)
        client.test_runs.trigger_and_wait(workspace_id=1, body=run_request(target), poll_interval=0.01)
    methods = [entry[0] for entry in seen]
    assert methods.count("answer") == len(fake.requests)
    assert "POST" in methods


def test_close_while_a_polling_request_stalls_returns_at_once() -> None:
    with stalling_server(b"") as base_url:  # holds each connection 2 s, answering nothing
        client = SyncProbeClient(API_KEY, base_url=base_url, timeout=30.0, max_retries=0)
        outcome: list[BaseException] = []

        def wait() -> None:
            try:
                client.test_runs.wait(workspace_id=1, target_id=1, test_run_id=1, poll_interval=0.05)
            except BaseException as exc:
                outcome.append(exc)

        waiter = threading.Thread(target=wait, daemon=True)
        waiter.start()
        time.sleep(0.3)  # the first poll is sent and stalls
        started = time.monotonic()
        client.close()
        closing = time.monotonic() - started
        waiter.join(5.0)
    # Nor is the interrupted poll's poller left registered under the closed loop (it would keep the loop alive).
    leaked = _closed_loops_with_pollers()
    _forget_pollers_of_closed_loops()
    assert leaked == []
    assert closing < 1.0
    assert len(outcome) == 1
    assert isinstance(outcome[0], ProbeError)


CTRL_C_SCRIPT = """
import os, signal, sys, threading, time
from splx_probe_client import SyncProbeClient
client = SyncProbeClient("key", base_url=sys.argv[1], timeout=30.0, max_retries=0)
threading.Timer(0.3, os.kill, args=(os.getpid(), signal.SIGINT)).start()
try:
    client.test_runs.wait(workspace_id=1, target_id=1, test_run_id=1, poll_interval=0.05)
except KeyboardInterrupt:
    print(time.time(), flush=True)
    raise
"""


def test_a_script_interrupted_in_wait_exits_at_once(tmp_path: Path) -> None:
    script = tmp_path / "interrupted.py"
    script.write_text(CTRL_C_SCRIPT, encoding="utf-8")
    with stalling_server(b"") as base_url:  # holds each connection 2 s, answering nothing
        child = subprocess.run(
            [sys.executable, str(script), base_url], capture_output=True, text=True, timeout=60, check=False
        )
        ended = time.time()
    assert "KeyboardInterrupt" in child.stderr
    interrupted = float(child.stdout.strip())
    assert ended - interrupted < 1.0


def _recording(seen: list[tuple[str, str | None]]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.headers.get("x-api-key")))
        if request.method == "POST":
            return httpx.Response(200, json={"testRunId": 7})
        return httpx.Response(200, json=[])

    return httpx.MockTransport(handle)


def test_polling_and_siblings_use_the_url_and_key_resolved_when_the_client_was_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SPLX_API_URL", "https://first.test")
    monkeypatch.setenv("SPLX_API_KEY", "key-one")
    seen: list[tuple[str, str | None]] = []
    with SyncProbeClient(transport=_recording(seen)) as client:
        monkeypatch.setenv("SPLX_API_URL", "https://second.test")  # e.g. a test fixture or another tenant's job
        monkeypatch.setenv("SPLX_API_KEY", "key-two")
        client.targets.list_types()
        client.test_runs.trigger(workspace_id=1, body=run_request(3))  # via the loop thread's async twin
        client.with_options(max_retries=0).targets.list_types()
    assert set(seen) == {("first.test", "key-one")}


async def test_probe_client_siblings_use_the_url_and_key_resolved_when_the_client_was_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SPLX_API_URL", "https://first.test")
    monkeypatch.setenv("SPLX_API_KEY", "key-one")
    seen: list[tuple[str, str | None]] = []
    sync_transport = _recording(seen)

    async def handle(request: httpx.Request) -> httpx.Response:
        return sync_transport.handle_request(request)

    async with ProbeClient(transport=httpx.MockTransport(handle)) as client:
        monkeypatch.setenv("SPLX_API_URL", "https://second.test")
        monkeypatch.setenv("SPLX_API_KEY", "key-two")
        await client.targets.list_types()
        await client.with_options(max_retries=0).targets.list_types()
    assert set(seen) == {("first.test", "key-one")}


class _SyncTokenAuth(httpx.Auth):
    """An auth doing blocking I/O, written as httpx documents it for a sync client: ``sync_auth_flow`` only."""

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-Token"] = "fetched-with-a-blocking-call"
        yield request


def test_an_auth_with_a_sync_flow_signs_polling_requests_too() -> None:
    tokens: list[tuple[str, str | None]] = []

    def handle(request: httpx.Request) -> httpx.Response:
        tokens.append((request.method, request.headers.get("x-token")))
        if request.method == "POST":
            return httpx.Response(200, json={"testRunId": 7})
        return httpx.Response(200, json=[])

    transport = httpx.MockTransport(handle)
    with SyncProbeClient(API_KEY, base_url=BASE_URL, transport=transport, auth=_SyncTokenAuth()) as client:
        client.targets.list_types()
        client.test_runs.trigger(workspace_id=1, body=run_request(3))
    assert len(tokens) >= 2
    assert all(token == "fetched-with-a-blocking-call" for _, token in tokens)


def _cookie_setting(fake: FakeProbe, sent: list[tuple[str, str | None]]) -> httpx.MockTransport:
    """FakeProbe's answers; ``GET /api/target/types`` also sets a session cookie (a load balancer's, say)."""
    inner = fake.transport()

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append((request.url.path, request.headers.get("cookie")))
        answer = inner.handle_request(request)
        answer.read()
        headers = dict(answer.headers)
        if request.url.path.endswith("/types"):
            headers["set-cookie"] = "lb=plain; Path=/"
        return httpx.Response(answer.status_code, headers=headers, content=answer.content)

    return httpx.MockTransport(handle)


def test_a_trigger_with_per_call_options_sends_the_sessions_cookies() -> None:
    fake = FakeProbe(polls_to_finish=1)
    target = fake.add_target(1)
    sent: list[tuple[str, str | None]] = []
    with SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=_cookie_setting(fake, sent)) as client:
        client.targets.list_types()  # the server sets lb=plain
        client.test_runs.trigger(workspace_id=1, body=run_request(target), timeout=5.0)
    assert len(sent) >= 3
    assert all(cookie == "lb=plain" for _, cookie in sent[1:])


async def test_probe_clients_trigger_with_per_call_options_sends_the_sessions_cookies() -> None:
    fake = FakeProbe(polls_to_finish=1)
    target = fake.add_target(1)
    sent: list[tuple[str, str | None]] = []
    sync_transport = _cookie_setting(fake, sent)

    async def handle(request: httpx.Request) -> httpx.Response:
        return sync_transport.handle_request(request)

    async with ProbeClient(fake.api_key, base_url=BASE_URL, transport=httpx.MockTransport(handle)) as client:
        await client.targets.list_types()
        await client.test_runs.trigger(workspace_id=1, body=run_request(target), timeout=5.0)
    assert len(sent) >= 3
    assert all(cookie == "lb=plain" for _, cookie in sent[1:])
