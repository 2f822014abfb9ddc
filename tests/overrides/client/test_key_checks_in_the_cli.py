"""``splx-probe run`` (the installed script, a subprocess) with a sloppy or hostile ``SPLX_API_KEY``.

A key with a trailing newline (read from a file or a Kubernetes secret) just works against ``FakeProbe``; a key
with a control character or a character HTTP cannot carry is a usage error (exit 2) naming ``SPLX_API_KEY``.
Either way the key is written nowhere: not to stdout or stderr, the ``--json`` or ``--junit`` report, or the
GitHub job summary. (An environment variable cannot hold NUL: ``test_key_and_header_checks`` covers it.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from splx_probe_client.testing import TARGET_TYPES, FakeProbe, RunOutcome

SCRIPT = Path(sys.executable).with_name("splx-probe")
KEY = "sk-cli-redact-6Fh3Qz"
DISTINCTIVE = "6Fh3Qz"


@pytest.fixture
def fake() -> FakeProbe:
    fake = FakeProbe(api_key=KEY, polls_to_finish=2)
    fake.outcome = RunOutcome(failed_count=0)
    return fake


@pytest.fixture
def base_url(fake: FakeProbe) -> Iterator[str]:
    with fake.serve() as url:
        yield url


def _run(base_url: str, target_id: int, key: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], str]:
    """The script's result, and everything it wrote anywhere (streams, reports, job summary) as one text."""
    junit, report, summary = tmp_path / "out.xml", tmp_path / "out.json", tmp_path / "summary.md"
    clean = {name: value for name, value in os.environ.items() if not name.startswith(("SPLX_", "GITHUB_"))}
    env = {**clean, "SPLX_API_KEY": key, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    done = subprocess.run(
        [
            str(SCRIPT),
            "run",
            "--api-url",
            base_url,
            "--workspace",
            "1",
            "--target",
            str(target_id),
            "--probe",
            "1",
            "--wait",
            "--poll-interval",
            "0.02",
            "--fail-on-failed",
            "0",
            "--junit",
            str(junit),
            "--json",
            str(report),
            "-vv",  # tracebacks and debug logs included: they must not show the key either
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    written = [done.stdout, done.stderr]
    written += [path.read_text(errors="replace") for path in (junit, report, summary) if path.exists()]
    return done, "\n".join(written)


def test_a_key_with_a_trailing_newline_just_works_and_is_never_written(
    fake: FakeProbe, base_url: str, tmp_path: Path
) -> None:
    target_id = fake.add_target(1, settings={"targetPresetId": TARGET_TYPES[0]["id"]})
    done, written = _run(base_url, target_id, f"{KEY}\n", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "gate passed" in done.stdout
    assert "SPLX_API_KEY has whitespace around it (trailing newline): it was stripped" in done.stderr
    assert DISTINCTIVE not in written
    assert json.loads((tmp_path / "out.json").read_text())["gate"]["passed"] is True
    assert {request.headers.get("x-api-key") for request in fake.requests} == {KEY}


@pytest.mark.parametrize(
    "key",
    [f"{KEY}\r\nX-Evil: 1", f"{KEY}\x1b[0m", f"{KEY}\x7f", f"{KEY}\u00e9", f"{KEY}\u20ac", f"sk\x01{KEY}"],
    ids=["CRLF", "ESC", "DEL", "latin-1", "beyond-latin-1", "SOH"],
)
def test_a_key_that_cannot_be_sent_is_a_usage_error_and_never_written(
    fake: FakeProbe, base_url: str, tmp_path: Path, key: str
) -> None:
    target_id = fake.add_target(1, settings={"targetPresetId": TARGET_TYPES[0]["id"]})
    done, written = _run(base_url, target_id, key, tmp_path)
    assert done.returncode == 2, done.stderr
    assert "SPLX_API_KEY contains " in done.stderr
    assert DISTINCTIVE not in written
    report = json.loads((tmp_path / "out.json").read_text())
    assert "SPLX_API_KEY contains " in json.dumps(report)
    assert (tmp_path / "out.xml").exists()
    assert (tmp_path / "summary.md").exists()
    assert fake.requests == []  # refused before anything was sent
