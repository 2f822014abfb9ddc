# Hand-written: edit overrides/splx_probe_client/testing/__init__.py, not this copy (installed by `make generate`).
"""A stateful fake of the SPLX Probe API, for offline demos and tests (like moto for AWS).

>>> fake = FakeProbe()                       # accepts DEFAULT_API_KEY only
>>> with fake.serve() as base_url:           # a real HTTP server on 127.0.0.1, in a background thread
...     client = ProbeClient(base_url=base_url, api_key=fake.api_key)
>>> httpx.Client(transport=fake.transport())  # or in-process, no sockets

State (in memory, behind one lock; shared by ``transport()`` and every ``serve()``):

- targets per workspace (any workspace id is accepted unless ``workspace_ids`` limits them; others get 403).
  The connection is stored exactly as sent and returned in ``TargetNewDto``; ``settings`` come back as
  ``TargetNewSettingsDto`` with only the fields that schema defines. Target ids start at 101, test run ids at
  5001, so they are never mixed up.
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

Answers follow the spec's tables (``_schema_rules.OPERATION_RULES``): a success has the status the spec documents
(createTarget moving to 201 needs no edit) and one of its content types, chosen by ``Accept`` (JSON unless the
request prefers another; 406 naming them when it allows none). A non-JSON representation is a small
deterministic sample of its type (a JSON list as CSV rows, a one-page PDF, bytes); an operation answering only
files is served so, once the ids of its path exist. Query and header parameters are typed and checked by their
rules (400 naming the parameter); a query parameter named like a field of the listed items filters them (an
array matches any of its values), ``page``/``pageSize``, ``limit``/``offset`` page them; any other parameter a
request sends is 501 naming it, never ignored, and ``make generate`` lists each such gap.

Requests are checked as strictly as the platform, by rules the pipeline writes from the spec
(``_schema_rules``, so a new connection type or field needs no edit): a missing or wrong ``X-Api-Key`` is 401;
a body with a missing required field, a key the schema does not define, a wrong type, a string too short or
too long, an out-of-range number or a bad UUID/date-time, at any depth of a connection config, is 400 with
``validationErrors`` per field (dotted JSON paths, e.g. ``settings.name``, ``connection.config.apiKey``);
an unknown target, run or path is 404; a known path with another method (TRACE, OPTIONS, HEAD included) is
405 with ``Allow``; a method HTTP does not define, or that no operation uses on a path the API does not have,
is 501; an operation of the spec the fake does not implement is 501 naming it; a bad ``Content-Length`` is 400,
a body over 1 MiB 413. Every error body has the ``ErrorResponse`` shape, and the server writes nothing to stderr.

``serve()`` cannot be pinned by slow clients: one thread reads every connection until a whole request has
arrived and only then hands it to ``server_threads`` workers (default 8). A head not complete ``head_timeout``
seconds after its first byte, or a body not complete ``body_timeout`` seconds after the head (the whole body, not
each read), is answered 408 and the connection closed; an idle keep-alive connection is closed after
``idle_timeout``. Delayed answers (``delay_next``, ``latency``) wait on a timer, holding no worker.

Faults (for the next ``times`` requests, optionally only those of one ``operation`` id): ``fail_next``
(a status, ``Retry-After``, any body: a ``str`` body is sent as-is, e.g. HTML that is not JSON), ``drop_next``
(close the connection without an answer, optionally after carrying the request out), ``delay_next`` and the
constant ``latency``. ``requests`` records every request seen, with ``via`` = ``"socket"`` or ``"transport"``.
"""

from __future__ import annotations

from ._catalog import DEFAULT_API_KEY, PROBES, TARGET_TYPES
from ._fake import FakeProbe
from ._records import RecordedRequest, RunOutcome

__all__ = [
    "DEFAULT_API_KEY",
    "PROBES",
    "TARGET_TYPES",
    "FakeProbe",
    "RecordedRequest",
    "RunOutcome",
]
