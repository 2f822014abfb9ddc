"""Operations keep their identity: vendor operationIds, moves that keep the function, removals reported."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.assemble import build
from pipeline.importer import fragment_name
from pipeline.merge import MergeError
from pipeline.tables import operations_module

from .conftest import MERGE_CONFIG, ROOT, edit, merge

OLD_DELETE = "/api/workspaces/{workspaceId}/target/{targetId}"
NEW_DELETE = "/api/v2/workspaces/{workspaceId}/target/{targetId}"


def _config(tmp_path: Path, extra: str = "", *, drop: str = "") -> Path:
    """merge-config.yaml with ``drop`` removed and ``extra`` appended to its operations."""
    text = MERGE_CONFIG.read_text(encoding="utf-8")
    assert drop in text, f"merge-config.yaml no longer has {drop!r}: update the test"
    text = text.replace(drop, "")
    text = text.replace("operations:\n", "operations:\n" + extra, 1)
    config = tmp_path / "config.yaml"
    config.write_text(text, encoding="utf-8")
    return config


def _move(fragments: Path, method: str, old: str, new: str) -> None:
    """The vendor now publishes ``method old`` at ``new``."""
    source = fragments / fragment_name(method, old)
    document = json.loads(source.read_text(encoding="utf-8"))
    document["paths"] = {new: document["paths"].pop(old)}
    source.unlink()
    (fragments / fragment_name(method, new)).write_text(json.dumps(document), encoding="utf-8")


def _copy_operation(fragments: Path, source: str, path: str, change: Any) -> None:
    """A new fragment: the GET /api/target/types document at ``path``, its operation edited by ``change``."""
    document = json.loads((fragments / source).read_text(encoding="utf-8"))
    ((_old_path, item),) = document["paths"].items()
    change(item["get"])
    document["paths"] = {path: item}
    (fragments / fragment_name("get", path)).write_text(json.dumps(document), encoding="utf-8")


def test_the_vendor_operation_id_is_used_when_the_config_names_none(
    fragments: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _copy_operation(
        fragments,
        "get-api-target-types.json",
        "/api/probe/categories",
        lambda op: op.update(operationId="listProbeCategories", summary="Categories"),
    )
    spec = merge(fragments, tmp_path / "spec.json")
    assert spec["paths"]["/api/probe/categories"]["get"]["operationId"] == "listProbeCategories"
    assert "/api/probe/categories" not in capsys.readouterr().err  # nothing to warn about

    config = _config(tmp_path, "  GET /api/probe/categories:\n    operationId: getCategories\n")
    spec = merge(fragments, tmp_path / "spec2.json", config)
    assert spec["paths"]["/api/probe/categories"]["get"]["operationId"] == "getCategories"


def test_an_operation_without_any_name_is_named_from_its_summary_with_a_warning(
    fragments: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _copy_operation(
        fragments,
        "get-api-target-types.json",
        "/api/probe/categories",
        lambda op: op.update(summary="List probe categories."),
    )
    spec = merge(fragments, tmp_path / "spec.json")
    assert spec["paths"]["/api/probe/categories"]["get"]["operationId"] == "listProbeCategories"
    assert "GET /api/probe/categories: no operationId from the vendor" in capsys.readouterr().err


def test_a_moved_path_stops_the_merge_until_the_config_says_and_then_keeps_the_function(
    fragments: Path, tmp_path: Path
) -> None:
    output = tmp_path / "spec.json"
    merge(fragments, output)
    committed = output.read_bytes()
    _move(fragments, "delete", OLD_DELETE, NEW_DELETE)

    with pytest.raises(MergeError) as caught:
        merge(fragments, output)
    message = str(caught.value)
    assert f"DELETE {OLD_DELETE} (deleteTarget) is gone and DELETE {NEW_DELETE} appeared" in message
    assert "same summary 'Delete Target from Workspace.'" in message
    assert f"moved_from: DELETE {OLD_DELETE}" in message
    assert "new_operation: true" in message
    assert output.read_bytes() == committed  # nothing written

    config = _config(tmp_path, f"  DELETE {NEW_DELETE}:\n    moved_from: DELETE {OLD_DELETE}\n")
    out = io.StringIO()
    spec = merge(fragments, output, config, out=out)
    assert spec["paths"][NEW_DELETE]["delete"]["operationId"] == "deleteTarget"
    assert spec["paths"][NEW_DELETE]["delete"]["tags"] == ["Target"]  # the old entry's settings follow it
    assert OLD_DELETE not in spec["paths"]
    assert f"operation deleteTarget: moved from DELETE {OLD_DELETE} to DELETE {NEW_DELETE}" in out.getvalue()
    assert f'Operation("DELETE", "{NEW_DELETE}", "deleteTarget"' in operations_module(spec)

    (tmp_path / "gen").mkdir()
    package = build(output, ROOT, tmp_path / "gen", overrides=False)
    module = (package / "api" / "target" / "delete_target.py").read_text(encoding="utf-8")
    assert '"url": "/api/v2/workspaces/{workspace_id}/target/{target_id}".format(' in module

    merge(fragments, output, config)  # the next regeneration: no move to see any more, same result
    assert json.loads(output.read_text(encoding="utf-8")) == spec


def test_an_entry_moved_to_the_new_path_with_the_old_name_says_it_is_the_same_operation(
    fragments: Path, tmp_path: Path
) -> None:
    output = tmp_path / "spec.json"
    merge(fragments, output)
    _move(fragments, "delete", OLD_DELETE, NEW_DELETE)
    config = _config(tmp_path)
    config.write_text(config.read_text(encoding="utf-8").replace(f"DELETE {OLD_DELETE}:", f"DELETE {NEW_DELETE}:"))
    spec = merge(fragments, output, config)
    assert spec["paths"][NEW_DELETE]["delete"]["operationId"] == "deleteTarget"


def test_a_different_operation_replacing_a_removed_one_is_said_with_new_operation(
    fragments: Path, tmp_path: Path
) -> None:
    output = tmp_path / "spec.json"
    merge(fragments, output)
    _move(fragments, "delete", OLD_DELETE, NEW_DELETE)
    config = _config(tmp_path, f"  DELETE {NEW_DELETE}:\n    operationId: purgeTarget\n    new_operation: true\n")
    out = io.StringIO()
    spec = merge(fragments, output, config, out=out)
    assert spec["paths"][NEW_DELETE]["delete"]["operationId"] == "purgeTarget"
    summary = out.getvalue()
    assert f"breaking  operation deleteTarget: removed (DELETE {OLD_DELETE})" in summary
    assert f"additive  operation purgeTarget: added (DELETE {NEW_DELETE})" in summary
    assert "suggested version bump: major" in summary


def test_a_removed_operation_alone_is_reported_as_breaking(fragments: Path, tmp_path: Path) -> None:
    output = tmp_path / "spec.json"
    merge(fragments, output)
    (fragments / "get-api-workspaces-workspaceId-target-targetId-scores.json").unlink()
    out = io.StringIO()
    merge(fragments, output, out=out)
    assert (
        "breaking  operation getTargetScores: removed (GET /api/workspaces/{workspaceId}/target/{targetId}/scores)"
        in out.getvalue()
    )


def test_a_look_alike_with_the_vendor_operation_id_is_a_likely_move_too(fragments: Path, tmp_path: Path) -> None:
    source = "get-api-workspaces-workspaceId-target-targetId-scores.json"
    edit(fragments / source, lambda d: next(iter(d["paths"].values()))["get"].update(operationId="getScores"))
    config = _config(tmp_path, drop="    operationId: getTargetScores\n")
    output = tmp_path / "spec.json"
    merge(fragments, output, config)
    _move(fragments, "get", "/api/workspaces/{workspaceId}/target/{targetId}/scores", "/api/v3/scores/{targetId}")
    edit(
        fragments / "get-api-v3-scores-targetId.json",
        lambda d: d["paths"]["/api/v3/scores/{targetId}"]["get"].update(summary="Other words"),
    )
    with pytest.raises(MergeError, match=r"same operationId 'getScores'"):
        merge(fragments, output, config)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("  GET /api/x:\n    moved-from: GET /api/y\n", r"unknown keys \['moved-from'\]"),
        ("  GET /api/x:\n    moved_from: /api/y\n", "moved_from must be 'METHOD /old/path'"),
        ("  FETCH /api/x:\n    operationId: x\n", "is not 'METHOD /path'"),
        ("  GET /api/x:\n    moved_from: GET /api/y\n    new_operation: true\n", "contradict"),
    ],
)
def test_config_entries_that_cannot_mean_what_they_say_are_refused(
    fragments: Path, tmp_path: Path, extra: str, message: str
) -> None:
    with pytest.raises(MergeError, match=message):
        merge(fragments, tmp_path / "spec.json", _config(tmp_path, extra))


def test_a_move_from_a_path_still_published_is_refused(fragments: Path, tmp_path: Path) -> None:
    document = json.loads((fragments / fragment_name("delete", OLD_DELETE)).read_text(encoding="utf-8"))
    document["paths"] = {NEW_DELETE: document["paths"][OLD_DELETE]}
    (fragments / fragment_name("delete", NEW_DELETE)).write_text(json.dumps(document), encoding="utf-8")
    config = _config(tmp_path, f"  DELETE {NEW_DELETE}:\n    moved_from: DELETE {OLD_DELETE}\n")
    with pytest.raises(MergeError, match=f"moved_from DELETE {OLD_DELETE}, but DELETE {OLD_DELETE} is still published"):
        merge(fragments, tmp_path / "spec.json", config)


def test_a_move_with_no_name_to_keep_asks_for_one(fragments: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, drop="    operationId: deleteTarget\n")
    merge(fragments, tmp_path / "spec.json", config)
    _move(fragments, "delete", OLD_DELETE, NEW_DELETE)
    config = _config(
        tmp_path,
        f"  DELETE {NEW_DELETE}:\n    moved_from: DELETE {OLD_DELETE}\n",
        drop="    operationId: deleteTarget\n",
    )
    with pytest.raises(MergeError, match="needs the name to keep: give it operationId"):
        merge(fragments, tmp_path / "spec.json", config)


def test_one_name_for_two_operations_is_refused(fragments: Path, tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        "  GET /api/target/types:\n    operationId: getTarget\n",
        drop="""  GET /api/target/types:
    operationId: listTargetTypes
    resource: targets
    method: list_types
    tag: Target
""",
    )
    with pytest.raises(MergeError, match="operationId 'getTarget' is also the name of"):
        merge(fragments, tmp_path / "spec.json", config)
