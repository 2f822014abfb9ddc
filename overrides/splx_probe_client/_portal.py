# Hand-written: edit overrides/splx_probe_client/_portal.py, not this copy (installed by `make generate`).
"""A private event loop on its own thread, where ``SyncProbeClient`` runs the async client.

Blocking callers hand it coroutines and wait for their results, so synchronous code gets the async client's
retries, polling and typed errors with no second copy of them. It works from any number of threads at once and
from inside a running event loop (a notebook): the caller's loop, if any, is never used.

Ctrl-C in the calling thread cancels the work on the loop and waits for it to wind down (bounded by
``WIND_DOWN_TIMEOUT``; a second Ctrl-C stops the wait) so that what it says it leaves behind, the notes and
``test_run_id`` polling puts on its cancellation (a triggered run's id), reaches the ``KeyboardInterrupt``.
A ``KeyboardInterrupt`` or ``SystemExit`` raised on the loop (by an ``on_progress`` callback) reaches the caller
the same way, and the loop goes on serving.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

from ._exceptions import ProbeError

__all__ = ["WIND_DOWN_TIMEOUT", "Portal"]

WIND_DOWN_TIMEOUT = 30.0
"""Seconds the calling thread waits, after Ctrl-C, for the cancelled work to end before raising.

A wait ends at once; a trigger whose answer is in flight waits up to ``polling.TRIGGER_ANSWER_GRACE`` for it,
which this bound must exceed. It only guards against work that ignores its cancellation.
"""

logger = logging.getLogger("splx_probe_client")

T = TypeVar("T")
P = ParamSpec("P")


class Portal:
    """Runs coroutines on a daemon thread's event loop until ``stop()``."""

    def __init__(self, name: str = "splx-probe-sync") -> None:
        self._loop = asyncio.new_event_loop()
        # asyncio.to_thread runs each blocking send on a daemon thread of its own: as many at once as requests
        # are in flight (the default pool allows CPUs + 4), and neither stop() nor the interpreter's exit waits
        # for a read that has not timed out yet.
        self._loop.set_default_executor(_DaemonThreads(f"{name}-io"))
        self._lock = threading.Lock()
        self._stopped = False
        self._iterating: dict[int, AsyncIterator[Any]] = {}
        """The async iterators ``iterate()`` is running, outermost first: closed in that order at stop."""
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_forever()
        finally:
            # Whatever a stop interrupted (a caller gone after KeyboardInterrupt) is cancelled, not left pending.
            pending = asyncio.all_tasks(self._loop)
            for task in pending:
                task.cancel()
            if pending:
                self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            # An iteration left open (a watch() the caller never finished) is closed as its caller would have:
            # outer generator first, which closes what it iterates. Left to shutdown_asyncgens, inner and outer
            # would be closed at once ("asynchronous generator is already running").
            for iterator in list(self._iterating.values()):
                aclose = getattr(iterator, "aclose", None)
                if aclose is not None:
                    with contextlib.suppress(Exception):
                        self._loop.run_until_complete(aclose())
            self._iterating.clear()
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()

    @property
    def is_stopped(self) -> bool:
        """Whether ``stop()`` was called: nothing can run any more."""
        return self._stopped

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` on the portal's loop and return its result (or raise its exception) here."""
        if threading.get_ident() == self._thread.ident:
            coroutine.close()
            # Waiting here would wait for this very thread: a deadlock, reported instead.
            raise ProbeError(
                "a SyncProbeClient was called from its own I/O thread (an on_progress callback?): call the"
                " ProbeClient it wraps asynchronously there, or use another client"
            )
        # One hand-off each way and a bare lock to wait on: run_coroutine_threadsafe's two chained futures
        # and condition variable cost about twice as much per call, and every sync call pays it.
        call = _Call()
        refused = False
        # One try from the hand-over on: Ctrl-C may land as soon as call_soon_threadsafe returns (the loop thread
        # may have run the whole call by then), and the work it interrupts must still be stopped and named.
        try:
            with self._lock:
                if self._stopped:
                    refused = True
                    raise ProbeError("this SyncProbeClient is closed: create a new one")
                self._loop.call_soon_threadsafe(self._start, coroutine, call)
            call.done.acquire()
        except BaseException as interrupt:
            if not refused:
                self._wind_down(call, interrupt)  # KeyboardInterrupt: stop the work, keep what it says
            if not call.started:
                coroutine.close()  # never handed over, or refused: it will never run
            raise
        try:
            if call.error is None:
                return call.result  # type: ignore[no-any-return]
            if isinstance(call.error, asyncio.CancelledError) and self.is_stopped:
                # closed by another thread while this call was in flight
                closed = ProbeError("the SyncProbeClient was closed while this call was in flight")
                _carry(call.error, closed)  # what the cancelled work left behind (a run it was waiting for)
                raise closed from None
            raise call.error
        finally:
            del call  # the traceback must not keep the coroutine's frame alive

    def _start(self, coroutine: Coroutine[Any, Any, Any], call: _Call) -> None:
        call.started = True
        call.task = self._loop.create_task(_contained(coroutine))
        call.task.add_done_callback(call.finish)

    def _wind_down(self, call: _Call, interrupt: BaseException) -> None:
        """Stop the work ``interrupt`` cut short and hand what it says it leaves behind to ``interrupt``."""
        if not call.finished:
            try:
                self._loop.call_soon_threadsafe(_cancel, call)
            except RuntimeError:  # the loop is closed: nothing runs any more
                return
            try:
                ended = call.done.acquire(timeout=WIND_DOWN_TIMEOUT)
            except BaseException as again:  # a second Ctrl-C: stop waiting, and say where to look
                again.add_note(
                    "interrupted again while the interrupted call was ending: what it leaves behind (a triggered"
                    " test run's id) is logged by the splx_probe_client logger"
                )
                raise
            if not ended:
                interrupt.add_note(
                    f"the interrupted call did not end within {WIND_DOWN_TIMEOUT:g} s of being cancelled: what it"
                    " leaves behind (a triggered test run's id) is logged by the splx_probe_client logger"
                )
                return
        _hand_over(call, interrupt)

    def iterate(self, iterator: AsyncIterator[T]) -> Iterator[T]:
        """``iterator``'s items, each fetched on the portal's loop; closing the result closes ``iterator`` there."""
        self._iterating[id(iterator)] = iterator
        try:
            while True:
                try:
                    item = self.run(_anext(iterator))
                except StopAsyncIteration:
                    return
                yield item
        finally:
            aclose = getattr(iterator, "aclose", None)
            if aclose is not None and not self._stopped:
                self.run(aclose())
            self._iterating.pop(id(iterator), None)

    def stop(self) -> None:
        """Stop the loop and its thread once the work in flight is cancelled; idempotent, from any thread."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        try:
            self._loop.call_soon_threadsafe(self._loop.stop)
        except RuntimeError:  # already closed: the interpreter is exiting
            return
        if threading.get_ident() != self._thread.ident:
            self._thread.join()


class _Call:
    """One ``run``: the task on the loop and its outcome, handed back through a lock the caller waits on."""

    __slots__ = ("done", "error", "finished", "result", "started", "task")

    def __init__(self) -> None:
        self.done = threading.Lock()
        self.done.acquire()
        self.task: asyncio.Task[Any] | None = None
        self.result: Any = None
        self.error: BaseException | None = None
        self.finished = False
        """Whether the outcome is in (``done`` released): an interrupted caller must not wait for it again."""
        self.started = False
        """Whether the loop took the coroutine (``_start`` ran)."""

    def finish(self, task: asyncio.Task[Any]) -> None:
        try:
            self.result = task.result()
        except _Escaped as escaped:  # KeyboardInterrupt or SystemExit raised on the loop: the caller's to raise
            self.error = escaped.original
        except BaseException as exc:  # the caller re-raises it, CancelledError included
            self.error = exc
        self.task = None
        self.finished = True
        self.done.release()


class _Escaped(Exception):
    """Carries a ``KeyboardInterrupt`` or ``SystemExit`` raised in a task: raised bare, it would stop the loop."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(type(original).__name__)
        self.original = original


async def _contained(coroutine: Coroutine[Any, Any, T]) -> T:
    try:
        return await coroutine
    except (KeyboardInterrupt, SystemExit) as exc:
        raise _Escaped(exc) from None


def _carry(source: BaseException, target: BaseException) -> None:
    """Copy ``source``'s notes and ``test_run_id`` (what it says is left behind) onto ``target``."""
    if source is target:
        return
    for note in getattr(source, "__notes__", ()):
        target.add_note(note)
    test_run_id = getattr(source, "test_run_id", None)
    if test_run_id is not None and getattr(target, "test_run_id", None) is None:
        target.test_run_id = test_run_id  # type: ignore[attr-defined]


def _hand_over(call: _Call, interrupt: BaseException) -> None:
    """Copy onto ``interrupt`` what the interrupted call's outcome says it leaves behind."""
    if call.error is not None:
        _carry(call.error, interrupt)
        return
    # It ended just before the interrupt: a result naming a run (a trigger's) must not be dropped unsaid.
    test_run_id = getattr(call.result, "test_run_id", None)
    if isinstance(test_run_id, int) and not isinstance(test_run_id, bool):
        message = (
            f"the interrupted call had just started test run {test_run_id}, which may still be running; to cancel"
            f" it: `client.test_runs.cancel(workspace_id=..., test_run_id={test_run_id})`"
        )
        interrupt.test_run_id = test_run_id  # type: ignore[attr-defined]
        interrupt.add_note(message)
        logger.warning("%s", message)


def _cancel(call: _Call) -> None:
    """Cancel ``call``'s task; one never started (interrupted before the hand-over) just wakes its caller.

    Runs on the loop after ``_start`` if that was scheduled at all (FIFO), so "not started" means "never will".
    """
    if call.task is not None:
        call.task.cancel()
    elif not call.started and not call.finished:
        call.finished = True
        call.done.release()


async def _anext(iterator: AsyncIterator[T]) -> T:
    return await iterator.__anext__()


class _DaemonThreads(ThreadPoolExecutor):
    """Runs each call on a new daemon thread: nothing waits for a blocked read at stop or at exit.

    A ``ThreadPoolExecutor`` only because asyncio accepts no other as a loop's default; its pool is never used.
    """

    def __init__(self, name: str) -> None:
        super().__init__(max_workers=1, thread_name_prefix=name)
        self._name = name

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # handed to the awaiting task, which re-raises it
                future.set_exception(exc)

        threading.Thread(target=run, name=self._name, daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        return None  # each thread ends with its call, bounded by the request's own timeouts
