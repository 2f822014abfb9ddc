"""Every benchmark runs once at tiny sizes, so ``make bench`` never rots (the figures are not checked here)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from benchmarks import _spec, bench_parsing
from benchmarks.__main__ import BENCHMARKS, main, run_all
from benchmarks._report import Row
from benchmarks._settings import QUICK


def _ratio(figure: str) -> float:
    return float(figure.split("x", 1)[0])


def _assert_measured(rows: list[Row], names: list[str]) -> None:
    assert [row.name for row in rows] == names
    for row in rows:
        assert row.figure != "not run", row.notes
        assert row.notes, f"{row.name} explains what it compared"


def test_parsing_decodes_the_same_data_on_both_sides_and_reports_two_ratios() -> None:
    rows = bench_parsing.run(QUICK)
    _assert_measured(rows, ["3. parsing"])
    ratio = _ratio(rows[0].figure)
    assert math.isfinite(ratio)
    assert ratio > 0
    assert "json.loads" in rows[0].figure


def test_sample_runs_carry_a_field_the_spec_does_not_name() -> None:
    parsed = bench_parsing.sdk_parse(b'[{"id": 1, "name": null, "probes": null, "startedBy": null, "status": null}]')
    assert parsed[0].id == 1
    assert all("riskScore" in run for run in bench_parsing.sample_runs(3))


def test_make_bench_runs_every_benchmark_and_writes_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "RESULTS.md"
    assert main(["--quick", "--output", str(output)]) == 0
    printed = capsys.readouterr().out
    text = output.read_text(encoding="utf-8")
    for name in (name for _, names in BENCHMARKS for name in names):
        assert f"| {name} " in printed
        assert f"| {name} " in text
    assert "not run" not in text
    assert f"- command: `python -m benchmarks --quick --output {output}`" in text
    assert "import httpx, attrs" in text  # the import row names its baseline
    assert "Connections opened" in text  # the concurrency row counted them


def test_a_benchmark_that_cannot_load_is_reported_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "benchmarks.__main__.BENCHMARKS",
        (("bench_does_not_exist", ("9. missing",)), ("bench_parsing", ("3. parsing",))),
    )
    rows = run_all(QUICK, progress=lambda line: None)
    assert [(row.name, row.figure, row.met) for row in rows[:1]] == [("9. missing", "not run", False)]
    assert "ModuleNotFoundError" in rows[0].notes[0]
    assert rows[1].name == "3. parsing"


def test_the_pydantic_reference_model_has_the_fields_of_the_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = json.loads(_spec.SPEC_PATH.read_text(encoding="utf-8"))
    schema = spec["components"]["schemas"][bench_parsing.SCHEMA]
    fields = bench_parsing.PydanticRun.model_fields
    assert {field.alias for field in fields.values()} == set(schema["properties"])
    assert {field.alias for field in fields.values() if field.is_required()} == set(schema["required"])

    # A field the API adds is in the model and in the benchmark body, with no edit of the benchmark.
    schema["properties"]["riskLevel"] = {"type": "string", "nullable": True}
    schema["required"].append("riskLevel")
    changed = tmp_path / "spec.json"
    changed.write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setattr(_spec, "SPEC_PATH", changed)
    _spec.schemas.cache_clear()
    try:
        model = _spec.pydantic_model(bench_parsing.SCHEMA)
        items = _spec.sample_items(bench_parsing.SCHEMA, 3)
    finally:
        _spec.schemas.cache_clear()
    assert model.model_fields["risk_level"].alias == "riskLevel"
    assert all("riskLevel" in item for item in items)
    assert [run.risk_level for run in TypeAdapter(list[model]).validate_python(items)] == [  # type: ignore[attr-defined,valid-type]
        item["riskLevel"] for item in items
    ]
