"""SPLX Probe quickstart: the flow a user follows, offline against the SDK's fake or against the real API.

    make demo                                    # offline: starts splx_probe_client.testing.FakeProbe
    SPLX_API_KEY=... SPLX_WORKSPACE_ID=... SPLX_TARGET_ID=... python examples/quickstart.py   # the real API

Steps: pick a target type and its recommended probes, create a target with a typed connection config,
trigger a test run, show its progress live (a bar on a terminal, plain lines when piped), print the final
counts and the target's scores. Against the real API, ``SPLX_TARGET_ID`` uses an existing target instead of
creating one (creating one needs ``OPENAI_API_KEY``: the target is an OpenAI model); ``SPLX_REGION`` or
``SPLX_API_URL`` choose the server; ``SPLX_PROBE_IDS=1,2`` overrides the recommended probes.
Exit status: 0 when the run completed, 1 when it failed or was cancelled, 2 for a setup or API error.
"""

from __future__ import annotations

import asyncio
import os
import sys
from uuid import UUID

import attrs

from splx_probe_client import ProbeClient, ProbeError, ProgressPrinter, connection
from splx_probe_client.ids import ProbeId, TargetId, WorkspaceId
from splx_probe_client.models import (
    OpenAIIntegrationConfig,
    TargetNewCreateRequest,
    TargetSettingsCreateRequest,
    TriggerTestRunRequest,
)
from splx_probe_client.testing import FakeProbe


@attrs.frozen
class Setup:
    """Where to run: the fake or the real API."""

    label: str
    api_key: str = attrs.field(repr=False)
    base_url: str | None
    workspace_id: WorkspaceId
    target_id: TargetId | None
    provider_api_key: str = attrs.field(repr=False)
    probe_ids: list[ProbeId] | None
    poll_interval: float
    timeout: float


def say(text: str = "") -> None:
    print(text, flush=True)


# Every field from the API is shown through this: "—" when the platform leaves it out (or a new spec makes it
# optional), never "Unset"; control characters in names escaped.
show = ProgressPrinter.shown


async def quickstart(setup: Setup) -> int:
    say(f"SPLX Probe quickstart - {setup.label}")
    async with ProbeClient(api_key=setup.api_key, base_url=setup.base_url) as client:
        ws = setup.workspace_id

        say("\n1. Target types and the probes recommended for each")
        presets = await client.targets.list_types()
        for preset in presets:
            recommended = [f"{show(d.probe_id)} ({show(d.weight)})" for d in preset.details if d.is_recommended]
            say(f"   {show(preset.label)}: {', '.join(recommended)}")
        preset = presets[0]

        if setup.target_id is None:
            say(f"\n2. Create a target of type '{show(preset.label)}' with a typed OpenAI connection config")
            config = OpenAIIntegrationConfig(api_key=setup.provider_api_key, model="gpt-4o-mini")
            settings = TargetSettingsCreateRequest(
                name="quickstart-support-bot",
                description="Customer support assistant, created by examples/quickstart.py",
                environment="DEV",
                language="en",
                concurrent_requests=False,
                multi_step_attacks=False,
                rate_limit=5,
                supported_modes=["TEXT"],
                target_preset_id=UUID(str(preset.id)),
            )
            body = TargetNewCreateRequest(connection=connection(config), settings=settings)
            target = await client.targets.create(workspace_id=ws, body=body)
            kind, shown_config = show(target.connection.type_), show(target.connection.config)  # secrets hidden
            say(f"   created target {show(target.id)}: {kind}, config {shown_config}")
        else:
            target = await client.targets.get(workspace_id=ws, target_id=setup.target_id)
            say(f"\n2. Use target {show(target.id)} ({show(target.settings.name)}, {show(target.connection.type_)})")
            preset = next((p for p in presets if str(p.id) == str(target.settings.target_preset_id)), preset)

        probe_ids = setup.probe_ids or [d.probe_id for d in preset.details if d.is_recommended]
        say(f"\n3. Trigger a test run with probes {show(probe_ids)} and follow it")
        printer = ProgressPrinter(sys.stdout)
        run_request = TriggerTestRunRequest(name="quickstart", probe_ids=probe_ids, target_id=target.id)
        try:
            run = await client.test_runs.trigger_and_wait(
                workspace_id=ws,
                body=run_request,
                poll_interval=setup.poll_interval,
                timeout=setup.timeout,
                on_progress=printer,
            )
        finally:
            printer.close()
        say(f"\n4. Test run {show(run.id)} finished: {ProgressPrinter.describe(run)}")

        say(f"\n5. Scores of target {show(target.id)}")
        if run.status == "COMPLETED":
            scores = await client.targets.get_scores(workspace_id=ws, target_id=target.id)
            attacks = f"{show(scores.successful_attacks)} of {show(scores.simulated_attacks)}"
            say(f"   overall {show(scores.overall_score)}/100 ({attacks} simulated attacks succeeded)")
            if scores.scores:  # set and not null (UNSET is falsy)
                for category, value in scores.scores.additional_properties.items():
                    say(f"   {show(category)}: {show(value)}")
        else:
            say("   none: the run did not complete")
    return 0 if run.status == "COMPLETED" else 1


def real_api_setup() -> Setup:
    """Settings for the real API, from the environment; SystemExit with a clear message when one is missing."""
    try:
        workspace_id = WorkspaceId(os.environ["SPLX_WORKSPACE_ID"])
    except (KeyError, ValueError):
        raise SystemExit("SPLX_API_KEY is set: also set SPLX_WORKSPACE_ID (a number), or unset it") from None
    target = os.environ.get("SPLX_TARGET_ID")
    provider_key = os.environ.get("OPENAI_API_KEY", "")
    if target is None and not provider_key:
        raise SystemExit("set SPLX_TARGET_ID (an existing target), or OPENAI_API_KEY to create an OpenAI target")
    probes = os.environ.get("SPLX_PROBE_IDS")
    return Setup(
        label="the real SPLX Probe API",
        api_key=os.environ["SPLX_API_KEY"],
        base_url=None,  # ProbeClient reads SPLX_REGION / SPLX_API_URL
        workspace_id=workspace_id,
        target_id=TargetId(target) if target else None,
        provider_api_key=provider_key,
        probe_ids=[ProbeId(p) for p in probes.split(",")] if probes else None,
        poll_interval=10.0,
        timeout=float(os.environ.get("SPLX_TIMEOUT", "10800")),  # three hours
    )


async def main() -> int:
    try:
        if os.environ.get("SPLX_API_KEY"):
            return await quickstart(real_api_setup())
        fake = FakeProbe(seconds_to_finish=4.0)  # a run takes 4 s, watched every 0.25 s
        async with fake.serve_async() as base_url:
            setup = Setup(
                label=f"offline, against the SDK's embedded fake at {base_url} (set SPLX_API_KEY for the real API)",
                api_key=fake.api_key,
                base_url=base_url,
                workspace_id=1,
                target_id=None,
                provider_api_key="sk-demo-not-a-real-key",
                probe_ids=None,
                poll_interval=0.25,
                timeout=60.0,
            )
            return await quickstart(setup)
    except ProbeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
