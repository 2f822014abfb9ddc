"""The sync driver (``SyncProbeTransport`` under ``SyncProbeClient``) keeps the async transport's every rule.

Where the assertion is the same, one test runs through both clients (the ``via`` fixture): retries per operation,
bodies cut off, dribbled or stalled, per-request options, the call's deadline, ``Retry-After``, logs and messages.
The sync side has no event loop to cancel a blocking read: its deadline must hold from inside (live timeouts
per phase, the body checked per chunk, waits cut), which the real-socket tests at the end check with httpcore.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import re
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any, TypeVar

import httpx
import pytest
from overrides.client.scripted import API_KEY, BASE_URL, Script, Sleeps, error_body, json_response
from overrides.client.test_retries import EVERY_FAILURE, REFUSED, failure
from overrides.errors.streams import (
    CutOff,
    Dribbles,
    Raw,
    Stalls,
    SyncCutOff,
    SyncDribbles,
    SyncRaw,
    SyncStalls,
)

from splx_probe_client import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    InternalServerError,
    ProbeClient,
    ProbeError,
    RateLimitError,
    SyncProbeClient,
    _retry,
)
from splx_probe_client.api.target import list_target_types
from splx_probe_client.api.test_run import trigger_test_run
from splx_probe_client.models import TriggerTestRunRequest

T = TypeVar("T")

TRIGGER = TriggerTestRunRequest(name="nightly", probe_ids=[1], target_id=42)
OK_TRIGGER = {"testRunId": 5001}
TYPES_PATH = "/api/target/types"
TYPES_URL = f"{BASE_URL}{TYPES_PATH}"


class Via:
    """One of the two clients over the test's script: each call makes a client, calls it once and closes it.

    ``ProbeClient`` runs in ``asyncio.run`` (its recorded sleep is ``sleeps``), ``SyncProbeClient`` right here
    (its recorded sleep is ``sleeps.blocking``). ``real_sleep=True`` sleeps for real; ``base_url`` sends over
    the network instead of to the script.
    """

    def __init__(self, kind: str, script: Script, sleeps: Sleeps) -> None:
        self.kind = kind
        self.script = script
        self.sleeps = sleeps

    @property
    def is_sync(self) -> bool:
        return self.kind == "sync"

    def call(
        self,
        on_async: Callable[[ProbeClient], Awaitable[T]],
        on_sync: Callable[[SyncProbeClient], T],
        *,
        max_retries: int = 2,
        timeout: float = 5.0,
        deadline: float | None = None,
        real_sleep: bool = False,
        base_url: str | None = None,
    ) -> T:
        transport = None if base_url is not None else self.script.transport()
        options: dict[str, Any] = {
            "base_url": base_url or BASE_URL,
            "max_retries": max_retries,
            "timeout": timeout,
            "deadline": deadline,
        }
        if self.is_sync:
            sleep = None if real_sleep else self.sleeps.blocking
            with SyncProbeClient(API_KEY, transport=transport, retry_sleep=sleep, **options) as client:
                return on_sync(client)

        async def run() -> T:
            sleep = None if real_sleep else self.sleeps
            async with ProbeClient(API_KEY, transport=transport, retry_sleep=sleep, **options) as client:
                return await on_async(client)

        return asyncio.run(run())

    def list_types(self, **options: Any) -> object:
        """The generated endpoint's ``asyncio()`` / ``sync()``."""
        return self.call(
            lambda client: list_target_types.asyncio(client=client),
            lambda client: list_target_types.sync(client=client),
            **options,
        )

    def trigger(self, **options: Any) -> object:
        """The generated trigger endpoint: one POST, resent only when the server provably did not get it."""
        return self.call(
            lambda client: trigger_test_run.asyncio(1, client=client, body=TRIGGER),
            lambda client: trigger_test_run.sync(1, client=client, body=TRIGGER),
            **options,
        )

    def get(self, path: str, extensions: dict[str, Any] | None = None, **options: Any) -> httpx.Response:
        """A GET through the client's own ``httpx`` client (``get_httpx_client()`` on the sync side)."""
        return self.call(
            lambda client: client.get_async_httpx_client().get(path, extensions=extensions),
            lambda client: client.get_httpx_client().get(path, extensions=extensions),
            **options,
        )

    # Response bodies that fail while read, as the kind's httpx client can read them.

    def cut_off(self) -> httpx.Response:
        head = b'[{"id": "0b7f'
        stream = SyncCutOff(head) if self.is_sync else CutOff(head)
        return httpx.Response(200, headers={"content-type": "application/json"}, stream=stream)

    def dribbled(self, body: bytes, interval: float) -> Callable[[httpx.Request], httpx.Response]:
        def answer(request: httpx.Request) -> httpx.Response:
            stream = SyncDribbles(body, interval) if self.is_sync else Dribbles(body, interval)
            return httpx.Response(200, headers={"content-type": "application/json"}, stream=stream)

        return answer

    def garbled_gzip(self) -> httpx.Response:
        body = b"this is not gzip"
        return httpx.Response(
            200, headers={"content-encoding": "gzip"}, stream=SyncRaw(body) if self.is_sync else Raw(body)
        )


@pytest.fixture(params=["async", "sync"])
def via(request: pytest.FixtureRequest, script: Script, sleeps: Sleeps) -> Via:
    return Via(request.param, script, sleeps)


# --- bodies that fail while read -------------------------------------------------------------------------------


def test_a_get_whose_body_is_cut_off_is_retried_and_succeeds(via: Via) -> None:
    via.script.then(via.cut_off(), json_response(200, []))
    assert via.list_types() == []
    assert len(via.script.requests) == 2
    assert len(via.sleeps.waits) == 1


def test_a_trigger_whose_body_is_cut_off_is_not_resent_and_raises_typed(via: Via) -> None:
    via.script.then(via.cut_off(), json_response(200, OK_TRIGGER))
    with pytest.raises(APIConnectionError) as raised:
        via.trigger(timeout=0.2)
    assert len(via.script.requests) == 1  # the platform got it: sending it again could start a second run
    assert raised.value.retries == 0
    assert f"POST {BASE_URL}/api/workspaces/1/test-run/trigger" in str(raised.value)


def test_retries_used_up_on_cut_bodies_raise_a_connection_error_counting_them(via: Via) -> None:
    via.script.then(via.cut_off(), via.cut_off(), via.cut_off())
    with pytest.raises(APIConnectionError, match="RemoteProtocolError") as raised:
        via.list_types()
    assert raised.value.retries == 2
    assert not isinstance(raised.value, APITimeoutError)
    assert len(via.script.requests) == 3


def test_a_get_whose_body_does_not_decode_is_retried(via: Via) -> None:
    via.script.then(via.garbled_gzip(), json_response(200, []))
    assert via.list_types() == []
    assert len(via.script.requests) == 2


def test_a_trigger_whose_body_does_not_decode_is_a_connection_error_not_resent(via: Via) -> None:
    via.script.then(via.garbled_gzip(), json_response(200, OK_TRIGGER))
    with pytest.raises(APIConnectionError, match="DecodingError"):
        via.trigger()
    assert len(via.script.requests) == 1


def test_a_dribbled_body_ends_within_the_read_timeout_not_per_byte(via: Via) -> None:
    # Each byte arrives well within the 0.25 s read timeout; the whole body would take 4 s.
    via.script.then(via.dribbled(b"[" + b" " * 78 + b"]", 0.05))
    started = time.monotonic()
    with pytest.raises(APITimeoutError, match="read timeout"):
        via.list_types(max_retries=0, timeout=0.25)
    assert time.monotonic() - started < 1.0


# --- retries counted, per-request options ----------------------------------------------------------------------


def test_a_success_says_how_many_retries_it_took(via: Via) -> None:
    via.script.then(json_response(503, {}), json_response(502, {}), json_response(200, []))
    assert via.get(TYPES_PATH).extensions["splx_retries"] == 2
    via.script.then(json_response(200, []))
    assert via.get(TYPES_PATH).extensions["splx_retries"] == 0


def test_a_resources_raw_response_says_how_many_retries_it_took(via: Via) -> None:
    via.script.then(json_response(429, {}), json_response(200, []))
    raw = via.call(
        lambda client: client.targets.with_raw_response.list_types(),
        lambda client: client.targets.with_raw_response.list_types(),
    )
    assert raw.retries == 1
    assert raw.parsed == []


def test_max_retries_per_request_overrides_the_clients(via: Via) -> None:
    via.script.then(*[json_response(503, {})] * 4, json_response(200, []))
    response = via.get(TYPES_PATH, extensions={"splx_max_retries": 4}, max_retries=0)
    assert response.extensions["splx_retries"] == 4
    assert len(via.script.requests) == 5


def test_no_retries_for_one_request_when_it_says_zero(via: Via) -> None:
    via.script.then(json_response(503, {}), json_response(200, []))
    with pytest.raises(ProbeError) as raised:
        via.get(TYPES_PATH, extensions={"splx_max_retries": 0}, max_retries=5)
    assert raised.value.retries == 0
    assert len(via.script.requests) == 1


def test_per_call_options_of_a_resource_reach_the_transport(via: Via) -> None:
    via.script.then(*[json_response(503, {})] * 3, json_response(200, []))
    raw = via.call(
        lambda client: client.targets.with_raw_response.list_types(max_retries=3, deadline=5.0),
        lambda client: client.targets.with_raw_response.list_types(max_retries=3, deadline=5.0),
        max_retries=0,
    )
    assert raw.retries == 3
    assert via.script.requests[0].extensions["splx_max_retries"] == 3
    assert via.script.requests[0].extensions["splx_deadline"] == 5.0


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("splx_max_retries", -1),
        ("splx_max_retries", True),
        ("splx_max_retries", 1.5),
        ("splx_deadline", 0),
        ("splx_deadline", -2.0),
        ("splx_deadline", "1"),
        ("splx_deadline", True),
    ],
)
def test_a_bad_per_request_option_is_named_before_anything_is_sent(via: Via, key: str, value: object) -> None:
    with pytest.raises(ValueError, match=re.escape(f"request.extensions[{key!r}]")):
        via.get(TYPES_PATH, extensions={key: value})
    assert via.script.requests == []


# --- the call's deadline ---------------------------------------------------------------------------------------


def test_the_deadline_bounds_the_whole_call_retries_and_waits_included(
    via: Via, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_retry, "backoff", lambda attempt: 0.1)  # Retry-After is whole seconds: a short wait
    via.script.then(*[json_response(503, {})] * 50)
    started = time.monotonic()
    with pytest.raises(APITimeoutError, match=r"deadline of 0\.35 s") as raised:
        via.get(TYPES_PATH, extensions={"splx_deadline": 0.35}, max_retries=50, real_sleep=True)
    elapsed = time.monotonic() - started
    assert 0.3 < elapsed < 1.0
    assert 2 <= raised.value.retries <= 4
    assert 3 <= len(via.script.requests) <= 5


def test_a_wait_asked_for_is_cut_at_the_deadline(via: Via) -> None:
    # The server asks for 30 s; the call has 0.3 s: it ends at the deadline, not 30 s later.
    via.script.then(json_response(503, {}, **{"Retry-After": "30"}), json_response(200, []))
    started = time.monotonic()
    with pytest.raises(APITimeoutError, match=r"deadline of 0\.3 s"):
        via.get(TYPES_PATH, extensions={"splx_deadline": 0.3}, real_sleep=True)
    assert time.monotonic() - started < 1.0
    assert len(via.script.requests) == 1


def test_the_clients_deadline_is_the_default_of_each_call(via: Via, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_retry, "backoff", lambda attempt: 0.1)
    via.script.then(*[json_response(503, {})] * 50)
    started = time.monotonic()
    with pytest.raises(APITimeoutError, match=r"deadline of 0\.25 s"):
        via.list_types(deadline=0.25, max_retries=50, real_sleep=True)
    assert time.monotonic() - started < 1.0


def test_the_deadline_stops_a_dribbled_body(via: Via) -> None:
    # Each byte comes in 20 ms, the whole body in 2 s, the read timeout is 30 s: only the deadline ends it.
    via.script.then(via.dribbled(b"[" + b" " * 98 + b"]", 0.02))
    started = time.monotonic()
    with pytest.raises(APITimeoutError, match=r"deadline of 0\.3 s"):
        via.get(TYPES_PATH, extensions={"splx_deadline": 0.3}, timeout=30.0)
    assert time.monotonic() - started < 1.0


def test_a_per_call_deadline_of_a_resource_bounds_a_dribbled_body(via: Via) -> None:
    via.script.then(via.dribbled(b"[" + b" " * 98 + b"]", 0.02))
    started = time.monotonic()
    with pytest.raises(APITimeoutError, match=r"deadline of 0\.2 s"):
        via.call(
            lambda client: client.targets.list_types(timeout=1.0, deadline=0.2),
            lambda client: client.targets.list_types(timeout=1.0, deadline=0.2),
            max_retries=0,
        )
    assert time.monotonic() - started < 1.0


PHASES = ("connect", "read", "write", "pool")


@pytest.mark.parametrize("timeout", [30.0, 0.05])
def test_each_attempts_timeouts_are_what_is_left_of_the_deadline_at_most(
    script: Script, timeout: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_retry, "backoff", lambda attempt: 0.1)
    # Sync only: the async transport bounds the call with one timer instead. httpcore reads a phase's timeout
    # when the phase starts, by .get(); the handler reads them when the attempt starts, as a connect would.
    seen: list[tuple[float, dict[str, float | None]]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions["timeout"]
        seen.append((time.monotonic(), {phase: timeouts.get(phase) for phase in PHASES}))
        assert all(timeouts[phase] == pytest.approx(seen[-1][1][phase], abs=0.05) for phase in PHASES)
        return json_response(503, {}) if len(seen) < 3 else json_response(200, [])

    script.then(answer, answer, answer)
    with SyncProbeClient(API_KEY, base_url=BASE_URL, transport=script.transport(), timeout=timeout) as client:
        started = time.monotonic()
        client.get_httpx_client().get(TYPES_PATH, extensions={"splx_deadline": 1.0})
    assert len(seen) == 3
    for when, timeouts in seen:
        left = 1.0 - (when - started)
        for value in timeouts.values():
            assert value is not None
            assert value <= min(timeout, left) + 0.001
            assert value >= min(timeout, left - 0.05)
    first_read, last_read = seen[0][1]["read"], seen[2][1]["read"]
    assert first_read is not None
    assert last_read is not None
    if timeout > 1.0:
        assert last_read < first_read - 0.15  # two waits of 0.1 s later, that much less is left
    else:
        assert last_read == first_read == timeout  # the client's timeout, shorter than what is left


def test_a_stalled_body_ends_at_the_calls_deadline(via: Via) -> None:
    streams: list[Stalls | SyncStalls] = []

    def stall(request: httpx.Request) -> httpx.Response:
        streams.append(SyncStalls(b"[", request) if via.is_sync else Stalls(b"["))
        return httpx.Response(200, stream=streams[-1])

    via.script.then(stall, stall, stall)
    started = time.monotonic()
    with pytest.raises(APITimeoutError, match=r"deadline of 0\.2 s"):
        via.get(TYPES_PATH, extensions={"splx_deadline": 0.2}, timeout=30.0)
    assert time.monotonic() - started < 1.0
    assert streams
    assert all(stream.closed for stream in streams)


# --- what is retried, how long it waits ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", EVERY_FAILURE)
def test_a_get_is_retried_on_every_transient_failure(via: Via, kind: str) -> None:
    via.script.then(failure(kind), json_response(200, []))
    assert via.call(lambda client: client.targets.list_types(), lambda client: client.targets.list_types()) == []
    assert len(via.script.requests) == 2
    assert len(via.sleeps.waits) == 1


@pytest.mark.parametrize("kind", EVERY_FAILURE)
def test_a_trigger_is_resent_only_when_the_server_provably_did_not_get_it(via: Via, kind: str) -> None:
    via.script.then(failure(kind), json_response(200, OK_TRIGGER))
    if kind in REFUSED:
        raw = via.call(
            lambda client: client.test_runs.with_raw_response.trigger(workspace_id=1, body=TRIGGER),
            lambda client: client.test_runs.with_raw_response.trigger(workspace_id=1, body=TRIGGER),
        )
        assert raw.parsed.test_run_id == 5001
        assert raw.retries == 1
        assert len(via.script.requests) == 2
    else:
        with pytest.raises((APIConnectionError, APIStatusError)):
            via.trigger()
        assert len(via.script.requests) == 1  # never a second run
        assert via.sleeps.waits == []


def test_the_body_is_sent_again_unchanged(via: Via) -> None:
    via.script.then(json_response(503, error_body("busy")), json_response(200, OK_TRIGGER))
    via.trigger()
    first, second = via.script.requests
    assert first.content == second.content
    assert first.content
    assert second.headers["X-Api-Key"] == API_KEY


def test_retry_after_in_seconds_is_honoured(via: Via) -> None:
    via.script.then(json_response(429, error_body("slow down"), **{"Retry-After": "1"}), json_response(200, []))
    assert via.list_types() == []
    assert via.sleeps.waits == [1.0]


def test_retry_after_as_an_http_date_is_honoured(via: Via) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    via.script.then(json_response(503, error_body("maintenance"), **{"Retry-After": when}), json_response(200, []))
    assert via.list_types() == []
    assert len(via.sleeps.waits) == 1
    assert 25.0 <= via.sleeps.waits[0] <= 30.0


def test_a_huge_retry_after_is_capped(via: Via) -> None:
    via.script.then(json_response(429, error_body("later"), **{"Retry-After": "86400"}), json_response(200, []))
    assert via.list_types() == []
    assert via.sleeps.waits == [60.0]


@pytest.mark.parametrize("value", ["soon", "", "Wed, 21 Oct 2015 07:28:00 GMT"])
def test_a_retry_after_unreadable_or_past_never_waits_long(via: Via, value: str) -> None:
    via.script.then(json_response(503, error_body("busy"), **{"Retry-After": value}), json_response(200, []))
    assert via.list_types() == []
    assert 0.0 <= via.sleeps.waits[0] <= 0.5  # the past date: no wait; unreadable: the first backoff step


def test_backoff_grows_with_jitter_and_a_cap(via: Via) -> None:
    via.script.then(*[json_response(502, error_body("bad gateway"))] * 6, json_response(200, []))
    assert via.list_types(max_retries=6) == []
    bounds = [(0.25, 0.5), (0.5, 1.0), (1.0, 2.0), (2.0, 4.0), (4.0, 8.0), (4.0, 8.0)]
    assert len(via.sleeps.waits) == 6
    for wait, (low, high) in zip(via.sleeps.waits, bounds, strict=True):
        assert low <= wait <= high


def test_exhausted_retries_raise_the_last_error(via: Via) -> None:
    via.script.then(json_response(502, error_body("first")), json_response(503, error_body("second")))
    via.script.then(json_response(429, error_body("third")))
    with pytest.raises(RateLimitError, match="third") as raised:
        via.list_types()
    assert raised.value.retries == 2


def test_an_unknown_2xx_status_is_a_validation_error_not_retried(via: Via) -> None:
    via.script.then(httpx.Response(299, text="?"), json_response(200, []))
    with pytest.raises(APIResponseValidationError, match="299 is not an HTTP status the SDK knows") as raised:
        via.list_types()
    assert raised.value.retries == 0
    assert len(via.script.requests) == 1


# --- the same words: logs and error messages -------------------------------------------------------------------


def _log_lines(kind: str, caplog: pytest.LogCaptureFixture) -> tuple[list[tuple[int, str]], str]:
    """What a call through ``kind``'s client logs (elapsed times blanked) and the message of the error it raises."""
    script = Script().then(
        json_response(429, error_body("slow"), **{"Retry-After": "2"}),
        httpx.ReadTimeout("read timed out"),
        httpx.ConnectError("refused"),
        json_response(200, []),
        json_response(502, error_body("bad gateway")),
        json_response(503, error_body("busy"), **{"Retry-After": "0"}),
        json_response(404, error_body("no such target", "NOT_FOUND")),
    )
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="splx_probe_client"):
        via = Via(kind, script, Sleeps())
        via.list_types(max_retries=3)
        with pytest.raises(ProbeError) as raised:
            via.get(TYPES_PATH)
    lines = [
        (record.levelno, re.sub(r"\(\d+\.\d ms\)", "(... ms)", record.getMessage()))
        for record in caplog.records
        if record.name == "splx_probe_client"
    ]
    return lines, str(raised.value)


def test_log_lines_and_messages_are_the_async_clients_word_for_word(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(random, "uniform", lambda low, high: high)  # the jitter, fixed for both runs
    async_lines, async_message = _log_lines("async", caplog)
    sync_lines, sync_message = _log_lines("sync", caplog)
    assert sync_lines == async_lines
    assert sync_message == async_message
    assert async_lines == [
        (logging.DEBUG, f"GET {TYPES_URL} -> 429 (... ms)"),
        (logging.INFO, f"retrying GET {TYPES_URL} (retry 1 of 3) after 429, waiting 2.00 s"),
        (logging.INFO, f"retrying GET {TYPES_URL} (retry 2 of 3) after ReadTimeout, waiting 1.00 s"),
        (logging.INFO, f"retrying GET {TYPES_URL} (retry 3 of 3) after ConnectError, waiting 2.00 s"),
        (logging.DEBUG, f"GET {TYPES_URL} -> 200 (... ms)"),
        (logging.DEBUG, f"GET {TYPES_URL} -> 502 (... ms)"),
        (logging.INFO, f"retrying GET {TYPES_URL} (retry 1 of 2) after 502, waiting 0.50 s"),
        (logging.DEBUG, f"GET {TYPES_URL} -> 503 (... ms)"),
        (logging.INFO, f"retrying GET {TYPES_URL} (retry 2 of 2) after 503, waiting 0.00 s"),
        (logging.DEBUG, f"GET {TYPES_URL} -> 404 (... ms)"),
    ]
    assert "no such target" in async_message
    assert API_KEY not in "\n".join(line for _, line in async_lines + sync_lines)


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param(lambda: [httpx.ConnectError("refused")] * 3, id="connect errors"),
        pytest.param(lambda: [httpx.ReadTimeout("read timed out")] * 3, id="read timeouts"),
        pytest.param(lambda: [json_response(500, error_body("boom", "INTERNAL"))], id="500"),
        pytest.param(lambda: [httpx.Response(299, text="?")], id="unknown status"),
    ],
)
def test_errors_read_the_same_from_both_clients(answers: Callable[[], list[Any]]) -> None:
    messages = []
    for kind in ("async", "sync"):
        script = Script().then(*answers())
        with pytest.raises(ProbeError) as raised:
            Via(kind, script, Sleeps()).list_types()
        messages.append((type(raised.value), str(raised.value), raised.value.retries))
    assert messages[0] == messages[1]
    assert messages[0][1]


def test_a_500_is_not_retried_by_either(via: Via) -> None:
    via.script.then(json_response(500, error_body("boom")), json_response(200, []))
    with pytest.raises(InternalServerError):
        via.list_types()
    assert len(via.script.requests) == 1


# --- over real sockets: httpcore gets the live timeouts --------------------------------------------------------


HOLD_LIMIT = 2.0
"""Seconds a stalling server holds a connection at most: a client that does not give up fails, slowly, not hangs."""


@contextlib.contextmanager
def stalling_server(answer: bytes) -> Iterator[str]:
    """A server on 127.0.0.1 that reads each request's head, sends ``answer``, then holds the connection.

    A hold ends when the test leaves, or after ``HOLD_LIMIT`` seconds (the connection closed), so nothing
    outlives the test.
    """
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    leaving = threading.Event()
    holders: list[threading.Thread] = []

    def hold(connection: socket.socket) -> None:
        with connection, contextlib.suppress(OSError):
            connection.settimeout(HOLD_LIMIT)
            received = b""
            while b"\r\n\r\n" not in received:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                received += chunk
            connection.sendall(answer)
            leaving.wait(HOLD_LIMIT)

    def serve() -> None:
        while not leaving.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            holders.append(threading.Thread(target=hold, args=(connection,), name="stalling-server", daemon=True))
            holders[-1].start()

    server = threading.Thread(target=serve, name="stalling-server", daemon=True)
    server.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        leaving.set()
        server.join(timeout=5.0)
        for holder in holders:
            holder.join(timeout=5.0)
        listener.close()


HALF_A_BODY = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n[1, 2"


@pytest.mark.parametrize("answer", [b"", HALF_A_BODY], ids=["no answer", "half a body"])
def test_a_stall_on_a_real_socket_ends_at_the_deadline_not_the_read_timeout(via: Via, answer: bytes) -> None:
    with stalling_server(answer) as base_url:
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match=r"deadline of 0\.3 s"):
            via.get(TYPES_PATH, extensions={"splx_deadline": 0.3}, base_url=base_url, timeout=30.0)
        assert time.monotonic() - started < 5.0  # far from the 30 s read timeout, with slack for a loaded machine


@pytest.mark.parametrize("answer", [b"", HALF_A_BODY], ids=["no answer", "half a body"])
def test_a_stall_on_a_real_socket_ends_at_the_read_timeout(via: Via, answer: bytes) -> None:
    with stalling_server(answer) as base_url:
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match="ReadTimeout") as raised:
            via.get(TYPES_PATH, base_url=base_url, timeout=0.2, max_retries=1)
        assert raised.value.retries == 1
        # Two reads of 0.2 s and one short wait; the server never answers, so without the timeouts this never ends.
        assert time.monotonic() - started < 5.0


def test_a_connection_pool_wait_ends_at_the_deadline() -> None:
    # One connection allowed, held by a stalled call: a second call waits for the pool only until its deadline.
    with stalling_server(b"") as base_url:
        limits = httpx.Limits(max_connections=1)
        with SyncProbeClient(API_KEY, base_url=base_url, timeout=30.0, max_retries=0, limits=limits) as client:
            http = client.get_httpx_client()
            held: list[BaseException] = []

            def hold() -> None:
                try:
                    http.get(TYPES_PATH, extensions={"splx_deadline": 0.9})
                except APITimeoutError as exc:
                    held.append(exc)

            holder = threading.Thread(target=hold, daemon=True)
            holder.start()
            time.sleep(0.1)  # the holder has the only connection
            started = time.monotonic()
            with pytest.raises(APITimeoutError, match=r"deadline of 0\.2 s"):
                http.get(TYPES_PATH, extensions={"splx_deadline": 0.2})
            assert time.monotonic() - started < 0.6  # not when the holder lets go, 0.8 s from here
            holder.join(timeout=5.0)
    assert len(held) == 1  # the holder did hold the connection until its own deadline
