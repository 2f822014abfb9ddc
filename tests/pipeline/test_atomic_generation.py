"""``make generate`` is all or nothing, and names every import of hand-written code that a spec change broke."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import scratch_repo

from pipeline.typecheck import PACKAGE, ImportCheckError, check_imports

from .conftest import edit

HEADER = "# Hand-written: edit overrides/splx_probe_client/{name}, not this copy (installed by `make generate`).\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _layout(tmp_path: Path, override: str) -> tuple[Path, Path]:
    """A built package with one operation module and a lazy models table, and a repository with ``override``."""
    root, scratch = tmp_path / "repo", tmp_path / "scratch"
    built = scratch / PACKAGE
    _write(built / "__init__.py", "")
    _write(built / "types.py", "UNSET = object()\n")
    _write(built / "api" / "__init__.py", "")
    _write(built / "api" / "test_run" / "__init__.py", '"""Contains endpoint functions"""\n')
    _write(built / "api" / "test_run" / "trigger_test_run.py", "def asyncio() -> None: ...\n")
    _write(built / "models" / "__init__.py", '_MODULES = {"ScanRunExecutionDto": "scan_run_execution_dto"}\n')
    _write(built / "models" / "scan_run_execution_dto.py", "class ScanRunExecutionDto: ...\n")
    _write(root / "overrides" / PACKAGE / "polling.py", HEADER.format(name="polling.py") + override)
    # What the committed package still has: a module the new spec removed.
    _write(root / PACKAGE / "api" / "test_run" / "cancel_test_run.py", "def asyncio() -> None: ...\n")
    return root, scratch


def test_an_import_of_a_removed_operation_module_is_named_at_its_line(tmp_path: Path) -> None:
    root, scratch = _layout(
        tmp_path,
        "from .api.test_run import trigger_test_run\n"
        "from .api.test_run import cancel_test_run\n"
        "\n\n"
        "def cancel() -> None:\n"
        "    from .api.test_run.cancel_test_run import asyncio\n"
        "    asyncio()\n",
    )
    with pytest.raises(ImportCheckError) as caught:
        check_imports(scratch, root)
    message = str(caught.value)
    assert f"overrides/{PACKAGE}/polling.py:3: imports {PACKAGE}.api.test_run.cancel_test_run," in message
    assert f"overrides/{PACKAGE}/polling.py:7: imports {PACKAGE}.api.test_run.cancel_test_run," in message  # local
    assert "trigger_test_run" not in message
    assert "nothing was replaced" in message


def test_names_a_module_defines_and_lazily_exported_models_pass(tmp_path: Path) -> None:
    root, scratch = _layout(
        tmp_path,
        "import httpx\n"
        "from . import types\n"
        "from .types import UNSET\n"
        "from .models import ScanRunExecutionDto\n"
        "from .models.scan_run_execution_dto import ScanRunExecutionDto as Run\n",
    )
    check_imports(scratch, root)


def test_a_removed_model_and_a_removed_module_in_examples_are_named(tmp_path: Path) -> None:
    root, scratch = _layout(tmp_path, "from .models import TargetDto\n")
    _write(root / "examples" / "demo.py", f"import {PACKAGE}.api.test_run.cancel_test_run\n")
    with pytest.raises(ImportCheckError) as caught:
        check_imports(scratch, root)
    assert f"overrides/{PACKAGE}/polling.py:2: imports {PACKAGE}.models.TargetDto," in str(caught.value)
    assert f"examples/demo.py:1: imports {PACKAGE}.api.test_run.cancel_test_run," in str(caught.value)


def _fingerprint(scratch: Path) -> dict[str, str]:
    """A hash of every file ``make generate`` may write."""
    paths = [scratch / "openapi" / "splx-probe.json", scratch / "CHANGELOG.md", scratch / "api.md"]
    paths += sorted(p for p in (scratch / PACKAGE).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return {p.relative_to(scratch).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def _generate(scratch: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "generate", "--merge", "--changelog", "CHANGELOG.md"],
        cwd=scratch,
        env=scratch_repo.scratch_env(scratch),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_failed_generation_writes_nothing_and_the_next_run_still_reports_the_change(
    tmp_path: Path, generate_mypy_cache: Path
) -> None:
    scratch = scratch_repo.copy_repo(tmp_path / "repo", generate_mypy_cache)
    for name in ("CHANGELOG.md", "api.md"):
        (scratch / name).write_bytes((scratch_repo.ROOT / name).read_bytes())

    def add_field(document: dict[str, Any]) -> None:
        schemas = document.get("components", {}).get("schemas", {})
        if "ScanRunExecutionDto" in schemas:
            schemas["ScanRunExecutionDto"]["properties"]["durationMs"] = {"type": "integer", "format": "int64"}

    for fragment in (scratch / "openapi" / "fragments").glob("*.json"):
        edit(fragment, add_field)
    broken = scratch / "overrides" / PACKAGE / "_probe_misfit.py"
    broken.write_text(HEADER.format(name="_probe_misfit.py") + "from .api.test_run import gone_operation\n")
    before = _fingerprint(scratch)

    failed = _generate(scratch)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "ScanRunExecutionDto.durationMs: added" in failed.stdout  # the change is shown even so
    assert f"overrides/{PACKAGE}/_probe_misfit.py:2: imports {PACKAGE}.api.test_run.gone_operation" in failed.stderr
    assert _fingerprint(scratch) == before

    broken.unlink()
    done = _generate(scratch)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ScanRunExecutionDto.durationMs: added" in done.stdout
    assert "durationMs" in (scratch / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "duration_ms" in (scratch / PACKAGE / "models" / "scan_run_execution_dto.py").read_text(encoding="utf-8")
    assert not any(p.name.startswith(f".{PACKAGE}.") for p in scratch.iterdir())  # no staging tree left behind
