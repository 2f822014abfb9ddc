# Hand-written: edit overrides/splx_probe_client/_junit.py, not this copy (installed by `make generate`).
"""Write a test run's gate as a JUnit XML report, the format CI systems (GitLab, Jenkins, GitHub) display.

One ``<testsuite>`` per run, one ``<testcase>`` per gate check. The API reports counts per run, not per probe,
so a probe cannot be a test case of its own: the run's counts go in the suite's ``<properties>`` and in the
text of every failure.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ._gate import Check, risk_band
from ._progress import describe
from .models.scan_run_execution_dto import ScanRunExecutionDto
from .models.scan_score_overview_dto import ScanScoreOverviewDto
from .types import Unset


def _count(value: int | Unset) -> int:
    return 0 if isinstance(value, Unset) else value


def junit_report(
    run: ScanRunExecutionDto | None,
    checks: Sequence[Check],
    *,
    scores: ScanScoreOverviewDto | None = None,
    elapsed: float = 0.0,
    suite_name: str = "splx-probe",
) -> ET.ElementTree[ET.Element]:
    """The report as an element tree: ``<testsuites>`` holding one ``<testsuite>`` of ``checks``.

    ``run`` may be ``None`` when the run never appeared (a timeout right after the trigger).
    """
    failures = sum(1 for check in checks if not check.passed and not check.error)
    errors = sum(1 for check in checks if not check.passed and check.error)
    counts = describe(run) if run is not None else "test run not seen"
    name = suite_name if run is None else f"{suite_name}: test run {run.id}" + (f" ({run.name})" if run.name else "")
    totals = {"tests": str(len(checks)), "failures": str(failures), "errors": str(errors), "time": f"{elapsed:.3f}"}
    root = ET.Element("testsuites", {"name": suite_name, **totals})
    suite = ET.SubElement(root, "testsuite", {"name": name, "skipped": "0", **totals})
    properties = ET.SubElement(suite, "properties")
    for key, value in _properties(run, scores):
        ET.SubElement(properties, "property", {"name": key, "value": value})
    classname = suite_name if run is None else f"{suite_name}.test-run-{run.id}"
    for check in checks:
        case = ET.SubElement(suite, "testcase", {"classname": classname, "name": check.name, "time": "0"})
        if not check.passed:
            tag, kind = ("error", "error") if check.error else ("failure", "gate")
            outcome = ET.SubElement(case, tag, {"message": check.detail, "type": kind})
            outcome.text = f"{check.detail}\n{counts}"
    ET.SubElement(suite, "system-out").text = counts
    ET.indent(root)
    return ET.ElementTree(root)


def _properties(run: ScanRunExecutionDto | None, scores: ScanScoreOverviewDto | None) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    if run is not None:
        pairs += [
            ("testRunId", str(run.id)),
            ("status", run.status or "UNKNOWN"),
            ("passedCount", str(_count(run.passed_count))),
            ("failedCount", str(_count(run.failed_count))),
            ("errorCount", str(_count(run.error_count))),
            ("totalCount", str(_count(run.total_count))),
        ]
        if run.probes:
            pairs.append(("probes", ", ".join(run.probes)))
    if scores is not None:
        pairs += [
            ("overallScore", f"{scores.overall_score:g}"),
            ("riskBand", risk_band(scores.overall_score)),
            ("simulatedAttacks", str(scores.simulated_attacks)),
            ("successfulAttacks", str(scores.successful_attacks)),
        ]
    return pairs


def write_junit(path: str | os.PathLike[str], report: ET.ElementTree[ET.Element]) -> None:
    """Write ``report`` to ``path`` as UTF-8 with an XML declaration."""
    report.write(path, encoding="utf-8", xml_declaration=True)
