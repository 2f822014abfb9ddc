"""Scratch copies of the repository, for tests that regenerate the package from changed inputs.

A copy holds the pipeline's inputs, the hand-written code and the tests, never the virtualenv: the tests run
this interpreter there, and ``splx_probe_client`` resolves to the copy's package (the working directory comes
first on ``sys.path``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED_DIRS = ("openapi", "overrides", "tests", "examples", "benchmarks", "splx_probe_client")
COPIED_FILES = ("pyproject.toml", "generator-config.yaml", "Makefile")
GENERATE_CACHE = Path(".mypy_cache") / "generate"
"""Where ``make generate``'s type check keeps its mypy cache, under a repository root."""


def copy_repo(scratch: Path, mypy_cache: Path | None = None) -> Path:
    """Copy what generation and the tests need into ``scratch``; seed generate's mypy cache from ``mypy_cache``."""
    ignore = shutil.ignore_patterns("__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache")
    for name in COPIED_DIRS:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, scratch / name, ignore=ignore, symlinks=True)
    for name in COPIED_FILES:
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, scratch / name)
    if mypy_cache is not None and mypy_cache.is_dir():  # a warm start for generate's type check; same results
        shutil.copytree(mypy_cache, scratch / GENERATE_CACHE)
    return scratch


def scratch_env(scratch: Path) -> dict[str, str]:
    """The environment of a command run in ``scratch``: its pipeline and tests importable, no SPLX_ settings."""
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith(("SPLX_", "PYTEST_"))},
        "PYTHONPATH": os.pathsep.join(str(scratch / part) for part in ("openapi", "tests")),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def warm_generate_cache(scratch: Path) -> Path:
    """A warm mypy cache for generate's type check: the repository's own, or one made once in a pristine copy.

    mypy runs with the scratch copy as its working directory, so the cached paths are relative and any copy can
    use it; without one, every regeneration in a test would type-check the whole package cold.
    """
    cache = ROOT / GENERATE_CACHE
    if cache.is_dir():
        return cache
    copy_repo(scratch)
    warm = "from pathlib import Path; from pipeline.typecheck import typecheck; typecheck(Path('.'), Path('.'))"
    subprocess.run(
        [sys.executable, "-c", warm],
        cwd=scratch,
        env=scratch_env(scratch),
        capture_output=True,
        timeout=300,
        check=False,
    )
    return scratch / GENERATE_CACHE
