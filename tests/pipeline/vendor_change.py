"""A vendor change applied to a private copy of the fragments, merged and built into a package to run."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.assemble import build
from pipeline.merge import run_merge

from .conftest import FRAGMENTS, MANIFEST, MERGE_CONFIG, ROOT

Fragment = dict[str, Any]


def each_fragment(fragments: Path, change: Callable[[Fragment], None]) -> None:
    """Apply ``change`` to every fragment (a schema that several define must change in all of them)."""
    for path in sorted(fragments.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        change(document)
        path.write_text(json.dumps(document), encoding="utf-8")


def built_package(workspace: Path, change: Callable[[Path], None]) -> tuple[Path, str]:
    """Copy the fragments and overrides to ``workspace``, ``change`` the fragments, merge and build.

    Returns the built package and what the merge printed (its notes and the change summary).
    """
    fragments = workspace / "fragments"
    shutil.copytree(FRAGMENTS, fragments)
    for name in ("overrides",):
        shutil.copytree(ROOT / name, workspace / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "generator-config.yaml", workspace / "generator-config.yaml")
    spec = workspace / "splx-probe.json"
    shutil.copyfile(ROOT / "openapi" / "splx-probe.json", spec)  # so the summary reads as a diff against it
    change(fragments)
    out = io.StringIO()
    run_merge(fragments, MERGE_CONFIG, spec, out=out, manifest=MANIFEST)
    (workspace / "out").mkdir()
    return build(spec, workspace, workspace / "out"), out.getvalue()


def run(package: Path, program: str) -> list[str]:
    """Run ``program`` with ``package`` importable (a fresh interpreter); its stdout lines. Fails with stderr."""
    script = package.parent / "program.py"
    script.write_text(program, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-W", "error::ResourceWarning", str(script)],
        cwd=package.parent,
        env={**os.environ, "PYTHONPATH": str(package.parent)},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()
