# Hand-written: edit overrides/splx_probe_client/_junit.py, not this copy (installed by `make generate`).
"""Write the outcome of ``splx-probe run --wait`` as a JUnit XML report, the format CI test tabs display.

One ``<testsuite>`` per run, one ``<testcase>`` per gate check; an outcome that is not a verdict (refused
trigger, API error, timeout, interrupt) is an ``<error>`` case saying what happened. The API reports counts
per run, not per probe, so a probe cannot be a test case of its own: the run's counts go in the suite's
``<properties>`` and in the text of every failure.

The document keeps to the strictest common JUnit schema (Apache Ant's, as published by Windy Road), which
the lenient readers (Jenkins, GitLab, GitHub reporters) all accept: no attributes on ``<testsuites>``; each
``<testsuite>`` with ``name``, ``package``, ``id``, ``timestamp`` (UTC, without a zone), ``hostname``,
``tests``, ``failures``, ``errors`` and ``time``, then ``properties``, the cases, ``system-out`` and
``system-err`` in that order; each ``<testcase>`` with ``name``, ``classname`` and ``time``.
"""

from __future__ import annotations

import datetime
import os
import re
import socket
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from ._gate import risk_band_of
from ._progress import describe
from ._render import shown

if TYPE_CHECKING:
    from ._reports import RunReport

SUITE = "splx-probe"

# XML 1.0 cannot carry most control characters, even escaped, nor a lone surrogate (written as a character
# reference, it is still not a character); a run name from the API might contain either.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("?", value)


def _token(value: str, fallback: str) -> str:
    """``value`` as an ``xs:token`` of at least one character: single spaces, no control characters."""
    return " ".join(_text(value).split()) or fallback


def _hostname() -> str:
    return _token(socket.gethostname(), "localhost")


def junit_report(report: RunReport, *, hostname: str | None = None) -> ET.ElementTree[ET.Element]:
    """The report as an element tree: ``<testsuites>`` holding one ``<testsuite>`` of the gate's checks."""
    from ._gate import Check

    checks = report.checks or [Check("splx-probe run", False, report.message or report.outcome, error=True)]
    failures = sum(1 for check in checks if not check.passed and not check.error)
    errors = sum(1 for check in checks if not check.passed and check.error)
    run, run_id = report.run, report.test_run_id
    name = SUITE if run_id is None else f"{SUITE}: test run {run_id}"
    label = "" if run is None else shown(run.name, absent="")
    if label:
        name += f" ({label})"
    root = ET.Element("testsuites")
    suite = ET.SubElement(
        root,
        "testsuite",
        {
            "name": _token(name, SUITE),
            "package": SUITE,
            "id": "0",
            "timestamp": report.started_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "hostname": _token(hostname, "localhost") if hostname is not None else _hostname(),
            "tests": str(len(checks)),
            "failures": str(failures),
            "errors": str(errors),
            "time": f"{report.elapsed:.3f}",
        },
    )
    properties = ET.SubElement(suite, "properties")
    for key, value in _properties(report):
        ET.SubElement(properties, "property", {"name": key, "value": _text(value)})
    counts = describe(run) if run is not None else "test run not seen"
    classname = SUITE if run_id is None else f"{SUITE}.test-run-{run_id}"
    for check in checks:
        attributes = {"name": _token(check.name, "check"), "classname": classname, "time": "0.000"}
        case = ET.SubElement(suite, "testcase", attributes)
        if not check.passed:
            tag, kind = ("error", report.outcome) if check.error else ("failure", "gate")
            outcome = ET.SubElement(case, tag, {"message": _text(check.detail), "type": kind})
            outcome.text = _text(f"{check.detail}\n{counts}")
    link = f"\n{report.test_run_url}" if report.test_run_url else ""
    ET.SubElement(suite, "system-out").text = _text(counts + link)
    ET.SubElement(suite, "system-err").text = _text(report.message) if not report.passed else ""
    ET.indent(root)
    return ET.ElementTree(root)


def _properties(report: RunReport) -> list[tuple[str, str]]:
    pairs = [("outcome", report.outcome), ("exitCode", str(report.exit_code))]
    ids = [("workspaceId", report.workspace_id), ("targetId", report.target_id), ("testRunId", report.test_run_id)]
    pairs += [(key, str(value)) for key, value in ids if value is not None]  # unknown after some usage errors
    if report.test_run_url:
        pairs.append(("testRunUrl", report.test_run_url))
    run = report.run
    if run is not None:
        pairs += [
            ("status", shown(run.status)),
            ("passedCount", shown(run.passed_count)),
            ("failedCount", shown(run.failed_count)),
            ("errorCount", shown(run.error_count)),
            ("totalCount", shown(run.total_count)),
        ]
        if run.probes:
            pairs.append(("probes", shown(run.probes)))
    scores = report.scores
    if scores is not None:
        pairs += [
            ("overallScore", shown(scores.overall_score)),
            ("riskBand", risk_band_of(scores.overall_score)),
            ("simulatedAttacks", shown(scores.simulated_attacks)),
            ("successfulAttacks", shown(scores.successful_attacks)),
        ]
    return pairs


def write_junit(path: str | os.PathLike[str], report: ET.ElementTree[ET.Element]) -> None:
    """Write ``report`` to ``path`` as UTF-8 with an XML declaration."""
    report.write(path, encoding="utf-8", xml_declaration=True)
