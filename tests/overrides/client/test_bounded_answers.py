"""Hostile answers end in the SDK's typed errors with bounded memory: the decoded-size cap (``max_response_bytes``),
a gzip/deflate bomb stopped at it, JSON nested past ``MAX_JSON_DEPTH``, and ``Retry-After`` read strictly.

The bombs and over-long answers come over real sockets from ``hostile_server``; scripted faults use MockTransport.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import struct
import tracemalloc
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from hostile_server import HostileServer, answer
from overrides.client.scripted import API_KEY, BASE_URL, Script, Sleeps, error_body, json_response

from splx_probe_client import APIResponseValidationError, ProbeClient, SyncProbeClient
from splx_probe_client.testing import FakeProbe

MiB = 1024 * 1024
TYPES = [{"details": [], "id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "label": "Chatbot"}]


def call(kind: str, make: Callable[[type[Any]], Any]) -> Any:
    """``client.targets.list_types()`` on a client ``make(ProbeClient or SyncProbeClient)`` builds, then closed."""
    if kind == "sync":
        with make(SyncProbeClient) as client:
            return client.targets.list_types()

    async def run() -> Any:
        async with make(ProbeClient) as client:
            return await client.targets.list_types()

    return asyncio.run(run())


def transport_of(kind: str, handler: Callable[[httpx.Request], httpx.Response]) -> Any:
    return httpx.MockTransport(handler)


KINDS = pytest.mark.parametrize("kind", ["async", "sync"])


def gzip_bomb(decoded_mib: int) -> bytes:
    """A valid gzip stream of ``decoded_mib`` MiB of zeros, about 1 KB per MiB: built from one compressed MiB.

    A full flush makes each compressed MiB independent of the one before, so the same bytes repeat.
    """
    zeros = bytes(MiB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    piece = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()
    crc = 0
    for _ in range(decoded_mib):
        crc = zlib.crc32(zeros, crc)
    trailer = struct.pack("<II", crc, (decoded_mib * MiB) & 0xFFFFFFFF)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + piece * decoded_mib + end + trailer


@pytest.fixture(scope="module")
def bomb() -> bytes:
    made = gzip_bomb(1024)  # 1 GiB once decoded
    assert 900_000 < len(made) < 1_200_000  # "a 1 MB gzip body"
    return made


def test_the_bomb_is_a_real_gzip_stream() -> None:
    # The helper's trick checked on a small one: it decodes to exactly what it claims.
    assert gzip.decompress(gzip_bomb(3)) == bytes(3 * MiB)


# --- the decoded-size cap ------------------------------------------------------------------------------------


@KINDS
def test_a_gzip_bomb_stops_at_the_cap_with_bounded_memory(kind: str, bomb: bytes) -> None:
    cap = 4 * MiB
    with HostileServer(answer(bomb, content_type="application/json", content_encoding="gzip")) as server:
        tracemalloc.start()
        try:
            with pytest.raises(APIResponseValidationError) as raised:
                call(kind, lambda cls: cls(API_KEY, base_url=server.base_url, max_response_bytes=cap))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert server.accepted == 1  # never retried: the same answer would be as large again
    print(f"peak {peak / MiB:.2f} MiB under a {cap // MiB} MiB cap")  # reported with -s
    assert peak < 2 * cap, f"peak {peak / MiB:.1f} MiB while reading a 1 GiB bomb under a {cap // MiB} MiB cap"
    message = str(raised.value)
    assert "max_response_bytes=4194304 (4 MiB) bytes" in message
    assert "larger max_response_bytes=" in message  # how to change it
    assert raised.value.retries == 0
    assert raised.value.status_code == 200
    assert len(raised.value.body) <= 1024


@pytest.fixture(scope="module", params=[False, True], ids=["zlib-deflate", "raw-deflate"])
def deflate_bomb(request: pytest.FixtureRequest) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS if request.param else zlib.MAX_WBITS)
    return compressor.compress(bytes(16 * MiB)) + compressor.flush()


@KINDS
def test_a_deflate_bomb_stops_at_the_cap(kind: str, deflate_bomb: bytes) -> None:
    body = deflate_bomb
    with (
        HostileServer(answer(body, content_type="application/json", content_encoding="deflate")) as server,
        pytest.raises(APIResponseValidationError, match=r"max_response_bytes=1048576 \(1 MiB\)"),
    ):
        call(kind, lambda cls: cls(API_KEY, base_url=server.base_url, max_response_bytes=MiB))


@KINDS
def test_an_answer_over_the_cap_without_encoding_stops_there(kind: str) -> None:
    body = b'["' + b"x" * (3 * MiB) + b'"]'
    with HostileServer(answer(body, content_type="application/json")) as server:
        with pytest.raises(APIResponseValidationError, match="max_response_bytes=2097152"):
            call(kind, lambda cls: cls(API_KEY, base_url=server.base_url, max_response_bytes=2 * MiB))
        assert server.accepted == 1


@KINDS
def test_a_compressed_answer_within_the_cap_is_read_whole(kind: str) -> None:
    # The cap counts decoded bytes: a body exactly at it passes, and decoding gives the server's JSON back.
    body = json.dumps(TYPES).encode()
    for encoding, encoded in (("gzip", gzip.compress(body)), ("deflate", zlib.compress(body))):
        with HostileServer(answer(encoded, content_type="application/json", content_encoding=encoding)) as server:
            types = call(kind, lambda cls: cls(API_KEY, base_url=server.base_url, max_response_bytes=len(body)))
        assert [item.to_dict() for item in types] == TYPES, encoding


@KINDS
def test_a_garbled_gzip_body_is_still_a_connection_error(kind: str) -> None:
    from splx_probe_client import APIConnectionError

    with (
        HostileServer(answer(b"not gzip at all", content_encoding="gzip")) as server,
        pytest.raises(APIConnectionError, match="DecodingError"),
    ):
        call(kind, lambda cls: cls(API_KEY, base_url=server.base_url, max_retries=0))


@KINDS
def test_an_answer_a_mock_transport_holds_is_checked_against_the_cap(kind: str) -> None:
    big = json_response(200, [{"name": "x" * 2000}])
    with pytest.raises(APIResponseValidationError, match="max_response_bytes=1000"):
        call(
            kind,
            lambda cls: cls(
                API_KEY, base_url=BASE_URL, transport=httpx.MockTransport(lambda r: big), max_response_bytes=1000
            ),
        )


@KINDS
def test_an_error_answer_over_the_cap_is_the_same_error(kind: str) -> None:
    body = json.dumps(error_body("x" * 5000)).encode()
    with HostileServer(answer(body, status=500, content_type="application/json")) as server:
        with pytest.raises(APIResponseValidationError, match="max_response_bytes=4096"):
            call(kind, lambda cls: cls(API_KEY, base_url=server.base_url, max_response_bytes=4096))
        assert server.accepted == 1  # a 500 is retried for a GET, a too-large one is not


@KINDS
@pytest.mark.parametrize("value", [0, -1, True, 1.5, "1024", None])
def test_max_response_bytes_must_be_a_positive_int(kind: str, value: Any) -> None:
    cls = SyncProbeClient if kind == "sync" else ProbeClient
    with pytest.raises(ValueError, match="max_response_bytes must be an int >= 1"):
        cls(API_KEY, base_url=BASE_URL, max_response_bytes=value)


def test_the_default_cap_is_32_mib() -> None:
    body = b'["' + b"x" * (32 * MiB) + b'"]'  # just over 32 MiB
    with (
        HostileServer(answer(body, content_type="application/json")) as server,
        pytest.raises(APIResponseValidationError, match=r"max_response_bytes=33554432 \(32 MiB\)"),
    ):
        call("sync", lambda cls: cls(API_KEY, base_url=server.base_url))


def test_the_sync_clients_polling_requests_honour_the_cap() -> None:
    # Polling runs on the sync client's loop thread through the same pool: the cap is the client's there too.
    fake = FakeProbe(polls_to_finish=1)
    target = fake.add_target(1)
    with fake.serve() as base_url, SyncProbeClient(fake.api_key, base_url=base_url) as client:
        run_id = client.test_runs.with_raw_response.trigger(
            workspace_id=1, body=_run_request(target)
        ).parsed.test_run_id
    with (
        fake.serve() as base_url,
        SyncProbeClient(fake.api_key, base_url=base_url, max_response_bytes=64) as client,
        pytest.raises(APIResponseValidationError, match="max_response_bytes=64"),
    ):
        client.test_runs.wait(workspace_id=1, target_id=target, test_run_id=run_id, poll_interval=0.01)


async def test_the_async_clients_polling_requests_honour_the_cap() -> None:
    fake = FakeProbe(polls_to_finish=1)
    target = fake.add_target(1)
    async with fake.serve_async() as base_url:
        async with ProbeClient(fake.api_key, base_url=base_url) as client:
            run_id = (
                await client.test_runs.with_raw_response.trigger(workspace_id=1, body=_run_request(target))
            ).parsed.test_run_id
        async with ProbeClient(fake.api_key, base_url=base_url, max_response_bytes=64) as client:
            with pytest.raises(APIResponseValidationError, match="max_response_bytes=64"):
                await client.test_runs.wait(workspace_id=1, target_id=target, test_run_id=run_id, poll_interval=0.01)


def _run_request(target: int) -> Any:
    from overrides.client.test_sync_client import run_request

    return run_request(target)


# --- JSON nesting ------------------------------------------------------------------------------------------------


def nested(depth: int, filler: int = 0) -> bytes:
    """A JSON list nested ``depth`` deep, padded with spaces to about ``filler`` bytes."""
    return b"[" * depth + b" " * filler + b"]" * depth


@KINDS
def test_a_12_kb_answer_nested_600_deep_is_a_validation_error(kind: str) -> None:
    body = nested(600, filler=12_000 - 1200)
    assert 11_000 < len(body) < 13_000
    with (
        HostileServer(answer(body, content_type="application/json")) as server,
        pytest.raises(APIResponseValidationError, match=r"nests deeper than 200 levels") as raised,
    ):
        call(kind, lambda cls: cls(API_KEY, base_url=server.base_url))
    assert "MAX_JSON_DEPTH" in str(raised.value)
    assert len(raised.value.body) <= 1024
    repr(raised.value)  # the error itself is safe to show


@KINDS
def test_objects_nested_deep_are_refused_too(kind: str) -> None:
    body = b'{"a":' * 300 + b"1" + b"}" * 300
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    with pytest.raises(APIResponseValidationError, match="nests deeper than 200"):
        call(kind, lambda cls: cls(API_KEY, base_url=BASE_URL, transport=transport))


@KINDS
def test_brackets_inside_strings_do_not_count_as_nesting(kind: str) -> None:
    # 1000 brackets, all in strings (escaped quotes included): the answer is read as usual.
    types = [{**TYPES[0], "label": '[{"\\"' * 250}]
    transport = httpx.MockTransport(lambda request: json_response(200, types))
    parsed = call(kind, lambda cls: cls(API_KEY, base_url=BASE_URL, transport=transport))
    assert parsed[0].label == '[{"\\"' * 250


@KINDS
def test_many_brackets_that_nest_shallowly_are_read(kind: str) -> None:
    types = TYPES * 300  # 300 objects in one list: more brackets than the limit, depth 2
    transport = httpx.MockTransport(lambda request: json_response(200, types))
    assert len(call(kind, lambda cls: cls(API_KEY, base_url=BASE_URL, transport=transport))) == 300


@KINDS
def test_the_nesting_limit_can_be_changed(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from splx_probe_client import _parsing

    monkeypatch.setattr(_parsing, "MAX_JSON_DEPTH", 5)
    body = json.dumps([{**TYPES[0], "extra": [[[[[1]]]]]}]).encode()  # depth 7
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    with pytest.raises(APIResponseValidationError, match="nests deeper than 5 levels"):
        call(kind, lambda cls: cls(API_KEY, base_url=BASE_URL, transport=transport))


@KINDS
def test_a_recursion_error_while_parsing_is_a_validation_error(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from splx_probe_client.models import RiskScorePresetDto

    def exhausted(*args: object, **kwargs: object) -> object:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(RiskScorePresetDto, "from_dict", classmethod(exhausted))
    transport = httpx.MockTransport(lambda request: json_response(200, TYPES))
    with pytest.raises(APIResponseValidationError, match="RecursionError") as raised:
        call(kind, lambda cls: cls(API_KEY, base_url=BASE_URL, transport=transport))
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__


# --- Retry-After ---------------------------------------------------------------------------------------------------


def waits_after(kind: str, value: str) -> list[float]:
    """The waits a client made after one 503 carrying ``Retry-After: value``, then a 200."""
    # Sent as bytes: a server can send any byte; httpx reads a non-ASCII value as UTF-8, else latin-1.
    busy = httpx.Response(503, json=error_body("busy"), headers=[(b"Retry-After", value.encode("utf-8"))])
    script = Script().then(busy, json_response(200, TYPES))
    sleeps = Sleeps()
    sleep = sleeps.blocking if kind == "sync" else sleeps
    call(kind, lambda cls: cls(API_KEY, base_url=BASE_URL, transport=script.transport(), retry_sleep=sleep))
    assert len(script.requests) == 2
    return sleeps.waits


UNREADABLE = [
    "1_0",
    "nan",
    "NaN",
    "inf",
    "-1",
    "+5",
    "1e3",
    "1.5",
    "0x10",
    "\u0663",
    "\uff15",
    "5 5",
    "\x0b5",
    "5\x0c",
    "",
    "soon",
    "Sun, 06 Nov 1994 08:49:37 +0000",
    "Sun, 6 Nov 2094 08:49:37 GMT",
    "Sun, 31 Feb 2094 08:49:37 GMT",
    "9" * 5000,
]


@KINDS
@pytest.mark.parametrize("value", UNREADABLE)
def test_a_retry_after_that_is_not_rfc_9110_gets_the_normal_backoff(
    kind: str, value: str, caplog: pytest.LogCaptureFixture
) -> None:
    if value == "9" * 5000:
        pytest.skip("digits only: read as delay-seconds, capped (see below)")
    with caplog.at_level(logging.DEBUG, logger="splx_probe_client"):
        waits = waits_after(kind, value)
    [wait] = waits
    assert 0.25 <= wait <= 0.5  # the first backoff step
    assert any("ignoring a Retry-After" in record.getMessage() for record in caplog.records)


@KINDS
@pytest.mark.parametrize(
    ("value", "seconds"), [("5", 5.0), (" 5", 5.0), ("5\t", 5.0), ("007", 7.0), ("0", 0.0), ("9" * 5000, 60.0)]
)
def test_delay_seconds_are_ascii_digits_with_optional_whitespace_around(kind: str, value: str, seconds: float) -> None:
    assert waits_after(kind, value) == [seconds]


@KINDS
@pytest.mark.parametrize("form", ["imf", "rfc850", "asctime"])
def test_each_http_date_form_is_honoured(kind: str, form: str) -> None:
    when = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=30)
    value = {
        "imf": format_datetime(when, usegmt=True),
        "rfc850": when.strftime("%A, %d-%b-%y %H:%M:%S GMT"),
        "asctime": when.strftime("%a %b ") + f"{when.day:2d}" + when.strftime(" %H:%M:%S %Y"),
    }[form]
    [wait] = waits_after(kind, value)
    assert 25.0 <= wait <= 30.0, value


def test_a_nan_retry_after_with_the_real_sleep_of_the_sync_client_waits_the_backoff() -> None:
    # Before: ValueError from time.sleep(nan). Now the normal backoff, a real wait of at most half a second.
    script = Script().then(json_response(503, error_body("busy"), **{"Retry-After": "nan"}), json_response(200, TYPES))
    with SyncProbeClient(API_KEY, base_url=BASE_URL, transport=script.transport()) as client:
        assert len(client.targets.list_types()) == 1
