"""Fixtures shared across owners' test directories."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pytest
import scratch_repo


@pytest.fixture(scope="session")
def generate_mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warm mypy cache for ``make generate``'s type check, made at most once per test run.

    Under pytest-xdist every worker has its own session: the first one to get here makes the cache in the
    workers' common temporary directory, under a lock, and the others reuse it (a cold cache is about 15 s).
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    with (shared / "pristine-repo.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        pristine = shared / "pristine-repo"
        if (pristine / scratch_repo.GENERATE_CACHE).is_dir():
            return pristine / scratch_repo.GENERATE_CACHE
        shutil.rmtree(pristine, ignore_errors=True)  # what a failed warm-up of another worker left
        pristine.mkdir()
        return scratch_repo.warm_generate_cache(pristine)
