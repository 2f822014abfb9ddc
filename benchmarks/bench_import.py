"""Row 4: start-up cost, whole interpreter processes importing the SDK vs importing its floor."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from ._harness import Paired, format_seconds, paired_rounds
from ._report import Row
from ._settings import Settings

GOAL = 1.15
SDK_IMPORT = "import splx_probe_client"


def first_use_code() -> str:
    """What a program making one call really imports: the client, one endpoint module and its models."""
    return "from splx_probe_client import ProbeClient; from splx_probe_client.api.target import get_target"


def baseline_modules() -> tuple[str, ...]:
    """The floor: httpx, attrs and python-dateutil (the usual third dependency of generated clients)."""
    if importlib.util.find_spec("dateutil") is None:
        return ("httpx", "attrs")
    return ("httpx", "attrs", "dateutil")


def _command(code: str) -> tuple[str, ...]:
    # -I: no user site-packages or PYTHON* variables changing what gets imported, for both sides alike.
    return (sys.executable, "-I", "-c", code)


def _compare(code: str, baseline_code: str, rounds: int) -> Paired:
    sdk, base = _command(code), _command(baseline_code)
    for command in (sdk, base):
        subprocess.run(command, check=True)  # warm the OS file cache and write the .pyc files before timing
    return paired_rounds(
        lambda: subprocess.run(sdk, check=True), lambda: subprocess.run(base, check=True), rounds=rounds
    )


def run(settings: Settings) -> list[Row]:
    """Time ``python -c "import splx_probe_client"`` against ``python -c "import httpx, attrs, dateutil"``."""
    modules = baseline_modules()
    baseline_code = "import " + ", ".join(modules)
    bare = _compare(SDK_IMPORT, baseline_code, settings.import_rounds)
    used = _compare(first_use_code(), baseline_code, settings.import_rounds)
    notes = [
        f'`python -I -c "{SDK_IMPORT}"` vs `python -I -c "{baseline_code}"`, whole processes, '
        f"{settings.import_rounds} launches each, interleaved.",
        f"A program that makes a call also loads the client, an endpoint module and the models: "
        f"`{first_use_code()}` takes {format_seconds(used.median_a)}, {used.ratio:.2f}x the baseline "
        f"({'within' if used.ratio <= GOAL else 'over'} the {GOAL:.2f}x goal).",
    ]
    if "dateutil" not in modules:
        notes.append("python-dateutil is not installed, so the baseline imports httpx and attrs only.")
    if bare.ratio > GOAL:
        notes.append(f"Misses the goal by {(bare.ratio / GOAL - 1) * 100:.0f}%.")
    row = Row(
        name="4. import",
        sdk=format_seconds(bare.median_a),
        baseline=format_seconds(bare.median_b),
        figure=f"{bare.ratio:.2f}x ({used.ratio:.2f}x with a client and an endpoint)",
        goal=f"≤ {GOAL:.2f}x",
        met=bare.ratio <= GOAL,
        notes=tuple(notes),
    )
    return [row]
