"""Fixtures for the pipeline tests: the repository's own inputs, copied where a test may change them."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipeline.merge import run_merge

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "openapi" / "pages"
FRAGMENTS = ROOT / "openapi" / "fragments"
MANIFEST = ROOT / "openapi" / "manifest.json"
MERGE_CONFIG = ROOT / "openapi" / "merge-config.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def fragments(tmp_path: Path) -> Path:
    """A private copy of openapi/fragments/ (and openapi/manifest.json beside it, as ``manifest.json``)."""
    target = tmp_path / "fragments"
    shutil.copytree(FRAGMENTS, target)
    shutil.copyfile(MANIFEST, tmp_path / "manifest.json")
    return target


def merge(fragments: Path, output: Path, config: Path = MERGE_CONFIG, **options: Any) -> dict[str, Any]:
    """Merge ``fragments`` into ``output`` (quietly) and return the merged spec."""
    run_merge(fragments, config, output, out=options.pop("out", io.StringIO()), **options)
    merged: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return merged


def edit(path: Path, change: Callable[[dict[str, Any]], Any]) -> None:
    """Rewrite the JSON document at ``path`` through ``change``."""
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")
