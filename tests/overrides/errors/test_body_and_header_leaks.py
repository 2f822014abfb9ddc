"""Nothing a request or an answer carried as a secret survives in an error: message, repr, fields, pickle.

Error bodies that are not the documented shape, a 2xx body the SDK cannot read, and custom header values
(``X-Custom-Auth``, ``X-Session``...) are all masked; the masking needs no knowledge of the header's name.
"""

from __future__ import annotations

import asyncio
import pickle
from collections.abc import Callable

import httpx
import pytest

from splx_probe_client import APIResponseValidationError, APIStatusError, ProbeClient, ProbeError
from splx_probe_client._secrets import MASK, redact_headers, redact_text

SECRETS = ["sk-live-9f3a", "hdr-7c1e", "sess-2b8d", "sig-5e0a", "cookie-4d2f", "KEY-client-31"]


def _error_from(handler: Callable[[httpx.Request], httpx.Response], **client_options: object) -> ProbeError:
    async def run() -> ProbeError:
        async with ProbeClient(
            "KEY-client-31",
            base_url="https://probe.test",
            transport=httpx.MockTransport(handler),
            max_retries=0,
            headers={"X-Custom-Auth": "hdr-7c1e"},
            **client_options,  # type: ignore[arg-type]
        ) as client:
            try:
                await client.targets.get(
                    workspace_id=1,
                    target_id=2,
                    extra_headers={"X-Session": "sess-2b8d", "X-Signature": "sig-5e0a", "X-Request-Id": "req-1"},
                )
            except ProbeError as error:
                return error
        raise AssertionError("no error raised")

    return asyncio.run(run())


def _everything_shown(error: ProbeError) -> str:
    parts = [str(error), repr(error), repr(error.__dict__), pickle.dumps(error).decode("latin-1")]
    request = getattr(error, "request", None)
    response = getattr(error, "response", None)
    if request is not None:
        parts += [str(request.url), repr(request.headers.multi_items()), request.content.decode()]
    if response is not None:
        parts += [response.text, repr(response.headers.multi_items())]
    return "\n".join(parts)


def _assert_nothing_leaks(error: ProbeError) -> str:
    shown = _everything_shown(error)
    assert [secret for secret in SECRETS if secret in shown] == []
    restored = pickle.loads(pickle.dumps(error))
    assert [secret for secret in SECRETS if secret in _everything_shown(restored)] == []
    return shown


def test_a_422_json_body_of_another_shape_is_masked_in_message_body_and_pickle() -> None:
    body = {"detail": "bad config", "config": {"apiKey": "sk-live-9f3a", "model": "gpt-4o"}}
    error = _error_from(lambda request: httpx.Response(422, json=body))
    assert isinstance(error, APIStatusError)
    shown = _assert_nothing_leaks(error)
    assert error.body == {"detail": "bad config", "config": {"apiKey": MASK, "model": "gpt-4o"}}
    assert "gpt-4o" in str(error)
    assert "bad config" in str(error)
    assert MASK in shown


@pytest.mark.parametrize(
    "text",
    [
        "invalid request: apiKey=sk-live-9f3a model=gpt-4o",
        "Authorization: Bearer sk-live-9f3a",
        'upstream said {"token": "sk-live-9f3a"} for model gpt-4o',
        "api_key: 'sk-live-9f3a' rejected",
    ],
)
def test_a_text_body_with_a_secret_pair_is_masked(text: str) -> None:
    error = _error_from(lambda request: httpx.Response(400, text=text))
    _assert_nothing_leaks(error)
    assert isinstance(error, APIStatusError)
    assert isinstance(error.body, str)
    assert MASK in error.body


def test_the_documented_error_shape_is_masked_too() -> None:
    body = {"error": {"message": "apiKey=sk-live-9f3a is not valid", "code": "BAD", "validationErrors": {}}}
    error = _error_from(lambda request: httpx.Response(400, json=body))
    _assert_nothing_leaks(error)
    assert str(error).startswith("400 [BAD] apiKey=*** is not valid")


def test_an_unreadable_2xx_body_is_masked_in_body_message_and_pickle() -> None:
    error = _error_from(lambda request: httpx.Response(200, json={"surprise": True, "apiKey": "sk-live-9f3a"}))
    assert isinstance(error, APIResponseValidationError)
    _assert_nothing_leaks(error)
    assert "surprise" in error.body

    error = _error_from(lambda request: httpx.Response(200, text="<html>token=sk-live-9f3a</html>"))
    assert isinstance(error, APIResponseValidationError)
    _assert_nothing_leaks(error)


def test_custom_header_values_are_masked_on_the_kept_request_and_response() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["X-Custom-Auth"] == "hdr-7c1e"  # sent intact: masking is for what is kept
        assert request.headers["X-Session"] == "sess-2b8d"
        headers = {"X-Debug-Cookie": "cookie-4d2f", "Content-Type": "text/plain", "X-Request-Id": "req-1"}
        return httpx.Response(500, text="boom", headers=headers)

    error = _error_from(handler)
    assert isinstance(error, APIStatusError)
    _assert_nothing_leaks(error)
    assert error.request.headers["X-Custom-Auth"] == MASK
    assert error.request.headers["X-Signature"] == MASK
    assert error.request.headers["X-Api-Key"] == MASK
    assert error.request.headers["X-Request-Id"] == "req-1"  # an evidently harmless header is kept
    assert error.response.headers["X-Debug-Cookie"] == MASK
    assert error.response.headers["Content-Type"] == "text/plain"
    assert error.request_id == "req-1"


def test_redact_headers_keeps_only_the_allowlist() -> None:
    headers = [("Accept", "application/json"), ("User-Agent", "sdk/1"), ("X-Anything", "v"), ("Cookie", "c")]
    assert redact_headers(headers) == [
        ("Accept", "application/json"),
        ("User-Agent", "sdk/1"),
        ("X-Anything", MASK),
        ("Cookie", MASK),
    ]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("apiKey=abc&model=m", "apiKey=***&model=m"),
        ('{"clientSecret": "abc", "name": "n"}', '{"clientSecret": "***", "name": "n"}'),
        ("tokenLimit=5 maxTokens: 10", "tokenLimit=5 maxTokens: 10"),
        ("time: 10:30", "time: 10:30"),
    ],
)
def test_redact_text_masks_secret_pairs_only(text: str, shown: str) -> None:
    assert redact_text(text) == shown


def test_masking_does_not_change_what_is_sent() -> None:
    seen: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["X-Custom-Auth"].encode())
        return httpx.Response(404, json={"error": {"message": "no"}})

    _error_from(handler)
    assert seen == [b"hdr-7c1e"]


def test_a_rejected_secret_quoted_in_a_validation_error_is_masked() -> None:
    body = {
        "error": {
            "message": "Validation failed",
            "code": "BAD_REQUEST",
            "validationErrors": {
                "connection.config.apiKey": ["value sk-live-9f3a is invalid"],
                "connection.config.model": ["must be at least 2 characters"],
            },
        },
        "request": {"apiKey": "sk-live-9f3a"},
    }
    error = _error_from(lambda request: httpx.Response(400, json=body))
    assert isinstance(error, APIStatusError)
    _assert_nothing_leaks(error)
    assert error.validation_errors == {
        "connection.config.apiKey": ["value *** is invalid"],
        "connection.config.model": ["must be at least 2 characters"],
    }
    assert "(connection.config.apiKey: value *** is invalid; connection.config.model: must be at least" in str(error)
