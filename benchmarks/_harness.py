"""Side-by-side timing: interleaved A/B rounds, paired ratios, medians.

Both sides of a comparison run in the same process, alternately, so drift on a noisy machine (turbo,
other jobs, GC) lands on both. The ratio reported is the median of the per-round ratios A/B: pairing
rounds cancels slow phases that a ratio of two independent medians would not.
"""

from __future__ import annotations

import contextlib
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Paired:
    """Timings of one A/B comparison, in seconds per sample: wall clock, and this process's CPU time."""

    a: tuple[float, ...]
    b: tuple[float, ...]
    a_cpu: tuple[float, ...]
    b_cpu: tuple[float, ...]

    @property
    def median_a(self) -> float:
        """Median time of side A."""
        return statistics.median(self.a)

    @property
    def median_b(self) -> float:
        """Median time of side B."""
        return statistics.median(self.b)

    @property
    def ratio(self) -> float:
        """Median of the per-round ratios A/B (above 1: A is slower)."""
        return statistics.median(a / b for a, b in zip(self.a, self.b, strict=True))

    @property
    def cpu_ratio(self) -> float:
        """Median of the per-round ratios of CPU time spent in this process (the client's own cost)."""
        return statistics.median(a / b for a, b in zip(self.a_cpu, self.b_cpu, strict=True))


def _order(round_index: int) -> tuple[int, int]:
    # Alternate who goes first, so a warm-up or cache effect that favours the second runner is shared.
    return (0, 1) if round_index % 2 == 0 else (1, 0)


class _Recorder:
    def __init__(self) -> None:
        self._wall: tuple[list[float], list[float]] = ([], [])
        self._cpu: tuple[list[float], list[float]] = ([], [])

    @contextlib.contextmanager
    def __call__(self, side: int) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self._cpu[side].append(time.process_time() - cpu)
        self._wall[side].append(time.perf_counter() - wall)

    def paired(self) -> Paired:
        return Paired(tuple(self._wall[0]), tuple(self._wall[1]), tuple(self._cpu[0]), tuple(self._cpu[1]))


def paired_rounds(a: Callable[[], object], b: Callable[[], object], rounds: int) -> Paired:
    """Time ``a`` and ``b`` alternately for ``rounds`` rounds (one sample of each per round)."""
    sides = (a, b)
    record = _Recorder()
    for index in range(rounds):
        for side in _order(index):
            with record(side):
                sides[side]()
    return record.paired()


async def paired_rounds_async(
    a: Callable[[], Awaitable[object]], b: Callable[[], Awaitable[object]], rounds: int
) -> Paired:
    """Like :func:`paired_rounds` for coroutine functions, awaited on the running event loop."""
    sides = (a, b)
    record = _Recorder()
    for index in range(rounds):
        for side in _order(index):
            with record(side):
                await sides[side]()
    return record.paired()


def format_seconds(seconds: float) -> str:
    """A duration with a unit a reader does not have to convert (``812 µs``, ``41.3 ms``, ``1.20 s``)."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"
