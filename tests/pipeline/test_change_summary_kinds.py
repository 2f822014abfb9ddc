"""The change summary's other kinds of line: connection types, parameters, content types, servers, security,
deprecation, each classified for users (breaking, deprecated, additive, docs) with the bump it suggests."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path
from typing import Any

from pipeline.changes import append_changelog, summarize

from .conftest import ROOT

COMMITTED: dict[str, Any] = json.loads((ROOT / "openapi" / "splx-probe.json").read_text(encoding="utf-8"))
RUNS = "/api/workspaces/{workspaceId}/target/{targetId}/test-runs"
GET_TARGET = "/api/v2/workspaces/{workspaceId}/target/{targetId}"


def _spec() -> dict[str, Any]:
    return copy.deepcopy(COMMITTED)


def _changes(old: dict[str, Any], new: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(c.impact, c.subject, c.what) for c in summarize(old, new).changes}


def _schemas(spec: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = spec["components"]["schemas"]
    return schemas


def _runs(spec: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = spec["paths"][RUNS]["get"]
    return operation


def test_a_connection_type_added_or_removed_is_named_as_one() -> None:
    old, new = _spec(), _spec()
    _schemas(new)["AcmeLlmIntegrationConfig"] = {
        "type": "object",
        "description": "Connection type: ACME_LLM",
        "x-splx-connection-type": "ACME_LLM",
        "properties": {"apiKey": {"type": "string"}},
    }
    removed = next(name for name, s in _schemas(new).items() if s.get("x-splx-connection-type") == "ANTHROPIC")
    del _schemas(new)[removed]
    changes = _changes(old, new)
    assert (
        "additive",
        "connection type ACME_LLM",
        "added (schema AcmeLlmIntegrationConfig): targets can now use it",
    ) in changes
    assert ("breaking", "connection type ANTHROPIC", f"removed (schema {removed}): targets using it fail") in changes


def test_parameter_changes_are_classified_for_callers() -> None:
    old, new = _spec(), _spec()
    status = {"name": "status", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}
    page = {"name": "page", "in": "query", "schema": {"type": "integer"}}
    _runs(old)["parameters"] += [status, {"name": "legacy", "in": "query", "schema": {"type": "string"}}, page]
    _runs(new)["parameters"] += [
        {**status, "style": "form", "explode": False},
        {"name": "pageSize", "in": "query", "required": True, "schema": {"type": "integer"}},
        {**page, "required": True, "schema": {"type": "string"}},
    ]
    subject = "operation listTargetTestRuns"
    assert _changes(old, new) == {
        ("breaking", subject, "query parameter legacy removed"),
        ("breaking", subject, "query parameter pageSize added (required)"),
        ("breaking", subject, "query parameter page became required"),
        ("breaking", f"{subject} query parameter page", "type changed: integer -> string"),
        (
            "additive",
            subject,
            "query parameter status explode changed: (none) -> false (the regenerated SDK sends the new form;"
            " earlier releases send the old one)",
        ),
        (
            "additive",
            subject,
            'query parameter status style changed: (none) -> "form" (the regenerated SDK sends the new form;'
            " earlier releases send the old one)",
        ),
    }


def test_content_types_added_and_removed_are_lines() -> None:
    old, new = _spec(), _spec()
    _runs(new)["responses"]["200"]["content"]["text/csv"] = {"schema": {"type": "string"}}
    create = new["paths"]["/api/v2/workspaces/{workspaceId}/target"]["post"]["requestBody"]["content"]
    create["multipart/form-data"] = create.pop("application/json")
    changes = _changes(old, new)
    assert ("additive", "operation listTargetTestRuns response 200", "content type text/csv added") in changes
    body = "operation createTarget request body"
    assert ("breaking", body, "content type application/json removed") in changes
    assert ("additive", body, "content type multipart/form-data added") in changes


def test_a_new_default_server_breaks_users_on_the_default_region_and_a_new_region_is_additive() -> None:
    old, new = _spec(), _spec()
    new["servers"] = [
        {"url": "https://eu.api.probe.splx.ai", "description": "EU Server"},
        {"url": "https://us.api.probe.splx.ai", "description": "US Server"},
        {"url": "https://ap.api.probe.splx.ai", "description": "AP Server"},
    ]
    changes = _changes(old, new)
    assert {(impact, subject) for impact, subject, _ in changes} == {
        ("breaking", "spec /servers"),
        ("additive", "spec /servers"),
    }
    assert any("default server https://api.probe.splx.ai -> https://eu.api.probe.splx.ai" in w for _, _, w in changes)
    assert ("additive", "spec /servers", "server https://ap.api.probe.splx.ai added (a new region)") in changes
    described = _spec()
    described["servers"][1]["description"] = "United States"
    assert _changes(old, described) == {("docs", "spec /servers", "server descriptions or variables changed")}


def test_an_operation_or_path_level_server_is_a_line_of_its_own() -> None:
    old, new = _spec(), _spec()
    new["paths"][GET_TARGET]["get"]["servers"] = [{"url": "https://files.probe.splx.ai"}]
    new["paths"][RUNS]["servers"] = [{"url": "https://runs.probe.splx.ai"}]
    assert {(i, s) for i, s, _ in _changes(old, new)} == {
        ("breaking", "operation getTarget"),
        ("breaking", f"path {RUNS}"),
    }


def test_a_security_scheme_added_or_a_requirement_changed_may_stop_the_client_authenticating() -> None:
    old, new = _spec(), _spec()
    new["components"]["securitySchemes"]["Bearer"] = {"type": "http", "scheme": "bearer"}
    new["security"] = [{"Bearer": []}]
    new["paths"][GET_TARGET]["get"]["security"] = [{"ApiKey": []}, {"Bearer": []}]
    changes = _changes(old, new)
    assert (
        "breaking",
        "security scheme Bearer",
        "added (http bearer): the client may not authenticate; check it supports the scheme",
    ) in changes
    assert (
        "breaking",
        "spec /security",
        'security requirement [{"ApiKey": []}] -> [{"Bearer": []}]: the client may not authenticate',
    ) in changes
    assert any(s == "operation getTarget" and "may not authenticate" in w for _, s, w in changes)
    assert summarize(old, new).bump == "major"


def test_deprecations_are_their_own_kind_and_suggest_a_minor_bump(tmp_path: Path) -> None:
    old, new = _spec(), _spec()
    _runs(new)["deprecated"] = True
    _runs(new)["parameters"][0]["deprecated"] = True
    _schemas(new)["TargetSettingsCreateRequest"]["properties"]["language"]["deprecated"] = True
    notice = "deprecated by the API: it now warns; move off it before it is removed"
    changes = _changes(old, new)
    assert changes == {
        ("deprecated", "operation listTargetTestRuns", notice),
        ("deprecated", "operation listTargetTestRuns path parameter workspaceId", notice),
        ("deprecated", "TargetSettingsCreateRequest.language", notice),
    }
    report = summarize(old, new)
    assert report.bump == "minor"
    assert report.lines()[1].startswith("  deprecated  ")
    changelog = tmp_path / "CHANGELOG.md"
    assert append_changelog(changelog, report, datetime.datetime(2026, 12, 6, tzinfo=datetime.UTC))
    assert "- **deprecated** `operation listTargetTestRuns`: deprecated by the API" in changelog.read_text("utf-8")
    assert _changes(new, old) == {
        ("docs", "operation listTargetTestRuns", "no longer deprecated"),
        ("docs", "operation listTargetTestRuns path parameter workspaceId", "no longer deprecated"),
        ("docs", "TargetSettingsCreateRequest.language", "no longer deprecated"),
    }


def test_breaking_lines_come_first_then_deprecations_then_additions() -> None:
    old, new = _spec(), _spec()
    _runs(new)["deprecated"] = True
    del new["paths"][GET_TARGET]["get"]
    _runs(new)["responses"]["200"]["content"]["text/csv"] = {"schema": {"type": "string"}}
    impacts = [change.impact for change in summarize(old, new).changes]
    assert impacts == sorted(impacts, key=["breaking", "deprecated", "additive", "docs"].index)
    assert impacts[0] == "breaking"
    assert {"deprecated", "additive"} <= set(impacts)


def test_an_id_type_change_is_breaking_and_names_its_alias() -> None:
    old, new = _spec(), _spec()
    for item in new["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter["name"] == "targetId":
                    parameter["schema"] = {"type": "string", "format": "uuid"}
    for schema in _schemas(new).values():
        if "targetId" in (schema.get("properties") or {}):
            schema["properties"]["targetId"] = {"type": "string", "format": "uuid"}
    report = summarize(old, new)
    (line,) = [c for c in report.changes if c.subject == "id TargetId"]
    assert line.impact == "breaking"
    assert line.what.startswith("int -> UUID (splx_probe_client.ids.TargetId")
    assert not [c for c in report.changes if c.subject.startswith("id ") and c.subject != "id TargetId"]
