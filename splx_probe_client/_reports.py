# Hand-written: edit overrides/splx_probe_client/_reports.py, not this copy (installed by `make generate`).
"""The outcome of ``splx-probe run --wait`` and the report files written for it, whatever the outcome.

Every report path is checked writable before anything is sent (an hour-long wait must not end in "cannot
write the report"); after that, every outcome -- pass, gate failure, refused trigger, API error, timeout,
interrupt -- writes the JUnit report, the JSON report and, on GitHub, the job summary.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from ._gate import Check
from ._output import Output, dump_json

if TYPE_CHECKING:
    from .models.scan_run_execution_dto import ScanRunExecutionDto
    from .models.scan_score_overview_dto import ScanScoreOverviewDto

OUTCOMES = ("passed", "gate_failed", "usage_error", "api_error", "timeout", "interrupted")
"""Values of the JSON report's ``outcome``, one per exit code family (see ``splx-probe run --help``)."""


@dataclass
class RunReport:
    """What happened to one ``run --wait``: filled in as the command goes, written at its end."""

    workspace_id: int
    target_id: int
    started_at: datetime.datetime
    """When the command started (UTC)."""
    outcome: str = "api_error"
    exit_code: int = 3
    message: str = ""
    """What happened, in one sentence (the gate's verdict, or the error)."""
    test_run_id: int | None = None
    test_run_url: str | None = None
    run: ScanRunExecutionDto | None = None
    """The last state of the run seen, if any."""
    scores: ScanScoreOverviewDto | None = None
    checks: list[Check] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"

    def to_json(self) -> dict[str, Any]:
        """The JSON report: the outcome, the run and scores as the API sent them, and the gate's checks."""
        return {
            "outcome": self.outcome,
            "exitCode": self.exit_code,
            "message": self.message,
            "workspaceId": self.workspace_id,
            "targetId": self.target_id,
            "testRunId": self.test_run_id,
            "testRunUrl": self.test_run_url,
            "startedAt": self.started_at.isoformat(),
            "elapsedSeconds": round(self.elapsed, 3),
            "testRun": None if self.run is None else self.run.to_dict(),
            "scores": None if self.scores is None else self.scores.to_dict(),
            "gate": {"passed": self.passed, "checks": [asdict(check) for check in self.checks]},
        }


@dataclass(frozen=True)
class ReportPaths:
    """Where the reports go: ``--junit``, ``--json`` (``-`` is standard output) and the GitHub job summary."""

    junit: str | None = None
    json: str | None = None
    summary: str | None = None

    @classmethod
    def from_options(cls, junit: str | None, json: str | None, environ: Mapping[str, str]) -> ReportPaths:
        return cls(junit=junit or None, json=json or None, summary=environ.get("GITHUB_STEP_SUMMARY") or None)

    def labelled(self) -> list[tuple[str, str]]:
        """The paths given, each with the option or variable it came from."""
        pairs = [("--junit", self.junit), ("--json", self.json), ("GITHUB_STEP_SUMMARY", self.summary)]
        return [(label, path) for label, path in pairs if path is not None and path != "-"]

    def check(self) -> None:
        """Raise ``ValueError`` naming the option when a report could not be written; nothing else changes."""
        if self.junit == "-":
            raise ValueError("--junit needs a file name ('-' is only for --json)")
        if self.summary == "-":
            raise ValueError("GITHUB_STEP_SUMMARY must be a file name, not '-'")
        seen: dict[str, str] = {}
        for label, path in self.labelled():
            real = os.path.realpath(path)
            if real in seen:
                raise ValueError(f"{label} and {seen[real]} name the same file {path!r}: give each its own")
            seen[real] = label
            problem = _unwritable(path)
            if problem:
                raise ValueError(f"{label} {path}: {problem}")

    def write(self, report: RunReport, output: Output) -> bool:
        """Write every report; one that fails is reported on stderr, the others are still written.

        Returns whether all were written.
        """
        from ._junit import junit_report, write_junit
        from ._summary import markdown_summary

        written = True
        if self.junit is not None:
            written &= _attempt(output, "--junit", self.junit, lambda path: write_junit(path, junit_report(report)))
        if self.json == "-":
            output.json_document(report.to_json())
        elif self.json is not None:
            text = dump_json(report.to_json())
            written &= _attempt(output, "--json", self.json, lambda path: _write_text(path, text))
        if self.summary is not None:
            summary = markdown_summary(report)  # appended: the file is shared by every step of the job
            written &= _attempt(output, "GITHUB_STEP_SUMMARY", self.summary, lambda p: _write_text(p, summary, "a"))
        return written


def _unwritable(path: str) -> str:
    """Why ``path`` cannot be written, or ``""``. Probes the file system rather than guessing from modes."""
    if os.path.isdir(path):
        return "is a directory"
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        return f"directory {directory} does not exist"
    existed = os.path.exists(path)
    try:
        # "a" neither truncates an existing file nor changes its contents; a new one is removed again.
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        return f"cannot be written ({exc.strerror or exc})"
    if not existed:
        os.unlink(path)
    return ""


def _write_text(path: str, text: str, mode: str = "w") -> None:
    with open(path, mode, encoding="utf-8") as file:
        file.write(text)


def _attempt(output: Output, label: str, path: str, write: Callable[[str], None]) -> bool:
    try:
        write(path)
    except OSError as exc:  # checked at the start, so only a change since (disk full, directory removed)
        output.warn(f"error: could not write {label} {path}: {exc.strerror or exc}")
        return False
    return True
