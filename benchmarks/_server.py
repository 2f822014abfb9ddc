"""The fake SPLX Probe server in a process of its own, for the benchmarks that go over loopback.

In the benchmark's own process the server's threads would compete with the client for the GIL, and
their cost would be added to both sides of every ratio; in a child process it runs on another core.
Run as ``python -m benchmarks._server``: seeds one target, prints ``<base URL> <workspace id> <target id>``
on one line, serves until stdin closes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import subprocess
import sys
from collections.abc import Iterator

from splx_probe_client.ids import TargetId, WorkspaceId

API_KEY = "benchmark-key"
WORKSPACE_ID = 1


@dataclasses.dataclass(frozen=True)
class Served:
    """Where the child's fake listens, and the target seeded in it."""

    base_url: str
    workspace_id: WorkspaceId
    target_id: TargetId


@contextlib.contextmanager
def serve_in_subprocess() -> Iterator[Served]:
    """Start the fake in a child process; yield where it listens; stop it on exit."""
    child = subprocess.Popen(
        [sys.executable, "-m", f"{__package__}._server"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None
    assert child.stdout is not None
    try:
        line = child.stdout.readline().split()
        if len(line) != 3:
            raise RuntimeError(f"the fake server did not start (exit code {child.wait()})")
        yield Served(line[0], WorkspaceId(line[1]), TargetId(line[2]))
    finally:
        child.stdin.close()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _main() -> None:
    from splx_probe_client.testing import FakeProbe

    fake = FakeProbe(api_key=API_KEY)
    target_id = fake.add_target(WORKSPACE_ID)
    with fake.serve() as base_url:
        print(base_url, WORKSPACE_ID, target_id, flush=True)
        sys.stdin.read()  # the parent closes stdin to stop us


if __name__ == "__main__":
    _main()
