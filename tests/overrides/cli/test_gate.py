"""The CI gate: run status, failed test cases, overall score and the platform's risk bands."""

from __future__ import annotations

import datetime

import pytest

from splx_probe_client._gate import evaluate, risk_band
from splx_probe_client.models.scan_run_execution_dto import ScanRunExecutionDto
from splx_probe_client.models.scan_score_overview_dto import ScanScoreOverviewDto


def make_run(status: str | None = "COMPLETED", failed: int = 0, total: int = 10) -> ScanRunExecutionDto:
    return ScanRunExecutionDto(
        id=7,
        name="nightly",
        probes=["Jailbreak"],
        started_by=None,
        status=status,
        passed_count=total - failed,
        failed_count=failed,
        error_count=0,
        total_count=total,
    )


def make_scores(overall: int) -> ScanScoreOverviewDto:
    return ScanScoreOverviewDto(
        latest_execution_date=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        overall_score=overall,
        simulated_attacks=100,
        successful_attacks=5,
    )


@pytest.mark.parametrize(
    ("score", "band"),
    [(0, "CRITICAL"), (29.9, "CRITICAL"), (30, "HIGH"), (59.9, "HIGH"), (60, "MEDIUM"), (79.9, "MEDIUM"), (80, "LOW")],
)
def test_risk_bands_follow_the_platform(score: float, band: str) -> None:
    assert risk_band(score) == band


@pytest.mark.parametrize(
    ("status", "passed"),
    [("COMPLETED", True), ("Finished", True), ("FAILED", False), ("CANCELLED", False), ("ERROR", False), (None, False)],
)
def test_the_run_status_is_always_checked(status: str | None, passed: bool) -> None:
    [check] = evaluate(make_run(status), None)
    assert check.passed is passed
    assert str(7) in check.detail


@pytest.mark.parametrize(("failed", "allowed", "passed"), [(0, 0, True), (2, 0, False), (2, 2, True), (3, 2, False)])
def test_fail_on_failed_allows_up_to_n_failed_cases(failed: int, allowed: int, passed: bool) -> None:
    checks = evaluate(make_run(failed=failed), None, fail_on_failed=allowed)
    assert [check.passed for check in checks] == [True, passed]
    assert f"{failed} failed" in checks[1].detail


@pytest.mark.parametrize(("overall", "minimum", "passed"), [(70, 70, True), (69, 70, False), (100, 0, True)])
def test_min_score(overall: int, minimum: float, passed: bool) -> None:
    checks = evaluate(make_run(), make_scores(overall), min_score=minimum)
    assert checks[-1].passed is passed
    assert not checks[-1].error


@pytest.mark.parametrize(
    ("overall", "max_risk", "passed"),
    [
        (25, "HIGH", False),
        (30, "HIGH", True),
        (59, "MEDIUM", False),
        (60, "MEDIUM", True),
        (79, "LOW", False),
        (80, "LOW", True),
        (95, "HIGH", True),
    ],
)
def test_max_risk_fails_on_a_worse_band(overall: int, max_risk: str, passed: bool) -> None:
    checks = evaluate(make_run(), make_scores(overall), max_risk=max_risk)
    assert checks[-1].passed is passed
    assert risk_band(overall) in checks[-1].detail


def test_score_checks_without_scores_are_errors_saying_why() -> None:
    checks = evaluate(make_run(), None, min_score=50, max_risk="HIGH", no_scores="404 no scores yet")
    assert [(check.passed, check.error, check.detail) for check in checks[1:]] == [
        (False, True, "404 no scores yet"),
        (False, True, "404 no scores yet"),
    ]


def test_an_unknown_band_is_refused() -> None:
    with pytest.raises(ValueError, match="LOW"):
        evaluate(make_run(), make_scores(50), max_risk="SEVERE")
