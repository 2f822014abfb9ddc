# Hand-written: edit overrides/splx_probe_client/_signals.py, not this copy (installed by `make generate`).
"""SIGINT (Ctrl-C) and SIGTERM (how GitHub Actions and GitLab cancel a job) while ``splx-probe`` runs.

A signal does not kill the command: it is recorded and the step in progress is cancelled, if that step may
be interrupted, so the command can still say which run it leaves behind, cancel it if asked, and write its
reports. A step that must not be cut short (the trigger: its answer carries the run's id) is interrupted
only by a second signal.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

_T = TypeVar("_T")

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(Exception):
    """A step was stopped by ``signal``."""

    def __init__(self, signum: signal.Signals) -> None:
        super().__init__(f"interrupted by {signum.name}")
        self.signal = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal's number, as a shell reports a process ended by it: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + int(self.signal)


class Interrupts:
    """Record SIGINT and SIGTERM on the running event loop and cancel the interruptible steps.

    Use as ``with Interrupts() as interrupts:`` inside a coroutine. Where signal handlers cannot be set (not
    the main thread, or Windows' event loop), nothing is installed and Ctrl-C raises ``KeyboardInterrupt``.
    """

    def __init__(self) -> None:
        self.received: signal.Signals | None = None
        """The first signal received."""
        self.count = 0
        self._steps: list[tuple[asyncio.Future[Any], int]] = []
        self._previous: dict[signal.Signals, Any] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def __enter__(self) -> Interrupts:
        loop = asyncio.get_running_loop()
        for signum in SIGNALS:
            previous = signal.getsignal(signum)
            try:
                loop.add_signal_handler(signum, self._on_signal, signum)
            except (NotImplementedError, RuntimeError, ValueError):  # no handlers here: default behaviour
                continue
            self._previous[signum] = previous
        self._loop = loop
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._loop is not None
        for signum, previous in self._previous.items():
            self._loop.remove_signal_handler(signum)
            # remove_signal_handler resets to Python's default; give back whatever was there before.
            signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
        self._previous.clear()

    def simulate(self, signum: signal.Signals) -> None:
        """Act as if ``signum`` had been received (tests, and platforms without loop signal handlers)."""
        self._on_signal(signum)

    def _on_signal(self, signum: signal.Signals) -> None:
        self.count += 1
        if self.received is None:
            self.received = signum
        for step, tolerated in self._steps:
            if self.count > tolerated:
                step.cancel()

    def check(self, tolerated: int = 0) -> None:
        """Raise ``Interrupted`` if more than ``tolerated`` signals have been received."""
        if self.received is not None and self.count > tolerated:
            raise Interrupted(self.received)

    async def step(self, work: Callable[[], Awaitable[_T]], *, tolerated: int = 0) -> _T:
        """``await work()``, cancelled by a signal beyond the first ``tolerated`` ones (``Interrupted`` raised)."""
        self.check(tolerated)
        future = asyncio.ensure_future(work())
        entry = (future, tolerated)
        self._steps.append(entry)
        try:
            return await future
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if self.received is not None and self.count > tolerated and not (task and task.cancelling()):
                raise Interrupted(self.received) from None
            raise
        finally:
            self._steps.remove(entry)
