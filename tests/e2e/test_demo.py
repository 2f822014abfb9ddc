"""``make demo``'s script runs offline against the embedded fake: exit 0, progress and final counts printed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

QUICKSTART = Path(__file__).parents[2] / "examples" / "quickstart.py"


def test_the_demo_runs_offline_to_a_completed_run() -> None:
    env = {name: value for name, value in os.environ.items() if not name.startswith("SPLX_")}
    done = subprocess.run(
        [sys.executable, str(QUICKSTART)], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("test run 5001: RUNNING") for line in lines)  # progress, one line per change
    assert "4. Test run 5001 finished: COMPLETED 100% passed 36 failed 4 errors 0 of 40" in lines
    assert any(line.strip().startswith("overall 90/100") for line in lines)
    assert "sk-demo-not-a-real-key" not in done.stdout + done.stderr  # the provider key is never shown
