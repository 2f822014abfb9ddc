"""Smoke test of the generated package: every module imports, every operation has its four functions."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import pytest
from openapi_python_client.strings import snake_case
from samples import SPEC

import splx_probe_client
from pipeline.importer import HTTP_METHODS
from splx_probe_client._operations import OPERATIONS

MODULES = sorted(info.name for info in pkgutil.walk_packages(splx_probe_client.__path__, "splx_probe_client."))


def _spec_endpoints() -> dict[str, set[str]]:
    """Tag module -> endpoint modules, as the generator names them from the spec's tags and operationIds."""
    endpoints: dict[str, set[str]] = {}
    for item in SPEC["paths"].values():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                tag = operation.get("tags", ["default"])[0]
                endpoints.setdefault(snake_case(tag), set()).add(snake_case(operation["operationId"]))
    return endpoints


ENDPOINTS = _spec_endpoints()


@pytest.mark.parametrize("name", MODULES)
def test_every_module_imports(name: str) -> None:
    assert isinstance(importlib.import_module(name), ModuleType)


def test_endpoint_modules_are_named_after_the_operation_ids() -> None:
    found: dict[str, set[str]] = {}
    for name in MODULES:
        parts = name.split(".")
        if len(parts) == 4 and parts[1] == "api":
            found.setdefault(parts[2], set()).add(parts[3])
    assert found == ENDPOINTS
    assert sorted(snake_case(op.operation_id) for op in OPERATIONS) == sorted(set().union(*ENDPOINTS.values()))


@pytest.mark.parametrize("module", sorted(f"{tag}.{op}" for tag, ops in ENDPOINTS.items() for op in ops))
def test_each_endpoint_has_sync_and_async_variants(module: str) -> None:
    endpoint = importlib.import_module(f"splx_probe_client.api.{module}")
    for function in ("asyncio", "asyncio_detailed", "sync", "sync_detailed"):
        assert callable(getattr(endpoint, function))
