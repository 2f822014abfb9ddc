"""The installed ``splx-probe`` script, run as a subprocess against ``FakeProbe().serve()`` on 127.0.0.1."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import junitparser
import pytest
import xmlschema

from splx_probe_client.testing import TARGET_TYPES, FakeProbe, RunOutcome

# The script builds a ProbeClient (issue 4); until _client.py is installed these tests cannot run at all.
pytest.importorskip("splx_probe_client._client", reason="ProbeClient (_client.py) not installed yet")

SCRIPT = Path(sys.executable).with_name("splx-probe")
PUBLIC_TYPE = TARGET_TYPES[0]
FAST = ["--poll-interval", "0.02"]


@pytest.fixture
def fake() -> FakeProbe:
    return FakeProbe(api_key="sk-cli-e2e-key", polls_to_finish=3)


@pytest.fixture
def base_url(fake: FakeProbe) -> Iterator[str]:
    with fake.serve() as url:
        yield url


@pytest.fixture
def target_id(fake: FakeProbe) -> int:
    return fake.add_target(1, settings={"targetPresetId": PUBLIC_TYPE["id"]})


def splx_probe(
    *args: str, key: str = "sk-cli-e2e-key", env: dict[str, str] | None = None, module: bool = False
) -> subprocess.CompletedProcess[str]:
    clean = {name: value for name, value in os.environ.items() if not name.startswith(("SPLX_", "GITHUB_"))}
    command = [sys.executable, "-m", "splx_probe_client"] if module else [str(SCRIPT)]
    return subprocess.run(
        [*command, *args],
        env={**clean, "SPLX_API_KEY": key, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def run_args(base_url: str, target_id: int, *extra: str) -> list[str]:
    return ["run", "--api-url", base_url, "--workspace", "1", "--target", str(target_id), "--probe", "1", *extra]


def junit_suite(path: Path) -> tuple[ET.Element, dict[str, str | None]]:
    suite = ET.parse(path).getroot().find("testsuite")
    assert suite is not None
    return suite, {prop.get("name") or "": prop.get("value") for prop in suite.iter("property")}


def test_the_script_is_installed() -> None:
    assert SCRIPT.exists(), "run: .venv/bin/python -m pip install -e . --no-deps"


def test_a_run_without_failed_cases_passes_the_gate(
    fake: FakeProbe, base_url: str, target_id: int, tmp_path: Path
) -> None:
    fake.outcome = RunOutcome(failed_count=0)
    junit = tmp_path / "out.xml"
    done = splx_probe(*run_args(base_url, target_id, "--wait", "--fail-on-failed", "0", "--junit", str(junit), *FAST))
    assert done.returncode == 0, done.stderr
    assert "gate passed" in done.stdout
    suite, properties = junit_suite(junit)
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "0", "0")
    assert properties["failedCount"] == "0"
    assert properties["status"] == "COMPLETED"


def test_a_run_with_failed_cases_fails_the_gate(fake: FakeProbe, base_url: str, target_id: int, tmp_path: Path) -> None:
    fake.outcome = RunOutcome(failed_count=3, total_count=10)
    junit, report = tmp_path / "out.xml", tmp_path / "out.json"
    done = splx_probe(
        *run_args(base_url, target_id, "--wait", "--fail-on-failed", "0", "--junit", str(junit), "--json", str(report))
        + FAST
    )
    assert done.returncode == 1, done.stderr
    assert "FAIL  failed test cases <= 0: 3 failed test case(s) of 10" in done.stdout
    suite, properties = junit_suite(junit)
    assert (suite.get("failures"), properties["failedCount"], properties["totalCount"]) == ("1", "3", "10")
    [failure] = suite.iter("failure")
    assert "failed 3" in (failure.text or "")
    data = json.loads(report.read_text())
    assert data["testRun"]["failedCount"] == 3
    assert data["gate"]["passed"] is False
    assert isinstance(data["scores"]["overallScore"], int)


def test_a_failed_run_fails_the_gate_without_thresholds(fake: FakeProbe, base_url: str, target_id: int) -> None:
    fake.outcome = RunOutcome(status="FAILED", failed_count=0)
    done = splx_probe(*run_args(base_url, target_id, "--wait", *FAST))
    assert done.returncode == 1, done.stderr
    assert "ended FAILED" in done.stdout


@pytest.mark.parametrize(("max_risk", "code"), [("HIGH", 0), ("MEDIUM", 1)])
def test_max_risk_gates_on_the_band_of_the_overall_score(
    fake: FakeProbe, base_url: str, target_id: int, max_risk: str, code: int
) -> None:
    fake.outcome = RunOutcome(failed_count=0)
    fake.set_scores(1, target_id, overall_score=45)
    done = splx_probe(*run_args(base_url, target_id, "--wait", "--max-risk", max_risk, "--min-score", "40", *FAST))
    assert done.returncode == code, done.stdout + done.stderr
    assert "overall score 45 (risk HIGH)" in done.stdout


def test_a_run_that_does_not_end_in_time_exits_4_and_is_cancelled(
    fake: FakeProbe, base_url: str, target_id: int, tmp_path: Path
) -> None:
    fake.polls_to_finish = 10_000
    junit = tmp_path / "out.xml"
    args = run_args(base_url, target_id, "--wait", "--timeout", "0.5", "--cancel-on-timeout", "--junit", str(junit))
    done = splx_probe(*args, *FAST)
    assert done.returncode == 4, done.stderr
    assert "timed out" in done.stderr
    run_id = int(done.stdout.split("triggered test run ")[1].split()[0])
    assert fake.test_run(run_id)["status"] == "CANCELLED"
    suite, _ = junit_suite(junit)
    assert suite.get("errors") == "1"


def test_a_wrong_key_exits_3_and_is_never_printed(base_url: str, target_id: int) -> None:
    done = splx_probe(*run_args(base_url, target_id, "--wait", *FAST), key="sk-wrong-key-value")
    assert done.returncode == 3
    assert "401" in done.stderr
    assert "sk-wrong-key-value" not in done.stdout + done.stderr


def test_a_refused_trigger_exits_3_with_the_servers_message(fake: FakeProbe, base_url: str, target_id: int) -> None:
    fake.fail_next(400, operation="triggerTestRun", body={"error": {"message": "probe quota exceeded", "code": "Q"}})
    done = splx_probe(*run_args(base_url, target_id, "--wait", *FAST))
    assert done.returncode == 3
    assert "probe quota exceeded" in done.stderr
    assert "triggered" not in done.stdout
    operations = [request.operation for request in fake.requests]
    assert operations[-1] == "triggerTestRun"  # sent once, and no wait after the refusal
    assert operations.count("triggerTestRun") == 1


def test_progress_is_one_line_per_change_when_not_a_terminal(fake: FakeProbe, base_url: str, target_id: int) -> None:
    fake.outcome = RunOutcome(failed_count=0)
    done = splx_probe(*run_args(base_url, target_id, "--wait", *FAST))
    assert done.returncode == 0, done.stderr
    progress = [line for line in done.stderr.splitlines() if line.startswith("test run ")]
    assert len(progress) >= 2
    assert "RUNNING" in progress[0]
    assert "COMPLETED 100%" in progress[-1]
    assert len(progress) == len(set(progress))  # only changes
    assert "\r" not in done.stderr
    assert "\x1b" not in done.stderr


def test_without_probes_the_targets_recommended_probes_are_used(fake: FakeProbe, base_url: str, target_id: int) -> None:
    done = splx_probe("run", "--api-url", base_url, "--workspace", "1", "--target", str(target_id), "--name", "ci")
    assert done.returncode == 0, done.stderr
    assert f"recommended for target type {PUBLIC_TYPE['label']!r}: 1, 2, 3, 5" in done.stdout
    [trigger] = [request for request in fake.requests if request.operation == "triggerTestRun"]
    assert trigger.json["probeIds"] == [1, 2, 3, 5]
    assert trigger.json["name"] == "ci"


def test_everything_can_come_from_the_environment(fake: FakeProbe, base_url: str, target_id: int) -> None:
    env = {
        "SPLX_API_URL": base_url,
        "SPLX_WORKSPACE_ID": "1",
        "SPLX_TARGET_ID": str(target_id),
        "SPLX_PROBE_IDS": "2, 4",
    }
    done = splx_probe("run", env=env, module=True)
    assert done.returncode == 0, done.stderr
    [trigger] = [request for request in fake.requests if request.operation == "triggerTestRun"]
    assert trigger.json["probeIds"] == [2, 4]
    assert trigger.json["targetId"] == target_id


def test_status_cancel_and_scores(fake: FakeProbe, base_url: str, target_id: int) -> None:
    run_id = fake.add_test_run(1, target_id, name="nightly")
    common = ["--api-url", base_url, "--workspace", "1"]
    status = splx_probe("status", *common, "--target", str(target_id), "--run", str(run_id))
    assert status.returncode == 0, status.stderr
    assert f"test run {run_id}" in status.stdout
    assert "RUNNING" in status.stdout
    cancel = splx_probe("cancel", *common, "--run", str(run_id))
    assert cancel.returncode == 0, cancel.stderr
    assert fake.test_run(run_id)["status"] == "CANCELLED"
    fake.set_scores(1, target_id, overall_score=82, scores={"Security": 75.5, "Safety": None})
    scores = splx_probe("scores", *common, "--target", str(target_id))
    assert scores.returncode == 0, scores.stderr
    assert "overall score 82 (risk LOW)" in scores.stdout
    assert "Security: 75.5" in scores.stdout
    missing = splx_probe("status", *common, "--target", str(target_id), "--run", "999")
    assert missing.returncode == 3


def test_target_get_hides_secrets_and_delete_removes(fake: FakeProbe, base_url: str, target_id: int) -> None:
    common = ["--api-url", base_url, "--workspace", "1", "--target", str(target_id)]
    got = splx_probe("target", "get", *common)
    assert got.returncode == 0, got.stderr
    shown = json.loads(got.stdout)
    assert shown["id"] == target_id
    assert shown["connection"]["config"]["apiKey"] == "***"
    assert "sk-fake" not in got.stdout
    deleted = splx_probe("target", "delete", *common)
    assert deleted.returncode == 0, deleted.stderr
    with pytest.raises(KeyError):
        fake.target(1, target_id)
    assert splx_probe("target", "get", *common).returncode == 3


def test_target_create_from_file(fake: FakeProbe, base_url: str, tmp_path: Path) -> None:
    good = tmp_path / "target.json"
    good.write_text(
        json.dumps(
            {
                "connection": {"type": "OPENAI", "config": {"apiKey": "sk-provider-secret", "model": "gpt-4o"}},
                "settings": {
                    "name": "from file",
                    "description": "CI target",
                    "environment": "DEV",
                    "language": "en",
                    "concurrentRequests": False,
                    "multiStepAttacks": False,
                    "rateLimit": 5,
                    "supportedModes": ["TEXT"],
                },
            }
        )
    )
    created = splx_probe("target", "create", "--api-url", base_url, "--workspace", "1", "--from-file", str(good))
    assert created.returncode == 0, created.stderr
    new_id = int(created.stdout.split()[-1])
    assert fake.target(1, new_id)["connection"]["config"]["apiKey"] == "sk-provider-secret"
    assert "sk-provider-secret" not in created.stdout + created.stderr


def target_file(tmp_path: Path, connection: dict[str, object], **settings: object) -> Path:
    path = tmp_path / "target.json"
    good_settings = {
        "name": "from file",
        "description": "CI target",
        "environment": "DEV",
        "language": "en",
        "concurrentRequests": False,
        "multiStepAttacks": False,
        "rateLimit": 5,
        "supportedModes": ["TEXT"],
    }
    path.write_text(json.dumps({"connection": connection, "settings": {**good_settings, **settings}}))
    return path


@pytest.mark.parametrize(
    ("connection", "settings", "messages"),
    [
        (
            {"type": "OPENAI", "config": {"apiKey": "sk-provider-secret"}},
            {},
            ["connection.config.model: is required"],
        ),
        (
            {"type": "OPENAI", "config": {"apiKey": "sk-provider-secret", "model": "m"}},
            {"rateLimit": "five", "name": "x"},
            ["settings.rateLimit: must be of type integer", "settings.name: must be at least 2 characters long"],
        ),
        (
            {"type": "open-ai", "config": {"apiKey": "sk-provider-secret", "model": "m"}},
            {},
            ["connection.type: unknown connection type 'open-ai'; known types: ", "OPENAI"],
        ),
    ],
)
def test_a_bad_target_file_exits_2_naming_the_fields_and_sends_nothing(
    fake: FakeProbe,
    base_url: str,
    tmp_path: Path,
    connection: dict[str, object],
    settings: dict[str, object],
    messages: list[str],
) -> None:
    path = target_file(tmp_path, connection, **settings)
    done = splx_probe("target", "create", "--api-url", base_url, "--workspace", "1", "--from-file", str(path))
    assert done.returncode == 2, done.stderr
    for message in messages:
        assert message in done.stderr
    assert "nothing was sent" in done.stderr
    assert "sk-provider-secret" not in done.stderr
    assert "five" not in done.stderr  # values are never quoted: they may be secrets
    assert fake.requests == []


def test_the_connection_type_of_a_file_is_matched_case_insensitively(
    fake: FakeProbe, base_url: str, tmp_path: Path
) -> None:
    path = target_file(tmp_path, {"type": "openai", "config": {"apiKey": "sk-provider-secret", "model": "gpt-4o"}})
    done = splx_probe("target", "create", "--api-url", base_url, "--workspace", "1", "--from-file", str(path))
    assert done.returncode == 0, done.stderr
    [create] = [request for request in fake.requests if request.operation == "createTarget"]
    assert create.json["connection"]["type"] == "OPENAI"


def run_on_terminal(args: list[str], api_key: str, columns: int) -> str:
    """Run the script with stderr on a pseudo-terminal ``columns`` wide; what the terminal showed."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SPLX_", "GITHUB_")) and name != "COLUMNS"
    }
    with subprocess.Popen(
        [str(SCRIPT), *args], env={**clean, "SPLX_API_KEY": api_key}, stdout=subprocess.DEVNULL, stderr=follower
    ) as process:
        os.close(follower)
        chunks: list[bytes] = []
        with contextlib.suppress(OSError):  # EIO once the child closed the terminal
            while select.select([leader], [], [], 30)[0] and (chunk := os.read(leader, 4096)):
                chunks.append(chunk)
        assert process.wait(timeout=60) == 0
    os.close(leader)
    return b"".join(chunks).decode()


@pytest.mark.parametrize("columns", [120, 40])
def test_progress_is_a_live_bar_fitted_to_the_terminal(
    fake: FakeProbe, base_url: str, target_id: int, columns: int
) -> None:
    fake.outcome = RunOutcome(failed_count=0)
    shown = run_on_terminal(run_args(base_url, target_id, "--wait", *FAST), fake.api_key, columns)
    drawn = [part.split("\x1b[K")[0] for part in shown.split("\r")[1:] if part.strip()]
    assert len(drawn) >= 2
    assert all(len(line) < columns for line in drawn)  # never the last column: no wrapped, stale lines
    if columns == 120:
        assert drawn[-1].startswith("[" + "#" * 30 + "] COMPLETED 100%")
    else:  # too narrow for a bar: the words, cut
        assert drawn[-1] == "COMPLETED 100% passed 10 failed 0 errors 0 of 10"[: columns - 1]


# --- machine-readable output, report paths, reports on every outcome --------------------------------------------

SCHEMA = xmlschema.XMLSchema(Path(__file__).with_name("junit-strict.xsd"))


def test_json_dash_puts_one_document_on_stdout(fake: FakeProbe, base_url: str, target_id: int, tmp_path: Path) -> None:
    fake.outcome = RunOutcome(failed_count=0)
    junit = tmp_path / "j.xml"
    done = splx_probe(*run_args(base_url, target_id, "--wait", "--json", "-", "--junit", str(junit), *FAST))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["outcome"] == "passed"
    assert report["exitCode"] == 0
    assert report["testRun"]["status"] == "COMPLETED"
    assert report["gate"]["passed"] is True
    assert "triggered test run" in done.stderr
    assert "gate passed" in done.stderr
    SCHEMA.validate(str(junit))
    [suite] = junitparser.JUnitXml.fromfile(str(junit))  # as a CI system reads it
    assert (suite.tests, suite.failures, suite.errors) == (1, 0, 0)
    assert suite.name == f"splx-probe: test run {report['testRunId']} ({report['testRun']['name']})"
    common = ["--api-url", base_url, "--workspace", "1", "--target", str(target_id)]
    status = splx_probe("status", *common, "--json", "-")
    assert status.returncode == 0, status.stderr
    [run] = json.loads(status.stdout)
    assert run["id"] == report["testRunId"]
    assert f"test run {run['id']}" in status.stderr
    scores = splx_probe("scores", *common, "--json", "-")
    assert json.loads(scores.stdout)["overallScore"] == report["scores"]["overallScore"]
    assert "overall score" in scores.stderr


def test_an_unwritable_junit_path_exits_2_before_triggering(fake: FakeProbe, base_url: str, target_id: int) -> None:
    done = splx_probe(*run_args(base_url, target_id, "--wait", "--junit", "/nonexistent/dir/j.xml", *FAST))
    assert done.returncode == 2
    assert "--junit /nonexistent/dir/j.xml: directory /nonexistent/dir does not exist" in done.stderr
    assert fake.requests == []


def test_a_refused_trigger_writes_both_reports(fake: FakeProbe, base_url: str, target_id: int, tmp_path: Path) -> None:
    fake.fail_next(400, operation="triggerTestRun", body={"error": {"message": "probe quota exceeded", "code": "Q"}})
    junit, report = tmp_path / "j.xml", tmp_path / "r.json"
    done = splx_probe(*run_args(base_url, target_id, "--wait", "--junit", str(junit), "--json", str(report), *FAST))
    assert done.returncode == 3
    SCHEMA.validate(str(junit))
    [error] = ET.parse(junit).getroot().iter("error")
    assert "probe quota exceeded" in (error.get("message") or "")
    data = json.loads(report.read_text())
    assert (data["outcome"], data["exitCode"], data["testRunId"]) == ("api_error", 3, None)
    assert data["gate"]["checks"][0]["name"] == "test run triggered"


def test_a_timeout_writes_both_reports_naming_the_run(
    fake: FakeProbe, base_url: str, target_id: int, tmp_path: Path
) -> None:
    fake.polls_to_finish = 10_000
    junit, report = tmp_path / "j.xml", tmp_path / "r.json"
    args = run_args(base_url, target_id, "--wait", "--timeout", "0.3", "--junit", str(junit), "--json", str(report))
    done = splx_probe(*args, *FAST)
    assert done.returncode == 4
    SCHEMA.validate(str(junit))
    data = json.loads(report.read_text())
    assert data["outcome"] == "timeout"
    assert data["testRun"]["status"] == "RUNNING"
    assert f"splx-probe cancel --workspace 1 --run {data['testRunId']}" in data["message"]


def test_github_gets_a_job_summary_and_annotations(
    fake: FakeProbe, base_url: str, target_id: int, tmp_path: Path
) -> None:
    fake.outcome = RunOutcome(failed_count=2, total_count=10)
    fake.set_scores(1, target_id, overall_score=45)
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "SPLX_PLATFORM_URL": "https://app.test"}
    done = splx_probe(*run_args(base_url, target_id, "--wait", "--fail-on-failed", "0", *FAST), env=env)
    assert done.returncode == 1, done.stderr
    text = summary.read_text()
    assert text.startswith("# earlier step\n## splx-probe: test run ")  # appended, not replaced
    run_id = json_run_id(text)
    assert f"(https://app.test/w/1/target/{target_id}/test-runs/{run_id})" in text
    for expected in ("❌ gate failed", "| Status | COMPLETED |", "8 passed, 2 failed", "45 / 100 (risk HIGH)"):
        assert expected in text
    assert "| failed test cases &lt;= 0 | **fail** | 2 failed test case(s) of 10, at most 0 allowed |" in text
    assert "::error title=splx-probe gate%3A failed test cases <= 0::2 failed test case(s) of 10" in done.stderr


def json_run_id(summary: str) -> int:
    return int(summary.split("## splx-probe: test run ")[1].split(":", maxsplit=1)[0])


# --- signals during a wait ----------------------------------------------------------------------------------------


def signal_when(
    fake: FakeProbe, args: list[str], signum: signal.Signals, ready: Callable[[subprocess.Popen[str]], str]
) -> tuple[int, str, str]:
    """Run the script, send ``signum`` once ``ready`` returns (what it read of stderr); exit code, stdout, stderr."""
    clean = {name: value for name, value in os.environ.items() if not name.startswith(("SPLX_", "GITHUB_"))}
    with subprocess.Popen(
        [str(SCRIPT), *args],
        env={**clean, "SPLX_API_KEY": fake.api_key},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        seen = ready(process)
        process.send_signal(signum)
        out, err = process.communicate(timeout=60)
    return process.returncode, out, seen + err


def signal_during(fake: FakeProbe, operation: str, args: list[str], signum: signal.Signals) -> tuple[int, str, str]:
    """Send ``signum`` once ``operation`` reached the fake (delay its answer to catch it in flight)."""

    def arrived(process: subprocess.Popen[str]) -> str:
        deadline = time.monotonic() + 30
        while not any(request.operation == operation for request in fake.requests):
            assert time.monotonic() < deadline, f"{operation} never arrived"
            time.sleep(0.01)
        return ""

    return signal_when(fake, args, signum, arrived)


def wait_then_signal(fake: FakeProbe, args: list[str], signum: signal.Signals) -> tuple[int, str, str]:
    """Start a wait that does not end, send ``signum`` once it is polling; exit code, stdout, stderr."""
    fake.polls_to_finish = 10_000

    def polling(process: subprocess.Popen[str]) -> str:
        assert process.stderr is not None
        seen = process.stderr.readline()  # the first progress line: the wait has begun
        assert seen.startswith("test run "), seen
        return seen

    return signal_when(fake, args, signum, polling)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_during_the_wait_names_the_run_and_writes_the_reports(
    fake: FakeProbe, base_url: str, target_id: int, tmp_path: Path, signum: signal.Signals, code: int
) -> None:
    junit, report = tmp_path / "j.xml", tmp_path / "r.json"
    args = run_args(base_url, target_id, "--wait", "--junit", str(junit), "--json", str(report), *FAST)
    returncode, out, err = wait_then_signal(fake, args, signum)
    assert returncode == code, err
    run_id = int(out.split("triggered test run ")[1].split()[0])
    command = f"splx-probe cancel --workspace 1 --run {run_id} --api-url {base_url}"
    assert f"{signum.name} received: stopped waiting for test run {run_id}" in err
    assert command in err
    assert fake.test_run(run_id)["status"] == "RUNNING"  # left alone without --cancel-on-interrupt
    SCHEMA.validate(str(junit))
    [error] = ET.parse(junit).getroot().iter("error")
    assert command in (error.get("message") or "")
    data = json.loads(report.read_text())
    assert (data["outcome"], data["exitCode"], data["testRunId"]) == ("interrupted", code, run_id)
    assert data["testRun"]["status"] == "RUNNING"  # the last state seen


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_cancel_on_interrupt_cancels_the_run_first(
    fake: FakeProbe, base_url: str, target_id: int, tmp_path: Path, signum: signal.Signals
) -> None:
    report = tmp_path / "r.json"
    args = run_args(base_url, target_id, "--wait", "--cancel-on-interrupt", "--json", str(report), *FAST)
    returncode, out, err = wait_then_signal(fake, args, signum)
    assert returncode == 128 + signum, err
    run_id = int(out.split("triggered test run ")[1].split()[0])
    assert fake.test_run(run_id)["status"] == "CANCELLED"
    assert f"test run {run_id} was cancelled on the server" in err
    assert f"splx-probe cancel --workspace 1 --run {run_id}" in err
    assert json.loads(report.read_text())["outcome"] == "interrupted"


def test_a_signal_during_the_trigger_waits_for_the_run_id(
    fake: FakeProbe, base_url: str, target_id: int, tmp_path: Path
) -> None:
    fake.delay_next(1.0, operation="triggerTestRun")  # the answer, with the run's id, comes a second late
    report = tmp_path / "r.json"
    args = run_args(base_url, target_id, "--wait", "--cancel-on-interrupt", "--json", str(report), *FAST)
    returncode, out, err = signal_during(fake, "triggerTestRun", args, signal.SIGTERM)
    assert returncode == 143, err
    data = json.loads(report.read_text())
    run_id = data["testRunId"]
    assert f"triggered test run {run_id}" in out
    assert fake.test_run(run_id)["status"] == "CANCELLED"  # not orphaned: known, then cancelled
    assert data["outcome"] == "interrupted"


def test_a_report_that_fails_at_the_end_turns_a_pass_into_exit_2(
    fake: FakeProbe,
    base_url: str,
    target_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from splx_probe_client import _junit
    from splx_probe_client._cli import main

    def full_disk(path: object, report: object) -> None:
        raise OSError(28, "No space left on device")

    fake.outcome = RunOutcome(failed_count=0)
    for name in [name for name in os.environ if name.startswith(("SPLX_", "GITHUB_"))]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("SPLX_API_KEY", fake.api_key)
    monkeypatch.setattr(_junit, "write_junit", full_disk)
    junit, report = tmp_path / "j.xml", tmp_path / "r.json"
    code = main(run_args(base_url, target_id, "--wait", "--junit", str(junit), "--json", str(report), *FAST))
    assert code == 2
    assert f"could not write --junit {junit}: No space left on device" in capsys.readouterr().err
    assert json.loads(report.read_text())["outcome"] == "passed"  # the other report is still written


def test_a_lost_trigger_answer_neither_duplicates_nor_orphans_the_run(
    fake: FakeProbe, base_url: str, target_id: int, tmp_path: Path
) -> None:
    fake.outcome = RunOutcome(failed_count=0)
    fake.drop_next(operation="triggerTestRun", after_processing=True)  # the run starts, its answer is lost
    report = tmp_path / "r.json"
    done = splx_probe(*run_args(base_url, target_id, "--wait", "--json", str(report), *FAST))
    assert done.returncode == 0, done.stderr
    triggers = [request for request in fake.requests if request.operation == "triggerTestRun"]
    assert len(triggers) == 1
    data = json.loads(report.read_text())
    assert data["outcome"] == "passed"
    assert fake.test_run(data["testRunId"])["status"] == "COMPLETED"


# --- `--json -`: one JSON document on standard output, whatever the outcome ---------------------------------------


def one_document(stdout: str) -> dict[str, Any]:
    """The single JSON object standard output carries (``json.loads`` refuses empty text and trailing data)."""
    document = json.loads(stdout)
    assert isinstance(document, dict), document
    return document


@pytest.mark.parametrize(
    ("extra", "key", "message"),
    [
        ([], "", "SPLX_API_KEY is not set"),
        (["--junit", "/nonexistent/dir/j.xml"], "sk-cli-e2e-key", "--junit /nonexistent/dir/j.xml: directory"),
        (["--min-score", "500"], "sk-cli-e2e-key", "argument --min-score: must be between 0 and 100, not 500"),
        (["--fail-on-failed"], "sk-cli-e2e-key", "argument --fail-on-failed: expected one argument"),
    ],
    ids=["no-api-key", "unwritable-junit", "bad-value", "missing-value"],
)
def test_a_usage_error_of_run_still_writes_one_json_document(
    fake: FakeProbe, base_url: str, target_id: int, extra: list[str], key: str, message: str
) -> None:
    done = splx_probe(*run_args(base_url, target_id, "--wait", "--json", "-", *extra, *FAST), key=key)
    assert done.returncode == 2, done.stderr
    document = one_document(done.stdout)
    assert (document["outcome"], document["exitCode"], document["testRunId"]) == ("usage_error", 2, None)
    assert message in str(document["message"])
    [check] = document["gate"]["checks"]
    assert (document["gate"]["passed"], check["name"], check["error"]) == (False, "test run triggered", True)
    assert message in done.stderr  # the human line, on standard error
    assert fake.requests == []


def test_a_usage_error_of_run_writes_the_reports_that_can_be_written(
    fake: FakeProbe, base_url: str, target_id: int, tmp_path: Path
) -> None:
    junit, report = tmp_path / "j.xml", tmp_path / "r.json"
    done = splx_probe(*run_args(base_url, target_id, "--wait", "--junit", str(junit), "--json", str(report)), key="")
    assert done.returncode == 2
    assert done.stdout == ""  # no `--json -`: nothing on standard output
    SCHEMA.validate(str(junit))
    [error] = ET.parse(junit).getroot().iter("error")
    assert "SPLX_API_KEY is not set" in (error.get("message") or "")
    assert error.get("type") == "usage_error"
    data = json.loads(report.read_text())
    assert (data["outcome"], data["exitCode"], data["workspaceId"], data["targetId"]) == (
        "usage_error",
        2,
        1,
        target_id,
    )
    # One report path is bad: the other still says why nothing ran.
    report.unlink()
    args = run_args(base_url, target_id, "--wait", "--junit", str(tmp_path), "--json", str(report))
    done = splx_probe(*args)
    assert done.returncode == 2
    assert f"--junit {tmp_path}: is a directory" in json.loads(report.read_text())["message"]
    assert fake.requests == []


def test_a_usage_error_before_the_ids_are_known_leaves_them_null(
    fake: FakeProbe, base_url: str, tmp_path: Path
) -> None:
    junit, summary = tmp_path / "j.xml", tmp_path / "summary.md"
    args = ["run", "--api-url", base_url, "--wait", "--target", "7", "--json", "-", "--junit", str(junit)]
    done = splx_probe(*args, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert done.returncode == 2
    document = one_document(done.stdout)
    assert (document["workspaceId"], document["targetId"]) == (None, None)
    assert "--workspace is required (or set SPLX_WORKSPACE_ID)" in str(document["message"])
    SCHEMA.validate(str(junit))
    assert "None" not in junit.read_text()
    assert "not run: usage error" in summary.read_text()
    assert "None" not in summary.read_text()


def test_json_dash_without_wait_is_a_usage_error_in_json(fake: FakeProbe, base_url: str, target_id: int) -> None:
    done = splx_probe(*run_args(base_url, target_id, "--json", "-"))
    assert done.returncode == 2
    assert "--json needs --wait" in str(one_document(done.stdout)["message"])
    assert fake.requests == []


@pytest.mark.parametrize(
    ("command", "key", "code", "outcome", "message"),
    [
        (["scores"], "sk-cli-e2e-key", 3, "api_error", "404 [NOT_FOUND] Target {target} has no scores yet"),
        (["status", "--run", "999"], "sk-cli-e2e-key", 3, "api_error", "target {target} has no test run 999"),
        (["status"], "sk-wrong-key-value", 3, "api_error", "authentication failed"),
        (["scores"], "", 2, "usage_error", "SPLX_API_KEY is not set"),
        (["status", "--run", "x"], "sk-cli-e2e-key", 2, "usage_error", "argument --run: invalid int value: 'x'"),
    ],
    ids=["scores-404", "status-unknown-run", "status-bad-key", "scores-no-key", "status-bad-option"],
)
def test_status_and_scores_write_one_json_document_on_every_outcome(
    fake: FakeProbe, base_url: str, target_id: int, command: list[str], key: str, code: int, outcome: str, message: str
) -> None:
    done = splx_probe(
        *command, "--api-url", base_url, "--workspace", "1", "--target", str(target_id), "--json", "-", key=key
    )
    assert done.returncode == code, done.stderr
    document = one_document(done.stdout)
    assert (document["outcome"], document["exitCode"]) == (outcome, code)
    assert message.format(target=target_id) in str(document["message"])
    assert message.format(target=target_id) in done.stderr
    assert "sk-wrong-key-value" not in done.stdout + done.stderr


def test_status_interrupted_by_a_signal_writes_one_json_document(
    fake: FakeProbe, base_url: str, target_id: int
) -> None:
    fake.delay_next(5.0, operation="listTargetTestRuns")
    args = ["status", "--api-url", base_url, "--workspace", "1", "--target", str(target_id), "--json", "-"]
    returncode, out, err = signal_during(fake, "listTargetTestRuns", args, signal.SIGTERM)
    assert returncode == 143, err
    assert one_document(out) == {"outcome": "interrupted", "exitCode": 143, "message": "interrupted by SIGTERM"}
    assert "interrupted by SIGTERM" in err


def test_scores_json_file_says_why_there_are_no_scores(
    fake: FakeProbe, base_url: str, target_id: int, tmp_path: Path
) -> None:
    report = tmp_path / "s.json"
    done = splx_probe(
        "scores", "--api-url", base_url, "--workspace", "1", "--target", str(target_id), "--json", str(report)
    )
    assert done.returncode == 3
    assert "has no scores yet" in done.stderr
    data = json.loads(report.read_text())
    assert (data["outcome"], data["exitCode"]) == ("api_error", 3)
    assert "has no scores yet" in data["message"]
