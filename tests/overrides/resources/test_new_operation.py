"""A new operation in the spec becomes a resource method after generation, with no hand edit."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline.assemble import build
from pipeline.merge import MergeError
from pipeline.resources import collect, derived_method, derived_resource, resources_module

ROOT = Path(__file__).resolve().parents[3]
SPEC = json.loads((ROOT / "openapi" / "splx-probe.json").read_text(encoding="utf-8"))
RUN = {"$ref": "#/components/schemas/ScanRunExecutionDto"}


def _operation(operation_id: str, tag: str, schema: dict[str, Any], **extensions: str) -> dict[str, Any]:
    error = {
        "description": "Unauthorized",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
    }
    return {
        "operationId": operation_id,
        "summary": f"{operation_id}, added by the vendor",
        "description": "Added after the SDK was written.",
        "tags": [tag],
        "parameters": [
            {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "format": "int32"}}
            for name in ("workspaceId", "testRunId")
        ],
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": schema}}}, "401": error},
        **extensions,
    }


@pytest.fixture(scope="module")
def grown_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package built from the spec plus two operations: one on an existing tag, one on a new tag."""
    root = tmp_path_factory.mktemp("repo")
    for name in ("openapi", "overrides"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "generator-config.yaml", root / "generator-config.yaml")
    spec = copy.deepcopy(SPEC)
    spec["paths"]["/api/workspaces/{workspaceId}/test-run/{testRunId}"] = {
        "get": _operation("getTestRun", "TestRun", RUN)
    }
    spec["paths"]["/api/workspaces/{workspaceId}/report/{testRunId}"] = {
        "get": _operation("listReportRows", "Report", {"type": "array", "items": RUN}, **{"x-splx-method": "rows"})
    }
    # Derived name ``list``: it hides the builtin in the class body, where ``rows`` returns a list.
    spec["paths"]["/api/workspaces/{workspaceId}/reports/{testRunId}/all"] = {
        "get": _operation("listReports", "Report", {"type": "array", "items": RUN})
    }
    spec["tags"].append({"name": "Report", "description": "Reports of finished runs."})
    spec_path = root / "spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    (root / "out").mkdir()
    return build(spec_path, root, root / "out")


def test_new_operations_appear_as_typed_methods_of_both_clients(grown_package: Path) -> None:
    program = """
import httpx
from splx_probe_client import ProbeClient, SyncProbeClient
import asyncio
run = {"id": 7, "name": "n", "probes": [], "startedBy": "me", "status": "RUNNING"}
def answer(request):
    return httpx.Response(200, json=[run] if "/report/" in request.url.path else run)
async def main():
    async with ProbeClient("k", base_url="https://x.test", transport=httpx.MockTransport(answer)) as client:
        got = await client.test_runs.get(workspace_id=1, test_run_id=7)
        rows = await client.reports.rows(workspace_id=1, test_run_id=7)
        print(type(got).__name__, got.id, type(rows[0]).__name__)
asyncio.run(main())
with SyncProbeClient("k", base_url="https://x.test", transport=httpx.MockTransport(answer)) as client:
    got = client.test_runs.get(workspace_id=1, test_run_id=7)
    print(type(got).__name__, len(client.reports.rows(workspace_id=1, test_run_id=7)))
"""
    done = subprocess.run(
        [sys.executable, "-c", program],
        cwd=grown_package.parent,
        env={**os.environ, "PYTHONPATH": str(grown_package.parent)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["ScanRunExecutionDto 7 ScanRunExecutionDto", "ScanRunExecutionDto 1"]
    source = (grown_package / "_resources.py").read_text(encoding="utf-8")
    assert "    ) -> ScanRunExecutionDto:\n" in source  # the exact model, no ErrorResponse or None
    assert "    ) -> list[ScanRunExecutionDto]:\n" in source
    endpoint = (grown_package / "api" / "test_run" / "get_test_run.py").read_text(encoding="utf-8")
    assert endpoint.count("APIStatusError: with ProbeClient or SyncProbeClient") == 4  # its docstrings tell the truth
    # In a class that defines ``list``, ``list[...]`` would name the method (mypy: not valid as a type).
    assert "import builtins\n" in source
    reports = source[source.index("class AsyncReports(") : source.index("class AsyncReportsWithRawResponse(")]
    assert "    async def list(\n" in reports
    assert "    ) -> builtins.list[ScanRunExecutionDto]:\n" in reports
    assert not [line for line in reports.splitlines() if re.search(r"(?<![\w.])list\[", line) and ":" in line]
    reference = (grown_package.parent / "api.md").read_text(encoding="utf-8")
    assert "### `test_runs.get(workspace_id: int, test_run_id: int) -> ScanRunExecutionDto`" in reference
    assert "## `client.reports`" in reference
    assert "### `reports.rows(workspace_id: int, test_run_id: int) -> list[ScanRunExecutionDto]`" in reference


@pytest.mark.parametrize(
    ("tag", "resource"), [("Target", "targets"), ("TestRun", "test_runs"), ("Policy", "policies"), ("Status", "status")]
)
def test_a_resource_is_named_after_its_tag_in_the_plural(tag: str, resource: str) -> None:
    assert derived_resource(tag) == resource


@pytest.mark.parametrize(
    ("operation_id", "tag", "method"),
    [
        ("getTargetScores", "Target", "get_scores"),
        ("listTargetTestRuns", "Target", "list_test_runs"),
        ("triggerTestRun", "TestRun", "trigger"),
        ("listTargets", "Target", "list"),  # the plural is the resource's own word too
        ("retrieveATestRun", "TestRun", "retrieve"),  # from the summary "Retrieve a Test Run": no article left
        ("listProbesOfAWorkspace", "Probe", "list"),  # the scope after the resource is a parameter
        ("getScoresForTarget", "Target", "get_scores"),  # no dangling preposition
        ("getTheLatestReport", "Report", "get_latest"),
        ("listTargetTypes", "Target", "list_types"),
        ("target", "Target", "target"),  # nothing would be left
        ("aTarget", "Target", "target"),
    ],
)
def test_a_method_is_its_operation_id_without_the_tags_words(operation_id: str, tag: str, method: str) -> None:
    assert derived_method(operation_id, tag) == method


def test_the_derived_names_of_the_configured_operations_are_the_configured_names() -> None:
    # The config's names are what a human would pick; the derivation must agree for a new operation to read alike.
    configured = [
        (op["operationId"], op["tags"][0], op["x-splx-resource"], op["x-splx-method"])
        for item in SPEC["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "x-splx-method" in op
    ]
    assert configured
    for operation_id, tag, resource, method in configured:
        assert (derived_resource(tag), derived_method(operation_id, tag)) == (resource, method), operation_id


def test_two_operations_with_one_name_fail_the_build_naming_both() -> None:
    spec = copy.deepcopy(SPEC)
    spec["paths"]["/api/target/types"]["get"]["x-splx-method"] = "get"
    with pytest.raises(MergeError, match=r"\(getTarget\): client\.targets\.get is also listTargetTypes.*method:"):
        collect(spec, ROOT / "splx_probe_client")


def test_a_name_that_is_not_python_fails_the_build() -> None:
    spec = copy.deepcopy(SPEC)
    spec["paths"]["/api/target/types"]["get"]["x-splx-resource"] = "target-types"
    with pytest.raises(MergeError, match="resource 'target-types' is not a valid Python name"):
        collect(spec, ROOT / "splx_probe_client")


@pytest.mark.parametrize("resource", ["with_options", "region", "close", "token"])
def test_a_resource_that_would_hide_a_client_attribute_fails_the_build(resource: str) -> None:
    spec = copy.deepcopy(SPEC)
    spec["paths"]["/api/target/types"]["get"]["x-splx-resource"] = resource
    with pytest.raises(MergeError, match=f"client.{resource} would hide the client's own"):
        collect(spec, ROOT / "splx_probe_client")


def test_a_success_answer_without_a_model_fails_the_build() -> None:
    spec = copy.deepcopy(SPEC)
    answer = spec["paths"]["/api/target/types"]["get"]["responses"]["200"]
    answer["content"]["application/json"]["schema"] = {"type": "object", "properties": {"a": {"type": "string"}}}
    with pytest.raises(MergeError, match=r"listTargetTypes.*named schema"):
        collect(spec, ROOT / "splx_probe_client")


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    package = tmp_path / "splx_probe_client"
    shutil.copytree(ROOT / "splx_probe_client", package, ignore=shutil.ignore_patterns("__pycache__"))
    return package


def test_a_hand_written_replacement_with_other_parameters_fails_the_build(package_copy: Path) -> None:
    mixins = package_copy / "_resource_mixins.py"
    mixins.write_text(
        mixins.read_text(encoding="utf-8").replace(
            "        body: TriggerTestRunRequest,\n        timeout",
            "        request: TriggerTestRunRequest,\n        timeout",
            1,
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        MergeError, match=r"AsyncTestRunsMixin\.trigger replaces triggerTestRun but takes \(workspace_id, request"
    ):
        resources_module(SPEC, package_copy)


def test_a_mixin_for_no_resource_fails_the_build(package_copy: Path) -> None:
    mixins = package_copy / "_resource_mixins.py"
    mixins.write_text(mixins.read_text(encoding="utf-8") + "\n\nclass AsyncReportsMixin:\n    pass\n", encoding="utf-8")
    with pytest.raises(MergeError, match="AsyncReportsMixin mixes into no resource"):
        resources_module(SPEC, package_copy)


def test_a_replacement_on_one_client_only_fails_the_build(package_copy: Path) -> None:
    # The sync client would send the plain POST where the async one finds out whether the run exists.
    mixins = package_copy / "_resource_mixins.py"
    source = mixins.read_text(encoding="utf-8")
    sync_part = source.index("class TestRunsMixin(")
    mixins.write_text(
        source[:sync_part] + source[sync_part:].replace("    def trigger(\n", "    def trigger_plain(\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(MergeError, match=r"AsyncTestRunsMixin\.trigger replaces triggerTestRun on one client only"):
        resources_module(SPEC, package_copy)
