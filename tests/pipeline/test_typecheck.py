"""Generate-time type check: mypy's lines are reported at the file a human edits, and a misfit stops generation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from scratch_repo import GENERATE_CACHE

from pipeline.typecheck import PACKAGE, TypecheckError, _located, typecheck

from .conftest import ROOT

HEADER = "# Hand-written: edit overrides/splx_probe_client/{name}, not this copy (installed by `make generate`).\n"


def _layout(tmp_path: Path, source: str, copy: str, name: str = "mod.py") -> tuple[Path, Path]:
    root, scratch = tmp_path / "repo", tmp_path / "scratch"
    (root / "overrides" / PACKAGE).mkdir(parents=True)
    (scratch / PACKAGE).mkdir(parents=True)
    (root / "overrides" / PACKAGE / name).write_text(source, encoding="utf-8")
    (scratch / PACKAGE / name).write_text(copy, encoding="utf-8")
    return root, scratch


def test_an_error_in_an_override_copy_is_named_at_its_source(tmp_path: Path) -> None:
    source = "from .b import (x,\n    y)\nfrom .a import z\n\nvalue: int = z.missing\n"
    copy = "from .a import z\nfrom .b import x\nfrom .b import y\n\n\nvalue: int = z.missing\n"  # re-sorted
    root, scratch = _layout(tmp_path, source, copy)
    line = f'{PACKAGE}/mod.py:6:14: error: Module has no attribute "missing"  [attr-defined]'
    assert _located(line, scratch, root) == (
        f'overrides/{PACKAGE}/mod.py:5:14: error: Module has no attribute "missing"  [attr-defined]'
    )


def test_generated_code_and_other_directories_keep_their_paths(tmp_path: Path) -> None:
    root, scratch = _layout(tmp_path, "x = 1\n", "x = 1\n")
    generated = f"{PACKAGE}/models/thing.py:3: error: boom"
    assert _located(generated, scratch, root) == f"{generated} (generated code)"
    assert _located("examples/quickstart.py:9: error: boom", scratch, root) == "examples/quickstart.py:9: error: boom"
    assert _located("Found 1 error", scratch, root) == "Found 1 error"


def test_a_misfit_override_fails_naming_its_line_and_a_fitting_one_passes(
    tmp_path: Path, generate_mypy_cache: Path
) -> None:
    scratch = tmp_path / "scratch"
    shutil.copytree(ROOT / PACKAGE, scratch / PACKAGE, ignore=shutil.ignore_patterns("__pycache__"))
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "overrides", root / "overrides", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    if generate_mypy_cache.is_dir():  # a warm start; the result is the same
        shutil.copytree(generate_mypy_cache, root / GENERATE_CACHE)
    body = HEADER.format(name="_probe_fit.py") + (
        "from .models import ScanRunExecutionDto\n\n\n"
        "def name_of(run: ScanRunExecutionDto) -> str | None:\n"
        "    return run.name_that_is_gone\n"
    )
    for where in (root / "overrides" / PACKAGE, scratch / PACKAGE):
        (where / "_probe_fit.py").write_text(body, encoding="utf-8")
    with pytest.raises(TypecheckError) as caught:
        typecheck(scratch, root)
    message = str(caught.value)
    assert f"overrides/{PACKAGE}/_probe_fit.py:6:" in message
    assert "name_that_is_gone" in message
    assert "nothing was replaced" in message

    fixed = body.replace("name_that_is_gone", "name")
    for where in (root / "overrides" / PACKAGE, scratch / PACKAGE):
        (where / "_probe_fit.py").write_text(fixed, encoding="utf-8")
    typecheck(scratch, root)
