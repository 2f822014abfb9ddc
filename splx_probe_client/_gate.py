# Hand-written: edit overrides/splx_probe_client/_gate.py, not this copy (installed by `make generate`).
"""Decide whether a finished test run passes a CI gate: run status, failed test cases, overall score, risk band.

Pure functions over the API's models, used by the ``splx-probe`` command and its JUnit report.

The gate fails closed: a check whose input the platform's answer leaves out, sends as null, as something other
than a number, or as a number that is not finite (NaN, Infinity) is an *error* check ("the platform's answer
cannot be judged: `failedCount` missing"), never read as 0 failures or as the LOW risk band.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ._render import shown
from .models.scan_run_execution_dto import ScanRunExecutionDto
from .models.scan_score_overview_dto import ScanScoreOverviewDto
from .types import Unset

CANNOT_JUDGE = "the platform's answer cannot be judged"
"""How the detail of an error check on an unusable input starts."""

RISK_BANDS = ("CRITICAL", "HIGH", "MEDIUM", "LOW")
"""The platform's risk bands of the overall score, worst first."""

SUCCESSFUL_STATUSES = frozenset({"COMPLETED", "FINISHED"})
"""Terminal statuses of a run that ran to its end (the spec says COMPLETED, the platform's UI Finished)."""


def risk_band(score: float) -> str:
    """The platform's risk band of an overall score: CRITICAL < 30, HIGH < 60, MEDIUM < 80, LOW from 80 up.

    ``ValueError`` for anything but a finite number: NaN compares false with every bound, and must not be LOW.
    """
    if not _is_number(score) or not math.isfinite(score):
        raise ValueError(f"an overall score must be a finite number, not {shown(score)}")
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


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _kind(value: object) -> str:
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, list):
        return "a list"
    return "an object" if isinstance(value, dict) else f"a {type(value).__name__}"


def unjudgeable(value: object, field: str, *, integer: bool = False) -> str:
    """Why ``value``, the answer's ``field``, cannot be judged as a number (``""`` if it can)."""
    if isinstance(value, Unset):
        return f"`{field}` missing"
    if value is None:
        return f"`{field}` is null"
    if not _is_number(value):
        return f"`{field}` is {_kind(value)} ({shown(value)}), not a number"
    assert isinstance(value, int | float)
    if not math.isfinite(value):
        return f"`{field}` is not finite ({shown(value)})"
    if integer and not isinstance(value, int):
        return f"`{field}` is not an integer ({shown(value)})"
    return ""


def risk_band_of(value: object) -> str:
    """The risk band of an overall score from the API, or ``—`` when it is not a finite number."""
    if unjudgeable(value, "overallScore") or not isinstance(value, int | float):
        return shown(None)
    return risk_band(value)


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
    status: object = run.status
    run_id = shown(run.id)
    if isinstance(status, str):
        checks = [
            Check(
                "test run finished",
                status.upper() in SUCCESSFUL_STATUSES,
                f"test run {run_id} ended {shown(status)}",
            )
        ]
    else:
        missing = "missing" if isinstance(status, Unset) else "is null" if status is None else "not a string"
        detail = f"{CANNOT_JUDGE}: test run {run_id}: `status` {missing}"
        checks = [Check("test run finished", False, detail, error=True)]
    if fail_on_failed is not None:
        name = f"failed test cases <= {fail_on_failed}"
        failed: object = run.failed_count
        problem = unjudgeable(failed, "failedCount", integer=True)
        if problem:
            checks.append(Check(name, False, f"{CANNOT_JUDGE}: {problem}", error=True))
        else:
            assert isinstance(failed, int)
            checks.append(
                Check(
                    name,
                    failed <= fail_on_failed,
                    f"{failed} failed test case(s) of {shown(run.total_count)}, at most {fail_on_failed} allowed",
                )
            )
    score: object = None if scores is None else scores.overall_score
    score_problem = "" if scores is None else unjudgeable(score, "overallScore")
    if min_score is not None:
        name = f"overall score >= {min_score:g}"
        if scores is None:
            checks.append(Check(name, False, no_scores, error=True))
        elif score_problem:
            checks.append(Check(name, False, f"{CANNOT_JUDGE}: {score_problem}", error=True))
        else:
            assert isinstance(score, int | float)
            checks.append(
                Check(name, score >= min_score, f"overall score {shown(score)}, at least {min_score:g} required")
            )
    if max_risk is not None:
        if max_risk not in RISK_BANDS:
            raise ValueError(f"max_risk must be one of {', '.join(RISK_BANDS)}, not {max_risk!r}")
        name = f"risk at most {max_risk}"
        if scores is None:
            checks.append(Check(name, False, no_scores, error=True))
        elif score_problem:
            checks.append(Check(name, False, f"{CANNOT_JUDGE}: {score_problem}", error=True))
        else:
            assert isinstance(score, int | float)
            band = risk_band(score)
            checks.append(
                Check(
                    name,
                    RISK_BANDS.index(band) >= RISK_BANDS.index(max_risk),
                    f"risk {band} (overall score {shown(score)}), at most {max_risk} allowed",
                )
            )
    return checks
