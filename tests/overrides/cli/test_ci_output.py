"""Annotations, the GitHub job summary, signals and request building, through the modules the command uses."""

from __future__ import annotations

import asyncio
import datetime
import io
import signal

import attrs
import pytest

from splx_probe_client._cli import build_parser
from splx_probe_client._cli_common import (
    UsageError,
    cancel_command,
    check_request_fields,
    test_run_url as run_url,
)
from splx_probe_client._gate import Check
from splx_probe_client._output import Output, on_github
from splx_probe_client._reports import RunReport
from splx_probe_client._signals import Interrupted, Interrupts
from splx_probe_client._summary import markdown_summary
from splx_probe_client.models.scan_run_execution_dto import ScanRunExecutionDto
from splx_probe_client.models.trigger_test_run_request import TriggerTestRunRequest


def test_annotations_are_workflow_commands_on_github_only() -> None:
    assert on_github({"GITHUB_ACTIONS": "true"})
    assert not on_github({"GITHUB_ACTIONS": "false"})
    assert not on_github({})
    github, plain = io.StringIO(), io.StringIO()
    Output(io.StringIO(), github, github=True).annotate("error", "gate: a, b: c", "50% done\nnext line\r")
    Output(io.StringIO(), plain).annotate("warning", "no scores", "404")
    # The runner's escapes: a newline would end the command, ':' and ',' would split its properties.
    assert github.getvalue() == "::error title=gate%3A a%2C b%3A c::50%25 done%0Anext line%0D\n"
    assert plain.getvalue() == "splx-probe: warning: 404\n"


def test_a_document_on_stdout_moves_readable_lines_to_stderr_and_is_written_once() -> None:
    out, err = io.StringIO(), io.StringIO()
    output = Output(out, err)
    output.say("before")
    output.expect_document("-")
    assert output.document_path == "-"
    output.say("after")
    output.document({"b": 1, "a": [1]})
    assert not output.document_due
    with pytest.raises(RuntimeError, match="no JSON document is due"):  # a second would break `json.load`
        output.document({"c": 2})
    assert out.getvalue() == 'before\n{\n  "a": [\n    1\n  ],\n  "b": 1\n}\n'
    assert err.getvalue() == "after\n"


def test_the_summary_escapes_what_the_api_sent() -> None:
    run = ScanRunExecutionDto(
        id=9,
        name="a | b <script>",
        probes=[],
        started_by=None,
        status="FAILED",
        passed_count=1,
        failed_count=2,
        error_count=3,
        total_count=6,
    )
    report = RunReport(
        workspace_id=1,
        target_id=2,
        started_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        outcome="gate_failed",
        exit_code=1,
        message="gate failed",
        test_run_id=9,
        test_run_url=run_url("https://probe.splx.ai", 1, 2, 9),
        run=run,
        checks=[Check("test run finished", False, "ended\nFAILED | badly")],
    )
    text = markdown_summary(report)
    assert "| Test run | [9 (a \\| b &lt;script&gt;)](https://probe.splx.ai/w/1/target/2/test-runs/9) |" in text
    assert "| test run finished | **fail** | ended FAILED \\| badly |" in text
    assert "1 passed, 2 failed, 3 errors, 6 in all" in text
    assert text.endswith("\n\n")


async def test_a_signal_interrupts_a_step_and_a_tolerated_one_waits() -> None:
    with Interrupts() as interrupts:
        started = asyncio.Event()

        async def forever() -> None:
            started.set()
            await asyncio.sleep(3600)

        step = asyncio.ensure_future(interrupts.step(forever))
        await started.wait()
        interrupts.simulate(signal.SIGTERM)
        with pytest.raises(Interrupted) as caught:
            await step
        assert caught.value.exit_code == 143

        async def short() -> str:
            await asyncio.sleep(0)
            return "id 17"

        # One signal received: a step tolerating one runs to its end; a second signal stops it.
        assert await interrupts.step(short, tolerated=1) == "id 17"
        started.clear()
        tolerant = asyncio.ensure_future(interrupts.step(forever, tolerated=1))
        await started.wait()
        interrupts.simulate(signal.SIGINT)
        with pytest.raises(Interrupted) as caught:
            await tolerant
        assert caught.value.signal is signal.SIGTERM  # the first one is what the command reports
        assert caught.value.exit_code == 143


async def test_handlers_are_restored_afterwards() -> None:
    before = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    with Interrupts():
        assert signal.getsignal(signal.SIGTERM) != before[signal.SIGTERM]
    assert {signum: signal.getsignal(signum) for signum in before} == before


async def test_cancelling_the_caller_is_not_an_interrupt() -> None:
    with Interrupts() as interrupts:
        task = asyncio.ensure_future(interrupts.step(lambda: asyncio.sleep(3600)))
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


@attrs.define
class NewerTrigger:
    """The trigger body as a newer spec might make it: one more required field, one more optional one."""

    name: str
    target_id: int
    probe_ids: list[int] | None
    approval_ticket: str
    notify_when_finished: bool = False


def test_the_fields_the_cli_sets_are_enough_today() -> None:
    from splx_probe_client._cli_run import _SET_BY_CLI

    check_request_fields(TriggerTestRunRequest, _SET_BY_CLI)  # the others have defaults in the spec
    body = TriggerTestRunRequest(name="ci", probe_ids=[1], target_id=2)
    assert body.to_dict() == {
        "name": "ci",
        "probeIds": [1],
        "targetId": 2,
        "notifyWhenFinished": False,
        "runAiAnalysis": False,
    }


def test_a_new_required_field_is_named_not_a_type_error() -> None:
    with pytest.raises(UsageError, match=r"NewerTrigger requires 'approval_ticket', which this splx-probe"):
        check_request_fields(NewerTrigger, {"name", "target_id", "probe_ids"})
    check_request_fields(NewerTrigger, {"name", "target_id", "probe_ids", "approval_ticket"})  # optional: not needed
    with pytest.raises(UsageError, match=r"TriggerTestRunRequest no longer has 'priority'"):
        check_request_fields(TriggerTestRunRequest, {"name", "target_id", "probe_ids", "priority"})


def test_the_cancel_command_repeats_the_connection_flags_without_credentials() -> None:
    args = build_parser().parse_args(
        ["run", "--api-url", "https://ci:hunter2@proxy.example/splx?token=abc", "--region", "us", "--target", "1"]
    )
    command = cancel_command(args, 12, 678)
    assert command == "splx-probe cancel --workspace 12 --run 678 --api-url https://proxy.example/splx --region us"
    assert build_parser().parse_args(command.split()[1:]).run == 678  # a command splx-probe accepts
