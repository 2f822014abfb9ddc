# Hand-written: edit overrides/splx_probe_client/_reports.py, not this copy (installed by `make generate`).
"""The outcome of ``splx-probe run --wait`` and the report files written for it, whatever the outcome.

Every report path is checked writable before anything is sent (an hour-long wait must not end in "cannot
write the report"). Every outcome -- pass, gate failure, refused trigger, API error, timeout, interrupt,
and a usage error too, in the reports whose paths are fine -- writes the JUnit report, the JSON report and,
on GitHub, the job summary.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal, get_args

from ._gate import Check
from ._output import Output
from .ids import TargetId, TestRunId, WorkspaceId

if TYPE_CHECKING:
    from .models.scan_run_execution_dto import ScanRunExecutionDto
    from .models.scan_score_overview_dto import ScanScoreOverviewDto

Outcome = Literal["passed", "gate_failed", "usage_error", "api_error", "timeout", "interrupted", "internal_error"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
"""Values of a JSON document's ``outcome``, one per exit code family (listed by ``splx-probe run --help``)."""


def outcome_document(outcome: Outcome, exit_code: int, message: str) -> dict[str, Any]:
    """What every JSON document of the command says first: the outcome, the exit code and why, in a sentence.

    It is the whole document of a ``status`` or ``scores`` that failed, so a consumer of ``--json -`` always
    has one document to read, with ``outcome`` telling a result from an error.
    """
    return {"outcome": outcome, "exitCode": exit_code, "message": message}


@dataclass
class RunReport:
    """What happened to one ``run --wait``: filled in as the command goes, written at its end."""

    started_at: datetime.datetime
    """When the command started (UTC)."""
    workspace_id: WorkspaceId | None = None
    """``None`` only when a usage error came before the option was read."""
    target_id: TargetId | None = None
    outcome: Outcome = "api_error"
    exit_code: int = 3
    message: str = ""
    """What happened, in one sentence (the gate's verdict, or the error)."""
    test_run_id: TestRunId | None = None
    test_run_url: str | None = None
    run: ScanRunExecutionDto | None = None
    """The last state of the run seen, if any."""
    scores: ScanScoreOverviewDto | None = None
    checks: list[Check] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"

    def record_error(self, outcome: Outcome, exit_code: int, step: str, message: str) -> None:
        """End the report with an error that is not a verdict: an ``<error>`` check for the ``step`` under way."""
        self.outcome, self.exit_code, self.message = outcome, exit_code, message
        self.checks = [Check(step, False, message, error=True)]

    def to_json(self) -> dict[str, Any]:
        """The JSON report: the outcome, the run and scores as the API sent them, and the gate's checks."""
        return {
            **outcome_document(self.outcome, self.exit_code, self.message),
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

    def _files(self) -> list[tuple[str, str, str]]:
        """The file paths given: ``(field, the option or variable it came from, path)``."""
        triples = [("junit", "--junit", self.junit), ("json", "--json", self.json)]
        triples.append(("summary", "GITHUB_STEP_SUMMARY", self.summary))
        return [(name, label, path) for name, label, path in triples if path is not None and path != "-"]

    def check(self) -> None:
        """Raise ``ValueError`` naming the option when a report could not be written; nothing else changes."""
        for _, problem in self._problems():
            raise ValueError(problem)

    def usable(self) -> ReportPaths:
        """These paths without the ones ``check`` objects to: where a usage error can still be reported."""
        return dataclasses.replace(self, **{name: None for name, _ in self._problems()})

    def _problems(self) -> Iterator[tuple[str, str]]:
        """Each path that could not be written (the field's name) and why, naming the option."""
        if self.junit == "-":
            yield "junit", "--junit needs a file name ('-' is only for --json)"
        if self.summary == "-":
            yield "summary", "GITHUB_STEP_SUMMARY must be a file name, not '-'"
        seen: dict[str, str] = {}
        for name, label, path in self._files():
            real = os.path.realpath(path)
            if real in seen:
                yield name, f"{label} and {seen[real]} name the same file {path!r}: give each its own"
                continue
            seen[real] = label
            problem = _unwritable(path)
            if problem:
                yield name, f"{label} {path}: {problem}"

    def write(self, report: RunReport, output: Output) -> bool:
        """Write every report; one that fails is reported on stderr, the others are still written.

        Returns whether all were written.
        """
        from ._junit import junit_report, write_junit
        from ._summary import markdown_summary

        written = True
        if self.junit is not None:
            written &= _attempt(output, "--junit", self.junit, lambda path: write_junit(path, junit_report(report)))
        if self.json is not None:
            document = report.to_json()
            written &= _attempt(output, "--json", self.json, lambda _: output.document(document))
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
    # The text is escaped already; backslashreplace keeps a character UTF-8 cannot take from failing the write.
    with open(path, mode, encoding="utf-8", errors="backslashreplace") as file:
        file.write(text)


def _attempt(output: Output, label: str, path: str, write: Callable[[str], None]) -> bool:
    try:
        write(path)
    except OSError as exc:  # checked at the start, so only a change since (disk full, directory removed)
        output.warn(f"error: could not write {label} {path}: {exc.strerror or exc}")
        return False
    return True
