# Hand-written: edit overrides/splx_probe_client/_cli.py, not this copy (installed by `make generate`).
"""The ``splx-probe`` command (also ``python -m splx_probe_client``): gate a CI pipeline on a red-team test run.

Standard library only (argparse), so the package keeps its runtime dependencies. Readable results go to
stdout (to stderr when ``--json -`` reserves stdout for the JSON document), progress and errors to stderr.
The API key is read from ``SPLX_API_KEY`` only and never printed. ``run`` lives in ``_cli_run``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, NoReturn, TextIO

from ._cli_common import (
    EXIT_API_ERROR,
    EXIT_GATE_FAILED,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_SIGINT,
    EXIT_SIGTERM,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    UsageError,
    answer_error,
    answer_problem,
    check_answer,
    describe_error,
    expect,
    id_option,
    make_client,
)
from ._cli_run import cmd_run, report_usage_error, run_reports, score_categories, scores_line
from ._exceptions import ProbeError
from ._gate import RISK_BANDS
from ._output import Output, on_github
from ._render import quoted, shown, when
from ._reports import OUTCOMES, Outcome, ReportPaths, outcome_document
from ._secrets import redact
from ._servers import DEFAULT_REGION, REGIONS
from ._signals import Interrupted, Interrupts
from ._version import __version__
from .ids import ProbeId, TargetId, TestRunId, WorkspaceId

_EXIT_CODES_HELP = f"""\
exit codes:
  {EXIT_OK:<4} passed the gate (or the command succeeded)
  {EXIT_GATE_FAILED:<4} gate failed: failed test cases above --fail-on-failed, overall score below --min-score,
       risk band worse than --max-risk, or the run ended FAILED / CANCELLED / ERROR
  {EXIT_USAGE:<4} usage error: bad or missing option, SPLX_API_KEY not set, invalid --from-file, a report path
       that cannot be written (checked before anything is sent)
  {EXIT_API_ERROR:<4} API or authentication error, including a trigger the server refused (its message is printed),
       an answer that does not fit the spec (null, text or NaN where a number belongs), and a gate check
       whose input the answer leaves out: the gate fails closed, it never passes what it cannot judge
  {EXIT_TIMEOUT:<4} timeout: the run did not finish within --timeout (with --cancel-on-timeout it was cancelled)
  {EXIT_INTERNAL:<4} internal error: a bug in splx-probe (reported with -vv's traceback), never a gate verdict
  {EXIT_SIGINT:<4} interrupted by SIGINT (Ctrl-C); {EXIT_SIGTERM}: by SIGTERM (a cancelled CI job). The run's id and the
       command that cancels it are printed; with --cancel-on-interrupt it is cancelled first
Every outcome of run writes the --junit and --json reports (with --wait, also the GitHub job summary).
With --json -, standard output is one JSON document whatever happens; everything readable goes to
standard error. Its "outcome" is one of: {", ".join(OUTCOMES)}.

environment (each overridden by its flag):
  SPLX_API_KEY       API key (required; there is no flag, so it never shows in process lists or logs)
  SPLX_API_URL       --api-url      SPLX_REGION   --region ({", ".join(REGIONS)})
  SPLX_WORKSPACE_ID  --workspace    SPLX_TARGET_ID  --target
  SPLX_PROBE_IDS     --probe (comma-separated ids)
  SPLX_PLATFORM_URL  --platform-url (links to the run)
  GITHUB_STEP_SUMMARY  set by GitHub Actions: a Markdown job summary is appended to it
  GITHUB_ACTIONS=true  errors and warnings also become GitHub annotations
"""


# --- argument parsing -------------------------------------------------------------------------------------------


class _ArgumentError(Exception):
    """argparse refused the command line (``parser`` is the (sub-)parser that did, for its usage line)."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser
        self.message = message


class _Parser(argparse.ArgumentParser):
    """argparse that raises on a refused command line rather than exiting: the command may still owe a document."""

    def error(self, message: str) -> NoReturn:
        raise _ArgumentError(self, message)


def positive_float(text: str) -> float:
    value = float(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, not {text}")
    return value


def non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, not {text}")
    return value


def score(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"must be between 0 and 100, not {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The ``splx-probe`` argument parser (sub-commands ``run``, ``status``, ``cancel``, ``scores``, ``target``)."""
    connection = _Parser(add_help=False)
    group = connection.add_argument_group("connection")
    group.add_argument("--api-url", metavar="URL", help="API base URL (env SPLX_API_URL); overrides --region")
    group.add_argument(
        "--region", choices=tuple(REGIONS), help=f"API region (env SPLX_REGION; default {DEFAULT_REGION})"
    )
    group.add_argument(
        "-v", "--verbose", action="count", default=0, help="log retries (-v) and every request (-vv) to stderr"
    )

    workspace = _Parser(add_help=False)
    workspace.add_argument("--workspace", metavar="ID", help="workspace id (env SPLX_WORKSPACE_ID)")
    target = _Parser(add_help=False)
    target.add_argument("--target", metavar="ID", help="target id (env SPLX_TARGET_ID)")

    parser = _Parser(
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
        type=ProbeId,
        action="append",
        help="probe id, repeatable (env SPLX_PROBE_IDS); default: the probes recommended for the target's type",
    )
    run.add_argument("--name", help="name of the test run (default: 'splx-probe <UTC time>')")
    run.add_argument("--wait", action="store_true", help="wait for the run to end, showing progress on stderr")
    wait = run.add_argument_group("with --wait")
    wait.add_argument("--timeout", metavar="SECONDS", type=positive_float, help="give up after this long (exit 4)")
    wait.add_argument("--poll-interval", metavar="SECONDS", type=positive_float, help="seconds between polls")
    wait.add_argument("--cancel-on-timeout", action="store_true", help="cancel the run on the server on timeout")
    wait.add_argument(
        "--cancel-on-interrupt",
        action="store_true",
        help="on SIGINT/SIGTERM (Ctrl-C, a cancelled CI job), cancel the run on the server before exiting",
    )
    wait.add_argument("--fail-on-failed", metavar="N", type=non_negative_int, help="fail if > N test cases failed")
    wait.add_argument("--min-score", metavar="S", type=score, help="fail if the overall score is below S (0-100)")
    wait.add_argument(
        "--max-risk",
        choices=RISK_BANDS[1:],
        help="fail if the risk band of the overall score is worse (CRITICAL < 30 <= HIGH < 60 <= MEDIUM < 80 <= LOW)",
    )
    wait.add_argument("--junit", metavar="FILE", help="write a JUnit XML report of the outcome (whatever it is)")
    wait.add_argument(
        "--json",
        metavar="FILE",
        help="write the outcome, final run, scores and gate as JSON ('-': stdout, then the only thing on stdout)",
    )
    wait.add_argument(
        "--platform-url",
        metavar="URL",
        help="the platform's web app, for links to the run (env SPLX_PLATFORM_URL; default: the region's)",
    )
    run.set_defaults(handler=cmd_run, handles_signals=True)

    status = commands.add_parser(
        "status", parents=[connection, workspace, target], help="show a target's test runs", **common
    )
    status.add_argument("--run", metavar="ID", type=TestRunId, help="show only this test run")
    status.add_argument("--json", metavar="FILE", help="also write the runs as JSON ('-': stdout, and nothing else)")
    status.set_defaults(handler=_cmd_status)

    cancel = commands.add_parser("cancel", parents=[connection, workspace], help="cancel a test run", **common)
    cancel.add_argument("--run", metavar="ID", type=TestRunId, required=True, help="test run id")
    cancel.set_defaults(handler=_cmd_cancel)

    scores = commands.add_parser(
        "scores", parents=[connection, workspace, target], help="show a target's overall and category scores", **common
    )
    scores.add_argument("--json", metavar="FILE", help="also write the scores as JSON ('-': stdout, and nothing else)")
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


def _json_output(path: str | None, output: Output) -> None:
    """Check a ``--json`` path before anything else; from then on the command owes it a document.

    The result's on success; on any failure, ``main`` writes one saying what happened.
    """
    try:
        ReportPaths(json=path).check()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    output.expect_document(path)


# --- commands ---------------------------------------------------------------------------------------------------


async def _cmd_status(args: argparse.Namespace, output: Output) -> int:
    from ._progress import describe
    from .api.target import list_target_test_runs

    _json_output(args.json, output)
    workspace_id = id_option(args.workspace, "--workspace", "SPLX_WORKSPACE_ID", WorkspaceId)
    target_id = id_option(args.target, "--target", "SPLX_TARGET_ID", TargetId)
    async with make_client(args) as client:
        runs = expect(
            await list_target_test_runs.asyncio(workspace_id, target_id, client=client), list, "list test runs"
        )
    if args.run is not None:
        runs = [run for run in runs if run.id == args.run]
        if not runs:
            raise ProbeError(f"target {target_id} has no test run {args.run}")
    problems: list[str] = []
    for run in runs:
        output.say(f"test run {shown(run.id)} {when(run.execution_date)} {quoted(run.name)}: {describe(run)}")
        problem = answer_problem("ScanRunExecutionDto", run)
        if problem:
            problems.append(f"test run {shown(run.id)}: {problem}")
    if not runs:
        output.say(f"target {target_id} has no test runs")
    if problems:  # after the lines, which show what was sent; the platform's error, not a crash (exit 3)
        raise answer_error(f"test runs of target {target_id}", "; ".join(problems), [run.to_dict() for run in runs])
    if args.json:
        output.document([run.to_dict() for run in runs])
    return EXIT_OK


async def _cmd_cancel(args: argparse.Namespace, output: Output) -> int:
    from .api.test_run import cancel_test_run

    workspace_id = id_option(args.workspace, "--workspace", "SPLX_WORKSPACE_ID", WorkspaceId)
    async with make_client(args) as client:
        await cancel_test_run.asyncio(workspace_id, args.run, client=client)
    output.say(f"cancelled test run {args.run}")
    return EXIT_OK


async def _cmd_scores(args: argparse.Namespace, output: Output) -> int:
    from .api.target import get_target_scores
    from .models.scan_score_overview_dto import ScanScoreOverviewDto

    _json_output(args.json, output)
    workspace_id = id_option(args.workspace, "--workspace", "SPLX_WORKSPACE_ID", WorkspaceId)
    target_id = id_option(args.target, "--target", "SPLX_TARGET_ID", TargetId)
    async with make_client(args) as client:
        scores = expect(
            await get_target_scores.asyncio(workspace_id, target_id, client=client), ScanScoreOverviewDto, "scores"
        )
    output.say(scores_line(scores))
    output.say(f"latest execution {when(scores.latest_execution_date)}")
    for category, value in score_categories(scores).items():
        output.say(f"  {shown(category)}: {shown(value)}")
    check_answer("ScanScoreOverviewDto", scores, f"scores of target {target_id}")
    if args.json:
        output.document(scores.to_dict())
    return EXIT_OK


async def _cmd_target_get(args: argparse.Namespace, output: Output) -> int:
    from .api.target import get_target
    from .models.target_new_dto import TargetNewDto

    workspace_id = id_option(args.workspace, "--workspace", "SPLX_WORKSPACE_ID", WorkspaceId)
    target_id = id_option(args.target, "--target", "SPLX_TARGET_ID", TargetId)
    async with make_client(args) as client:
        target = expect(await get_target.asyncio(workspace_id, target_id, client=client), TargetNewDto, "get target")
    # Secrets of the connection config (provider keys, tokens, headers) are hidden: this output lands in CI logs.
    output.json_document(redact(target.to_dict()))
    return EXIT_OK


async def _cmd_target_delete(args: argparse.Namespace, output: Output) -> int:
    from .api.target import delete_target

    workspace_id = id_option(args.workspace, "--workspace", "SPLX_WORKSPACE_ID", WorkspaceId)
    target_id = id_option(args.target, "--target", "SPLX_TARGET_ID", TargetId)
    async with make_client(args) as client:
        await delete_target.asyncio(workspace_id, target_id, client=client)
    output.say(f"deleted target {target_id}")
    return EXIT_OK


async def _cmd_target_create(args: argparse.Namespace, output: Output) -> int:
    from ._target_file import load_target_request
    from .api.target import create_target
    from .models.target_new_dto import TargetNewDto

    workspace_id = id_option(args.workspace, "--workspace", "SPLX_WORKSPACE_ID", WorkspaceId)
    body = load_target_request(args.from_file)  # before any connection: a bad file sends nothing
    async with make_client(args) as client:
        target = expect(
            await create_target.asyncio(workspace_id, client=client, body=body), TargetNewDto, "create target"
        )
    output.say(f"created target {shown(target.id)}")
    return EXIT_OK


# --- entry point ------------------------------------------------------------------------------------------------


class _LineFormatter(logging.Formatter):
    """A log record as one safe line (``Output.line``): its message may quote the API (a status, an error)."""

    def __init__(self, output: Output) -> None:
        super().__init__("%(name)s: %(message)s")
        self.output = output

    def format(self, record: logging.LogRecord) -> str:
        return self.output.line(super().format(record))


def _log_to(output: Output, level: int) -> logging.Handler:
    # Only the SDK's own logger: its records never carry the API key or secret fields, unlike a root
    # logger at DEBUG that would also print other libraries' records.
    handler = logging.StreamHandler(output.err)
    handler.setFormatter(_LineFormatter(output))
    logger = logging.getLogger("splx_probe_client")
    logger.addHandler(handler)
    logger.setLevel(level)
    return handler


_Handler = Callable[[argparse.Namespace, Output], Coroutine[Any, Any, int]]


async def _run_command(handler: _Handler, args: argparse.Namespace, output: Output) -> int:
    if getattr(args, "handles_signals", False):
        return await handler(args, output)
    # Any other command is short: a signal ends it at once, with the conventional exit code.
    with Interrupts() as interrupts:
        return await interrupts.step(lambda: handler(args, output))


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``splx-probe`` with ``argv`` (default ``sys.argv[1:]``) and return the exit code (see ``--help``)."""
    _tolerant(sys.stdout)
    _tolerant(sys.stderr)
    output = Output(sys.stdout, sys.stderr, github=on_github())
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = build_parser().parse_args(argv)
    except _ArgumentError as exc:
        return _refused(exc, argv, output)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    log_handler = _log_to(output, logging.DEBUG if args.verbose > 1 else logging.INFO) if args.verbose else None
    try:
        return asyncio.run(_run_command(args.handler, args, output))
    except (UsageError, ProbeError, Interrupted, OSError, KeyboardInterrupt) as exc:
        code, outcome, title, message = describe_error(exc)
        output.annotate("error", f"splx-probe: {title}", message)
        _settle_document(output, outcome, code, message)
        return code
    except Exception as exc:  # a bug: its own exit code, so CI never reads it as a failed gate
        logging.getLogger("splx_probe_client").debug("splx-probe failed", exc_info=True)
        code, outcome, title, message = describe_error(exc)
        output.annotate("error", f"splx-probe: {title}", message)
        _settle_document(output, outcome, code, message)
        return code
    finally:
        if log_handler is not None:
            logging.getLogger("splx_probe_client").removeHandler(log_handler)


def _tolerant(stream: TextIO) -> None:
    """Let ``stream`` write any character: one its encoding lacks (``—`` in a Latin-1 locale) is escaped, not fatal.

    Text from the API is escaped before it is printed; this keeps a stream's encoding from ever being the
    reason the command fails (exit 5) while it reports an outcome.
    """
    reconfigure = getattr(stream, "reconfigure", None)
    if callable(reconfigure):
        with contextlib.suppress(ValueError, OSError, AttributeError):
            reconfigure(errors="backslashreplace")


def _settle_document(output: Output, outcome: Outcome, code: int, message: str) -> None:
    """Write the JSON document a failed command still owes (``--json``): what happened, not a silence."""
    if not output.document_due:
        return
    try:
        output.document(outcome_document(outcome, code, message))
    except OSError as exc:
        output.warn(f"error: could not write --json {output.document_path}: {exc.strerror or exc}")


def _refused(exc: _ArgumentError, argv: list[str], output: Output) -> int:
    """A command line argparse refused: its usage and message, as argparse prints them, and the reports owed."""
    exc.parser.print_usage(output.err)
    # argparse quotes the command line, which a CI job may build from untrusted text (a branch name, a PR title).
    print(output.line(f"{exc.parser.prog}: error: {exc.message}"), file=output.err, flush=True)
    message = f"{exc.parser.prog}: {exc.message}"
    asked = _asked(argv)
    if asked is None:
        return EXIT_USAGE
    if asked.command == "run":
        paths, report = run_reports(asked.junit, asked.json, asked.wait, output)
        return report_usage_error(paths, output, report, message)
    if asked.command in ("status", "scores"):
        try:
            _json_output(asked.json, output)
        except UsageError:
            return EXIT_USAGE  # nowhere to write it: the message above says enough
        _settle_document(output, "usage_error", EXIT_USAGE, message)
    return EXIT_USAGE


def _asked(argv: list[str]) -> argparse.Namespace | None:
    """The command, ``--json``, ``--junit`` and ``--wait`` of a refused command line, read leniently, if readable."""
    lenient = _Parser(add_help=False)
    lenient.add_argument("command", nargs="?")
    lenient.add_argument("--json")
    lenient.add_argument("--junit")
    lenient.add_argument("--wait", action="store_true")
    try:
        asked, _ = lenient.parse_known_args(argv)
    except _ArgumentError:  # e.g. `--json` without its value
        return None
    return asked
