"""An error answer's body parsed as the model the spec documents for its status: ``APIStatusError.parsed_body``."""

from __future__ import annotations

import copy
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from pipeline.assemble import build
from pipeline.tables import error_models_module
from splx_probe_client import APIStatusError, AuthenticationError, NotFoundError, SyncProbeClient
from splx_probe_client.models import ErrorResponse

ROOT = Path(__file__).resolve().parents[3]
SPEC = json.loads((ROOT / "openapi" / "splx-probe.json").read_text(encoding="utf-8"))
GET_TARGET = "/api/v2/workspaces/{workspaceId}/target/{targetId}"
ERROR_BODY = {"error": {"code": "UNAUTHORIZED", "message": "the key is wrong"}}


def _raised(status: int, body: object) -> APIStatusError:
    def answer(request: httpx.Request) -> httpx.Response:
        if isinstance(body, str):
            return httpx.Response(status, text=body)
        return httpx.Response(status, json=body)

    transport = httpx.MockTransport(answer)
    with (
        SyncProbeClient(api_key="k", base_url="https://probe.test", transport=transport) as client,
        pytest.raises(APIStatusError) as caught,
    ):
        client.targets.get(workspace_id=1, target_id=2)
    return caught.value


def test_a_documented_error_status_gives_its_model() -> None:
    error = _raised(401, ERROR_BODY)
    assert isinstance(error, AuthenticationError)
    assert isinstance(error.parsed_body, ErrorResponse)
    assert error.parsed_body.to_dict()["error"]["message"] == "the key is wrong"
    again = pickle.loads(pickle.dumps(error))
    assert isinstance(again.parsed_body, ErrorResponse)


def test_the_model_is_read_from_the_masked_body() -> None:
    body = {"error": {"code": "BAD", "message": "no"}, "echo": {"apiKey": "sk-live-SECRET"}}
    error = _raised(401, body)
    assert "sk-live-SECRET" not in json.dumps(error.parsed_body.to_dict())


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (404, ERROR_BODY),  # the spec documents no body for a 404 of getTarget
        (401, "<html>proxy says no</html>"),  # not JSON
        (401, {"error": "a string where an object belongs"}),  # JSON that does not fit the model
    ],
)
def test_nothing_documented_or_nothing_that_fits_gives_none(status: int, body: object) -> None:
    error = _raised(status, body)
    assert error.parsed_body is None
    assert isinstance(error, NotFoundError) == (status == 404)


def test_the_table_lists_each_operations_described_error_statuses() -> None:
    spec = copy.deepcopy(SPEC)
    responses = spec["paths"][GET_TARGET]["get"]["responses"]
    responses["409"] = {"description": "Conflict", "content": {"application/json": {"schema": {"type": "object"}}}}
    responses["5XX"] = responses.pop("500")
    namespace: dict[str, object] = {}
    exec(error_models_module(spec), namespace)  # the pipeline's own output, as the package imports it
    module, statuses = namespace["ERROR_MODELS"]["getTarget"]  # type: ignore[index]
    assert module == "api.target.get_target"
    assert {400, 401, 403, 409, 500, 503, 599} <= statuses
    assert 404 not in statuses


@pytest.fixture(scope="module")
def conflict_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package built from the spec where getTarget documents a 409 with a model of its own."""
    root = tmp_path_factory.mktemp("repo")
    for name in ("openapi", "overrides"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "generator-config.yaml", root / "generator-config.yaml")
    spec = copy.deepcopy(SPEC)
    spec["components"]["schemas"]["TargetConflictError"] = {
        "type": "object",
        "required": ["conflictingTargetId"],
        "properties": {"conflictingTargetId": {"type": "integer"}, "reason": {"type": "string"}},
    }
    spec["paths"][GET_TARGET]["get"]["responses"]["409"] = {
        "description": "Conflict",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TargetConflictError"}}},
    }
    spec_path = root / "spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    (root / "out").mkdir()
    return build(spec_path, root, root / "out")


def test_an_operations_own_error_model_is_on_the_error_of_both_clients(conflict_package: Path) -> None:
    program = """
import asyncio
import httpx
from splx_probe_client import ConflictError, ProbeClient, SyncProbeClient
from splx_probe_client.models import TargetConflictError
def answer(request):
    return httpx.Response(409, json={"conflictingTargetId": 41, "reason": "same name"})
async def main():
    async with ProbeClient("k", base_url="https://x.test", transport=httpx.MockTransport(answer)) as client:
        try:
            await client.targets.get(workspace_id=1, target_id=2)
        except ConflictError as error:
            model = error.parsed_body
            print(type(model).__name__, model.conflicting_target_id, model.reason)
asyncio.run(main())
with SyncProbeClient("k", base_url="https://x.test", transport=httpx.MockTransport(answer)) as client:
    try:
        client.targets.get(workspace_id=1, target_id=2)
    except ConflictError as error:
        print(isinstance(error.parsed_body, TargetConflictError), error.body)
"""
    done = subprocess.run(
        [sys.executable, "-c", program],
        cwd=conflict_package.parent,
        env={**os.environ, "PYTHONPATH": str(conflict_package.parent)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "TargetConflictError 41 same name",
        "True {'conflictingTargetId': 41, 'reason': 'same name'}",
    ]
