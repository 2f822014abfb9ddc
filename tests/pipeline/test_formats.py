"""Every publishing format merges to the same spec as its OpenAPI 3.0 JSON equivalent; peer APIs generate."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline.assemble import build
from pipeline.downgrade import to_openapi_30
from pipeline.importer import import_pages
from pipeline.merge import MergeError

from .conftest import FIXTURES, ROOT, merge

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
PEER_SEEDS = ("peer-thousandeyes-run-instant-test.json", "peer-testerarmy-trigger-run.md")
THINGS_CONFIG = "security_schemes:\n  API Key: ApiKey\n"


def _seed(name: str) -> Path:
    """A peer document from ../shared/seeds beside the repository, or the copy under fixtures/."""
    shared = SHARED_SEEDS / name
    return shared if shared.exists() else FIXTURES / name


def _import_and_merge(tmp_path: Path, pages: list[Path], config_text: str) -> dict[str, Any]:
    fragments, manifest = tmp_path / "fragments", tmp_path / "manifest.json"
    (tmp_path / "pages").mkdir()
    saved = [Path(shutil.copy(page, tmp_path / "pages" / page.name)) for page in pages]
    import_pages(saved, fragments, manifest, tmp_path)
    config = tmp_path / "config.yaml"
    config.write_text(config_text, encoding="utf-8")
    return merge(fragments, tmp_path / "spec.json", config, manifest=manifest)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The merge of the OpenAPI 3.0 JSON page."""
    return _import_and_merge(tmp_path_factory.mktemp("ref"), [FIXTURES / "things-30.md"], THINGS_CONFIG)


@pytest.mark.parametrize(
    "pages",
    [
        ["things-31.md"],  # OpenAPI 3.1, fenced YAML, the security scheme named "API Key"
        ["things-bare.json"],  # one bare 3.0 JSON document with both operations
        ["things-bare.yaml"],  # one bare 3.1 YAML document with both operations
        ["things-get-wrapper.json", "things-post-31.md"],  # a 3.0.1 meta/spec wrapper beside a 3.1 page
    ],
)
def test_each_format_merges_to_the_spec_of_its_30_json_equivalent(
    pages: list[str], reference: dict[str, Any], tmp_path: Path
) -> None:
    merged = _import_and_merge(tmp_path, [FIXTURES / page for page in pages], THINGS_CONFIG)
    assert merged["openapi"].startswith("3.0.")
    assert {**merged, "openapi": reference["openapi"]} == reference


def test_the_31_constructs_become_their_30_spelling(reference: dict[str, Any]) -> None:
    thing = reference["components"]["schemas"]["Thing"]["properties"]
    assert thing["name"] == {"type": "string", "nullable": True}
    assert thing["weight"] == {"type": "number", "minimum": 0, "exclusiveMinimum": True, "example": 3.5}
    assert thing["owner"] == {"oneOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": True}
    assert reference["components"]["schemas"]["NewThing"]["properties"]["kind"]["enum"] == ["SMALL"]


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"type": "array", "prefixItems": [{"type": "string"}]}, "'prefixItems' has no OpenAPI 3.0 equivalent"),
        ({"type": "null"}, "type 'null' on its own"),
        ({"if": {"type": "string"}, "then": {"minLength": 1}}, "'if' has no OpenAPI 3.0 equivalent"),
    ],
)
def test_a_31_construct_without_a_30_spelling_fails_naming_where(schema: dict[str, Any], message: str) -> None:
    document = {"openapi": "3.1.0", "paths": {}, "components": {"schemas": {"Odd": {"properties": {"x": schema}}}}}
    with pytest.raises(Exception, match=message) as caught:
        to_openapi_30(document, "3.0.3", "page odd.md")
    assert "page odd.md: /components/schemas/Odd/properties/x" in str(caught.value)


def test_several_types_become_any_of() -> None:
    document = {
        "openapi": "3.1.0",
        "paths": {},
        "components": {"schemas": {"Id": {"type": ["string", "integer", "null"]}}},
    }
    converted = to_openapi_30(document, "3.0.3", "x")
    assert converted["components"]["schemas"]["Id"] == {
        "nullable": True,
        "anyOf": [{"type": "string"}, {"type": "integer"}],
    }


def test_a_31_page_whose_scheme_name_is_not_mapped_names_the_page(tmp_path: Path) -> None:
    with pytest.raises(MergeError, match=r"page pages/things-31\.md \(fragment .*\): security scheme name 'API Key'"):
        _import_and_merge(tmp_path, [FIXTURES / "things-31.md"], "{}\n")


@pytest.mark.parametrize("seed", PEER_SEEDS)
def test_a_peer_document_imports_merges_with_an_empty_config_and_generates_an_importable_client(
    seed: str, tmp_path: Path
) -> None:
    spec = _import_and_merge(tmp_path, [_seed(seed)], "")
    (operation,) = [op for item in spec["paths"].values() for op in item.values()]
    (tmp_path / "gen").mkdir()
    package = build(tmp_path / "spec.json", ROOT, tmp_path / "gen", overrides=False)
    assert not (package / "_model_base.py").exists()  # no SPLX override in it
    module = f"splx_probe_client.api.{operation['tags'][0].lower().replace(' ', '_')}"
    probe = (
        "import importlib, pkgutil, splx_probe_client as p\n"
        "names = [m.name for m in pkgutil.walk_packages(p.__path__, 'splx_probe_client.')]\n"
        "for name in names: importlib.import_module(name)\n"
        "print(p.__file__)\n"
        "print(' '.join(names))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(package.parent)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    location, names = done.stdout.splitlines()
    assert location.startswith(str(package))
    snake = {"runInstantTest": "run_instant_test", "trigger-a-test-run": "trigger_a_test_run"}
    assert f"{module}.{snake[operation['operationId']]}" in names.split()  # the vendor's operationId


@pytest.mark.parametrize("seed", PEER_SEEDS)
def test_the_fixture_copies_of_the_peer_seeds_are_current(seed: str) -> None:
    if not (SHARED_SEEDS / seed).exists():
        pytest.skip("../shared/seeds is not beside this clone")
    assert (FIXTURES / seed).read_bytes() == (SHARED_SEEDS / seed).read_bytes()
