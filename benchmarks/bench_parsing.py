"""Row 3: decoding a large ``listTargetTestRuns`` body into models, vs ``json.loads`` and vs pydantic v2."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, TypeAdapter

from splx_probe_client.models import ScanRunExecutionDto
from splx_probe_client.types import Unset

from ._harness import format_seconds, paired_rounds
from ._report import Row
from ._settings import Settings
from ._spec import EXTRA_FIELD, pydantic_model, sample_items

GOAL = 3.0
SCHEMA = "ScanRunExecutionDto"
PydanticRun = pydantic_model(SCHEMA)
"""The same shape as ``ScanRunExecutionDto``, built from the spec at run time as a pydantic user would write it."""
PYDANTIC_LIST = TypeAdapter(list[PydanticRun])  # type: ignore[valid-type]


def sample_runs(count: int) -> list[dict[str, Any]]:
    """``count`` test runs as the API sends them: every field of the spec, a few nulls, an unknown extra field."""
    return sample_items(SCHEMA, count)


def sdk_parse(body: bytes) -> list[ScanRunExecutionDto]:
    """What the generated ``list_target_test_runs`` endpoint does with a 200 body."""
    return [ScanRunExecutionDto.from_dict(item) for item in json.loads(body)]


def _check_agree(parsed: list[ScanRunExecutionDto], reference: list[BaseModel]) -> None:
    # Speeds are only comparable if both sides produced the same data, unknown fields included.
    names = sorted(type(reference[0]).model_fields) if reference else []

    def sdk_view(run: ScanRunExecutionDto) -> list[Any]:
        values = [getattr(run, name) for name in names]
        return [None if isinstance(value, Unset) else value for value in values] + [run[EXTRA_FIELD]]

    def reference_view(run: BaseModel) -> list[Any]:
        return [getattr(run, name) for name in names] + [(run.model_extra or {})[EXTRA_FIELD]]

    if [sdk_view(run) for run in parsed] != [reference_view(run) for run in reference]:
        raise RuntimeError("the SDK and pydantic decoded the benchmark body differently")


def run(settings: Settings) -> list[Row]:
    """Time SDK decoding of ``settings.runs`` test runs against ``json.loads`` alone and pydantic v2."""
    body = json.dumps(sample_runs(settings.runs)).encode()

    def sdk() -> list[ScanRunExecutionDto]:
        return sdk_parse(body)

    _check_agree(sdk(), PYDANTIC_LIST.validate_json(body))
    versus_json = paired_rounds(sdk, lambda: json.loads(body), settings.rounds)
    versus_pydantic = paired_rounds(sdk, lambda: PYDANTIC_LIST.validate_json(body), settings.rounds)
    met = versus_pydantic.ratio <= GOAL
    notes = [
        f"{settings.runs} runs ({len(body) / 1e6:.1f} MB of JSON): SDK = `json.loads` + "
        "`ScanRunExecutionDto.from_dict` per item (what the generated endpoint does); "
        "pydantic = `TypeAdapter(list[Model]).validate_json` on a model of the same shape, built from the spec "
        "with `pydantic.create_model` (`extra='allow'`).",
        f"vs `json.loads` alone ({format_seconds(versus_json.median_b)}): {versus_json.ratio:.1f}x; "
        f"vs pydantic v2 ({format_seconds(versus_pydantic.median_b)}): {versus_pydantic.ratio:.2f}x "
        f"(SDK {format_seconds(versus_json.median_a)} per list, "
        f"{versus_json.median_a / settings.runs * 1e6:.1f} µs per run).",
    ]
    if not met:
        notes.append(f"Misses the goal by {(versus_pydantic.ratio / GOAL - 1) * 100:.0f}%.")
    row = Row(
        name="3. parsing",
        sdk=format_seconds(versus_pydantic.median_a),
        baseline=f"pydantic {format_seconds(versus_pydantic.median_b)}",
        figure=f"{versus_pydantic.ratio:.2f}x pydantic, {versus_json.ratio:.1f}x json.loads",
        goal=f"≤ {GOAL:.0f}x pydantic",
        met=met,
        notes=tuple(notes),
    )
    return [row]
