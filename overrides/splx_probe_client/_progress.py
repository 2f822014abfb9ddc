# Hand-written: edit overrides/splx_probe_client/_progress.py, not this copy (installed by `make generate`).
"""Show a test run's progress: a live bar on a terminal, one plain line per change elsewhere (CI logs).

Used by the CLI and the examples as the ``on_progress`` callback of the polling helpers.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

from ._render import ABSENT, shown
from .models.scan_run_execution_dto import ScanRunExecutionDto

__all__ = ["ProgressPrinter", "describe", "format_elapsed", "percent"]

_BAR_MAX = 30
_BAR_MIN = 10
_DEFAULT_COLUMNS = 80


def _count(value: object) -> int:
    """A count that is an integer (not a bool, not a string), else 0: for the progress only, never the gate."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _known_percent(run: ScanRunExecutionDto) -> float | None:
    total = _count(run.total_count)
    if total > 0:
        done = _count(run.passed_count) + _count(run.failed_count) + _count(run.error_count)
        return max(0.0, min(100.0, 100.0 * done / total))
    progress: object = run.progress
    if isinstance(progress, int | float) and not isinstance(progress, bool) and math.isfinite(progress):
        return max(0.0, min(100.0, float(progress)))
    return None


def percent(run: ScanRunExecutionDto) -> float:
    """The run's progress in percent (0-100); 0 when the run says nothing usable about it.

    Taken from the counts when the run has a total (exact), else from ``progress``, read as a percentage.
    """
    known = _known_percent(run)
    return 0.0 if known is None else known


def describe(run: ScanRunExecutionDto) -> str:
    """One line: status, progress and the counts, e.g. ``RUNNING 45% passed 9 failed 2 errors 0 of 20``.

    A field the run leaves out (or a progress it does not tell) shows as ``—``; text from the API is escaped.
    """
    known = _known_percent(run)
    progress = ABSENT if known is None else f"{known:.0f}"
    return (
        f"{shown(run.status)} {progress}% passed {shown(run.passed_count)} "
        f"failed {shown(run.failed_count)} errors {shown(run.error_count)} of {shown(run.total_count)}"
    )


def format_elapsed(seconds: float) -> str:
    """``seconds`` as a short duration: ``42s``, ``3m05s``, ``2h01m``."""
    whole = max(0, int(seconds))
    if whole < 60:
        return f"{whole}s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def _columns(stream: TextIO) -> int:
    """The width of the terminal ``stream`` writes to (``COLUMNS`` wins, as with ``shutil``), else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(stream.fileno()).columns or _DEFAULT_COLUMNS
    except (AttributeError, ValueError, OSError):  # no fileno (StringIO), closed, or not a terminal
        return _DEFAULT_COLUMNS


class ProgressPrinter:
    """``on_progress`` callback showing a test run's progress on ``stream`` (stderr by default).

    On a terminal the line is redrawn in place as a bar cut to the terminal's width; otherwise (a CI log)
    each change of the shown values is a line of its own, with the time since the printer was made:

        test run 17: RUNNING 45% passed 9 failed 2 errors 0 of 20 (after 3m05s)

    A call that would show the same values as the previous one prints nothing. Call ``close()`` when the
    wait is over to end the bar's line.

    >>> run = await wait_for_test_run(client, ..., on_progress=ProgressPrinter())
    """

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        live: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.live = _isatty(self.stream) if live is None else live
        self._clock = clock
        self._started = clock()
        self._shown: str | None = None
        self._drawn = False
        self.last_run: ScanRunExecutionDto | None = None
        """The last run passed to the printer, shown or not."""

    @staticmethod
    def describe(run: ScanRunExecutionDto) -> str:
        """The run in one line, as the printer shows it: ``RUNNING 45% passed 9 failed 2 errors 0 of 20``."""
        return describe(run)

    @staticmethod
    def shown(value: object) -> str:
        """Any model field as the printer shows it: ``—`` when absent or null, control characters escaped.

        For output of your own that should survive the API making a field optional (``Unset`` is never shown).
        """
        return shown(value)

    def __call__(self, run: ScanRunExecutionDto) -> None:
        self.last_run = run
        text = f"test run {shown(run.id)}: {describe(run)}"
        if text == self._shown:  # e.g. progress 45.1% -> 45.3%: the same line again tells nobody anything
            return
        self._shown = text
        elapsed = format_elapsed(self._clock() - self._started)
        if self.live:
            self.stream.write("\r" + _fit(run, elapsed, _columns(self.stream)) + "\x1b[K")
            self._drawn = True
        else:
            self.stream.write(f"{text} (after {elapsed})\n")
        self.stream.flush()

    def close(self) -> None:
        """End the live line, if one was drawn; the printer can be used again afterwards."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def _fit(run: ScanRunExecutionDto, elapsed: str, columns: int) -> str:
    """The bar line within ``columns - 1`` characters: a full last column would wrap on some terminals."""
    room = max(1, columns - 1)
    text = f"{describe(run)} {elapsed}"
    bar_width = min(_BAR_MAX, room - len(text) - 3)  # "[" + bar + "] "
    if bar_width < _BAR_MIN:  # too narrow for a useful bar: the words matter more
        return text[:room]
    filled = round(percent(run) / 100 * bar_width)
    return f"[{'#' * filled}{'.' * (bar_width - filled)}] {text}"


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed stream, or a file-like object without isatty
        return False
