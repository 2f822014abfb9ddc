"""Rows 1 and 2: ``getTarget`` through ``ProbeClient`` vs bare httpx + ``json.loads``, over loopback.

Both sides call the same fake server (in a child process) for the same target. The SDK side is the whole
user path: ``get_target.asyncio(client=ProbeClient)``, i.e. headers, retry wrapper, typed errors,
``TargetNewDto.from_dict``. The raw side is what a user could write instead with no SDK at all.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import statistics
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from splx_probe_client.api.target import get_target
from splx_probe_client.client import AuthenticatedClient

from ._harness import Paired, format_seconds, paired_rounds_async
from ._report import Row
from ._sdk import sdk_client, sdk_client_name
from ._server import API_KEY, Served, serve_in_subprocess
from ._settings import Settings

GOAL = 1.10
Call = Callable[[], Awaitable[object]]


class ConnectionCounter:
    """Counts the TCP connections an httpx client opens, through httpx's documented ``trace`` extension."""

    def __init__(self) -> None:
        self.opened = 0

    async def _trace(self, event: str, info: Mapping[str, Any]) -> None:
        if event == "connection.connect_tcp.complete":
            self.opened += 1

    async def _on_request(self, request: httpx.Request) -> None:
        request.extensions = {**request.extensions, "trace": self._trace}

    def attach(self, client: httpx.AsyncClient) -> None:
        """Count the connections ``client`` opens from now on."""
        client.event_hooks = {**client.event_hooks, "request": [*client.event_hooks["request"], self._on_request]}


async def _many(call: Call, total: int, in_flight: int) -> None:
    """``total`` calls with ``in_flight`` of them running at any time (one worker task per slot)."""
    share, extra = divmod(total, in_flight)

    async def worker(count: int) -> None:
        for _ in range(count):
            await call()

    async with asyncio.TaskGroup() as group:
        for slot in range(in_flight):
            group.create_task(worker(share + (slot < extra)))


def _row(name: str, paired: Paired, calls: int, notes: list[str]) -> Row:
    met = paired.ratio <= GOAL
    per_call = f"{format_seconds(paired.median_a / calls)}/call"
    sdk_cpu, raw_cpu = (format_seconds(statistics.median(cpu) / calls) for cpu in (paired.a_cpu, paired.b_cpu))
    notes = [*notes, f"Client CPU time per call: SDK {sdk_cpu}, raw {raw_cpu} ({paired.cpu_ratio:.2f}x)."]
    if not met:
        notes.append(f"Misses the goal by {(paired.ratio / GOAL - 1) * 100:.0f}%.")
    return Row(
        name=name,
        sdk=f"{format_seconds(paired.median_a)} ({per_call})",
        baseline=f"{format_seconds(paired.median_b)} ({format_seconds(paired.median_b / calls)}/call)",
        figure=f"{paired.ratio:.2f}x",
        goal=f"≤ {GOAL:.2f}x",
        met=met,
        notes=tuple(notes),
    )


async def _count_connections(client: httpx.AsyncClient, call: Call, settings: Settings) -> int:
    counter = ConnectionCounter()
    counter.attach(client)
    await _many(call, settings.requests, settings.in_flight)
    return counter.opened


async def _run(settings: Settings) -> list[Row]:
    with serve_in_subprocess() as served:
        base_url = served.base_url
        async with (
            sdk_client(base_url) as sdk,
            httpx.AsyncClient(base_url=base_url, headers={"X-Api-Key": API_KEY}) as raw,
        ):
            calls = _Calls(sdk, raw, served)
            await calls.check()
            for call in (calls.sdk, calls.raw):  # open the pools and run every code path once before timing
                await _many(call, 2 * settings.in_flight, settings.in_flight)
                await _many(call, 2 * settings.in_flight, 1)
            one = await paired_rounds_async(
                lambda: _many(calls.sdk, settings.requests, 1),
                lambda: _many(calls.raw, settings.requests, 1),
                settings.rounds,
            )
            many = await paired_rounds_async(
                lambda: _many(calls.sdk, settings.requests, settings.in_flight),
                lambda: _many(calls.raw, settings.requests, settings.in_flight),
                settings.rounds,
            )
        # Counted in one more, untimed pass from cold clients (the trace callback costs time on every request).
        async with (
            sdk_client(base_url) as sdk,
            httpx.AsyncClient(base_url=base_url, headers={"X-Api-Key": API_KEY}) as raw,
        ):
            calls = _Calls(sdk, raw, served)
            sdk_opened = await _count_connections(sdk.get_async_httpx_client(), calls.sdk, settings)
            raw_opened = await _count_connections(raw, calls.raw, settings)
            pool_limit = _pool_limit(sdk.get_async_httpx_client())

    request_notes = [
        f"{settings.requests} sequential `get_target.asyncio(client=...)` vs `httpx.AsyncClient.get` + "
        f"`json.loads`, fake server in a child process, {settings.rounds} interleaved rounds.",
        f"SDK client: {sdk_client_name()}.",
    ]
    connections_ok = sdk_opened <= min(settings.in_flight, pool_limit or settings.in_flight)
    concurrency_notes = [
        f"{settings.requests} calls, {settings.in_flight} in flight (one task per slot), same comparison.",
        f"Connections opened over {settings.requests} calls from a cold client: SDK {sdk_opened}, "
        f"raw httpx (default limits) {raw_opened}; SDK pool limit "
        f"{pool_limit if pool_limit is not None else 'unknown'}"
        + ("." if connections_ok else " - MORE than needed: connections are closed and reopened."),
    ]
    rows = [
        _row("1. request overhead", one, settings.requests, request_notes),
        _row("2. concurrency", many, settings.requests, concurrency_notes),
    ]
    if not connections_ok:
        rows[1] = dataclasses.replace(rows[1], met=False)
    return rows


class _Calls:
    """One ``getTarget`` call on each side, for one target."""

    def __init__(self, sdk: AuthenticatedClient, raw: httpx.AsyncClient, served: Served) -> None:
        self._sdk_client, self._raw_client = sdk, raw
        self._workspace_id, self._target_id = served.workspace_id, served.target_id
        self._path = f"/api/v2/workspaces/{served.workspace_id}/target/{served.target_id}"

    async def sdk(self) -> object:
        return await get_target.asyncio(
            workspace_id=self._workspace_id, target_id=self._target_id, client=self._sdk_client
        )

    async def raw(self) -> object:
        response = await self._raw_client.get(self._path)
        response.raise_for_status()
        return json.loads(response.content)

    async def check(self) -> None:
        """Both sides read the same target: the comparison is of equal work."""
        target, document = await self.sdk(), await self.raw()
        if getattr(target, "id", None) != self._target_id or not isinstance(document, dict):
            raise RuntimeError(f"the SDK read back {target!r}, not target {self._target_id}")


def _pool_limit(client: httpx.AsyncClient) -> int | None:
    # httpx keeps the limit on its (private) pool; read it if it is there, say "unknown" otherwise.
    transport = client._transport
    pool = getattr(transport, "_pool", None)
    limit = getattr(pool, "_max_connections", None)
    return limit if isinstance(limit, int) else None


def run(settings: Settings) -> list[Row]:
    """Rows 1 and 2, measured at ``settings``."""
    return asyncio.run(_run(settings))
