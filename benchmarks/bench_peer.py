"""Rows 6 and 7: per-call overhead of splx-probe-client over raw httpx vs openai-python's over its own raw client.

Each SDK is measured against the HTTP library it is built on, with the same in-process mock transport and the
same body on both sides, so what is left is the SDK's own work: building the request, its transport layers
(retries, typed errors), parsing into models. Ours: ``getTarget`` returning ``TargetNewDto`` (nested models)
over ``httpx``; openai-python: ``models.retrieve`` returning ``Model`` over ``httpx2`` (its HTTP library). No
sockets: the peer comparison is about client code, loopback latency would only add noise to both sides.
"""

from __future__ import annotations

import asyncio
import functools
import json
import statistics
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import httpx2
import openai

from splx_probe_client import ProbeClient, SyncProbeClient
from splx_probe_client.ids import TargetId
from splx_probe_client.testing import FakeProbe

from ._harness import format_seconds
from ._report import Row
from ._settings import Settings

GOAL = 0.15
WORKSPACE = 1
OPENAI_MODEL = {"id": "gpt-4o", "object": "model", "created": 1715367049, "owned_by": "system"}
_OURS_URL = "https://probe.bench.test"
_OPENAI_URL = "https://openai.bench.test/v1"


Sample = tuple[float, float]
"""Seconds per call: wall clock, and this process's CPU time (every thread)."""


@dataclass(frozen=True)
class Overhead:
    """Per-call samples of an SDK call and of the raw call it is built on, over interleaved rounds."""

    sdk: tuple[Sample, ...]
    raw: tuple[Sample, ...]

    @property
    def per_call(self) -> float:
        """Median over rounds of (SDK - raw) wall time per call: the SDK's own cost."""
        return statistics.median(a[0] - b[0] for a, b in zip(self.sdk, self.raw, strict=True))

    @property
    def cpu_per_call(self) -> float:
        """The same in CPU time: what the SDK costs the machine, whatever else runs on it."""
        return statistics.median(a[1] - b[1] for a, b in zip(self.sdk, self.raw, strict=True))

    def median(self, side: str) -> float:
        """Median wall time per call of ``"sdk"`` or ``"raw"``."""
        return statistics.median(sample[0] for sample in (self.sdk if side == "sdk" else self.raw))


def _target_body() -> tuple[int, bytes]:
    """A target exactly as FakeProbe serves it (every field the spec gives a target), as bytes."""
    fake = FakeProbe()
    target_id = fake.add_target(WORKSPACE)
    with httpx.Client(transport=fake.transport(), headers={"X-Api-Key": fake.api_key}) as client:
        response = client.get(f"{_OURS_URL}/api/v2/workspaces/{WORKSPACE}/target/{target_id}")
        response.raise_for_status()
        return target_id, response.content


def _time(call: Callable[[], object], calls: int) -> Sample:
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls):
        call()
    return (time.perf_counter() - started) / calls, (time.process_time() - cpu) / calls


async def _time_async(call: Callable[[], Awaitable[object]], calls: int) -> Sample:
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls):
        await call()
    return (time.perf_counter() - started) / calls, (time.process_time() - cpu) / calls


def _interleaved(sides: Mapping[str, Callable[[], Sample]], rounds: int) -> dict[str, tuple[Sample, ...]]:
    """Each side once per round, the order rotating, so drift lands on every side alike."""
    names = list(sides)
    samples: dict[str, list[Sample]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(sides[name]())
    return {name: tuple(values) for name, values in samples.items()}


async def _interleaved_async(
    sides: Mapping[str, Callable[[], Awaitable[Sample]]], rounds: int
) -> dict[str, tuple[Sample, ...]]:
    names = list(sides)
    samples: dict[str, list[Sample]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(await sides[name]())
    return {name: tuple(values) for name, values in samples.items()}


def _ours_transport(body: bytes) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(200, content=body, headers=_JSON))


def _openai_transport() -> httpx2.MockTransport:
    body = json.dumps(OPENAI_MODEL).encode()
    return httpx2.MockTransport(lambda request: httpx2.Response(200, content=body, headers=_JSON))


_JSON = {"Content-Type": "application/json"}


def _check(target: Any, target_id: TargetId, model: Any) -> None:
    # Both SDKs must do their whole job (a parsed model) for the timing to mean anything.
    if getattr(target, "id", None) != target_id or getattr(model, "id", None) != OPENAI_MODEL["id"]:
        raise RuntimeError(f"unexpected answers: {target!r}, {model!r}")


async def _measure_async(settings: Settings, target_id: TargetId, body: bytes) -> tuple[Overhead, Overhead]:
    path = f"/api/v2/workspaces/{WORKSPACE}/target/{target_id}"
    calls = settings.peer_calls
    async with (
        ProbeClient("bench-key", base_url=_OURS_URL, transport=_ours_transport(body)) as ours,
        httpx.AsyncClient(base_url=_OURS_URL, transport=_ours_transport(body)) as ours_raw,
        httpx2.AsyncClient(transport=_openai_transport()) as openai_http,
        httpx2.AsyncClient(base_url=_OPENAI_URL, transport=_openai_transport()) as openai_raw,
    ):
        theirs = openai.AsyncOpenAI(api_key="sk-bench", base_url=_OPENAI_URL, http_client=openai_http)

        async def ours_call() -> object:
            return await ours.targets.get(workspace_id=WORKSPACE, target_id=target_id)

        async def ours_raw_call() -> object:
            response = await ours_raw.get(path, headers={"X-Api-Key": "bench-key"})
            response.raise_for_status()
            return response.json()

        async def theirs_call() -> object:
            return await theirs.models.retrieve(str(OPENAI_MODEL["id"]))

        async def theirs_raw_call() -> object:
            response = await openai_raw.get(f"/models/{OPENAI_MODEL['id']}", headers={"Authorization": "Bearer sk"})
            response.raise_for_status()
            return response.json()

        _check(await ours_call(), target_id, await theirs_call())
        sides: dict[str, Callable[[], Awaitable[object]]] = {
            "ours": ours_call,
            "ours_raw": ours_raw_call,
            "theirs": theirs_call,
            "theirs_raw": theirs_raw_call,
        }
        for call in sides.values():  # warm up every path before timing
            await _time_async(call, max(1, calls // 4))
        timed = {name: functools.partial(_time_async, call, calls) for name, call in sides.items()}
        samples = await _interleaved_async(timed, settings.rounds)
    return Overhead(samples["ours"], samples["ours_raw"]), Overhead(samples["theirs"], samples["theirs_raw"])


def _measure_sync(settings: Settings, target_id: TargetId, body: bytes) -> tuple[Overhead, Overhead]:
    path = f"/api/v2/workspaces/{WORKSPACE}/target/{target_id}"
    calls = settings.peer_calls
    with (
        SyncProbeClient("bench-key", base_url=_OURS_URL, transport=_ours_transport(body)) as ours,
        httpx.Client(base_url=_OURS_URL, transport=_ours_transport(body)) as ours_raw,
        httpx2.Client(transport=_openai_transport()) as openai_http,
        httpx2.Client(base_url=_OPENAI_URL, transport=_openai_transport()) as openai_raw,
    ):
        theirs = openai.OpenAI(api_key="sk-bench", base_url=_OPENAI_URL, http_client=openai_http)

        def ours_call() -> object:
            return ours.targets.get(workspace_id=WORKSPACE, target_id=target_id)

        def ours_raw_call() -> object:
            response = ours_raw.get(path, headers={"X-Api-Key": "bench-key"})
            response.raise_for_status()
            return response.json()

        def theirs_call() -> object:
            return theirs.models.retrieve(str(OPENAI_MODEL["id"]))

        def theirs_raw_call() -> object:
            response = openai_raw.get(f"/models/{OPENAI_MODEL['id']}", headers={"Authorization": "Bearer sk"})
            response.raise_for_status()
            return response.json()

        _check(ours_call(), target_id, theirs_call())
        sides_sync: dict[str, Callable[[], object]] = {
            "ours": ours_call,
            "ours_raw": ours_raw_call,
            "theirs": theirs_call,
            "theirs_raw": theirs_raw_call,
        }
        for call in sides_sync.values():
            _time(call, max(1, calls // 4))
        timed_sync = {name: functools.partial(_time, call, calls) for name, call in sides_sync.items()}
        samples = _interleaved(timed_sync, settings.rounds)
    return Overhead(samples["ours"], samples["ours_raw"]), Overhead(samples["theirs"], samples["theirs_raw"])


def _row(name: str, ours: Overhead, theirs: Overhead, settings: Settings, how: str) -> Row:
    ratio = ours.per_call / theirs.per_call
    met = ratio <= GOAL
    notes = [
        f"{settings.peer_calls} sequential calls per sample, {settings.rounds} rounds, the four sides interleaved; "
        f"{how}",
        f"Per call: splx-probe-client {format_seconds(ours.median('sdk'))} vs raw httpx "
        f"{format_seconds(ours.median('raw'))}; openai-python {openai.__version__} "
        f"{format_seconds(theirs.median('sdk'))} vs raw httpx2 {format_seconds(theirs.median('raw'))}.",
        f"In CPU time (all threads): splx-probe-client +{format_seconds(ours.cpu_per_call)}/call, openai-python "
        f"+{format_seconds(theirs.cpu_per_call)}/call ({ours.cpu_per_call / theirs.cpu_per_call:.2f}x).",
    ]
    if not met:
        notes.append(f"Misses the goal by {(ratio / GOAL - 1) * 100:.0f}%.")
    return Row(
        name=name,
        sdk=f"+{format_seconds(ours.per_call)}/call",
        baseline=f"openai +{format_seconds(theirs.per_call)}/call",
        figure=f"{ratio:.2f}x openai's overhead",
        goal=f"≤ {GOAL:.2f}x",
        met=met,
        notes=tuple(notes),
    )


def run(settings: Settings) -> list[Row]:
    """Rows 6 (async clients) and 7 (sync clients), measured at ``settings``."""
    target_id, body = _target_body()
    async_ours, async_theirs = asyncio.run(_measure_async(settings, target_id, body))
    sync_ours, sync_theirs = _measure_sync(settings, target_id, body)
    return [
        _row(
            "6. vs openai, async",
            async_ours,
            async_theirs,
            settings,
            "`ProbeClient.targets.get` vs `httpx.AsyncClient.get` + `.json()`; `AsyncOpenAI.models.retrieve` vs "
            "`httpx2.AsyncClient.get` + `.json()`; in-process mock transports (no sockets), default clients.",
        ),
        _row(
            "7. vs openai, sync",
            sync_ours,
            sync_theirs,
            settings,
            "`SyncProbeClient.targets.get` vs `httpx.Client.get` + `.json()`; `OpenAI.models.retrieve` vs "
            "`httpx2.Client.get` + `.json()`; in-process mock transports (no sockets), default clients.",
        ),
    ]
