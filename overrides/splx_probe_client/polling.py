# Hand-written: edit overrides/splx_probe_client/polling.py, not this copy (installed by `make generate`).
"""Wait for test runs: until a terminal status, with progress, a finite deadline, and one poll per target.

>>> run = await trigger_and_wait(client, workspace_id=1, body=body, on_progress=ProgressPrinter())

The API has no "get test run": a run's state is read from the list of its target's runs. Every wait on runs
of the same target through the same client shares one list request per tick, however many runs are waited
on. Cancelling a waiting task stops polling at once and never cancels the run on the server; the
cancellation (or ``KeyboardInterrupt``, or an ``on_progress`` callback's exception) then carries the run's id in
a note and ``test_run_id``, and a WARNING record says how to cancel it (see ``TRIGGER_ANSWER_GRACE``).

Which statuses end a wait is data: ``run_statuses`` in ``openapi/merge-config.yaml``, generated into
``_statuses.py``. A wait gives up, with an error naming the run and target, on a run that is not listed for
``appear_timeout`` seconds or that stays ``unknown_status_timeout`` seconds in a status nobody classified.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import math
import shlex
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable
from contextlib import aclosing
from typing import Any, Literal, TypeAlias, overload

import httpx

from . import _poller, _statuses, errors
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    ProbeError,
    TestRunTimeoutError,
    display_url,
)
from ._progress import describe
from .api.test_run import cancel_test_run, trigger_test_run as _trigger_endpoint
from .client import AuthenticatedClient, Client
from .ids import TargetId, TestRunId, WorkspaceId
from .models.scan_run_execution_dto import ScanRunExecutionDto
from .models.test_run_trigger_dto import TestRunTriggerDto
from .models.trigger_test_run_request import TriggerTestRunRequest

__all__ = [
    "DEFAULT_APPEAR_TIMEOUT",
    "DEFAULT_POLL_INTERVAL",
    "DEFAULT_UNKNOWN_STATUS_TIMEOUT",
    "DEFAULT_WAIT_TIMEOUT",
    "TERMINAL_STATUSES",
    "TRIGGER_ANSWER_GRACE",
    "TRIGGER_LOOKUP_DELAYS",
    "ProgressCallback",
    "is_terminal",
    "trigger_and_wait",
    "trigger_test_run",
    "wait_for_test_run",
    "wait_for_test_runs",
    "watch_test_run",
]

logger = logging.getLogger("splx_probe_client.polling")

TERMINAL_STATUSES: set[str] = set(_statuses.TERMINAL)
"""Statuses after which a run no longer changes, compared case-insensitively.

Generated from ``run_statuses`` in ``openapi/merge-config.yaml`` (finished, failed and cancelled spellings);
a program may add to it at run time until the SDK is regenerated.
"""

DEFAULT_APPEAR_TIMEOUT = 180.0
"""Seconds a waited-for run may stay unlisted among its target's runs before the wait ends (the list may lag)."""

DEFAULT_UNKNOWN_STATUS_TIMEOUT = 600.0
"""Seconds a run may stay in a status nobody classified before the wait ends with ``UnknownRunStatusError``."""

TRIGGER_LOOKUP_DELAYS: tuple[float, ...] = (1.0, 2.0, 4.0)
"""Seconds waited before each look for the run of a trigger whose answer was lost (the list may lag)."""

TRIGGER_ANSWER_GRACE = 5.0
"""Seconds a trigger cancelled while its answer is in flight still waits for that answer before the cancellation
goes on, so that the run's id is known (and named in the cancellation's note and WARNING record) instead of lost.

The wait is shielded from that cancellation; a second one (a second Ctrl-C, a second ``task.cancel()``) stops it
at once. If the answer does not come in time, the note says a run may exist and how to find it.
"""

_LOST_ANSWER_STATUSES = frozenset({408, 500, 502, 504})
"""Statuses by which a gateway or the server may answer a request whose work went ahead (unlike 429/503)."""

DEFAULT_POLL_INTERVAL = 5.0
"""Seconds between polls at first; backs off up to 4x while nothing changes, with +-10% jitter."""

DEFAULT_WAIT_TIMEOUT = 6 * 60 * 60.0
"""Six hours, the longest a hosted CI job may run: finite, so a wait cannot hang forever. ``None`` opts out."""

ProgressCallback: TypeAlias = Callable[[ScanRunExecutionDto], Awaitable[None] | None]
"""``on_progress``: a plain function or a coroutine function, called with the run each time it changes."""

_Client: TypeAlias = AuthenticatedClient | Client


def is_terminal(run: ScanRunExecutionDto) -> bool:
    """Whether ``run``'s status is in ``TERMINAL_STATUSES`` (case-insensitive)."""
    return _is_terminal_status(run.status)


def _is_terminal_status(status: str | None) -> bool:
    return status is not None and status.upper() in {terminal.upper() for terminal in TERMINAL_STATUSES}


def _is_classified(status: str | None) -> bool:
    return status is not None and (status.upper() in _statuses.ACTIVE or _is_terminal_status(status))


def _check_id(name: str, value: object, kind: type) -> None:
    """``TypeError`` naming ``name`` unless ``value`` is a ``kind`` (an id alias of ``ids``: the spec's type)."""
    if isinstance(value, bool) or not isinstance(value, kind):
        article = "an" if kind.__name__[0] in "aeiouAEIOU" else "a"
        raise TypeError(f"{name} must be {article} {kind.__name__}, got {type(value).__name__}")


def _check_options(poll_interval: object, timeout: object, **limits: object) -> None:
    if isinstance(poll_interval, bool) or not isinstance(poll_interval, int | float):
        raise TypeError(f"poll_interval must be a number of seconds, got {type(poll_interval).__name__}")
    if not (math.isfinite(poll_interval) and poll_interval > 0):
        raise ValueError(f"poll_interval must be a positive number of seconds, got {poll_interval!r}")
    for name, value in {"timeout": timeout, **limits}.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{name} must be a number of seconds or None, got {type(value).__name__}")
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a positive number of seconds or None (no limit), got {value!r}")


def _limits(appear_timeout: float | None, unknown_status_timeout: float | None) -> _poller.Limits:
    return _poller.Limits(appear_timeout, unknown_status_timeout, _is_classified)


# --- what an interrupted call leaves behind ------------------------------------------------------------------
# A cancellation, a KeyboardInterrupt or a callback's exception keeps its type (asyncio and the caller's
# ``except`` clauses depend on it); it gains a note naming the run and how to cancel it, ``test_run_id`` when
# it has none, and a WARNING record says the same, so the run is never left behind unnamed.

_NOTED = "_splx_probe_noted"
_LOGGED = "_splx_probe_logged"
"""Attributes of an exception: the runs its notes name already, those logged already (no layer repeats one)."""


def _api_flag(client: _Client) -> str:
    """`` --api-url URL`` so that a printed command reaches ``client``'s API; nothing for the default one."""
    from ._servers import DEFAULT_REGION, REGIONS

    base_url = getattr(client, "_base_url", None)
    if not isinstance(base_url, str) or base_url.rstrip("/") == REGIONS[DEFAULT_REGION]:
        return ""
    return f" --api-url {shlex.quote(display_url(base_url))}"  # never the credentials of a URL


def _cancel_hint(client: _Client, workspace_id: WorkspaceId, test_run_id: TestRunId | str) -> str:
    return (
        f"`splx-probe cancel --workspace {workspace_id} --run {test_run_id}{_api_flag(client)}` or"
        f" `client.test_runs.cancel(workspace_id={workspace_id}, test_run_id={test_run_id})`"
    )


def _why(exc: BaseException, *, callback: bool = False) -> str:
    if isinstance(exc, asyncio.CancelledError):
        return "the call was cancelled or interrupted"
    if callback:
        return f"on_progress raised {type(exc).__name__}"
    return f"the call was interrupted by {type(exc).__name__}"


def _mark(exc: BaseException, attribute: str, keys: Iterable[object]) -> set[object]:
    """Record ``keys`` under ``attribute`` of ``exc``; return those not recorded before."""
    seen: set[object] = getattr(exc, attribute, None) or set()
    fresh = set(keys) - seen
    if fresh:
        # An exception class that refuses attributes: it may be told twice, never not at all.
        with contextlib.suppress(AttributeError, TypeError):
            setattr(exc, attribute, seen | fresh)
    return fresh


def _leave_word(exc: BaseException, keys: Iterable[object], message: str, *, log: bool) -> None:
    """Add ``message`` as a note to ``exc`` (and log it if ``log``) unless each of ``keys`` was named already."""
    keys = list(keys)
    if _mark(exc, _NOTED, keys):
        exc.add_note(message)
    if log and _mark(exc, _LOGGED, keys):
        logger.warning("%s", message)


def _give_run_id(exc: BaseException, test_run_id: TestRunId) -> None:
    """Set ``exc.test_run_id``, unless the exception already has one of its own."""
    if getattr(exc, "test_run_id", None) is None:
        with contextlib.suppress(AttributeError, TypeError):  # a class refusing attributes: the note says it
            exc.test_run_id = test_run_id  # type: ignore[attr-defined]


def _stopped_waiting(
    client: _Client,
    exc: BaseException,
    workspace_id: WorkspaceId,
    target_id: TargetId,
    test_run_id: TestRunId,
    why: str,
    *,
    started: bool,
    log: bool,
) -> None:
    """Say on ``exc`` (and in the log) that the wait for a run ended with ``exc`` while the run goes on."""
    if started:
        subject = f"test run {test_run_id} on target {target_id} (workspace {workspace_id}) was started by this call"
    else:
        subject = f"stopped waiting for test run {test_run_id} on target {target_id} (workspace {workspace_id})"
    message = (
        f"{subject}, and {why}: the run was not cancelled on the server and may still be running; to cancel it:"
        f" {_cancel_hint(client, workspace_id, test_run_id)}"
    )
    _give_run_id(exc, test_run_id)
    _leave_word(exc, [test_run_id], message, log=log)


def _trigger_cut_short(
    client: _Client,
    exc: BaseException,
    workspace_id: WorkspaceId,
    body: TriggerTestRunRequest,
    answer: TestRunTriggerDto | BaseException | None,
) -> None:
    """Say on ``exc`` which run the trigger it cut short started, or that one may exist and how to find it.

    ``answer`` is the trigger's: its result, the error it ended with, or ``None`` if it had not come.
    """
    where = f"on target {body.target_id} (workspace {workspace_id})"
    why = _why(exc)
    if isinstance(answer, TestRunTriggerDto):
        test_run_id = answer.test_run_id
        _give_run_id(exc, test_run_id)
        message = (
            f"test run {test_run_id} ({body.name!r}) {where} was started by this trigger, and {why} before it"
            f" returned: the run was not cancelled on the server and may still be running; to cancel it:"
            f" {_cancel_hint(client, workspace_id, test_run_id)}"
        )
        _leave_word(exc, [test_run_id], message, log=True)
        return
    if isinstance(answer, ProbeError) and not _answer_lost(answer):
        return  # refused (a 4xx): the platform started nothing
    if answer is None:
        waited = f" (waited up to {TRIGGER_ANSWER_GRACE:g} s for it)" if isinstance(exc, asyncio.CancelledError) else ""
        state = f"before its answer came{waited}"
    else:
        state = f"after its answer was lost ({type(answer).__name__})"  # the name only: no server text in a log
    message = (
        f"the trigger of test run {body.name!r} {where} was sent, and {why} {state}: a run may have been"
        f" started. To find it, look for a run named {body.name!r} with"
        f" `splx-probe status --workspace {workspace_id} --target {body.target_id}{_api_flag(client)}` or"
        f" `client.targets.list_test_runs(workspace_id={workspace_id}, target_id={body.target_id})`;"
        f" to cancel it: {_cancel_hint(client, workspace_id, 'ID')}"
    )
    _leave_word(exc, [("trigger", body.target_id, body.name)], message, log=True)


async def _wait_briefly(future: asyncio.Future[Any], seconds: float) -> None:
    """Wait until ``future`` is done, at most ``seconds`` on the poller's clock; a cancellation stops the wait."""
    timer = asyncio.ensure_future(_poller.clock.sleep(seconds))
    try:
        with contextlib.suppress(asyncio.CancelledError):  # cancelled again: stop waiting, the caller re-raises
            await asyncio.wait((future, timer), return_when=asyncio.FIRST_COMPLETED)
    finally:
        timer.cancel()


def watch_test_run(
    client: _Client,
    *,
    workspace_id: WorkspaceId,
    target_id: TargetId,
    test_run_id: TestRunId,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
    timeout: float | None = DEFAULT_WAIT_TIMEOUT,
    cancel_on_timeout: bool = False,
    appear_timeout: float | None = DEFAULT_APPEAR_TIMEOUT,
    unknown_status_timeout: float | None = DEFAULT_UNKNOWN_STATUS_TIMEOUT,
) -> AsyncGenerator[ScanRunExecutionDto, None]:
    """Yield the run each time its status, progress or counts change; the last one yielded is terminal.

    A run not listed yet (the platform may lag after a trigger) is waited for up to ``appear_timeout`` seconds,
    then ``TestRunNotFoundError``; a run in a status nobody classified for ``unknown_status_timeout`` seconds
    raises ``UnknownRunStatusError`` (``None`` lifts either limit). Raises ``TestRunTimeoutError`` once
    ``timeout`` seconds have passed (cancelling the run on the server first if ``cancel_on_timeout``), and 4xx
    errors other than 408/429 at once; other failed polls are retried until the deadline.
    Leaving the loop early: wrap the iterator in ``contextlib.aclosing`` so polling stops at once. A
    cancellation (or ``KeyboardInterrupt``) while waiting for the next change gains a note naming the run and
    how to cancel it, and ``test_run_id``; a WARNING record says the same.
    """
    for name, value, kind in (
        ("workspace_id", workspace_id, WorkspaceId),
        ("target_id", target_id, TargetId),
        ("test_run_id", test_run_id, TestRunId),
    ):
        _check_id(name, value, kind)
    _check_options(poll_interval, timeout, appear_timeout=appear_timeout, unknown_status_timeout=unknown_status_timeout)
    limits = _limits(appear_timeout, unknown_status_timeout)
    return _watch(
        client, workspace_id, target_id, test_run_id, float(poll_interval), timeout, cancel_on_timeout, limits
    )


async def _watch(
    client: _Client,
    workspace_id: WorkspaceId,
    target_id: TargetId,
    test_run_id: TestRunId,
    poll_interval: float,
    time_limit: float | None,
    cancel_on_timeout: bool,
    limits: _poller.Limits,
    *,
    started: bool = False,
    log: bool = True,
) -> AsyncGenerator[ScanRunExecutionDto, None]:
    warned: set[str | None] = set()
    async with _poller.subscription(
        client,
        workspace_id=workspace_id,
        target_id=target_id,
        test_run_id=test_run_id,
        poll_interval=poll_interval,
        time_limit=time_limit,
        limits=limits,
    ) as subscription:
        while True:
            try:
                event = await subscription.next_event()
            except BaseException as exc:  # cancelled or interrupted: the run goes on, say which one
                why = _why(exc)
                _stopped_waiting(client, exc, workspace_id, target_id, test_run_id, why, started=started, log=log)
                raise
            if isinstance(event, BaseException):
                raise event
            if isinstance(event, _poller.Expired):
                break
            _warn_if_unknown(event, warned)
            yield event
            if is_terminal(event):
                return
    await _time_out(client, workspace_id, test_run_id, time_limit, subscription, cancel_on_timeout)


def _warn_if_unknown(run: ScanRunExecutionDto, warned: set[str | None]) -> None:
    status = run.status
    if not _is_classified(status) and status not in warned:
        warned.add(status)
        logger.warning(
            "test run %s has a status nobody classified, %r: treated as not finished for a bounded time"
            " (classify it in run_statuses of openapi/merge-config.yaml)",
            run.id,
            status,
        )


async def _time_out(
    client: _Client,
    workspace_id: WorkspaceId,
    test_run_id: TestRunId,
    time_limit: float | None,
    subscription: _poller.Subscription,
    cancel_on_timeout: bool,
) -> None:
    run = subscription.run
    seen = f"last seen {describe(run)}" if run is not None else "it never appeared in its target's test runs"
    message = f"test run {test_run_id} did not finish within {time_limit or 0:g} s ({seen})"
    if subscription.poll_error is not None:
        message += f"; the last poll failed: {subscription.poll_error}"
    if not cancel_on_timeout:
        raise TestRunTimeoutError(message, run=run)
    try:
        await _cancel(client, workspace_id, test_run_id)
    except ProbeError as exc:
        raise TestRunTimeoutError(f"{message}; cancelling it on the server failed: {exc}", run=run) from exc
    raise TestRunTimeoutError(f"{message}; cancelled it on the server", run=run)


async def _cancel(client: _Client, workspace_id: WorkspaceId, test_run_id: TestRunId) -> None:
    try:
        response = await cancel_test_run.asyncio_detailed(workspace_id, test_run_id, client=client)
    except errors.UnexpectedStatus as exc:
        raise _poller.status_error_from_unexpected(exc) from None
    _poller.parsed_or_raise(response)


async def wait_for_test_run(
    client: _Client,
    *,
    workspace_id: WorkspaceId,
    target_id: TargetId,
    test_run_id: TestRunId,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
    timeout: float | None = DEFAULT_WAIT_TIMEOUT,  # noqa: ASYNC109  # on the injectable clock, see _poller
    on_progress: ProgressCallback | None = None,
    cancel_on_timeout: bool = False,
    appear_timeout: float | None = DEFAULT_APPEAR_TIMEOUT,
    unknown_status_timeout: float | None = DEFAULT_UNKNOWN_STATUS_TIMEOUT,
) -> ScanRunExecutionDto:
    """Wait until the run's status is terminal and return it; failed and cancelled runs are returned, not raised.

    ``on_progress(run)`` (sync or async) is called each time status, progress or counts change. Polls start
    every ``poll_interval`` seconds and back off while nothing changes. After ``timeout`` seconds (six hours by
    default, ``None`` for no deadline) raises ``TestRunTimeoutError`` carrying the last state seen, having
    cancelled the run on the server if ``cancel_on_timeout``. A poll failing with 5xx, 408, 429 or no answer
    (after the client's retries) is retried until the deadline; other 4xx (401, 403, 404...) are raised at once.
    A run unlisted for ``appear_timeout`` seconds raises ``TestRunNotFoundError``, one in an unclassified status
    for ``unknown_status_timeout`` seconds ``UnknownRunStatusError``. Cancelling the awaiting task stops
    polling and leaves the run alone. A cancellation, ``KeyboardInterrupt`` or exception of ``on_progress``
    (its type kept) gains a note naming the run and how to cancel it, and ``test_run_id`` unless it has one;
    a WARNING record on the ``splx_probe_client`` logger says the same.
    """
    return await _wait_for(
        client,
        workspace_id=workspace_id,
        target_id=target_id,
        test_run_id=test_run_id,
        poll_interval=poll_interval,
        timeout=timeout,
        on_progress=on_progress,
        cancel_on_timeout=cancel_on_timeout,
        appear_timeout=appear_timeout,
        unknown_status_timeout=unknown_status_timeout,
    )


async def _wait_for(
    client: _Client,
    *,
    workspace_id: WorkspaceId,
    target_id: TargetId,
    test_run_id: TestRunId,
    poll_interval: float,
    timeout: float | None,  # noqa: ASYNC109  # on the injectable clock, see _poller
    on_progress: ProgressCallback | None,
    cancel_on_timeout: bool,
    appear_timeout: float | None,
    unknown_status_timeout: float | None,
    started: bool = False,
    log: bool = True,
) -> ScanRunExecutionDto:
    """``wait_for_test_run``; ``started``: this call triggered the run, ``log``: the WARNING is the caller's."""
    for name, value, kind in (
        ("workspace_id", workspace_id, WorkspaceId),
        ("target_id", target_id, TargetId),
        ("test_run_id", test_run_id, TestRunId),
    ):
        _check_id(name, value, kind)
    _check_options(poll_interval, timeout, appear_timeout=appear_timeout, unknown_status_timeout=unknown_status_timeout)
    limits = _limits(appear_timeout, unknown_status_timeout)
    runs = _watch(
        client,
        workspace_id,
        target_id,
        test_run_id,
        float(poll_interval),
        timeout,
        cancel_on_timeout,
        limits,
        started=started,
        log=log,
    )
    last: ScanRunExecutionDto | None = None
    async with aclosing(runs):  # the callback may raise mid-iteration: stop polling now, not at GC
        async for run in runs:
            last = run
            if on_progress is None:
                continue
            try:
                result = on_progress(run)
                if inspect.isawaitable(result):
                    await result
            except BaseException as exc:  # the caller's own error, its type kept: name the run it leaves
                why = _why(exc, callback=True)
                _stopped_waiting(client, exc, workspace_id, target_id, test_run_id, why, started=started, log=log)
                raise
    if last is None:  # the iterator ends only after yielding a terminal run
        raise ProbeError("the test run watch ended without a run")
    return last


async def trigger_and_wait(
    client: _Client,
    *,
    workspace_id: WorkspaceId,
    body: TriggerTestRunRequest,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
    timeout: float | None = DEFAULT_WAIT_TIMEOUT,  # noqa: ASYNC109  # on the injectable clock, see _poller
    on_progress: ProgressCallback | None = None,
    cancel_on_timeout: bool = False,
    appear_timeout: float | None = DEFAULT_APPEAR_TIMEOUT,
    unknown_status_timeout: float | None = DEFAULT_UNKNOWN_STATUS_TIMEOUT,
) -> ScanRunExecutionDto:
    """Start exactly one test run with ``trigger_test_run`` and wait for it like ``wait_for_test_run``.

    The options are checked before anything is sent. An error raised after the trigger was sent carries the
    run's id as ``err.test_run_id`` and in a note (the run may still be going on: never an orphan): a
    ``ProbeError`` of the wait, a cancellation, ``KeyboardInterrupt`` or an exception of ``on_progress`` (the
    last three keep their type and are also logged at WARNING with the command that cancels the run). A
    cancellation while the trigger's answer is in flight waits up to ``TRIGGER_ANSWER_GRACE`` seconds for it.
    """
    _check_options(poll_interval, timeout, appear_timeout=appear_timeout, unknown_status_timeout=unknown_status_timeout)
    triggered = await trigger_test_run(client, workspace_id=workspace_id, body=body)
    # Logged so the id is not lost if the wait is then cancelled or times out before the run is listed.
    logger.info("triggered test run %s on target %s", triggered.test_run_id, body.target_id)
    try:
        return await _wait_for(
            client,
            workspace_id=workspace_id,
            target_id=body.target_id,
            test_run_id=triggered.test_run_id,
            poll_interval=poll_interval,
            timeout=timeout,
            on_progress=on_progress,
            cancel_on_timeout=cancel_on_timeout,
            appear_timeout=appear_timeout,
            unknown_status_timeout=unknown_status_timeout,
            started=True,
        )
    except ProbeError as exc:  # the run was started: whoever catches this must be able to find it
        exc.test_run_id = triggered.test_run_id
        exc.add_note(f"test run {triggered.test_run_id} on target {body.target_id} was started by this call")
        raise
    except BaseException as exc:  # cancelled or interrupted between the trigger and the wait: same word
        why = _why(exc)
        _stopped_waiting(client, exc, workspace_id, body.target_id, triggered.test_run_id, why, started=True, log=True)
        raise


async def trigger_test_run(
    client: _Client, *, workspace_id: WorkspaceId, body: TriggerTestRunRequest
) -> TestRunTriggerDto:
    """Trigger a test run: exactly one run is started, and its id is returned, even if the answer is lost.

    The target's runs are listed first. When the trigger's answer is lost (a dropped connection, a timeout, a
    cut-off or unreadable 2xx body, 408/500/502/504), the runs are listed again (after ``TRIGGER_LOOKUP_DELAYS``,
    as the list may lag) and the newest new run with the same name (and as many probes) is taken as this
    trigger's: its id is returned. Only when none appeared, so the platform provably did not start one, is the
    trigger sent again, once. Limits: two triggers with the same name on one target at the same moment may be
    told apart wrongly (each still gets a run id, possibly the other's), and a run that appears in the list
    only after the lookups end is taken as never started.

    Cancelled while the trigger's answer is in flight, it waits for that answer up to ``TRIGGER_ANSWER_GRACE``
    seconds (a second cancellation stops the wait); the cancellation (or ``KeyboardInterrupt``) then carries
    the run's id as ``test_run_id`` and in a note, or, the answer not come, a note that a run may exist and
    how to find it, and a WARNING record says the same. A cancellation before the trigger is sent says nothing:
    no run was started.
    """
    _check_id("workspace_id", workspace_id, WorkspaceId)
    if not isinstance(body, TriggerTestRunRequest):
        raise TypeError(f"body must be a TriggerTestRunRequest, got {type(body).__name__}")
    _check_id("body.target_id", body.target_id, TargetId)
    before = {run.id for run in await _poller.list_runs(client, workspace_id, body.target_id)}
    for attempt in (1, 2):
        try:
            return await _send_trigger_for_sure(client, workspace_id, body)
        except ProbeError as exc:
            if not _answer_lost(exc):
                raise
            lost = exc
        logger.warning(
            "the answer to triggering test run %r on target %s was lost (%s): looking for the run it may have started",
            body.name,
            body.target_id,
            lost,
        )
        try:
            found = await _find_new_run(client, workspace_id, body, before, lost)
        except BaseException as exc:
            if not isinstance(exc, Exception):  # cancelled or interrupted while looking: the run may exist
                _trigger_cut_short(client, exc, workspace_id, body, lost)
            raise
        if found is not None:
            logger.warning("test run %s was started by the trigger whose answer was lost", found)
            return TestRunTriggerDto(test_run_id=found)
        if isinstance(lost, APIResponseValidationError):
            raise lost  # a 2xx: the platform took it, and the run is not listed; sending it again could duplicate it
        if attempt == 1:
            logger.warning(
                "no new test run %r on target %s: the trigger did not start one, sending it again once",
                body.name,
                body.target_id,
            )
    raise lost


def _answer_lost(exc: ProbeError) -> bool:
    if isinstance(exc, APIConnectionError | APIResponseValidationError):
        return True
    return isinstance(exc, APIStatusError) and exc.status_code in _LOST_ANSWER_STATUSES


async def _find_new_run(
    client: _Client, workspace_id: WorkspaceId, body: TriggerTestRunRequest, before: set[TestRunId], lost: ProbeError
) -> TestRunId | None:
    """The id of the newest run not in ``before`` that matches ``body``, or ``None`` if none appeared."""
    listed = False
    last_error: ProbeError | None = None
    for delay in TRIGGER_LOOKUP_DELAYS:
        await _poller.clock.sleep(delay)
        try:
            runs = await _poller.list_runs(client, workspace_id, body.target_id)
        except ProbeError as exc:
            last_error = exc
            # A garbled list may read fine next time; a refusal (401, 403, 404) will not.
            if _poller.is_transient(exc) or isinstance(exc, APIResponseValidationError):
                continue
            break
        listed = True
        matches = [run.id for run in runs if run.id not in before and _matches(run, body)]
        if matches:
            return max(matches)
    if not listed:
        error = APIConnectionError(
            f"the answer to triggering test run {body.name!r} on target {body.target_id} was lost ({lost}), and its"
            f" runs could not be listed to tell whether it started ({last_error}): look for a run named"
            f" {body.name!r} before triggering again"
        )
        error.retries = lost.retries
        raise error from lost
    return None


def _matches(run: ScanRunExecutionDto, body: TriggerTestRunRequest) -> bool:
    if run.name != body.name:
        return False
    probe_ids = body.probe_ids if isinstance(body.probe_ids, list) else None
    # The run lists probe names, the request ids: only their number can be compared.
    return not probe_ids or not isinstance(run.probes, list) or len(run.probes) == len(set(probe_ids))


async def _send_trigger_for_sure(
    client: _Client, workspace_id: WorkspaceId, body: TriggerTestRunRequest
) -> TestRunTriggerDto:
    """``_send_trigger``, whose answer a cancellation waits for (briefly, see ``TRIGGER_ANSWER_GRACE``).

    Once the POST is under way it may have reached the server: whatever then stops this call carries the
    run's id, or says that a run may exist.
    """
    send = asyncio.ensure_future(_send_trigger(client, workspace_id, body))
    try:
        return await asyncio.shield(send)
    except BaseException as exc:
        if send.done() and not send.cancelled() and send.exception() is exc:
            raise  # the trigger's own outcome: trigger_test_run decides
        if isinstance(exc, asyncio.CancelledError) and not send.done():
            await _wait_briefly(send, TRIGGER_ANSWER_GRACE)
        answer: TestRunTriggerDto | BaseException | None = None
        if not send.done():
            send.cancel()  # no answer in time: stop the request (its run, if any, is found by its name)
        elif not send.cancelled():
            answer = send.exception() or send.result()  # exception() also marks an error as retrieved
        _trigger_cut_short(client, exc, workspace_id, body, answer)
        raise


async def _send_trigger(client: _Client, workspace_id: WorkspaceId, body: TriggerTestRunRequest) -> TestRunTriggerDto:
    # One call: whether a failed attempt may be resent is the client's retry policy (never, for a trigger
    # that may have reached the server); trigger_test_run alone decides on a second one, after looking.
    try:
        response = await _trigger_endpoint.asyncio_detailed(workspace_id, client=client, body=body)
    except errors.UnexpectedStatus as exc:
        raise _poller.status_error_from_unexpected(exc) from None
    except httpx.RequestError as exc:  # a plain generated client has no ProbeTransport to type it
        raise _poller.connection_error_from(exc) from exc
    triggered = _poller.parsed_or_raise(response)
    if not isinstance(triggered, TestRunTriggerDto):
        raise ProbeError(f"unexpected answer to the trigger: {type(triggered).__name__}")
    return triggered


def _left_by(task: asyncio.Task[ScanRunExecutionDto], exc: BaseException) -> bool:
    """Whether the run of ``task`` is left waiting because ``exc`` ends the waits (its own error included)."""
    if not task.done():
        return True
    return not task.cancelled() and task.exception() is exc


def _stopped_waiting_many(
    client: _Client, exc: BaseException, workspace_id: WorkspaceId, left: list[tuple[TargetId, TestRunId]], *, log: bool
) -> None:
    """Say on ``exc`` (and in the log if ``log``) which runs the waits it ended leave running."""
    if not left:
        return
    runs = ", ".join(f"{test_run_id} (target {target_id})" for target_id, test_run_id in left)
    message = (
        f"stopped waiting for test runs {runs} in workspace {workspace_id}, as {type(exc).__name__} ended the"
        f" waits: they were not cancelled on the server and may still be running; to cancel one:"
        f" {_cancel_hint(client, workspace_id, 'ID')}"
    )
    _leave_word(exc, [("many", *(test_run_id for _, test_run_id in left))], message, log=log)


@overload
async def wait_for_test_runs(
    client: _Client,
    runs: Iterable[tuple[TargetId, TestRunId]],
    *,
    workspace_id: WorkspaceId,
    poll_interval: float = ...,
    timeout: float | None = ...,  # noqa: ASYNC109
    on_progress: ProgressCallback | None = ...,
    cancel_on_timeout: bool = ...,
    appear_timeout: float | None = ...,
    unknown_status_timeout: float | None = ...,
    return_exceptions: Literal[False] = ...,
) -> list[ScanRunExecutionDto]: ...


@overload
async def wait_for_test_runs(
    client: _Client,
    runs: Iterable[tuple[TargetId, TestRunId]],
    *,
    workspace_id: WorkspaceId,
    poll_interval: float = ...,
    timeout: float | None = ...,  # noqa: ASYNC109
    on_progress: ProgressCallback | None = ...,
    cancel_on_timeout: bool = ...,
    appear_timeout: float | None = ...,
    unknown_status_timeout: float | None = ...,
    return_exceptions: Literal[True],
) -> list[ScanRunExecutionDto | ProbeError]: ...


@overload
async def wait_for_test_runs(
    client: _Client,
    runs: Iterable[tuple[TargetId, TestRunId]],
    *,
    workspace_id: WorkspaceId,
    poll_interval: float = ...,
    timeout: float | None = ...,  # noqa: ASYNC109
    on_progress: ProgressCallback | None = ...,
    cancel_on_timeout: bool = ...,
    appear_timeout: float | None = ...,
    unknown_status_timeout: float | None = ...,
    return_exceptions: bool = ...,
) -> list[ScanRunExecutionDto] | list[ScanRunExecutionDto | ProbeError]: ...


async def wait_for_test_runs(
    client: _Client,
    runs: Iterable[tuple[TargetId, TestRunId]],
    *,
    workspace_id: WorkspaceId,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
    timeout: float | None = DEFAULT_WAIT_TIMEOUT,  # noqa: ASYNC109  # on the injectable clock, see _poller
    on_progress: ProgressCallback | None = None,
    cancel_on_timeout: bool = False,
    appear_timeout: float | None = DEFAULT_APPEAR_TIMEOUT,
    unknown_status_timeout: float | None = DEFAULT_UNKNOWN_STATUS_TIMEOUT,
    return_exceptions: bool = False,
) -> list[ScanRunExecutionDto] | list[ScanRunExecutionDto | ProbeError]:
    """Wait for many runs at once, given as ``(target_id, test_run_id)`` pairs; results in the same order.

    Runs of one target cost one list request per tick together. Options are those of ``wait_for_test_run``
    (one deadline for all). An error other than a timeout cancels the other waits (never the runs) and is
    raised; timeouts let the others reach the same deadline, then the first is raised. With
    ``return_exceptions=True`` each failed wait's ``ProbeError`` takes its place in the list instead.
    An error that ends the waits early gains a note naming the runs it left waiting (none is cancelled on the
    server); a cancellation, ``KeyboardInterrupt`` or exception of ``on_progress`` is also logged at WARNING
    with the command that cancels each, and carries ``test_run_id`` when one run's callback raised it.
    """
    _check_id("workspace_id", workspace_id, WorkspaceId)
    _check_options(poll_interval, timeout, appear_timeout=appear_timeout, unknown_status_timeout=unknown_status_timeout)
    pairs = list(runs)
    for index, pair in enumerate(pairs):
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise TypeError(f"runs[{index}] must be a (target_id, test_run_id) pair, got {pair!r}")
        _check_id(f"runs[{index}] target_id", pair[0], TargetId)
        _check_id(f"runs[{index}] test_run_id", pair[1], TestRunId)
    tasks = [
        asyncio.create_task(
            _wait_for(
                client,
                workspace_id=workspace_id,
                target_id=target_id,
                test_run_id=test_run_id,
                poll_interval=poll_interval,
                timeout=timeout,
                on_progress=on_progress,
                cancel_on_timeout=cancel_on_timeout,
                appear_timeout=appear_timeout,
                unknown_status_timeout=unknown_status_timeout,
                log=False,  # one record for all the runs left, below
            ),
            name=f"splx-wait-{test_run_id}",
        )
        for target_id, test_run_id in pairs
    ]
    pending: set[asyncio.Task[ScanRunExecutionDto]] = set(tasks)
    try:
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                error = task.exception()
                if error is None or isinstance(error, TestRunTimeoutError):
                    continue  # a timeout: the others reach the same deadline, let them (and their cancels) finish
                if not (return_exceptions and isinstance(error, ProbeError)):
                    raise error
    except BaseException as exc:  # the waits end early: name every run left waiting, and the one that failed
        left = [pair for pair, task in zip(pairs, tasks, strict=True) if _left_by(task, exc)]
        _stopped_waiting_many(client, exc, workspace_id, left, log=not isinstance(exc, ProbeError))
        raise
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
    results: list[ScanRunExecutionDto | ProbeError] = []
    for task in tasks:
        error = task.exception()
        if error is None:
            results.append(task.result())
        elif return_exceptions and isinstance(error, ProbeError):
            results.append(error)
        else:
            raise error
    return results
