"""Fixtures for the pipeline tests: the repository's own inputs, copied where a test may change them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "openapi" / "pages"
FRAGMENTS = ROOT / "openapi" / "fragments"
MERGE_CONFIG = ROOT / "openapi" / "merge-config.yaml"


@pytest.fixture
def fragments(tmp_path: Path) -> Path:
    """A private copy of openapi/fragments/."""
    target = tmp_path / "fragments"
    shutil.copytree(FRAGMENTS, target)
    return target
