"""FakeProbe answers as the spec says, with no edit of the fake: statuses, content types, parameters, file answers.

The committed spec has no query parameter and no file answer, so a fixture spec is made from it the way a vendor
would change it (createTarget 200 -> 201; a filtered, paged runs list with a CSV representation beside JSON; a
PDF report and a binary export). Its tables are written by the pipeline's own functions into a scratch copy of
the package (``_schema_rules.py``, ``_operations.py``), and FakeProbe of that copy is driven in a subprocess.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline.rules import gaps, schema_rules_module
from pipeline.tables import operations_module

ROOT = Path(__file__).resolve().parents[3]
RUNS = "/api/workspaces/{workspaceId}/target/{targetId}/test-runs"
REPORT = "/api/workspaces/{workspaceId}/test-run/{testRunId}/report"
EXPORT = "/api/workspaces/{workspaceId}/target/{targetId}/export"


def _changed_spec() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads((ROOT / "openapi" / "splx-probe.json").read_text(encoding="utf-8"))
    create = spec["paths"]["/api/v2/workspaces/{workspaceId}/target"]["post"]
    create["responses"]["201"] = create["responses"].pop("200")
    runs = spec["paths"][RUNS]["get"]
    runs["parameters"] += [
        {
            "name": "status",
            "in": "query",
            "explode": False,
            "schema": {"type": "array", "items": {"type": "string", "enum": ["RUNNING", "COMPLETED", "FAILED"]}},
        },
        {"name": "page", "in": "query", "schema": {"type": "integer", "format": "int32", "minimum": 1}},
        {"name": "pageSize", "in": "query", "schema": {"type": "integer", "format": "int32", "maximum": 100}},
        {"name": "sort", "in": "query", "schema": {"type": "string"}},
        {"name": "X-Request-Id", "in": "header", "schema": {"type": "string", "format": "uuid"}},
    ]
    runs["responses"]["200"]["content"]["text/csv"] = {"schema": {"type": "string"}}
    cancel = spec["paths"]["/api/workspaces/{workspaceId}/test-run/{testRunId}/cancel"]["post"]
    for path, operation_id, media_type, source in [
        (REPORT, "getTestRunReport", "application/pdf", cancel),
        (EXPORT, "exportTarget", "application/octet-stream", spec["paths"][RUNS]["get"]),
    ]:
        operation = copy.deepcopy(source)
        operation["operationId"] = operation_id
        operation["parameters"] = [p for p in operation["parameters"] if p["in"] == "path"]
        operation["responses"]["200"] = {
            "description": "OK",
            "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
        }
        spec["paths"][path] = {"get": operation}
    return spec


DRIVE = r"""
import base64, json, sys, httpx
from splx_probe_client.testing import FakeProbe, RunOutcome
fake = FakeProbe(polls_to_finish=1000)  # listing never advances a run: the statuses stay as set here
out = {}

def record(name, response):
    kind = response.headers.get("content-type")
    body = response.json() if kind == "application/json" else base64.b64encode(response.content).decode()
    out[name] = [response.status_code, kind, body]

def scenario(c, prefix):
    settings = {"name": "acme", "description": "acme bot", "environment": "DEV", "language": "en",
                "concurrentRequests": False, "multiStepAttacks": False, "rateLimit": 5, "supportedModes": ["TEXT"]}
    body = {"connection": {"type": "OPENAI", "config": {"apiKey": "sk-1", "model": "gpt-4o"}}, "settings": settings}
    created = c.post("/api/v2/workspaces/1/target", json=body)
    record(prefix + "create", created)
    target = created.json()["id"]
    first = fake.add_test_run(1, target, name="first")
    fake.finish(first)
    second = fake.add_test_run(1, target, name="second")
    third = fake.add_test_run(1, target, name="third", outcome=RunOutcome(status="FAILED"))
    fake.finish(third)
    runs = f"/api/workspaces/1/target/{target}/test-runs"
    out[prefix + "ids"] = [first, second, third]
    record(prefix + "all", c.get(runs))
    record(prefix + "filtered", c.get(runs, params={"status": "RUNNING,FAILED"}))
    record(prefix + "bad_filter", c.get(runs, params={"status": "RUNNING,DONE"}))
    record(prefix + "page1", c.get(runs, params={"page": 1, "pageSize": 2}))
    record(prefix + "page2", c.get(runs, params={"page": 2, "pageSize": 2}))
    record(prefix + "page0", c.get(runs, params={"page": 0, "pageSize": 2}))
    record(prefix + "page_three", c.get(runs, params={"page": "three"}))
    record(prefix + "sort", c.get(runs, params={"sort": "name"}))
    record(prefix + "request_id", c.get(runs, headers={"X-Request-Id": "0b7f6a52-3c1e-4f43-9b1a-6b3d2f1e0a01"}))
    record(prefix + "csv", c.get(runs, headers={"Accept": "text/csv"}))
    record(prefix + "prefers_csv", c.get(runs, headers={"Accept": "application/json;q=0.5, text/csv"}))
    record(prefix + "xml", c.get(runs, headers={"Accept": "application/xml"}))
    record(prefix + "report", c.get(f"/api/workspaces/1/test-run/{first}/report"))
    record(prefix + "report_again", c.get(f"/api/workspaces/1/test-run/{first}/report", headers={"Accept": "*/*"}))
    record(prefix + "report_missing", c.get("/api/workspaces/1/test-run/999/report"))
    record(prefix + "export", c.get(f"/api/workspaces/1/target/{target}/export"))

headers = {"X-Api-Key": fake.api_key}
with httpx.Client(base_url="http://fake.test", transport=fake.transport(), headers=headers) as c:
    scenario(c, "")
with fake.serve() as base_url, httpx.Client(base_url=base_url, headers=headers) as c:
    scenario(c, "socket_")
out["server_errors"] = [repr(e) for e in fake.server_errors]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    scratch = tmp_path_factory.mktemp("answers")
    package = scratch / "splx_probe_client"
    shutil.copytree(ROOT / "splx_probe_client", package, ignore=shutil.ignore_patterns("__pycache__"))
    spec = _changed_spec()
    (package / "_schema_rules.py").write_text(schema_rules_module(spec), encoding="utf-8")
    (package / "_operations.py").write_text(operations_module(spec), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", DRIVE],
        cwd=scratch,
        env={**os.environ, "PYTHONPATH": str(scratch)},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    result: dict[str, Any] = json.loads(done.stdout)
    assert result["server_errors"] == []
    return result


VIAS = ["", "socket_"]


def _decoded(answer: list[Any]) -> bytes:
    return base64.b64decode(answer[2])


@pytest.mark.parametrize("via", VIAS)
def test_a_moved_success_status_is_answered_with_no_edit(answers: dict[str, Any], via: str) -> None:
    status, kind, body = answers[f"{via}create"]
    assert (status, kind) == (201, "application/json")
    assert body["settings"]["name"] == "acme"


@pytest.mark.parametrize("via", VIAS)
def test_a_query_parameter_naming_a_field_of_the_listed_items_filters_them(answers: dict[str, Any], via: str) -> None:
    first, second, third = answers[f"{via}ids"]
    assert [run["id"] for run in answers[f"{via}all"][2]] == [third, second, first]  # newest first, unfiltered
    status, _, body = answers[f"{via}filtered"]
    assert status == 200
    assert [(run["id"], run["status"]) for run in body] == [(third, "FAILED"), (second, "RUNNING")]
    status, _, body = answers[f"{via}bad_filter"]
    assert status == 400
    assert list(body["error"]["validationErrors"]) == ["status"]


@pytest.mark.parametrize("via", VIAS)
def test_page_and_page_size_page_the_list(answers: dict[str, Any], via: str) -> None:
    first, second, third = answers[f"{via}ids"]
    assert [run["id"] for run in answers[f"{via}page1"][2]] == [third, second]
    assert [run["id"] for run in answers[f"{via}page2"][2]] == [first]
    page0 = answers[f"{via}page0"]
    assert page0[0] == 400
    assert page0[2]["error"]["validationErrors"] == {"page": ["must be at least 1"]}
    three = answers[f"{via}page_three"]
    assert three[0] == 400
    assert three[2]["error"]["validationErrors"] == {"page": ["must be an integer"]}


@pytest.mark.parametrize("via", VIAS)
@pytest.mark.parametrize(("case", "name"), [("sort", "'sort'"), ("request_id", "'X-Request-Id'")])
def test_a_parameter_the_fake_does_not_implement_is_501_naming_it(
    answers: dict[str, Any], via: str, case: str, name: str
) -> None:
    status, _, body = answers[f"{via}{case}"]
    assert status == 501
    assert body["error"]["code"] == "NOT_IMPLEMENTED"
    assert name in body["error"]["message"]
    assert "listTargetTestRuns" in body["error"]["message"]


def test_make_generate_lists_the_parameters_the_fake_does_not_implement() -> None:
    listed = [line for line in gaps(_changed_spec()) if line.startswith("listTargetTestRuns")]
    assert len(listed) == 2
    assert any("query parameter 'sort'" in line for line in listed)
    assert any("header parameter 'X-Request-Id'" in line for line in listed)


@pytest.mark.parametrize("via", VIAS)
def test_accept_picks_the_csv_representation_and_json_stays_the_default(answers: dict[str, Any], via: str) -> None:
    first, second, third = answers[f"{via}ids"]
    assert answers[f"{via}all"][1] == "application/json"  # httpx sends Accept: */*
    for case in ("csv", "prefers_csv"):
        status, kind, _ = answers[f"{via}{case}"]
        assert (status, kind) == (200, "text/csv")
        lines = _decoded(answers[f"{via}{case}"]).decode().splitlines()
        assert lines[0].split(",")[:2] == ["id", "name"]
        assert [line.split(",")[0] for line in lines[1:]] == [str(third), str(second), str(first)]
    status, kind, body = answers[f"{via}xml"]
    assert (status, kind) == (406, "application/json")
    assert "application/json, text/csv" in body["error"]["message"]


@pytest.mark.parametrize("via", VIAS)
def test_a_file_answer_is_a_deterministic_sample_of_its_type(answers: dict[str, Any], via: str) -> None:
    status, kind, _ = answers[f"{via}report"]
    assert (status, kind) == (200, "application/pdf")
    pdf = _decoded(answers[f"{via}report"])
    assert pdf.startswith(b"%PDF-1.4\n")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"getTestRunReport" in pdf
    assert pdf == _decoded(answers[f"{via}report_again"])
    assert answers[f"{via}report_missing"][0] == 404  # the subject of a download must exist
    status, kind, _ = answers[f"{via}export"]
    assert (status, kind) == (200, "application/octet-stream")
    assert b"exportTarget" in _decoded(answers[f"{via}export"])


def _uuid_target_ids() -> dict[str, Any]:
    """The committed spec with ``targetId`` a uuid in every operation, as a vendor's id change would make it."""
    spec: dict[str, Any] = json.loads((ROOT / "openapi" / "splx-probe.json").read_text(encoding="utf-8"))
    for item in spec["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter["name"] == "targetId":
                    parameter["schema"] = {"type": "string", "format": "uuid"}
    return spec


UUID_DRIVE = r"""
import json, httpx
from splx_probe_client.testing import FakeProbe
fake = FakeProbe()
with httpx.Client(base_url="http://fake.test", transport=fake.transport(), headers={"X-Api-Key": fake.api_key}) as c:
    got = c.get("/api/v2/workspaces/1/target/0b7f6a52-3c1e-4f43-9b1a-6b3d2f1e0a01")
    types = c.get("/api/target/types")
print(json.dumps([got.status_code, got.json(), types.status_code]))
"""


def test_an_id_type_the_fake_cannot_key_its_records_by_is_501_naming_it_and_a_listed_gap(
    tmp_path: Path,
) -> None:
    spec = _uuid_target_ids()
    listed = [line for line in gaps(spec) if "'targetId'" in line]
    assert listed
    assert all("int ids" in line for line in listed)
    package = tmp_path / "splx_probe_client"
    shutil.copytree(ROOT / "splx_probe_client", package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "_schema_rules.py").write_text(schema_rules_module(spec), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", UUID_DRIVE],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    status, body, types_status = json.loads(done.stdout)
    assert status == 501
    assert "'targetId'" in body["error"]["message"]
    assert "getTarget" in body["error"]["message"]
    assert types_status == 200  # an operation without such an id is served as before
