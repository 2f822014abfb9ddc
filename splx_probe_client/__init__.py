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
    )
    from ._client import (
        DEFAULT_TIMEOUT as DEFAULT_TIMEOUT,
    )
    from ._client import (
        REGIONS as REGIONS,
    )
    from ._client import (
        ProbeClient as ProbeClient,
    )
    from ._exceptions import (
        APIConnectionError as APIConnectionError,
    )
    from ._exceptions import (
        APIResponseValidationError as APIResponseValidationError,
    )
    from ._exceptions import (
        APIStatusError as APIStatusError,
    )
    from ._exceptions import (
        APITimeoutError as APITimeoutError,
    )
    from ._exceptions import (
        AuthenticationError as AuthenticationError,
    )
    from ._exceptions import (
        BadRequestError as BadRequestError,
    )
    from ._exceptions import (
        ConflictError as ConflictError,
    )
    from ._exceptions import (
        InternalServerError as InternalServerError,
    )
    from ._exceptions import (
        InvalidHeaderError as InvalidHeaderError,
    )
    from ._exceptions import (
        NotFoundError as NotFoundError,
    )
    from ._exceptions import (
        PermissionDeniedError as PermissionDeniedError,
    )
    from ._exceptions import (
        ProbeError as ProbeError,
    )
    from ._exceptions import (
        RateLimitError as RateLimitError,
    )
    from ._exceptions import (
        TestRunNotFoundError as TestRunNotFoundError,
    )
    from ._exceptions import (
        TestRunTimeoutError as TestRunTimeoutError,
    )
    from ._exceptions import (
        UnknownRunStatusError as UnknownRunStatusError,
    )
    from ._exceptions import (
        UnprocessableEntityError as UnprocessableEntityError,
    )
    from ._files import (
        FileAnswer as FileAnswer,
    )
    from ._files import (
        SavedFile as SavedFile,
    )
    from ._parsing import (
        UnknownEnumValue as UnknownEnumValue,
    )
    from ._parsing import (
        UnknownVariant as UnknownVariant,
    )
    from ._progress import ProgressPrinter as ProgressPrinter
    from ._resource_base import RawResponse as RawResponse
    from ._sync_client import SyncProbeClient as SyncProbeClient
    from .client import (
        AuthenticatedClient as AuthenticatedClient,
    )
    from .client import (
        Client as Client,
    )
    from .connections import (
        CONNECTION_CONFIG_TYPES as CONNECTION_CONFIG_TYPES,
    )
    from .connections import (
        ConnectionConfig as ConnectionConfig,
    )
    from .connections import (
        UnknownConnectionConfig as UnknownConnectionConfig,
    )
    from .connections import (
        connection as connection,
    )
    from .polling import (
        DEFAULT_APPEAR_TIMEOUT as DEFAULT_APPEAR_TIMEOUT,
    )
    from .polling import (
        DEFAULT_POLL_INTERVAL as DEFAULT_POLL_INTERVAL,
    )
    from .polling import (
        DEFAULT_UNKNOWN_STATUS_TIMEOUT as DEFAULT_UNKNOWN_STATUS_TIMEOUT,
    )
    from .polling import (
        DEFAULT_WAIT_TIMEOUT as DEFAULT_WAIT_TIMEOUT,
    )
    from .polling import (
        TERMINAL_STATUSES as TERMINAL_STATUSES,
    )
    from .polling import (
        trigger_and_wait as trigger_and_wait,
    )
    from .polling import (
        trigger_test_run as trigger_test_run,
    )
    from .polling import (
        wait_for_test_run as wait_for_test_run,
    )
    from .polling import (
        wait_for_test_runs as wait_for_test_runs,
    )
    from .polling import (
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
