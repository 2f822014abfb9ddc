"""A fake clock for the polling helpers and a scripted server behind ``httpx.MockTransport``."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

_T = TypeVar("_T")

WORKSPACE = 7


class FakeClock:
    """Virtual time: ``sleep`` parks until the test moves the clock; moving it runs everything that is due."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        wake = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(0.0, seconds), next(self._order), wake))
        await wake

    async def settle(self) -> None:
        """Let every task run until each waits on this clock or on something else that won't come by itself."""
        loop = asyncio.get_running_loop()
        quiet = 0
        while quiet < 3:
            await asyncio.sleep(0)
            quiet = 0 if getattr(loop, "_ready", None) else quiet + 1

    def _next_wake(self) -> float | None:
        while self._sleepers and self._sleepers[0][2].done():  # cancelled sleeps
            heapq.heappop(self._sleepers)
        return self._sleepers[0][0] if self._sleepers else None

    def _wake_due(self) -> None:
        while self._sleepers and self._sleepers[0][0] <= self.now:
            _, _, wake = heapq.heappop(self._sleepers)
            if not wake.done():
                wake.set_result(None)

    async def advance(self, seconds: float) -> None:
        """Move the clock ``seconds`` forward, waking each sleeper at its own time."""
        end = self.now + seconds
        await self.settle()
        while (wake := self._next_wake()) is not None and wake <= end:
            self.now = wake
            self._wake_due()
            await self.settle()
        self.now = end
        await self.settle()

    async def run(self, awaitable: Coroutine[Any, Any, _T], *, limit: float = 1e9) -> _T:
        """Run ``awaitable`` to completion, jumping the clock from one wake-up to the next."""
        task = asyncio.ensure_future(awaitable)
        try:
            await self.settle()
            while not task.done():
                wake = self._next_wake()
                if wake is None or wake > limit:
                    raise AssertionError(f"stuck at t={self.now}: nothing left to wake")
                self.now = wake
                self._wake_due()
                await self.settle()
            return task.result()
        finally:
            if not task.done():
                task.cancel()
                await asyncio.wait((task,))


def run_json(run_id: int, status: str | None = "RUNNING", progress: float = 0.0, **extra: Any) -> dict[str, Any]:
    """A ``ScanRunExecutionDto`` as the API sends it."""
    return {
        "id": run_id,
        "name": f"run {run_id}",
        "probes": ["Jailbreak"],
        "startedBy": "ci@example.com",
        "status": status,
        "progress": progress,
        "passedCount": 0,
        "failedCount": 0,
        "errorCount": 0,
        "totalCount": 10,
        "executionDate": "2026-01-01T00:00:00Z",
        **extra,
    }


Reply = list[dict[str, Any]] | int | Exception | Callable[[httpx.Request], Any]
"""A list of runs (200), a status code (error body), an exception to raise, or a handler."""


@dataclass
class Seen:
    method: str
    path: str
    at: float


@dataclass
class ScriptedServer:
    """Answers each target's list requests from its script (the last reply repeats); records every request."""

    clock: FakeClock
    scripts: dict[int, list[Reply]] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    cancel_status: int = 200
    trigger_status: int = 200
    next_run_id: int = 5001

    def script(self, target_id: int, *replies: Reply) -> None:
        self.scripts[target_id] = list(replies)

    def lists(self, target_id: int | None = None) -> list[Seen]:
        """The list requests seen, for one target or all."""
        suffix = f"/target/{target_id}/test-runs" if target_id is not None else "/test-runs"
        return [seen for seen in self.requests if seen.method == "GET" and seen.path.endswith(suffix)]

    def posts(self) -> list[Seen]:
        return [seen for seen in self.requests if seen.method == "POST"]

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(Seen(request.method, request.url.path, self.clock.now))
        if request.method == "POST" and request.url.path.endswith("/cancel"):
            return _answer(self.cancel_status, None)
        if request.method == "POST" and request.url.path.endswith("/trigger"):
            run_id, self.next_run_id = self.next_run_id, self.next_run_id + 1
            return _answer(self.trigger_status, {"testRunId": run_id})
        match = re.fullmatch(rf"/api/workspaces/{WORKSPACE}/target/(\d+)/test-runs", request.url.path)
        assert match is not None, request.url.path
        script = self.scripts[int(match.group(1))]
        reply = script.pop(0) if len(script) > 1 else script[0]
        if callable(reply):
            reply = reply(request)
            if asyncio.iscoroutine(reply):
                reply = await reply
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, int):
            return _answer(reply, None)
        return httpx.Response(200, json=reply)


def _answer(status: int, payload: Any) -> httpx.Response:
    if status >= 300:
        return httpx.Response(status, json={"error": {"message": f"scripted {status}", "code": "SCRIPTED"}})
    return httpx.Response(status, json=payload)
