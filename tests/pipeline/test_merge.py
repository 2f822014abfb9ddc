"""The merge: union, dedupe, semantic comparison, conflicts naming pages, normalisations, validation."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.__main__ import main
from pipeline.merge import MergeError, canonical, first_difference, run_merge

from .conftest import MERGE_CONFIG, edit, merge

CONFIG: dict[str, Any] = yaml.safe_load(MERGE_CONFIG.read_text(encoding="utf-8"))
EXPECTED_OPERATIONS = {
    (key.split(" ", 1)[0].lower(), key.split(" ", 1)[1]): (entry["operationId"], entry["tag"])
    for key, entry in CONFIG["operations"].items()
}
"""What merge-config.yaml names each operation it lists."""
TARGET_PAGE = "openapi/pages/splx-probe-target.md"


def _operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(m, p): op for p, item in spec["paths"].items() for m, op in item.items()}


def _fragment_operations(fragments: Path) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted(fragments.glob("*.json")):
        found.update(_operations(json.loads(path.read_text(encoding="utf-8"))))
    return found


def test_merged_spec_has_every_operation_named_and_tagged_by_the_config(fragments: Path, tmp_path: Path) -> None:
    spec = merge(fragments, tmp_path / "spec.json")
    ops = _operations(spec)
    assert set(ops) == set(_fragment_operations(fragments))
    named = {key: (op["operationId"], op["tags"][0]) for key, op in ops.items() if key in EXPECTED_OPERATIONS}
    assert named == EXPECTED_OPERATIONS
    # Every operation's tag is listed once: the config's tag where it names one, else the fragment's, renamed.
    renamed = CONFIG.get("tags", {}).get("rename", {})
    expected_tags = {
        EXPECTED_OPERATIONS[key][1] if key in EXPECTED_OPERATIONS else renamed.get(op["tags"][0], op["tags"][0])
        for key, op in _fragment_operations(fragments).items()
    }
    assert [tag["name"] for tag in spec["tags"]] == sorted(expected_tags)
    assert [tag["name"] for tag in spec["tags"]] == sorted({op["tags"][0] for op in ops.values()})
    assert "TargetV" not in json.dumps(spec)


def test_request_bodies_are_json_only_and_required(fragments: Path, tmp_path: Path) -> None:
    spec = merge(fragments, tmp_path / "spec.json")
    bodies = [op["requestBody"] for op in _operations(spec).values() if "requestBody" in op]
    assert len(bodies) == sum("requestBody" in op for op in _fragment_operations(fragments).values())
    assert all(list(body["content"]) == ["application/json"] and body["required"] is True for body in bodies)
    assert "text/json" not in json.dumps(spec)


def test_identical_components_are_kept_once(fragments: Path, tmp_path: Path) -> None:
    spec = merge(fragments, tmp_path / "spec.json")
    documents = [json.loads(path.read_text(encoding="utf-8")) for path in fragments.glob("*.json")]
    assert sum("ErrorResponse" in document["components"]["schemas"] for document in documents) > 1
    assert list(spec["components"]["schemas"]).count("ErrorResponse") == 1


def test_security_scheme_names_are_mapped_to_valid_keys_and_the_header_is_kept(fragments: Path, tmp_path: Path) -> None:
    spec = merge(fragments, tmp_path / "spec.json")
    assert spec["components"]["securitySchemes"] == {
        "ApiKey": {"type": "apiKey", "description": "API Key for authentication", "name": "X-Api-Key", "in": "header"}
    }
    assert spec["security"] == [{"ApiKey": []}]


def test_an_invalid_security_scheme_name_without_a_mapping_is_an_error_saying_what_to_write(
    fragments: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(MERGE_CONFIG.read_text(encoding="utf-8").replace("  API Key: ApiKey\n", ""), encoding="utf-8")
    with pytest.raises(MergeError) as caught:
        merge(fragments, tmp_path / "spec.json", config, manifest=tmp_path / "manifest.json")
    message = str(caught.value)
    assert "'API Key' is not a valid component key" in message
    assert "security_schemes:\n    'API Key': ApiKey" in message
    assert "page openapi/pages/" in message


def test_lossless_normalisations(fragments: Path, tmp_path: Path) -> None:
    schemas = merge(fragments, tmp_path / "spec.json")["components"]["schemas"]
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
    merge(fragments, first)
    for path in fragments.glob("*.json"):  # file order on disk must not matter
        path.rename(path.with_name("z" + path.name))
    merge(fragments, second)
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_required_order_whitespace_and_key_order_are_not_conflicts(fragments: Path, tmp_path: Path) -> None:
    before = merge(fragments, tmp_path / "before.json")

    def reword(document: dict[str, Any]) -> None:
        schemas = document["components"]["schemas"]
        schemas["ErrorResponse"] = dict(reversed(list(schemas["ErrorResponse"].items())))
        error = schemas["ErrorResponse"]["properties"]["error"]
        error["description"] = "  " + error["description"].replace(" ", "\n   ") + "\n"
        target = schemas["TargetNewDto"]
        target["required"] = list(reversed(target["required"]))

    # The two fragments that sort first define ErrorResponse and TargetNewDto; the edited one comes later.
    edit(fragments / "patch-api-v2-workspaces-workspaceId-target-targetId.json", reword)
    assert merge(fragments, tmp_path / "after.json", manifest=tmp_path / "manifest.json") == before


def test_a_real_conflict_names_both_pages_both_fragments_and_the_pointer(fragments: Path, tmp_path: Path) -> None:
    output = tmp_path / "spec.json"
    merge(fragments, output)
    before = output.read_bytes()
    edit(
        fragments / "post-api-workspaces-workspaceId-test-run-trigger.json",
        lambda d: d["components"]["schemas"]["ErrorResponse"]["properties"]["error"].update(description="Changed."),
    )
    with pytest.raises(MergeError) as caught:
        merge(fragments, output, manifest=tmp_path / "manifest.json")
    message = str(caught.value)
    assert "conflicting component 'ErrorResponse' (schemas) at " in message
    assert "/components/schemas/ErrorResponse/properties/error/description" in message
    assert f"page {TARGET_PAGE} (fragment delete-api-workspaces-workspaceId-target-targetId.json) has '" in message
    assert (
        "page openapi/pages/splx-probe-test-run.md (fragment post-api-workspaces-workspaceId-test-run-trigger.json)"
        " has 'Changed.'"
    ) in message
    assert output.read_bytes() == before


def test_conflict_exits_non_zero_from_the_command_line(
    fragments: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(fragments / "get-api-target-types.json", lambda d: d["servers"].pop())
    output = tmp_path / "spec.json"
    code = main(["merge", "--fragments", str(fragments), "--config", str(MERGE_CONFIG), "--output", str(output)])
    assert code == 1
    assert "conflicting servers" in capsys.readouterr().err
    assert not output.exists()


def test_a_fragment_the_manifest_lists_but_is_missing_stops_the_merge(fragments: Path, tmp_path: Path) -> None:
    (fragments / "get-api-target-types.json").unlink()
    with pytest.raises(MergeError, match=rf"get-api-target-types\.json \(page {TARGET_PAGE}\)"):
        merge(fragments, tmp_path / "spec.json", manifest=tmp_path / "manifest.json")


def test_a_fragment_of_no_page_is_merged_with_a_warning(
    fragments: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (fragments / "get-api-target-types.json").rename(fragments / "hand-made.json")
    (tmp_path / "manifest.json").write_text(
        (tmp_path / "manifest.json").read_text(encoding="utf-8").replace('      "get-api-target-types.json",\n', ""),
        encoding="utf-8",
    )
    merge(fragments, tmp_path / "spec.json", manifest=tmp_path / "manifest.json")
    assert "hand-made.json: in no page of openapi/manifest.json" in capsys.readouterr().err


def test_invalid_merged_spec_is_refused_and_not_written(fragments: Path, tmp_path: Path) -> None:
    output = tmp_path / "spec.json"
    merge(fragments, output)
    before = output.read_bytes()
    edit(fragments / "get-api-target-types.json", lambda d: d["paths"]["/api/target/types"]["get"].pop("responses"))
    with pytest.raises(MergeError, match="not valid OpenAPI"):
        run_merge(fragments, MERGE_CONFIG, output, out=io.StringIO())
    assert output.read_bytes() == before


def test_operation_extensions_for_the_resource_layer_are_copied_from_the_config(
    fragments: Path, tmp_path: Path
) -> None:
    settings = yaml.safe_load(MERGE_CONFIG.read_text(encoding="utf-8"))
    entry = settings["operations"]["GET /api/target/types"]
    entry.update(resource="catalog", method="kinds")
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    operation = merge(fragments, tmp_path / "spec.json", config)["paths"]["/api/target/types"]["get"]
    assert (operation["x-splx-resource"], operation["x-splx-method"]) == ("catalog", "kinds")

    del entry["resource"], entry["method"]
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    other = merge(fragments, tmp_path / "plain.json", config)["paths"]["/api/target/types"]["get"]
    assert "x-splx-resource" not in other
    assert "x-splx-method" not in other


def test_canonical_form_ignores_only_meaningless_differences() -> None:
    assert canonical({"description": " a\n b ", "required": ["y", "x"]}) == {
        "description": "a b",
        "required": ["x", "y"],
    }
    assert canonical({"enum": ["b", "a"]}) == {"enum": ["b", "a"]}  # enum order is kept: it names values
    assert canonical({"properties": {"description": {"type": "string"}}}) == {
        "properties": {"description": {"type": "string"}}
    }


def test_first_difference_points_at_the_first_differing_place() -> None:
    assert first_difference({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}]}) == "/a/1/b"
    assert first_difference({"a/b": 1}, {"a/b": 1, "c": 0}) == "/c"
    assert first_difference([1], [1]) is None
