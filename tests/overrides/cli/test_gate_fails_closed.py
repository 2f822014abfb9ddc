"""The gate fails closed: an input it cannot judge (missing, null, not a number, not finite) is an error, exit 3.

Driven through the ``splx-probe`` entry point against FakeProbe behind a tampering server on 127.0.0.1 that
rewrites the platform's answers; every JSON document written is read with a parser that refuses NaN/Infinity.
"""

from __future__ import annotations

import contextlib
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from overrides.cli.hostile import Answer, Tampering, strict_json

from splx_probe_client._cli import main
from splx_probe_client._gate import evaluate, risk_band
from splx_probe_client.models.scan_run_execution_dto import ScanRunExecutionDto
from splx_probe_client.models.scan_score_overview_dto import ScanScoreOverviewDto
from splx_probe_client.testing import TARGET_TYPES, FakeProbe, RunOutcome
from splx_probe_client.types import UNSET

FAST = ["--poll-interval", "0.02"]
CANNOT_JUDGE = "the platform's answer cannot be judged"
NAN = float("nan")


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeProbe:
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "SPLX_WORKSPACE_ID", "SPLX_TARGET_ID", "SPLX_PROBE_IDS"):
        monkeypatch.delenv(name, raising=False)
    fake = FakeProbe(polls_to_finish=2)
    fake.outcome = RunOutcome(failed_count=3, total_count=10)  # a run that had failures
    monkeypatch.setenv("SPLX_API_KEY", fake.api_key)
    return fake


@pytest.fixture
def target_id(fake: FakeProbe) -> int:
    target = fake.add_target(1, settings={"targetPresetId": TARGET_TYPES[0]["id"]})
    fake.set_scores(1, target, overall_score=45)
    return target


def on_runs(change: Callable[[dict[str, Any]], None]) -> Callable[[Answer], Any]:
    """A rewrite that applies ``change`` to every test run the platform lists."""

    def rewrite(answer: Answer) -> Any:
        if answer.schema_name == "ScanRunExecutionDto" and isinstance(answer.data, list):
            for run in answer.data:
                change(run)
        return answer.data

    return rewrite


def on_scores(**values: Any) -> Callable[[Answer], Any]:
    def rewrite(answer: Answer) -> Any:
        if answer.schema_name == "ScanScoreOverviewDto" and isinstance(answer.data, dict):
            return {**answer.data, **values}
        return answer.data

    return rewrite


def drop(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda run: run.pop(key, None)


def put(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda run: run.__setitem__(key, value)


@pytest.fixture
def serve(fake: FakeProbe) -> Iterator[Callable[[Callable[[Answer], Any]], Any]]:
    with contextlib.ExitStack() as stack:
        yield lambda rewrite: stack.enter_context(Tampering(fake, rewrite).serve())


def run_gate(
    base_url: str, target_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str], *gate: str
) -> tuple[int, str, dict[str, Any], ET.Element]:
    junit, report = tmp_path / "junit.xml", tmp_path / "report.json"
    args = ["run", "--api-url", base_url, "--workspace", "1", "--target", str(target_id), "--probe", "1", "--wait"]
    code = main([*args, *gate, *FAST, "--junit", str(junit), "--json", str(report)])
    out, err = capsys.readouterr()
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None
    return code, out + err, strict_json(report.read_text(encoding="utf-8")), suite


def error_cases(suite: ET.Element) -> list[str]:
    return [error.get("message") or "" for error in suite.iter("error")]


def test_a_missing_failed_count_is_an_error_check_never_zero_failures(
    serve: Any, target_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base_url = serve(on_runs(drop("failedCount")))
    code, output, document, suite = run_gate(base_url, target_id, tmp_path, capsys, "--fail-on-failed", "0")
    assert code == 3, output
    message = f"{CANNOT_JUDGE}: `failedCount` missing"
    assert f"ERROR failed test cases <= 0: {message}" in output
    assert error_cases(suite) == [message]
    assert (suite.get("failures"), suite.get("errors")) == ("0", "1")
    assert (document["outcome"], document["exitCode"], document["gate"]["passed"]) == ("api_error", 3, False)
    [failed_check] = [check for check in document["gate"]["checks"] if check["name"].startswith("failed")]
    assert (failed_check["error"], failed_check["detail"]) == (True, message)
    assert "failedCount" not in document["testRun"]  # absent as the server sent it, not made up


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (None, "`failedCount` must not be null"),
        ("NaN", "`failedCount` must be of type integer (it is NaN)"),
        (2.5, "`failedCount` must be of type integer (it is 2.5)"),
        (True, "`failedCount` must be of type integer"),
    ],
)
def test_a_failed_count_of_the_wrong_type_is_the_platforms_error(
    serve: Any, target_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str], value: object, said: str
) -> None:
    base_url = serve(on_runs(put("failedCount", value)))
    code, output, document, suite = run_gate(base_url, target_id, tmp_path, capsys, "--fail-on-failed", "0")
    assert code == 3, output  # APIResponseValidationError: the platform's answer, never a bug (5) or a pass
    assert "internal error" not in output
    [error] = error_cases(suite)
    assert CANNOT_JUDGE in error
    assert said in error
    assert (document["outcome"], document["exitCode"]) == ("api_error", 3)
    assert said in document["message"]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (NAN, "`overallScore` must be of type integer (it is NaN)"),
        (math.inf, "`overallScore` must be of type integer (it is Infinity)"),
        (None, "`overallScore` must not be null"),
        ("NaN", "`overallScore` must be of type integer (it is NaN)"),
    ],
)
@pytest.mark.parametrize("gate", [["--max-risk", "MEDIUM"], ["--min-score", "10"]])
def test_an_overall_score_that_is_not_a_finite_number_is_an_error_check_never_low_risk(
    serve: Any,
    target_id: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    value: object,
    said: str,
    gate: list[str],
) -> None:
    base_url = serve(on_scores(overallScore=value))
    code, output, document, suite = run_gate(base_url, target_id, tmp_path, capsys, *gate)
    assert code == 3, output
    assert "risk LOW" not in output
    assert "LOW" not in str(document["gate"])
    [error] = error_cases(suite)
    assert error.startswith(f"{CANNOT_JUDGE}: scores of target {target_id}: ")
    assert said in error
    assert (document["outcome"], document["exitCode"], document["message"]) == (
        "api_error",
        3,
        "gate could not be evaluated",
    )
    # The scores are reported as sent, minus what JSON cannot carry: NaN and Infinity are null.
    expected = value if isinstance(value, str) else None
    assert document["scores"]["overallScore"] == expected


def test_a_non_finite_score_with_no_score_threshold_leaves_valid_json_and_the_run_judged(
    serve: Any, target_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base_url = serve(on_scores(overallScore=NAN, simulatedAttacks=math.inf))
    code, output, document, _ = run_gate(base_url, target_id, tmp_path, capsys)
    assert code == 0, output  # no score check was asked for; the run completed
    assert f"warning: {CANNOT_JUDGE}: scores of target {target_id}: `overallScore`" in output
    assert document["scores"]["overallScore"] is None
    assert document["scores"]["simulatedAttacks"] is None


def test_status_reports_an_unusable_count_as_the_platforms_error_with_one_json_document(
    serve: Any, target_id: int, fake: FakeProbe, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.add_test_run(1, target_id)
    base_url = serve(on_runs(put("failedCount", "NaN")))
    code = main(["status", "--api-url", base_url, "--workspace", "1", "--target", str(target_id), "--json", "-"])
    out, err = capsys.readouterr()
    assert code == 3, err
    document = strict_json(out)
    assert (document["outcome"], document["exitCode"]) == ("api_error", 3)
    assert "`failedCount` must be of type integer (it is NaN)" in document["message"]
    assert "failed NaN" in err  # the line shows what was sent, on stderr as --json - reserves stdout


def test_status_shows_a_missing_count_as_absent(
    serve: Any, target_id: int, fake: FakeProbe, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.add_test_run(1, target_id)
    base_url = serve(on_runs(drop("failedCount")))
    code = main(["status", "--api-url", base_url, "--workspace", "1", "--target", str(target_id), "--json", "-"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "failed — " in err
    [run] = strict_json(out)
    assert "failedCount" not in run


@pytest.mark.parametrize("value", [NAN, -math.inf, None, "NaN"])
def test_scores_with_an_unusable_overall_score_exit_3_with_one_json_document(
    serve: Any, target_id: int, capsys: pytest.CaptureFixture[str], value: object
) -> None:
    base_url = serve(on_scores(overallScore=value))
    code = main(["scores", "--api-url", base_url, "--workspace", "1", "--target", str(target_id), "--json", "-"])
    out, err = capsys.readouterr()
    assert code == 3, err
    document = strict_json(out)
    assert (document["outcome"], document["exitCode"]) == ("api_error", 3)
    assert "`overallScore`" in document["message"]
    assert "(risk —)" in err
    assert "LOW" not in err


def test_a_trigger_answer_without_a_usable_id_is_the_platforms_error(
    serve: Any, target_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def rewrite(answer: Answer) -> Any:
        return {"testRunId": "5001"} if answer.schema_name == "TestRunTriggerDto" else answer.data

    code, output, document, suite = run_gate(serve(rewrite), target_id, tmp_path, capsys)
    assert code == 3, output
    assert "`testRunId` must be of type integer" in error_cases(suite)[0]
    assert document["outcome"] == "api_error"
    assert f"a test run may have started: `splx-probe status --workspace 1 --target {target_id}`" in document["message"]


# --- the gate's functions, for callers of the library ------------------------------------------------------


def finished_run(**counts: Any) -> ScanRunExecutionDto:
    return ScanRunExecutionDto(id=7, name=None, probes=None, started_by=None, status="COMPLETED", **counts)


def scores_of(overall: Any) -> ScanScoreOverviewDto:
    import datetime

    return ScanScoreOverviewDto(
        latest_execution_date=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        overall_score=overall,
        simulated_attacks=1,
        successful_attacks=0,
    )


@pytest.mark.parametrize("value", [NAN, math.inf, -math.inf, None, "80", True, UNSET])
def test_risk_band_refuses_what_is_not_a_finite_number(value: Any) -> None:
    with pytest.raises(ValueError, match="finite number"):
        risk_band(value)


@pytest.mark.parametrize(
    ("failed", "said"),
    [
        (UNSET, "`failedCount` missing"),
        (None, "`failedCount` is null"),
        ("NaN", "`failedCount` is a string (NaN)"),
        (NAN, "`failedCount` is not finite (NaN)"),
        (1.0, "`failedCount` is not an integer (1)"),
    ],
)
def test_evaluate_makes_an_unusable_count_an_error_check(failed: Any, said: str) -> None:
    checks = evaluate(finished_run(failed_count=failed), None, fail_on_failed=5)
    assert checks[-1].error
    assert not checks[-1].passed
    assert checks[-1].detail.startswith(f"{CANNOT_JUDGE}: {said}")


@pytest.mark.parametrize("overall", [NAN, math.inf, None, "90", UNSET])
def test_evaluate_makes_an_unusable_score_an_error_check(overall: Any) -> None:
    checks = evaluate(finished_run(failed_count=0), scores_of(overall), min_score=50, max_risk="MEDIUM")
    assert [(check.passed, check.error) for check in checks[1:]] == [(False, True), (False, True)]
    assert all("`overallScore`" in check.detail for check in checks[1:])


@pytest.mark.parametrize("status", [None, UNSET, 3])
def test_a_status_that_is_not_a_string_is_an_error_check(status: Any) -> None:
    run = finished_run(failed_count=0)
    run.status = status
    [check] = evaluate(run, None)
    assert check.error
    assert not check.passed
    assert "`status`" in check.detail
