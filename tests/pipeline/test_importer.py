"""The importer: docs page -> one fragment file per operation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.importer import ImportError_, extract, fragment_name, import_page

from .conftest import FRAGMENTS, PAGES

PAGE = """# Things

## Get a thing

```json
{"openapi": "3.0.4", "info": {"title": "API", "version": "1"},
 "paths": {"/api/things/{thingId}": {"get": {"summary": "Get a thing", "responses": {"200": {"description": "OK"}}}}}}
```

```json
{"not": "a spec"}
```

```bash
curl https://example.test
```

```yaml
openapi: 3.1.0
info: {title: API, version: "1"}
paths:
  /api/things:
    post:
      summary: Create a thing
      responses:
        "201": {description: Created}
```
"""


def test_fragment_names_come_from_method_and_path() -> None:
    assert fragment_name("post", "/api/workspaces/{workspaceId}/test-run/trigger") == (
        "post-api-workspaces-workspaceId-test-run-trigger.json"
    )


def test_extract_keeps_openapi_blocks_of_both_formats_and_skips_the_rest() -> None:
    found = extract(PAGE)
    assert [f.name for f in found] == ["get-api-things-thingId.json", "post-api-things.json"]
    assert found[1].document["openapi"] == "3.1.0"


def test_import_writes_the_published_json_and_reimport_changes_nothing(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "fragments"
    assert [state for _, state in import_page(page, out)] == ["added", "added"]
    written = out / "get-api-things-thingId.json"
    published = json.loads(PAGE.split("```json\n")[1].split("\n```", maxsplit=1)[0])
    assert json.loads(written.read_text(encoding="utf-8")) == published
    assert list(json.loads(written.read_text(encoding="utf-8"))["paths"]) == ["/api/things/{thingId}"]
    mtime = written.stat().st_mtime_ns

    assert [state for _, state in import_page(page, out)] == ["unchanged", "unchanged"]
    assert written.stat().st_mtime_ns == mtime

    page.write_text(PAGE.replace('Get a thing", "responses', 'Get one thing", "responses'), encoding="utf-8")
    assert dict(import_page(page, out))["get-api-things-thingId.json"] == "updated"


def test_two_blocks_for_one_operation_are_an_error(tmp_path: Path) -> None:
    block = PAGE.split("```json\n")[1].split("\n```", maxsplit=1)[0]
    page = tmp_path / "page.md"
    page.write_text(f"```json\n{block}\n```\n\n```json\n{block}\n```\n", encoding="utf-8")
    with pytest.raises(ImportError_, match=r"get-api-things-thingId\.json"):
        import_page(page, tmp_path / "fragments")


def test_the_vendor_pages_give_the_committed_fragments(tmp_path: Path) -> None:
    names = [name for page in sorted(PAGES.glob("*.md")) for name, _ in import_page(page, tmp_path)]
    assert sorted(names) == sorted(path.name for path in FRAGMENTS.glob("*.json"))
    for name in names:
        assert (tmp_path / name).read_bytes() == (FRAGMENTS / name).read_bytes()
