# Hand-written: edit overrides/splx_probe_client/_cli_run.py, not this copy (installed by `make generate`).
"""``splx-probe run``: trigger a test run and, with ``--wait``, follow it, apply the gate and write the reports.

Order of work, so that a CI job learns of a mistake before an hour-long wait, not after it: options, the API
key and the request model are checked, then every report path is checked writable; only then is anything
sent. Every outcome writes the reports (see ``_reports``); a usage error writes those that can be written.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import logging
import os
import shlex
import time
from typing import TYPE_CHECKING

from ._cli_common import (
    EXIT_API_ERROR,
    EXIT_GATE_FAILED,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    NO_PLATFORM_URL,
    UsageError,
    answer_problem,
    cancel_command,
    check_answer,
    check_request_fields,
    describe_error,
    env_probe_ids,
    expect,
    id_option,
    make_client,
    platform_url,
    test_run_url,
    unknown_platform_region,
)
from ._exceptions import APIStatusError, ProbeError, TestRunTimeoutError
from ._gate import CANNOT_JUDGE, evaluate, risk_band_of
from ._output import Output
from ._progress import ProgressPrinter, describe
from ._render import quoted, shown
from ._reports import Outcome, ReportPaths, RunReport
from ._signals import Interrupted, Interrupts
from .ids import ProbeId, TargetId, WorkspaceId

if TYPE_CHECKING:
    from ._client import ProbeClient
    from .models.scan_run_execution_dto import ScanRunExecutionDto
    from .models.scan_score_overview_dto import ScanScoreOverviewDto
    from .models.test_run_trigger_dto import TestRunTriggerDto
    from .models.trigger_test_run_request import TriggerTestRunRequest

WAIT_ONLY = ("timeout", "poll_interval", "fail_on_failed", "min_score", "max_risk", "junit", "json")
WAIT_ONLY_FLAGS = ("cancel_on_timeout", "cancel_on_interrupt")

CANCEL_TIMEOUT = 30.0
"""Seconds allowed for cancelling the run after a signal: CI systems kill a job a little after SIGTERM."""

_SET_BY_CLI = {"name", "probe_ids", "target_id"}
"""The fields of ``TriggerTestRunRequest`` this command fills in; the others take the spec's defaults."""


def _check_wait_options(args: argparse.Namespace) -> None:
    if args.wait:
        return
    given = [f"--{name.replace('_', '-')}" for name in WAIT_ONLY if getattr(args, name) is not None]
    given += [f"--{name.replace('_', '-')}" for name in WAIT_ONLY_FLAGS if getattr(args, name)]
    if given:
        raise UsageError(f"{', '.join(given)} {'needs' if len(given) == 1 else 'need'} --wait")


def run_reports(junit: str | None, json: str | None, wait: bool, output: Output) -> tuple[ReportPaths, RunReport]:
    """The reports ``run`` owes (the GitHub job summary only with ``--wait``) and the report to fill in.

    Standard output is reserved at once for ``--json -``, so that even a usage error is one JSON document.
    """
    paths = ReportPaths.from_options(junit, json, os.environ if wait else {})
    output.expect_document(paths.json)
    return paths, RunReport(started_at=datetime.datetime.now(datetime.UTC))


def report_usage_error(paths: ReportPaths, output: Output, report: RunReport, message: str) -> int:
    """A usage error found before anything was sent, written to every report that can be written: exit 2."""
    report.record_error("usage_error", EXIT_USAGE, "test run triggered", message)
    paths.usable().write(report, output)
    return EXIT_USAGE


async def cmd_run(args: argparse.Namespace, output: Output) -> int:
    """The ``run`` sub-command; returns the exit code. Every outcome is reported, none raised."""
    paths, report = run_reports(args.junit, args.json, args.wait, output)
    try:
        job = _prepare(args, output, report, paths)
    except UsageError as exc:
        output.annotate("error", "splx-probe: usage error", str(exc))
        return report_usage_error(paths, output, report, str(exc))
    started = time.monotonic()
    with Interrupts() as interrupts:
        try:
            async with job.client:
                await job.run(interrupts)
        except (ProbeError, UsageError, Interrupted) as exc:
            job.failed(exc)
        except Exception as exc:  # a bug: still reported (internal_error, exit 5), never a silent traceback
            logging.getLogger("splx_probe_client").debug("splx-probe run failed", exc_info=True)
            job.failed(exc)
    report.elapsed = time.monotonic() - started
    if not paths.write(report, output) and report.exit_code == EXIT_OK:
        return EXIT_USAGE  # the gate passed, but a report CI relies on is missing: not a green build
    return report.exit_code


def _prepare(args: argparse.Namespace, output: Output, report: RunReport, paths: ReportPaths) -> _RunJob:
    """Check all that can be checked before anything is sent: options, request model, report paths, API key."""
    from .models.trigger_test_run_request import TriggerTestRunRequest

    _check_wait_options(args)
    workspace_id = report.workspace_id = id_option(args.workspace, "--workspace", "SPLX_WORKSPACE_ID", WorkspaceId)
    target_id = report.target_id = id_option(args.target, "--target", "SPLX_TARGET_ID", TargetId)
    probe_ids: list[ProbeId] = args.probe or env_probe_ids()
    check_request_fields(TriggerTestRunRequest, _SET_BY_CLI)
    try:
        paths.check()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return _RunJob(args, output, report, make_client(args), workspace_id, target_id, probe_ids)


class _RunJob:
    """One ``run`` invocation: its steps fill in ``report``."""

    def __init__(
        self,
        args: argparse.Namespace,
        output: Output,
        report: RunReport,
        client: ProbeClient,
        workspace_id: WorkspaceId,
        target_id: TargetId,
        probe_ids: list[ProbeId],
    ) -> None:
        self.args = args
        self.output = output
        self.report = report
        self.client = client
        self.workspace_id = workspace_id
        self.target_id = target_id
        self.probe_ids = probe_ids
        self.printer = ProgressPrinter(output.err)

    async def run(self, interrupts: Interrupts) -> None:
        from .models.trigger_test_run_request import TriggerTestRunRequest

        args, output, report = self.args, self.output, self.report
        name = args.name or f"splx-probe {report.started_at:%Y-%m-%d %H:%M:%S} UTC"
        if not self.probe_ids:
            self.probe_ids, label = await interrupts.step(self._recommended_probes)
            count, ids = len(self.probe_ids), shown(self.probe_ids)
            output.say(f"no --probe given: using the {count} probes recommended for target type {quoted(label)}: {ids}")
        # A direct call, so `make generate` (mypy on the hand-written layer) names this line when the spec adds a
        # required field; check_request_fields said so at run time already, before anything was sent.
        body = TriggerTestRunRequest(name=name, probe_ids=self.probe_ids, target_id=self.target_id)
        # A first signal does not cut the trigger short: its answer carries the run's id, which the job needs
        # to say what it leaves behind (or to cancel it). A second signal does.
        triggered = await interrupts.step(lambda: self._trigger(body), tolerated=1)
        # An id that is not an integer cannot be polled, linked or cancelled: the platform's error (exit 3).
        # The run may exist all the same: the message says where to look for it.
        listing = shlex.join(
            ["splx-probe", "status", "--workspace", str(self.workspace_id), "--target", str(self.target_id)]
        )
        check_answer(
            "TestRunTriggerDto",
            triggered,
            f"the trigger's answer on target {self.target_id}; a test run may have started: `{listing}` lists it",
        )
        run_id = report.test_run_id = triggered.test_run_id
        report.test_run_url = test_run_url(platform_url(args), self.workspace_id, self.target_id, run_id)
        output.say(
            f"triggered test run {run_id} ({quoted(name)}) on target {self.target_id} with {len(self.probe_ids)} probes"
        )
        if report.test_run_url:
            output.say(f"  {report.test_run_url}")
        elif (unknown_region := unknown_platform_region(args)) is not None:
            output.say("  " + NO_PLATFORM_URL.format(region=unknown_region))
        self.printer = ProgressPrinter(output.err)  # its elapsed times count from the trigger
        if not args.wait:
            interrupts.check()
            report.outcome, report.exit_code, report.message = "passed", EXIT_OK, f"triggered test run {run_id}"
            return
        try:
            run = await interrupts.step(self._wait)
        except Interrupted as exc:
            self.printer.close()  # end the bar's line before saying what was left behind
            await self._interrupted(exc, interrupts)
            return
        except TestRunTimeoutError as exc:
            self.printer.close()
            self._timed_out(exc)
            return
        finally:  # any other error: end the bar's line before it is reported (a second close adds nothing)
            self.printer.close()
        report.run = run
        await self._gate(run, interrupts)

    async def _recommended_probes(self) -> tuple[list[ProbeId], str]:
        """The probe ids recommended for the target's type, and the type's label."""
        from .api.target import get_target, list_target_types
        from .models.risk_score_preset_dto import RiskScorePresetDto
        from .models.target_new_dto import TargetNewDto

        client, workspace_id, target_id = self.client, self.workspace_id, self.target_id
        target = expect(
            await get_target.asyncio(workspace_id, target_id, client=client), TargetNewDto, f"get target {target_id}"
        )
        preset_id = target.settings.target_preset_id
        if not preset_id:  # None or UNSET (both falsy)
            raise UsageError(f"target {target_id} has no target type (targetPresetId): pass --probe or SPLX_PROBE_IDS")
        presets = expect(await list_target_types.asyncio(client=client), list, "list target types")
        for preset in presets:
            if isinstance(preset, RiskScorePresetDto) and str(preset.id) == str(preset_id):
                ids = [detail.probe_id for detail in preset.details if detail.is_recommended]
                if not ids:
                    raise UsageError(
                        f"target type {quoted(preset.label)} recommends no probes: pass --probe or SPLX_PROBE_IDS"
                    )
                return ids, preset.label
        raise UsageError(f"target type {shown(preset_id)} of target {target_id} is not among the API's target types")

    async def _trigger(self, body: TriggerTestRunRequest) -> TestRunTriggerDto:
        from .polling import trigger_test_run

        # Exactly one run, its id known even when the answer is lost; a refused trigger raises (exit 3 with the
        # server's message): never a success without a run id.
        return await trigger_test_run(self.client, workspace_id=self.workspace_id, body=body)

    async def _wait(self) -> ScanRunExecutionDto:
        from .polling import wait_for_test_run

        args = self.args
        assert self.report.test_run_id is not None
        options: dict[str, float] = {}
        if args.timeout is not None:
            options["timeout"] = args.timeout
        if args.poll_interval is not None:
            options["poll_interval"] = args.poll_interval
        return await wait_for_test_run(
            self.client,
            workspace_id=self.workspace_id,
            target_id=self.target_id,
            test_run_id=self.report.test_run_id,
            on_progress=self.printer,
            cancel_on_timeout=args.cancel_on_timeout,
            **options,
        )

    async def _gate(self, run: ScanRunExecutionDto, interrupts: Interrupts) -> None:
        args, output, report = self.args, self.output, self.report
        # A run whose answer does not fit the spec (null or a string where a count is) cannot be judged: the
        # platform's error, exit 3. A count it leaves out is judged by the check that needs it (an error check).
        check_answer("ScanRunExecutionDto", run, f"test run {shown(run.id)}")
        scores, no_scores = await interrupts.step(self._fetch_scores)
        report.scores = scores  # reported as sent, even when it cannot be judged
        problem = "" if scores is None else answer_problem("ScanScoreOverviewDto", scores)
        if problem:
            no_scores = f"{CANNOT_JUDGE}: scores of target {self.target_id}: {problem}"
        report.checks = evaluate(
            run,
            None if problem else scores,
            fail_on_failed=args.fail_on_failed,
            min_score=args.min_score,
            max_risk=args.max_risk,
            no_scores=no_scores or "no scores for the target",
        )
        output.say(f"test run {shown(run.id)}: {describe(run)}")
        if scores is not None and not problem:
            output.say(scores_line(scores))
        elif no_scores:
            output.annotate("warning", "splx-probe: no scores", no_scores)
        for check in report.checks:
            verdict = "PASS" if check.passed else "ERROR" if check.error else "FAIL"
            output.say(f"{verdict:5} {check.name}: {check.detail}")
            if not check.passed:
                output.annotate("error", f"splx-probe gate: {check.name}", check.detail)
        if all(check.passed for check in report.checks):
            report.outcome, report.exit_code, report.message = "passed", EXIT_OK, "gate passed"
        elif any(not check.passed and not check.error for check in report.checks):
            report.outcome, report.exit_code, report.message = "gate_failed", EXIT_GATE_FAILED, "gate failed"
        else:
            report.outcome, report.exit_code = "api_error", EXIT_API_ERROR
            report.message = "gate could not be evaluated"
        output.say(report.message)

    async def _fetch_scores(self) -> tuple[ScanScoreOverviewDto | None, str]:
        """The target's scores, or ``None`` and why not (an error status other than 401/403 is not fatal here)."""
        from .api.target import get_target_scores
        from .models.scan_score_overview_dto import ScanScoreOverviewDto

        target_id = self.target_id
        try:
            answer = await get_target_scores.asyncio(self.workspace_id, target_id, client=self.client)
        except APIStatusError as exc:
            if exc.status_code in (401, 403):
                raise
            return None, f"no scores for target {target_id}: {exc}"
        if not isinstance(answer, ScanScoreOverviewDto):
            return None, f"no scores for target {target_id}"
        return answer, ""

    def _timed_out(self, exc: TestRunTimeoutError) -> None:
        report = self.report
        cancelled = " and cancelled it" if self.args.cancel_on_timeout else ""
        message = f"timed out waiting for test run {report.test_run_id}{cancelled}: {exc.message}"
        if not self.args.cancel_on_timeout and report.test_run_id is not None:
            message += f"; it may still be running: {cancel_command(self.args, self.workspace_id, report.test_run_id)}"
        report.run = exc.run or report.run
        self._error("timeout", EXIT_TIMEOUT, "test run finished in time", "splx-probe: timed out", message)

    async def _interrupted(self, exc: Interrupted, interrupts: Interrupts) -> None:
        report, output = self.report, self.output
        run_id = report.test_run_id
        assert run_id is not None
        report.run = self.printer.last_run or report.run
        seen = f" (last seen {describe(report.run)})" if report.run is not None else ""
        output.warn(f"{exc.signal.name} received: stopped waiting for test run {run_id}{seen}")
        command = cancel_command(self.args, self.workspace_id, run_id)
        if self.args.cancel_on_interrupt:
            state = await self._cancel_after_signal(interrupts)
        else:
            state = "still running on the server"
        if state == "cancelled":
            message = f"{exc}: test run {run_id} was cancelled on the server (as `{command}` does)"
        else:
            message = f"{exc}: test run {run_id} is {state}; to cancel it: {command}"
        self._error("interrupted", exc.exit_code, "test run finished", "splx-probe: interrupted", message)

    async def _cancel_after_signal(self, interrupts: Interrupts) -> str:
        """Cancel the run after a first signal: "cancelled", or what prevented it (a second signal, an error)."""
        from .api.test_run import cancel_test_run

        run_id = self.report.test_run_id
        assert run_id is not None
        self.output.warn(f"cancelling test run {run_id} (--cancel-on-interrupt)")

        async def cancel() -> None:
            await asyncio.wait_for(
                cancel_test_run.asyncio(self.workspace_id, run_id, client=self.client), CANCEL_TIMEOUT
            )

        try:
            await interrupts.step(cancel, tolerated=1)
        except Interrupted:
            return "not cancelled (a second signal stopped the cancel) and may still be running"
        except TimeoutError:
            return f"not cancelled (no answer within {CANCEL_TIMEOUT:g} s) and may still be running"
        except ProbeError as error:
            return f"not cancelled ({error}) and may still be running"
        return "cancelled"

    def failed(self, exc: BaseException) -> None:
        """Record an error that ended the job early: an ``<error>`` case for the step that was under way."""
        code, outcome, title, message = describe_error(exc)
        self.report.run = self.report.run or self.printer.last_run
        run_id = self.report.test_run_id
        step = "test run triggered" if run_id is None else "test run finished"
        if isinstance(exc, Interrupted):
            if run_id is None:
                message = f"{exc} before a test run was triggered: nothing to cancel"
            else:
                command = cancel_command(self.args, self.workspace_id, run_id)
                message = f"{exc}: test run {run_id} may still be running; to cancel it: {command}"
        self._error(outcome, code, step, f"splx-probe: {title}", message)

    def _error(self, outcome: Outcome, code: int, step: str, title: str, message: str) -> None:
        self.report.record_error(outcome, code, step, message)
        self.output.annotate("error", title, message)


def scores_line(scores: ScanScoreOverviewDto) -> str:
    """One line: the overall score, its risk band and the attacks (``—`` for what the answer leaves out)."""
    return (
        f"overall score {shown(scores.overall_score)} (risk {risk_band_of(scores.overall_score)}), "
        f"{shown(scores.successful_attacks)} of {shown(scores.simulated_attacks)} simulated attacks succeeded"
    )


def score_categories(scores: ScanScoreOverviewDto) -> dict[str, object]:
    """The scores by category, as sent; none when the answer has no map of them (absent, null or not a map)."""
    categories: object = getattr(scores.scores, "additional_properties", None)
    return dict(categories) if isinstance(categories, dict) else {}
