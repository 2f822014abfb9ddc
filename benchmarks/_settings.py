"""How big each benchmark runs: the issue's sizes, or tiny ones so a test can run them all in seconds."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """Sizes and round counts of one benchmark run."""

    rounds: int = 5
    """A/B rounds of the in-process comparisons (request, concurrency, parsing)."""
    requests: int = 2_000
    """Calls per sample in the request-overhead and concurrency rows."""
    in_flight: int = 100
    """Concurrent calls in the concurrency row."""
    runs: int = 5_000
    """Test runs in the listTargetTestRuns body that the parsing row decodes."""
    import_rounds: int = 15
    """Interpreter launches per side in the import row."""
    poll_targets: int = 4
    poll_waiters: int = 100
    poll_interval: float = 0.2
    """Seconds between polls in the fan-out row."""
    poll_ticks: int = 5
    """Poll intervals observed before the runs are marked finished."""
    poll_quiet_ticks: int = 14
    """The same, for runs that show no change: long enough for the back-off to reach its cap."""
    peer_calls: int = 2_000
    """Calls per sample on each of the four sides of the openai-python comparison."""

    def describe(self) -> str:
        """One line for ``RESULTS.md``."""
        return (
            f"{self.rounds} rounds; {self.requests} requests, {self.in_flight} in flight; "
            f"{self.runs} runs parsed; {self.import_rounds} interpreter launches per side; "
            f"{self.poll_waiters} waiters on {self.poll_targets} targets, poll interval {self.poll_interval} s; "
            f"{self.peer_calls} calls per side vs openai-python"
        )


FULL = Settings()
QUICK = Settings(
    rounds=1,
    requests=20,
    in_flight=5,
    runs=50,
    import_rounds=1,
    poll_targets=2,
    poll_waiters=6,
    poll_interval=0.1,
    poll_ticks=2,
    poll_quiet_ticks=3,
    peer_calls=20,
)
