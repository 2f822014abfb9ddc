# Hand-written: edit overrides/splx_probe_client/_progress.py, not this copy (installed by `make generate`).
"""Show a test run's progress: a live bar on a terminal, one plain line per change elsewhere (CI logs).

Used by the CLI and the quickstart example as the ``on_progress`` callback of the polling helpers.
"""

from __future__ import annotations

import sys
from typing import TextIO

from .models.scan_run_execution_dto import ScanRunExecutionDto
from .types import Unset

_BAR_WIDTH = 30


def _count(value: int | Unset) -> int:
    return 0 if isinstance(value, Unset) else value


def percent(run: ScanRunExecutionDto) -> float:
    """The run's progress in percent (0-100).

    Taken from the counts when the run has a total (exact), else from ``progress``, read as a percentage.
    """
    total = _count(run.total_count)
    if total > 0:
        done = _count(run.passed_count) + _count(run.failed_count) + _count(run.error_count)
        return min(100.0, 100.0 * done / total)
    return 0.0 if isinstance(run.progress, Unset) else max(0.0, min(100.0, float(run.progress)))


def describe(run: ScanRunExecutionDto) -> str:
    """One line: status, progress and the counts, e.g. ``RUNNING 45% passed 9 failed 2 errors 0 of 20``."""
    return (
        f"{run.status or 'UNKNOWN'} {percent(run):.0f}% passed {_count(run.passed_count)} "
        f"failed {_count(run.failed_count)} errors {_count(run.error_count)} of {_count(run.total_count)}"
    )


class ProgressPrinter:
    """``on_progress`` callback writing to ``stream`` (stderr by default).

    On a terminal the line is redrawn in place as a bar; otherwise each change is a line of its own.
    Call ``close()`` when the wait is over to end the bar's line.
    """

    def __init__(self, stream: TextIO | None = None, *, live: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self._drawn = False

    def __call__(self, run: ScanRunExecutionDto) -> None:
        if self.live:
            filled = round(percent(run) / 100 * _BAR_WIDTH)
            bar = "#" * filled + "." * (_BAR_WIDTH - filled)
            self.stream.write(f"\r[{bar}] {describe(run)}\x1b[K")
            self._drawn = True
        else:
            self.stream.write(f"test run {run.id}: {describe(run)}\n")
        self.stream.flush()

    def close(self) -> None:
        """End the live line, if one was drawn."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
