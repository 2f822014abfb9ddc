"""The generated ``models`` package loads each model on first use, with every name the generator exported."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from openapi_python_client.strings import ClassName
from samples import SCHEMAS

from splx_probe_client import models


def _has_own_allof_member(schema: dict[str, Any]) -> bool:
    return any("$ref" not in member for member in schema.get("allOf", []))


def test_every_exported_name_resolves_to_its_own_module() -> None:
    # Every object schema with fields of its own; an allOf of one $ref only is an alias of that model.
    schemas = {name for name, schema in SCHEMAS.items() if "properties" in schema or _has_own_allof_member(schema)}
    assert {str(ClassName(name, "")) for name in schemas} <= set(models.__all__)
    for name in models.__all__:
        value = getattr(models, name)
        if isinstance(value, type):
            assert value.__name__ == name
            assert value.__module__.startswith("splx_probe_client.models.")
    assert set(dir(models)) >= set(models.__all__)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchModel"):
        getattr(models, "NoSuchModel")  # noqa: B009


def _loaded_models(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(*sorted(m for m in sys.modules if m.startswith('splx_probe_client.models.')))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.split()


def _reached(names: list[str]) -> set[str]:
    """The schemas ``names`` refer to, directly or through others."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        text = str(SCHEMAS[name])
        todo += [ref for ref in SCHEMAS if f"'#/components/schemas/{ref}'" in text]
    return seen


def test_an_endpoint_loads_only_the_models_its_answers_reach() -> None:
    loaded = _loaded_models("from splx_probe_client.api.target import get_target")
    answers = ["TargetNewDto", "ErrorResponse"]
    modules = {getattr(models, str(ClassName(name, ""))).__module__ for name in _reached(answers)}
    assert {"splx_probe_client.models.error_response", "splx_probe_client.models.target_new_dto"} <= set(loaded)
    # A model's nested models come with it (imported once, at the end of its module); the inline ones the
    # generator names after their parent too. Nothing another operation alone needs is loaded.
    assert [m for m in loaded if m not in modules and not any(m.startswith(f"{r}_") for r in modules)] == []
    assert len(loaded) < len(models.__all__) / 2


def test_star_import_and_direct_imports_still_work() -> None:
    loaded = _loaded_models(
        "from splx_probe_client.models import *\n"
        "from splx_probe_client.models import GeminiIntegrationConfig\n"
        "assert GeminiIntegrationConfig.__name__ == 'GeminiIntegrationConfig'\n"
        "assert TargetNewDto.__name__ == 'TargetNewDto'"
    )
    assert "splx_probe_client.models.gemini_integration_config" in loaded
