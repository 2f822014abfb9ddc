# Hand-written: edit overrides/splx_probe_client/testing/_fake.py, not this copy (installed by `make generate`).
"""``FakeProbe``: the platform, its request rules, faults and serving, behind one lock."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import Any, Literal

import httpx

from .._operations import OPERATIONS
from .._validation import validate
from ._answers import apply, check_path_ids, choose, parameters, render, rules_of, serves_files_only
from ._catalog import DEFAULT_API_KEY, SCORE_CATEGORIES
from ._faults import Fault, FaultQueue
from ._platform import DEFAULT_CONNECTION, DEFAULT_SETTINGS, HANDLERS, RUNNING, Platform, now
from ._records import RecordedRequest, RunOutcome
from ._rules import APIError, check_key, check_method, check_route, decode, error_body, json_body, path_ids, route
from ._serving import FakeTransport, Reply, Server, error_reply

_SETTINGS_REQUEST = "TargetSettingsCreateRequest"
_TEMPLATES = {op.operation_id: f"{op.method} {op.path}" for op in OPERATIONS}


class FakeProbe:
    """An in-memory SPLX Probe platform; see the ``splx_probe_client.testing`` docstring.

    ``polls_to_finish``: a run reaches its outcome on its N-th observation (0: at once).
    ``seconds_to_finish``: instead, a run takes this long on ``clock``. ``latency``: seconds added to every answer.
    ``body_timeout``: seconds a client of ``serve()`` may take to send the whole body it announced, from the end
    of the head (then 408). ``head_timeout``: seconds from a request's first byte to the end of its head (then
    408). ``idle_timeout``: seconds a keep-alive connection may stay idle before it is closed.
    ``server_threads``: the workers of each ``serve()``; slow clients never hold one (see ``_serving``).
    """

    def __init__(
        self,
        api_key: str = DEFAULT_API_KEY,
        *,
        polls_to_finish: int = 3,
        seconds_to_finish: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        outcome: RunOutcome | None = None,
        latency: float = 0.0,
        workspace_ids: set[int] | None = None,
        started_by: str = "fake.user@probe.splx.test",
        body_timeout: float = 5.0,
        head_timeout: float = 10.0,
        idle_timeout: float = 60.0,
        server_threads: int = 8,
    ) -> None:
        if polls_to_finish < 0:
            raise ValueError("polls_to_finish must be >= 0")
        self.api_key = api_key
        self.latency = latency
        if server_threads < 1:
            raise ValueError("server_threads must be >= 1")
        self.body_timeout = body_timeout
        self.head_timeout = head_timeout
        self.idle_timeout = idle_timeout
        self.server_threads = server_threads
        self.workspace_ids = workspace_ids
        self.requests: list[RecordedRequest] = []
        self.server_errors: list[BaseException] = []
        """Exceptions a serving thread hit, other than a client going away (kept here, never printed)."""
        self._platform = Platform(polls_to_finish, seconds_to_finish, clock, outcome or RunOutcome(), started_by)
        self._faults = FaultQueue()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        platform = self._platform
        return (
            f"FakeProbe(targets={len(platform.targets)}, test_runs={len(platform.runs)}, requests={len(self.requests)})"
        )

    # --- how runs behave (read by the platform on each request) -------------------------------------------

    @property
    def polls_to_finish(self) -> int:
        return self._platform.polls_to_finish

    @polls_to_finish.setter
    def polls_to_finish(self, value: int) -> None:
        self._platform.polls_to_finish = value

    @property
    def seconds_to_finish(self) -> float | None:
        return self._platform.seconds_to_finish

    @seconds_to_finish.setter
    def seconds_to_finish(self, value: float | None) -> None:
        self._platform.seconds_to_finish = value

    @property
    def clock(self) -> Callable[[], float]:
        return self._platform.clock

    @clock.setter
    def clock(self, value: Callable[[], float]) -> None:
        self._platform.clock = value

    @property
    def outcome(self) -> RunOutcome:
        """How runs end unless queued or set per run."""
        return self._platform.outcome

    @outcome.setter
    def outcome(self, value: RunOutcome) -> None:
        self._platform.outcome = value

    @property
    def started_by(self) -> str:
        return self._platform.started_by

    @started_by.setter
    def started_by(self, value: str) -> None:
        self._platform.started_by = value

    # --- seeding and inspection ---------------------------------------------------------------------------

    def add_target(
        self,
        workspace_id: int = 1,
        *,
        connection: Mapping[str, Any] | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> int:
        """Create a target directly, with no request; returns its id.

        ``connection`` defaults to an OPENAI one and is not checked (a type newer than the spec can be seeded);
        ``settings`` are merged over defaults and must be valid ``TargetSettingsCreateRequest`` fields
        (``ValueError`` naming each that is not), so the fake never serves a target the SDK cannot read.
        """
        merged = {**DEFAULT_SETTINGS, **(settings or {})}
        problems = validate(_SETTINGS_REQUEST, merged)
        if problems:
            raise ValueError(f"add_target: invalid settings: {problems}")
        body = {"connection": dict(connection or DEFAULT_CONNECTION), "settings": merged}
        with self._lock:
            return int(self._platform.create_target(workspace_id, body)["id"])

    def add_test_run(
        self, workspace_id: int, target_id: int, *, name: str = "seeded run", outcome: RunOutcome | None = None
    ) -> int:
        """Start a RUNNING test run directly (no request); returns its id."""
        with self._lock:
            self._platform.target(workspace_id, target_id)
            return self._platform.start_run(workspace_id, target_id, name, None, outcome).id

    def target(self, workspace_id: int, target_id: int) -> dict[str, Any]:
        """The stored target as the API returns it (``TargetNewDto`` JSON); KeyError if there is none."""
        with self._lock:
            try:
                found = self._platform.target(workspace_id, target_id)
            except APIError:
                raise KeyError(f"no target {target_id} in workspace {workspace_id}") from None
            return json.loads(json.dumps(found))  # type: ignore[no-any-return]

    def test_run(self, run_id: int) -> dict[str, Any]:
        """The run as the API lists it (``ScanRunExecutionDto`` JSON), without advancing it; KeyError if none."""
        with self._lock:
            return self._platform.run_json(self._platform.runs[run_id])

    def queue_outcomes(self, *outcomes: RunOutcome) -> None:
        """The next triggered runs end like these, in order; later runs use ``outcome``."""
        with self._lock:
            self._platform.queued_outcomes.extend(outcomes)

    def set_outcome(self, run_id: int, outcome: RunOutcome) -> None:
        """Change how an existing run ends (it keeps its progress)."""
        with self._lock:
            run = self._platform.runs[run_id]
            run.outcome = outcome
            run.total = outcome.total_count if outcome.total_count is not None else run.total

    def finish(self, run_id: int) -> None:
        """Bring a RUNNING run to its outcome now."""
        with self._lock:
            run = self._platform.runs[run_id]
            if run.status == RUNNING:
                run.done_fraction = 1.0
                run.status = run.outcome.status

    def set_scores(
        self,
        workspace_id: int,
        target_id: int,
        *,
        overall_score: int,
        scores: Mapping[str, float | None] | None = None,
        simulated_attacks: int = 100,
        successful_attacks: int = 0,
    ) -> None:
        """Make ``getTargetScores`` answer these values for the target (``scores`` default: every category)."""
        with self._lock:
            self._platform.target(workspace_id, target_id)
            self._platform.scores[target_id] = {
                "overallScore": overall_score,
                "scores": dict(scores) if scores is not None else dict.fromkeys(SCORE_CATEGORIES, overall_score),
                "simulatedAttacks": simulated_attacks,
                "successfulAttacks": successful_attacks,
                "latestExecutionDate": now(),
            }

    # --- faults -------------------------------------------------------------------------------------------

    def fail_next(
        self,
        status: int = 503,
        *,
        times: int = 1,
        operation: str | None = None,
        retry_after: float | str | None = None,
        body: Any = None,
    ) -> None:
        """Answer the next ``times`` requests (of ``operation`` only, if given) with ``status``.

        ``body``: ``None`` for an ``ErrorResponse``; a ``str``/``bytes`` is sent as-is as ``text/html`` (a body
        that is not JSON; use ``status=200`` for a garbled success); anything else is sent as JSON.
        """
        if body is None:
            raw, content_type = json.dumps(error_body(status, f"injected {status}")).encode(), "application/json"
        elif isinstance(body, str | bytes):
            raw, content_type = (body.encode() if isinstance(body, str) else body), "text/html"
        else:
            raw, content_type = json.dumps(body).encode(), "application/json"
        header = None if retry_after is None else str(retry_after)
        self._add_fault(Fault(times, operation, status, raw, content_type, retry_after=header))

    def drop_next(self, *, times: int = 1, operation: str | None = None, after_processing: bool = False) -> None:
        """Close the connection without answering the next ``times`` requests.

        ``after_processing=True`` carries the request out first (a trigger does start a run), the case where a
        client must not resend a creating request.
        """
        self._add_fault(Fault(times, operation, drop=True, after_processing=after_processing))

    def delay_next(self, seconds: float, *, times: int = 1, operation: str | None = None) -> None:
        """Answer the next ``times`` requests ``seconds`` late (on top of ``latency``)."""
        self._add_fault(Fault(times, operation, delay=seconds))

    def clear_faults(self) -> None:
        """Forget every fault not yet used."""
        with self._lock:
            self._faults.clear()

    def _add_fault(self, fault: Fault) -> None:
        with self._lock:
            self._faults.add(fault)

    # --- serving ------------------------------------------------------------------------------------------

    def transport(self) -> httpx.MockTransport:
        """An in-process transport for ``httpx.Client``/``httpx.AsyncClient`` (no sockets)."""
        return FakeTransport(self._handle)

    @contextlib.contextmanager
    def serve(self) -> Iterator[str]:
        """Serve on 127.0.0.1 at a free port in a background thread; yields the base URL; stops on exit."""
        server = Server(self)
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="FakeProbe-server", daemon=True
        )
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.stop()
            thread.join()

    @contextlib.asynccontextmanager
    async def serve_async(self) -> AsyncIterator[str]:
        """``serve()`` for ``async with``: starting and stopping do not block the event loop."""
        manager = self.serve()
        base_url = await asyncio.to_thread(manager.__enter__)
        try:
            yield base_url
        finally:
            await asyncio.to_thread(manager.__exit__, None, None, None)

    # --- the handler core, shared by transport() and serve() --------------------------------------------

    def _handle(
        self,
        method: str,
        raw_path: str,
        headers: dict[str, str],
        body: bytes,
        via: Literal["socket", "transport"],
        refused: APIError | None = None,
        connection: str | None = None,
    ) -> Reply:
        path, _, query = raw_path.partition("?")
        operation, params, allowed = route(method, path)
        try:
            decoded: Any = decode(body)
        except ValueError:
            decoded = None
        with self._lock:
            fault = None if refused is not None else self._faults.take(operation)
            if fault is not None and not fault.drop and fault.status is not None:
                reply = Reply(fault.status, fault.body or b"", fault.content_type)
                if fault.retry_after is not None:
                    reply.headers["Retry-After"] = fault.retry_after
            elif fault is not None and fault.drop and not fault.after_processing:
                reply = Reply(0, drop=True)
            else:
                reply = self._answer(method, operation, params, query, allowed, headers, body, refused)
                reply.drop = fault is not None and fault.drop
            if fault is not None:
                reply.delay += fault.delay
            reply.delay += self.latency
            self.requests.append(
                RecordedRequest(
                    method,
                    path,
                    operation,
                    decoded,
                    dict(headers),
                    via,
                    connection or threading.current_thread().name,
                    None if reply.drop else reply.status,
                )
            )
        return reply

    def _answer(
        self,
        method: str,
        operation: str | None,
        params: dict[str, str],
        query: str,
        allowed: list[str],
        headers: Mapping[str, str],
        body: bytes,
        refused: APIError | None,
    ) -> Reply:
        try:
            if refused is not None:
                raise refused
            check_method(method)
            check_key(headers, self.api_key, operation, query)
            operation = check_route(method, operation, allowed)
            handler = HANDLERS.get(operation)
            files_only = handler is None and serves_files_only(operation)
            if handler is None and not files_only:  # whatever its parameters: the fake knows nothing it would check
                raise APIError(501, f"FakeProbe does not implement {operation} ({_TEMPLATES[operation]}).")
            check_path_ids(operation)
            ids = path_ids(params)
            workspace_id = ids.get("workspaceId")
            if workspace_id is not None and self.workspace_ids is not None and workspace_id not in self.workspace_ids:
                raise APIError(403, f"The API key has no access to workspace {workspace_id}.")
            sent = parameters(operation, query, headers)
            media_type = choose(operation, headers.get("accept"))
            checked = json_body(operation, body)
            payload = self._platform.sample_of(ids) if handler is None else handler(self._platform, ids, checked)
            payload = apply(sent, payload)
        except APIError as error:
            return error_reply(error)
        status = rules_of(operation).success
        if media_type is None or (payload is None and not files_only) or status in {204, 205, 304}:
            return Reply(status, content_type=None)
        return Reply(status, render(operation, media_type, payload), media_type)
