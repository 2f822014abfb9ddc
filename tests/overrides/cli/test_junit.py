"""The JUnit XML report: parses, carries the counts, one test case per gate check."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from pathlib import Path

from splx_probe_client._gate import Check
from splx_probe_client._junit import junit_report, write_junit
from splx_probe_client.models.scan_run_execution_dto import ScanRunExecutionDto
from splx_probe_client.models.scan_score_overview_dto import ScanScoreOverviewDto

RUN = ScanRunExecutionDto(
    id=42,
    name="staging <build 7> & co",
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


def write_and_parse(tmp_path: Path, report: ET.ElementTree[ET.Element]) -> ET.Element:
    path = tmp_path / "out.xml"
    write_junit(path, report)
    assert path.read_bytes().startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.parse(path).getroot()


def test_a_failed_gate_is_a_failure_carrying_the_counts(tmp_path: Path) -> None:
    checks = [
        Check("test run finished", True, "test run 42 ended COMPLETED"),
        Check("failed test cases <= 0", False, "3 failed test case(s) of 21, at most 0 allowed"),
    ]
    root = write_and_parse(tmp_path, junit_report(RUN, checks, scores=SCORES, elapsed=1.5))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("time")) == (
        "2",
        "1",
        "0",
        "1.500",
    )
    assert suite.get("name") == "splx-probe: test run 42 (staging <build 7> & co)"
    properties = {prop.get("name"): prop.get("value") for prop in suite.iter("property")}
    assert properties["failedCount"] == "3"
    assert properties["passedCount"] == "17"
    assert properties["totalCount"] == "21"
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
    assert "of 21" in (failure.text or "")


def test_an_error_check_is_an_error_element(tmp_path: Path) -> None:
    checks = [Check("test run finished in time", False, "timed out after 5 s", error=True)]
    root = write_and_parse(tmp_path, junit_report(None, checks))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("1", "0", "1")
    case = suite.find("testcase")
    assert case is not None
    assert case.find("failure") is None
    error = case.find("error")
    assert error is not None
    assert error.get("message") == "timed out after 5 s"


def test_a_passing_gate_has_no_failures(tmp_path: Path) -> None:
    root = write_and_parse(tmp_path, junit_report(RUN, [Check("test run finished", True, "ok")]))
    assert root.get("failures") == "0"
    assert root.get("tests") == "1"
    assert not list(root.iter("failure"))
