"""An API change needs no hand edit outside ``merge-config.yaml``: each change is made to a saved page in a scratch
copy of the repository, then imported and generated there, and the generated package is exercised.

Each scratch copy holds the pipeline's inputs, the hand-written code and the tests (never the virtualenv: this
one's Python runs there, so ``splx_probe_client`` is the scratch package). The changes run in parallel, one
scratch copy each; a test then reads its change's outcome. What a change does after generation is in
``tests/api_change_checks.py`` (run in the scratch copy) plus the tests that exercise what it touches.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import api_change_checks as checks
import page_edits
import pytest
import scratch_repo
import yaml

ROOT = scratch_repo.ROOT
STEP_TIMEOUT = 180

pytestmark = pytest.mark.api_changes


@dataclass
class Step:
    command: str
    returncode: int
    output: str


@dataclass
class Outcome:
    """What happened in one scratch copy: each step run, in order; stops at the first that failed."""

    root: Path
    steps: list[Step] = field(default_factory=list)

    def step(self, name: str) -> Step:
        found = [step for step in self.steps if step.command.startswith(name)]
        assert found, f"step {name!r} did not run:\n{self.log()}"
        return found[0]

    @property
    def generated(self) -> bool:
        return any(step.command.startswith("generate") and step.returncode == 0 for step in self.steps)

    def log(self) -> str:
        return "\n".join(f"$ {step.command} -> {step.returncode}\n{step.output[-4000:]}" for step in self.steps)

    def assert_all_passed(self) -> None:
        failed = [step for step in self.steps if step.returncode != 0]
        assert not failed, self.log()

    def assert_passed(self, *names: str) -> None:
        """The pipeline steps, the named steps and the tests all ran and passed."""
        for name in ("import", "merge", "generate", *names, *(["pytest"] if self.has("pytest") else [])):
            assert self.step(name).returncode == 0, self.log()

    def has(self, name: str) -> bool:
        return any(step.command.startswith(name) for step in self.steps)


# --- editing the saved pages ---------------------------------------------------------------------------------
# Through page_edits: each change is written against the OpenAPI 3.0 form of a document and lands in every page in
# that page's own format (fenced JSON or YAML, bare file, meta/spec wrapper; OpenAPI 3.0 or 3.1).

edit_documents = page_edits.edit_documents


def _schemas(document: dict[str, Any]) -> dict[str, Any]:
    return document.get("components", {}).get("schemas", {})  # type: ignore[no-any-return]


def _properties(schema: dict[str, Any]) -> dict[str, Any]:
    """The object of ``schema`` that holds its own properties (itself, or its inline ``allOf`` member)."""
    for member in schema.get("allOf", []):
        if "properties" in member:
            return member  # type: ignore[no-any-return]
    return schema


def _id_schema(root: Path, name: str) -> dict[str, Any]:
    """The schema the saved pages give the id ``name``: the new operation's ids are typed as the API's are."""
    for document in page_edits.documents(root):
        try:
            return page_edits.id_schema(document, name)
        except KeyError:
            continue
    raise KeyError(f"no page gives the id {name!r} a schema")


def add_get_endpoint(root: Path) -> None:
    """A new GET operation, published like the first page's documents (one of them is its template)."""
    template = next(
        document
        for document in page_edits.documents(root)
        if "ErrorResponse" in _schemas(document) and "{workspaceId}" in next(iter(document["paths"]))
    )
    error = {
        "description": "Unauthorized",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
    }
    listed = {"type": "array", "items": {"$ref": f"#/components/schemas/{checks.NEW_SCHEMA}"}}
    template["paths"] = {
        checks.NEW_PATH: {
            "get": {
                "tags": [template.get("tags", [{"name": "Target"}])[0]["name"]],
                "summary": "List the probes of a workspace",
                "parameters": [
                    {"name": "workspaceId", "in": "path", "required": True, "schema": _id_schema(root, "workspaceId")}
                ],
                "responses": {
                    "200": {"description": "OK", "content": {"application/json": {"schema": listed}}},
                    "401": error,
                },
            }
        }
    }
    template["components"]["schemas"][checks.NEW_SCHEMA] = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {
            "id": _id_schema(root, "probeId"),
            "name": {"type": "string", "minLength": 2},
            "category": {"type": "string", "nullable": True},
        },
    }
    page_edits.add_document(root, template, "List the probes of a workspace")
    config_path = root / "openapi" / "merge-config.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    entry = {key: checks.NEW_OPERATION[key] for key in ("operationId", "tag")}
    config["operations"][f"GET {checks.NEW_PATH}"] = entry
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def add_connection_type(root: Path) -> None:
    def change(document: dict[str, Any]) -> None:
        schemas = _schemas(document)
        if "IntegrationRequest" not in schemas:
            return
        schemas[checks.NEW_CONFIG_SCHEMA] = {
            "description": f"Configuration of ACME LLM targets. Connection type: {checks.NEW_CONNECTION_TYPE}",
            "type": "object",
            "required": ["apiKey", "endpoint"],
            "properties": {
                "apiKey": {"type": "string", "minLength": 2, "maxLength": 256},
                "endpoint": {"type": "string", "minLength": 2, "maxLength": 256},
                "temperature": {"type": "number", "format": "double", "nullable": True},
            },
        }
        config = schemas["IntegrationRequest"]["properties"]["config"]
        config["oneOf"].append({"$ref": f"#/components/schemas/{checks.NEW_CONFIG_SCHEMA}"})

    edit_documents(root, change)


def add_optional_response_field(root: Path) -> None:
    schema_name, name = checks.NEW_RESPONSE_FIELD

    def change(document: dict[str, Any]) -> None:
        if schema_name in _schemas(document):
            prop = {"type": "string", "nullable": True, "description": "Risk level of the run."}
            _properties(_schemas(document)[schema_name])["properties"][name] = prop

    edit_documents(root, change)


def remove_response_field(root: Path) -> None:
    schema_name, name = checks.REMOVED_RESPONSE_FIELD

    def change(document: dict[str, Any]) -> None:
        if schema_name in _schemas(document):
            holder = _properties(_schemas(document)[schema_name])
            del holder["properties"][name]
            holder["required"] = [field for field in holder.get("required", []) if field != name]

    edit_documents(root, change)


def add_required_request_field(root: Path) -> None:
    schema_name, name = checks.NEW_REQUEST_FIELD

    def change(document: dict[str, Any]) -> None:
        if schema_name in _schemas(document):
            holder = _properties(_schemas(document)[schema_name])
            holder["properties"][name] = {"type": "integer", "format": "int32", "minimum": 1, "maximum": 5}
            holder["required"] = sorted({*holder.get("required", []), name})

    edit_documents(root, change)


def add_enum_value(root: Path) -> None:
    schema_name, value = checks.NEW_ENUM_VALUE

    def change(document: dict[str, Any]) -> None:
        if schema_name in _schemas(document):
            _schemas(document)[schema_name]["enum"].append(value)

    edit_documents(root, change)


def add_terminal_status(root: Path) -> None:
    """Only merge-config.yaml changes: the new status joins the ``failed`` spellings of ``run_statuses``."""
    config_path = root / "openapi" / "merge-config.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    failed = config.get("run_statuses", {}).get("failed")
    if not isinstance(failed, list):
        pytest.fail(f"merge-config.yaml has no run_statuses.failed list: {config.get('run_statuses')!r}")
    failed.append(checks.NEW_TERMINAL_STATUS)
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


# --- running a change in a scratch copy ----------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """Changes applied together in one scratch copy, the checks that show each worked, and the tests to run."""

    name: str
    edits: tuple[Callable[[Path], None], ...]
    checks: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()
    formats: tuple[tuple[str, page_edits.Format], ...] = ()
    """Saved pages (by file name) rewritten in another format before the edits: the edits must not care."""


ADDITIVE = "additive changes"
CONVERTED = "16th connection type, on pages in other formats"
CONVERTED_FORMATS = (
    ("splx-probe-target.md", page_edits.Format("yaml", "3.1.0")),  # the page the change edits
    ("splx-probe-test-run.md", page_edits.Format("json", "3.0.4", wrapper=True)),
)
SCENARIOS = (
    # Independent additions share one generation: each has its own check, and the tests see all of them at once.
    Scenario(
        ADDITIVE,
        (add_get_endpoint, add_optional_response_field, add_enum_value),
        ("new_get_endpoint", "new_optional_response_field", "new_enum_value"),
        (
            "tests/generated/test_generated_smoke.py",
            "tests/overrides/testing/test_spec_conformance.py",
            "tests/overrides/models",
            "tests/overrides/polling/test_wait.py",
            "tests/benchmarks/test_benchmarks.py::test_the_pydantic_reference_model_has_the_fields_of_the_spec",
        ),
    ),
    Scenario(
        CONVERTED,
        (add_connection_type,),
        ("new_connection_type",),
        ("tests/overrides/connections", "tests/overrides/models/test_secrets_in_repr.py"),
        formats=CONVERTED_FORMATS,
    ),
    Scenario("response field removed", (remove_response_field,), (), ("tests/overrides/polling/test_wait.py",)),
    Scenario("new required request field", (add_required_request_field,), ("new_required_request_field",)),
    Scenario(
        "new terminal status",
        (add_terminal_status,),
        ("new_terminal_status",),
        ("tests/overrides/polling/test_wait.py",),
    ),
)


def _run(outcome: Outcome, label: str, command: list[str]) -> bool:
    env = scratch_repo.scratch_env(outcome.root)
    try:
        done = subprocess.run(
            command, cwd=outcome.root, env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT, check=False
        )
        outcome.steps.append(Step(label, done.returncode, done.stdout + done.stderr))
    except subprocess.TimeoutExpired as expired:
        outcome.steps.append(Step(label, -1, f"timed out after {STEP_TIMEOUT} s: {expired.output!r}"))
        return False
    return done.returncode == 0


def run_scenario(scenario: Scenario, scratch: Path, mypy_cache: Path | None = None) -> Outcome:
    """Copy, change, import, merge, generate; then every check, then the tests (if the generation worked)."""
    scratch_repo.copy_repo(scratch, mypy_cache)
    for page, form in scenario.formats:
        page_edits.convert_page(scratch / "openapi" / "pages" / page, form)
    for edit in scenario.edits:
        edit(scratch)
    outcome = Outcome(scratch)
    python = sys.executable
    pages = [str(page.relative_to(scratch)) for page in sorted((scratch / "openapi" / "pages").glob("*.md"))]
    generated = (
        _run(outcome, "import", [python, "-m", "pipeline", "import", *pages])
        and _run(outcome, "merge", [python, "-m", "pipeline", "merge"])
        and _run(outcome, "generate", [python, "-m", "pipeline", "generate"])
    )
    if not generated:
        return outcome
    for check in scenario.checks:
        _run(outcome, f"check {check}", [python, "-c", f"import api_change_checks; api_change_checks.{check}()"])
    if scenario.tests:
        _run(outcome, "pytest", [python, "-m", "pytest", "-q", *scenario.tests])
    return outcome


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory, generate_mypy_cache: Path) -> dict[str, Outcome | BaseException]:
    """Every scenario, run in parallel in its own scratch copy (each step is a subprocess)."""
    results: dict[str, Outcome | BaseException] = {}

    def one(scenario: Scenario) -> None:
        try:
            scratch = tmp_path_factory.mktemp("api-change")
            results[scenario.name] = run_scenario(scenario, scratch, generate_mypy_cache)
        except BaseException as error:  # pytest.xfail/fail inside an edit: re-raised by the scenario's test
            results[scenario.name] = error

    with ThreadPoolExecutor(max_workers=max(2, min(3, os.cpu_count() or 2))) as pool:
        list(pool.map(one, SCENARIOS))
    return results


def _outcome(outcomes: dict[str, Outcome | BaseException], name: str) -> Outcome:
    result = outcomes[name]
    if isinstance(result, BaseException):
        raise result
    return result


def test_a_new_get_endpoint_appears_and_works(outcomes: dict[str, Outcome | BaseException]) -> None:
    outcome = _outcome(outcomes, ADDITIVE)
    outcome.assert_passed("check new_get_endpoint")
    assert outcome.has("pytest"), outcome.log()


def test_a_16th_connection_type_is_created_and_read_back_through_the_fake(
    outcomes: dict[str, Outcome | BaseException],
) -> None:
    outcome = _outcome(outcomes, CONVERTED)
    outcome.assert_all_passed()


def test_a_change_lands_in_each_page_in_that_page_s_format(outcomes: dict[str, Outcome | BaseException]) -> None:
    """The connection type scenario runs on a 3.1 YAML page and a wrapper page: the edit wrote 3.1 YAML."""
    outcome = _outcome(outcomes, CONVERTED)
    outcome.assert_passed("check new_connection_type")
    for page, form in CONVERTED_FORMATS:
        spots = page_edits.spots(outcome.root / "openapi" / "pages" / page)
        assert spots, page
        assert {spot.format for spot in spots} == {form}, page
    target_page = (outcome.root / "openapi" / "pages" / CONVERTED_FORMATS[0][0]).read_text(encoding="utf-8")
    assert f"{checks.NEW_CONFIG_SCHEMA}:" in target_page  # a YAML key, in the page's own syntax
    assert "```json" not in target_page


def test_a_new_optional_response_field_is_kept(outcomes: dict[str, Outcome | BaseException]) -> None:
    _outcome(outcomes, ADDITIVE).assert_passed("check new_optional_response_field")


def test_a_removed_response_field_fails_generation_naming_the_override_lines(
    outcomes: dict[str, Outcome | BaseException],
) -> None:
    outcome = _outcome(outcomes, "response field removed")
    if outcome.generated:  # the other acceptable answer: the hand-written layer copes
        outcome.assert_all_passed()
        return
    generate = outcome.step("generate")
    removed = checks.REMOVED_RESPONSE_FIELD[1]
    named = re.findall(r"^((?:overrides|examples|benchmarks)/[\w/.-]+\.py):(\d+):", generate.output, re.MULTILINE)
    assert named, generate.output
    for path, line in named:
        source_line = (outcome.root / path).read_text(encoding="utf-8").splitlines()[int(line) - 1]
        assert re.sub(r"(?<!^)(?=[A-Z])", "_", removed).lower() in source_line, (path, line, source_line)
    # Nothing was replaced: the committed package is still the one of the unchanged spec.
    assert (outcome.root / "splx_probe_client").exists()
    module = outcome.root / "splx_probe_client" / "models" / "scan_run_execution_dto.py"
    assert module.read_text(encoding="utf-8") == (ROOT / module.relative_to(outcome.root)).read_text(encoding="utf-8")


def test_a_new_required_request_field_is_named(outcomes: dict[str, Outcome | BaseException]) -> None:
    outcome = _outcome(outcomes, "new required request field")
    field_name = checks.NEW_REQUEST_FIELD[1]
    if not outcome.generated:  # generation names it (every line that builds the request without it)
        generate = outcome.step("generate")
        assert generate.returncode != 0
        assert f'"{field_name}"' in generate.output, generate.output
        # ... at each hand-written line that builds the request without it (file:line a human edits)
        assert re.search(r"^(?:overrides|examples|benchmarks)/[\w/.-]+\.py:\d+:", generate.output, re.M), (
            generate.output
        )
        return
    outcome.assert_all_passed()  # ... or the CLI does, at run time, before sending


def test_a_new_enum_value_is_parsed(outcomes: dict[str, Outcome | BaseException]) -> None:
    _outcome(outcomes, ADDITIVE).assert_passed("check new_enum_value")


def test_a_new_terminal_status_in_the_config_ends_the_wait(outcomes: dict[str, Outcome | BaseException]) -> None:
    _outcome(outcomes, "new terminal status").assert_all_passed()
