"""Generation and assembly: overrides installed, reproducible output, drift caught by check."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.assemble import build, check
from pipeline.merge import MergeError, run_merge
from pipeline.tables import lazy_models_init

from .conftest import ROOT


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the inputs and committed outputs of the pipeline."""
    root = tmp_path_factory.mktemp("repo")
    for name in ("openapi", "overrides", "splx_probe_client"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "generator-config.yaml", root / "generator-config.yaml")
    return root


def test_committed_package_is_what_the_pipeline_makes(capsys: pytest.CaptureFixture[str]) -> None:
    assert check(ROOT) == 0, capsys.readouterr().out


def test_a_hand_edit_to_a_generated_file_is_caught(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edited = workspace / "splx_probe_client" / "models" / "scan_run_execution_dto.py"
    original = edited.read_text(encoding="utf-8")
    edited.write_text(original.replace("class ScanRunExecutionDto:", "class ScanRunExecutionDto:  # tweak"), "utf-8")
    try:
        assert check(workspace) == 1
        out = capsys.readouterr().out
        assert "splx_probe_client/models/scan_run_execution_dto.py" in out
        assert "# tweak" in out
    finally:
        edited.write_text(original, encoding="utf-8")


def test_overrides_are_installed_and_a_deleted_override_disappears(workspace: Path, tmp_path: Path) -> None:
    extra = workspace / "overrides" / "splx_probe_client" / "_extra.py"
    extra.write_text(
        "# Hand-written: edit overrides/splx_probe_client/_extra.py, not this copy (installed by `make generate`).\n"
        "VALUE = 1\n",
        encoding="utf-8",
    )
    spec = workspace / "openapi" / "splx-probe.json"
    (tmp_path / "one").mkdir()
    package = build(spec, workspace, tmp_path / "one")
    assert (package / "_extra.py").read_text(encoding="utf-8") == extra.read_text(encoding="utf-8")
    assert (package / "py.typed").exists()
    assert "from .._model_base import define as _attrs_define" in (package / "models" / "target_new_dto.py").read_text(
        encoding="utf-8"
    )
    assert not list(package.rglob(".ruff_cache"))

    extra.unlink()
    (tmp_path / "two").mkdir()
    assert not (build(spec, workspace, tmp_path / "two") / "_extra.py").exists()


def test_an_override_without_its_header_is_refused(workspace: Path, tmp_path: Path) -> None:
    bad = workspace / "overrides" / "splx_probe_client" / "_unmarked.py"
    bad.write_text("VALUE = 1\n", encoding="utf-8")
    try:
        with pytest.raises(MergeError, match="first line must be"):
            build(workspace / "openapi" / "splx-probe.json", workspace, tmp_path)
    finally:
        bad.unlink()


def test_a_new_connection_type_is_dispatched_after_generation_with_no_hand_edit(
    workspace: Path, tmp_path: Path
) -> None:
    fragments = tmp_path / "fragments"
    shutil.copytree(workspace / "openapi" / "fragments", fragments)
    new_config = {
        "type": "object",
        "description": "ACME Cloud LLM connection configuration. Connection type: ACME_CLOUD",
        "properties": {"endpoint": {"type": "string"}, "apiKey": {"type": "string"}},
        "required": ["endpoint", "apiKey"],
    }
    for path in fragments.glob("*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        schemas = document.get("components", {}).get("schemas", {})
        if "IntegrationRequest" in schemas:  # the vendor adds the type to every document that carries the union
            schemas["AcmeCloudIntegrationConfig"] = new_config
            schemas["IntegrationRequest"]["properties"]["config"]["oneOf"].append(
                {"$ref": "#/components/schemas/AcmeCloudIntegrationConfig"}
            )
            path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    spec = tmp_path / "spec.json"
    run_merge(fragments, workspace / "openapi" / "merge-config.yaml", spec, out=io.StringIO())
    (tmp_path / "out").mkdir()
    package = build(spec, workspace, tmp_path / "out")
    probe = (
        "import splx_probe_client.models as m\n"
        "raw = {'type': 'ACME_CLOUD', 'config': {'endpoint': 'e', 'apiKey': 'k', 'x': 1}}\n"
        "r = m.IntegrationRequest.from_dict(raw)\n"
        "print(m.__file__, type(r.config).__name__, r.to_dict() == raw)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(package.parent)},
        capture_output=True,
        text=True,
        check=True,
    )
    location, class_name, round_trip = done.stdout.split()
    assert location.startswith(str(package))
    assert (class_name, round_trip) == ("AcmeCloudIntegrationConfig", "True")


def test_a_models_init_of_an_unexpected_shape_stops_the_build() -> None:
    with pytest.raises(ValueError, match=r"models/__init__\.py"):
        lazy_models_init('from .a import A\nfrom .b import B\n__all__ = ("A",)\n')
    with pytest.raises(ValueError, match=r"models/__init__\.py"):
        lazy_models_init("import os\n")


def test_a_formatting_failure_shows_ruffs_own_message(workspace: Path, tmp_path: Path) -> None:
    broken = workspace / "overrides" / "splx_probe_client" / "_broken.py"
    broken.write_text(
        "# Hand-written: edit overrides/splx_probe_client/_broken.py, not this copy (installed by `make generate`).\n"
        "def f(:\n    pass\n",
        encoding="utf-8",
    )
    try:
        with pytest.raises(MergeError) as caught:
            build(workspace / "openapi" / "splx-probe.json", workspace, tmp_path)
    finally:
        broken.unlink()
    message = str(caught.value)
    assert "ruff format failed" in message
    assert "_broken.py:2:7" in message  # the file and place of the SyntaxError, not just an exit code


def test_generate_accepts_relative_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.__main__ import main

    shutil.copyfile(ROOT / "openapi" / "splx-probe.json", tmp_path / "spec.json")
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--spec", "spec.json", "--package", "out/splx_probe_client"]) == 0, capsys.readouterr()
    generated = tmp_path / "out" / "splx_probe_client" / "api" / "target" / "get_target.py"
    assert generated.read_bytes() == (ROOT / "splx_probe_client" / "api" / "target" / "get_target.py").read_bytes()
