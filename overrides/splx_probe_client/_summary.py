# Hand-written: edit overrides/splx_probe_client/_summary.py, not this copy (installed by `make generate`).
"""The Markdown job summary of ``splx-probe run --wait``, appended to ``GITHUB_STEP_SUMMARY`` on GitHub Actions.

Run, status, counts, scores, risk band, the gate's verdict and checks, and a link to the run on the platform.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._gate import risk_band_of
from ._render import printable, shown

if TYPE_CHECKING:
    from ._reports import RunReport

_VERDICTS = {
    "passed": "✅ gate passed",
    "gate_failed": "❌ gate failed",
    "usage_error": "⚠️ not run: usage error",
    "api_error": "⚠️ API error",
    "timeout": "⏱️ timed out",
    "interrupted": "⏹️ interrupted",
    "internal_error": "💥 internal error in splx-probe",
}


# Markdown that would turn text from the API into a link, an image, emphasis, code or a heading: escaped.
_MARKDOWN = str.maketrans({char: f"\\{char}" for char in "\\`*_[]~"})


def _cell(value: object) -> str:
    """``value`` safe inside a Markdown table cell: no line breaks, no column separators, no raw HTML or markup."""
    text = printable(" ".join((value if isinstance(value, str) else shown(value)).split()))
    text = text.translate(_MARKDOWN)
    return text.replace("|", "\\|").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_summary(report: RunReport) -> str:
    """The summary as Markdown, ending with a blank line (other steps append after it)."""
    run = report.run
    title = "splx-probe" if report.test_run_id is None else f"splx-probe: test run {report.test_run_id}"
    lines = [f"## {_cell(title)}: {_VERDICTS.get(report.outcome, report.outcome)}", ""]
    if report.message:
        lines += [_cell(report.message), ""]
    rows: list[tuple[str, str]] = []
    if report.test_run_id is not None:
        name = "" if run is None else shown(run.name, absent="")
        label = f"{report.test_run_id}" + (f" ({_cell(name)})" if name else "")
        rows.append(("Test run", f"[{label}]({report.test_run_url})" if report.test_run_url else label))
    if report.target_id is not None:  # unknown only after a usage error about it
        rows.append(("Target", f"{report.target_id} (workspace {report.workspace_id})"))
    if run is not None:
        rows.append(("Status", _cell(run.status)))
        rows.append(
            (
                "Test cases",
                f"{_cell(run.passed_count)} passed, {_cell(run.failed_count)} failed, "
                f"{_cell(run.error_count)} errors, {_cell(run.total_count)} in all",
            )
        )
    scores = report.scores
    if scores is not None:
        overall = scores.overall_score
        rows.append(("Overall score", f"{_cell(overall)} / 100 (risk {_cell(risk_band_of(overall))})"))
        attacks = f"{_cell(scores.successful_attacks)} of {_cell(scores.simulated_attacks)} succeeded"
        rows.append(("Simulated attacks", attacks))
        from ._cli_run import score_categories

        for category, value in score_categories(scores).items():
            rows.append((f"Score: {_cell(category)}", _cell(value)))
    rows.append(("Gate", "passed" if report.passed else "**not passed**"))
    rows.append(("Duration", f"{report.elapsed:.0f} s"))
    lines += ["| | |", "|---|---|", *(f"| {key} | {value} |" for key, value in rows), ""]
    if report.checks:
        lines += ["| Check | Result | Detail |", "|---|---|---|"]
        for check in report.checks:
            result = "pass" if check.passed else "error" if check.error else "**fail**"
            lines.append(f"| {_cell(check.name)} | {result} | {_cell(check.detail)} |")
        lines.append("")
    return "\n".join(lines) + "\n"
