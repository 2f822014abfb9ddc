"""A field the platform leaves out (or a spec makes optional) shows as absent in every output, never as ``Unset``.

The answers are cut to what the merged spec requires (``minimized``, read from the spec as ``tests/samples.py``
reads it), so a field a new spec makes optional is left out here too with no edit; a second pass also sends
``null`` for every nullable field. Every output is searched: the command's lines, the job summary, the JUnit
XML, the JSON report, and the quickstart's output.
"""

from __future__ import annotations

import asyncio
import datetime
import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from overrides.cli.hostile import Answer, Tampering, minimized, strict_json
from samples import flatten, minimal

from splx_probe_client._junit import junit_report
from splx_probe_client._output import dump_json
from splx_probe_client._progress import ProgressPrinter, describe
from splx_probe_client._reports import RunReport
from splx_probe_client._summary import markdown_summary
from splx_probe_client.models.scan_run_execution_dto import ScanRunExecutionDto
from splx_probe_client.models.scan_score_overview_dto import ScanScoreOverviewDto
from splx_probe_client.testing import TARGET_TYPES, FakeProbe
from splx_probe_client.types import UNSET

QUICKSTART = Path(__file__).parents[3] / "examples" / "quickstart.py"
FLOW = {"id", "status", "testRunId", "details", "probeId", "isRecommended", "connection", "settings", "type"}
"""Fields the flow itself needs a value in (a run's status ends the wait): never made null."""


def nulled(schema: dict[str, Any] | str, data: Any) -> Any:
    """``data`` with every nullable field the spec defines set to ``null``, at every depth (bar ``FLOW``)."""
    node = flatten(schema)
    if isinstance(data, list):
        items = node.get("items", {})
        return [nulled(items, item) for item in data] if items else data
    properties: dict[str, Any] = node.get("properties", {})
    if not isinstance(data, dict) or not properties:
        return data
    result = {}
    for key, value in data.items():
        if key not in properties:
            result[key] = value
        elif flatten(properties[key]).get("nullable") and key not in FLOW:
            result[key] = None
        else:
            result[key] = nulled(properties[key], value)
    return result


def sparse(with_nulls: bool) -> Any:
    def rewrite(answer: Answer) -> Any:
        if answer.schema is None or answer.status >= 300:
            return answer.data
        data = minimized(answer.schema, answer.data)
        return nulled(answer.schema, data) if with_nulls else data

    return rewrite


def assert_never_unset(*texts: str) -> None:
    for text in texts:
        assert "Unset" not in text, text
        assert "UNSET" not in text, text


@pytest.fixture(params=[False, True], ids=["optional-fields-absent", "nullable-fields-null"])
def platform(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeProbe, str]]:
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "SPLX_WORKSPACE_ID", "SPLX_TARGET_ID", "SPLX_PROBE_IDS"):
        monkeypatch.delenv(name, raising=False)
    fake = FakeProbe(polls_to_finish=2)
    monkeypatch.setenv("SPLX_API_KEY", fake.api_key)
    with Tampering(fake, sparse(request.param)).serve() as base_url:
        yield fake, base_url


def test_run_status_and_scores_show_absent_fields_as_absent(
    platform: tuple[FakeProbe, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from splx_probe_client._cli import main

    fake, base_url = platform
    target = fake.add_target(1, settings={"targetPresetId": TARGET_TYPES[0]["id"]})
    fake.set_scores(1, target, overall_score=70)
    summary, junit, report = tmp_path / "summary.md", tmp_path / "junit.xml", tmp_path / "report.json"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    where = ["--api-url", base_url, "--workspace", "1", "--target", str(target)]
    code = main(
        [
            "run",
            *where,
            "--probe",
            "1",
            "--wait",
            "--poll-interval",
            "0.02",
            "--min-score",
            "50",
            "--max-risk",
            "HIGH",
            "--junit",
            str(junit),
            "--json",
            str(report),
        ]
    )
    run_out, run_err = capsys.readouterr()
    assert code == 0, run_err  # what the gate needs is required by the spec: the gate can judge it
    assert "failed — errors — of —" in run_out  # the counts are optional: shown as absent
    assert_never_unset(run_out, run_err, summary.read_text(), junit.read_text())
    document = strict_json(report.read_text())
    assert_never_unset(json.dumps(document))
    assert "failedCount" not in document["testRun"]  # absent, as sent: nothing made up

    assert main(["status", *where]) == 0
    assert main(["scores", *where, "--json", str(tmp_path / "scores.json")]) == 0
    out, err = capsys.readouterr()
    assert_never_unset(out, err, (tmp_path / "scores.json").read_text())
    assert f"test run {5001} — " in out  # no execution date in the answer


def test_the_quickstart_shows_absent_fields_as_absent(
    platform: tuple[FakeProbe, str], capsys: pytest.CaptureFixture[str]
) -> None:
    fake, base_url = platform
    spec = importlib.util.spec_from_file_location("quickstart_under_test", QUICKSTART)
    assert spec is not None
    assert spec.loader is not None
    quickstart = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(quickstart)
    setup = quickstart.Setup(
        label="a platform that sends only what the spec requires",
        api_key=fake.api_key,
        base_url=base_url,
        workspace_id=1,
        target_id=None,
        provider_api_key="sk-demo-not-a-real-key",
        probe_ids=None,
        poll_interval=0.02,
        timeout=30.0,
    )
    code = asyncio.run(quickstart.quickstart(setup))
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert_never_unset(out, err)
    assert "finished: COMPLETED" in out
    assert "sk-demo-not-a-real-key" not in out + err


@pytest.mark.parametrize("with_nulls", [False, True], ids=["absent", "null"])
def test_every_renderer_shows_a_minimal_answer_without_unset(with_nulls: bool) -> None:
    run_data = minimal("ScanRunExecutionDto")
    scores_data = minimal("ScanScoreOverviewDto")
    if with_nulls:
        run_data = nulled("ScanRunExecutionDto", run_data) | {"status": None}
        scores_data = nulled("ScanScoreOverviewDto", scores_data)
    run = ScanRunExecutionDto.from_dict(run_data)
    scores = ScanScoreOverviewDto.from_dict(scores_data)
    report = RunReport(
        started_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        workspace_id=1,
        target_id=2,
        test_run_id=run.id,
        run=run,
        scores=scores,
    )
    from splx_probe_client._cli_run import scores_line
    from splx_probe_client._gate import evaluate

    report.checks = evaluate(run, scores, fail_on_failed=0, min_score=1, max_risk="LOW")
    import io
    import xml.etree.ElementTree as ET

    printer_output = io.StringIO()
    ProgressPrinter(printer_output, live=False)(run)
    ProgressPrinter(printer_output, live=True)(run)
    xml = io.BytesIO()
    junit_report(report, hostname="ci").write(xml, encoding="utf-8")
    outputs = [
        describe(run),
        scores_line(scores),
        printer_output.getvalue(),
        markdown_summary(report),
        xml.getvalue().decode(),
        dump_json(report.to_json()),
        ET.tostring(junit_report(report).getroot(), encoding="unicode"),
    ]
    assert_never_unset(*outputs)
    assert "—" in describe(run)
    assert [check.error for check in report.checks][1:] == [True, False, False]  # failedCount missing or null


def _required_fields(model: type[Any]) -> list[str]:
    return [field.name for field in attrs.fields(model) if field.init and field.default is attrs.NOTHING]


@pytest.mark.parametrize(
    ("model", "field"),
    [(ScanRunExecutionDto, name) for name in _required_fields(ScanRunExecutionDto)]
    + [(ScanScoreOverviewDto, name) for name in _required_fields(ScanScoreOverviewDto)],
)
def test_a_required_field_the_spec_makes_optional_shows_as_absent(model: type[Any], field: str) -> None:
    """Each field the spec requires today, as the next spec may leave it out: the renderers already cope.

    (The JSON report is the model's own ``to_dict``, which a regeneration adapts with the field.)
    """
    import io

    from splx_probe_client._cli_run import scores_line
    from splx_probe_client._gate import evaluate

    run = ScanRunExecutionDto.from_dict(minimal("ScanRunExecutionDto") | {"status": "COMPLETED"})
    scores = ScanScoreOverviewDto.from_dict(minimal("ScanScoreOverviewDto"))
    setattr(run if model is ScanRunExecutionDto else scores, field, UNSET)
    checks = evaluate(run, scores, fail_on_failed=0, min_score=1, max_risk="LOW")
    report = RunReport(started_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), run=run, scores=scores)
    report.checks = checks
    printer_output = io.StringIO()
    ProgressPrinter(printer_output, live=False)(run)
    xml = io.BytesIO()
    junit_report(report, hostname="ci").write(xml, encoding="utf-8")
    assert_never_unset(describe(run), scores_line(scores), printer_output.getvalue(), markdown_summary(report))
    assert_never_unset(xml.getvalue().decode(), *(check.detail for check in checks))
    if field in ("status", "overall_score"):  # what the gate judges: an error check, never a pass
        assert any(check.error and not check.passed for check in checks)
