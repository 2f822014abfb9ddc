"""The SDK as a user runs it, over real sockets on 127.0.0.1 against FakeProbe: the lifecycle and its faults."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from samples import connection_config, create_request

from splx_probe_client import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    ProbeClient,
    UnknownConnectionConfig,
    models,
    trigger_and_wait,
    wait_for_test_run,
)
from splx_probe_client.api.target import (
    create_target,
    delete_target,
    get_target,
    get_target_scores,
    list_target_test_runs,
    list_target_types,
    update_target,
)
from splx_probe_client.api.test_run import cancel_test_run, trigger_test_run
from splx_probe_client.models import (
    BedrockIntegrationConfig,
    GeminiIntegrationConfig,
    RiskScorePresetDto,
    ScanScoreOverviewDto,
    TargetNewCreateRequest,
    TargetNewDto,
    TargetNewUpdateRequest,
    TriggerTestRunRequest,
)
from splx_probe_client.testing import FakeProbe, RunOutcome

WORKSPACE = 1


@pytest.fixture
def fake() -> FakeProbe:
    return FakeProbe(polls_to_finish=2)


@pytest.fixture
async def client(fake: FakeProbe) -> AsyncIterator[ProbeClient]:
    async with fake.serve_async() as base_url, ProbeClient(fake.api_key, base_url=base_url) as probe_client:
        yield probe_client


async def _no_wait(seconds: float) -> None:
    return None


async def test_the_whole_lifecycle(fake: FakeProbe, client: ProbeClient) -> None:
    presets = await list_target_types.asyncio(client=client)
    assert isinstance(presets, list)
    assert all(isinstance(preset, RiskScorePresetDto) for preset in presets)

    created = await create_target.asyncio(
        WORKSPACE, client=client, body=TargetNewCreateRequest.from_dict(create_request("BEDROCK"))
    )
    assert isinstance(created, TargetNewDto)
    target = await get_target.asyncio(WORKSPACE, created.id, client=client)
    assert isinstance(target, TargetNewDto)
    assert isinstance(target.connection.config, BedrockIntegrationConfig)  # typed by the sibling type
    assert target.connection.to_dict() == {"type": "BEDROCK", "config": connection_config("BEDROCK")}  # nothing lost
    assert fake.target(WORKSPACE, created.id)["connection"]["config"] == connection_config("BEDROCK")  # all sent

    update = TargetNewUpdateRequest.from_dict({"connection": {"type": "GEMINI", "config": connection_config("GEMINI")}})
    updated = await update_target.asyncio(WORKSPACE, created.id, client=client, body=update)
    assert isinstance(updated, TargetNewDto)
    assert isinstance(updated.connection.config, GeminiIntegrationConfig)
    assert updated.connection.config.model == connection_config("GEMINI")["model"]

    run = await trigger_and_wait(
        client,
        workspace_id=WORKSPACE,
        body=TriggerTestRunRequest(name="e2e", probe_ids=[1, 2], target_id=created.id),
        poll_interval=0.01,
    )
    assert (run.status, run.progress) == ("COMPLETED", 100.0)
    assert run.passed_count + run.failed_count == run.total_count  # type: ignore[operator]
    scores = await get_target_scores.asyncio(WORKSPACE, created.id, client=client)
    assert isinstance(scores, ScanScoreOverviewDto)
    assert scores.simulated_attacks == run.total_count

    fake.outcome = RunOutcome(status="COMPLETED")
    second = await trigger_test_run.asyncio(
        WORKSPACE, client=client, body=TriggerTestRunRequest(name="to cancel", probe_ids=[3], target_id=created.id)
    )
    assert isinstance(second, models.TestRunTriggerDto)
    await cancel_test_run.asyncio(WORKSPACE, second.test_run_id, client=client)
    cancelled = await wait_for_test_run(
        client, workspace_id=WORKSPACE, target_id=created.id, test_run_id=second.test_run_id, poll_interval=0.01
    )
    assert cancelled.status == "CANCELLED"
    runs = await list_target_test_runs.asyncio(WORKSPACE, created.id, client=client)
    assert [r.id for r in runs] == [second.test_run_id, run.id]  # type: ignore[union-attr]

    await delete_target.asyncio(WORKSPACE, created.id, client=client)
    with pytest.raises(NotFoundError):
        await get_target.asyncio(WORKSPACE, created.id, client=client)


async def test_a_target_of_a_type_newer_than_the_sdk_survives_a_read_and_write_back(
    fake: FakeProbe, client: ProbeClient, caplog: pytest.LogCaptureFixture
) -> None:
    connection = {"type": "ACME_NEXT", "config": {"endpoint": "https://acme.example", "apiKey": "k", "depth": 3}}
    target_id = fake.add_target(WORKSPACE, connection=connection)
    target = await get_target.asyncio(WORKSPACE, target_id, client=client)
    assert isinstance(target, TargetNewDto)
    assert isinstance(target.connection.config, UnknownConnectionConfig)
    update = TargetNewUpdateRequest.from_dict({"connection": target.connection.to_dict()})
    # The fake knows the spec's types only and refuses the write; what matters is what the SDK sent.
    with pytest.raises(BadRequestError, match="ACME_NEXT"):
        await update_target.asyncio(WORKSPACE, target_id, client=client, body=update)
    assert fake.requests[-1].json == {"connection": connection}
    assert "ACME_NEXT" in caplog.text


async def test_a_503_with_retry_after_on_a_get_is_retried_over_the_socket(fake: FakeProbe) -> None:
    async with (
        fake.serve_async() as base_url,
        ProbeClient(fake.api_key, base_url=base_url, retry_sleep=_no_wait) as client,
    ):
        fake.fail_next(503, operation="listTargetTypes", retry_after=1, times=2)
        presets = await list_target_types.asyncio(client=client)
    assert isinstance(presets, list)
    assert presets
    assert [request.status for request in fake.requests] == [503, 503, 200]
    assert {request.via for request in fake.requests} == {"socket"}  # seen by the server thread, not in-process


async def test_a_trigger_whose_answer_is_lost_is_never_sent_twice(fake: FakeProbe) -> None:
    target_id = fake.add_target(WORKSPACE)
    async with (
        fake.serve_async() as base_url,
        ProbeClient(fake.api_key, base_url=base_url, retry_sleep=_no_wait) as client,
    ):
        fake.drop_next(operation="triggerTestRun", after_processing=True)  # the run starts, the answer is lost
        body = TriggerTestRunRequest(name="once", probe_ids=[1], target_id=target_id)
        with pytest.raises(APIConnectionError):
            await trigger_test_run.asyncio(WORKSPACE, client=client, body=body)
        runs = await list_target_test_runs.asyncio(WORKSPACE, target_id, client=client)
    assert isinstance(runs, list)
    assert len(runs) == 1  # exactly the one run: the SDK did not trigger a duplicate
    assert [r.operation for r in fake.requests].count("triggerTestRun") == 1


async def test_a_trigger_refused_with_503_is_resent_and_starts_one_run(fake: FakeProbe) -> None:
    target_id = fake.add_target(WORKSPACE)
    async with (
        fake.serve_async() as base_url,
        ProbeClient(fake.api_key, base_url=base_url, retry_sleep=_no_wait) as client,
    ):
        fake.fail_next(503, operation="triggerTestRun")
        body = TriggerTestRunRequest(name="once", probe_ids=[1], target_id=target_id)
        answer = await trigger_test_run.asyncio(WORKSPACE, client=client, body=body)
        runs = await list_target_test_runs.asyncio(WORKSPACE, target_id, client=client)
    assert isinstance(answer, models.TestRunTriggerDto)
    assert [r.id for r in runs] == [answer.test_run_id]  # type: ignore[union-attr]


async def test_a_wrong_key_is_an_authentication_error(fake: FakeProbe) -> None:
    async with fake.serve_async() as base_url, ProbeClient("not-the-key", base_url=base_url) as client:
        with pytest.raises(AuthenticationError) as caught:
            await list_target_types.asyncio(client=client)
    assert caught.value.status_code == 401
    assert "not-the-key" not in str(caught.value)


async def test_a_body_that_is_not_json_is_an_api_status_error(fake: FakeProbe) -> None:
    async with fake.serve_async() as base_url, ProbeClient(fake.api_key, base_url=base_url, max_retries=0) as client:
        fake.fail_next(500, body="<html>upstream error</html>")
        with pytest.raises(APIStatusError) as caught:
            await get_target.asyncio(WORKSPACE, 999, client=client)
    assert caught.value.status_code == 500
    assert caught.value.body == "<html>upstream error</html>"


async def test_a_bad_body_is_refused_with_the_servers_validation_errors(fake: FakeProbe, client: ProbeClient) -> None:
    body = create_request("OPENAI")
    body["settings"]["rateLimit"] = "fast"
    with pytest.raises(APIStatusError) as caught:
        await create_target.asyncio(WORKSPACE, client=client, body=TargetNewCreateRequest.from_dict(body))
    assert caught.value.status_code == 400
    assert "settings.rateLimit" in caught.value.validation_errors
