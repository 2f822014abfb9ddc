"""The benchmark harness: interleaving, paired ratios, the table and RESULTS.md."""

from __future__ import annotations

import datetime

import pytest

from benchmarks._harness import Paired, format_seconds, paired_rounds, paired_rounds_async
from benchmarks._report import Row, results_markdown, table


def test_rounds_alternate_which_side_goes_first() -> None:
    calls: list[str] = []
    paired = paired_rounds(lambda: calls.append("a"), lambda: calls.append("b"), rounds=3)
    assert calls == ["a", "b", "b", "a", "a", "b"]
    assert len(paired.a) == len(paired.b) == len(paired.a_cpu) == len(paired.b_cpu) == 3


async def test_async_rounds_alternate_too() -> None:
    calls: list[str] = []

    async def a() -> None:
        calls.append("a")

    async def b() -> None:
        calls.append("b")

    await paired_rounds_async(a, b, rounds=2)
    assert calls == ["a", "b", "b", "a"]


def test_ratio_is_the_median_of_per_round_ratios() -> None:
    # Round 2 is a slow phase for both sides: pairing cancels it, a ratio of medians would not.
    paired = Paired(a=(1.1, 11.0, 1.2), b=(1.0, 10.0, 1.0), a_cpu=(2.0, 2.0, 2.0), b_cpu=(1.0, 4.0, 1.0))
    assert paired.ratio == pytest.approx(1.1)
    assert paired.median_a == 1.2
    assert paired.median_b == 1.0
    assert paired.cpu_ratio == 2.0


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0.000_812, "812 µs"), (0.041_25, "41.2 ms"), (0.999, "999.0 ms"), (1.2, "1.20 s")]
)
def test_durations_are_shown_in_a_readable_unit(seconds: float, shown: str) -> None:
    assert format_seconds(seconds) == shown


def _rows() -> list[Row]:
    return [
        Row("1. fast", "10 ms", "9.9 ms", "1.01x", "≤ 1.10x", met=True),
        Row("2. slow", "20 ms", "10 ms", "2.00x", "≤ 1.10x", met=False, notes=("Misses the goal by 82%.",)),
    ]


def test_table_is_aligned_markdown_with_a_status_per_row() -> None:
    lines = table(_rows()).splitlines()
    assert lines[0].startswith("| benchmark ")
    assert set(lines[1]) == {"|", "-"}
    assert len({len(line) for line in lines}) == 1  # every line padded to the same width
    assert lines[2].rstrip(" |").endswith("met")
    assert lines[3].rstrip(" |").endswith("MISSED")


def test_results_name_the_date_command_and_machine_and_keep_the_notes() -> None:
    now = datetime.datetime(2026, 11, 23, 4, 5, tzinfo=datetime.UTC)
    text = results_markdown(_rows(), command="python -m benchmarks", settings="7 rounds", now=now)
    assert "- date: 2026-11-23 04:05 UTC" in text
    assert "- command: `python -m benchmarks`" in text
    assert "httpx " in text.split("- machine: ", 1)[1].splitlines()[0]
    assert "- settings: 7 rounds" in text
    assert table(_rows()) in text
    assert "**2. slow**\n- Misses the goal by 82%." in text
