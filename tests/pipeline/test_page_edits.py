"""The tests' page edits (``tests/page_edits.py``) work on every page format the importer reads.

A page rewritten as fenced YAML in OpenAPI 3.1, or as meta/spec wrappers, merges to the committed spec; a change
applied to it merges to what the same change gives on the saved page.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import page_edits
import pytest

from pipeline.importer import import_pages
from pipeline.merge import run_merge

from .conftest import MERGE_CONFIG, ROOT

FORMATS = {
    "3.1 yaml": page_edits.Format("yaml", "3.1.0"),
    "3.0 wrapper json": page_edits.Format("json", "3.0.4", wrapper=True),
}


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "openapi" / "pages", root / "openapi" / "pages")
    return root


def _merged(root: Path) -> dict[str, Any]:
    pages = page_edits.pages(root)
    fragments, manifest = root / "openapi" / "fragments", root / "openapi" / "manifest.json"
    import_pages(pages, fragments, manifest, root)
    output = root / "openapi" / "splx-probe.json"
    run_merge(fragments, MERGE_CONFIG, output, out=io.StringIO(), manifest=manifest)
    merged: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return merged


def _nullable_field(document: dict[str, Any]) -> None:
    schema = document.get("components", {}).get("schemas", {}).get("ScanRunExecutionDto")
    if schema is not None:
        schema["properties"]["riskLevel"] = {"type": "string", "nullable": True, "maxLength": 32}


@pytest.fixture(scope="module")
def committed() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads((ROOT / "openapi" / "splx-probe.json").read_text(encoding="utf-8"))
    return spec


@pytest.fixture(scope="module")
def changed_on_saved_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = _repo(tmp_path_factory.mktemp("saved"))
    assert page_edits.edit_documents(root, _nullable_field) > 0
    return _merged(root)


@pytest.mark.parametrize("form", FORMATS.values(), ids=FORMATS.keys())
def test_a_converted_page_merges_to_the_committed_spec_and_takes_the_same_change(
    form: page_edits.Format, tmp_path: Path, committed: dict[str, Any], changed_on_saved_pages: dict[str, Any]
) -> None:
    root = _repo(tmp_path)
    for page in page_edits.pages(root):
        page_edits.convert_page(page, form)
        assert {spot.format for spot in page_edits.spots(page)} == {form}
    merged = _merged(root)
    assert {**merged, "openapi": committed["openapi"]} == committed  # every page 3.1: the merge says 3.0.3
    assert page_edits.edit_documents(root, _nullable_field) > 0
    assert {spot.format for page in page_edits.pages(root) for spot in page_edits.spots(page)} == {form}
    merged = _merged(root)
    assert {**merged, "openapi": committed["openapi"]} == changed_on_saved_pages


def test_a_change_that_changes_nothing_leaves_the_page_as_it_was(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    before = {page.name: page.read_bytes() for page in page_edits.pages(root)}
    assert page_edits.edit_documents(root, lambda document: None) == 0
    assert {page.name: page.read_bytes() for page in page_edits.pages(root)} == before
