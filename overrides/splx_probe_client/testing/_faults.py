# Hand-written: edit overrides/splx_probe_client/testing/_faults.py, not this copy (installed by `make generate`).
"""Faults a test asks for (``fail_next``, ``drop_next``, ``delay_next``), consumed by the requests they match."""

from __future__ import annotations

import attrs

from .._operations import OPERATIONS

_OPERATION_IDS = frozenset(op.operation_id for op in OPERATIONS)


@attrs.define
class Fault:
    times: int
    operation: str | None
    status: int | None = None
    body: bytes | None = None
    content_type: str | None = None
    retry_after: str | None = None
    delay: float = 0.0
    drop: bool = False
    after_processing: bool = False

    def __attrs_post_init__(self) -> None:
        if self.times < 1:
            raise ValueError("times must be >= 1")
        if self.operation is not None and self.operation not in _OPERATION_IDS:
            raise ValueError(f"unknown operation {self.operation!r}; one of {sorted(_OPERATION_IDS)}")


class FaultQueue:
    """Faults in the order they were asked for; not thread-safe (the fake holds its lock)."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        self._faults.append(fault)

    def clear(self) -> None:
        self._faults.clear()

    def take(self, operation: str | None) -> Fault | None:
        """The first fault for ``operation`` (or for any), used up once."""
        for fault in self._faults:
            if fault.operation is None or fault.operation == operation:
                fault.times -= 1
                if fault.times == 0:
                    self._faults.remove(fault)
                return fault
        return None
