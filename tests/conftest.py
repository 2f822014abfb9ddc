"""Fixtures shared across owners' test directories."""

from __future__ import annotations

from pathlib import Path

import pytest
import scratch_repo


@pytest.fixture(scope="session")
def generate_mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warm mypy cache for ``make generate``'s type check, made at most once per test session."""
    return scratch_repo.warm_generate_cache(tmp_path_factory.mktemp("pristine-repo"))
