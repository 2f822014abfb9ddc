# Hand-written: edit overrides/splx_probe_client/__init__.py, not this copy (installed by `make generate`).
"""Async-first Python SDK for the SPLX Probe platform API.

>>> async with ProbeClient() as client:  # SPLX_API_KEY, SPLX_REGION / SPLX_API_URL from the environment
...     target = await client.targets.get(workspace_id=1, target_id=2)
>>> with SyncProbeClient() as client:  # the same, for synchronous code
...     target = client.targets.get(workspace_id=1, target_id=2)

Every resource method is listed in ``api.md``; the generated endpoint functions live in
``splx_probe_client.api``, models in ``splx_probe_client.models``; the names below are the hand-written layer.
They load on first use (PEP 562), so ``import splx_probe_client`` stays as cheap as importing httpx and attrs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:  # names spelled `X as X`: explicit re-exports for type checkers and linters
    from ._client import (
        DEFAULT_MAX_RETRIES as DEFAULT_MAX_RETRIES,
        DEFAULT_TIMEOUT as DEFAULT_TIMEOUT,
        REGIONS as REGIONS,
        ProbeClient as ProbeClient,
    )
    from ._exceptions import (
        APIConnectionError as APIConnectionError,
        APIResponseValidationError as APIResponseValidationError,
        APIStatusError as APIStatusError,
        APITimeoutError as APITimeoutError,
        AuthenticationError as AuthenticationError,
        BadRequestError as BadRequestError,
        ConflictError as ConflictError,
        InternalServerError as InternalServerError,
        InvalidHeaderError as InvalidHeaderError,
        NotFoundError as NotFoundError,
        PermissionDeniedError as PermissionDeniedError,
        ProbeError as ProbeError,
        RateLimitError as RateLimitError,
        TestRunNotFoundError as TestRunNotFoundError,
        TestRunTimeoutError as TestRunTimeoutError,
        UnknownRunStatusError as UnknownRunStatusError,
        UnprocessableEntityError as UnprocessableEntityError,
    )
    from ._files import (
        FileAnswer as FileAnswer,
        SavedFile as SavedFile,
    )
    from ._parsing import (
        UnknownEnumValue as UnknownEnumValue,
        UnknownVariant as UnknownVariant,
    )
    from ._progress import ProgressPrinter as ProgressPrinter
    from ._resource_base import RawResponse as RawResponse
    from ._sync_client import SyncProbeClient as SyncProbeClient
    from .client import (
        AuthenticatedClient as AuthenticatedClient,
        Client as Client,
    )
    from .connections import (
        CONNECTION_CONFIG_TYPES as CONNECTION_CONFIG_TYPES,
        ConnectionConfig as ConnectionConfig,
        UnknownConnectionConfig as UnknownConnectionConfig,
        connection as connection,
    )
    from .polling import (
        DEFAULT_APPEAR_TIMEOUT as DEFAULT_APPEAR_TIMEOUT,
        DEFAULT_POLL_INTERVAL as DEFAULT_POLL_INTERVAL,
        DEFAULT_UNKNOWN_STATUS_TIMEOUT as DEFAULT_UNKNOWN_STATUS_TIMEOUT,
        DEFAULT_WAIT_TIMEOUT as DEFAULT_WAIT_TIMEOUT,
        TERMINAL_STATUSES as TERMINAL_STATUSES,
        trigger_and_wait as trigger_and_wait,
        trigger_test_run as trigger_test_run,
        wait_for_test_run as wait_for_test_run,
        wait_for_test_runs as wait_for_test_runs,
        watch_test_run as watch_test_run,
    )

_EXPORTS: dict[str, tuple[str, ...]] = {
    "._client": ("ProbeClient", "REGIONS", "DEFAULT_TIMEOUT", "DEFAULT_MAX_RETRIES"),
    "._sync_client": ("SyncProbeClient",),
    "._resource_base": ("RawResponse",),
    "._files": ("FileAnswer", "SavedFile"),
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
        "TestRunNotFoundError",
        "UnknownRunStatusError",
        "APIResponseValidationError",
        "InvalidHeaderError",
    ),
    ".connections": ("connection", "ConnectionConfig", "UnknownConnectionConfig", "CONNECTION_CONFIG_TYPES"),
    ".polling": (
        "wait_for_test_run",
        "trigger_and_wait",
        "trigger_test_run",
        "watch_test_run",
        "wait_for_test_runs",
        "TERMINAL_STATUSES",
        "DEFAULT_WAIT_TIMEOUT",
        "DEFAULT_POLL_INTERVAL",
        "DEFAULT_APPEAR_TIMEOUT",
        "DEFAULT_UNKNOWN_STATUS_TIMEOUT",
    ),
    ".client": ("Client", "AuthenticatedClient"),
    "._parsing": ("UnknownVariant", "UnknownEnumValue"),
    "._progress": ("ProgressPrinter",),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = ["__version__", *_MODULE_OF]  # noqa: PLE0604  # a list of str, built from _EXPORTS


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
