"""Row 3: decoding a large ``listTargetTestRuns`` body into models, vs ``json.loads`` and vs pydantic v2."""

from __future__ import annotations

import datetime
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from splx_probe_client.models import ScanRunExecutionDto

from ._harness import format_seconds, paired_rounds
from ._report import Row
from ._settings import Settings

GOAL = 3.0
_STATUSES = ("COMPLETED", "RUNNING", "FAILED", "CANCELLED", "PENDING")
_PROBES = ("Jailbreak", "Context Leakage", "Hallucination", "Off-topic", "Manipulation", "Toxicity")


class PydanticRun(BaseModel):
    """The same shape as ``ScanRunExecutionDto``, as a user reaching for pydantic would write it."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    id: int
    name: str | None
    probes: list[str] | None
    started_by: str | None = Field(alias="startedBy")
    status: str | None
    error_count: int | None = Field(default=None, alias="errorCount")
    execution_date: datetime.datetime | None = Field(default=None, alias="executionDate")
    failed_count: int | None = Field(default=None, alias="failedCount")
    passed_count: int | None = Field(default=None, alias="passedCount")
    progress: float | None = None
    total_count: int | None = Field(default=None, alias="totalCount")


PYDANTIC_LIST = TypeAdapter(list[PydanticRun])


def sample_runs(count: int) -> list[dict[str, Any]]:
    """``count`` test runs as the API sends them: every field, a few nulls, an unknown extra field."""
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    runs = []
    for index in range(count):
        finished = index % 7 != 0
        runs.append(
            {
                "id": 100_000 + index,
                "name": f"nightly regression {index}",
                "probes": list(_PROBES[: 2 + index % 5]),
                "startedBy": None if index % 11 == 0 else f"user{index % 13}@example.com",
                "status": _STATUSES[index % len(_STATUSES)],
                "errorCount": index % 3,
                "executionDate": (start + datetime.timedelta(minutes=index)).isoformat().replace("+00:00", "Z")
                if finished
                else None,
                "failedCount": index % 17,
                "passedCount": 200 - index % 17,
                "progress": 100.0 if finished else (index % 100) / 1.0,
                "totalCount": 200,
                "riskScore": index % 100,  # not in the spec: must be kept, on both sides
            }
        )
    return runs


def sdk_parse(body: bytes) -> list[ScanRunExecutionDto]:
    """What the generated ``list_target_test_runs`` endpoint does with a 200 body."""
    return [ScanRunExecutionDto.from_dict(item) for item in json.loads(body)]


def _check_agree(parsed: list[ScanRunExecutionDto], reference: list[PydanticRun]) -> None:
    # Speeds are only comparable if both sides produced the same data, unknown fields included.
    sdk_view = [(run.id, run.execution_date, run.progress, run["riskScore"]) for run in parsed]
    reference_view = [
        (run.id, run.execution_date, run.progress, (run.model_extra or {})["riskScore"]) for run in reference
    ]
    if sdk_view != reference_view:
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
        "pydantic = `TypeAdapter(list[Model]).validate_json` on a model of the same shape with `extra='allow'`.",
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
