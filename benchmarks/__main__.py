"""``python -m benchmarks``: run the benchmarks, print the table, write ``benchmarks/RESULTS.md``."""

from __future__ import annotations

import argparse
import importlib
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ._report import Row, notes, table, write_results
from ._settings import FULL, QUICK, Settings

RESULTS = Path(__file__).with_name("RESULTS.md")

# Module, and the rows it produces (named up front so a module that cannot load still gets its rows).
BENCHMARKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("bench_requests", ("1. request overhead", "2. concurrency")),
    ("bench_parsing", ("3. parsing",)),
    ("bench_import", ("4. import",)),
    ("bench_polling", ("5. polling fan-out",)),
    ("bench_peer", ("6. vs openai, async", "7. vs openai, sync")),
)


def _not_run(names: Sequence[str], reason: str) -> list[Row]:
    return [Row(name, "-", "-", "not run", "-", met=False, notes=(f"Not run: {reason}",)) for name in names]


def run_all(settings: Settings, *, progress: Callable[[str], object] = print) -> list[Row]:
    """Run every benchmark at ``settings`` and return the rows in table order."""
    rows: list[Row] = []
    for module_name, names in BENCHMARKS:
        progress(f"running {module_name} ...")
        try:
            module = importlib.import_module(f"{__package__}.{module_name}")
        except ImportError as error:  # a dependency the benchmark measures is not built yet
            rows += _not_run(names, f"{type(error).__name__}: {error}")
            continue
        rows += module.run(settings)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``make bench``; ``--quick`` runs everything once at tiny sizes."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one round: checks the benchmarks run")
    parser.add_argument("--output", type=Path, default=RESULTS, help="results file (default: %(default)s)")
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(arguments)
    settings = QUICK if args.quick else FULL
    rows = run_all(settings, progress=lambda line: print(line, file=sys.stderr))
    print(table(rows))
    details = notes(rows)
    if details:
        print("\n" + details)
    command = shlex.join(["python", "-m", "benchmarks", *arguments])
    write_results(args.output, rows, command=command, settings=settings.describe())
    print(f"\nwritten to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
