"""The README's usage example runs as printed, against FakeProbe on 127.0.0.1 (configured through the environment)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from splx_probe_client.testing import FakeProbe

README = Path(__file__).parents[2] / "README.md"


def test_the_readme_example_runs_as_printed(tmp_path: Path) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)
    example = next(block for block in blocks if "asyncio.run(main())" in block)
    script = tmp_path / "example.py"
    script.write_text(example, encoding="utf-8")
    fake = FakeProbe(polls_to_finish=0)
    with fake.serve() as base_url:
        env = {**os.environ, "SPLX_API_KEY": fake.api_key, "SPLX_API_URL": base_url}
        done = subprocess.run(
            [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=60, check=False
        )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].startswith("COMPLETED ")
    assert fake.target(1, 101)["connection"]["type"] == "BEDROCK"  # filled in by connection(), sent as JSON
