"""Smoke test of the generated package: every module imports, every operation has its four functions."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import pytest

import splx_probe_client
from splx_probe_client._operations import OPERATIONS

MODULES = sorted(info.name for info in pkgutil.walk_packages(splx_probe_client.__path__, "splx_probe_client."))

ENDPOINTS = {
    "test_run": {"trigger_test_run", "cancel_test_run"},
    "target": {
        "create_target",
        "update_target",
        "get_target",
        "delete_target",
        "list_target_types",
        "get_target_scores",
        "list_target_test_runs",
    },
}


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
    assert len(OPERATIONS) == 9


@pytest.mark.parametrize("module", sorted(f"{tag}.{op}" for tag, ops in ENDPOINTS.items() for op in ops))
def test_each_endpoint_has_sync_and_async_variants(module: str) -> None:
    endpoint = importlib.import_module(f"splx_probe_client.api.{module}")
    for function in ("asyncio", "asyncio_detailed", "sync", "sync_detailed"):
        assert callable(getattr(endpoint, function))
