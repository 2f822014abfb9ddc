"""Row 3: decoding a large ``listTargetTestRuns`` body into models, vs ``json.loads`` and vs pydantic v2."""

from __future__ import annotations

import datetime
import json
from typing import Any

from pydantic import BaseModel, TypeAdapter

from splx_probe_client.models import ScanRunExecutionDto

from ._harness import format_seconds, paired_rounds
from ._report import Row
from ._settings import Settings
from ._spec import pydantic_model, sample_items

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
    # Speeds are only comparable if both sides produced the same data, nested objects and unknown fields included:
    # each side is written back to JSON and compared as values (a date-time as the instant it names).
    sdk = [_canonical(run.to_dict()) for run in parsed]
    pydantic = [_canonical(run.model_dump(mode="json", by_alias=True)) for run in reference]
    if sdk != pydantic:
        raise RuntimeError("the SDK and pydantic decoded the benchmark body differently")


def _canonical(value: Any) -> Any:
    """JSON data with nulls left out and date-time strings read as datetimes (``Z`` and ``+00:00`` are equal)."""
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    if isinstance(value, str) and len(value) >= 20 and value[4:5] == "-" and value[10:11] == "T":
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


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
