"""API keys and header values are checked before anything is sent, by both clients, and never shown.

Surrounding whitespace (a key read from a file or a Kubernetes secret, with its newline) is stripped and logged at
WARNING without the value; a control character or a character HTTP cannot carry is an ``InvalidHeaderError``
naming the parameter (``api_key``, ``SPLX_API_KEY``, ``extra_headers['X-Trace']``, ``headers['X-Trace']``).
Belt and braces: whatever a transport's exception says, the error built from it masks the client's key and
header values, in its message and in the chain a traceback prints.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import traceback
from collections.abc import Callable, Mapping
from typing import Any

import httpx
import pytest

from splx_probe_client import (
    APIConnectionError,
    AuthenticationError,
    ProbeClient,
    ProbeError,
    SyncProbeClient,
)
from splx_probe_client._exceptions import InvalidHeaderError

KEY = "sk-live-7Hq2x9Kd"
BASE_URL = "https://probe.test"
TYPES: list[Any] = []  # list_types answers an empty list: enough to know the request went out

# Keys no HTTP library can send as they are, and what each one is.
BAD_KEYS = {
    "CR LF inside": f"{KEY}\r\nX-Evil: 1",
    "LF inside": f"sk-live\n{KEY}",
    "NUL": f"{KEY}\x00",
    "DEL": f"{KEY}\x7f",
    "ESC": f"\x1b[31m{KEY}",
    "C1 control": f"{KEY}\x85x",
    "latin-1 letter": f"{KEY}\u00e9",
    "beyond latin-1": f"{KEY}\u20ac",
    "byte-order mark": f"\ufeff{KEY}",
    "lone surrogate": f"{KEY}\udc80",
}
BAD_VALUES = {
    "CR LF inside": "trace-4471\r\nX-Evil: 1",
    "LF inside": "trace\n4471-secret",
    "NUL": "trace-4471\x00",
    "DEL": "trace-4471\x7f",
    "beyond latin-1": "trace-4471-\u20ac",
    "lone surrogate": "trace-4471-\udc80",
}


class Recorder:
    """A MockTransport handler answering ``list_types`` and recording what was sent."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json=TYPES)


def _list_types(kind: str, recorder: Recorder, use: Callable[[Any], Any] | None = None, **options: Any) -> None:
    """``client.targets.list_types()`` on a ``kind`` ("async" or "sync") client built with ``options``.

    ``use`` turns the client into the one that calls (``lambda c: c.with_headers(...)``) and may pass per-call
    options by returning ``(client, call_options)``.
    """
    options.setdefault("transport", httpx.MockTransport(recorder))
    if kind == "sync":
        with SyncProbeClient(base_url=BASE_URL, **options) as client:
            caller, call_options = use(client) if use else (client, {})
            caller.targets.list_types(**call_options)
        return

    async def run() -> None:
        async with ProbeClient(base_url=BASE_URL, **options) as client:
            caller, call_options = use(client) if use else (client, {})
            await caller.targets.list_types(**call_options)

    asyncio.run(run())


def _shows(error: BaseException, secret: str) -> bool:
    """Whether ``secret`` (or a distinctive part of it) shows in the error's str, repr, traceback or pickle."""
    shown = "\n".join([str(error), repr(error), "".join(traceback.format_exception(error)), repr(pickle.dumps(error))])
    distinctive = [part for part in ("7Hq2x9Kd", "trace-4471", "4471-secret") if part in secret]
    return any(part in shown for part in [secret, secret.strip(), *distinctive])


KINDS = pytest.mark.parametrize("kind", ["async", "sync"])


@KINDS
def test_a_key_with_a_trailing_newline_is_stripped_and_a_warning_logged_without_it(
    kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder()
    with caplog.at_level(logging.WARNING, logger="splx_probe_client"):
        _list_types(kind, recorder, api_key=f"{KEY}\n")
    assert [request.headers["x-api-key"] for request in recorder.requests] == [KEY]
    [record] = [record for record in caplog.records if record.name == "splx_probe_client"]
    assert record.levelno == logging.WARNING
    assert "api_key" in record.getMessage()
    assert "trailing newline" in record.getMessage()
    assert KEY not in record.getMessage()
    assert KEY not in repr(record.args)


@KINDS
@pytest.mark.parametrize("padded", [f" {KEY}", f"{KEY}\r\n", f"\t{KEY} \n", f"{KEY}\u00a0"])
def test_surrounding_whitespace_of_a_key_from_the_environment_is_stripped(
    kind: str, padded: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SPLX_API_KEY", padded)
    recorder = Recorder()
    with caplog.at_level(logging.WARNING, logger="splx_probe_client"):
        _list_types(kind, recorder)
    assert recorder.requests[0].headers["x-api-key"] == KEY
    assert "SPLX_API_KEY" in caplog.text
    assert KEY not in caplog.text


@KINDS
@pytest.mark.parametrize("what", sorted(BAD_KEYS))
def test_a_key_that_cannot_be_sent_is_refused_naming_api_key_before_anything_is_sent(kind: str, what: str) -> None:
    key = BAD_KEYS[what]
    recorder = Recorder()
    with pytest.raises(InvalidHeaderError) as caught:
        _list_types(kind, recorder, api_key=key)
    error = caught.value
    assert isinstance(error, ProbeError)
    assert isinstance(error, ValueError)
    assert str(error).startswith("api_key contains ")
    assert not _shows(error, key)
    assert recorder.requests == []


@KINDS
@pytest.mark.parametrize("what", ["CR LF inside", "ESC", "latin-1 letter", "beyond latin-1", "DEL"])
def test_a_key_from_the_environment_that_cannot_be_sent_names_splx_api_key(
    kind: str, what: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPLX_API_KEY", BAD_KEYS[what])
    recorder = Recorder()
    with pytest.raises(InvalidHeaderError, match=r"^SPLX_API_KEY contains ") as caught:
        _list_types(kind, recorder)
    assert not _shows(caught.value, BAD_KEYS[what])
    assert recorder.requests == []


@KINDS
@pytest.mark.parametrize("key", ["\n", " \r\n\t "])
def test_a_key_of_whitespace_only_is_refused_as_empty(kind: str, key: str) -> None:
    with pytest.raises(InvalidHeaderError, match=r"^api_key is empty"):
        _list_types(kind, Recorder(), api_key=key)


@KINDS
def test_a_key_that_is_no_str_is_a_type_error_naming_it(kind: str) -> None:
    with pytest.raises(TypeError, match=r"^api_key must be a str, got bytes"):
        _list_types(kind, Recorder(), api_key=KEY.encode())


def _per_call(headers: Mapping[str, str]) -> Callable[[Any], Any]:
    return lambda client: (client, {"extra_headers": headers})


def _with_headers(headers: Mapping[str, str]) -> Callable[[Any], Any]:
    return lambda client: (client.with_headers(dict(headers)), {})


def _with_options(headers: Mapping[str, str]) -> Callable[[Any], Any]:
    return lambda client: (client.with_options(headers=headers), {})


# How headers reach a request: the parameter an error names, and what makes the calling client (None: the constructor).
WAYS: dict[str, tuple[str, Callable[[Mapping[str, str]], Callable[[Any], Any]] | None]] = {
    "extra_headers": ("extra_headers", _per_call),
    "with_headers": ("headers", _with_headers),
    "with_options": ("headers", _with_options),
    "constructor": ("headers", None),
}


def _send_headers(kind: str, way: str, headers: dict[str, str], recorder: Recorder) -> None:
    make_use = WAYS[way][1]
    if make_use is None:
        _list_types(kind, recorder, api_key=KEY, headers=headers)
    else:
        _list_types(kind, recorder, make_use(headers), api_key=KEY)


@KINDS
@pytest.mark.parametrize("way", sorted(WAYS))
@pytest.mark.parametrize("what", sorted(BAD_VALUES))
def test_a_header_value_that_cannot_be_sent_is_refused_naming_the_entry(kind: str, way: str, what: str) -> None:
    value = BAD_VALUES[what]
    recorder = Recorder()
    with pytest.raises(InvalidHeaderError) as caught:
        _send_headers(kind, way, {"X-Trace": value}, recorder)
    parameter = WAYS[way][0]
    assert str(caught.value).startswith(f"{parameter}['X-Trace'] contains ")
    assert not _shows(caught.value, value)
    assert recorder.requests == []


@KINDS
@pytest.mark.parametrize("way", sorted(WAYS))
def test_surrounding_whitespace_of_a_header_value_is_stripped_with_a_warning(
    kind: str, way: str, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder()
    with caplog.at_level(logging.WARNING, logger="splx_probe_client"):
        _send_headers(kind, way, {"X-Trace": " trace-4471-secret\n"}, recorder)
    assert recorder.requests[0].headers["x-trace"] == "trace-4471-secret"
    assert f"{WAYS[way][0]}['X-Trace'] has whitespace around it" in caplog.text
    assert "4471-secret" not in caplog.text


@KINDS
@pytest.mark.parametrize("way", sorted(WAYS))
def test_a_latin_1_header_value_is_sent_as_latin_1(kind: str, way: str) -> None:
    recorder = Recorder()
    _send_headers(kind, way, {"X-Site": "Z\u00fcrich", "X-Tab": "a\tb"}, recorder)
    raw = dict(recorder.requests[0].headers.raw)
    assert (raw[b"X-Site"], raw[b"X-Tab"]) == (b"Z\xfcrich", b"a\tb")


@KINDS
@pytest.mark.parametrize("name", ["X Trace", "X-Trace:", "X-Trace\r\nX-Evil", "", "X-\u00e9"])
def test_a_header_name_that_is_no_token_is_refused(kind: str, name: str) -> None:
    recorder = Recorder()
    with pytest.raises(InvalidHeaderError, match=r"^extra_headers has a header name that is no HTTP token"):
        _list_types(kind, recorder, _per_call({name: "v"}), api_key=KEY)
    assert recorder.requests == []


@KINDS
def test_no_header_check_runs_per_request_when_no_extra_headers_are_given(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from splx_probe_client import _resource_base

    recorder = Recorder()

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("a header check ran on the hot path")

    def use(client: Any) -> tuple[Any, dict[str, Any]]:
        monkeypatch.setattr(_resource_base, "check_header_value", refuse)  # after construction
        return client, {}

    _list_types(kind, recorder, use, api_key=KEY, headers={"X-Trace": "t"})
    assert len(recorder.requests) == 1


def test_a_trigger_with_bad_extra_headers_is_refused_before_anything_is_sent() -> None:
    from splx_probe_client.models import TriggerTestRunRequest

    recorder = Recorder()
    body = TriggerTestRunRequest(name="nightly", probe_ids=[1], target_id=2)

    async def run() -> None:
        async with ProbeClient(KEY, base_url=BASE_URL, transport=httpx.MockTransport(recorder)) as client:
            await client.test_runs.trigger(
                workspace_id=1, body=body, extra_headers={"X-Trace": BAD_VALUES["LF inside"]}
            )

    with pytest.raises(InvalidHeaderError, match=r"^extra_headers\['X-Trace'\] contains "):
        asyncio.run(run())
    assert recorder.requests == []


def test_a_sync_trigger_with_bad_extra_headers_is_refused_before_anything_is_sent() -> None:
    from splx_probe_client.models import TriggerTestRunRequest

    recorder = Recorder()
    body = TriggerTestRunRequest(name="nightly", probe_ids=[1], target_id=2)
    with (
        SyncProbeClient(KEY, base_url=BASE_URL, transport=httpx.MockTransport(recorder)) as client,
        pytest.raises(InvalidHeaderError, match=r"^extra_headers\['X-Trace'\] contains "),
    ):
        client.test_runs.trigger(workspace_id=1, body=body, extra_headers={"X-Trace": BAD_VALUES["NUL"]})
    assert recorder.requests == []


# Belt and braces: a message built from a transport exception, whatever it quotes, does not show the key.


def _quoting_failure(request: httpx.Request) -> httpx.Response:
    key = request.headers["x-api-key"]
    trace = request.headers["x-trace"]
    try:
        try:
            raise ValueError(f"Illegal header value {key.encode()!r}")  # how h11 words it
        except ValueError as inner:
            raise httpx.RemoteProtocolError(f"peer closed: header {trace} rejected ({key})") from inner
    except httpx.RemoteProtocolError as outer:
        raise httpx.LocalProtocolError(f"cannot send {key!r} / {trace!r}") from outer


@KINDS
def test_a_transport_error_quoting_the_key_or_a_header_value_shows_neither(kind: str) -> None:
    with pytest.raises(APIConnectionError) as caught:
        _list_types(
            kind,
            Recorder(),
            _per_call({"X-Trace": "trace-4471-secret"}),
            api_key=KEY,
            transport=httpx.MockTransport(_quoting_failure),
            max_retries=0,
        )
    error = caught.value
    assert "LocalProtocolError: cannot send" in str(error)
    printed = "".join(traceback.format_exception(error))  # the whole chain, as a traceback prints it
    assert "Illegal header value b'***'" in printed
    for secret in (KEY, "trace-4471-secret"):
        assert secret not in printed
        assert secret not in repr(error)
        assert secret not in repr(pickle.dumps(error))
        assert error.request is not None
        assert secret not in repr(error.request.headers)


def _list_types_async(**options: Any) -> BaseException:
    async def run() -> BaseException:
        async with ProbeClient(base_url=BASE_URL, max_retries=0, **options) as client:
            try:
                await client.targets.list_types()
            except ProbeError as error:
                return error
        raise AssertionError("no error raised")

    return asyncio.run(run())


def test_an_answer_echoing_the_key_in_free_text_does_not_show_it() -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401, text=f"Unknown API key {request.headers['x-api-key']} (tenant {request.headers['x-tenant']})"
        )

    error = _list_types_async(api_key=KEY, headers={"X-Tenant": "acme-tenant-12"}, transport=httpx.MockTransport(echo))
    assert isinstance(error, AuthenticationError)
    for secret in (KEY, "acme-tenant-12"):
        assert secret not in str(error)
        assert secret not in repr(error.body)
        assert secret not in error.response.text
        assert secret not in repr(pickle.dumps(error))
    assert "Unknown API key ***" in str(error)


def test_the_password_of_a_base_url_is_masked_where_an_error_quotes_it() -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, text=f"refused: Authorization was {request.headers['authorization']}; pw=xx")

    async def run() -> BaseException:
        async with ProbeClient(
            KEY, base_url="https://bot:pa55-w0rd-9@probe.test", transport=httpx.MockTransport(echo), max_retries=0
        ) as client:
            try:
                await client.targets.list_types()
            except ProbeError as error:
                return error
        raise AssertionError("no error raised")

    error = asyncio.run(run())
    assert "pa55-w0rd-9" not in str(error)
    assert "Ym90OnBhNTUtdzByZC05" not in str(error)  # base64 of bot:pa55-w0rd-9
