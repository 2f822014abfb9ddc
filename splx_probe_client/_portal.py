# Hand-written: edit overrides/splx_probe_client/_portal.py, not this copy (installed by `make generate`).
"""A private event loop on its own thread, where ``SyncProbeClient`` runs the async client.

Blocking callers hand it coroutines and wait for their results, so synchronous code gets the async client's
retries, polling and typed errors with no second copy of them. It works from any number of threads at once and
from inside a running event loop (a notebook): the caller's loop, if any, is never used.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import AsyncIterator, Coroutine, Iterator
from typing import Any, TypeVar

from ._exceptions import ProbeError

__all__ = ["Portal"]

T = TypeVar("T")


class Portal:
    """Runs coroutines on a daemon thread's event loop until ``stop()``."""

    def __init__(self, name: str = "splx-probe-sync") -> None:
        self._loop = asyncio.new_event_loop()
        self._lock = threading.Lock()
        self._stopped = False
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
        with self._lock:
            if self._stopped:
                coroutine.close()
                raise ProbeError("this SyncProbeClient is closed: create a new one")
            future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result()
        except concurrent.futures.CancelledError:
            if self._stopped:  # closed by another thread while this call was in flight
                raise ProbeError("the SyncProbeClient was closed while this call was in flight") from None
            raise
        except BaseException:
            # KeyboardInterrupt while waiting (or the result's own exception): stop the work if it still runs.
            future.cancel()
            raise
        finally:
            del future  # the traceback must not keep the coroutine's frame alive

    def iterate(self, iterator: AsyncIterator[T]) -> Iterator[T]:
        """``iterator``'s items, each fetched on the portal's loop; closing the result closes ``iterator`` there."""
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


async def _anext(iterator: AsyncIterator[T]) -> T:
    return await iterator.__anext__()
