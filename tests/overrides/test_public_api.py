"""Guard of the public surface: ``__all__`` is exactly what the package promises, and every name resolves."""

from __future__ import annotations

import subprocess
import sys

import pytest

import splx_probe_client

PUBLIC = {
    "__version__",
    "ProbeClient",
    "SyncProbeClient",
    "RawResponse",
    "FileAnswer",
    "SavedFile",
    "REGIONS",
    "DEFAULT_TIMEOUT",
    "DEFAULT_MAX_RETRIES",
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
    "connection",
    "ConnectionConfig",
    "UnknownConnectionConfig",
    "CONNECTION_CONFIG_TYPES",
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
    "Client",
    "AuthenticatedClient",
    "ProgressPrinter",
    "UnknownVariant",
    "UnknownEnumValue",
}


def test_all_is_the_promised_surface() -> None:
    assert set(splx_probe_client.__all__) == PUBLIC
    assert len(splx_probe_client.__all__) == len(PUBLIC)


def test_every_public_name_resolves() -> None:
    for name in splx_probe_client.__all__:
        assert getattr(splx_probe_client, name) is not None, name
    assert set(dir(splx_probe_client)) >= PUBLIC


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        getattr(splx_probe_client, "no_such_name")  # noqa: B009


def test_importing_the_package_loads_no_models() -> None:
    code = "import sys, splx_probe_client; print(*sorted(m for m in sys.modules if m.startswith('splx_probe_client')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == ["splx_probe_client", "splx_probe_client._version"]
