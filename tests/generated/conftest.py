"""A package generated from a fixture spec, post-processed like the real one and importable in this process.

The fixture spec (``fixtures/discriminated.json``) has what the SPLX spec does not have yet: discriminated
unions (mapped and implicit, in fields, lists, maps, request and response bodies), enums on both sides and
date-times of every shape. The SPLX overrides are not installed (they expect the SPLX spec); only the runtime
modules generated models call into are copied. Generated code imports relatively, so the package is loaded
under its own name next to the real ``splx_probe_client``.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from pipeline._jsonio import load
from pipeline.assemble import MODEL_DEFINE, _bin, _run
from pipeline.models_postprocess import postprocess
from pipeline.tables import secret_fields_module

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_SPEC = Path(__file__).parent / "fixtures" / "discriminated.json"
RUNTIME = ("_parsing.py", "_parameters.py", "_model_base.py", "_secrets.py", "_secret_rule.py")
"""The override modules generated models import (directly or through each other)."""


def generate_fixture(spec_path: Path, scratch: Path, name: str) -> Path:
    """Generate ``spec_path`` into ``scratch/name``, post-processed, with the runtime modules it needs."""
    package = scratch / "splx_probe_client"
    command = [_bin("openapi-python-client"), "generate", "--path", str(spec_path)]
    config = ["--config", str(ROOT / "generator-config.yaml"), "--meta", "none", "--output-path", str(package)]
    _run([*command, *config], cwd=scratch)
    postprocess(package, load(spec_path))
    for model in (package / "models").glob("*.py"):
        model.write_text(model.read_text(encoding="utf-8").replace(*MODEL_DEFINE), encoding="utf-8")
    for runtime in RUNTIME:
        shutil.copyfile(ROOT / "overrides" / "splx_probe_client" / runtime, package / runtime)
    (package / "_secret_fields.py").write_text(secret_fields_module(load(spec_path)), encoding="utf-8")  # _secrets'
    _run([_bin("ruff"), "format", ".", "--isolated", "--no-cache", "--line-length", "120", "--quiet"], package)
    return package.rename(scratch / name)


@pytest.fixture(scope="session")
def fixture_package(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The fixture spec's package, imported as ``splx_fixture`` (with its models, client, types and _parsing)."""
    scratch = tmp_path_factory.mktemp("fixture-package")
    generate_fixture(FIXTURE_SPEC, scratch, "splx_fixture")
    sys.path.insert(0, str(scratch))
    try:
        for module in ("models", "client", "types", "_parsing"):
            importlib.import_module(f"splx_fixture.{module}")
        return importlib.import_module("splx_fixture")
    finally:
        sys.path.remove(str(scratch))
