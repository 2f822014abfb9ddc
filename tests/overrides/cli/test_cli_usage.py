"""Usage errors exit 2 before anything is sent; help documents the exit codes and the environment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from splx_probe_client._cli import main

ENV_NAMES = (
    "SPLX_API_KEY",
    "SPLX_API_URL",
    "SPLX_REGION",
    "SPLX_WORKSPACE_ID",
    "SPLX_TARGET_ID",
    "SPLX_PROBE_IDS",
    "SPLX_PLATFORM_URL",
    "GITHUB_ACTIONS",  # the suite may itself run on GitHub Actions: no annotations, no job summary from tests
    "GITHUB_STEP_SUMMARY",
)
# Nothing listens here: a command that got past validation would fail with exit 3, not 2.
UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SPLX_API_KEY", "sk-cli-usage-secret")


def test_help_documents_exit_codes_and_environment(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--help"]) == 0
    text = capsys.readouterr().out
    for expected in (
        "--fail-on-failed",
        "--max-risk",
        "--cancel-on-interrupt",
        "exit codes:",
        "4    timeout",
        "130  interrupted by SIGINT",
        "143: by SIGTERM",
        "SPLX_PROBE_IDS",
        "SPLX_API_KEY",
        "GITHUB_STEP_SUMMARY",
    ):
        assert expected in text


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "--target", "1"], "--workspace is required (or set SPLX_WORKSPACE_ID)"),
        (["run", "--workspace", "1"], "--target is required (or set SPLX_TARGET_ID)"),
        (["run", "--workspace", "x", "--target", "1"], "--workspace must be an integer id, not 'x'"),
        (["run", "--workspace", "1", "--target", "1", "--fail-on-failed", "0"], "--fail-on-failed needs --wait"),
        (["run", "--workspace", "1", "--target", "1", "--junit", "out.xml"], "--junit needs --wait"),
        (["run", "--workspace", "1", "--target", "1", "--cancel-on-interrupt"], "--cancel-on-interrupt needs --wait"),
        (["run", "--workspace", "1", "--target", "1", "--wait", "--junit", "-"], "--junit needs a file name"),
        (["status", "--workspace", "1"], "--target is required"),
        (["cancel", "--run", "5"], "--workspace is required"),
    ],
)
def test_missing_or_bad_options(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--api-url", UNREACHABLE]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--workspace", "1", "--target", "1", "--wait", "--min-score", "101"],
        ["run", "--workspace", "1", "--target", "1", "--wait", "--max-risk", "CRITICAL"],
        ["run", "--workspace", "1", "--target", "1", "--wait", "--fail-on-failed", "-1"],
        ["run", "--workspace", "1", "--target", "1", "--wait", "--timeout", "0"],
        ["run", "--workspace", "1", "--target", "1", "--probe", "abc"],
        ["cancel", "--workspace", "1"],
    ],
)
def test_argparse_rejects_bad_values(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_ids_come_from_the_environment_and_bad_ones_are_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SPLX_WORKSPACE_ID", "ws-one")
    monkeypatch.setenv("SPLX_TARGET_ID", "2")
    assert main(["run", "--api-url", UNREACHABLE]) == 2
    assert "SPLX_WORKSPACE_ID must be an integer id, not 'ws-one'" in capsys.readouterr().err
    monkeypatch.setenv("SPLX_WORKSPACE_ID", "1")
    monkeypatch.setenv("SPLX_PROBE_IDS", "1, 2,x")
    assert main(["run", "--api-url", UNREACHABLE]) == 2
    assert "SPLX_PROBE_IDS must be comma-separated integer ids" in capsys.readouterr().err


def test_a_missing_api_key_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SPLX_API_KEY")
    assert main(["scores", "--workspace", "1", "--target", "2", "--api-url", UNREACHABLE]) == 2
    assert "SPLX_API_KEY is not set" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2"),
        ("[1, 2]", "expected a JSON object (a TargetNewCreateRequest), got list"),
        ('{"settings": {}}', "connection"),
    ],
)
def test_a_bad_target_file_is_refused_before_sending(
    tmp_path: Path, content: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "target.json"
    path.write_text(content)
    assert main(["target", "create", "--workspace", "1", "--from-file", str(path), "--api-url", UNREACHABLE]) == 2
    assert message in capsys.readouterr().err


def test_an_unreadable_target_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.json"
    assert main(["target", "create", "--workspace", "1", "--from-file", str(missing), "--api-url", UNREACHABLE]) == 2
    assert f"cannot read {missing}" in capsys.readouterr().err


def test_the_api_key_is_never_printed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "target.json"
    path.write_text(json.dumps({"connection": {"type": "OPENAI", "config": {"apiKey": "provider-secret"}}}))
    main(["target", "create", "--workspace", "1", "--from-file", str(path), "--api-url", UNREACHABLE])
    main(["run", "--workspace", "1", "--api-url", UNREACHABLE])
    captured = capsys.readouterr()
    assert "sk-cli-usage-secret" not in captured.out + captured.err
    assert "provider-secret" not in captured.out + captured.err


@pytest.mark.parametrize(
    ("option", "path", "message"),
    [
        (
            "--junit",
            "{tmp}/missing/dir/j.xml",
            "--junit {tmp}/missing/dir/j.xml: directory {tmp}/missing/dir does not exist",
        ),
        ("--json", "{tmp}", "--json {tmp}: is a directory"),
    ],
)
def test_an_unwritable_report_path_is_refused_before_sending(
    tmp_path: Path, option: str, path: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["run", "--workspace", "1", "--target", "1", "--probe", "1", "--wait", option, path.format(tmp=tmp_path)]
    assert main([*argv, "--api-url", UNREACHABLE]) == 2  # 3 if anything had been sent
    assert message.format(tmp=tmp_path) in capsys.readouterr().err


def test_an_unwritable_step_summary_is_refused_before_sending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "gone" / "summary.md"))
    argv = ["run", "--workspace", "1", "--target", "1", "--probe", "1", "--wait", "--api-url", UNREACHABLE]
    assert main(argv) == 2
    assert "GITHUB_STEP_SUMMARY" in capsys.readouterr().err


def test_two_reports_cannot_share_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    same = str(tmp_path / "out")
    argv = ["run", "--workspace", "1", "--target", "1", "--wait", "--junit", same, "--json", same]
    assert main([*argv, "--api-url", UNREACHABLE]) == 2
    assert "name the same file" in capsys.readouterr().err
    # The first report gets the file and says why nothing ran; the second is not written over it.
    text = (tmp_path / "out").read_text()
    assert text.startswith("<?xml")
    assert "--json and --junit name the same file" in text


def test_the_check_keeps_an_existing_report(tmp_path: Path) -> None:
    existing = tmp_path / "old.xml"
    existing.write_text("previous run")
    argv = ["run", "--workspace", "1", "--target", "1", "--probe", "1", "--wait", "--junit", str(existing)]
    # Gets past the check (exit 3: nothing listens); the report then says so, replacing the old one.
    assert main([*argv, "--api-url", UNREACHABLE]) == 3
    assert "cannot reach the API" in existing.read_text()


def test_usage_errors_are_annotations_on_github(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["run", "--target", "1", "--api-url", UNREACHABLE]) == 2
    captured = capsys.readouterr()
    assert (
        captured.err == "::error title=splx-probe%3A usage error::--workspace is required (or set SPLX_WORKSPACE_ID)\n"
    )
    assert captured.out == ""
