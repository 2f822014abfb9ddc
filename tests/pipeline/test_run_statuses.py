"""Run-status vocabulary: merge-config -> spec extension (with warnings) -> generated ``_statuses.py`` -> poller."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.merge import MergeError, merge_documents, run_merge
from pipeline.run_statuses import RUN_STATUSES_EXTENSION, RunStatusConfigError, classify_run_statuses
from pipeline.tables import run_statuses_module
from splx_probe_client import TERMINAL_STATUSES, _statuses

from .conftest import MERGE_CONFIG, ROOT

CONFIG: dict[str, Any] = yaml.safe_load(MERGE_CONFIG.read_text(encoding="utf-8"))["run_statuses"]
SPEC: dict[str, Any] = json.loads((ROOT / "openapi" / "splx-probe.json").read_text(encoding="utf-8"))


def _spec(description: str) -> dict[str, Any]:
    status = {"type": "string", "nullable": True, "description": description}
    return {"components": {"schemas": {"Run": {"type": "object", "properties": {"status": status}}}}}


def _config(**classes: Any) -> dict[str, Any]:
    return {"schema": "Run.status", "finished": ["DONE"], "running": ["RUNNING"], **classes}


def _module(spec: dict[str, Any]) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(run_statuses_module(spec), "_statuses.py", "exec"), namespace)  # our own output
    return namespace


def test_the_config_is_copied_into_the_spec_as_an_extension() -> None:
    spec = _spec("One of 'RUNNING' or 'DONE'.")
    warnings: list[str] = []
    classify_run_statuses(spec, _config(), warnings)
    extension = spec["components"]["schemas"]["Run"]["properties"]["status"][RUN_STATUSES_EXTENSION]
    assert extension["finished"] == ["DONE"]
    assert extension["running"] == ["RUNNING"]
    assert warnings == []


def test_a_status_the_description_mentions_but_nobody_classified_is_a_warning_naming_it() -> None:
    spec = _spec("Current status (e.g., 'RUNNING', 'DONE' and 'TIMED_OUT').")
    warnings: list[str] = []
    classify_run_statuses(spec, _config(), warnings)
    assert len(warnings) == 1
    assert "'TIMED_OUT'" in warnings[0]
    assert "Run.status" in warnings[0]


def test_an_enum_value_nobody_classified_is_a_warning_too() -> None:
    spec = _spec("The status.")
    warnings: list[str] = []
    spec["components"]["schemas"]["Run"]["properties"]["status"]["enum"] = ["RUNNING", "DONE", "PAUSED"]
    classify_run_statuses(spec, _config(), warnings)
    assert ["'PAUSED'" in warning for warning in warnings] == [True]


@pytest.mark.parametrize(
    ("config", "named"),
    [
        ({**_config(), "finishd": ["X"]}, "finishd"),
        (_config(failed=["DONE"]), "'DONE' is both finished and failed"),
        ({**_config(), "schema": "Nope.status"}, "Nope.status"),
        (_config(failed="FAILED"), "run_statuses.failed"),
    ],
)
def test_a_malformed_config_fails_naming_what_is_wrong(config: dict[str, Any], named: str) -> None:
    with pytest.raises(RunStatusConfigError, match=named):
        classify_run_statuses(_spec("x"), config, [])


def test_the_merge_turns_a_config_error_into_a_merge_error() -> None:
    with pytest.raises(MergeError, match="finishd"):
        merge_documents(
            {"a.json": _spec("x") | {"openapi": "3.0.1", "info": {}, "paths": {}}}, {"run_statuses": {"finishd": []}}
        )


def test_a_new_terminal_status_in_the_config_reaches_the_generated_table() -> None:
    spec = copy.deepcopy(SPEC)
    schema_name, _, prop = CONFIG["schema"].partition(".")
    status = spec["components"]["schemas"][schema_name]["properties"][prop]
    status[RUN_STATUSES_EXTENSION] = {**status[RUN_STATUSES_EXTENSION], "failed": ["FAILED", "TIMED_OUT"]}
    table = _module(spec)
    assert "TIMED_OUT" in table["TERMINAL"]
    assert "TIMED_OUT" in table["FAILED"]


def test_without_a_vocabulary_the_table_is_empty_and_says_so() -> None:
    source = run_statuses_module(_spec("x"))
    assert "no run_statuses in merge-config.yaml" in source
    assert _module(_spec("x"))["TERMINAL"] == frozenset()


def test_the_shipped_poller_uses_the_configured_vocabulary() -> None:
    terminal = {s.upper() for name in ("finished", "failed", "cancelled") for s in CONFIG.get(name, [])}
    active = {s.upper() for name in ("running", "pending") for s in CONFIG.get(name, [])}
    assert terminal == _statuses.TERMINAL == {s.upper() for s in TERMINAL_STATUSES}
    assert active == _statuses.ACTIVE
    # Every status the spec's description names is classified (the merge would warn otherwise).
    warnings: list[str] = []
    classify_run_statuses(copy.deepcopy(SPEC), CONFIG, warnings)
    assert warnings == []


def test_the_merge_warns_about_a_status_a_page_starts_to_mention(
    fragments: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema_name, _, prop = CONFIG["schema"].partition(".")
    for fragment in fragments.glob("*.json"):
        document = json.loads(fragment.read_text(encoding="utf-8"))
        status = document.get("components", {}).get("schemas", {}).get(schema_name, {}).get("properties", {}).get(prop)
        if status is not None:
            status["description"] = status["description"].replace("'CANCELLED'", "'CANCELLED', 'TIMED_OUT'")
            fragment.write_text(json.dumps(document), encoding="utf-8")
    run_merge(fragments, MERGE_CONFIG, tmp_path / "spec.json", out=io.StringIO())
    warnings = [line for line in capsys.readouterr().err.splitlines() if "TIMED_OUT" in line]
    assert len(warnings) == 1
    assert "not classified in merge-config run_statuses" in warnings[0]
