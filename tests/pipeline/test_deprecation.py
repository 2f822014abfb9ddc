"""``deprecated: true`` carried through: warnings at the caller's line on both clients, docs, the change summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from .vendor_change import Fragment, built_package, each_fragment, run

RUNS = "/api/workspaces/{workspaceId}/target/{targetId}/test-runs"


def _deprecate(document: Fragment) -> None:
    """The vendor deprecates listTargetTestRuns, adds a deprecated query parameter to it, deprecates a field."""
    if RUNS in document["paths"]:
        operation = document["paths"][RUNS]["get"]
        operation["deprecated"] = True
        operation["parameters"].append(
            {"name": "legacyFormat", "in": "query", "deprecated": True, "schema": {"type": "boolean"}}
        )
    settings = document.get("components", {}).get("schemas", {}).get("TargetSettingsCreateRequest")
    if settings is not None:
        settings["properties"]["ragFileNumberOfFacts"]["deprecated"] = True


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    workspace = tmp_path_factory.mktemp("deprecation")
    return built_package(workspace, lambda fragments: each_fragment(fragments, _deprecate))


PROGRAM = r"""
import asyncio, sys, warnings
import httpx
from splx_probe_client import InternalServerError, ProbeClient, SyncProbeClient
from splx_probe_client.api.target import list_target_test_runs
from splx_probe_client.models import TargetNewUpdateRequest, TargetSettingsCreateRequest

RUN = {"id": 7, "name": "n", "probes": [], "startedBy": "me", "status": "RUNNING"}


def at():
    return sys._getframe(1).f_lineno


def answer(request):
    if request.url.path.endswith("/test-runs"):
        return httpx.Response(200, json=[RUN])
    return httpx.Response(500, json={"error": {"message": "no"}})


def settings(**extra):
    return TargetSettingsCreateRequest(
        concurrent_requests=False, description="dd", environment="PROD", language="en", multi_step_attacks=False,
        name="nn", rate_limit=1, supported_modes=[], **extra
    )


def report(label, caught, line):
    # Each warning: its kind, whether it points at the caller's line of this file, and what it names.
    for w in caught:
        at = w.filename == __file__ and w.lineno == line
        print(label, w.category.__name__, at, str(w.message).split(" is ")[0].split(": ")[-1])


async def main():
    async with ProbeClient("k", base_url="https://x.test", transport=httpx.MockTransport(answer), max_retries=0) as c:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            line = at(); await c.targets.list_test_runs(workspace_id=1, target_id=2)
        report("async call", caught, line)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            line = at(); await c.targets.list_test_runs(workspace_id=1, target_id=2, legacy_format=True)
        report("async param", caught, line)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            line = at(); await list_target_test_runs.asyncio(workspace_id=1, target_id=2, client=c)
        report("async endpoint", caught, line)
        for extra in ({}, {"rag_file_number_of_facts": 3}):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                body = TargetNewUpdateRequest(settings=settings(**extra))
                try:
                    line = at(); await c.targets.update(workspace_id=1, target_id=2, body=body)
                except InternalServerError:
                    pass
            report(f"async field {len(extra)}", caught, line)


asyncio.run(main())
with SyncProbeClient("k", base_url="https://x.test", transport=httpx.MockTransport(answer), max_retries=0) as c:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = at(); c.targets.list_test_runs(workspace_id=1, target_id=2, legacy_format=False)
    report("sync param", caught, line)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = at(); list_target_test_runs.sync_detailed(workspace_id=1, target_id=2, client=c)
    report("sync endpoint", caught, line)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        body = TargetNewUpdateRequest(settings=settings(rag_file_number_of_facts=3))
        try:
            line = at(); c.targets.update(workspace_id=1, target_id=2, body=body)
        except InternalServerError:
            pass
    report("sync field", caught, line)
"""


def test_deprecated_operations_parameters_and_fields_warn_at_the_callers_line(grown: tuple[Path, str]) -> None:
    package, _ = grown
    lines = run(package, PROGRAM)
    assert lines == [
        "async call DeprecationWarning True client.targets.list_test_runs() calls listTargetTestRuns, which the API"
        " marks deprecated; it may be removed in a later version",
        "async param DeprecationWarning True client.targets.list_test_runs() calls listTargetTestRuns, which the API"
        " marks deprecated; it may be removed in a later version",
        "async param DeprecationWarning True parameter legacy_format",
        "async endpoint DeprecationWarning True listTargetTestRuns",  # once, though asyncio() calls the _detailed one
        # An unset deprecated field says nothing; a set one is named by its path in the body.
        "async field 1 DeprecationWarning True body.settings.ragFileNumberOfFacts",
        "sync param DeprecationWarning True client.targets.list_test_runs() calls listTargetTestRuns, which the API"
        " marks deprecated; it may be removed in a later version",
        "sync param DeprecationWarning True parameter legacy_format",
        "sync endpoint DeprecationWarning True listTargetTestRuns",
        "sync field DeprecationWarning True body.settings.ragFileNumberOfFacts",
    ]


def test_the_notices_are_in_docstrings_the_reference_and_the_change_summary(grown: tuple[Path, str]) -> None:
    package, printed = grown
    resources = (package / "_resources.py").read_text(encoding="utf-8")
    assert "Deprecated: listTargetTestRuns is marked deprecated by the API" in resources
    assert "Deprecated by the API (setting one issues a DeprecationWarning): legacy_format." in resources
    assert "body.settings.ragFileNumberOfFacts" in resources
    endpoint = (package / "api" / "target" / "list_target_test_runs.py").read_text(encoding="utf-8")
    assert endpoint.count('"""Deprecated: listTargetTestRuns may be removed.') == 4
    model = (package / "models" / "target_settings_create_request.py").read_text(encoding="utf-8")
    assert '"""Deprecated by the API (a request sending it issues a DeprecationWarning).' in model
    reference = (package.parent / "api.md").read_text(encoding="utf-8")
    runs = reference[reference.index("### `targets.list_test_runs(") :]
    assert "**Deprecated** by the API: each call issues a `DeprecationWarning`" in runs.split("### ", 2)[1]
    assert "**Deprecated** by the API (setting one issues a DeprecationWarning): legacy_format." in reference
    summary = [line.split() for line in printed.splitlines()]
    kinds = {(words[0], words[1] + (" " + words[2] if words[1] == "operation" else "")) for words in summary if words}
    assert ("deprecated", "operation listTargetTestRuns:") in kinds
    assert "deprecated  TargetSettingsCreateRequest.ragFileNumberOfFacts: deprecated by the API" in printed
    assert "query parameter legacyFormat added (optional)" in printed
    assert "suggested version bump: minor" in printed  # nothing breaking: deprecations and additions
