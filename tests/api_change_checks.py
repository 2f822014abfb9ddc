"""Checks run inside a scratch copy of the repository after an API change was imported and generated.

``test_api_changes.py`` runs ``python -c "import api_change_checks; api_change_checks.<name>()"`` in the scratch
copy, so ``splx_probe_client`` here is the package generated there from the changed page. Each check prints
what it verified; an ``AssertionError`` names what did not work.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import samples

import splx_probe_client
from splx_probe_client import ProbeClient

FAKE_WORKSPACE = 1
"""A workspace of FakeProbe (its ids are its own, whatever the spec's type)."""
FAKE_PROBE = 1
"""A probe of FakeProbe's catalog."""
NEW_OPERATION = {"operationId": "listWorkspaceProbes", "tag": "Target"}
NEW_PATH = "/api/workspaces/{workspaceId}/probes"
NEW_SCHEMA = "ProbeDto"
NEW_CONNECTION_TYPE = "ACME_LLM"
NEW_CONFIG_SCHEMA = "AcmeLlmIntegrationConfig"
NEW_RESPONSE_FIELD = ("ScanRunExecutionDto", "riskLevel")
REMOVED_RESPONSE_FIELD = ("ScanRunExecutionDto", "progress")
NEW_REQUEST_FIELD = ("TriggerTestRunRequest", "priority")
NEW_ENUM_VALUE = ("RiskScoreWeight", "CATASTROPHIC")
NEW_TERMINAL_STATUS = "TIMED_OUT"


def _assert_generated_here() -> None:
    here = Path.cwd().resolve()
    assert here in Path(splx_probe_client.__file__).resolve().parents, "the package under test is not the scratch one"


def an_id(name: str) -> Any:
    """An id of the type the merged spec gives the path parameter ``name``: an int, a UUID or a str."""
    for item in samples.SPEC["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("name") == name:
                    schema = parameter["schema"]
                    if schema.get("type") == "integer":
                        return 1
                    if schema.get("format") == "uuid":
                        return uuid.UUID(int=1)
                    return "id-1"
    raise KeyError(f"no path parameter {name!r} in the spec")


def _module(name: str) -> Any:
    import importlib

    return importlib.import_module(name)


def new_get_endpoint() -> None:
    """The new operation is a method of both clients' resources and an endpoint module; each sends the right
    request and parses the new model, unknown fields kept."""
    _assert_generated_here()
    from openapi_python_client.strings import snake_case

    from pipeline.resources import derived_method, derived_resource
    from splx_probe_client import SyncProbeClient
    from splx_probe_client._operations import OPERATIONS

    tag, operation_id = NEW_OPERATION["tag"], NEW_OPERATION["operationId"]
    workspace = an_id("workspaceId")
    endpoint = _module(f"splx_probe_client.api.{snake_case(tag)}.{snake_case(operation_id)}")
    resource, method = derived_resource(tag), derived_method(operation_id, tag)
    item = samples.sample(NEW_SCHEMA)
    sent = [item, {**item, "extraField": 1}]
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=sent)

    async def call_async() -> list[Any]:
        async with ProbeClient("k", base_url="https://probe.test", transport=httpx.MockTransport(answer)) as client:
            by_resource = await getattr(getattr(client, resource), method)(workspace_id=workspace)
            by_module = await endpoint.asyncio(workspace, client=client)
            return [by_resource, by_module]

    with SyncProbeClient("k", base_url="https://probe.test", transport=httpx.MockTransport(answer)) as client:
        by_sync = getattr(getattr(client, resource), method)(workspace_id=workspace)
    for parsed in [*asyncio.run(call_async()), by_sync]:
        assert [type(model).__name__ for model in parsed] == [NEW_SCHEMA, NEW_SCHEMA]
        assert [model.to_dict() for model in parsed] == sent
    assert {request.url.path for request in seen} == {NEW_PATH.format(workspaceId=workspace)}
    assert len(seen) == 3
    assert any(op.operation_id == operation_id and op.idempotent for op in OPERATIONS)
    print(f"new endpoint: client.{resource}.{method}() (async and sync) and the endpoint module parse {NEW_SCHEMA}")


def new_connection_type() -> None:
    """A target of the new connection type is created and read back through a served FakeProbe, typed."""
    _assert_generated_here()
    from splx_probe_client import CONNECTION_CONFIG_TYPES
    from splx_probe_client.api.target import create_target, get_target
    from splx_probe_client.models import TargetNewCreateRequest, TargetNewDto
    from splx_probe_client.testing import FakeProbe

    assert CONNECTION_CONFIG_TYPES[NEW_CONNECTION_TYPE].__name__ == NEW_CONFIG_SCHEMA
    body = samples.create_request(NEW_CONNECTION_TYPE)
    fake = FakeProbe()

    async def scenario() -> tuple[Any, Any]:
        async with fake.serve_async() as base_url, ProbeClient(fake.api_key, base_url=base_url) as client:
            request = TargetNewCreateRequest.from_dict(body)
            created = await create_target.asyncio(FAKE_WORKSPACE, client=client, body=request)
            assert isinstance(created, TargetNewDto)
            read = await get_target.asyncio(FAKE_WORKSPACE, created.id, client=client)
            return created, read

    created, read = asyncio.run(scenario())
    for target in (created, read):
        assert type(target.connection.config).__name__ == NEW_CONFIG_SCHEMA
        assert target.connection.to_dict() == body["connection"]
    assert samples.SECRET_PREFIX not in repr(read)
    print("new connection type: created and read back as", NEW_CONFIG_SCHEMA)


def new_optional_response_field() -> None:
    """The new optional field is parsed, kept on the way back, and absent is fine."""
    _assert_generated_here()
    from openapi_python_client.strings import snake_case

    schema, field = NEW_RESPONSE_FIELD
    model = getattr(_module("splx_probe_client.models"), schema)
    full = samples.sample(schema)
    assert field in full
    parsed = model.from_dict(dict(full))
    assert getattr(parsed, snake_case(field)) == full[field]
    assert parsed.to_dict() == full
    without = {key: value for key, value in full.items() if key != field}
    assert model.from_dict(dict(without)).to_dict() == without
    print("new optional field:", f"{schema}.{field}", "parsed and kept")


def new_required_request_field() -> None:
    """With the regenerated package, the CLI's run names the new required field instead of crashing."""
    _assert_generated_here()
    from splx_probe_client._cli import main
    from splx_probe_client.testing import FakeProbe

    fake = FakeProbe(polls_to_finish=1)
    target_id = fake.add_target(FAKE_WORKSPACE)
    stderr = io.StringIO()
    with fake.serve() as base_url, contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        argv = ["run", "--api-url", base_url, "--workspace", str(FAKE_WORKSPACE), "--target", str(target_id)]
        code = main([*argv, "--probe", str(FAKE_PROBE)])
    message = stderr.getvalue()
    field = NEW_REQUEST_FIELD[1]
    assert code != 0, "the run was sent without the new required field"
    assert field in message, f"the CLI did not name {field!r}: {message!r}"
    assert "Traceback" not in message
    assert not [request for request in fake.requests if request.operation == "triggerTestRun"]
    print("new required request field: the CLI names it:", message.strip().splitlines()[-1])


def new_enum_value() -> None:
    """A response with the new enum value parses and round-trips."""
    _assert_generated_here()
    enum_name, value = NEW_ENUM_VALUE
    schemas = samples.SCHEMAS
    holders = [
        (name, key)
        for name, schema in schemas.items()
        for key, prop in samples.flatten(name).get("properties", {}).items()
        if prop.get("$ref", "").endswith(f"/{enum_name}")
    ]
    assert holders, f"no schema uses {enum_name}"
    models = _module("splx_probe_client.models")
    for name, key in holders:
        payload = {**samples.sample(name), key: value}
        parsed = getattr(models, name).from_dict(json.loads(json.dumps(payload)))
        assert parsed.to_dict() == payload
    print("new enum value:", value, "parsed in", holders)


def new_terminal_status() -> None:
    """A run that ends in the newly configured terminal status ends the wait at once, with that status."""
    _assert_generated_here()
    from splx_probe_client.polling import wait_for_test_run
    from splx_probe_client.testing import FakeProbe, RunOutcome

    fake = FakeProbe(polls_to_finish=1)
    target_id = fake.add_target(FAKE_WORKSPACE)
    outcome: Any = RunOutcome
    fake.queue_outcomes(outcome(NEW_TERMINAL_STATUS))

    async def scenario() -> Any:
        async with fake.serve_async() as base_url, ProbeClient(fake.api_key, base_url=base_url) as client:
            from splx_probe_client.api.test_run import trigger_test_run
            from splx_probe_client.models import TestRunTriggerDto, TriggerTestRunRequest

            body = TriggerTestRunRequest(name="n", probe_ids=[FAKE_PROBE], target_id=target_id)
            started = await trigger_test_run.asyncio(FAKE_WORKSPACE, client=client, body=body)
            assert isinstance(started, TestRunTriggerDto)
            return await asyncio.wait_for(
                wait_for_test_run(
                    client,
                    workspace_id=FAKE_WORKSPACE,
                    target_id=target_id,
                    test_run_id=started.test_run_id,
                    poll_interval=0.01,
                ),
                timeout=10,
            )

    run = asyncio.run(scenario())
    assert run.status == NEW_TERMINAL_STATUS
    print("new terminal status: the wait ended with", run.status)
