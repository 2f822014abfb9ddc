"""FakeProbe over a socket cannot be pinned by slow clients: a slowloris neither exhausts it nor stalls others.

Real sockets on 127.0.0.1. Timeouts are short and configurable here; every bound has several seconds of slack
for a loaded 2-core machine, and each test asserts both that the slow client is cut off and that a normal
client is still served.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from splx_probe_client.testing import FakeProbe

TYPES_PATH = "/api/target/types"
CREATE_PATH = "/api/v2/workspaces/1/target"
SLACK = 4.0
"""Seconds a bound may be exceeded by on a busy machine before the test calls it a hang."""


@pytest.fixture
def served(capfd: pytest.CaptureFixture[str]) -> Iterator[tuple[FakeProbe, str, int]]:
    fake = FakeProbe(server_threads=2, head_timeout=30.0, body_timeout=30.0)
    with fake.serve() as base_url:
        yield fake, base_url, int(base_url.rsplit(":", 1)[1])
    assert fake.server_errors == []
    assert capfd.readouterr().err == ""


def _read_to_close(sock: socket.socket) -> bytes:
    data = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            data += chunk
    return data


def _served_promptly(fake: FakeProbe, base_url: str) -> float:
    """Seconds a normal client takes to be answered (asserting it was)."""
    started = time.perf_counter()
    response = httpx.get(f"{base_url}{TYPES_PATH}", headers={"X-Api-Key": fake.api_key}, timeout=SLACK + 5)
    assert response.status_code == 200
    return time.perf_counter() - started


def test_200_half_sent_request_lines_leave_the_server_serving_others(served: tuple[FakeProbe, str, int]) -> None:
    fake, base_url, port = served
    slow = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(200)]
    try:
        for sock in slow:
            sock.sendall(b"GET /api/target/ty")  # and never the rest
        time.sleep(0.2)  # the server has read every one of them
        assert _served_promptly(fake, base_url) < SLACK
        # With two workers, the old thread-per-connection server would have needed 200 threads here.
        assert threading.active_count() < 50
    finally:
        for sock in slow:
            sock.close()
    assert [r.status for r in fake.requests] == [200]


def test_a_head_that_never_ends_is_408_after_head_timeout(served: tuple[FakeProbe, str, int]) -> None:
    fake, _, port = served
    fake.head_timeout = 0.3
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /api/target/types HTTP/1.1\r\nHost: x\r\n")
        for _ in range(3):  # a header line now and then, as a slowloris does: the deadline is for the whole head
            time.sleep(0.1)
            with contextlib.suppress(OSError):
                sock.sendall(b"X-a: b\r\n")
        answer = _read_to_close(sock)
    elapsed = time.perf_counter() - started
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b'"code":"REQUEST_TIMEOUT"' in answer
    assert b"Connection: close" in answer
    assert 0.3 <= elapsed < 0.3 + SLACK


def test_a_body_dribbled_a_byte_at_a_time_is_408_within_the_whole_body_deadline(
    served: tuple[FakeProbe, str, int],
) -> None:
    fake, base_url, port = served
    fake.body_timeout = 0.5
    head = f"POST {CREATE_PATH} HTTP/1.1\r\nHost: x\r\nX-Api-Key: {fake.api_key}\r\nContent-Length: 100\r\n\r\n"
    stop = threading.Event()

    def dribble(sock: socket.socket) -> None:
        while not stop.wait(0.05):  # every read brings a byte, well within any per-read timeout
            try:
                sock.sendall(b" ")
            except OSError:
                return

    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head.encode())
        sender = threading.Thread(target=dribble, args=(sock,))
        sender.start()
        try:
            answer = _read_to_close(sock)
        finally:
            stop.set()
            sender.join()
    elapsed = time.perf_counter() - started
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b"within 0.5 seconds" in answer
    assert 0.5 <= elapsed < 0.5 + SLACK
    assert _served_promptly(fake, base_url) < SLACK
    assert [r.status for r in fake.requests] == [408, 200]


def test_many_stalled_bodies_hold_no_worker(served: tuple[FakeProbe, str, int]) -> None:
    fake, base_url, port = served
    head = f"POST {CREATE_PATH} HTTP/1.1\r\nHost: x\r\nX-Api-Key: {fake.api_key}\r\nContent-Length: 100\r\n\r\n{{"
    stalled = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(50)]
    try:
        for sock in stalled:
            sock.sendall(head.encode())
        time.sleep(0.2)
        assert _served_promptly(fake, base_url) < SLACK
    finally:
        for sock in stalled:
            sock.close()


def test_a_delayed_answer_holds_no_worker() -> None:
    fake = FakeProbe(server_threads=1)
    fake.delay_next(30.0, operation="getTarget")
    target_id = fake.add_target()
    outcome: list[BaseException | int] = []

    def delayed(base_url: str) -> None:
        try:
            response = httpx.get(f"{base_url}/api/v2/workspaces/1/target/{target_id}", headers=headers, timeout=60)
            outcome.append(response.status_code)
        except httpx.HTTPError as error:  # the server stops before the 30 s are up: the connection is closed
            outcome.append(error)

    headers = {"X-Api-Key": fake.api_key}
    with fake.serve() as base_url:
        slow = threading.Thread(target=delayed, args=(base_url,))
        slow.start()
        while not fake.requests:  # the delayed request has been handled; its answer waits on the timer
            time.sleep(0.01)
        started = time.perf_counter()
        assert httpx.get(f"{base_url}{TYPES_PATH}", headers=headers, timeout=SLACK + 5).status_code == 200
        assert time.perf_counter() - started < SLACK  # served by the only worker, long before the delayed answer
        stopping = time.perf_counter()
    assert time.perf_counter() - stopping < SLACK  # stopping does not wait for the delayed answer either
    slow.join()
    assert isinstance(outcome[0], httpx.HTTPError)
    assert fake.server_errors == []


def test_an_idle_keep_alive_connection_is_closed_after_idle_timeout() -> None:
    fake = FakeProbe(idle_timeout=0.3)
    with fake.serve() as base_url, socket.create_connection(("127.0.0.1", int(base_url.rsplit(":", 1)[1]))) as sock:
        sock.settimeout(0.3 + SLACK + 5)
        started = time.perf_counter()
        sock.sendall(f"GET {TYPES_PATH} HTTP/1.1\r\nHost: x\r\nX-Api-Key: {fake.api_key}\r\n\r\n".encode())
        answer = _read_to_close(sock)  # the answer, then the close once the connection has idled
        elapsed = time.perf_counter() - started
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert 0.3 <= elapsed < 0.3 + SLACK


def test_pipelined_requests_on_one_connection_are_all_answered(served: tuple[FakeProbe, str, int]) -> None:
    fake, _, port = served
    one = f"GET {TYPES_PATH} HTTP/1.1\r\nHost: x\r\nX-Api-Key: {fake.api_key}\r\n\r\n"
    last = f"GET {TYPES_PATH} HTTP/1.1\r\nHost: x\r\nX-Api-Key: {fake.api_key}\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall((one * 2 + last).encode())
        answer = _read_to_close(sock)
    assert answer.count(b"HTTP/1.1 200 ") == 3
    assert len({r.thread for r in fake.requests}) == 1  # one connection


def test_server_threads_must_be_positive() -> None:
    with pytest.raises(ValueError, match="server_threads"):
        FakeProbe(server_threads=0)


def test_a_client_waiting_for_100_continue_is_told_to_send_its_body(served: tuple[FakeProbe, str, int]) -> None:
    fake, _, port = served
    body = b'{"name": "x"}'
    head = (
        f"POST {CREATE_PATH} HTTP/1.1\r\nHost: x\r\nX-Api-Key: {fake.api_key}\r\nContent-Length: {len(body)}\r\n"
        "Expect: 100-continue\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head.encode())
        interim = b""
        while len(interim) < 25 and (chunk := sock.recv(25 - len(interim))):
            interim += chunk
        assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(body)
        answer = _read_to_close(sock)
    assert answer.startswith(b"HTTP/1.1 400 ")  # the body reached the fake and was judged (it lacks fields)
    assert b"validationErrors" in answer
