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
import timeit
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from splx_probe_client.api.target import get_target
from splx_probe_client.client import AuthenticatedClient
from splx_probe_client.models import TargetNewDto

from ._harness import Paired, format_seconds, paired_rounds_async
from ._report import Row
from ._sdk import sdk_client, sdk_client_name
from ._server import API_KEY, Served, serve_in_subprocess
from ._settings import Settings

GOAL = 1.10
HTTPX_DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)
"""httpx's own defaults (``httpx.DEFAULT_LIMITS``), spelled out: the raw side is a user who changed nothing."""
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
    sdk_cpu, raw_cpu = (format_seconds(statistics.median(cpu) / calls) for cpu in (paired.a_cpu, paired.b_cpu))
    notes = [*notes, f"Client CPU time per call: SDK {sdk_cpu}, raw {raw_cpu} ({paired.cpu_ratio:.2f}x)."]
    if not met:
        notes.append(f"Misses the goal by {(paired.ratio / GOAL - 1) * 100:.0f}%.")
    return Row(
        name=name,
        sdk=f"{format_seconds(paired.median_a)} ({format_seconds(paired.median_a / calls)}/call)",
        baseline=f"{format_seconds(paired.median_b)} ({format_seconds(paired.median_b / calls)}/call)",
        figure=f"{paired.ratio:.2f}x",
        goal=f"≤ {GOAL:.2f}x",
        met=met,
        notes=tuple(notes),
    )


@dataclasses.dataclass(frozen=True)
class _PoolLimits:
    max_connections: int | None
    max_keepalive: int | None

    @classmethod
    def of(cls, client: httpx.AsyncClient) -> _PoolLimits:
        # httpx keeps the limits on its (private) pool: read them if they are there, "unknown" otherwise.
        transport = client._transport
        transport = getattr(transport, "inner", transport)  # ProbeClient's retry layer wraps httpx's transport
        pool = getattr(transport, "_pool", None)
        found = (getattr(pool, "_max_connections", None), getattr(pool, "_max_keepalive_connections", None))
        return cls(*(value if isinstance(value, int) else None for value in found))

    def __str__(self) -> str:
        return f"max_connections={self.max_connections}, max_keepalive_connections={self.max_keepalive}"


def _parsing_cost(body: bytes, rounds: int) -> tuple[float, float]:
    """Seconds per call of ``TargetNewDto.from_dict(json.loads(body))`` and of ``json.loads(body)`` alone."""
    number = 2_000
    sdk = min(timeit.repeat(lambda: TargetNewDto.from_dict(json.loads(body)), number=number, repeat=rounds))
    raw = min(timeit.repeat(lambda: json.loads(body), number=number, repeat=rounds))
    return sdk / number, raw / number


async def _run(settings: Settings) -> list[Row]:
    with serve_in_subprocess() as served:
        base_url = served.base_url
        async with sdk_client(base_url) as sdk, _raw_client(base_url) as raw:
            calls = _Calls(sdk, raw, served)
            body = await calls.check()
            for call in (calls.sdk, calls.raw):  # fill the pools and run every code path before timing
                await _warm_up(call, settings)
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
            same_pool = await _versus_same_pool(calls.sdk, sdk, served, settings)
        # Counted in one more, untimed pass from cold clients (the trace callback costs time on every request).
        async with sdk_client(base_url) as sdk, _raw_client(base_url) as raw:
            calls = _Calls(sdk, raw, served)
            sdk_opened = await _count_connections(sdk.get_async_httpx_client(), calls.sdk, settings)
            raw_opened = await _count_connections(raw, calls.raw, settings)
            limits, raw_limits = _PoolLimits.of(sdk.get_async_httpx_client()), _PoolLimits.of(raw)
        same_pool_opened = None
        if limits.max_connections is not None and limits.max_keepalive is not None:
            same = httpx.Limits(max_connections=limits.max_connections, max_keepalive_connections=limits.max_keepalive)
            async with _raw_client(base_url, same) as raw_same:
                raw_same_call = _Calls(sdk, raw_same, served).raw
                same_pool_opened = await _count_connections(raw_same, raw_same_call, settings)

    parse_sdk, parse_raw = _parsing_cost(body, settings.rounds)
    extra = (one.median_a - one.median_b) / settings.requests
    request_notes = [
        f"{settings.requests} sequential `get_target.asyncio(client=...)` vs `httpx.AsyncClient.get` + "
        f"`json.loads`, fake server in a child process, {settings.rounds} interleaved rounds.",
        f"SDK client: {sdk_client_name()}.",
        f"SDK minus raw, per call: {'-' if extra < 0 else ''}{format_seconds(abs(extra))}; decoding the target "
        f"into `TargetNewDto` (nested models) alone accounts for {format_seconds(parse_sdk - parse_raw)} "
        f"({format_seconds(parse_sdk)} vs {format_seconds(parse_raw)} for `json.loads`).",
    ]
    needed = min(settings.in_flight, limits.max_connections or settings.in_flight)
    connections_ok = sdk_opened <= needed
    concurrency_notes = [
        f"{settings.requests} calls, {settings.in_flight} in flight (one task per slot), same comparison.",
        f"Connections opened over {settings.requests} calls from a cold client: SDK {sdk_opened} ({limits}), "
        f"raw httpx {raw_opened} ({raw_limits}).",
    ]
    if same_pool is not None:
        concurrency_notes.append(
            f"Against raw httpx configured with the SDK's pool limits instead of httpx's defaults: "
            f"{same_pool.ratio:.2f}x ({format_seconds(same_pool.median_b / settings.requests)}/call raw), "
            "i.e. the SDK's own cost with the pool configuration taken out."
        )
    if same_pool_opened is not None:
        concurrency_notes.append(
            f"Raw httpx given the SDK's pool limits opened {same_pool_opened} connections in the same pass: "
            "connections beyond the limit come from httpx's pool filling up from cold, not from the SDK."
        )
    if not connections_ok:
        concurrency_notes.append(
            f"The SDK opened more connections than the {needed} it needs: "
            + (
                f"its keep-alive limit ({limits.max_keepalive}) is below the {settings.in_flight} requests in "
                "flight, so connections beyond it are closed when released and opened again for the next request."
                if limits.max_keepalive is not None and limits.max_keepalive < settings.in_flight
                else "connections are closed and reopened."
            )
        )
    rows = [
        _row("1. request overhead", one, settings.requests, request_notes),
        _row("2. concurrency", many, settings.requests, concurrency_notes),
    ]
    rows[1] = dataclasses.replace(
        rows[1],
        figure=f"{rows[1].figure}, {sdk_opened} connections",
        goal=f"{rows[1].goal}, ≤ {needed} connections",
        met=rows[1].met and connections_ok,
    )
    return rows


def _raw_client(base_url: str, limits: httpx.Limits | None = None) -> httpx.AsyncClient:
    """What a user without the SDK writes: httpx's default limits (unless ``limits``), the key in a header."""
    return httpx.AsyncClient(base_url=base_url, headers={"X-Api-Key": API_KEY}, limits=limits or HTTPX_DEFAULT_LIMITS)


async def _versus_same_pool(
    sdk_call: Call, sdk: AuthenticatedClient, served: Served, settings: Settings
) -> Paired | None:
    """The concurrency comparison again, raw httpx given the SDK's pool limits; None if they are httpx's."""
    limits = _PoolLimits.of(sdk.get_async_httpx_client())
    if None in (limits.max_connections, limits.max_keepalive) or limits == _PoolLimits(
        HTTPX_DEFAULT_LIMITS.max_connections, HTTPX_DEFAULT_LIMITS.max_keepalive_connections
    ):
        return None
    same = httpx.Limits(max_connections=limits.max_connections, max_keepalive_connections=limits.max_keepalive)
    async with _raw_client(served.base_url, same) as raw:
        raw_call = _Calls(sdk, raw, served).raw
        await _warm_up(raw_call, settings)
        return await paired_rounds_async(
            lambda: _many(sdk_call, settings.requests, settings.in_flight),
            lambda: _many(raw_call, settings.requests, settings.in_flight),
            max(1, settings.rounds // 2),
        )


async def _warm_up(call: Call, settings: Settings) -> None:
    # A cold pool is several times slower while it fills (measured: the first ~1,000 of 100-in-flight
    # calls); a full sample's worth of calls gets both sides to their steady state.
    await _many(call, settings.requests, settings.in_flight)
    await _many(call, 2 * settings.in_flight, 1)


async def _count_connections(client: httpx.AsyncClient, call: Call, settings: Settings) -> int:
    counter = ConnectionCounter()
    counter.attach(client)
    await _many(call, settings.requests, settings.in_flight)
    return counter.opened


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

    async def check(self) -> bytes:
        """Both sides read the same target, so the comparison is of equal work; returns the body."""
        target = await self.sdk()
        response = await self._raw_client.get(self._path)
        response.raise_for_status()
        if getattr(target, "id", None) != self._target_id or json.loads(response.content)["id"] != self._target_id:
            raise RuntimeError(f"the SDK read back {target!r}, not target {self._target_id}")
        return response.content


def run(settings: Settings) -> list[Row]:
    """Rows 1 and 2, measured at ``settings``."""
    return asyncio.run(_run(settings))
