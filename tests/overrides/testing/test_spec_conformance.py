"""FakeProbe against ``openapi/splx-probe.json``: every operation, success and error answers, checked by openapi-core.

Each operation of the spec has a scenario; a regenerated spec with a new operation, or one whose request or
response no longer matches what the fake does, fails the test named after that operation. The fake's own
request validation is checked to agree with the spec's ``required`` lists, field by field.

Two patches make the vendor's spec checkable, both applied to an in-memory copy only:

- ``oneOf`` becomes ``anyOf``. The vendor's unions are untagged and overlap (``{"apiKey", "model"}`` is a valid
  OPENAI, MISTRAL, GEMINI and DIFY config; every error body matches all six error schemas), so no body could
  ever satisfy ``oneOf``. The variant a connection config must match is checked separately, by its ``type``.
- a ``404`` answer (``NotFoundExampleError``, which the spec defines but attaches to no status) is added to each
  operation: the platform answers 404 for an unknown target or run.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_schema_validator import OAS30Validator

from splx_probe_client._schema_rules import RESPONSES
from splx_probe_client._validation import validate
from splx_probe_client.testing import FakeProbe, RunOutcome

SPEC_PATH = Path(__file__).resolve().parents[3] / "openapi" / "splx-probe.json"
RAW_SPEC: dict[str, Any] = json.loads(SPEC_PATH.read_text())
SCHEMAS: dict[str, Any] = RAW_SPEC["components"]["schemas"]
SERVER = RAW_SPEC["servers"][0]["url"]
WS = 1
SPEC_OPERATIONS = sorted(
    operation["operationId"] for methods in RAW_SPEC["paths"].values() for operation in methods.values()
)


def _checkable(node: Any) -> Any:
    if isinstance(node, dict):
        return {("anyOf" if key == "oneOf" else key): _checkable(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_checkable(item) for item in node]
    return node


def _patched_spec() -> dict[str, Any]:
    spec: dict[str, Any] = _checkable(copy.deepcopy(RAW_SPEC))
    not_found = {
        "description": "Not Found",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NotFoundExampleError"}}},
    }
    for methods in spec["paths"].values():
        for operation in methods.values():
            operation["responses"].setdefault("404", not_found)
    return spec


OPENAPI = OpenAPI.from_dict(_patched_spec())


def schema_errors(value: Any, schema_name: str) -> list[str]:
    """Errors of ``value`` against one component schema of the unpatched spec (so ``oneOf`` stays strict)."""
    document = {"components": RAW_SPEC["components"], **SCHEMAS[schema_name]}
    return [error.message for error in OAS30Validator(document).iter_errors(value)]


def _all_properties(name: str) -> tuple[set[str], dict[str, Any]]:
    """(required names, properties) of a component schema, through its ``allOf`` members."""
    schema = SCHEMAS[name]
    required = set(schema.get("required", []))
    properties = dict(schema.get("properties", {}))
    for member in schema.get("allOf", []):
        if "$ref" in member:
            more_required, more_properties = _all_properties(member["$ref"].rsplit("/", 1)[1])
        else:
            more_required, more_properties = set(member.get("required", [])), member.get("properties", {})
        required |= more_required
        properties.update(more_properties)
    return required, properties


def minimal(name: str) -> dict[str, Any]:
    """The smallest object the spec accepts for component ``name``: each required field, a valid value."""
    required, properties = _all_properties(name)
    return {field: _sample(properties[field]) for field in sorted(required)}


def _sample(schema: dict[str, Any]) -> Any:
    if "$ref" in schema:
        return minimal(schema["$ref"].rsplit("/", 1)[1])
    kind = str(schema.get("type"))
    if schema.get("format") == "uuid":
        return "6f1c7a4e-2b1d-4c8e-9a51-0d2b3c4d5e6f"
    samples = {"string": "ab", "integer": 1, "boolean": False, "object": {}, "array": [], "number": 1.5}
    return samples.get(kind, "ab")


def _wrong(value: Any) -> Any:
    return 12345 if isinstance(value, str) else "not-the-right-type"


CONFIG_SCHEMAS = {
    schema["x-splx-connection-type"]: name for name, schema in SCHEMAS.items() if "x-splx-connection-type" in schema
}
SETTINGS = {**minimal("TargetSettingsCreateRequest"), "name": "support-bot", "rateLimit": 5}


class Harness:
    """Sends requests through the fake; validates every request and answer against the (patched) spec."""

    def __init__(self, fake: FakeProbe) -> None:
        self.fake = fake
        self.http = httpx.Client(base_url=SERVER, transport=fake.transport(), headers={"X-Api-Key": fake.api_key})
        self.validated: list[tuple[str, int]] = []

    def call(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        status: int = 200,
        request_valid: bool = True,
        headers: dict[str, str] | None = None,
        without_key: bool = False,
    ) -> Any:
        """Send; assert the status; validate the answer, and the request (expected valid or invalid)."""
        outgoing = self.http.build_request(method, path, json=json_body, headers=headers)
        if without_key:
            del outgoing.headers["X-Api-Key"]
        response = self.http.send(outgoing)
        assert response.status_code == status, response.text
        request = response.request
        operation = self.fake.requests[-1].operation
        assert operation is not None
        spec_request = MockRequest(
            SERVER,
            method,
            request.url.path,
            headers=dict(request.headers),
            data=request.content or None,
            content_type=request.headers.get("Content-Type", "application/json"),
        )
        request_result = OPENAPI.unmarshal_request(spec_request)
        if request_valid:
            causes = [f"{error}: {error.__cause__}" for error in request_result.errors]
            assert not causes, f"{operation}: the request does not match the spec: {causes}"
        else:
            assert request_result.errors, f"{operation}: the fake answered {status} to a request the spec accepts"
        spec_response = MockResponse(
            response.content,
            status_code=response.status_code,
            headers=dict(response.headers),
            content_type=response.headers.get("Content-Type", ""),
        )
        OPENAPI.validate_response(spec_request, spec_response)  # raises, naming the mismatch
        schema = RESPONSES[operation].get(str(response.status_code))
        if schema is not None and response.content:  # stricter than openapi-core: no key the spec does not define
            assert validate(schema, response.json(), direction="response") == {}, (
                f"{operation}: {response.status_code} {response.text}"
            )
        self.validated.append((operation, response.status_code))
        return response.json() if response.content else None

    def target(self) -> dict[str, Any]:
        body = {"connection": {"type": "OPENAI", "config": minimal(CONFIG_SCHEMAS["OPENAI"])}, "settings": SETTINGS}
        return self.call("POST", f"/api/v2/workspaces/{WS}/target", json_body=body)  # type: ignore[no-any-return]

    def trigger(self, target_id: int) -> int:
        body = {"name": "nightly", "notifyWhenFinished": False, "probeIds": None, "runAiAnalysis": False}
        answer = self.call("POST", f"/api/workspaces/{WS}/test-run/trigger", json_body={**body, "targetId": target_id})
        return answer["testRunId"]  # type: ignore[no-any-return]


def scenario_list_target_types(h: Harness) -> None:
    h.call("GET", "/api/target/types")
    h.call("GET", "/api/target/types", without_key=True, status=401, request_valid=False)
    h.fake.fail_next(500)
    h.call("GET", "/api/target/types", status=500)


def scenario_create_target(h: Harness) -> None:
    for connection_type, schema in sorted(CONFIG_SCHEMAS.items()):
        body = {"connection": {"type": connection_type, "config": minimal(schema)}, "settings": SETTINGS}
        h.call("POST", f"/api/v2/workspaces/{WS}/target", json_body=body)
    h.call("POST", f"/api/v2/workspaces/{WS}/target", json_body={"settings": SETTINGS}, status=400, request_valid=False)
    h.call("POST", f"/api/v2/workspaces/{WS}/target", json_body=body, headers={"X-Api-Key": "wrong"}, status=401)


def scenario_get_target(h: Harness) -> None:
    target = h.target()
    h.call("GET", f"/api/v2/workspaces/{WS}/target/{target['id']}")
    h.call("GET", f"/api/v2/workspaces/{WS}/target/999", status=404)
    h.call("GET", f"/api/v2/workspaces/{WS}/target/abc", status=400, request_valid=False)
    h.fake.workspace_ids = {WS}
    h.call("GET", f"/api/v2/workspaces/2/target/{target['id']}", status=403)


def scenario_update_target(h: Harness) -> None:
    target = h.target()
    url = f"/api/v2/workspaces/{WS}/target/{target['id']}"
    h.call("PATCH", url, json_body={"settings": {**SETTINGS, "name": "renamed"}})
    h.call("PATCH", url, json_body={"settings": {**SETTINGS, "rateLimit": "fast"}}, status=400, request_valid=False)
    h.call("PATCH", f"/api/v2/workspaces/{WS}/target/999", json_body={}, status=404)


def scenario_delete_target(h: Harness) -> None:
    target = h.target()
    h.call("DELETE", f"/api/workspaces/{WS}/target/{target['id']}", without_key=True, status=401, request_valid=False)
    h.call("DELETE", f"/api/workspaces/{WS}/target/{target['id']}")
    h.call("DELETE", f"/api/workspaces/{WS}/target/{target['id']}", status=404)


def scenario_get_target_scores(h: Harness) -> None:
    target = h.target()
    url = f"/api/workspaces/{WS}/target/{target['id']}/scores"
    h.call("GET", url, status=404)
    h.fake.finish(h.trigger(target["id"]))
    h.call("GET", url)
    h.fake.set_scores(WS, target["id"], overall_score=40, scores={"Security": None, "Safety": 12.5})
    h.call("GET", url)


def scenario_list_target_test_runs(h: Harness) -> None:
    target = h.target()
    h.fake.queue_outcomes(RunOutcome("FAILED", failed_count=2, error_count=3))
    h.trigger(target["id"])
    h.trigger(target["id"])
    url = f"/api/workspaces/{WS}/target/{target['id']}/test-runs"
    statuses = {run["status"] for _ in range(3) for run in h.call("GET", url)}
    assert statuses == {"RUNNING", "FAILED", "COMPLETED"}
    h.call("GET", f"/api/workspaces/{WS}/target/999/test-runs", status=404)


def scenario_trigger_test_run(h: Harness) -> None:
    target = h.target()
    h.trigger(target["id"])
    url = f"/api/workspaces/{WS}/test-run/trigger"
    h.call("POST", url, json_body={"name": "no target"}, status=400, request_valid=False)
    body = {"name": "x", "notifyWhenFinished": False, "probeIds": [1], "runAiAnalysis": False, "targetId": 999}
    h.call("POST", url, json_body=body, status=404)


def scenario_cancel_test_run(h: Harness) -> None:
    target = h.target()
    run_id = h.trigger(target["id"])
    h.call("POST", f"/api/workspaces/{WS}/test-run/{run_id}/cancel")
    finished = h.trigger(target["id"])
    h.fake.finish(finished)
    h.call("POST", f"/api/workspaces/{WS}/test-run/{finished}/cancel", status=400)
    h.call("POST", f"/api/workspaces/{WS}/test-run/999/cancel", status=404)
    h.call("POST", f"/api/workspaces/{WS}/test-run/{run_id}/cancel", without_key=True, status=401, request_valid=False)


SCENARIOS: dict[str, Callable[[Harness], None]] = {
    "listTargetTypes": scenario_list_target_types,
    "createTarget": scenario_create_target,
    "getTarget": scenario_get_target,
    "updateTarget": scenario_update_target,
    "deleteTarget": scenario_delete_target,
    "getTargetScores": scenario_get_target_scores,
    "listTargetTestRuns": scenario_list_target_test_runs,
    "triggerTestRun": scenario_trigger_test_run,
    "cancelTestRun": scenario_cancel_test_run,
}


@pytest.fixture
def harness() -> Iterator[Harness]:
    h = Harness(FakeProbe(polls_to_finish=2))
    yield h
    h.http.close()


@pytest.mark.parametrize("operation_id", SPEC_OPERATIONS)
def test_operation_matches_the_spec(harness: Harness, operation_id: str) -> None:
    scenario = SCENARIOS.get(operation_id)
    if scenario is None:
        answer = _unscenarioed(harness, operation_id)
        assert answer.status_code == 501, f"the fake implements {operation_id}: add a scenario for it here"
        pytest.skip(f"FakeProbe does not implement {operation_id} (see test_gaps.py)")
    scenario(harness)
    statuses = {status for operation, status in harness.validated if operation == operation_id}
    assert any(200 <= status < 300 for status in statuses), f"{operation_id}: no success answer validated"
    assert any(400 <= status < 500 for status in statuses), f"{operation_id}: no error answer validated"


def _unscenarioed(harness: Harness, operation_id: str) -> httpx.Response:
    method, path = next(
        (method.upper(), path)
        for path, methods in RAW_SPEC["paths"].items()
        for method, operation in methods.items()
        if operation["operationId"] == operation_id
    )
    return harness.http.request(method, re.sub(r"\{[^}]+\}", "1", path))


def test_every_scenario_is_an_operation_of_the_spec() -> None:
    assert set(SCENARIOS) <= set(SPEC_OPERATIONS), set(SCENARIOS) - set(SPEC_OPERATIONS)


# --- the fake's request rules agree with the spec, field by field -------------------------------------------


@pytest.mark.parametrize("connection_type", sorted(CONFIG_SCHEMAS))
def test_connection_config_rules_match_the_spec(harness: Harness, connection_type: str) -> None:
    schema = CONFIG_SCHEMAS[connection_type]
    config = minimal(schema)
    assert schema_errors(config, schema) == []
    url = f"/api/v2/workspaces/{WS}/target"
    stored = harness.call(
        "POST", url, json_body={"connection": {"type": connection_type, "config": config}, "settings": SETTINGS}
    )
    assert stored["connection"]["config"] == config
    for field in config:
        for broken in ({k: v for k, v in config.items() if k != field}, {**config, field: _wrong(config[field])}):
            assert schema_errors(broken, schema), f"{connection_type}.{field}: the spec accepts {broken}"
            body = {"connection": {"type": connection_type, "config": broken}, "settings": SETTINGS}
            response = harness.http.post(url, json=body)
            assert response.status_code == 400, f"{connection_type}: the fake accepted {broken}"
            assert f"connection.config.{field}" in response.json()["error"]["validationErrors"]


@pytest.mark.parametrize("field", sorted(SETTINGS))
def test_settings_rules_match_the_spec(harness: Harness, field: str) -> None:
    config = minimal(CONFIG_SCHEMAS["OPENAI"])
    url = f"/api/v2/workspaces/{WS}/target"
    for broken in ({k: v for k, v in SETTINGS.items() if k != field}, {**SETTINGS, field: _wrong(SETTINGS[field])}):
        assert schema_errors(broken, "TargetSettingsCreateRequest"), f"settings.{field}: the spec accepts {broken}"
        body = {"connection": {"type": "OPENAI", "config": config}, "settings": broken}
        response = harness.call("POST", url, json_body=body, status=400, request_valid=False)
        assert f"settings.{field}" in response["error"]["validationErrors"]


@pytest.mark.parametrize("field", sorted(minimal("TriggerTestRunRequest")))
def test_trigger_rules_match_the_spec(harness: Harness, field: str) -> None:
    target = harness.target()
    body = {**minimal("TriggerTestRunRequest"), "targetId": target["id"], "probeIds": [1]}
    url = f"/api/workspaces/{WS}/test-run/trigger"
    harness.call("POST", url, json_body=body)
    for broken in ({k: v for k, v in body.items() if k != field}, {**body, field: _wrong(body[field])}):
        response = harness.call("POST", url, json_body=broken, status=400, request_valid=False)
        assert field in response["error"]["validationErrors"]
