# Hand-written: edit overrides/splx_probe_client/_resource_mixins.py, not this copy (installed by `make generate`).
"""Hand-written methods mixed into the generated resources (see ``openapi/pipeline/resources.py``).

``Async<Resource>Mixin`` goes into ``client.<resource>`` of ``ProbeClient``, ``<Resource>Mixin`` into that of
``SyncProbeClient``. A method named like a spec operation replaces the generated one on both clients (generation
fails if only one does): ``test_runs.trigger`` goes through ``polling``'s trigger path. The polling helpers are
thin: the logic stays in ``polling``, and the sync ones run it on the client's private loop.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal, overload

from ._resource_base import AsyncResource, SyncResource, TimeoutTypes, check_arg
from .ids import TargetId, TestRunId, WorkspaceId
from .types import UNSET, Unset

if TYPE_CHECKING:
    from ._exceptions import ProbeError
    from .models.scan_run_execution_dto import ScanRunExecutionDto
    from .models.test_run_trigger_dto import TestRunTriggerDto
    from .models.trigger_test_run_request import TriggerTestRunRequest
    from .polling import ProgressCallback

__all__ = ["AsyncTestRunsMixin", "TestRunsMixin"]


def _wait_options(**options: object) -> dict[str, Any]:
    # Only what the caller set: the defaults stay polling's (importing polling here would load every model).
    return {name: value for name, value in options.items() if not isinstance(value, Unset)}


class AsyncTestRunsMixin(AsyncResource):
    """``client.test_runs``: the exactly-once trigger and the polling helpers of ``splx_probe_client.polling``."""

    async def trigger(
        self,
        *,
        workspace_id: WorkspaceId,
        body: TriggerTestRunRequest,
        timeout: TimeoutTypes | Unset = UNSET,  # noqa: ASYNC109  # the HTTP timeout, as on every resource method
        extra_headers: Mapping[str, str] | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
    ) -> TestRunTriggerDto:
        """Trigger a test run exactly once: the answer lost, the SDK finds out whether the run exists.

        Goes through ``polling``'s trigger path, never sent twice when the platform may have created the run.
        Per-call options apply to each request that path makes.
        """
        from . import polling
        from ._client import ProbeClient
        from .models.trigger_test_run_request import TriggerTestRunRequest

        check_arg("workspace_id", workspace_id, WorkspaceId)
        check_arg("body", body, TriggerTestRunRequest)
        client = self._client
        if isinstance(client, ProbeClient):
            client = client._with_call_options(timeout, extra_headers, max_retries, deadline)
        return await polling.trigger_test_run(client, workspace_id=workspace_id, body=body)

    async def wait(
        self,
        *,
        workspace_id: WorkspaceId,
        target_id: TargetId,
        test_run_id: TestRunId,
        poll_interval: float | Unset = UNSET,
        timeout: float | Unset | None = UNSET,  # noqa: ASYNC109  # polling's own deadline, on its clock
        appear_timeout: float | Unset | None = UNSET,
        unknown_status_timeout: float | Unset | None = UNSET,
        on_progress: ProgressCallback | None = None,
        cancel_on_timeout: bool = False,
    ) -> ScanRunExecutionDto:
        """Wait until the run is finished and return it: ``polling.wait_for_test_run`` on this client."""
        from .polling import wait_for_test_run

        return await wait_for_test_run(
            self._client,
            workspace_id=workspace_id,
            target_id=target_id,
            test_run_id=test_run_id,
            on_progress=on_progress,
            cancel_on_timeout=cancel_on_timeout,
            **_wait_options(
                poll_interval=poll_interval,
                timeout=timeout,
                appear_timeout=appear_timeout,
                unknown_status_timeout=unknown_status_timeout,
            ),
        )

    async def trigger_and_wait(
        self,
        *,
        workspace_id: WorkspaceId,
        body: TriggerTestRunRequest,
        poll_interval: float | Unset = UNSET,
        timeout: float | Unset | None = UNSET,  # noqa: ASYNC109
        appear_timeout: float | Unset | None = UNSET,
        unknown_status_timeout: float | Unset | None = UNSET,
        on_progress: ProgressCallback | None = None,
        cancel_on_timeout: bool = False,
    ) -> ScanRunExecutionDto:
        """Trigger a run once and wait for it: ``polling.trigger_and_wait`` on this client."""
        from .polling import trigger_and_wait

        return await trigger_and_wait(
            self._client,
            workspace_id=workspace_id,
            body=body,
            on_progress=on_progress,
            cancel_on_timeout=cancel_on_timeout,
            **_wait_options(
                poll_interval=poll_interval,
                timeout=timeout,
                appear_timeout=appear_timeout,
                unknown_status_timeout=unknown_status_timeout,
            ),
        )

    def watch(
        self,
        *,
        workspace_id: WorkspaceId,
        target_id: TargetId,
        test_run_id: TestRunId,
        poll_interval: float | Unset = UNSET,
        timeout: float | Unset | None = UNSET,
        appear_timeout: float | Unset | None = UNSET,
        unknown_status_timeout: float | Unset | None = UNSET,
        cancel_on_timeout: bool = False,
    ) -> AsyncGenerator[ScanRunExecutionDto, None]:
        """Yield the run each time it changes, the last one finished: ``polling.watch_test_run``."""
        from .polling import watch_test_run

        return watch_test_run(
            self._client,
            workspace_id=workspace_id,
            target_id=target_id,
            test_run_id=test_run_id,
            cancel_on_timeout=cancel_on_timeout,
            **_wait_options(
                poll_interval=poll_interval,
                timeout=timeout,
                appear_timeout=appear_timeout,
                unknown_status_timeout=unknown_status_timeout,
            ),
        )

    @overload
    async def wait_many(
        self,
        runs: Iterable[tuple[TargetId, TestRunId]],
        *,
        workspace_id: WorkspaceId,
        poll_interval: float | Unset = ...,
        timeout: float | Unset | None = ...,  # noqa: ASYNC109
        appear_timeout: float | Unset | None = ...,
        unknown_status_timeout: float | Unset | None = ...,
        on_progress: ProgressCallback | None = ...,
        cancel_on_timeout: bool = ...,
        return_exceptions: Literal[False] = ...,
    ) -> list[ScanRunExecutionDto]: ...

    @overload
    async def wait_many(
        self,
        runs: Iterable[tuple[TargetId, TestRunId]],
        *,
        workspace_id: WorkspaceId,
        poll_interval: float | Unset = ...,
        timeout: float | Unset | None = ...,  # noqa: ASYNC109
        appear_timeout: float | Unset | None = ...,
        unknown_status_timeout: float | Unset | None = ...,
        on_progress: ProgressCallback | None = ...,
        cancel_on_timeout: bool = ...,
        return_exceptions: Literal[True],
    ) -> list[ScanRunExecutionDto | ProbeError]: ...

    async def wait_many(
        self,
        runs: Iterable[tuple[TargetId, TestRunId]],
        *,
        workspace_id: WorkspaceId,
        poll_interval: float | Unset = UNSET,
        timeout: float | Unset | None = UNSET,  # noqa: ASYNC109
        appear_timeout: float | Unset | None = UNSET,
        unknown_status_timeout: float | Unset | None = UNSET,
        on_progress: ProgressCallback | None = None,
        cancel_on_timeout: bool = False,
        return_exceptions: bool = False,
    ) -> list[ScanRunExecutionDto] | list[ScanRunExecutionDto | ProbeError]:
        """Wait for many ``(target_id, test_run_id)`` runs at once: ``polling.wait_for_test_runs``."""
        from .polling import wait_for_test_runs

        return await wait_for_test_runs(
            self._client,
            runs,
            workspace_id=workspace_id,
            on_progress=on_progress,
            cancel_on_timeout=cancel_on_timeout,
            return_exceptions=return_exceptions,
            **_wait_options(
                poll_interval=poll_interval,
                timeout=timeout,
                appear_timeout=appear_timeout,
                unknown_status_timeout=unknown_status_timeout,
            ),
        )


class TestRunsMixin(SyncResource):
    """``SyncProbeClient().test_runs``: the exactly-once trigger and the polling helpers, on the client's loop.

    They exist once, async (``polling``); the sync client runs them on its private loop thread, started on first
    use. ``on_progress`` is called on that thread: it may call the client's other methods, not these.
    Ctrl-C cancels the work there and waits for it to end (a trigger's answer in flight, up to
    ``polling.TRIGGER_ANSWER_GRACE``): the ``KeyboardInterrupt`` then names the run left behind, as the async
    methods' cancellation does (a note and ``test_run_id``, and a WARNING record).
    """

    __test__ = False  # not a pytest test class, despite the name

    def trigger(
        self,
        *,
        workspace_id: WorkspaceId,
        body: TriggerTestRunRequest,
        timeout: TimeoutTypes | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
    ) -> TestRunTriggerDto:
        """Trigger a test run exactly once: the answer lost, the SDK finds out whether the run exists.

        Goes through ``polling``'s trigger path, never sent twice when the platform may have created the run.
        Per-call options apply to each request that path makes.
        """
        from .models.trigger_test_run_request import TriggerTestRunRequest

        check_arg("workspace_id", workspace_id, WorkspaceId)
        check_arg("body", body, TriggerTestRunRequest)
        return self._in_loop(
            lambda twin: twin.test_runs.trigger(
                workspace_id=workspace_id,
                body=body,
                timeout=timeout,
                extra_headers=extra_headers,
                max_retries=max_retries,
                deadline=deadline,
            )
        )

    def wait(
        self,
        *,
        workspace_id: WorkspaceId,
        target_id: TargetId,
        test_run_id: TestRunId,
        poll_interval: float | Unset = UNSET,
        timeout: float | Unset | None = UNSET,
        appear_timeout: float | Unset | None = UNSET,
        unknown_status_timeout: float | Unset | None = UNSET,
        on_progress: ProgressCallback | None = None,
        cancel_on_timeout: bool = False,
    ) -> ScanRunExecutionDto:
        """Wait until the run is finished and return it: ``polling.wait_for_test_run``."""
        return self._in_loop(
            lambda twin: twin.test_runs.wait(
                workspace_id=workspace_id,
                target_id=target_id,
                test_run_id=test_run_id,
                poll_interval=poll_interval,
                timeout=timeout,
                appear_timeout=appear_timeout,
                unknown_status_timeout=unknown_status_timeout,
                on_progress=on_progress,
                cancel_on_timeout=cancel_on_timeout,
            )
        )

    def trigger_and_wait(
        self,
        *,
        workspace_id: WorkspaceId,
        body: TriggerTestRunRequest,
        poll_interval: float | Unset = UNSET,
        timeout: float | Unset | None = UNSET,
        appear_timeout: float | Unset | None = UNSET,
        unknown_status_timeout: float | Unset | None = UNSET,
        on_progress: ProgressCallback | None = None,
        cancel_on_timeout: bool = False,
    ) -> ScanRunExecutionDto:
        """Trigger a run once and wait for it: ``polling.trigger_and_wait``."""
        return self._in_loop(
            lambda twin: twin.test_runs.trigger_and_wait(
                workspace_id=workspace_id,
                body=body,
                poll_interval=poll_interval,
                timeout=timeout,
                appear_timeout=appear_timeout,
                unknown_status_timeout=unknown_status_timeout,
                on_progress=on_progress,
                cancel_on_timeout=cancel_on_timeout,
            )
        )

    def watch(
        self,
        *,
        workspace_id: WorkspaceId,
        target_id: TargetId,
        test_run_id: TestRunId,
        poll_interval: float | Unset = UNSET,
        timeout: float | Unset | None = UNSET,
        appear_timeout: float | Unset | None = UNSET,
        unknown_status_timeout: float | Unset | None = UNSET,
        cancel_on_timeout: bool = False,
    ) -> Iterator[ScanRunExecutionDto]:
        """Yield the run each time it changes, the last one finished; ``close()`` the iterator to stop early."""
        portal, twin = self._client._on_loop()
        runs = twin.test_runs.watch(
            workspace_id=workspace_id,
            target_id=target_id,
            test_run_id=test_run_id,
            poll_interval=poll_interval,
            timeout=timeout,
            appear_timeout=appear_timeout,
            unknown_status_timeout=unknown_status_timeout,
            cancel_on_timeout=cancel_on_timeout,
        )
        return portal.iterate(runs)

    @overload
    def wait_many(
        self,
        runs: Iterable[tuple[TargetId, TestRunId]],
        *,
        workspace_id: WorkspaceId,
        poll_interval: float | Unset = ...,
        timeout: float | Unset | None = ...,
        appear_timeout: float | Unset | None = ...,
        unknown_status_timeout: float | Unset | None = ...,
        on_progress: ProgressCallback | None = ...,
        cancel_on_timeout: bool = ...,
        return_exceptions: Literal[False] = ...,
    ) -> list[ScanRunExecutionDto]: ...

    @overload
    def wait_many(
        self,
        runs: Iterable[tuple[TargetId, TestRunId]],
        *,
        workspace_id: WorkspaceId,
        poll_interval: float | Unset = ...,
        timeout: float | Unset | None = ...,
        appear_timeout: float | Unset | None = ...,
        unknown_status_timeout: float | Unset | None = ...,
        on_progress: ProgressCallback | None = ...,
        cancel_on_timeout: bool = ...,
        return_exceptions: Literal[True],
    ) -> list[ScanRunExecutionDto | ProbeError]: ...

    def wait_many(
        self,
        runs: Iterable[tuple[TargetId, TestRunId]],
        *,
        workspace_id: WorkspaceId,
        poll_interval: float | Unset = UNSET,
        timeout: float | Unset | None = UNSET,
        appear_timeout: float | Unset | None = UNSET,
        unknown_status_timeout: float | Unset | None = UNSET,
        on_progress: ProgressCallback | None = None,
        cancel_on_timeout: bool = False,
        return_exceptions: bool = False,
    ) -> list[ScanRunExecutionDto] | list[ScanRunExecutionDto | ProbeError]:
        """Wait for many ``(target_id, test_run_id)`` runs at once: ``polling.wait_for_test_runs``."""
        if return_exceptions:
            return self._in_loop(
                lambda twin: twin.test_runs.wait_many(
                    runs,
                    workspace_id=workspace_id,
                    poll_interval=poll_interval,
                    timeout=timeout,
                    appear_timeout=appear_timeout,
                    unknown_status_timeout=unknown_status_timeout,
                    on_progress=on_progress,
                    cancel_on_timeout=cancel_on_timeout,
                    return_exceptions=True,
                )
            )
        return self._in_loop(
            lambda twin: twin.test_runs.wait_many(
                runs,
                workspace_id=workspace_id,
                poll_interval=poll_interval,
                timeout=timeout,
                appear_timeout=appear_timeout,
                unknown_status_timeout=unknown_status_timeout,
                on_progress=on_progress,
                cancel_on_timeout=cancel_on_timeout,
            )
        )
