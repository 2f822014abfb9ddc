# Hand-written: edit overrides/splx_probe_client/_gate.py, not this copy (installed by `make generate`).
"""Decide whether a finished test run passes a CI gate: run status, failed test cases, overall score, risk band.

Pure functions over the API's models, used by the ``splx-probe`` command and its JUnit report.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models.scan_run_execution_dto import ScanRunExecutionDto
from .models.scan_score_overview_dto import ScanScoreOverviewDto
from .types import Unset

RISK_BANDS = ("CRITICAL", "HIGH", "MEDIUM", "LOW")
"""The platform's risk bands of the overall score, worst first."""

SUCCESSFUL_STATUSES = frozenset({"COMPLETED", "FINISHED"})
"""Terminal statuses of a run that ran to its end (the spec says COMPLETED, the platform's UI Finished)."""


def risk_band(score: float) -> str:
    """The platform's risk band of an overall score: CRITICAL < 30, HIGH < 60, MEDIUM < 80, LOW from 80 up."""
    if score < 30:
        return "CRITICAL"
    if score < 60:
        return "HIGH"
    if score < 80:
        return "MEDIUM"
    return "LOW"


@dataclass(frozen=True)
class Check:
    """One condition of the gate and its outcome; ``error`` marks a check that could not be completed."""

    name: str
    passed: bool
    detail: str
    error: bool = False


def _count(value: int | Unset) -> int:
    return 0 if isinstance(value, Unset) else value


def evaluate(
    run: ScanRunExecutionDto,
    scores: ScanScoreOverviewDto | None,
    *,
    fail_on_failed: int | None = None,
    min_score: float | None = None,
    max_risk: str | None = None,
    no_scores: str = "no scores for the target",
) -> list[Check]:
    """The gate's checks for a finished ``run``; the gate passes when every check passes.

    The run's status is always checked (FAILED, CANCELLED, ERROR fail). The other checks are made only when
    their threshold is given; score checks need ``scores``: without them they are errors saying ``no_scores``.
    """
    status = (run.status or "UNKNOWN").upper()
    checks = [
        Check(
            "test run finished",
            status in SUCCESSFUL_STATUSES,
            f"test run {run.id} ended {status}",
        )
    ]
    if fail_on_failed is not None:
        failed = _count(run.failed_count)
        checks.append(
            Check(
                f"failed test cases <= {fail_on_failed}",
                failed <= fail_on_failed,
                f"{failed} failed test case(s) of {_count(run.total_count)}, at most {fail_on_failed} allowed",
            )
        )
    if min_score is not None:
        if scores is None:
            checks.append(Check(f"overall score >= {min_score:g}", False, no_scores, error=True))
        else:
            checks.append(
                Check(
                    f"overall score >= {min_score:g}",
                    scores.overall_score >= min_score,
                    f"overall score {scores.overall_score:g}, at least {min_score:g} required",
                )
            )
    if max_risk is not None:
        if max_risk not in RISK_BANDS:
            raise ValueError(f"max_risk must be one of {', '.join(RISK_BANDS)}, not {max_risk!r}")
        if scores is None:
            checks.append(Check(f"risk at most {max_risk}", False, no_scores, error=True))
        else:
            band = risk_band(scores.overall_score)
            checks.append(
                Check(
                    f"risk at most {max_risk}",
                    RISK_BANDS.index(band) >= RISK_BANDS.index(max_risk),
                    f"risk {band} (overall score {scores.overall_score:g}), at most {max_risk} allowed",
                )
            )
    return checks
