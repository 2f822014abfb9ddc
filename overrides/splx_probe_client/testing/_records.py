# Hand-written: edit overrides/splx_probe_client/testing/_records.py, not this copy (installed by `make generate`).
"""The fake's public records: how a run ends, and what a request looked like."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from .._secrets import redact


@attrs.frozen
class RunOutcome:
    """How a fake test run ends: its final status and counts.

    ``total_count`` defaults to 10 cases per probe; ``failed_count`` to 10% of it; ``passed_count`` to what is
    left after failures and errors. ``status`` is ``"COMPLETED"`` or ``"FAILED"``.
    """

    status: Literal["COMPLETED", "FAILED"] = "COMPLETED"
    failed_count: int | None = None
    error_count: int = 0
    passed_count: int | None = None
    total_count: int | None = None


@attrs.frozen
class RecordedRequest:
    """One request the fake received (secrets hidden from the repr)."""

    method: str
    path: str
    operation: str | None
    """The spec's operationId, or ``None`` for a path the API does not have."""
    json: Any = attrs.field(repr=lambda value: repr(redact(value)))
    """The decoded JSON body (``None`` when there is none or it is not JSON)."""
    headers: Mapping[str, str] = attrs.field(repr=False)
    """Request headers, names in lower case."""
    via: Literal["socket", "transport"]
    thread: str
    """Who handled it: over a socket, the connection (``FakeProbe-connection-N``, one per TCP connection, as the
    server's workers are shared); in-process, the name of the calling thread."""
    status: int | None
    """The status answered, ``None`` when the connection was dropped."""
