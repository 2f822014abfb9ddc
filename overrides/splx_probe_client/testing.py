# Hand-written: edit overrides/splx_probe_client/testing.py, not this copy (installed by `make generate`).
"""A stateful fake of the SPLX Probe API, for offline demos and tests (like moto for AWS).

>>> fake = FakeProbe()                       # accepts DEFAULT_API_KEY only
>>> with fake.serve() as base_url:           # a real HTTP server on 127.0.0.1, in a background thread
...     client = ProbeClient(base_url=base_url, api_key=fake.api_key)
>>> httpx.Client(transport=fake.transport())  # or in-process, no sockets

State (in memory, behind one lock; shared by ``transport()`` and every ``serve()``):

- targets per workspace (any workspace id is accepted unless ``workspace_ids`` limits them; others get 403).
  The connection is stored exactly as sent and returned in ``TargetNewDto``; ``settings`` come back as
  ``TargetNewSettingsDto``. Target ids start at 101, test run ids at 5001, so they are never mixed up.
- target types (``GET /api/target/types``): ``TARGET_TYPES``, with recommended probes and weights.
- test runs: ``trigger`` starts one RUNNING; it advances each time it is observed (every
  ``listTargetTestRuns`` of its target), and reaches its outcome on the ``polls_to_finish``-th observation.
  With ``seconds_to_finish`` set, progress follows ``clock`` instead. ``progress`` is a percentage (0-100)
  and ``passedCount``/``failedCount``/``errorCount`` grow towards the outcome's counts. The outcome is
  ``fake.outcome`` (default: COMPLETED, 10% failed), or the next queued one (``queue_outcomes``), or set
  per run (``set_outcome``). ``cancelTestRun`` makes a RUNNING run CANCELLED (again: no-op; a finished run: 400).
  Runs are listed newest first; deleting a target deletes its runs.
- scores: computed from the target's COMPLETED runs (simulated attacks = passed + failed, successful
  attacks = failed), 404 before any run completed; ``set_scores`` replaces them.

Validation, like the platform: a missing or wrong ``X-Api-Key`` is 401; a body with a missing required field,
a wrong type or an out-of-range value is 400 with ``validationErrors`` per field (dotted JSON paths, e.g.
``settings.name``, ``connection.config.apiKey``; nested objects of a connection config are not checked);
an unknown target, run or path is 404. Every error body has the ``ErrorResponse`` shape.

Faults (for the next ``times`` requests, optionally only those of one ``operation`` id): ``fail_next``
(a status, ``Retry-After``, any body: a ``str`` body is sent as-is, e.g. HTML that is not JSON), ``drop_next``
(close the connection without an answer, optionally after carrying the request out), ``delay_next`` and the
constant ``latency``. ``requests`` records every request seen, with ``via`` = ``"socket"`` or ``"transport"``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

import attrs
import httpx

from ._operations import OPERATIONS
from ._secrets import redact

__all__ = [
    "DEFAULT_API_KEY",
    "PROBES",
    "TARGET_TYPES",
    "FakeProbe",
    "RecordedRequest",
    "RunOutcome",
]

DEFAULT_API_KEY = "splx-fake-api-key"
"""The key a ``FakeProbe()`` accepts when none is given."""

PROBES: dict[int, str] = {
    1: "Prompt Injection",
    2: "Jailbreak",
    3: "Context Leakage",
    4: "Data Exfiltration",
    5: "Toxicity",
    6: "Hallucination",
    7: "Off-Topic",
    8: "Competitor Check",
}
"""The fake platform's probes: id -> name (run's ``probes`` lists names)."""

TARGET_TYPES: list[dict[str, Any]] = [
    {
        "id": "0b7f6a52-3c1e-4f43-9b1a-6b3d2f1e0a01",
        "label": "Public Without RAG",
        "details": [
            {"probeId": 1, "isRecommended": True, "weight": "CRITICAL"},
            {"probeId": 2, "isRecommended": True, "weight": "HIGH"},
            {"probeId": 3, "isRecommended": True, "weight": "HIGH"},
            {"probeId": 5, "isRecommended": True, "weight": "MEDIUM"},
            {"probeId": 6, "isRecommended": False, "weight": "LOW"},
            {"probeId": 8, "isRecommended": False, "weight": "LOW"},
        ],
    },
    {
        "id": "0b7f6a52-3c1e-4f43-9b1a-6b3d2f1e0a02",
        "label": "Private With RAG",
        "details": [
            {"probeId": 1, "isRecommended": True, "weight": "HIGH"},
            {"probeId": 3, "isRecommended": True, "weight": "CRITICAL"},
            {"probeId": 4, "isRecommended": True, "weight": "CRITICAL"},
            {"probeId": 6, "isRecommended": True, "weight": "MEDIUM"},
            {"probeId": 7, "isRecommended": False, "weight": "LOW"},
        ],
    },
]
"""What ``GET /api/target/types`` returns (``RiskScorePresetDto`` list)."""

_CASES_PER_PROBE = 10
_SCORE_CATEGORIES = ("Security", "Safety", "Business Alignment", "Hallucination & Trustworthiness")
_RUNNING = "RUNNING"
_INT32 = (-(2**31), 2**31 - 1)
_BAD_REQUEST = 400
_INVALID = "One or more validation errors occurred."
_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    411: "LENGTH_REQUIRED",
    422: "UNPROCESSABLE_ENTITY",
    429: "TOO_MANY_REQUESTS",
    500: "INTERNAL_SERVER_ERROR",
    501: "NOT_IMPLEMENTED",
    502: "BAD_GATEWAY",
    503: "SERVICE_UNAVAILABLE",
    504: "GATEWAY_TIMEOUT",
}


# --- public records ---------------------------------------------------------------------------------------


@attrs.frozen
class RunOutcome:
    """How a fake test run ends: its final status and counts.

    ``total_count`` defaults to 10 cases per probe; ``failed_count`` to 10% of it; ``passed_count`` to what is
    left after failures and errors. ``status`` is ``"COMPLETED"`` or ``"FAILED"``.
    """

    status: Literal["COMPLETED", "FAILED"] = "COMPLETED"
    failed_count: int | None = None
    error_count: int = 0
    passed_count: int | None = None
    total_count: int | None = None


@attrs.frozen
class RecordedRequest:
    """One request the fake received (secrets hidden from the repr)."""

    method: str
    path: str
    operation: str | None
    """The spec's operationId, or ``None`` for a path the API does not have."""
    json: Any = attrs.field(repr=lambda value: repr(redact(value)))
    """The decoded JSON body (``None`` when there is none or it is not JSON)."""
    headers: Mapping[str, str] = attrs.field(repr=False)
    """Request headers, names in lower case."""
    via: Literal["socket", "transport"]
    thread: str
    """Name of the thread that handled the request."""
    status: int | None
    """The status answered, ``None`` when the connection was dropped."""


# --- validation rules: plain data, checked by one small function -------------------------------------------


@attrs.frozen
class _Field:
    kind: Literal["string", "integer", "boolean", "object", "array", "any"]
    required: bool = False
    nullable: bool = False
    min_length: int | None = None
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    uuid: bool = False
    items: _Field | None = None
    fields: Mapping[str, _Field] | None = None


def _str(required: bool = False, nullable: bool = False, lo: int | None = None, hi: int | None = None) -> _Field:
    return _Field("string", required, nullable, min_length=lo, max_length=hi)


def _uuid(nullable: bool = True) -> _Field:
    return _Field("string", nullable=nullable, uuid=True)


_PROMPT = _str(nullable=True, hi=30000)
_SETTINGS: dict[str, _Field] = {
    "concurrentRequests": _Field("boolean", required=True),
    "description": _str(required=True, lo=2, hi=2000),
    "environment": _str(required=True),
    "language": _str(required=True),
    "multiStepAttacks": _Field("boolean", required=True),
    "name": _str(required=True, lo=2, hi=256),
    "predefinedResponses": _Field(
        "array", nullable=True, items=_Field("object", fields={"type": _str(True), "value": _str(True)})
    ),
    "ragFileId": _uuid(),
    "ragFileNumberOfFacts": _Field("integer", nullable=True),
    "rateLimit": _Field("integer", required=True, minimum=1, maximum=3000),
    "supportedModes": _Field("array", required=True, items=_str()),
    "systemPromptConfigurations": _Field(
        "object",
        fields={
            "systemPromptConfidential": _PROMPT,
            "systemPromptNotConfidential": _PROMPT,
            "systemPromptTools": _PROMPT,
        },
    ),
    "targetPresetId": _uuid(),
    "workerPoolId": _uuid(),
}
_CONNECTION: dict[str, _Field] = {"type": _str(required=True), "config": _Field("object", required=True)}

_S = _str(required=True)
_HEADERS = _Field("object", required=True, nullable=True)
# Required top-level fields of each connection type's config (a test checks them against the spec).
_CONFIGS: dict[str, dict[str, _Field]] = {
    "ANTHROPIC": {"apiKey": _S, "maxTokens": _Field("integer", required=True), "model": _S},
    "AZURE_ML": {"apiKey": _S, "url": _S},
    "AZURE_OPENAI": {"apiKey": _S, "deploymentName": _S, "url": _S},
    "BEDROCK": {"awsAccessKeyId": _S, "awsRegion": _S, "awsSecretAccessKey": _S, "model": _S},
    "COPILOT_STUDIO": {"authenticationType": _str(required=True, nullable=True)},
    "DATABRICKS": {"model": _S, "workspaceUrl": _S},
    "DIFY": {"apiKey": _S},
    "GEMINI": {"apiKey": _S, "model": _S},
    "HUGGING_FACE": {"apiType": _S, "model": _S, "token": _S},
    "MISTRAL": {"apiKey": _S, "model": _S},
    "OPENAI": {"apiKey": _S, "model": _S},
    "OPENAI_ASSISTANT": {"apiKey": _S, "assistantId": _S},
    "OPENAI_REST_API": {"extraLlmParams": _Field("object", required=True), "headers": _HEADERS, "url": _S},
    "PROXY_SDK": {"url": _S},
    "REST_API": {"headers": _HEADERS, "requestPayloadSample": _S, "responsePayload": _S, "url": _S},
}
_TRIGGER: dict[str, _Field] = {
    "name": _str(required=True),
    "notifyWhenFinished": _Field("boolean", required=True),
    "probeIds": _Field("array", required=True, nullable=True, items=_Field("integer")),
    "runAiAnalysis": _Field("boolean", required=True),
    "targetId": _Field("integer", required=True),
}
_KIND_CHECKS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "any": lambda v: True,
}


def _check(value: Any, rule: _Field, path: str, errors: dict[str, list[str]]) -> None:
    if value is None:
        if not rule.nullable:
            errors.setdefault(path, []).append("must not be null")
        return
    if not _KIND_CHECKS[rule.kind](value):
        errors.setdefault(path, []).append(f"must be of type {rule.kind}")
        return
    problems = errors.setdefault(path, [])
    if rule.kind == "string":
        if rule.min_length is not None and len(value) < rule.min_length:
            problems.append(f"must be at least {rule.min_length} characters long")
        if rule.max_length is not None and len(value) > rule.max_length:
            problems.append(f"must be at most {rule.max_length} characters long")
        if rule.uuid and not _is_uuid(value):
            problems.append("must be a UUID")
    elif rule.kind == "integer":
        low = _INT32[0] if rule.minimum is None else rule.minimum
        high = _INT32[1] if rule.maximum is None else rule.maximum
        if not low <= value <= high:
            problems.append(f"must be between {low} and {high}")
    if not problems:
        del errors[path]
    if rule.kind == "array" and rule.items is not None:
        for index, item in enumerate(value):
            _check(item, rule.items, f"{path}[{index}]", errors)
    if rule.kind == "object" and rule.fields is not None:
        _check_fields(value, rule.fields, path, errors)


def _check_fields(
    body: Mapping[str, Any], rules: Mapping[str, _Field], path: str, errors: dict[str, list[str]]
) -> None:
    for name, rule in rules.items():
        where = f"{path}.{name}" if path else name
        if name not in body:
            if rule.required:
                errors.setdefault(where, []).append("is required")
            continue
        _check(body[name], rule, where, errors)


def _check_connection(connection: Any, errors: dict[str, list[str]]) -> None:
    if not isinstance(connection, dict):
        return  # already reported by the generic check
    kind = connection.get("type")
    config = connection.get("config")
    if not isinstance(kind, str) or not isinstance(config, dict):
        return
    rules = _CONFIGS.get(kind)
    if rules is None:
        errors.setdefault("connection.type", []).append(f"unknown connection type {kind!r}; one of {sorted(_CONFIGS)}")
        return
    _check_fields(config, rules, "connection.config", errors)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


# --- replies and faults -----------------------------------------------------------------------------------


@attrs.define
class _Reply:
    status: int
    body: bytes = b""
    content_type: str | None = "application/json"
    headers: dict[str, str] = attrs.Factory(dict)
    delay: float = 0.0
    drop: bool = False


@attrs.define
class _Fault:
    times: int
    operation: str | None
    status: int | None = None
    body: bytes | None = None
    content_type: str | None = None
    retry_after: str | None = None
    delay: float = 0.0
    drop: bool = False
    after_processing: bool = False


class _HTTPError(Exception):
    def __init__(self, status: int, message: str, validation_errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.validation_errors = validation_errors


def _json_reply(status: int, payload: Any) -> _Reply:
    return _Reply(status, json.dumps(payload, separators=(",", ":")).encode())


def _error_body(status: int, message: str, validation_errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"message": message, "code": _CODES.get(status, f"HTTP_{status}")}
    if validation_errors is not None:
        error["validationErrors"] = validation_errors
    return {"error": error}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _known_operation(operation: str | None) -> str | None:
    if operation is not None and operation not in _OPERATION_IDS:
        raise ValueError(f"unknown operation {operation!r}; one of {sorted(_OPERATION_IDS)}")
    return operation


# --- routing, from the generated operations table ---------------------------------------------------------

_OPERATION_IDS = frozenset(op.operation_id for op in OPERATIONS)
_ROUTES: list[tuple[str, re.Pattern[str], str]] = [
    (op.method, re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", op.path) + "$"), op.operation_id)
    for op in OPERATIONS
]


def _route(method: str, path: str) -> tuple[str | None, dict[str, str], bool]:
    """(operation id, path parameters, path exists with another method)."""
    path_known = False
    for route_method, pattern, operation in _ROUTES:
        match = pattern.match(path)
        if match is None:
            continue
        if route_method == method:
            return operation, match.groupdict(), True
        path_known = True
    return None, {}, path_known


# --- state ------------------------------------------------------------------------------------------------


@attrs.define
class _Run:
    id: int
    workspace_id: int
    target_id: int
    name: str
    probes: list[str]
    outcome: RunOutcome
    total: int
    started_at: float
    execution_date: str
    status: str = _RUNNING
    observations: int = 0
    done_fraction: float = 0.0


class FakeProbe:
    """An in-memory SPLX Probe platform; see the module docstring for state, validation and faults.

    ``polls_to_finish``: a run reaches its outcome on its N-th observation (0: at once).
    ``seconds_to_finish``: instead, a run takes this long on ``clock``. ``latency``: seconds added to every answer.
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
    ) -> None:
        if polls_to_finish < 0:
            raise ValueError("polls_to_finish must be >= 0")
        self.api_key = api_key
        self.polls_to_finish = polls_to_finish
        self.seconds_to_finish = seconds_to_finish
        self.clock = clock
        self.outcome = outcome or RunOutcome()
        self.latency = latency
        self.workspace_ids = workspace_ids
        self.started_by = started_by
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._targets: dict[int, dict[str, Any]] = {}
        self._target_workspace: dict[int, int] = {}
        self._runs: dict[int, _Run] = {}
        self._scores: dict[int, dict[str, Any]] = {}
        self._queued_outcomes: list[RunOutcome] = []
        self._faults: list[_Fault] = []
        self._next_target_id = 101
        self._next_run_id = 5001

    def __repr__(self) -> str:
        return f"FakeProbe(targets={len(self._targets)}, test_runs={len(self._runs)}, requests={len(self.requests)})"

    # --- seeding and inspection ---------------------------------------------------------------------------

    def add_target(
        self,
        workspace_id: int = 1,
        *,
        connection: Mapping[str, Any] | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> int:
        """Create a target directly (no request, no validation); returns its id.

        ``connection`` defaults to an OPENAI one; ``settings`` are merged over defaults.
        """
        body = {
            "connection": dict(connection or {"type": "OPENAI", "config": {"apiKey": "sk-fake", "model": "gpt-4o"}}),
            "settings": {**_DEFAULT_SETTINGS, **(settings or {})},
        }
        with self._lock:
            return int(self._create_target(workspace_id, body)["id"])

    def add_test_run(
        self, workspace_id: int, target_id: int, *, name: str = "seeded run", outcome: RunOutcome | None = None
    ) -> int:
        """Start a RUNNING test run directly (no request); returns its id."""
        with self._lock:
            self._target(workspace_id, target_id)
            return self._start_run(workspace_id, target_id, name, None, outcome).id

    def target(self, workspace_id: int, target_id: int) -> dict[str, Any]:
        """The stored target as the API returns it (``TargetNewDto`` JSON); KeyError if there is none."""
        with self._lock:
            found = self._targets.get(target_id)
            if found is None or self._target_workspace[target_id] != workspace_id:
                raise KeyError(f"no target {target_id} in workspace {workspace_id}")
            return json.loads(json.dumps(found))  # type: ignore[no-any-return]

    def test_run(self, run_id: int) -> dict[str, Any]:
        """The run as the API lists it (``ScanRunExecutionDto`` JSON), without advancing it; KeyError if none."""
        with self._lock:
            return self._run_json(self._runs[run_id])

    def queue_outcomes(self, *outcomes: RunOutcome) -> None:
        """The next triggered runs end like these, in order; later runs use ``outcome``."""
        with self._lock:
            self._queued_outcomes.extend(outcomes)

    def set_outcome(self, run_id: int, outcome: RunOutcome) -> None:
        """Change how an existing run ends (it keeps its progress)."""
        with self._lock:
            run = self._runs[run_id]
            run.outcome = outcome
            run.total = outcome.total_count if outcome.total_count is not None else run.total

    def finish(self, run_id: int) -> None:
        """Bring a RUNNING run to its outcome now."""
        with self._lock:
            run = self._runs[run_id]
            if run.status == _RUNNING:
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
            self._target(workspace_id, target_id)
            self._scores[target_id] = {
                "overallScore": overall_score,
                "scores": dict(scores) if scores is not None else dict.fromkeys(_SCORE_CATEGORIES, overall_score),
                "simulatedAttacks": simulated_attacks,
                "successfulAttacks": successful_attacks,
                "latestExecutionDate": _now(),
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
            raw, content_type = json.dumps(_error_body(status, f"injected {status}")).encode(), "application/json"
        elif isinstance(body, str | bytes):
            raw, content_type = (body.encode() if isinstance(body, str) else body), "text/html"
        else:
            raw, content_type = json.dumps(body).encode(), "application/json"
        header = None if retry_after is None else str(retry_after)
        self._add_fault(_Fault(times, _known_operation(operation), status, raw, content_type, retry_after=header))

    def drop_next(self, *, times: int = 1, operation: str | None = None, after_processing: bool = False) -> None:
        """Close the connection without answering the next ``times`` requests.

        ``after_processing=True`` carries the request out first (a trigger does start a run), the case where a
        client must not resend a creating request.
        """
        self._add_fault(_Fault(times, _known_operation(operation), drop=True, after_processing=after_processing))

    def delay_next(self, seconds: float, *, times: int = 1, operation: str | None = None) -> None:
        """Answer the next ``times`` requests ``seconds`` late (on top of ``latency``)."""
        self._add_fault(_Fault(times, _known_operation(operation), delay=seconds))

    def clear_faults(self) -> None:
        """Forget every fault not yet used."""
        with self._lock:
            self._faults.clear()

    def _add_fault(self, fault: _Fault) -> None:
        if fault.times < 1:
            raise ValueError("times must be >= 1")
        with self._lock:
            self._faults.append(fault)

    def _take_fault(self, operation: str | None) -> _Fault | None:
        for fault in self._faults:
            if fault.operation is None or fault.operation == operation:
                fault.times -= 1
                if fault.times == 0:
                    self._faults.remove(fault)
                return fault
        return None

    # --- serving ------------------------------------------------------------------------------------------

    def transport(self) -> httpx.MockTransport:
        """An in-process transport for ``httpx.Client``/``httpx.AsyncClient`` (no sockets)."""
        return _FakeTransport(self)

    @contextlib.contextmanager
    def serve(self) -> Iterator[str]:
        """Serve on 127.0.0.1 at a free port in a background thread; yields the base URL; stops on exit."""
        server = _Server(self)
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
        self, method: str, raw_path: str, headers: Mapping[str, str], body: bytes, via: Literal["socket", "transport"]
    ) -> _Reply:
        path = raw_path.split("?", 1)[0]
        operation, params, path_known = _route(method, path)
        try:
            decoded: Any = json.loads(body) if body else None
        except ValueError:
            decoded = None
        with self._lock:
            fault = self._take_fault(operation)
            if fault is not None and not fault.drop and fault.status is not None:
                reply = _Reply(fault.status, fault.body or b"", fault.content_type)
                if fault.retry_after is not None:
                    reply.headers["Retry-After"] = fault.retry_after
            elif fault is not None and fault.drop and not fault.after_processing:
                reply = _Reply(0, drop=True)
            else:
                reply = self._answer(method, operation, params, path_known, headers, body)
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
                    threading.current_thread().name,
                    None if reply.drop else reply.status,
                )
            )
        return reply

    def _answer(
        self,
        method: str,
        operation: str | None,
        params: dict[str, str],
        path_known: bool,
        headers: Mapping[str, str],
        body: bytes,
    ) -> _Reply:
        try:
            key = headers.get("x-api-key")
            if not key:
                raise _HTTPError(401, "Missing API key: send it in the X-Api-Key header.")
            if key != self.api_key:
                raise _HTTPError(401, "Invalid API key.")
            if operation is None:
                if path_known:
                    raise _HTTPError(405, f"Method {method} is not allowed on this path.")
                raise _HTTPError(404, "No such API path.")
            ids = self._path_ids(params)
            workspace_id = ids.get("workspaceId")
            if workspace_id is not None and self.workspace_ids is not None and workspace_id not in self.workspace_ids:
                raise _HTTPError(403, f"The API key has no access to workspace {workspace_id}.")
            handler = _HANDLERS.get(operation)
            if handler is None:
                raise _HTTPError(501, f"FakeProbe does not implement {operation}.")
            return handler(self, ids, body)
        except _HTTPError as error:
            return _json_reply(error.status, _error_body(error.status, error.message, error.validation_errors))

    @staticmethod
    def _path_ids(params: Mapping[str, str]) -> dict[str, int]:
        ids: dict[str, int] = {}
        errors: dict[str, list[str]] = {}
        for name, text in params.items():
            if re.fullmatch(r"-?\d{1,10}", text) and _INT32[0] <= int(text) <= _INT32[1]:
                ids[name] = int(text)
            else:
                errors[name] = [f"The value {text!r} is not a valid int32."]
        if errors:
            raise _HTTPError(400, "One or more validation errors occurred.", errors)
        return ids

    @staticmethod
    def _json_body(body: bytes, rules: Mapping[str, _Field]) -> dict[str, Any]:
        try:
            decoded = json.loads(body) if body else None
        except ValueError:
            raise _HTTPError(400, "The request body is not valid JSON.", {"body": ["is not valid JSON"]}) from None
        if not isinstance(decoded, dict):
            raise _HTTPError(400, "The request body must be a JSON object.", {"body": ["must be a JSON object"]})
        errors: dict[str, list[str]] = {}
        _check_fields(decoded, rules, "", errors)
        if "connection" in rules:
            _check_connection(decoded.get("connection"), errors)
        if errors:
            raise _HTTPError(400, "One or more validation errors occurred.", errors)
        return decoded

    # --- operations (called with the lock held) --------------------------------------------------------

    def _target(self, workspace_id: int, target_id: int) -> dict[str, Any]:
        found = self._targets.get(target_id)
        if found is None or self._target_workspace[target_id] != workspace_id:
            raise _HTTPError(404, f"Target {target_id} not found in workspace {workspace_id}.")
        return found

    def _create_target(self, workspace_id: int, body: Mapping[str, Any]) -> dict[str, Any]:
        target_id = self._next_target_id
        self._next_target_id += 1
        target = {
            "id": target_id,
            "scanId": target_id + 9000,
            "connection": json.loads(json.dumps(body["connection"])),  # exactly as sent, never aliased
            "settings": _settings_dto(body["settings"], {}),
        }
        self._targets[target_id] = target
        self._target_workspace[target_id] = workspace_id
        return target

    def _start_run(
        self, workspace_id: int, target_id: int, name: str, probe_ids: list[int] | None, outcome: RunOutcome | None
    ) -> _Run:
        if not probe_ids:
            preset_id = self._targets[target_id]["settings"].get("targetPresetId")
            preset = next((t for t in TARGET_TYPES if t["id"] == preset_id), TARGET_TYPES[0])
            probe_ids = [d["probeId"] for d in preset["details"] if d["isRecommended"]]
        if outcome is None:
            outcome = self._queued_outcomes.pop(0) if self._queued_outcomes else self.outcome
        total = outcome.total_count if outcome.total_count is not None else _CASES_PER_PROBE * len(probe_ids)
        run = _Run(
            id=self._next_run_id,
            workspace_id=workspace_id,
            target_id=target_id,
            name=name,
            probes=[PROBES[i] for i in probe_ids],
            outcome=outcome,
            total=total,
            started_at=self.clock(),
            execution_date=_now(),
        )
        self._next_run_id += 1
        self._runs[run.id] = run
        return run

    def _observe(self, run: _Run) -> None:
        if run.status != _RUNNING:
            return
        run.observations += 1
        if self.seconds_to_finish is not None:
            elapsed = self.clock() - run.started_at
            run.done_fraction = 1.0 if self.seconds_to_finish <= 0 else min(1.0, elapsed / self.seconds_to_finish)
        else:
            run.done_fraction = 1.0 if self.polls_to_finish == 0 else min(1.0, run.observations / self.polls_to_finish)
        if run.done_fraction >= 1.0:
            run.status = run.outcome.status

    def _run_json(self, run: _Run) -> dict[str, Any]:
        failed, errors, passed = _final_counts(run)
        fraction = run.done_fraction
        return {
            "id": run.id,
            "name": run.name,
            "probes": list(run.probes),
            "startedBy": self.started_by,
            "status": run.status,
            "executionDate": run.execution_date,
            "progress": round(100.0 * fraction, 1),
            "totalCount": run.total,
            "failedCount": int(failed * fraction),
            "errorCount": int(errors * fraction),
            "passedCount": int(passed * fraction),
        }

    def _op_list_target_types(self, ids: dict[str, int], body: bytes) -> _Reply:
        return _json_reply(200, TARGET_TYPES)

    def _op_create_target(self, ids: dict[str, int], body: bytes) -> _Reply:
        request = self._json_body(body, {"connection": _Field("object", True, fields=_CONNECTION), **_SETTINGS_RULE})
        return _json_reply(200, self._create_target(ids["workspaceId"], request))

    def _op_get_target(self, ids: dict[str, int], body: bytes) -> _Reply:
        return _json_reply(200, self._target(ids["workspaceId"], ids["targetId"]))

    def _op_update_target(self, ids: dict[str, int], body: bytes) -> _Reply:
        target = self._target(ids["workspaceId"], ids["targetId"])
        request = self._json_body(
            body,
            {"connection": _Field("object", fields=_CONNECTION), "settings": _Field("object", fields=_SETTINGS)},
        )
        if "connection" in request:
            target["connection"] = request["connection"]
        if "settings" in request:
            target["settings"] = _settings_dto(request["settings"], target["settings"])
        return _json_reply(200, target)

    def _op_delete_target(self, ids: dict[str, int], body: bytes) -> _Reply:
        target = self._target(ids["workspaceId"], ids["targetId"])
        del self._targets[target["id"]], self._target_workspace[target["id"]]
        self._scores.pop(target["id"], None)
        for run_id in [r.id for r in self._runs.values() if r.target_id == target["id"]]:
            del self._runs[run_id]
        return _json_reply(200, target)

    def _op_get_target_scores(self, ids: dict[str, int], body: bytes) -> _Reply:
        target = self._target(ids["workspaceId"], ids["targetId"])
        if target["id"] in self._scores:
            return _json_reply(200, self._scores[target["id"]])
        completed = [r for r in self._runs.values() if r.target_id == target["id"] and r.status == "COMPLETED"]
        if not completed:
            raise _HTTPError(404, f"Target {target['id']} has no scores yet: no test run has completed.")
        successful = sum(_final_counts(r)[0] for r in completed)
        simulated = successful + sum(_final_counts(r)[2] for r in completed)
        overall = 100 if simulated == 0 else round(100 * (1 - successful / simulated))
        return _json_reply(
            200,
            {
                "overallScore": overall,
                "scores": dict.fromkeys(_SCORE_CATEGORIES, float(overall)),
                "simulatedAttacks": simulated,
                "successfulAttacks": successful,
                "latestExecutionDate": max(r.execution_date for r in completed),
            },
        )

    def _op_list_target_test_runs(self, ids: dict[str, int], body: bytes) -> _Reply:
        target = self._target(ids["workspaceId"], ids["targetId"])
        runs = sorted((r for r in self._runs.values() if r.target_id == target["id"]), key=lambda r: -r.id)
        for run in runs:
            self._observe(run)
        return _json_reply(200, [self._run_json(run) for run in runs])

    def _op_trigger_test_run(self, ids: dict[str, int], body: bytes) -> _Reply:
        request = self._json_body(body, _TRIGGER)
        workspace_id = ids["workspaceId"]
        try:
            self._target(workspace_id, request["targetId"])
        except _HTTPError:
            raise _HTTPError(404, f"Target {request['targetId']} not found in workspace {workspace_id}.") from None
        unknown = [i for i in request["probeIds"] or [] if i not in PROBES]
        if unknown:
            raise _HTTPError(
                400, "One or more validation errors occurred.", {"probeIds": [f"unknown probes {unknown}"]}
            )
        run = self._start_run(workspace_id, request["targetId"], request["name"], request["probeIds"], None)
        return _json_reply(200, {"testRunId": run.id})

    def _op_cancel_test_run(self, ids: dict[str, int], body: bytes) -> _Reply:
        run = self._runs.get(ids["testRunId"])
        if run is None or run.workspace_id != ids["workspaceId"]:
            raise _HTTPError(404, f"Test run {ids['testRunId']} not found in workspace {ids['workspaceId']}.")
        if run.status in {"COMPLETED", "FAILED"}:
            raise _HTTPError(400, f"Test run {run.id} has already finished ({run.status}).")
        run.status = "CANCELLED"
        return _Reply(200, content_type=None)


_SETTINGS_RULE = {"settings": _Field("object", required=True, fields=_SETTINGS)}
_HANDLERS: dict[str, Callable[[FakeProbe, dict[str, int], bytes], _Reply]] = {
    "listTargetTypes": FakeProbe._op_list_target_types,
    "createTarget": FakeProbe._op_create_target,
    "getTarget": FakeProbe._op_get_target,
    "updateTarget": FakeProbe._op_update_target,
    "deleteTarget": FakeProbe._op_delete_target,
    "getTargetScores": FakeProbe._op_get_target_scores,
    "listTargetTestRuns": FakeProbe._op_list_target_test_runs,
    "triggerTestRun": FakeProbe._op_trigger_test_run,
    "cancelTestRun": FakeProbe._op_cancel_test_run,
}
_DEFAULT_SETTINGS: dict[str, Any] = {
    "name": "Fake target",
    "description": "A target stored by FakeProbe",
    "environment": "DEV",
    "language": "en",
    "concurrentRequests": False,
    "multiStepAttacks": False,
    "rateLimit": 10,
    "supportedModes": ["TEXT"],
}


def _settings_dto(request: Mapping[str, Any], previous: Mapping[str, Any]) -> dict[str, Any]:
    """``TargetSettingsCreateRequest`` -> ``TargetNewSettingsDto`` (unknown fields are kept, not dropped)."""
    settings = {**previous, **request}
    rag_file_id = settings.pop("ragFileId", None)
    if rag_file_id is not None:
        settings["ragFile"] = {"ragFileId": rag_file_id, "ragFileName": None, "ragFileUrl": None}
    settings.setdefault("systemPromptConfigurations", {})
    return json.loads(json.dumps(settings))  # type: ignore[no-any-return]


def _final_counts(run: _Run) -> tuple[int, int, int]:
    """(failed, errors, passed) the run has when it reaches its outcome."""
    outcome = run.outcome
    failed = outcome.failed_count if outcome.failed_count is not None else run.total // 10
    errors = outcome.error_count
    passed = outcome.passed_count if outcome.passed_count is not None else max(0, run.total - failed - errors)
    return failed, errors, passed


# --- adapters: httpx transport and real sockets -----------------------------------------------------------


class _FakeTransport(httpx.MockTransport):
    def __init__(self, fake: FakeProbe) -> None:
        super().__init__(self._handle_sync)
        self._fake = fake

    def _reply(self, request: httpx.Request) -> _Reply:
        headers = {name.lower(): value for name, value in request.headers.items()}
        return self._fake._handle(request.method, request.url.raw_path.decode(), headers, request.content, "transport")

    @staticmethod
    def _response(reply: _Reply, request: httpx.Request) -> httpx.Response:
        if reply.drop:
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
        headers = dict(reply.headers)
        if reply.content_type:
            headers["Content-Type"] = reply.content_type
        return httpx.Response(reply.status, headers=headers, content=reply.body, request=request)

    def _handle_sync(self, request: httpx.Request) -> httpx.Response:
        request.read()
        reply = self._reply(request)
        if reply.delay:
            time.sleep(reply.delay)
        return self._response(reply, request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        reply = self._reply(request)
        if reply.delay:
            await asyncio.sleep(reply.delay)
        return self._response(reply, request)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: benchmarks hold 100 connections open
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, add=True)

    def finish(self) -> None:
        self.server.track(self.connection, add=False)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: a test server must not write to stderr."""

    def _serve_one(self) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._write(_json_reply(411, _error_body(411, "Send a Content-Length.")))
            self.close_connection = True
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = self.server.fake._handle(self.command, self.path, headers, body, "socket")
        if reply.delay:
            time.sleep(reply.delay)
        if reply.drop:
            self.close_connection = True
            return
        self._write(reply)

    def _write(self, reply: _Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if reply.body:
            self.wfile.write(reply.body)

    do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _serve_one


class _Server(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True  # server_close() joins the connection threads: a clean stop
    request_queue_size = 256  # many clients connecting at once must not overflow the listen backlog

    def __init__(self, fake: FakeProbe) -> None:
        self.fake = fake
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def track(self, connection: socket.socket, *, add: bool) -> None:
        with self._connections_lock:
            if add:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def stop(self) -> None:
        self.shutdown()
        with self._connections_lock:
            open_connections = list(self._connections)
        for connection in open_connections:  # wake threads waiting on idle keep-alive connections
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self.server_close()
