"""2xx answers the SDK cannot read, request ids, pickling and secrets on errors."""

from __future__ import annotations

import json
import pickle
from typing import Any

import httpx
import pytest
from overrides.client.scripted import API_KEY, BASE_URL, Script, Sleeps, error_body, json_response

from splx_probe_client import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    NotFoundError,
    ProbeClient,
    ProbeError,
    TestRunNotFoundError,
    TestRunTimeoutError,
    UnknownRunStatusError,
    _exceptions,
)
from splx_probe_client._operations import OPERATIONS
from splx_probe_client.api.target import get_target, list_target_types
from splx_probe_client.api.test_run import trigger_test_run
from splx_probe_client.models import ScanRunExecutionDto, TriggerTestRunRequest

TRIGGER = TriggerTestRunRequest(name="nightly", probe_ids=[1], target_id=42)
SECRET_HEADER_VALUE = "hdr-secret-77e1"
PROVIDER_KEY = "sk-provider-secret-4410"


def client_for(script: Script, sleeps: Sleeps, **options: Any) -> ProbeClient:
    return ProbeClient(
        API_KEY, base_url=BASE_URL, transport=script.transport(), retry_sleep=sleeps, max_retries=0, **options
    )


# --- 2xx the SDK cannot read ------------------------------------------------------------------------------


async def test_a_200_that_is_not_json_raises_response_validation_error(script: Script, sleeps: Sleeps) -> None:
    script.then(httpx.Response(200, text="<html>gateway says hi</html>"))
    with pytest.raises(APIResponseValidationError) as raised:
        await get_target.asyncio(1, 2, client=client_for(script, sleeps))
    error = raised.value
    assert (error.status_code, error.body) == (200, "<html>gateway says hi</html>")
    assert "JSONDecodeError" in error.error
    assert "getTarget" in str(error)
    assert "GET https://probe.test/api/v2/workspaces/1/target/2" in str(error)


async def test_a_200_of_the_wrong_shape_names_what_is_missing(script: Script, sleeps: Sleeps) -> None:
    script.then(json_response(200, {"id": 5001}))
    with pytest.raises(APIResponseValidationError, match="KeyError: 'testRunId'"):
        await trigger_test_run.asyncio(1, client=client_for(script, sleeps), body=TRIGGER)


async def test_the_body_kept_on_the_error_is_shortened(script: Script, sleeps: Sleeps) -> None:
    script.then(httpx.Response(200, text="x" * 10_000))
    with pytest.raises(APIResponseValidationError) as raised:
        await list_target_types.asyncio(client=client_for(script, sleeps))
    assert 0 < len(raised.value.body) <= 500


async def test_a_2xx_that_is_no_http_status_at_all_is_typed(script: Script, sleeps: Sleeps) -> None:
    script.then(httpx.Response(299, text="?"))
    with pytest.raises(APIResponseValidationError, match="299 is not an HTTP status the SDK knows"):
        await list_target_types.asyncio(client=client_for(script, sleeps))


@pytest.mark.parametrize("status", [201, 202, 204])
async def test_an_undocumented_2xx_raises_instead_of_returning_none(
    script: Script, sleeps: Sleeps, status: int
) -> None:
    documented = next(op for op in OPERATIONS if op.operation_id == "triggerTestRun").statuses
    assert status not in documented
    script.then(json_response(status, {"testRunId": 5001}))
    with pytest.raises(APIResponseValidationError, match=f"{status} is not a documented answer of triggerTestRun"):
        await trigger_test_run.asyncio(1, client=client_for(script, sleeps), body=TRIGGER)


def test_every_operation_lists_its_documented_success_statuses() -> None:
    spec = json.loads((__import__("pathlib").Path(__file__).parents[3] / "openapi" / "splx-probe.json").read_text())
    for operation in OPERATIONS:
        responses = spec["paths"][operation.path][operation.method.lower()]["responses"]
        assert operation.statuses == tuple(sorted(int(c) for c in responses if c.isdigit() and 200 <= int(c) < 300))


async def test_every_generated_endpoint_parses_through_the_check(script: Script, sleeps: Sleeps) -> None:
    import importlib

    from openapi_python_client.strings import snake_case

    spec = json.loads((__import__("pathlib").Path(__file__).parents[3] / "openapi" / "splx-probe.json").read_text())
    for operation in OPERATIONS:
        # The generator puts an endpoint in the package of its first tag.
        tag = spec["paths"][operation.path][operation.method.lower()]["tags"][0]
        module = importlib.import_module(
            f"splx_probe_client.api.{snake_case(tag)}.{snake_case(operation.operation_id)}"
        )
        assert getattr(module._parse_response, "__wrapped__", None) is not None, operation.operation_id


# --- request ids --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["x-request-id", "Request-Id", "X-Correlation-Id", "x-amzn-RequestId"])
async def test_a_status_error_carries_the_platform_request_id(script: Script, sleeps: Sleeps, header: str) -> None:
    script.then(json_response(404, error_body("Target 2 not found.", "NOT_FOUND"), **{header: "req_8f2a"}))
    with pytest.raises(NotFoundError) as raised:
        await get_target.asyncio(1, 2, client=client_for(script, sleeps))
    assert raised.value.request_id == "req_8f2a"
    assert str(raised.value).endswith("(request id req_8f2a)")


async def test_no_request_id_header_means_none(script: Script, sleeps: Sleeps) -> None:
    script.then(json_response(404, error_body("Target 2 not found.")))
    with pytest.raises(NotFoundError) as raised:
        await get_target.asyncio(1, 2, client=client_for(script, sleeps))
    assert raised.value.request_id is None
    assert "request id" not in str(raised.value)


# --- secrets on errors ----------------------------------------------------------------------------------------


def _leaks(error: BaseException) -> list[str]:
    shown = [str(error), repr(error), repr(pickle.dumps(error))]
    request = getattr(error, "request", None)
    if request is not None:
        shown += [str(request.url), repr(request.headers.multi_items()), request.content.decode()]
    return [
        secret
        for secret in (API_KEY, SECRET_HEADER_VALUE, PROVIDER_KEY, "cookie-val")
        if any(secret in s for s in shown)
    ]


async def test_the_request_on_a_status_error_has_its_secrets_masked(script: Script, sleeps: Sleeps) -> None:
    script.then(json_response(401, error_body("bad key", "UNAUTHORIZED"), **{"Set-Cookie": "session=cookie-val"}))
    client = client_for(script, sleeps, headers={"X-Custom-Token": SECRET_HEADER_VALUE}, cookies={"s": "cookie-val"})
    body = {"connection": {"type": "OPENAI", "config": {"apiKey": PROVIDER_KEY, "model": "gpt-4o"}}}
    with pytest.raises(AuthenticationError) as raised:
        await client.get_async_httpx_client().post("/api/v2/workspaces/1/target", json=body)
    assert script.requests[0].headers["x-api-key"] == API_KEY  # the wire had it...
    request = raised.value.request
    assert request.headers["x-api-key"] == "***"  # ...the error does not
    assert request.headers["x-custom-token"] == "***"
    assert request.headers["cookie"] == "***"
    assert raised.value.response.headers["set-cookie"] == "***"
    assert json.loads(request.content)["connection"]["config"] == {"apiKey": "***", "model": "gpt-4o"}
    assert _leaks(raised.value) == []


async def test_the_request_on_a_connection_error_has_its_secrets_masked(script: Script, sleeps: Sleeps) -> None:
    script.then(httpx.ConnectError("refused"))
    client = client_for(script, sleeps, headers={"Authorization": f"Bearer {SECRET_HEADER_VALUE}"})
    with pytest.raises(APIConnectionError) as raised:
        await list_target_types.asyncio(client=client)
    assert raised.value.request is not None
    assert raised.value.request.headers["authorization"] == "***"
    assert _leaks(raised.value) == []


async def test_token_like_query_parameters_are_masked_on_the_error_request(script: Script, sleeps: Sleeps) -> None:
    script.then(json_response(404, error_body("nope")))
    client = client_for(script, sleeps)
    with pytest.raises(NotFoundError) as raised:
        await client.get_async_httpx_client().get(
            "/api/target/types", params={"token": SECRET_HEADER_VALUE, "page": "2"}
        )
    assert str(raised.value.request.url) == "https://probe.test/api/target/types?token=***&page=2"
    assert _leaks(raised.value) == []


# --- pickling -------------------------------------------------------------------------------------------------


def _run() -> ScanRunExecutionDto:
    return ScanRunExecutionDto(id=5001, name="n", probes=["Jailbreak"], started_by="ci@x", status="TIMED_OUT")


def _every_error() -> list[ProbeError]:
    request = httpx.Request("GET", "https://probe.test/api/target/types", headers={"X-Api-Key": API_KEY})
    answer = httpx.Response(
        404, json=error_body("gone", "NOT_FOUND", {"id": ["bad"]}), headers={"x-request-id": "r1"}, request=request
    )
    errors: list[ProbeError] = [
        ProbeError("plain"),
        APIConnectionError("refused", request=request),
        APITimeoutError("slow", request=request),
        _exceptions.status_error_from_response(answer),
        APIResponseValidationError(
            "could not be read", response=httpx.Response(200, text="{", request=request), error="x"
        ),
        TestRunTimeoutError("late", run=_run()),
        TestRunNotFoundError("missing", workspace_id=1, target_id=2, test_run_id=3, run=None),
        UnknownRunStatusError("odd", run=_run(), status="TIMED_OUT"),
    ]
    for status in (400, 401, 403, 409, 422, 429, 500, 503, 418):
        errors.append(_exceptions.status_error_from_response(httpx.Response(status, request=request)))
    return errors


@pytest.mark.parametrize("error", _every_error(), ids=lambda error: type(error).__name__)
def test_every_error_pickles_with_its_fields(error: ProbeError) -> None:
    error.retries = 2
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.retries == 2
    for name, value in vars(error).items():
        if isinstance(value, httpx.Request | httpx.Response):
            assert repr(getattr(copy, name)) == repr(value)
        elif hasattr(value, "to_dict"):
            assert getattr(copy, name).to_dict() == value.to_dict()
        else:
            assert getattr(copy, name) == value, name
    if isinstance(error, APIStatusError):
        assert isinstance(copy, APIStatusError)
        assert (copy.status_code, copy.request_id, copy.validation_errors) == (
            error.status_code,
            error.request_id,
            error.validation_errors,
        )
    assert API_KEY not in repr(pickle.dumps(error))
