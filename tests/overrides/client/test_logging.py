"""Logs: DEBUG per request, INFO per retry, and never a key or a secret config value, at any level, from any logger."""

from __future__ import annotations

import logging

import pytest
from samples import SECRET_PREFIX, connection_config, create_request

from splx_probe_client import AuthenticationError, BadRequestError, ProbeClient, trigger_and_wait
from splx_probe_client.api.target import create_target, get_target, get_target_scores
from splx_probe_client.models import TargetNewCreateRequest, TargetNewDto, TriggerTestRunRequest
from splx_probe_client.testing import FakeProbe

API_KEY = "splx-live-6a0c41d2e9"
PROXY_SECRET = "proxy-secret-77b3e1"  # a header a user adds for their gateway


async def test_a_whole_scenario_at_debug_logs_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    fake = FakeProbe(API_KEY, polls_to_finish=2)
    caplog.set_level(logging.DEBUG)  # every logger: ours, httpx, httpcore, asyncio
    async with fake.serve_async() as base_url:
        headers = {"Proxy-Authorization": f"Basic {PROXY_SECRET}"}
        async with ProbeClient(API_KEY, base_url=base_url, retry_sleep=_no_wait, headers=headers) as client:
            fake.fail_next(503, operation="createTarget", retry_after=0)  # a retry, logged at INFO
            body = TargetNewCreateRequest.from_dict(create_request("REST_API"))
            target = await create_target.asyncio(1, client=client, body=body)
            assert isinstance(target, TargetNewDto)
            await get_target.asyncio(1, target.id, client=client)
            run = await trigger_and_wait(
                client,
                workspace_id=1,
                body=TriggerTestRunRequest(name="n", probe_ids=[1], target_id=target.id),
                poll_interval=0.01,
            )
            assert run.status == "COMPLETED"
            await get_target_scores.asyncio(1, target.id, client=client)
            bad_body = create_request("OPENAI")
            bad_body["settings"]["name"] = ""
            with pytest.raises(BadRequestError) as bad:
                await create_target.asyncio(1, client=client, body=TargetNewCreateRequest.from_dict(bad_body))
            _log_failure(bad.value)
        async with ProbeClient("wrong-" + API_KEY, base_url=base_url, max_retries=0) as intruder:
            with pytest.raises(AuthenticationError) as denied:
                await get_target.asyncio(1, target.id, client=intruder)
            _log_failure(denied.value)

    assert any(record.name == "app" and record.exc_text for record in caplog.records)
    # The capture did see the HTTP stack's own DEBUG records (where headers would leak if they did).
    assert any(record.name == "httpx" for record in caplog.records)
    assert any(record.name.startswith("httpcore.") for record in caplog.records)
    assert fake.requests[0].headers["proxy-authorization"] == f"Basic {PROXY_SECRET}"
    text = "\n".join(f"{record.name} {record.getMessage()} {record.exc_text or ''}" for record in caplog.records)
    debug = [r.getMessage() for r in caplog.records if r.name == "splx_probe_client" and r.levelno == logging.DEBUG]
    retries = [r.getMessage() for r in caplog.records if r.name == "splx_probe_client" and r.levelno == logging.INFO]
    assert any(line.startswith(f"POST {base_url}/api/v2/workspaces/1/target -> 503 (") for line in debug)
    assert any(f"GET {base_url}/api/v2/workspaces/1/target/{target.id} -> 200 (" in line for line in debug)
    assert retries == [f"retrying POST {base_url}/api/v2/workspaces/1/target (retry 1 of 2) after 503, waiting 0.00 s"]
    assert API_KEY not in text
    assert PROXY_SECRET not in text
    assert SECRET_PREFIX not in text
    for value in (connection_config("REST_API")["oauth"]["clientSecret"], connection_config("OPENAI")["apiKey"]):
        assert value not in text


async def _no_wait(seconds: float) -> None:
    return None


def _log_failure(error: Exception) -> None:
    """Log ``error`` the way an application would: message, repr and traceback."""
    try:
        raise error
    except Exception:
        logging.getLogger("app").exception("request failed: %s %r", error, error)
