"""Rows, the printed table and ``RESULTS.md``: how a run's figures are shown and recorded."""

from __future__ import annotations

import datetime
import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path


@dataclass(frozen=True)
class Row:
    """One line of the results table: a figure measured in this run against its goal."""

    name: str
    sdk: str
    """What the SDK side measured (a median time or a count)."""
    baseline: str
    """What the reference side measured, or ``-`` when the goal is absolute."""
    figure: str
    """The compared figure, e.g. ``1.04x`` or ``4 req/tick``."""
    goal: str
    met: bool
    notes: tuple[str, ...] = field(default=())
    """Details: what exactly was compared and, for a missed goal, by how much and why."""

    @property
    def status(self) -> str:
        """``met`` or ``MISSED``, as printed."""
        return "met" if self.met else "MISSED"


_HEADER = ("benchmark", "SDK", "baseline", "figure", "goal", "status")


def _cells(row: Row) -> tuple[str, ...]:
    return (row.name, row.sdk, row.baseline, row.figure, row.goal, row.status)


def table(rows: Sequence[Row]) -> str:
    """A Markdown table of ``rows``, padded so it also reads well in a terminal."""
    lines = [_HEADER, *(_cells(row) for row in rows)]
    widths = [max(len(line[column]) for line in lines) for column in range(len(_HEADER))]

    def render(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([render(_HEADER), rule, *(render(cells) for cells in lines[1:])])


def notes(rows: Sequence[Row]) -> str:
    """The rows' notes as a Markdown list, one block per row."""
    blocks = []
    for row in rows:
        if row.notes:
            blocks.append(f"**{row.name}**\n" + "\n".join(f"- {note}" for note in row.notes))
    return "\n\n".join(blocks)


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> str:
    """The machine and software the figures were measured on, one line."""
    versions = ", ".join(
        f"{name} {_version(name)}" for name in ("splx-probe-client", "httpx", "attrs", "pydantic", "python-dateutil")
    )
    return (
        f"{platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs; "
        f"{platform.python_implementation()} {platform.python_version()}; {versions}"
    )


def results_markdown(rows: Sequence[Row], *, command: str, settings: str, now: datetime.datetime) -> str:
    """The whole ``RESULTS.md`` document."""
    parts = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m benchmarks`); do not edit by hand, run it again.",
        "Each ratio is SDK / baseline, measured side by side in one process run: A/B interleaved, "
        "the median of the per-round ratios.",
        "",
        f"- date: {now.strftime('%Y-%m-%d %H:%M UTC')}",
        f"- command: `{command}`",
        f"- machine: {machine()}",
        f"- settings: {settings}",
        "",
        table(rows),
        "",
    ]
    details = notes(rows)
    if details:
        parts += ["## Notes", "", details, ""]
    return "\n".join(parts)


def write_results(path: Path, rows: Sequence[Row], *, command: str, settings: str) -> None:
    """Write ``RESULTS.md`` for ``rows`` to ``path``, dated now, naming the ``command`` that ran."""
    now = datetime.datetime.now(datetime.UTC)
    path.write_text(results_markdown(rows, command=command, settings=settings, now=now), encoding="utf-8")
