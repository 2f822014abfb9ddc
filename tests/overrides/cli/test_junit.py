"""The JUnit XML report: valid against the strict common schema, read by a JUnit consumer, one case per check."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from pathlib import Path

import junitparser
import pytest
import xmlschema

from splx_probe_client._gate import Check
from splx_probe_client._junit import junit_report, write_junit
from splx_probe_client._reports import RunReport
from splx_probe_client.models.scan_run_execution_dto import ScanRunExecutionDto
from splx_probe_client.models.scan_score_overview_dto import ScanScoreOverviewDto

SCHEMA = xmlschema.XMLSchema(Path(__file__).with_name("junit-strict.xsd"))
STARTED = datetime.datetime(2026, 3, 4, 5, 6, 7, 890, tzinfo=datetime.UTC)
RUN = ScanRunExecutionDto(
    id=42,
    name="staging <build 7> & co\x07",
    probes=["Jailbreak", "Prompt Injection"],
    started_by=None,
    status="COMPLETED",
    passed_count=17,
    failed_count=3,
    error_count=1,
    total_count=21,
)
SCORES = ScanScoreOverviewDto(
    latest_execution_date=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    overall_score=55,
    simulated_attacks=21,
    successful_attacks=3,
)


def make_report(**changes: object) -> RunReport:
    report = RunReport(workspace_id=1, target_id=2, started_at=STARTED, test_run_id=42, run=RUN, elapsed=1.5)
    for name, value in changes.items():
        setattr(report, name, value)
    return report


def write(tmp_path: Path, report: RunReport) -> Path:
    path = tmp_path / "out.xml"
    write_junit(path, junit_report(report, hostname="ci-runner-7"))
    assert path.read_bytes().startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return path


def suite_of(path: Path) -> ET.Element:
    suite = ET.parse(path).getroot().find("testsuite")
    assert suite is not None
    return suite


def test_the_schema_refuses_what_strict_readers_refuse(tmp_path: Path) -> None:
    # The test's schema is only worth something if it catches the problems the old report had.
    bad = tmp_path / "bad.xml"
    bad.write_text(
        '<testsuites tests="1"><testsuite name="x" tests="1" failures="0" errors="0" time="1"/></testsuites>'
    )
    reasons = " ".join(str(error.reason) for error in SCHEMA.iter_errors(str(bad)))
    for expected in ("'tests' attribute not allowed", "timestamp", "hostname", "package"):
        assert expected in reasons


def test_a_failed_gate_is_a_failure_carrying_the_counts(tmp_path: Path) -> None:
    checks = [
        Check("test run finished", True, "test run 42 ended COMPLETED"),
        Check("failed test cases <= 0", False, "3 failed test case(s) of 21, at most 0 allowed"),
    ]
    report = make_report(checks=checks, scores=SCORES, outcome="gate_failed", exit_code=1, message="gate failed")
    path = write(tmp_path, report)
    SCHEMA.validate(str(path))
    suite = suite_of(path)
    assert ET.parse(path).getroot().attrib == {}
    assert {key: suite.get(key) for key in ("tests", "failures", "errors", "time")} == {
        "tests": "2",
        "failures": "1",
        "errors": "0",
        "time": "1.500",
    }
    assert suite.get("timestamp") == "2026-03-04T05:06:07"
    assert suite.get("hostname") == "ci-runner-7"
    # A control character from the API is escaped as the command's lines show it (XML 1.0 cannot carry it).
    assert suite.get("name") == "splx-probe: test run 42 (staging <build 7> & co\\x07)"
    properties = {prop.get("name"): prop.get("value") for prop in suite.iter("property")}
    assert properties["outcome"] == "gate_failed"
    assert properties["failedCount"] == "3"
    assert properties["overallScore"] == "55"
    assert properties["riskBand"] == "HIGH"
    assert properties["probes"] == "Jailbreak, Prompt Injection"
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == ["test run finished", "failed test cases <= 0"]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure is not None
    assert failure.get("message") == "3 failed test case(s) of 21, at most 0 allowed"
    assert "failed 3" in (failure.text or "")


@pytest.mark.parametrize(
    ("outcome", "code", "run_id", "step"),
    [
        ("api_error", 3, None, "test run triggered"),
        ("timeout", 4, 42, "test run finished in time"),
        ("interrupted", 143, 42, "test run finished"),
    ],
)
def test_an_outcome_without_a_verdict_is_one_error_case(
    tmp_path: Path, outcome: str, code: int, run_id: int | None, step: str
) -> None:
    message = f"what happened: {outcome}"
    report = make_report(
        outcome=outcome,
        exit_code=code,
        message=message,
        test_run_id=run_id,
        run=None,
        checks=[Check(step, False, message, error=True)],
    )
    path = write(tmp_path, report)
    SCHEMA.validate(str(path))
    [suite] = junitparser.JUnitXml.fromfile(str(path))
    assert (suite.tests, suite.failures, suite.errors) == (1, 0, 1)
    [case] = list(suite)
    [error] = case.result
    assert isinstance(error, junitparser.Error)
    assert error.message == message
    assert error.type == outcome
    assert suite_of(path).findtext("system-err") == message


def test_a_report_with_no_checks_still_says_what_happened(tmp_path: Path) -> None:
    path = write(tmp_path, make_report(run=None, test_run_id=None, message="boom", outcome="api_error"))
    SCHEMA.validate(str(path))
    [error] = suite_of(path).iter("error")
    assert error.get("message") == "boom"


def test_a_junit_consumer_reads_a_passing_report(tmp_path: Path) -> None:
    checks = [Check("test run finished", True, "ok"), Check("overall score >= 50", True, "55")]
    report = make_report(checks=checks, scores=SCORES, outcome="passed", exit_code=0, test_run_url="https://x/w/1")
    path = write(tmp_path, report)
    SCHEMA.validate(str(path))
    xml = junitparser.JUnitXml.fromfile(str(path))
    [suite] = list(xml)
    assert (suite.tests, suite.failures, suite.errors, suite.time) == (2, 0, 0, 1.5)
    assert suite.timestamp == "2026-03-04T05:06:07"
    assert suite.hostname == "ci-runner-7"
    assert all(case.is_passed for case in suite)
    assert [case.classname for case in suite] == ["splx-probe.test-run-42"] * 2
    assert "https://x/w/1" in (suite_of(path).findtext("system-out") or "")
