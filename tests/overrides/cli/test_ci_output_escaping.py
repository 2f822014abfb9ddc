"""Text from the API cannot inject workflow commands into a CI log, nor break a stream, a summary or a report.

A hostile platform (FakeProbe behind a tampering server on 127.0.0.1) sends a run status, name and probe names
holding ``\\n::error ::pwned``, ``::add-mask::``, ``::stop-commands::``, terminal escapes and a lone surrogate;
the ``splx-probe`` script runs as a subprocess (real stdout and stderr encodings) on "GitHub Actions".
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from overrides.cli.hostile import Answer, Tampering, strict_json

from splx_probe_client._output import Output, safe_line
from splx_probe_client.testing import TARGET_TYPES, FakeProbe, RunOutcome

SCRIPT = Path(sys.executable).with_name("splx-probe")
SCHEMA = xmlschema.XMLSchema(Path(__file__).with_name("junit-strict.xsd"))
INJECTED_STATUS = "\n::error ::pwned by status"
HOSTILE_NAME = "nightly\r\n::error ::pwned by name\u2028::add-mask::abc \x1b[2J \ud800 | <b>[x](https://evil.test)"
HOSTILE_PROBES = ["::stop-commands::resume-token", "Jailbreak\n::add-mask::mask me", "%0A::error ::percent"]
OUR_COMMANDS = ("::error title=splx-probe", "::warning title=splx-probe")


def splx_probe(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {name: value for name, value in os.environ.items() if not name.startswith(("SPLX_", "GITHUB_"))}
    return subprocess.run(
        [str(SCRIPT), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="strict",  # the command writes only what UTF-8 can carry
        timeout=60,
        check=False,
    )


def hostile(answer: Answer) -> Any:
    """Every listed run: the hostile name and probes; the first two listings also the injected status."""
    if answer.schema_name == "ScanRunExecutionDto" and isinstance(answer.data, list):
        for run in answer.data:
            run["name"], run["probes"] = HOSTILE_NAME, HOSTILE_PROBES
            if answer.count < 2:
                run["status"] = INJECTED_STATUS
    return answer.data


def assert_no_injected_command(text: str) -> None:
    """No line of ``text`` is a workflow command but the command's own annotations; nothing raw slipped in."""
    for line in text.split("\n"):  # also "\r", U+2028, ...: the runner splits on more than splitlines() knows
        for piece in line.replace("\r", "\n").replace("\u2028", "\n").split("\n"):
            body = piece.lstrip()
            if body.startswith(("::", "##[")):
                assert body.startswith(OUR_COMMANDS), piece
    assert "\x1b" not in text
    assert "pwned" not in text or "\\n::error ::pwned" in text or "%0A::error ::pwned" in text


@pytest.fixture
def fake() -> FakeProbe:
    fake = FakeProbe(polls_to_finish=4)
    fake.outcome = RunOutcome(failed_count=1, total_count=10)
    return fake


def test_a_hostile_run_on_github_reaches_every_output_escaped(fake: FakeProbe, tmp_path: Path) -> None:
    target = fake.add_target(1, settings={"targetPresetId": TARGET_TYPES[0]["id"]})
    fake.set_scores(1, target, overall_score=90, scores={"Safety\n::error ::pwned": 90.0, "<img src=x>": None})
    summary, junit, report = tmp_path / "summary.md", tmp_path / "junit.xml", tmp_path / "report.json"
    env = {"SPLX_API_KEY": fake.api_key, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    with Tampering(fake, hostile).serve() as base_url:
        done = splx_probe(
            *("run", "--api-url", base_url, "--workspace", "1", "--target", str(target), "--probe", "1", "--wait"),
            *("--poll-interval", "0.02", "--fail-on-failed", "0", "--junit", str(junit), "--json", str(report), "-vv"),
            env=env,
        )
        status = splx_probe(*("status", "--api-url", base_url, "--workspace", "1", "--target", str(target)), env=env)
    assert done.returncode == 1, done.stderr  # the gate's verdict (1 failed case), never 5 for a name
    output = done.stdout + done.stderr
    assert_no_injected_command(output)
    # The injected status reached the progress lines, escaped: the runner's %0A, and the line still ours.
    assert "test run 5001: \\n::error ::pwned by status" in done.stderr
    assert "internal error" not in output
    assert status.returncode == 0, status.stderr
    assert_no_injected_command(status.stdout + status.stderr)
    assert "'nightly\\r\\n::error ::pwned by name\\u2028::add-mask::abc \\x1b[2J \\ud800 |" in status.stdout

    text = summary.read_text(encoding="utf-8")  # strict UTF-8: the lone surrogate did not end the write
    assert_no_injected_command(text)
    assert "<b>" not in text
    assert "<img" not in text
    assert not re.search(r"(?<!\\)\]\(https://evil", text)  # no link, only its escaped text
    assert "&lt;b&gt;\\[x\\](https://evil.test)" in text

    SCHEMA.validate(str(junit))  # XML 1.0 and the strict JUnit schema: no illegal character survived
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None
    assert "\\ud800" in (suite.get("name") or "")
    assert_no_injected_command(junit.read_text(encoding="utf-8").replace("&#10;", "\n").replace("&#13;", "\r"))

    document = strict_json(report.read_text(encoding="utf-8"))
    assert document["testRun"]["name"].startswith("nightly\r\n::error ::pwned by name")  # JSON keeps the data
    assert "\ufffd" in document["testRun"]["name"]  # the lone surrogate replaced: every reader accepts it


def test_a_servers_error_message_is_escaped_in_the_annotation_and_the_lines(fake: FakeProbe) -> None:
    target = fake.add_target(1)
    message = "no scores\n::error ::pwned\r\n::add-mask::x 100%"
    fake.fail_next(400, operation="getTargetScores", body={"error": {"message": message, "code": "BAD"}})
    env = {"SPLX_API_KEY": fake.api_key, "GITHUB_ACTIONS": "true"}
    with fake.serve() as base_url:
        done = splx_probe("scores", "--api-url", base_url, "--workspace", "1", "--target", str(target), env=env)
    assert done.returncode == 3, done.stderr
    assert_no_injected_command(done.stdout + done.stderr)
    [annotation] = [line for line in done.stderr.splitlines() if line.startswith("::error")]
    assert "no scores%0A::error ::pwned%0D%0A::add-mask::x 100%25" in annotation


def test_lines_are_escaped_in_every_mode_and_never_start_a_command_on_github() -> None:
    assert safe_line("a\x1b[31mb\x07 \ud83d", github=False) == "a\\x1b[31mb\\x07 \\ud83d"
    assert safe_line("::error ::x", github=False) == "::error ::x"  # only the runner reads commands
    assert safe_line("::error ::x", github=True) == "%3A:error ::x"
    assert safe_line(" \t::add-mask::x", github=True) == " \\t::add-mask::x"  # an escaped tab is no space
    assert safe_line("\u3000::stop-commands::t", github=True) == "\u3000%3A:stop-commands::t"
    assert safe_line("##[group]x", github=True) == "%23#[group]x"
    assert safe_line("done\n::error ::x\r", github=True) == "done%0A::error ::x%0D"
    assert safe_line("45% done", github=True) == "45% done"  # a plain line: the runner decodes nothing there
    out, err = io.StringIO(), io.StringIO()
    github = Output(out, err, github=True)
    github.say("::add-mask::secret")
    github.warn("x\n::error ::y")
    assert out.getvalue() == "%3A:add-mask::secret\n"
    assert err.getvalue() == "splx-probe: x%0A::error ::y\n"


def test_a_refused_command_line_is_escaped_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from splx_probe_client._cli import main

    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["status", "nightly\n::error ::pwned by argv"]) == 2
    _, err = capsys.readouterr()
    assert_no_injected_command(err)
    assert "unrecognized arguments: nightly%0A::error ::pwned by argv" in err
