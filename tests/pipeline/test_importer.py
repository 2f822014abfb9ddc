"""The importer: docs pages of every publishing format -> one fragment per operation, tracked per page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from pipeline.__main__ import main
from pipeline.importer import Manifest, PageError, extract, fragment_name, import_pages

from .conftest import FIXTURES, FRAGMENTS, MANIFEST, PAGES, ROOT

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
GET_BLOCK = PAGE.split("```json\n")[1].split("\n```", maxsplit=1)[0]


def _saved(tmp_path: Path, page: Path) -> Path:
    """``page`` as saved in the repository ``tmp_path`` (fixtures are copied into its pages/)."""
    if page.is_relative_to(tmp_path):
        return page
    (tmp_path / "pages").mkdir(exist_ok=True)
    return Path(shutil.copy(page, tmp_path / "pages" / page.name))


def _import(tmp_path: Path, *pages: Path) -> dict[str, str]:
    """Import ``pages`` into ``tmp_path/fragments``; returns fragment -> state."""
    saved = [_saved(tmp_path, page) for page in pages]
    results = import_pages(saved, tmp_path / "fragments", tmp_path / "manifest.json", tmp_path)
    return {result.fragment: result.state for result in results}


def _page(tmp_path: Path, name: str, text: str) -> Path:
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    return page


def test_fragment_names_come_from_method_and_path() -> None:
    assert fragment_name("post", "/api/workspaces/{workspaceId}/test-run/trigger") == (
        "post-api-workspaces-workspaceId-test-run-trigger.json"
    )


def test_extract_keeps_openapi_blocks_of_both_formats_and_skips_the_rest() -> None:
    found = extract(PAGE)
    assert [(f.name, f.origin) for f in found] == [
        ("get-api-things-thingId.json", "line 5"),
        ("post-api-things.json", "line 18"),
    ]
    assert found[1].document["openapi"] == "3.1.0"


def test_an_unlabelled_block_holding_a_spec_is_read_and_other_languages_are_not() -> None:
    page = f"```\n{GET_BLOCK}\n```\n\n```python\n{GET_BLOCK.replace('things', 'python')}\n```\n\n```\nplain text\n```\n"
    assert [f.name for f in extract(page)] == ["get-api-things-thingId.json"]


def test_import_writes_the_published_json_and_reimport_changes_nothing(tmp_path: Path) -> None:
    page = _page(tmp_path, "page.md", PAGE)
    assert list(_import(tmp_path, page).values()) == ["added", "added"]
    written = tmp_path / "fragments" / "get-api-things-thingId.json"
    assert json.loads(written.read_text(encoding="utf-8")) == json.loads(GET_BLOCK)
    mtime = written.stat().st_mtime_ns
    manifest = (tmp_path / "manifest.json").read_bytes()

    assert list(_import(tmp_path, page).values()) == ["unchanged", "unchanged"]
    assert written.stat().st_mtime_ns == mtime
    assert (tmp_path / "manifest.json").read_bytes() == manifest

    page.write_text(PAGE.replace('Get a thing", "responses', 'Get one thing", "responses'), encoding="utf-8")
    assert _import(tmp_path, page)["get-api-things-thingId.json"] == "updated"


def test_an_operation_the_page_no_longer_publishes_is_deleted_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = _page(tmp_path, "page.md", PAGE)
    _import(tmp_path, page)
    page.write_text(PAGE.split("```yaml", maxsplit=1)[0], encoding="utf-8")  # the vendor dropped "Create a thing"
    fragments, manifest = tmp_path / "fragments", tmp_path / "manifest.json"
    code = main(
        ["import", str(page), "--fragments", str(fragments), "--manifest", str(manifest), "--root", str(tmp_path)]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "removed   " in out
    assert "post-api-things.json" in out
    assert sorted(p.name for p in fragments.iterdir()) == ["get-api-things-thingId.json"]
    assert Manifest(manifest, tmp_path).page_of() == {"get-api-things-thingId.json": "page.md"}


def test_a_deleted_page_takes_its_fragments_with_it(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    gone = _page(pages, "gone.md", f"```json\n{GET_BLOCK}\n```\n")
    kept = _page(pages, "kept.md", f"```json\n{GET_BLOCK.replace('/api/things/{thingId}', '/api/kept')}\n```\n")
    _import(tmp_path, gone, kept)
    gone.unlink()
    assert _import(tmp_path, kept) == {"get-api-kept.json": "unchanged", "get-api-things-thingId.json": "removed"}
    assert not (tmp_path / "fragments" / "get-api-things-thingId.json").exists()
    assert list(Manifest(tmp_path / "manifest.json", tmp_path).pages) == ["pages/kept.md"]


def test_an_operation_moving_between_pages_needs_both_pages_in_one_import(tmp_path: Path) -> None:
    first = _page(tmp_path, "first.md", PAGE)
    _import(tmp_path, first)
    second = _page(tmp_path, "second.md", f"```json\n{GET_BLOCK}\n```\n")
    with pytest.raises(PageError, match=r"second\.md .*get-api-things-thingId\.json.*imported from first\.md"):
        _import(tmp_path, second)
    first.write_text("```yaml" + PAGE.split("```yaml")[1], encoding="utf-8")  # the vendor moved it to second.md
    assert _import(tmp_path, first, second) == {
        "post-api-things.json": "unchanged",
        "get-api-things-thingId.json": "unchanged",
    }
    assert Manifest(tmp_path / "manifest.json", tmp_path).page_of()["get-api-things-thingId.json"] == "second.md"
    assert (tmp_path / "fragments" / "get-api-things-thingId.json").exists()


def test_an_operation_of_a_deleted_page_may_reappear_on_another(tmp_path: Path) -> None:
    first = _page(tmp_path, "first.md", PAGE)
    _import(tmp_path, first)
    first.unlink()
    second = _page(tmp_path, "second.md", f"```json\n{GET_BLOCK}\n```\n")
    assert _import(tmp_path, second) == {"get-api-things-thingId.json": "unchanged", "post-api-things.json": "removed"}
    assert Manifest(tmp_path / "manifest.json", tmp_path).pages == {"second.md": ["get-api-things-thingId.json"]}


def test_two_blocks_for_one_operation_are_an_error_naming_both(tmp_path: Path) -> None:
    page = _page(tmp_path, "page.md", f"```json\n{GET_BLOCK}\n```\n\n```json\n{GET_BLOCK}\n```\n")
    with pytest.raises(PageError, match=r"page\.md \(line 1\) and page\.md \(line 6\).*get-api-things-thingId\.json"):
        _import(tmp_path, page)
    assert not (tmp_path / "fragments").exists()


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "tables.md",
            (FIXTURES / "peer-test-run-management-api.md").read_text(encoding="utf-8"),
            "no OpenAPI document",
        ),
        ("empty.md", '# Nothing here\n\n```json\n{"a": 1}\n```\n', "no OpenAPI document"),
        ("other.json", '{"kind": "something else"}', "unknown shape"),
        ("broken.md", '```json\n{"openapi": "3.0.0", "paths": {\n```\n', "does not parse"),
        ("swagger.md", '```json\n{"swagger": "2.0", "paths": {"/a": {"get": {}}}}\n```\n', "'2.0' is not supported"),
        ("nothing.yaml", "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n", "no operations"),
    ],
)
def test_a_page_without_a_usable_openapi_document_is_an_error_naming_it(
    tmp_path: Path, name: str, text: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    page = _page(tmp_path, name, text)
    fragments, manifest = tmp_path / "fragments", tmp_path / "manifest.json"
    assert (
        main(["import", str(page), "--fragments", str(fragments), "--manifest", str(manifest), "--root", str(tmp_path)])
        == 1
    )
    err = capsys.readouterr().err
    assert name in err
    assert message in err
    assert not fragments.exists()
    assert not manifest.exists()


def _operations(directory: Path) -> dict[str, dict[str, Any]]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))}


def test_a_bare_openapi_file_with_several_operations_becomes_one_fragment_each(tmp_path: Path) -> None:
    assert _import(tmp_path, FIXTURES / "things-bare.json") == {
        "get-api-things-thingId.json": "added",
        "post-api-things.json": "added",
    }
    documents = _operations(tmp_path / "fragments")
    assert [list(d["paths"]) for d in documents.values()] == [["/api/things/{thingId}"], ["/api/things"]]
    assert all("Thing" in d["components"]["schemas"] for d in documents.values())


def test_a_wrapper_becomes_a_normal_document_with_its_inlined_refs_as_components(tmp_path: Path) -> None:
    assert _import(tmp_path, FIXTURES / "things-get-wrapper.json") == {"get-api-things-thingId.json": "added"}
    (document,) = _operations(tmp_path / "fragments").values()
    assert document["openapi"] == "3.0.1"
    assert document["servers"] == [{"url": "https://api.things.test"}]
    operation = document["paths"]["/api/things/{thingId}"]["get"]
    assert "method" not in operation
    assert "path" not in operation
    assert "__originalOperationId" not in operation
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Thing"}
    schemas = document["components"]["schemas"]
    assert sorted(schemas) == ["Error", "Owner", "Thing"]
    assert schemas["Thing"]["properties"]["owner"]["oneOf"] == [{"$ref": "#/components/schemas/Owner"}]
    assert "$$ref" not in json.dumps(document)
    assert list(document["components"]["securitySchemes"]) == ["API Key"]


def test_a_wrapper_inlining_one_ref_with_two_contents_is_an_error(tmp_path: Path) -> None:
    wrapper = json.loads((FIXTURES / "things-get-wrapper.json").read_text(encoding="utf-8"))
    wrapper["spec"]["responses"]["404"]["content"]["application/json"]["schema"]["$$ref"] = "#/components/schemas/Owner"
    page = _page(tmp_path, "w.json", json.dumps(wrapper))
    with pytest.raises(PageError, match=r"w\.json.*#/components/schemas/Owner is inlined with different contents"):
        _import(tmp_path, page)


def test_the_peer_wrapper_keeps_the_vendor_operation_and_its_components(tmp_path: Path) -> None:
    _import(tmp_path, FIXTURES / "peer-thousandeyes-run-instant-test.json")
    document = _operations(tmp_path / "fragments")["post-tests-testId-run.json"]
    operation = document["paths"]["/tests/{testId}/run"]["post"]
    assert operation["operationId"] == "runInstantTest"
    assert sorted(document["components"]["schemas"]) == ["Error", "UnauthorizedError"]
    assert document["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"


def test_the_peer_yaml_page_skips_its_code_samples(tmp_path: Path) -> None:
    assert _import(tmp_path, FIXTURES / "peer-testerarmy-trigger-run.md") == {"post-v1-tests-testId-runs.json": "added"}


def test_the_vendor_pages_give_the_committed_fragments_and_manifest(tmp_path: Path) -> None:
    shutil.copytree(PAGES, tmp_path / "openapi" / "pages")
    pages = sorted((tmp_path / "openapi" / "pages").iterdir())
    results = import_pages(pages, tmp_path / "fragments", tmp_path / "manifest.json", tmp_path)
    for result in results:
        assert (tmp_path / "fragments" / result.fragment).read_bytes() == (FRAGMENTS / result.fragment).read_bytes()
    assert (tmp_path / "manifest.json").read_bytes() == MANIFEST.read_bytes()
    assert sorted(p.name for p in FRAGMENTS.iterdir()) == sorted(r.fragment for r in results)


def test_manifest_keys_are_paths_from_the_repository_root() -> None:
    manifest = Manifest(MANIFEST, ROOT)
    assert manifest.key(PAGES / "splx-probe-target.md") == "openapi/pages/splx-probe-target.md"
    with pytest.raises(PageError, match=r"/elsewhere/page\.md: outside .*save it under openapi/pages/ first"):
        manifest.key(Path("/elsewhere/page.md"))
