# Hand-written: edit overrides/splx_probe_client/_poller.py, not this copy (installed by `make generate`).
"""One poll per (client, workspace, target), shared by every wait on runs of that target.

The API can only list a target's runs, so a wait registers a ``Subscription`` with the target's poller, which
lists the runs once per tick and hands each subscription its own run when it changed. The poller's task starts
with the first subscription and ends when the last one leaves: nothing outlives the waits. Pollers are kept per
event loop and keyed by the client's identity; a poller holds its client only while someone waits on it.

Time is read only through ``clock`` and ``jitter`` below; tests replace them to run on a fake clock.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, NamedTuple, Protocol, TypeAlias, TypeVar

import httpx

from . import errors
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ProbeError,
    TestRunNotFoundError,
    UnknownRunStatusError,
    status_error_from_response,
)
from .api.target import list_target_test_runs
from .client import AuthenticatedClient, Client
from .ids import TargetId, TestRunId, WorkspaceId
from .models.scan_run_execution_dto import ScanRunExecutionDto
from .types import Response

__all__ = [
    "EXPIRED",
    "Clock",
    "Limits",
    "Subscription",
    "clock",
    "jitter",
    "list_runs",
    "parsed_or_raise",
    "subscription",
]

logger = logging.getLogger("splx_probe_client.polling")

_T = TypeVar("_T")

BACKOFF_FACTOR = 1.5
"""While nothing changes, each pause is this much longer than the last..."""
MAX_BACKOFF = 4.0
"""...up to this many times the poll interval."""
JITTER = 0.1
"""Each pause is stretched or shrunk by up to this fraction, so many clients don't poll in lockstep."""


class Clock(Protocol):
    """Where the polling helpers read the time and sleep."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Return after ``seconds``."""
        ...


class SystemClock:
    """The real clock: ``time.monotonic`` and ``asyncio.sleep``."""

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def uniform_jitter(interval: float) -> float:
    """``interval`` scaled by a random factor in [1 - JITTER, 1 + JITTER]."""
    return interval * random.uniform(1 - JITTER, 1 + JITTER)


clock: Clock = SystemClock()
jitter: Callable[[float], float] = uniform_jitter

Client_: TypeAlias = AuthenticatedClient | Client


def parsed_or_raise(response: Response[_T]) -> _T | None:
    """The parsed body of a 2xx ``response``; the SDK's ``APIStatusError`` for anything else.

    ``ProbeClient`` raises for error statuses itself; this gives plain generated clients the same behaviour.
    """
    if 200 <= response.status_code < 300:
        return response.parsed
    # Only the content type: ``content`` is already decoded, so a Content-Encoding header would be wrong here.
    headers = {"content-type": response.headers.get("content-type", "")}
    raw = httpx.Response(int(response.status_code), headers=headers, content=response.content)
    raise status_error_from_response(raw)


def connection_error_from(exc: httpx.RequestError) -> APIConnectionError:
    """The SDK's error for an httpx error a plain generated client let through."""
    error_class = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    try:
        request: httpx.Request | None = exc.request
    except RuntimeError:
        request = None
    return error_class(f"{type(exc).__name__}: {exc}", request=request)


def status_error_from_unexpected(exc: errors.UnexpectedStatus) -> APIStatusError:
    """The SDK's error for a generated client's ``UnexpectedStatus`` (raised for undocumented statuses)."""
    return status_error_from_response(httpx.Response(exc.status_code, content=exc.content))


async def list_runs(client: Client_, workspace_id: WorkspaceId, target_id: TargetId) -> list[ScanRunExecutionDto]:
    """Every run of the target, as the API lists them."""
    try:
        response = await list_target_test_runs.asyncio_detailed(workspace_id, target_id, client=client)
    except errors.UnexpectedStatus as exc:
        raise status_error_from_unexpected(exc) from None
    except httpx.RequestError as exc:  # a plain generated client has no ProbeTransport to type it
        raise connection_error_from(exc) from exc
    runs = parsed_or_raise(response)
    if not isinstance(runs, list):
        raise ProbeError(f"listing the test runs of target {target_id} gave no list but {type(runs).__name__}")
    return runs


def is_transient(exc: BaseException) -> bool:
    """Whether a failed poll may succeed later: no answer, a timeout, 408, 429 or a 5xx (4xx won't heal)."""
    if isinstance(exc, APIStatusError):
        return exc.status_code >= 500 or exc.status_code in (408, 429)
    return isinstance(exc, APIConnectionError | httpx.TransportError)


def _fingerprint(run: ScanRunExecutionDto) -> tuple[Any, ...]:
    return (run.status, run.progress, run.passed_count, run.failed_count, run.error_count, run.total_count)


class Expired:
    """Queued for a subscription whose deadline passed."""


EXPIRED = Expired()


class Limits(NamedTuple):
    """How long a wait puts up with a run it cannot follow (seconds on ``clock``; ``None``: for ever)."""

    appear_timeout: float | None = None
    """The run is not listed among its target's runs (a wrong id, or the target was deleted)."""
    unknown_status_timeout: float | None = None
    """The run's status is one nobody classified (see ``is_known``)."""
    is_known: Callable[[str | None], bool] = lambda status: True
    """Whether a status is classified (terminal, running or pending)."""


class Subscription:
    """One wait's view of its run: a queue of changes, then the end (an error or the deadline).

    ``run`` is the last state seen (``None`` until the run appears in the list), ``poll_error`` the failure
    of the last poll if it failed (cleared by the next successful one).
    """

    def __init__(
        self,
        test_run_id: TestRunId,
        poll_interval: float,
        *,
        workspace_id: WorkspaceId,
        target_id: TargetId,
        limits: Limits = Limits(),  # noqa: B008  # an immutable NamedTuple
    ) -> None:
        self.test_run_id = test_run_id
        self.poll_interval = poll_interval
        self.workspace_id = workspace_id
        self.target_id = target_id
        self.limits = limits
        self.run: ScanRunExecutionDto | None = None
        self.poll_error: BaseException | None = None
        self._seen: tuple[Any, ...] | None = None
        self._missing_since: float | None = clock.monotonic()
        self._unknown_since: tuple[str | None, float] | None = None
        self._ended = False
        self._events: asyncio.Queue[ScanRunExecutionDto | BaseException | Expired] = asyncio.Queue()

    def offer(self, run: ScanRunExecutionDto | None) -> bool:
        """Record this poll's state of the run; queue it and return True if it changed."""
        self.poll_error = None
        now = clock.monotonic()
        if run is None:  # not listed (yet, or any more): keep the last state, for a bounded time
            self._missing_since = now if self._missing_since is None else self._missing_since
            self._check_missing(now - self._missing_since)
            return False
        self._missing_since = None
        fingerprint = _fingerprint(run)
        self.run = run
        changed = fingerprint != self._seen
        if changed:
            self._seen = fingerprint
            self._events.put_nowait(run)
        self._check_status(run, now)
        return changed

    def _check_missing(self, missing_for: float) -> None:
        limit = self.limits.appear_timeout
        if limit is None or missing_for < limit:
            return
        where = f"target {self.target_id} (workspace {self.workspace_id})"
        if self.run is None:
            message = (
                f"test run {self.test_run_id} did not appear among the test runs of {where} within {limit:g} s:"
                " check the run id and that the run belongs to this target"
            )
        else:
            message = (
                f"test run {self.test_run_id} is no longer listed among the test runs of {where}"
                f" ({missing_for:g} s; was the target deleted?)"
            )
        self.fail(
            TestRunNotFoundError(
                message,
                workspace_id=self.workspace_id,
                target_id=self.target_id,
                test_run_id=self.test_run_id,
                run=self.run,
            )
        )

    def _check_status(self, run: ScanRunExecutionDto, now: float) -> None:
        limit = self.limits.unknown_status_timeout
        status = run.status
        if limit is None or self.limits.is_known(status):
            self._unknown_since = None
            return
        if self._unknown_since is None or self._unknown_since[0] != status:
            self._unknown_since = (status, now)
        if now - self._unknown_since[1] >= limit:
            self.fail(
                UnknownRunStatusError(
                    f"test run {self.test_run_id} has been in status {status!r} for {limit:g} s, a status"
                    " splx-probe-client does not classify as finished, failed, cancelled, running or pending;"
                    " classify it in run_statuses of openapi/merge-config.yaml (or add it to"
                    " polling.TERMINAL_STATUSES if it ends a run)",
                    run=run,
                    status=status,
                )
            )

    def fail(self, exc: BaseException) -> None:
        """End the wait with ``exc`` (only the first end counts)."""
        if not self._ended:
            self._ended = True
            self._events.put_nowait(exc)

    def expire(self) -> None:
        """End the wait: its deadline passed."""
        if not self._ended:
            self._ended = True
            self._events.put_nowait(EXPIRED)

    async def next_event(self) -> ScanRunExecutionDto | BaseException | Expired:
        """The next change of the run, or what ended the wait."""
        return await self._events.get()


class _TargetPoller:
    """Lists one target's runs once per tick on behalf of all its subscriptions."""

    def __init__(
        self, client: Client_, workspace_id: WorkspaceId, target_id: TargetId, on_close: Callable[[], None]
    ) -> None:
        self._client = client
        self.workspace_id = workspace_id
        self.target_id = target_id
        self._on_close = on_close
        self._subscriptions: set[Subscription] = set()
        self._due = 0.0  # when the next poll is due, on ``clock``
        self._sleeper: asyncio.Future[None] | None = None
        self._closed = False
        self.task = asyncio.create_task(self._run(), name=f"splx-poll-{workspace_id}-{target_id}")

    def add(self, subscription: Subscription) -> None:
        self._subscriptions.add(subscription)
        # A newcomer waits at most its own interval for its first poll, however far the poller backed off.
        due = clock.monotonic() + subscription.poll_interval
        if due < self._due:
            self._due = due
            if self._sleeper is not None:
                self._sleeper.cancel()

    def remove(self, subscription: Subscription) -> asyncio.Task[None] | None:
        """Drop ``subscription``; return the poller's task if that stopped it (to be awaited)."""
        self._subscriptions.discard(subscription)
        if self._subscriptions:
            return None
        self._close()  # even when the task is done already (cancelled with its loop): the registry forgets it
        if self.task.done():
            return None
        self.task.cancel()
        return self.task

    def _close(self) -> None:
        if not self._closed:
            self._closed = True
            self._on_close()

    async def _run(self) -> None:
        interval = 0.0
        try:
            while True:
                changed = await self._poll()
                base = min(subscription.poll_interval for subscription in self._subscriptions)
                # Back off while nothing changes; the first pause and any change go back to the base interval.
                interval = base if changed or not interval else min(interval * BACKOFF_FACTOR, base * MAX_BACKOFF)
                self._due = clock.monotonic() + jitter(interval)
                await self._pause()
        except Exception as exc:  # a 4xx or anything unforeseen ends every wait on the target, never silently
            self._close()
            for subscription in self._subscriptions:
                subscription.fail(exc)

    async def _poll(self) -> bool:
        try:
            runs = await list_runs(self._client, self.workspace_id, self.target_id)
        except Exception as exc:
            if not is_transient(exc):
                raise
            logger.warning(
                "polling the test runs of target %s failed, will retry: %s", self.target_id, exc, exc_info=False
            )
            for subscription in self._subscriptions:
                subscription.poll_error = exc
            return False
        by_id = {run.id: run for run in runs}
        changed = False
        for subscription in self._subscriptions:
            changed = subscription.offer(by_id.get(subscription.test_run_id)) or changed
        return changed

    async def _pause(self) -> None:
        """Sleep until ``_due``, which a newcomer may bring forward (it cancels the sleeper)."""
        while (remaining := self._due - clock.monotonic()) > 0:
            self._sleeper = sleeper = asyncio.ensure_future(clock.sleep(remaining))
            try:
                await asyncio.wait((sleeper,))
            finally:
                self._sleeper = None
                if not sleeper.done():  # this task was cancelled: take the sleeper down with it
                    sleeper.cancel()
                    await asyncio.wait((sleeper,))


_pollers: weakref.WeakKeyDictionary[
    asyncio.AbstractEventLoop, dict[tuple[int, WorkspaceId, TargetId], _TargetPoller]
] = weakref.WeakKeyDictionary()


def _poller_for(client: Client_, workspace_id: WorkspaceId, target_id: TargetId) -> _TargetPoller:
    # Keyed by id(client): generated clients are unhashable attrs classes. An entry lives only while a
    # subscription holds the client, so the id cannot be reused by another client meanwhile.
    pollers = _pollers.setdefault(asyncio.get_running_loop(), {})
    key = (id(client), workspace_id, target_id)
    poller = pollers.get(key)
    if poller is None:

        def forget() -> None:
            if pollers.get(key) is poller:
                del pollers[key]

        poller = pollers[key] = _TargetPoller(client, workspace_id, target_id, forget)
    return poller


def active_pollers() -> int:
    """How many pollers run on the current event loop (one per target being waited on)."""
    return len(_pollers.get(asyncio.get_running_loop(), {}))


async def _expire_after(subscription: Subscription, seconds: float) -> None:
    await clock.sleep(seconds)
    subscription.expire()


@asynccontextmanager
async def subscription(
    client: Client_,
    *,
    workspace_id: WorkspaceId,
    target_id: TargetId,
    test_run_id: TestRunId,
    poll_interval: float,
    time_limit: float | None,
    limits: Limits = Limits(),  # noqa: B008  # an immutable NamedTuple
) -> AsyncIterator[Subscription]:
    """Follow one run through the target's shared poller until the block exits.

    With a ``time_limit`` (seconds), ``EXPIRED`` is queued once it has passed; ``limits`` bound how long a run
    may stay unlisted or in an unclassified status (the wait then ends with an error). On exit the subscription
    leaves; the last one out stops the poller, and both its task and the timer are awaited, so nothing is
    left running.
    """
    poller = _poller_for(client, workspace_id, target_id)
    sub = Subscription(test_run_id, poll_interval, workspace_id=workspace_id, target_id=target_id, limits=limits)
    poller.add(sub)
    timer = None
    if time_limit is not None:
        timer = asyncio.create_task(_expire_after(sub, time_limit), name=f"splx-wait-deadline-{test_run_id}")
    try:
        yield sub
    finally:
        leftovers: list[asyncio.Future[Any]] = []
        stopped = poller.remove(sub)
        if stopped is not None:
            leftovers.append(stopped)
        if timer is not None:
            timer.cancel()
            leftovers.append(timer)
        if leftovers:
            await asyncio.wait(leftovers)
