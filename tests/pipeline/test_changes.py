"""The change summary: per operation and per field, breaking or additive, a version bump, CHANGELOG.md."""

from __future__ import annotations

import copy
import datetime
import io
import json
from pathlib import Path
from typing import Any

from pipeline.changes import append_changelog, summarize

from .conftest import ROOT, edit, merge

COMMITTED: dict[str, Any] = json.loads((ROOT / "openapi" / "splx-probe.json").read_text(encoding="utf-8"))
TRIGGER = "/api/workspaces/{workspaceId}/test-run/trigger"
GET_TARGET = "/api/v2/workspaces/{workspaceId}/target/{targetId}"


def _changes(old: dict[str, Any], new: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(c.impact, c.subject, c.what) for c in summarize(old, new).changes}


def _spec() -> dict[str, Any]:
    return copy.deepcopy(COMMITTED)


def _schemas(spec: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = spec["components"]["schemas"]
    return schemas


def test_field_changes_of_a_response_model_are_classified_for_readers() -> None:
    old, new = _spec(), _spec()
    _schemas(old)["ScanRunExecutionDto"]["properties"]["status"]["enum"] = ["PENDING", "RUNNING"]
    run = _schemas(new)["ScanRunExecutionDto"]
    run["properties"]["status"]["enum"] = ["PENDING", "RUNNING", "PAUSED"]
    run["properties"]["durationMs"] = {"type": "integer"}
    run["properties"]["progress"] = {"type": "string"}
    del run["properties"]["executionDate"]
    run["required"] = [name for name in run["required"] if name != "startedBy"] + ["errorCount"]
    run["properties"]["name"].pop("nullable")
    assert _changes(old, new) == {
        ("breaking", "ScanRunExecutionDto.status", 'enum values added: "PAUSED"'),
        ("additive", "ScanRunExecutionDto.durationMs", "added (optional)"),
        ("breaking", "ScanRunExecutionDto.progress", "type changed: number (float) -> string"),
        ("breaking", "ScanRunExecutionDto.executionDate", "removed"),
        ("breaking", "ScanRunExecutionDto.startedBy", "became optional"),
        ("additive", "ScanRunExecutionDto.errorCount", "became required"),
        ("additive", "ScanRunExecutionDto.name", "no longer nullable"),
    }
    assert summarize(old, new).bump == "major"


def test_field_changes_of_a_request_model_are_classified_for_senders() -> None:
    old, new = _spec(), _spec()
    _schemas(old)["TargetSettingsCreateRequest"]["properties"]["environment"]["enum"] = ["DEV", "STAGE", "PROD"]
    trigger = _schemas(new)["TriggerTestRunRequest"]
    trigger["properties"]["priority"] = {"type": "integer"}
    trigger["properties"]["labels"] = {"type": "array", "items": {"type": "string"}}
    trigger["required"] = [name for name in trigger["required"] if name != "notifyWhenFinished"] + ["priority"]
    settings = _schemas(new)["TargetSettingsCreateRequest"]["properties"]["environment"]
    settings["enum"] = ["DEV", "PROD", "QA"]
    assert _changes(old, new) == {
        ("breaking", "TriggerTestRunRequest.priority", "added (required)"),
        ("additive", "TriggerTestRunRequest.labels", "added (optional)"),
        ("additive", "TriggerTestRunRequest.notifyWhenFinished", "became optional"),
        ("additive", "TargetSettingsCreateRequest.environment", 'enum values added: "QA"'),
        ("breaking", "TargetSettingsCreateRequest.environment", 'enum values removed: "STAGE"'),
    }


def test_operation_changes_statuses_parameters_and_inline_bodies() -> None:
    old, new = _spec(), _spec()
    trigger = new["paths"][TRIGGER]["post"]
    trigger["responses"]["202"] = {"description": "Queued"}
    del trigger["responses"]["403"]
    get_target = new["paths"][GET_TARGET]["get"]
    get_target["parameters"].append({"name": "expand", "in": "query", "schema": {"type": "boolean"}})
    get_target["parameters"].append({"name": "X-Trace", "in": "header", "required": True, "schema": {"type": "string"}})
    assert _changes(old, new) == {
        ("additive", "operation triggerTestRun", "response status 202 added"),
        ("breaking", "operation triggerTestRun", "response status 403 removed"),
        ("additive", "operation getTarget", "query parameter expand added (optional)"),
        ("breaking", "operation getTarget", "header parameter X-Trace added (required)"),
    }


def test_a_new_union_variant_is_additive_in_a_request_and_documentation_is_docs() -> None:
    old, new = _spec(), _spec()
    _schemas(new)["AcmeIntegrationConfig"] = {"type": "object", "properties": {"url": {"type": "string"}}}
    config = _schemas(new)["IntegrationRequest"]["properties"]["config"]
    config["oneOf"].append({"$ref": "#/components/schemas/AcmeIntegrationConfig"})
    _schemas(new)["RagFileDto"]["description"] = "Reworded."
    report = summarize(old, new)
    assert {(c.impact, c.subject, c.what) for c in report.changes} == {
        ("additive", "schema AcmeIntegrationConfig", "added"),
        ("additive", "IntegrationRequest.config", 'variants added: "AcmeIntegrationConfig"'),
        ("docs", "schema RagFileDto", "documentation changed"),
    }
    assert report.bump == "minor"
    assert [c.impact for c in report.changes] == ["additive", "additive", "docs"]  # breaking first, docs last


def test_a_resource_method_renamed_is_breaking() -> None:
    old, new = _spec(), _spec()
    old["paths"][GET_TARGET]["get"].update({"x-splx-resource": "targets", "x-splx-method": "get"})
    new["paths"][GET_TARGET]["get"].update({"x-splx-resource": "targets", "x-splx-method": "fetch"})
    new["paths"][TRIGGER]["post"]["x-splx-idempotent"] = True
    assert _changes(old, new) == {
        ("breaking", "operation getTarget", "resource method targets.get -> targets.fetch"),
        ("docs", "operation triggerTestRun", "now resent by the client after it may have reached the server"),
    }


def test_a_rename_is_breaking_and_nothing_changed_says_so() -> None:
    new = _spec()
    new["paths"][GET_TARGET]["get"]["operationId"] = "fetchTarget"
    assert _changes(COMMITTED, new) == {
        ("breaking", "operation getTarget", f"renamed to fetchTarget (GET {GET_TARGET})")
    }
    assert summarize(COMMITTED, _spec()).lines() == ["API changes: none"]
    assert summarize(COMMITTED, _spec()).bump == "none"
    assert summarize(None, COMMITTED).initial


def test_the_changelog_gets_one_entry_per_regeneration_that_changed_something(tmp_path: Path) -> None:
    changelog = tmp_path / "CHANGELOG.md"
    when = datetime.datetime(2026, 12, 1, 21, 0, tzinfo=datetime.UTC)
    assert not append_changelog(changelog, summarize(COMMITTED, _spec()), when)
    assert not append_changelog(changelog, summarize(None, COMMITTED), when)
    assert not changelog.exists()

    new = _spec()
    del new["paths"][GET_TARGET]
    assert append_changelog(changelog, summarize(COMMITTED, new), when)
    text = changelog.read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n\n## API changes\n")
    assert "### 2026-12-01 21:00 UTC: suggested version bump major\n" in text
    assert f"- **breaking** `operation getTarget`: removed (GET {GET_TARGET})\n" in text


def test_make_generate_prints_the_summary_and_appends_it_once(fragments: Path, tmp_path: Path) -> None:
    output = tmp_path / "spec.json"
    changelog = tmp_path / "CHANGELOG.md"
    merge(fragments, output, changelog=changelog)
    assert not changelog.exists()  # the first merge has nothing to compare with

    def add_field(document: dict[str, Any]) -> None:
        schemas = document["components"]["schemas"]
        if "ScanRunExecutionDto" in schemas:
            schemas["ScanRunExecutionDto"]["properties"]["durationMs"] = {"type": "integer", "format": "int64"}

    for path in fragments.glob("*.json"):  # the vendor changed the schema on every page that carries it
        edit(path, add_field)
    out = io.StringIO()
    merge(fragments, output, changelog=changelog, out=out)
    assert "additive  ScanRunExecutionDto.durationMs: added (optional)" in out.getvalue()
    assert "suggested version bump: minor" in out.getvalue()
    first = changelog.read_text(encoding="utf-8")
    assert first.count("### ") == 1

    out = io.StringIO()
    merge(fragments, output, changelog=changelog, out=out)  # regenerating again changes nothing
    assert "API changes: none" in out.getvalue()
    assert changelog.read_text(encoding="utf-8") == first


def test_servers_and_security_requirements_emptied_are_breaking_lines() -> None:
    new = _spec()
    new["servers"] = []
    new["security"] = []
    assert {(impact, subject) for impact, subject, _ in _changes(COMMITTED, new)} == {
        ("breaking", "spec /servers"),
        ("breaking", "spec /security"),
    }
    assert any("the client may not authenticate" in what for _, _, what in _changes(COMMITTED, new))


def test_other_top_level_changes_are_not_silent() -> None:
    new = _spec()
    new["info"] = {**new["info"], "title": "Another title"}
    assert _changes(COMMITTED, new) == {("docs", "spec /info", "changed")}


def test_an_authentication_change_is_breaking() -> None:
    new = _spec()
    new["components"]["securitySchemes"]["ApiKey"]["name"] = "Authorization"
    assert _changes(COMMITTED, new) == {
        (
            "breaking",
            "security scheme ApiKey",
            "changed (apiKey in header X-Api-Key -> apiKey in header Authorization): the client may not authenticate",
        )
    }


def test_before_1_0_a_breaking_change_suggests_a_minor_bump_and_says_why() -> None:
    old, new = _spec(), _spec()
    del new["paths"][GET_TARGET]
    assert summarize(old, new).suggestion == "major"
    zero = summarize(old, new, version="0.4.2")
    assert zero.bump == "major"
    assert zero.suggestion.startswith("minor (breaking; 0.4.2 is before 1.0")
    assert "suggested version bump minor (breaking" in zero.markdown(
        datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    )
    assert summarize(old, new, version="1.2.0").suggestion == "major"


def test_the_package_version_is_read_from_the_hand_written_version_module() -> None:
    from pipeline.changes import package_version
    from splx_probe_client import __version__

    assert package_version(Path(__file__).parents[2]) == __version__
