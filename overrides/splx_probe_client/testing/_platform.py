# Hand-written: edit overrides/splx_probe_client/testing/_platform.py, not this copy (installed by `make generate`).
"""The fake platform's state and what each operation does to it; no HTTP here, and no locking (the caller's).

Targets are stored per workspace; the connection is kept exactly as sent, the settings as the spec's
``TargetNewSettingsDto`` (only the fields it defines, so a target is always one the SDK can read). Runs advance
each time their target's runs are listed (``polls_to_finish``) or with ``clock`` (``seconds_to_finish``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from .._validation import known_fields
from ._catalog import CASES_PER_PROBE, PROBES, SCORE_CATEGORIES, TARGET_TYPES
from ._records import RunOutcome
from ._rules import INVALID, APIError

RUNNING = "RUNNING"
_FINISHED = frozenset({"COMPLETED", "FAILED"})
_SETTINGS_DTO = "TargetNewSettingsDto"
DEFAULT_SETTINGS: dict[str, Any] = {
    "name": "Fake target",
    "description": "A target stored by FakeProbe",
    "environment": "DEV",
    "language": "en",
    "concurrentRequests": False,
    "multiStepAttacks": False,
    "rateLimit": 10,
    "supportedModes": ["TEXT"],
}
DEFAULT_CONNECTION: dict[str, Any] = {"type": "OPENAI", "config": {"apiKey": "sk-fake", "model": "gpt-4o"}}

Answer = Any
"""The JSON payload of a success, ``None`` for an empty body (its status and content type come from the spec)."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


@attrs.define
class Run:
    id: int
    workspace_id: int
    target_id: int
    name: str
    probes: list[str]
    outcome: RunOutcome
    total: int
    started_at: float
    execution_date: str
    status: str = RUNNING
    observations: int = 0
    done_fraction: float = 0.0

    def final_counts(self) -> tuple[int, int, int]:
        """(failed, errors, passed) when the run reaches its outcome."""
        outcome = self.outcome
        failed = outcome.failed_count if outcome.failed_count is not None else self.total // 10
        errors = outcome.error_count
        passed = outcome.passed_count if outcome.passed_count is not None else max(0, self.total - failed - errors)
        return failed, errors, passed


@attrs.define
class Platform:
    """The state, and one method per implemented operation (see ``HANDLERS``)."""

    polls_to_finish: int = 3
    seconds_to_finish: float | None = None
    clock: Callable[[], float] = time.monotonic
    outcome: RunOutcome = attrs.Factory(RunOutcome)
    started_by: str = "fake.user@probe.splx.test"
    targets: dict[int, dict[str, Any]] = attrs.Factory(dict)
    target_workspace: dict[int, int] = attrs.Factory(dict)
    runs: dict[int, Run] = attrs.Factory(dict)
    scores: dict[int, dict[str, Any]] = attrs.Factory(dict)
    queued_outcomes: list[RunOutcome] = attrs.Factory(list)
    next_target_id: int = 101
    next_run_id: int = 5001

    # --- state ------------------------------------------------------------------------------------------

    def target(self, workspace_id: int, target_id: int) -> dict[str, Any]:
        found = self.targets.get(target_id)
        if found is None or self.target_workspace[target_id] != workspace_id:
            raise APIError(404, f"Target {target_id} not found in workspace {workspace_id}.")
        return found

    def run(self, workspace_id: int, run_id: int) -> Run:
        run = self.runs.get(run_id)
        if run is None or run.workspace_id != workspace_id:
            raise APIError(404, f"Test run {run_id} not found in workspace {workspace_id}.")
        return run

    def create_target(self, workspace_id: int, body: Mapping[str, Any]) -> dict[str, Any]:
        target_id = self.next_target_id
        self.next_target_id += 1
        target = {
            "id": target_id,
            "scanId": target_id + 9000,
            "connection": _copy(body["connection"]),  # exactly as sent, never aliased
            "settings": settings_dto(body["settings"], {}),
        }
        self.targets[target_id] = target
        self.target_workspace[target_id] = workspace_id
        return target

    def start_run(
        self, workspace_id: int, target_id: int, name: str, probe_ids: list[int] | None, outcome: RunOutcome | None
    ) -> Run:
        if not probe_ids:
            preset_id = self.targets[target_id]["settings"].get("targetPresetId")
            preset = next((t for t in TARGET_TYPES if t["id"] == preset_id), TARGET_TYPES[0])
            probe_ids = [d["probeId"] for d in preset["details"] if d["isRecommended"]]
        if outcome is None:
            outcome = self.queued_outcomes.pop(0) if self.queued_outcomes else self.outcome
        total = outcome.total_count if outcome.total_count is not None else CASES_PER_PROBE * len(probe_ids)
        run = Run(
            id=self.next_run_id,
            workspace_id=workspace_id,
            target_id=target_id,
            name=name,
            probes=[PROBES[i] for i in probe_ids],
            outcome=outcome,
            total=total,
            started_at=self.clock(),
            execution_date=now(),
        )
        self.next_run_id += 1
        self.runs[run.id] = run
        return run

    def observe(self, run: Run) -> None:
        if run.status != RUNNING:
            return
        run.observations += 1
        if self.seconds_to_finish is not None:
            elapsed = self.clock() - run.started_at
            run.done_fraction = 1.0 if self.seconds_to_finish <= 0 else min(1.0, elapsed / self.seconds_to_finish)
        else:
            run.done_fraction = 1.0 if self.polls_to_finish == 0 else min(1.0, run.observations / self.polls_to_finish)
        if run.done_fraction >= 1.0:
            run.status = run.outcome.status

    def run_json(self, run: Run) -> dict[str, Any]:
        failed, errors, passed = run.final_counts()
        fraction = run.done_fraction
        return {
            "id": run.id,
            "name": run.name,
            "probes": list(run.probes),
            "startedBy": self.started_by,
            "status": run.status,
            "executionDate": run.execution_date,
            "progress": round(100.0 * fraction, 1),
            "totalCount": run.total,
            "failedCount": int(failed * fraction),
            "errorCount": int(errors * fraction),
            "passedCount": int(passed * fraction),
        }

    def sample_of(self, ids: Mapping[str, int]) -> Answer:
        """A download's subject must exist (every id the path names); its body is a sample of its type (no payload)."""
        workspace_id = ids.get("workspaceId", 0)
        if "targetId" in ids:
            self.target(workspace_id, ids["targetId"])
        if "testRunId" in ids:
            self.run(workspace_id, ids["testRunId"])
        return None

    # --- operations: (path ids, checked request body) -> payload ------------------------------------------

    def list_target_types(self, ids: Mapping[str, int], body: Mapping[str, Any]) -> Answer:
        return TARGET_TYPES

    def create_target_op(self, ids: Mapping[str, int], body: Mapping[str, Any]) -> Answer:
        return self.create_target(ids["workspaceId"], body)

    def get_target(self, ids: Mapping[str, int], body: Mapping[str, Any]) -> Answer:
        return self.target(ids["workspaceId"], ids["targetId"])

    def update_target(self, ids: Mapping[str, int], body: Mapping[str, Any]) -> Answer:
        target = self.target(ids["workspaceId"], ids["targetId"])
        if "connection" in body:
            target["connection"] = _copy(body["connection"])
        if "settings" in body:
            target["settings"] = settings_dto(body["settings"], target["settings"])
        return target

    def delete_target(self, ids: Mapping[str, int], body: Mapping[str, Any]) -> Answer:
        target = self.target(ids["workspaceId"], ids["targetId"])
        del self.targets[target["id"]], self.target_workspace[target["id"]]
        self.scores.pop(target["id"], None)
        for run_id in [r.id for r in self.runs.values() if r.target_id == target["id"]]:
            del self.runs[run_id]
        return target

    def get_target_scores(self, ids: Mapping[str, int], body: Mapping[str, Any]) -> Answer:
        target = self.target(ids["workspaceId"], ids["targetId"])
        if target["id"] in self.scores:
            return self.scores[target["id"]]
        completed = [r for r in self.runs.values() if r.target_id == target["id"] and r.status == "COMPLETED"]
        if not completed:
            raise APIError(404, f"Target {target['id']} has no scores yet: no test run has completed.")
        successful = sum(r.final_counts()[0] for r in completed)
        simulated = successful + sum(r.final_counts()[2] for r in completed)
        overall = 100 if simulated == 0 else round(100 * (1 - successful / simulated))
        return {
            "overallScore": overall,
            "scores": dict.fromkeys(SCORE_CATEGORIES, float(overall)),
            "simulatedAttacks": simulated,
            "successfulAttacks": successful,
            "latestExecutionDate": max(r.execution_date for r in completed),
        }

    def list_target_test_runs(self, ids: Mapping[str, int], body: Mapping[str, Any]) -> Answer:
        target = self.target(ids["workspaceId"], ids["targetId"])
        runs = sorted((r for r in self.runs.values() if r.target_id == target["id"]), key=lambda r: -r.id)
        for run in runs:
            self.observe(run)
        return [self.run_json(run) for run in runs]

    def trigger_test_run(self, ids: Mapping[str, int], body: Mapping[str, Any]) -> Answer:
        workspace_id = ids["workspaceId"]
        self.target(workspace_id, body["targetId"])
        unknown = [i for i in body["probeIds"] or [] if i not in PROBES]
        if unknown:
            raise APIError(400, INVALID, {"probeIds": [f"unknown probes {unknown}"]})
        run = self.start_run(workspace_id, body["targetId"], body["name"], body["probeIds"], None)
        return {"testRunId": run.id}

    def cancel_test_run(self, ids: Mapping[str, int], body: Mapping[str, Any]) -> Answer:
        run = self.run(ids["workspaceId"], ids["testRunId"])
        if run.status in _FINISHED:
            raise APIError(400, f"Test run {run.id} has already finished ({run.status}).")
        run.status = "CANCELLED"
        return None


HANDLERS: dict[str, Callable[[Platform, Mapping[str, int], Mapping[str, Any]], Answer]] = {
    "listTargetTypes": Platform.list_target_types,
    "createTarget": Platform.create_target_op,
    "getTarget": Platform.get_target,
    "updateTarget": Platform.update_target,
    "deleteTarget": Platform.delete_target,
    "getTargetScores": Platform.get_target_scores,
    "listTargetTestRuns": Platform.list_target_test_runs,
    "triggerTestRun": Platform.trigger_test_run,
    "cancelTestRun": Platform.cancel_test_run,
}
"""operationId -> what the fake does; an operation of the spec missing here is answered 501."""


def settings_dto(request: Mapping[str, Any], previous: Mapping[str, Any]) -> dict[str, Any]:
    """``TargetSettingsCreateRequest`` (merged over ``previous``) -> ``TargetNewSettingsDto``, spec fields only."""
    settings = {**previous, **_copy(request)}
    rag_file_id = settings.pop("ragFileId", None)
    if rag_file_id is not None:
        settings["ragFile"] = {"ragFileId": rag_file_id, "ragFileName": None, "ragFileUrl": None}
    settings.setdefault("systemPromptConfigurations", {})
    kept = known_fields(_SETTINGS_DTO, settings)
    assert isinstance(kept, dict)
    return kept
