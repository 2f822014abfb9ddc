# Hand-written: edit overrides/splx_probe_client/__init__.py, not this copy (installed by `make generate`).
"""Async-first Python SDK for the SPLX Probe platform API.

>>> async with ProbeClient() as client:  # SPLX_API_KEY, SPLX_REGION / SPLX_API_URL from the environment
...     target = await get_target.asyncio(workspace_id=1, target_id=2, client=client)

Generated endpoints live in ``splx_probe_client.api``, models in ``splx_probe_client.models``; the names
below are the hand-written layer. They load on first use (PEP 562), so ``import splx_probe_client`` stays
as cheap as importing httpx and attrs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._client import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, REGIONS, ProbeClient
    from ._exceptions import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        ConflictError,
        InternalServerError,
        NotFoundError,
        PermissionDeniedError,
        ProbeError,
        RateLimitError,
        TestRunTimeoutError,
        UnprocessableEntityError,
    )
    from .client import AuthenticatedClient, Client
    from .connections import CONNECTION_CONFIG_TYPES, ConnectionConfig, UnknownConnectionConfig, connection
    from .polling import (
        DEFAULT_POLL_INTERVAL,
        DEFAULT_WAIT_TIMEOUT,
        TERMINAL_STATUSES,
        trigger_and_wait,
        wait_for_test_run,
        wait_for_test_runs,
        watch_test_run,
    )

_EXPORTS: dict[str, tuple[str, ...]] = {
    "._client": ("ProbeClient", "REGIONS", "DEFAULT_TIMEOUT", "DEFAULT_MAX_RETRIES"),
    "._exceptions": (
        "ProbeError",
        "APIConnectionError",
        "APITimeoutError",
        "APIStatusError",
        "BadRequestError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "ConflictError",
        "UnprocessableEntityError",
        "RateLimitError",
        "InternalServerError",
        "TestRunTimeoutError",
    ),
    ".connections": ("connection", "ConnectionConfig", "UnknownConnectionConfig", "CONNECTION_CONFIG_TYPES"),
    ".polling": (
        "wait_for_test_run",
        "trigger_and_wait",
        "watch_test_run",
        "wait_for_test_runs",
        "TERMINAL_STATUSES",
        "DEFAULT_WAIT_TIMEOUT",
        "DEFAULT_POLL_INTERVAL",
    ),
    ".client": ("Client", "AuthenticatedClient"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = ["__version__", *_MODULE_OF]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
