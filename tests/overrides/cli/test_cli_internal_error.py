"""A bug in splx-probe exits 5 with its reports written: CI never reads a crash as a failed gate or an API error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from splx_probe_client import _cli_run
from splx_probe_client._cli import main
from splx_probe_client.api.target import get_target_scores
from splx_probe_client.testing import FakeProbe

SECRET = "sk-internal-error-secret"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeProbe:
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "SPLX_WORKSPACE_ID", "SPLX_TARGET_ID", "SPLX_PROBE_IDS"):
        monkeypatch.delenv(name, raising=False)
    fake = FakeProbe()
    monkeypatch.setenv("SPLX_API_KEY", fake.api_key)
    return fake


def _bug(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError(f"unexpected state, apiKey={SECRET}")


def test_a_crash_in_scores_exits_5_with_one_json_document(
    fake: FakeProbe, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = fake.add_target(1)
    monkeypatch.setattr(get_target_scores, "asyncio", _bug)
    with fake.serve() as base_url:
        code = main(["scores", "--api-url", base_url, "--workspace", "1", "--target", str(target), "--json", "-"])
    out, err = capsys.readouterr()
    assert code == 5
    document = json.loads(out)
    assert (document["outcome"], document["exitCode"]) == ("internal_error", 5)
    assert "RuntimeError: unexpected state" in document["message"]
    assert "internal error" in err
    assert SECRET not in out + err


def test_a_crash_during_run_still_writes_both_reports(
    fake: FakeProbe, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = fake.add_target(1)
    monkeypatch.setattr(_cli_run._RunJob, "run", _bug)
    junit, report = tmp_path / "junit.xml", tmp_path / "report.json"
    with fake.serve() as base_url:
        code = main(
            [
                "run",
                "--api-url",
                base_url,
                "--workspace",
                "1",
                "--target",
                str(target),
                "--probe",
                "1",
                "--wait",
                "--junit",
                str(junit),
                "--json",
                str(report),
            ]
        )
    _, err = capsys.readouterr()
    assert code == 5
    assert json.loads(report.read_text(encoding="utf-8"))["outcome"] == "internal_error"
    assert "<error" in junit.read_text(encoding="utf-8")
    assert SECRET not in err + junit.read_text(encoding="utf-8") + report.read_text(encoding="utf-8")


def test_help_lists_the_internal_error_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--help"]) == 0
    text = capsys.readouterr().out
    assert "5    internal error" in text
    assert "internal_error" in text
