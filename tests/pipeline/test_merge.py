"""The merge: union, dedupe, conflicts, normalisations, validation, determinism, change summary."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.__main__ import main
from pipeline.merge import MergeError, derived_operation_id, first_difference, run_merge

from .conftest import MERGE_CONFIG

CONFIG: dict[str, Any] = yaml.safe_load(MERGE_CONFIG.read_text(encoding="utf-8"))
EXPECTED_OPERATIONS = {
    (key.split(" ", 1)[0].lower(), key.split(" ", 1)[1]): (entry["operationId"], entry["tag"])
    for key, entry in CONFIG["operations"].items()
}
"""What merge-config.yaml names each operation it lists."""


def _merge(fragments: Path, output: Path) -> dict[str, Any]:
    run_merge(fragments, MERGE_CONFIG, output, out=io.StringIO())
    merged: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return merged


def _operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(m, p): op for p, item in spec["paths"].items() for m, op in item.items()}


def _edit(path: Path, change: Any) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")


def _fragment_operations(fragments: Path) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted(fragments.glob("*.json")):
        found.update(_operations(json.loads(path.read_text(encoding="utf-8"))))
    return found


def test_merged_spec_has_every_operation_named_and_tagged_by_the_config(fragments: Path, tmp_path: Path) -> None:
    spec = _merge(fragments, tmp_path / "spec.json")
    ops = _operations(spec)
    assert set(ops) == set(_fragment_operations(fragments))
    named = {key: (op["operationId"], op["tags"][0]) for key, op in ops.items() if key in EXPECTED_OPERATIONS}
    assert named == EXPECTED_OPERATIONS
    assert [tag["name"] for tag in spec["tags"]] == sorted({tag for _, tag in EXPECTED_OPERATIONS.values()})
    assert "TargetV" not in json.dumps(spec)


def test_request_bodies_are_json_only_and_required(fragments: Path, tmp_path: Path) -> None:
    spec = _merge(fragments, tmp_path / "spec.json")
    bodies = [op["requestBody"] for op in _operations(spec).values() if "requestBody" in op]
    assert len(bodies) == sum("requestBody" in op for op in _fragment_operations(fragments).values())
    assert all(list(body["content"]) == ["application/json"] and body["required"] is True for body in bodies)
    assert "text/json" not in json.dumps(spec)


def test_identical_components_are_kept_once(fragments: Path, tmp_path: Path) -> None:
    spec = _merge(fragments, tmp_path / "spec.json")
    documents = [json.loads(path.read_text(encoding="utf-8")) for path in fragments.glob("*.json")]
    assert sum("ErrorResponse" in document["components"]["schemas"] for document in documents) > 1
    assert list(spec["components"]["schemas"]).count("ErrorResponse") == 1
    assert spec["components"]["securitySchemes"] == {
        "API Key": {"type": "apiKey", "description": "API Key for authentication", "name": "X-Api-Key", "in": "header"}
    }


def test_lossless_normalisations(fragments: Path, tmp_path: Path) -> None:
    schemas = _merge(fragments, tmp_path / "spec.json")["components"]["schemas"]
    assert 'additionalProperties": false' not in json.dumps(schemas)
    variants = [v["$ref"].rsplit("/", 1)[1] for v in schemas["ErrorResponse"]["properties"]["error"]["oneOf"]]
    assert variants == ["BadRequestErrorDetailsDto", "ErrorDetailsDto"]
    bad_request = schemas["BadRequestErrorDetailsDto"]
    assert "properties" not in bad_request
    assert "validationErrors" in bad_request["allOf"][1]["properties"]
    connection_types = {
        name: s["x-splx-connection-type"] for name, s in schemas.items() if "x-splx-connection-type" in s
    }
    said = {
        name: schema["description"].rstrip(" .").rsplit("Connection type:", 1)[1].strip()
        for name, schema in schemas.items()
        if "Connection type:" in (schema.get("description") or "")
    }
    assert connection_types == {**said, **CONFIG["connection_types"]}
    assert connection_types["CopilotStudioIntegrationConfig"] == "COPILOT_STUDIO"
    assert connection_types["GeminiIntegrationConfig"] == "GEMINI"


def test_output_is_deterministic(fragments: Path, tmp_path: Path) -> None:
    first = tmp_path / "a.json"
    second = tmp_path / "b.json"
    _merge(fragments, first)
    for path in fragments.glob("*.json"):  # file order on disk must not matter
        path.rename(path.with_name("z" + path.name))
    _merge(fragments, second)
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_conflicting_component_names_both_files_and_the_pointer(fragments: Path, tmp_path: Path) -> None:
    output = tmp_path / "spec.json"
    _merge(fragments, output)
    before = output.read_bytes()
    _edit(
        fragments / "get-api-target-types.json",
        lambda d: d["components"]["schemas"]["ErrorResponse"]["properties"]["error"].update(description="Changed."),
    )
    with pytest.raises(MergeError) as caught:
        run_merge(fragments, MERGE_CONFIG, output, out=io.StringIO())
    message = str(caught.value)
    assert "'ErrorResponse'" in message
    assert "get-api-target-types.json" in message
    assert "delete-api-workspaces-workspaceId-target-targetId.json" in message
    assert "/components/schemas/ErrorResponse/properties/error/description" in message
    assert output.read_bytes() == before


def test_conflict_exits_non_zero_from_the_command_line(
    fragments: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(fragments / "get-api-target-types.json", lambda d: d["servers"].pop())
    output = tmp_path / "spec.json"
    code = main(["merge", "--fragments", str(fragments), "--config", str(MERGE_CONFIG), "--output", str(output)])
    assert code == 1
    assert "conflicting servers" in capsys.readouterr().err
    assert not output.exists()


def test_invalid_merged_spec_is_refused_and_not_written(fragments: Path, tmp_path: Path) -> None:
    output = tmp_path / "spec.json"
    _merge(fragments, output)
    before = output.read_bytes()
    _edit(fragments / "get-api-target-types.json", lambda d: d["paths"]["/api/target/types"]["get"].pop("responses"))
    with pytest.raises(MergeError, match="not valid OpenAPI"):
        run_merge(fragments, MERGE_CONFIG, output, out=io.StringIO())
    assert output.read_bytes() == before


def test_unknown_operation_is_named_from_its_summary_with_a_warning(
    fragments: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = json.loads((fragments / "get-api-target-types.json").read_text(encoding="utf-8"))
    new = copy.deepcopy(source)
    operation = new["paths"].pop("/api/target/types")["get"]
    operation["summary"] = "List probe categories."
    new["paths"]["/api/probe/categories"] = {"get": operation}
    (fragments / "get-api-probe-categories.json").write_text(json.dumps(new), encoding="utf-8")

    spec = _merge(fragments, tmp_path / "spec.json")
    assert spec["paths"]["/api/probe/categories"]["get"]["operationId"] == "listProbeCategories"
    assert "GET /api/probe/categories: no entry in merge-config.yaml" in capsys.readouterr().err


def test_change_summary_against_the_previous_spec(fragments: Path, tmp_path: Path) -> None:
    output = tmp_path / "spec.json"
    _merge(fragments, output)
    (fragments / "get-api-workspaces-workspaceId-target-targetId-scores.json").unlink()
    _edit(
        fragments / "get-api-target-types.json",
        lambda d: d["components"]["schemas"]["RiskScorePresetDto"].update(description="New words."),
    )
    out = io.StringIO()
    run_merge(fragments, MERGE_CONFIG, output, out=out)
    summary = out.getvalue()
    assert "operation removed: GET /api/workspaces/{workspaceId}/target/{targetId}/scores (getTargetScores)" in summary
    assert "schema removed: ScanScoreOverviewDto" in summary
    assert "schema changed: RiskScorePresetDto" in summary
    assert "added" not in summary


def test_first_difference_points_at_the_first_differing_place() -> None:
    assert first_difference({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}]}) == "/a/1/b"
    assert first_difference({"a/b": 1}, {"a/b": 1, "c": 0}) == "/c"
    assert first_difference([1], [1]) is None


def test_derived_operation_id_is_camel_case() -> None:
    assert derived_operation_id("Delete Target from Workspace.", "delete", "/x") == "deleteTargetFromWorkspace"
    assert derived_operation_id("", "get", "/api/things") == "getApiThings"
