"""The installed ``splx-probe`` script, run as a subprocess against ``FakeProbe().serve()`` on 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import select
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

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
    clean = {name: value for name, value in os.environ.items() if not name.startswith("SPLX_")}
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
    assert [r.operation for r in fake.requests].count("listTargetTestRuns") == 0


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


def test_a_bad_target_file_sends_nothing(fake: FakeProbe, base_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "target.json"
    bad.write_text(json.dumps({"connection": {"type": "OPENAI", "config": {"apiKey": "sk-provider-secret"}}}))
    done = splx_probe("target", "create", "--api-url", base_url, "--workspace", "1", "--from-file", str(bad))
    assert done.returncode == 2
    assert "connection.config: the OPENAI connection config misses its required field 'model'" in done.stderr
    assert "sk-provider-secret" not in done.stderr
    bad.write_text(
        json.dumps({"connection": {"type": "OPENAI", "config": {"apiKey": "sk-provider-secret", "model": "m"}}})
    )
    done = splx_probe("target", "create", "--api-url", base_url, "--workspace", "1", "--from-file", str(bad))
    assert done.returncode == 2
    assert "missing field 'settings'" in done.stderr
    assert fake.requests == []


def test_progress_is_a_live_bar_on_a_terminal(fake: FakeProbe, base_url: str, target_id: int) -> None:
    fake.outcome = RunOutcome(failed_count=0)
    leader, follower = pty.openpty()
    clean = {name: value for name, value in os.environ.items() if not name.startswith("SPLX_")}
    with subprocess.Popen(
        [str(SCRIPT), *run_args(base_url, target_id, "--wait", *FAST)],
        env={**clean, "SPLX_API_KEY": fake.api_key},
        stdout=subprocess.DEVNULL,
        stderr=follower,
    ) as process:
        os.close(follower)
        chunks: list[bytes] = []
        with contextlib.suppress(OSError):  # EIO once the child closed the terminal
            while select.select([leader], [], [], 30)[0] and (chunk := os.read(leader, 4096)):
                chunks.append(chunk)
        assert process.wait(timeout=60) == 0
    os.close(leader)
    shown = b"".join(chunks).decode()
    assert "\r[" in shown
    assert "] COMPLETED 100%" in shown
    assert "#" * 30 in shown
