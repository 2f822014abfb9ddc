"""ProgressPrinter: a line per change of the shown values with the elapsed time; a bar cut to the terminal."""

from __future__ import annotations

import io

import pytest

import splx_probe_client
from splx_probe_client._progress import ProgressPrinter, _fit, format_elapsed
from splx_probe_client.models.scan_run_execution_dto import ScanRunExecutionDto


def make_run(
    status: str = "RUNNING", passed: int = 0, total: int = 20, progress: float | None = None
) -> ScanRunExecutionDto:
    run = ScanRunExecutionDto(
        id=17,
        name="nightly",
        probes=["Jailbreak"],
        started_by=None,
        status=status,
        passed_count=passed,
        failed_count=0,
        error_count=0,
        total_count=total,
    )
    if progress is not None:
        run.progress = progress
    return run


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_printer_is_public() -> None:
    assert splx_probe_client.ProgressPrinter is ProgressPrinter
    assert ProgressPrinter.describe(make_run(passed=5)) == "RUNNING 25% passed 5 failed 0 errors 0 of 20"


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "0s"), (59.9, "59s"), (60, "1m00s"), (185, "3m05s"), (3600, "1h00m"), (7265, "2h01m")]
)
def test_elapsed_time_is_short(seconds: float, shown: str) -> None:
    assert format_elapsed(seconds) == shown


def test_a_log_gets_one_line_per_change_with_the_elapsed_time() -> None:
    stream, clock = io.StringIO(), FakeClock()
    printer = ProgressPrinter(stream, live=False, clock=clock)
    printer(make_run(passed=0))
    clock.now += 65
    printer(make_run(passed=0))  # nothing shown changed
    printer(make_run(passed=0, total=0, progress=0.2))  # a change below what is shown
    printer(make_run(passed=9))
    clock.now += 3600
    printer(make_run(status="COMPLETED", passed=20))
    printer.close()
    assert stream.getvalue().splitlines() == [
        "test run 17: RUNNING 0% passed 0 failed 0 errors 0 of 20 (after 0s)",
        "test run 17: RUNNING 0% passed 0 failed 0 errors 0 of 0 (after 1m05s)",
        "test run 17: RUNNING 45% passed 9 failed 0 errors 0 of 20 (after 1m05s)",
        "test run 17: COMPLETED 100% passed 20 failed 0 errors 0 of 20 (after 1h01m)",
    ]
    assert printer.last_run is not None
    assert printer.last_run.status == "COMPLETED"


def test_a_terminal_gets_one_redrawn_line_ended_by_close() -> None:
    stream = io.StringIO()
    printer = ProgressPrinter(stream, live=True, clock=FakeClock())
    printer(make_run(passed=5))
    printer(make_run(passed=5))
    printer(make_run(passed=10))
    printer.close()
    printer.close()  # a second close adds nothing
    text = stream.getvalue()
    assert text.count("\r") == 2
    assert text.endswith("\x1b[K\n")
    assert "] RUNNING 50% passed 10" in text


@pytest.mark.parametrize("columns", [200, 100, 72, 60, 40, 12, 1])
def test_the_bar_line_fits_the_terminal(columns: int) -> None:
    line = _fit(make_run(passed=10), "3m05s", columns)
    assert 0 < len(line) < max(columns, 2)
    text = "RUNNING 50% passed 10 failed 0 errors 0 of 20 3m05s"
    if columns >= len(text) + 3 + 10 + 1:
        bar = line.split("] ")[0][1:]
        assert len(bar) == min(30, columns - 1 - len(text) - 3)
        assert bar.count("#") == len(bar) // 2
        assert line.endswith(text)
    else:
        assert line == text[: columns - 1] or line == text[:1]


def test_columns_come_from_the_environment_first(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setenv("COLUMNS", "70")
    printer = ProgressPrinter(stream, live=True, clock=FakeClock())
    printer(make_run(passed=10))
    drawn = stream.getvalue().split("\r")[1].split("\x1b[K")[0]
    assert len(drawn) == 69  # a bar of 18 fills what the words leave


def test_a_stream_without_isatty_is_not_live() -> None:
    class Sink:
        def write(self, text: str) -> int:
            return len(text)

        def flush(self) -> None:
            pass

    assert ProgressPrinter(Sink(), clock=FakeClock()).live is False  # type: ignore[arg-type]
