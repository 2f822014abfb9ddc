"""``SyncProbeClient``: the async client's behaviour from synchronous code, threads and running event loops."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import re
import threading
import time
from pathlib import Path

import httpx
import pytest
from overrides.client.scripted import API_KEY, BASE_URL, Script, Sleeps, error_body, json_response
from overrides.client.test_retries import EVERY_FAILURE, REFUSED, failure

from splx_probe_client import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    ProbeError,
    SyncProbeClient,
)
from splx_probe_client.api.target import get_target, list_target_types
from splx_probe_client.api.test_run import trigger_test_run
from splx_probe_client.models import TargetNewDto, TriggerTestRunRequest
from splx_probe_client.testing import FakeProbe

TRIGGER = TriggerTestRunRequest(name="nightly", probe_ids=[1], target_id=42)


def scripted(script: Script, sleeps: Sleeps | None = None, max_retries: int = 2) -> SyncProbeClient:
    return SyncProbeClient(
        API_KEY, base_url=BASE_URL, transport=script.transport(), retry_sleep=sleeps, max_retries=max_retries
    )


def test_calls_work_repeatedly_and_closing_stops_the_io_thread() -> None:
    fake = FakeProbe()
    target = fake.add_target(1)
    threads_before = threading.active_count()
    for _ in range(3):
        with SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport()) as client:
            for _ in range(5):
                assert client.targets.get(workspace_id=1, target_id=target).id == target
    assert threading.active_count() == threads_before
    assert len(fake.requests) == 15


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
    with SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport()) as client:
        assert client.targets.get(workspace_id=1, target_id=target).id == target
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


@pytest.mark.parametrize("kind", EVERY_FAILURE)
def test_a_get_is_retried_as_by_the_async_client(script: Script, sleeps: Sleeps, kind: str) -> None:
    script.then(failure(kind), json_response(200, []))
    with scripted(script, sleeps) as client:
        assert client.targets.list_types() == []
    assert len(script.requests) == 2
    assert len(sleeps.waits) == 1


@pytest.mark.parametrize("kind", EVERY_FAILURE)
def test_a_trigger_is_resent_only_when_the_server_provably_did_not_get_it(
    script: Script, sleeps: Sleeps, kind: str
) -> None:
    script.then(failure(kind), json_response(200, {"testRunId": 5001}))
    with scripted(script, sleeps) as client:
        if kind in REFUSED:
            assert client.test_runs.with_raw_response.trigger(workspace_id=1, body=TRIGGER).parsed.test_run_id == 5001
            assert len(script.requests) == 2
        else:
            with pytest.raises((APIConnectionError, APIStatusError)):
                trigger_test_run.sync(1, client=client, body=TRIGGER)
            assert len(script.requests) == 1  # never a second run


def test_errors_are_typed_and_never_show_the_key(script: Script) -> None:
    script.then(json_response(401, error_body("bad key", "UNAUTHORIZED")))
    with scripted(script) as client, pytest.raises(AuthenticationError) as caught:
        client.targets.get(workspace_id=1, target_id=2)
    assert caught.value.status_code == 401
    assert API_KEY not in str(caught.value)
    assert API_KEY not in repr(client)
    assert repr(client) == "SyncProbeClient(base_url='https://probe.test', max_retries=2)"


def test_retries_are_logged_as_by_the_async_client(
    script: Script, sleeps: Sleeps, caplog: pytest.LogCaptureFixture
) -> None:
    script.then(json_response(503, error_body("busy")), json_response(200, []))
    with caplog.at_level(logging.INFO, logger="splx_probe_client"), scripted(script, sleeps) as client:
        client.targets.list_types()
    assert "retrying GET https://probe.test/api/target/types (retry 1 of 2) after 503" in caplog.text
    assert API_KEY not in caplog.text


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
    threads_before = threading.active_count()
    with scripted(script) as client:
        tagged = client.with_headers({"X-A": "1"}).with_cookies({"c": "v"}).with_timeout(4.0)
        assert threading.active_count() == threads_before + 1  # one I/O thread for the family
        tagged.targets.list_types()
        tagged.close()
        with pytest.raises(ProbeError, match="closed"):
            tagged.targets.list_types()
        client.targets.list_types()
        client.with_options(max_retries=0).targets.list_types()
    sent = script.requests[0]
    assert (sent.headers["x-a"], sent.headers["cookie"], sent.extensions["timeout"]["read"]) == ("1", "c=v", 4.0)
    assert threading.active_count() == threads_before


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


def test_a_callback_calling_the_same_client_is_an_error_not_a_deadlock() -> None:
    fake = FakeProbe(polls_to_finish=1)
    target = fake.add_target(1)
    with SyncProbeClient(fake.api_key, base_url=BASE_URL, transport=fake.transport()) as client:

        def on_progress(_: object) -> None:
            client.targets.list_types()

        with pytest.raises(ProbeError, match="its own I/O thread"):
            client.test_runs.trigger_and_wait(
                workspace_id=1,
                body=TriggerTestRunRequest(name="n", probe_ids=[1], target_id=target),
                poll_interval=0.01,
                on_progress=on_progress,
            )


def test_async_only_things_and_a_missing_key_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    with SyncProbeClient(API_KEY, base_url=BASE_URL) as client:
        with pytest.raises(ProbeError, match="SyncProbeClient is synchronous"):
            asyncio.run(list_target_types.asyncio(client=client))
        with pytest.raises(TypeError, match="AsyncBaseTransport"):
            SyncProbeClient(API_KEY, transport=httpx.HTTPTransport())  # type: ignore[arg-type]
    monkeypatch.delenv("SPLX_API_KEY", raising=False)
    threads_before = threading.active_count()
    with pytest.raises(ProbeError, match="no API key"):
        SyncProbeClient(base_url=BASE_URL)
    assert threading.active_count() == threads_before  # no I/O thread left behind


def test_a_per_call_deadline_bounds_a_dribbled_body() -> None:
    from overrides.resources.test_resources import dribbling

    with SyncProbeClient(API_KEY, base_url=BASE_URL, transport=httpx.MockTransport(dribbling), max_retries=0) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            client.targets.list_types(timeout=1.0, deadline=0.2)
        assert time.monotonic() - started < 1.5  # the body would have taken 2 s


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
