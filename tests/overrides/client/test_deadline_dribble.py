"""``deadline`` and ``timeout`` bound every byte of an answer, over a real socket that dribbles it.

httpcore's read timeout applies to each ``recv`` and is looked up once per head, so a head sent one byte every
half second never timed out: the call lasted as long as the server wished. Now each read of the default
transport waits at most until the call's deadline or the end of its read window (the read timeout, for the
whole head and again for the whole body). Margins are generous: the machine running the suite is shared.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any

import httpx
import pytest
from hostile_server import HostileServer, answer, dribbled_body, dribbled_head

from splx_probe_client import APITimeoutError, ProbeClient, ProbeError, SyncProbeClient

API_KEY = "test-key-5c1f0a9e"
TYPES = b'[{"details":[],"id":"1b4e28ba-2fa1-11d2-883f-0016d3cca427","label":"Chatbot"}]'
SLACK = 2.5
"""Seconds a call may outlast its bound on a loaded machine; far less than the dribble would take (~40 s)."""

KINDS = pytest.mark.parametrize("kind", ["async", "sync"])


def timed_call(kind: str, base_url: str, **options: Any) -> tuple[float, BaseException | None]:
    """Seconds ``client.targets.list_types()`` took on a new client with ``options``, and what it raised."""
    started = time.monotonic()
    error: BaseException | None = None
    try:
        if kind == "sync":
            with SyncProbeClient(API_KEY, base_url=base_url, **options) as client:
                client.targets.list_types()
        else:

            async def run() -> None:
                async with ProbeClient(API_KEY, base_url=base_url, **options) as client:
                    await client.targets.list_types()

            asyncio.run(run())
    except Exception as exc:  # returned to be asserted on
        error = exc
    return time.monotonic() - started, error


@KINDS
def test_the_deadline_ends_a_head_dribbled_a_byte_every_half_second(kind: str) -> None:
    with HostileServer(dribbled_head(0.5)) as server:
        elapsed, error = timed_call(kind, server.base_url, deadline=2.0)
    assert isinstance(error, APITimeoutError), error
    assert "deadline of 2 s" in str(error)
    assert 1.5 < elapsed < 2.0 + SLACK


@KINDS
def test_the_read_timeout_bounds_the_whole_head(kind: str) -> None:
    with HostileServer(dribbled_head(0.5)) as server:
        elapsed, error = timed_call(kind, server.base_url, timeout=1.0, max_retries=0)
    assert isinstance(error, APITimeoutError), error
    assert "read timeout (1 s for the whole head" in str(error)
    assert 0.8 < elapsed < 1.0 + SLACK


@KINDS
def test_the_deadline_ends_a_body_dribbled_a_byte_every_half_second(kind: str) -> None:
    with HostileServer(dribbled_body(0.5)) as server:
        elapsed, error = timed_call(kind, server.base_url, deadline=1.5, timeout=30.0)
    assert isinstance(error, APITimeoutError), error
    assert "deadline of 1.5 s" in str(error)
    assert 1.0 < elapsed < 1.5 + SLACK


@KINDS
def test_the_read_timeout_bounds_the_whole_body(kind: str) -> None:
    with HostileServer(dribbled_body(0.5)) as server:
        elapsed, error = timed_call(kind, server.base_url, timeout=1.0, max_retries=0)
    assert isinstance(error, APITimeoutError), error
    assert 0.8 < elapsed < 1.0 + SLACK


def test_retries_of_a_dribbled_head_are_each_bounded_and_the_deadline_bounds_them_all() -> None:
    # A GET is retried after a read timeout: three windows of 0.6 s and the waits, then the deadline of 2 s ends it.
    with HostileServer(dribbled_head(0.5)) as server:
        elapsed, error = timed_call("sync", server.base_url, timeout=0.6, max_retries=5, deadline=2.0)
        accepted = server.accepted
    assert isinstance(error, APITimeoutError), error
    assert elapsed < 2.0 + SLACK
    assert accepted >= 2  # at least one retry within the deadline: each attempt ended at its read window


@KINDS
def test_answers_sent_at_once_still_reuse_the_connection(kind: str) -> None:
    # The bounded reads change nothing for a well-behaved server: answers arrive, keep-alive is kept.
    with HostileServer(answer(TYPES, content_type="application/json")) as server:
        if kind == "sync":
            with SyncProbeClient(API_KEY, base_url=server.base_url, timeout=1.0, deadline=5.0) as client:
                results = [client.targets.list_types() for _ in range(3)]
        else:

            async def run() -> list[Any]:
                async with ProbeClient(API_KEY, base_url=server.base_url, timeout=1.0, deadline=5.0) as client:
                    return [await client.targets.list_types() for _ in range(3)]

            results = asyncio.run(run())
        assert server.accepted == 1
    assert [len(result) for result in results] == [1, 1, 1]


def test_a_slow_but_whole_head_within_the_window_is_read() -> None:
    # 40 bytes at 10 ms each: 0.4 s for the head, within a read timeout of 3 s.
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(TYPES)

    def handle(connection: Any, stop: threading.Event) -> None:
        from hostile_server import dribble

        dribble(connection, head[:40], 0.01, stop)
        connection.sendall(head[40:] + TYPES)
        stop.wait(10)

    with HostileServer(handle) as server:
        elapsed, error = timed_call("sync", server.base_url, timeout=3.0, max_retries=0)
    assert error is None
    assert elapsed < 3.0


def test_the_sync_clients_own_transport_is_bounded_too() -> None:
    # transport= an httpx.HTTPTransport of the user's: its pool is bounded the same way.
    with HostileServer(dribbled_head(0.5)) as server:
        started = time.monotonic()
        with (
            SyncProbeClient(API_KEY, base_url=server.base_url, transport=httpx.HTTPTransport(), deadline=1.5) as client,
            pytest.raises(APITimeoutError, match=r"deadline of 1\.5 s"),
        ):
            client.targets.list_types()
    assert time.monotonic() - started < 1.5 + SLACK


def test_a_sync_polling_request_with_a_dribbled_head_ends_at_the_deadline(caplog: pytest.LogCaptureFixture) -> None:
    # Polling runs on the sync client's loop thread and sends from a worker thread through the same pool. The
    # loop's own timer ends the wait for a poll at the deadline; what must not happen is the worker thread reading
    # the dribble on (for 35 s) behind it. So, with the client still open, every worker has to end on its own.
    before = set(threading.enumerate())
    with (
        HostileServer(dribbled_head(0.5)) as server,
        SyncProbeClient(API_KEY, base_url=server.base_url, timeout=30.0, deadline=1.5, max_retries=0) as client,
    ):
        started = time.time()
        with caplog.at_level(logging.WARNING, logger="splx_probe_client.polling"), pytest.raises(ProbeError):
            client.test_runs.wait(workspace_id=1, target_id=1, test_run_id=1, poll_interval=0.01, timeout=2.0)
        workers = [
            thread for thread in threading.enumerate() if thread not in before and thread.name == "splx-probe-sync-io"
        ]
        assert workers  # the polls' sends, one daemon thread each
        for thread in workers:
            thread.join(timeout=1.5 + SLACK)  # the last poll's reads end at its own deadline
        assert [thread for thread in workers if thread.is_alive()] == []
    failed = [record for record in caplog.records if "deadline of 1.5 s" in record.getMessage()]
    assert failed, [record.getMessage() for record in caplog.records]
    assert 1.0 < failed[0].created - started < 1.5 + SLACK
