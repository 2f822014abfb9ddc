"""Natural user code on every resource method, async and sync: no cast, assert or isinstance anywhere.

``make typecheck`` runs mypy --strict and pyright (strict) on this file; ``test_usage.py`` runs it against the
fake, so it is real code, not only something that type-checks.
"""

from __future__ import annotations

from uuid import UUID

from splx_probe_client import (
    APIStatusError,
    InvalidHeaderError,
    ProbeClient,
    RawResponse,
    SyncProbeClient,
    connection,
)
from splx_probe_client.ids import TargetId, WorkspaceId
from splx_probe_client.models import (
    OpenAIIntegrationConfig,
    ScanRunExecutionDto,
    TargetNewCreateRequest,
    TargetNewDto,
    TargetNewUpdateRequest,
    TargetSettingsCreateRequest,
    TriggerTestRunRequest,
)


def new_target(preset_id: UUID) -> TargetNewCreateRequest:
    settings = TargetSettingsCreateRequest(
        name="typed",
        description="created by tests/typed_usage/usage.py",
        environment="DEV",
        language="en",
        concurrent_requests=False,
        multi_step_attacks=False,
        rate_limit=5,
        supported_modes=["TEXT"],
        target_preset_id=preset_id,
    )
    config = OpenAIIntegrationConfig(api_key="sk-typed", model="gpt-4o-mini")
    return TargetNewCreateRequest(connection=connection(config), settings=settings)


async def use_async(client: ProbeClient, workspace_id: int) -> list[str]:
    """Every method of ``ProbeClient``; returns what it saw."""
    seen: list[str] = []
    presets = await client.targets.list_types(timeout=10.0)
    target: TargetNewDto = await client.targets.create(workspace_id=workspace_id, body=new_target(presets[0].id))
    target = await client.targets.get(workspace_id=workspace_id, target_id=target.id, extra_headers={"X-Trace": "1"})
    update = TargetNewUpdateRequest(connection=connection(OpenAIIntegrationConfig(api_key="sk-2", model="gpt-4o")))
    target = await client.targets.update(workspace_id=workspace_id, target_id=target.id, body=update)
    seen.append(f"{target.settings.name}")
    run = await client.test_runs.trigger_and_wait(
        workspace_id=workspace_id,
        body=TriggerTestRunRequest(name="typed", probe_ids=[presets[0].details[0].probe_id], target_id=target.id),
        poll_interval=0.01,
    )
    runs: list[ScanRunExecutionDto] = await client.targets.list_test_runs(
        workspace_id=workspace_id, target_id=target.id
    )
    seen.append(f"{run.status} of {len(runs)}")
    scores = await client.targets.get_scores(workspace_id=workspace_id, target_id=target.id, max_retries=0)
    seen.append(str(scores.overall_score))
    triggered = await client.test_runs.trigger(
        workspace_id=workspace_id, body=TriggerTestRunRequest(name="t2", probe_ids=[1], target_id=target.id)
    )
    await client.test_runs.cancel(workspace_id=workspace_id, test_run_id=triggered.test_run_id, deadline=30.0)
    waited = await client.test_runs.wait(
        workspace_id=workspace_id, target_id=target.id, test_run_id=triggered.test_run_id, poll_interval=0.01
    )
    async for state in client.test_runs.watch(workspace_id=workspace_id, target_id=target.id, test_run_id=run.id):
        seen.append(f"watched {state.status}")
    many = await client.test_runs.wait_many([(target.id, run.id), (target.id, waited.id)], workspace_id=workspace_id)
    seen.append(",".join(str(r.status) for r in many))
    raw: RawResponse[TargetNewDto] = await client.with_options(
        timeout=5.0, max_retries=1
    ).targets.with_raw_response.get(workspace_id=workspace_id, target_id=target.id)
    seen.append(f"{raw.status_code} {raw.parsed.id} {raw.retries}")
    deleted = await client.targets.delete(workspace_id=workspace_id, target_id=target.id)
    try:
        await client.with_timeout(2.5).targets.get(workspace_id=workspace_id, target_id=deleted.id)
    except APIStatusError as err:
        seen.append(f"{err.status_code} {err.request_id}")
    return seen


def use_sync(client: SyncProbeClient, workspace_id: int) -> list[str]:
    """Every method of ``SyncProbeClient``; returns what it saw."""
    seen: list[str] = []
    presets = client.targets.list_types(timeout=10.0)
    target = client.targets.create(workspace_id=workspace_id, body=new_target(presets[0].id))
    target = client.targets.get(workspace_id=workspace_id, target_id=target.id, extra_headers={"X-Trace": "1"})
    update = TargetNewUpdateRequest(connection=connection(OpenAIIntegrationConfig(api_key="sk-2", model="gpt-4o")))
    target = client.targets.update(workspace_id=workspace_id, target_id=target.id, body=update)
    seen.append(f"{target.settings.name}")
    run = client.test_runs.trigger_and_wait(
        workspace_id=workspace_id,
        body=TriggerTestRunRequest(name="typed", probe_ids=[presets[0].details[0].probe_id], target_id=target.id),
        poll_interval=0.01,
    )
    runs = client.targets.list_test_runs(workspace_id=workspace_id, target_id=target.id)
    seen.append(f"{run.status} of {len(runs)}")
    scores = client.targets.get_scores(workspace_id=workspace_id, target_id=target.id, max_retries=0)
    seen.append(str(scores.overall_score))
    triggered = client.test_runs.trigger(
        workspace_id=workspace_id, body=TriggerTestRunRequest(name="t2", probe_ids=[1], target_id=target.id)
    )
    client.test_runs.cancel(workspace_id=workspace_id, test_run_id=triggered.test_run_id, deadline=30.0)
    waited = client.test_runs.wait(
        workspace_id=workspace_id, target_id=target.id, test_run_id=triggered.test_run_id, poll_interval=0.01
    )
    for state in client.test_runs.watch(workspace_id=workspace_id, target_id=target.id, test_run_id=run.id):
        seen.append(f"watched {state.status}")
    many = client.test_runs.wait_many([(target.id, run.id), (target.id, waited.id)], workspace_id=workspace_id)
    seen.append(",".join(str(r.status) for r in many))
    raw = client.with_options(timeout=5.0, max_retries=1).targets.with_raw_response.get(
        workspace_id=workspace_id, target_id=target.id
    )
    seen.append(f"{raw.status_code} {raw.parsed.id} {raw.retries}")
    deleted = client.targets.delete(workspace_id=workspace_id, target_id=target.id)
    try:
        client.with_timeout(2.5).targets.get(workspace_id=workspace_id, target_id=deleted.id)
    except APIStatusError as err:
        seen.append(f"{err.status_code} {err.request_id}")
    return seen


def use_hostile_input(workspace_id: WorkspaceId, target_id: TargetId) -> list[str]:
    """What a user writes around sloppy input: a key read from a file, a bad header, a capped answer size."""
    seen: list[str] = []
    with SyncProbeClient("sk-typed-key\n", base_url="https://fake.test", max_response_bytes=1 << 20) as client:
        try:
            client.targets.get(workspace_id=workspace_id, target_id=target_id, extra_headers={"X-Trace": "a\r\nb"})
        except InvalidHeaderError as err:  # refused before anything is sent, naming the parameter
            seen.append(str(err).split(" ", 1)[0])
    return seen
