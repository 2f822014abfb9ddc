"""Ids are named through aliases the pipeline writes from the spec (``splx_probe_client.ids``).

Hand-written code (polling, the resource helpers, the CLI, the demo, the benchmarks) annotates, checks and reads
ids as ``TargetId``, ``WorkspaceId``, ``TestRunId``, ``ProbeId``: a spec whose ``targetId`` becomes a uuid
regenerates with no hand edit there.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from scratch_repo import GENERATE_CACHE

from pipeline.assemble import build
from pipeline.merge import MergeError
from pipeline.tables import id_types, ids_module
from pipeline.typecheck import TypecheckError, typecheck
from splx_probe_client import SyncProbeClient, ids

from .conftest import ROOT

SPEC = ROOT / "openapi" / "splx-probe.json"
UUID_SCHEMA = {"type": "string", "format": "uuid"}


def _spec() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    return spec


def _target_ids_as_uuids(spec: dict[str, Any]) -> dict[str, Any]:
    """The vendor's change: every ``targetId`` (path parameters and fields) and a target's own id become uuids."""
    for item in spec["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "targetId":
                    parameter["schema"] = dict(UUID_SCHEMA)
    for schema in spec["components"]["schemas"].values():
        for holder in (schema, *schema.get("allOf", [])):
            props = holder.get("properties") or {}
            if "targetId" in props:
                props["targetId"] = {"description": props["targetId"].get("description", ""), **UUID_SCHEMA}
    spec["components"]["schemas"]["TargetNewDto"]["properties"]["id"] = dict(UUID_SCHEMA)
    return spec


def test_the_committed_ids_are_the_spec_s_types() -> None:
    types = {alias: python for alias, (python, _) in id_types(_spec()).items()}
    assert {name: types[name] for name in ("ProbeId", "TargetId", "TestRunId", "WorkspaceId")} == dict.fromkeys(
        ("ProbeId", "TargetId", "TestRunId", "WorkspaceId"), "int"
    )
    assert ids.TargetId is int
    assert "TargetId: TypeAlias = int" in ids_module(_spec())


def test_a_path_parameter_of_no_id_type_stops_the_build_naming_it() -> None:
    spec = _spec()
    for item in spec["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "targetId":
                    parameter["schema"] = {"type": "number", "format": "double"}
    with pytest.raises(MergeError, match=r"path parameter targetId of \w+ /api/.*: an id of type 'number'"):
        id_types(spec)


def test_a_uuid_target_id_becomes_the_alias_type() -> None:
    types = id_types(_target_ids_as_uuids(_spec()))
    assert types["TargetId"][0] == "UUID"
    assert types["WorkspaceId"][0] == "int"
    assert "from uuid import UUID" in ids_module(_target_ids_as_uuids(_spec()))


def test_the_client_checks_an_id_against_its_alias_before_sending() -> None:
    with SyncProbeClient("k", base_url="http://unused.test") as client, pytest.raises(TypeError, match="an int"):
        client.test_runs.wait(workspace_id=1, target_id="2", test_run_id=3)  # type: ignore[arg-type]


def test_a_uuid_target_id_needs_no_hand_edit_in_the_sdk_cli_or_demo(tmp_path: Path, generate_mypy_cache: Path) -> None:
    """``make generate``'s type check of the hand-written code, against a package built from the changed spec."""
    spec_path = tmp_path / "spec.json"
    spec_path.write_text(json.dumps(_target_ids_as_uuids(_spec())), encoding="utf-8")
    (tmp_path / "gen").mkdir()
    package = build(spec_path, ROOT, tmp_path / "gen")
    assert "TargetId: TypeAlias = UUID" in (package / "ids.py").read_text(encoding="utf-8")
    root = tmp_path / "repo"  # a copy: the check's mypy cache must not be the repository's, shared by other tests
    for name in ("overrides", "examples", "benchmarks"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    if generate_mypy_cache.is_dir():  # a warm start; the result is the same
        shutil.copytree(generate_mypy_cache, root / GENERATE_CACHE)
    message = ""
    try:
        typecheck(package.parent, root)
    except TypecheckError as error:
        message = str(error)
    named = re.findall(r"^((?:overrides|examples|benchmarks)/[\w/.-]+\.py):\d+:", message, re.MULTILINE)
    # The benchmarks seed their ids from FakeProbe, whose ids are int32 by its own construction
    # (testing/_platform.py); nothing else may need an edit.
    assert all(path.startswith("benchmarks/") for path in named), message
    assert bool(named) == bool(message), message
