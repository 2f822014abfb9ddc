"""Typed errors: every non-2xx answer of every endpoint raises the class of its status, with what the server said."""

from __future__ import annotations

import base64
import logging

import httpx
import pytest
from overrides.client.scripted import API_KEY, BASE_URL, Script, error_body, json_response
from samples import target_payload

from splx_probe_client import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    ProbeClient,
    ProbeError,
    RateLimitError,
    UnprocessableEntityError,
)
from splx_probe_client.api.target import create_target, delete_target, get_target, list_target_test_runs
from splx_probe_client.models import TargetNewCreateRequest


def client_for(script: Script) -> ProbeClient:
    return ProbeClient(API_KEY, base_url=BASE_URL, transport=script.transport(), max_retries=0)


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, InternalServerError),
        (418, APIStatusError),
    ],
)
async def test_each_status_raises_its_class(script: Script, status: int, error_class: type[APIStatusError]) -> None:
    script.then(json_response(status, error_body("the server said no", code="NOPE")))
    with pytest.raises(error_class) as caught:
        await get_target.asyncio(1, 42, client=client_for(script))
    error = caught.value
    assert type(error) is error_class
    assert isinstance(error, ProbeError)
    assert (error.status_code, error.message, error.code) == (status, "the server said no", "NOPE")
    assert (error.method, error.url) == ("GET", f"{BASE_URL}/api/v2/workspaces/1/target/42")
    assert error.response.status_code == status
    assert str(error) == f"{status} [NOPE] the server said no - GET {BASE_URL}/api/v2/workspaces/1/target/42"


async def test_a_400_carries_the_validation_errors(script: Script) -> None:
    errors = {"settings.name": ["must not be empty"], "connection.config.model": ["required", "too short"]}
    script.then(json_response(400, error_body("Validation failed", "VALIDATION", errors)))
    body = TargetNewCreateRequest.from_dict(
        {
            "connection": {"type": "OPENAI", "config": {"apiKey": "sk-provider", "model": "g"}},
            "settings": {
                "name": "",
                "description": "d",
                "environment": "DEV",
                "language": "en",
                "concurrentRequests": False,
                "multiStepAttacks": False,
                "rateLimit": 1,
                "supportedModes": [],
            },
        }
    )
    with pytest.raises(BadRequestError) as caught:
        await create_target.asyncio(1, client=client_for(script), body=body)
    assert caught.value.validation_errors == errors
    message = str(caught.value)
    assert "\n" not in message
    assert "settings.name: must not be empty; connection.config.model: required, too short" in message
    assert "sk-provider" not in message


async def test_a_body_that_is_not_json_keeps_its_text(script: Script) -> None:
    html = "<html><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>"
    script.then(httpx.Response(502, text=html, headers={"Content-Type": "text/html"}))
    with pytest.raises(InternalServerError) as caught:
        await list_target_test_runs.asyncio(1, 42, client=client_for(script))
    assert caught.value.body == html
    assert caught.value.code is None
    assert "502 Bad Gateway" in caught.value.message


async def test_a_json_body_of_another_shape_keeps_it(script: Script) -> None:
    script.then(json_response(404, {"detail": "no such thing"}))
    with pytest.raises(NotFoundError) as caught:
        await get_target.asyncio(1, 42, client=client_for(script))
    assert caught.value.body == {"detail": "no such thing"}
    assert "no such thing" in caught.value.message


@pytest.mark.parametrize("status", [520, 499, 599])
async def test_a_status_python_does_not_know_is_an_api_status_error(script: Script, status: int) -> None:
    script.then(httpx.Response(status, text=""))
    with pytest.raises(APIStatusError) as caught:
        await delete_target.asyncio(1, 42, client=client_for(script))
    assert caught.value.status_code == status


async def test_the_detailed_variant_returns_the_response_of_a_success(script: Script) -> None:
    script.then(json_response(200, []))
    response = await list_target_test_runs.asyncio_detailed(1, 42, client=client_for(script))
    assert response.status_code == 200
    assert response.parsed == []


async def test_the_detailed_variant_raises_too(script: Script) -> None:
    script.then(json_response(401, error_body("bad key")))
    with pytest.raises(AuthenticationError):
        await list_target_test_runs.asyncio_detailed(1, 42, client=client_for(script))


@pytest.mark.parametrize(
    ("exception", "error_class"),
    [
        (httpx.ConnectError("connection refused"), APIConnectionError),
        (httpx.RemoteProtocolError("server disconnected"), APIConnectionError),
        (httpx.ReadTimeout("timed out"), APITimeoutError),
        (httpx.ConnectTimeout("timed out"), APITimeoutError),
    ],
)
async def test_no_answer_is_a_connection_or_timeout_error(
    script: Script, exception: Exception, error_class: type[APIConnectionError]
) -> None:
    script.then(exception)
    with pytest.raises(error_class) as caught:
        await get_target.asyncio(1, 42, client=client_for(script))
    assert type(caught.value) is error_class
    assert isinstance(caught.value.__cause__, httpx.TransportError)
    assert f"GET {BASE_URL}/api/v2/workspaces/1/target/42" in str(caught.value)


async def test_no_error_shows_the_api_key(script: Script) -> None:
    script.then(json_response(401, error_body("Invalid API key")), httpx.ConnectError("refused"))
    client = client_for(script)
    raised: list[ProbeError] = []
    for _ in range(2):
        try:
            await get_target.asyncio(1, 42, client=client)
        except ProbeError as caught:
            raised.append(caught)
    assert len(raised) == 2
    for error in raised:
        assert API_KEY not in str(error)
        assert API_KEY not in repr(error)
        assert API_KEY not in str(error.args)


async def test_credentials_in_a_proxy_url_are_never_shown(script: Script, caplog: pytest.LogCaptureFixture) -> None:
    proxy = "https://gateway-user:gateway-pass-91c2@proxy.internal/probe"
    script.then(json_response(503, error_body("busy")), json_response(403, error_body("denied")))
    script.then(
        httpx.ConnectError("refused"), httpx.ConnectError("refused"), json_response(200, target_payload("DIFY"))
    )
    client = ProbeClient(API_KEY, base_url=proxy, transport=script.transport(), max_retries=1, retry_sleep=_no_wait)
    raised: list[ProbeError] = []
    with caplog.at_level(logging.DEBUG):
        for _ in range(3):
            try:
                await get_target.asyncio(1, 42, client=client)
            except ProbeError as caught:
                raised.append(caught)
    assert [type(error) for error in raised] == [PermissionDeniedError, APIConnectionError]
    # Still sent, as Basic auth, the way httpx sends the user:password@ of a URL.
    assert (
        script.requests[0].headers["Authorization"]
        == "Basic " + base64.b64encode(b"gateway-user:gateway-pass-91c2").decode()
    )
    assert any(record.name == "httpx" and "proxy.internal" in record.getMessage() for record in caplog.records)
    shown = [repr(client), str(client), *map(str, raised), *map(repr, raised)]
    shown += [record.getMessage() for record in caplog.records]
    assert any("https://proxy.internal/probe/api/v2/workspaces/1/target/42" in line for line in shown)
    assert not [line for line in shown if "gateway-pass-91c2" in line or "gateway-user" in line]


async def _no_wait(seconds: float) -> None:
    return None
