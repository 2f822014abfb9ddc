# Hand-written: edit overrides/splx_probe_client/_cli.py, not this copy (installed by `make generate`).
"""The ``splx-probe`` command (also ``python -m splx_probe_client``): gate a CI pipeline on a red-team test run.

Standard library only (argparse), so the package keeps its runtime dependencies. Human-readable results go to
stdout, progress and errors to stderr. The API key is read from ``SPLX_API_KEY`` only and never printed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from ._exceptions import APIConnectionError, APIStatusError, AuthenticationError, ProbeError, TestRunTimeoutError
from ._gate import RISK_BANDS, Check, evaluate, risk_band
from ._secrets import redact
from ._version import __version__

if TYPE_CHECKING:
    from ._client import ProbeClient
    from .models.scan_run_execution_dto import ScanRunExecutionDto
    from .models.scan_score_overview_dto import ScanScoreOverviewDto

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_API_ERROR = 3
EXIT_TIMEOUT = 4

_EXIT_CODES_HELP = """\
exit codes:
  0  passed the gate (or the command succeeded)
  1  gate failed: failed test cases above --fail-on-failed, overall score below --min-score,
     risk band worse than --max-risk, or the run ended FAILED / CANCELLED / ERROR
  2  usage error: bad or missing option, SPLX_API_KEY not set, invalid --from-file
  3  API or authentication error, including a trigger the server refused (its message is printed)
  4  timeout: the run did not finish within --timeout (with --cancel-on-timeout it was cancelled)

environment (each overridden by its flag):
  SPLX_API_KEY       API key (required; there is no flag, so it never shows in process lists or logs)
  SPLX_API_URL       --api-url      SPLX_REGION   --region (eu, us)
  SPLX_WORKSPACE_ID  --workspace    SPLX_TARGET_ID  --target
  SPLX_PROBE_IDS     --probe (comma-separated ids)
"""

_T = TypeVar("_T")


class _UsageError(Exception):
    """A problem with the command line or its inputs: exit 2, nothing sent."""


class _Output:
    """Where results (``out``) and diagnostics (``err``) go; one place so tests can capture both."""

    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out = out
        self.err = err

    def say(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    def warn(self, line: str) -> None:
        print(f"splx-probe: {line}", file=self.err, flush=True)


# --- argument parsing -------------------------------------------------------------------------------------------


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be > 0, not {text}")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, not {text}")
    return value


def _score(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"must be between 0 and 100, not {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The ``splx-probe`` argument parser (sub-commands ``run``, ``status``, ``cancel``, ``scores``, ``target``)."""
    connection = argparse.ArgumentParser(add_help=False)
    group = connection.add_argument_group("connection")
    group.add_argument("--api-url", metavar="URL", help="API base URL (env SPLX_API_URL); overrides --region")
    group.add_argument("--region", choices=("eu", "us"), help="API region (env SPLX_REGION; default eu)")
    group.add_argument(
        "-v", "--verbose", action="count", default=0, help="log retries (-v) and every request (-vv) to stderr"
    )

    workspace = argparse.ArgumentParser(add_help=False)
    workspace.add_argument("--workspace", metavar="ID", help="workspace id (env SPLX_WORKSPACE_ID)")
    target = argparse.ArgumentParser(add_help=False)
    target.add_argument("--target", metavar="ID", help="target id (env SPLX_TARGET_ID)")

    parser = argparse.ArgumentParser(
        prog="splx-probe",
        description="Run SPLX Probe red-team test runs from CI and gate the pipeline on their results.",
        epilog=_EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common: dict[str, Any] = {"epilog": _EXIT_CODES_HELP, "formatter_class": argparse.RawDescriptionHelpFormatter}

    run = commands.add_parser(
        "run",
        parents=[connection, workspace, target],
        help="trigger a test run; with --wait, wait for it and apply the gate",
        description="Trigger a test run on a target. With --wait, show progress until it ends, then apply the "
        "gate: exit 1 if the run ended FAILED/CANCELLED or a threshold is not met.",
        **common,
    )
    run.add_argument(
        "--probe",
        metavar="ID",
        type=int,
        action="append",
        help="probe id, repeatable (env SPLX_PROBE_IDS); default: the probes recommended for the target's type",
    )
    run.add_argument("--name", help="name of the test run (default: 'splx-probe <UTC time>')")
    run.add_argument("--wait", action="store_true", help="wait for the run to end, showing progress on stderr")
    wait = run.add_argument_group("with --wait")
    wait.add_argument("--timeout", metavar="SECONDS", type=_positive_float, help="give up after this long (exit 4)")
    wait.add_argument("--poll-interval", metavar="SECONDS", type=_positive_float, help="seconds between polls")
    wait.add_argument("--cancel-on-timeout", action="store_true", help="cancel the run on the server on timeout")
    wait.add_argument("--fail-on-failed", metavar="N", type=_non_negative_int, help="fail if > N test cases failed")
    wait.add_argument("--min-score", metavar="S", type=_score, help="fail if the overall score is below S (0-100)")
    wait.add_argument(
        "--max-risk",
        choices=RISK_BANDS[1:],
        help="fail if the risk band of the overall score is worse (CRITICAL < 30 <= HIGH < 60 <= MEDIUM < 80 <= LOW)",
    )
    wait.add_argument("--junit", metavar="FILE", help="write a JUnit XML report of the gate")
    wait.add_argument("--json", metavar="FILE", help="write the final run, scores and gate as JSON ('-': stdout)")
    run.set_defaults(handler=_cmd_run)

    status = commands.add_parser(
        "status", parents=[connection, workspace, target], help="show a target's test runs", **common
    )
    status.add_argument("--run", metavar="ID", type=int, help="show only this test run")
    status.add_argument("--json", metavar="FILE", help="also write the runs as JSON ('-': stdout)")
    status.set_defaults(handler=_cmd_status)

    cancel = commands.add_parser("cancel", parents=[connection, workspace], help="cancel a test run", **common)
    cancel.add_argument("--run", metavar="ID", type=int, required=True, help="test run id")
    cancel.set_defaults(handler=_cmd_cancel)

    scores = commands.add_parser(
        "scores", parents=[connection, workspace, target], help="show a target's overall and category scores", **common
    )
    scores.add_argument("--json", metavar="FILE", help="also write the scores as JSON ('-': stdout)")
    scores.set_defaults(handler=_cmd_scores)

    target_cmd = commands.add_parser("target", help="get, create or delete a target", **common)
    target_actions = target_cmd.add_subparsers(dest="action", metavar="ACTION", required=True)
    get = target_actions.add_parser(
        "get", parents=[connection, workspace, target], help="print a target as JSON (secrets hidden)", **common
    )
    get.set_defaults(handler=_cmd_target_get)
    delete = target_actions.add_parser(
        "delete", parents=[connection, workspace, target], help="delete a target", **common
    )
    delete.set_defaults(handler=_cmd_target_delete)
    create = target_actions.add_parser(
        "create",
        parents=[connection, workspace],
        help="create a target from a JSON file (validated before anything is sent)",
        **common,
    )
    create.add_argument("--from-file", metavar="FILE", required=True, help="TargetNewCreateRequest as JSON")
    create.set_defaults(handler=_cmd_target_create)
    return parser


_WAIT_ONLY = ("timeout", "poll_interval", "fail_on_failed", "min_score", "max_risk", "junit", "json")


def _id_option(value: str | None, flag: str, env: str) -> int:
    """An id from its flag, else from its environment variable; a usage error names both when missing or bad."""
    source = flag
    if value is None:
        value, source = os.environ.get(env) or None, env
    if value is None:
        raise _UsageError(f"{flag} is required (or set {env})")
    try:
        return int(value)
    except ValueError:
        raise _UsageError(f"{source} must be an integer id, not {value!r}") from None


def _env_probe_ids() -> list[int]:
    raw = os.environ.get("SPLX_PROBE_IDS", "")
    try:
        return [int(part) for part in raw.replace(" ", "").split(",") if part]
    except ValueError:
        raise _UsageError(f"SPLX_PROBE_IDS must be comma-separated integer ids, not {raw!r}") from None


# --- the API ----------------------------------------------------------------------------------------------------


def _client(args: argparse.Namespace) -> ProbeClient:
    if not os.environ.get("SPLX_API_KEY"):
        raise _UsageError("SPLX_API_KEY is not set: export the API key of your SPLX Probe workspace")
    from ._client import ProbeClient

    try:
        return ProbeClient(region=args.region, base_url=args.api_url)
    except ValueError as exc:
        raise _UsageError(str(exc)) from None


def _expect(value: object, kind: type[_T], what: str) -> _T:
    """``value`` if the endpoint gave the success model; ProbeClient raises for error statuses already."""
    if not isinstance(value, kind):
        raise ProbeError(f"unexpected answer to {what}: {type(value).__name__}")
    return value


async def _recommended_probes(client: ProbeClient, workspace_id: int, target_id: int) -> tuple[list[int], str]:
    """The probe ids recommended for the target's type, and the type's label."""
    from .api.target import get_target, list_target_types
    from .models.risk_score_preset_dto import RiskScorePresetDto
    from .models.target_new_dto import TargetNewDto

    target = _expect(
        await get_target.asyncio(workspace_id, target_id, client=client), TargetNewDto, f"get target {target_id}"
    )
    preset_id = target.settings.target_preset_id
    if not preset_id:  # None or UNSET (both falsy)
        raise _UsageError(f"target {target_id} has no target type (targetPresetId): pass --probe or SPLX_PROBE_IDS")
    presets = _expect(await list_target_types.asyncio(client=client), list, "list target types")
    for preset in presets:
        if isinstance(preset, RiskScorePresetDto) and str(preset.id) == str(preset_id):
            ids = [detail.probe_id for detail in preset.details if detail.is_recommended]
            if not ids:
                raise _UsageError(f"target type {preset.label!r} recommends no probes: pass --probe or SPLX_PROBE_IDS")
            return ids, preset.label
    raise _UsageError(f"target type {preset_id} of target {target_id} is not among the API's target types")


async def _fetch_scores(
    client: ProbeClient, workspace_id: int, target_id: int
) -> tuple[ScanScoreOverviewDto | None, str]:
    """The target's scores, or ``None`` and why not (an error status other than 401/403 is not fatal here)."""
    from .api.target import get_target_scores
    from .models.scan_score_overview_dto import ScanScoreOverviewDto

    try:
        answer = await get_target_scores.asyncio(workspace_id, target_id, client=client)
    except APIStatusError as exc:
        if exc.status_code in (401, 403):
            raise
        return None, f"no scores for target {target_id}: {exc}"
    if not isinstance(answer, ScanScoreOverviewDto):
        return None, f"no scores for target {target_id}"
    return answer, ""


def _dump_json(path: str, data: Any, output: _Output) -> None:
    text = json.dumps(data, indent=2, sort_keys=True, default=str) + "\n"
    if path == "-":
        output.out.write(text)
        output.out.flush()
        return
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)


# --- commands ---------------------------------------------------------------------------------------------------


async def _cmd_run(args: argparse.Namespace, output: _Output) -> int:
    from .api.test_run import trigger_test_run
    from .models.test_run_trigger_dto import TestRunTriggerDto
    from .models.trigger_test_run_request import TriggerTestRunRequest

    if not args.wait:
        given = [f"--{name.replace('_', '-')}" for name in _WAIT_ONLY if getattr(args, name) is not None]
        given += ["--cancel-on-timeout"] if args.cancel_on_timeout else []
        if given:
            raise _UsageError(f"{', '.join(given)} {'needs' if len(given) == 1 else 'need'} --wait")
    workspace_id = _id_option(args.workspace, "--workspace", "SPLX_WORKSPACE_ID")
    target_id = _id_option(args.target, "--target", "SPLX_TARGET_ID")
    probe_ids: list[int] = args.probe or _env_probe_ids()
    name = args.name or f"splx-probe {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M:%S} UTC"

    async with _client(args) as client:
        if not probe_ids:
            probe_ids, label = await _recommended_probes(client, workspace_id, target_id)
            output.say(
                f"no --probe given: using the {len(probe_ids)} probes recommended for target type {label!r}: "
                + ", ".join(map(str, probe_ids))
            )
        body = TriggerTestRunRequest(name=name, probe_ids=probe_ids, target_id=target_id)
        # A refused trigger raises (exit 3 with the server's message): never report success without a run id.
        triggered = _expect(
            await trigger_test_run.asyncio(workspace_id, client=client, body=body), TestRunTriggerDto, "the trigger"
        )
        run_id = triggered.test_run_id
        output.say(f"triggered test run {run_id} ({name!r}) on target {target_id} with {len(probe_ids)} probes")
        if not args.wait:
            return EXIT_OK
        return await _wait_and_gate(client, args, output, workspace_id, target_id, run_id)


async def _wait_and_gate(
    client: ProbeClient, args: argparse.Namespace, output: _Output, workspace_id: int, target_id: int, run_id: int
) -> int:
    from ._progress import ProgressPrinter, describe
    from .polling import wait_for_test_run

    options: dict[str, Any] = {"cancel_on_timeout": args.cancel_on_timeout}
    if args.timeout is not None:
        options["timeout"] = args.timeout
    if args.poll_interval is not None:
        options["poll_interval"] = args.poll_interval
    printer = ProgressPrinter(output.err)
    started = time.monotonic()
    try:
        run = await wait_for_test_run(
            client,
            workspace_id=workspace_id,
            target_id=target_id,
            test_run_id=run_id,
            on_progress=printer,
            **options,
        )
    except TestRunTimeoutError as exc:
        printer.close()
        cancelled = " and cancelled it" if args.cancel_on_timeout else ""
        detail = f"timed out waiting for test run {run_id}{cancelled}: {exc.message}"
        output.warn(detail)
        timeout_check = Check("test run finished in time", False, detail, error=True)
        _write_reports(args, output, exc.run, None, [timeout_check], time.monotonic() - started)
        return EXIT_TIMEOUT
    finally:
        printer.close()
    elapsed = time.monotonic() - started

    scores, no_scores = await _fetch_scores(client, workspace_id, target_id)
    checks = evaluate(
        run,
        scores,
        fail_on_failed=args.fail_on_failed,
        min_score=args.min_score,
        max_risk=args.max_risk,
        no_scores=no_scores or "no scores for the target",
    )
    output.say(f"test run {run.id}: {describe(run)}")
    if scores is not None:
        output.say(_scores_line(scores))
    elif no_scores:
        output.warn(no_scores)
    for check in checks:
        output.say(f"{'PASS' if check.passed else 'ERROR' if check.error else 'FAIL':5} {check.name}: {check.detail}")
    _write_reports(args, output, run, scores, checks, elapsed)
    if all(check.passed for check in checks):
        output.say("gate passed")
        return EXIT_OK
    if any(not check.passed and not check.error for check in checks):
        output.say("gate failed")
        return EXIT_GATE_FAILED
    output.say("gate could not be evaluated")
    return EXIT_API_ERROR


def _write_reports(
    args: argparse.Namespace,
    output: _Output,
    run: ScanRunExecutionDto | None,
    scores: ScanScoreOverviewDto | None,
    checks: list[Check],
    elapsed: float,
) -> None:
    if args.junit:
        from ._junit import junit_report, write_junit

        write_junit(args.junit, junit_report(run, checks, scores=scores, elapsed=elapsed))
    if args.json:
        report = {
            "testRun": None if run is None else run.to_dict(),
            "scores": None if scores is None else scores.to_dict(),
            "gate": {"passed": all(check.passed for check in checks), "checks": [asdict(c) for c in checks]},
        }
        _dump_json(args.json, report, output)


def _scores_line(scores: ScanScoreOverviewDto) -> str:
    return (
        f"overall score {scores.overall_score:g} (risk {risk_band(scores.overall_score)}), "
        f"{scores.successful_attacks} of {scores.simulated_attacks} simulated attacks succeeded"
    )


async def _cmd_status(args: argparse.Namespace, output: _Output) -> int:
    from ._progress import describe
    from .api.target import list_target_test_runs

    workspace_id = _id_option(args.workspace, "--workspace", "SPLX_WORKSPACE_ID")
    target_id = _id_option(args.target, "--target", "SPLX_TARGET_ID")
    async with _client(args) as client:
        runs = _expect(
            await list_target_test_runs.asyncio(workspace_id, target_id, client=client), list, "list test runs"
        )
    if args.run is not None:
        runs = [run for run in runs if run.id == args.run]
        if not runs:
            raise ProbeError(f"target {target_id} has no test run {args.run}")
    for run in runs:
        when = f" {run.execution_date:%Y-%m-%d %H:%M}" if run.execution_date else ""
        name = f" {run.name!r}" if run.name else ""
        output.say(f"test run {run.id}{when}{name}: {describe(run)}")
    if not runs:
        output.say(f"target {target_id} has no test runs")
    if args.json:
        _dump_json(args.json, [run.to_dict() for run in runs], output)
    return EXIT_OK


async def _cmd_cancel(args: argparse.Namespace, output: _Output) -> int:
    from .api.test_run import cancel_test_run

    workspace_id = _id_option(args.workspace, "--workspace", "SPLX_WORKSPACE_ID")
    async with _client(args) as client:
        await cancel_test_run.asyncio(workspace_id, args.run, client=client)
    output.say(f"cancelled test run {args.run}")
    return EXIT_OK


async def _cmd_scores(args: argparse.Namespace, output: _Output) -> int:
    from .api.target import get_target_scores
    from .models.scan_score_overview_dto import ScanScoreOverviewDto

    workspace_id = _id_option(args.workspace, "--workspace", "SPLX_WORKSPACE_ID")
    target_id = _id_option(args.target, "--target", "SPLX_TARGET_ID")
    async with _client(args) as client:
        scores = _expect(
            await get_target_scores.asyncio(workspace_id, target_id, client=client), ScanScoreOverviewDto, "scores"
        )
    output.say(_scores_line(scores))
    output.say(f"latest execution {scores.latest_execution_date.isoformat()}")
    categories = scores.scores.additional_properties if scores.scores else {}
    for category, value in categories.items():
        output.say(f"  {category}: {'-' if value is None else f'{value:g}'}")
    if args.json:
        _dump_json(args.json, scores.to_dict(), output)
    return EXIT_OK


async def _cmd_target_get(args: argparse.Namespace, output: _Output) -> int:
    from .api.target import get_target
    from .models.target_new_dto import TargetNewDto

    workspace_id = _id_option(args.workspace, "--workspace", "SPLX_WORKSPACE_ID")
    target_id = _id_option(args.target, "--target", "SPLX_TARGET_ID")
    async with _client(args) as client:
        target = _expect(await get_target.asyncio(workspace_id, target_id, client=client), TargetNewDto, "get target")
    # Secrets of the connection config (provider keys, tokens, headers) are hidden: this output lands in CI logs.
    _dump_json("-", redact(target.to_dict()), output)
    return EXIT_OK


async def _cmd_target_delete(args: argparse.Namespace, output: _Output) -> int:
    from .api.target import delete_target

    workspace_id = _id_option(args.workspace, "--workspace", "SPLX_WORKSPACE_ID")
    target_id = _id_option(args.target, "--target", "SPLX_TARGET_ID")
    async with _client(args) as client:
        await delete_target.asyncio(workspace_id, target_id, client=client)
    output.say(f"deleted target {target_id}")
    return EXIT_OK


def _load_target_request(path: str) -> Any:
    """The file as a ``TargetNewCreateRequest``; every problem is a usage error naming the file and field."""
    from .models.integration_request import IntegrationRequest
    from .models.target_new_create_request import TargetNewCreateRequest

    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
    except OSError as exc:
        raise _UsageError(f"cannot read {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise _UsageError(f"{path} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    if not isinstance(data, dict):
        raise _UsageError(f"{path}: expected a JSON object (a TargetNewCreateRequest), got {type(data).__name__}")
    connection = data.get("connection")
    if isinstance(connection, dict):  # its errors name fields inside the connection: say where that is
        try:
            IntegrationRequest.from_dict(connection)
        except (TypeError, ValueError) as exc:
            raise _UsageError(f"{path}: connection.{exc}") from None
    try:
        return TargetNewCreateRequest.from_dict(data)
    except KeyError as exc:
        raise _UsageError(f"{path}: missing field {exc.args[0]!r}") from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise _UsageError(f"{path}: {str(exc) or 'a value has the wrong type'}") from None


async def _cmd_target_create(args: argparse.Namespace, output: _Output) -> int:
    from .api.target import create_target
    from .models.target_new_dto import TargetNewDto

    workspace_id = _id_option(args.workspace, "--workspace", "SPLX_WORKSPACE_ID")
    body = _load_target_request(args.from_file)  # before any connection: a bad file sends nothing
    async with _client(args) as client:
        target = _expect(
            await create_target.asyncio(workspace_id, client=client, body=body), TargetNewDto, "create target"
        )
    output.say(f"created target {target.id}")
    return EXIT_OK


# --- entry point ------------------------------------------------------------------------------------------------


def _log_to(stream: TextIO, level: int) -> logging.Handler:
    # Only the SDK's own logger: its records never carry the API key or secret fields, unlike a root
    # logger at DEBUG that would also print other libraries' records.
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    logger = logging.getLogger("splx_probe_client")
    logger.addHandler(handler)
    logger.setLevel(level)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``splx-probe`` with ``argv`` (default ``sys.argv[1:]``) and return the exit code (see ``--help``)."""
    output = _Output(sys.stdout, sys.stderr)
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version and argparse's own usage errors (code 2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    log_handler = _log_to(output.err, logging.DEBUG if args.verbose > 1 else logging.INFO) if args.verbose else None
    handler: Callable[[argparse.Namespace, _Output], Coroutine[Any, Any, int]] = args.handler
    try:
        return asyncio.run(handler(args, output))
    except _UsageError as exc:
        output.warn(f"error: {exc}")
        return EXIT_USAGE
    except AuthenticationError as exc:
        output.warn(f"authentication failed (check SPLX_API_KEY and the region/API URL): {exc}")
        return EXIT_API_ERROR
    except APIStatusError as exc:
        output.warn(f"API error: {exc}")
        return EXIT_API_ERROR
    except APIConnectionError as exc:
        output.warn(f"cannot reach the API: {exc}")
        return EXIT_API_ERROR
    except TestRunTimeoutError as exc:
        output.warn(f"timed out: {exc}")
        return EXIT_TIMEOUT
    except ProbeError as exc:
        output.warn(f"error: {exc}")
        return EXIT_API_ERROR
    except OSError as exc:  # a report file that cannot be written
        output.warn(f"error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        output.warn("interrupted")
        return 130
    finally:
        if log_handler is not None:
            logging.getLogger("splx_probe_client").removeHandler(log_handler)
