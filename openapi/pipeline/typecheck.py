"""Type-check the hand-written layer against a freshly built package, before it replaces the committed one.

A regeneration can change what the hand-written code relies on (a response field removed, a parameter renamed).
mypy, at the strictness of CI (the project's ``[tool.mypy]``), checks the built package (generated modules and
the override copies, the CLI included) together with ``examples/`` and ``benchmarks/``; each error is reported
at the line of the file a human edits (``overrides/...``, not the installed copy), and the generation fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .merge import MergeError

PACKAGE = "splx_probe_client"
HAND_WRITTEN_DIRS = ("examples", "benchmarks")
"""Directories beside the package whose code uses it; checked with it."""
CACHE = Path(".mypy_cache") / "generate"
"""Under the repository (git-ignored); separate from ``make typecheck``'s, which sees the committed package."""
_ERROR = re.compile(r"^(?P<path>[^:\n]+\.py):(?P<line>\d+):(?P<rest>.*)$")


class TypecheckError(MergeError):
    """The hand-written layer does not type-check against the built package; the message names file:line."""


def typecheck(scratch: Path, root: Path) -> None:
    """mypy on ``scratch/splx_probe_client`` plus the repository's hand-written directories, or ``TypecheckError``.

    ``scratch`` is the directory holding the built package. Paths in the message are the repository's.
    """
    for name in HAND_WRITTEN_DIRS:
        link = scratch / name
        if (root / name).is_dir() and not link.exists():
            link.symlink_to(root / name, target_is_directory=True)
    targets = [PACKAGE, *(name for name in HAND_WRITTEN_DIRS if (scratch / name).exists())]
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--config-file",
        str(root / "pyproject.toml"),
        "--cache-dir",
        str(root / CACHE),
        "--no-error-summary",
        "--hide-error-context",
        "--show-column-numbers",
        *targets,
    ]
    # The package must resolve to the built copy, never to the installed (editable) one.
    env = {**os.environ, "MYPYPATH": str(scratch)}
    done = subprocess.run(command, cwd=scratch, env=env, capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return
    lines = [_located(line, scratch, root) for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    raise TypecheckError(
        "the hand-written code no longer fits the regenerated package (mypy --strict; nothing was replaced):\n"
        + "\n".join(lines)
        + "\nFix the lines named above (overrides/, examples/, benchmarks/), or the spec change, and run "
        "`make generate` again."
    )


def _located(line: str, scratch: Path, root: Path) -> str:
    """A mypy line with its path turned into the file a human edits, and the line number in that file."""
    match = _ERROR.match(line)
    if not match:
        return line
    path, number, rest = match["path"], int(match["line"]), match["rest"]
    if not path.startswith(f"{PACKAGE}/"):
        return line  # examples/ and benchmarks/ are linked in: the same relative path in the repository
    source = root / "overrides" / path
    if not source.exists():
        return f"{path}:{number}:{rest} (generated code)"
    return f"overrides/{path}:{_source_line(scratch / path, source, number)}:{rest}"


def _source_line(copy: Path, source: Path, number: int) -> int:
    """Line ``number`` of the installed copy, as a line of its source (the copy's imports may be re-sorted)."""
    copied = copy.read_text(encoding="utf-8").splitlines()
    original = source.read_text(encoding="utf-8").splitlines()
    if copied == original or not 0 < number <= len(copied):
        return number
    wanted = copied[number - 1].strip()
    found: Sequence[int] = [index + 1 for index, text in enumerate(original) if text.strip() == wanted]
    if len(found) == 1:
        return found[0]
    return min(found, key=lambda candidate: abs(candidate - number)) if found else number
