# Hand-written: edit overrides/splx_probe_client/_retry.py, not this copy (installed by `make generate`).
"""The retry rule, free of I/O: what to do after each attempt of a call. Both transports drive it.

``ProbeTransport`` (async) and ``SyncProbeTransport`` (sync) in ``_transport`` only send, read bodies and sleep;
every decision (send again or not, how long to wait, which typed error, what is logged, when the deadline has
passed) is made here, once, so the two clients cannot drift apart.

Retry rule (a duplicate red-team run costs the customer money):
- idempotent operations (GET, PUT, DELETE, ``cancelTestRun``) are retried on connection errors, timeouts and
  408/429/502/503/504;
- any other operation (creating POSTs, PATCH) only when the server provably did not take the request: a connect
  error or pool timeout (nothing was sent) or a 429/503 answer (the server refused it).

The mechanics are written here rather than taken from stamina/tenacity/httpx-retries because the shipped
package depends on httpx and attrs only; they are a backoff formula, a ``Retry-After`` parser and this state.
"""

from __future__ import annotations

import email.utils
import functools
import logging
import random
import re
import time
from datetime import UTC, datetime
from http import HTTPStatus

import httpx

from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    display_url,
    status_error_from_response,
)
from ._operations import OPERATIONS, Operation

logger = logging.getLogger("splx_probe_client")

RETRY_STATUSES = frozenset({408, 429, 502, 503, 504})
"""Statuses worth another try for an idempotent operation."""
REFUSED_STATUSES = frozenset({429, 503})
"""Statuses by which the server says it did not process the request: safe to resend anything."""
BACKOFF_BASE = 0.5
"""First delay in seconds; doubled on every further attempt."""
BACKOFF_MAX = 8.0
"""Cap of one computed delay."""
RETRY_AFTER_MAX = 60.0
"""Cap of an honoured ``Retry-After``: a server asking for longer gets this."""

MAX_RETRIES_EXTENSION = "splx_max_retries"
"""``request.extensions`` key: an int overriding the client's ``max_retries`` for that request."""
DEADLINE_EXTENSION = "splx_deadline"
"""``request.extensions`` key: seconds the whole call may take, retries, waits and body reads included."""
MAX_RESPONSE_BYTES_EXTENSION = "splx_max_response_bytes"
"""``request.extensions`` key: an int overriding the client's ``max_response_bytes`` for that request."""
RETRIES_EXTENSION = "splx_retries"
"""``response.extensions`` key: how many times the request was sent again before this response."""


def _template_pattern(path: str) -> re.Pattern[str]:
    # Anchored at the end only: a base_url with a path prefix (a proxy) still matches.
    escaped = re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(path))
    return re.compile(f"(?:.*){escaped}/?")


_ROUTES: dict[str, list[tuple[re.Pattern[str], Operation]]] = {}
for _operation in OPERATIONS:
    _ROUTES.setdefault(_operation.method, []).append((_template_pattern(_operation.path), _operation))


@functools.lru_cache(maxsize=512)  # the transport and the parsing step both ask, once per call
def operation_of(method: str, path: str) -> Operation | None:
    """The spec's operation for ``method`` and URL ``path``, or ``None`` for a path the spec does not know."""
    for pattern, operation in _ROUTES.get(method, ()):
        if pattern.fullmatch(path):
            return operation
    return None


# RFC 9110 10.2.3: delay-seconds is 1*DIGIT, ASCII only ("1_0", "1e3", "nan", "-1", "0.5", non-ASCII digits are not);
# an HTTP-date is IMF-fixdate or one of the two obsolete forms (RFC 850, asctime), always in GMT.
_DELAY_SECONDS = re.compile(r"[0-9]+")
_DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_TIME = r"[0-9]{2}:[0-9]{2}:[0-9]{2}"
_HTTP_DATE = re.compile(
    rf"{_DAY}, [0-9]{{2}} {_MONTH} [0-9]{{4}} {_TIME} GMT"  # IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
    rf"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), [0-9]{{2}}-{_MONTH}-[0-9]{{2}} {_TIME} GMT"
    rf"|{_DAY} {_MONTH} (?:[0-9]{{2}}| [0-9]) {_TIME} [0-9]{{4}}"  # asctime: Sun Nov  6 08:49:37 1994
)
_FIELD_WHITESPACE = " \t"
"""Optional whitespace around a field value (RFC 9110 5.5): stripped. Any other whitespace makes it unreadable."""


def retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asked to wait (``Retry-After`` as delay-seconds or an HTTP-date), capped at 60 s.

    ``None`` when absent or not what RFC 9110 allows (logged at DEBUG): the caller then uses its own backoff.
    The result is always a finite number in [0, ``RETRY_AFTER_MAX``], so no wait can be NaN or endless.
    """
    value = response.headers.get("retry-after")
    if value is None:
        return None
    text = value.strip(_FIELD_WHITESPACE)
    if _DELAY_SECONDS.fullmatch(text):
        # Compared as text first: int() of a thousand digits is slow, and anything past the cap is the cap.
        return RETRY_AFTER_MAX if len(text) > 6 else min(float(int(text)), RETRY_AFTER_MAX)
    if _HTTP_DATE.fullmatch(text):
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):  # Feb 30, hour 25: the shape but no date
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            seconds = (when - datetime.now(UTC)).total_seconds()
            return min(max(seconds, 0.0), RETRY_AFTER_MAX)
    logger.debug("ignoring a Retry-After that is neither delay-seconds nor an HTTP-date: %.40r", value)
    return None


def backoff(attempt: int) -> float:
    """Delay before retry number ``attempt`` (1-based): exponential, capped, with jitter in [50%, 100%]."""
    delay: float = min(BACKOFF_MAX, BACKOFF_BASE * 2.0 ** (attempt - 1))
    return delay * random.uniform(0.5, 1.0)


def _may_retry_status(status: int, idempotent: bool) -> bool:
    return status in (RETRY_STATUSES if idempotent else REFUSED_STATUSES)


def _may_retry_error(exc: httpx.RequestError, idempotent: bool) -> bool:
    # No byte of the request left: no connection was made, or none came free in the pool. Safe for every operation.
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return True
    # Otherwise only a flaky network is worth another try, not a mistake that would fail again the same way
    # (an unsupported scheme, a request httpx cannot send, a proxy refusing us).
    # A body that does not decode (a garbled gzip stream) is damage in transit like a cut-off one.
    transient = httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError | httpx.DecodingError
    return idempotent and isinstance(exc, transient)


def where(request: httpx.Request) -> str:
    """``GET https://host/path`` with no credentials: how logs and errors name a request."""
    return f"{request.method} {display_url(request.url)}"


def _retries_of(request: httpx.Request, default: int) -> int:
    value = request.extensions.get(MAX_RETRIES_EXTENSION, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"request.extensions[{MAX_RETRIES_EXTENSION!r}] must be an int >= 0, not {value!r}")
    return value


def _deadline_of(request: httpx.Request, default: float | None) -> float | None:
    value = request.extensions.get(DEADLINE_EXTENSION, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ValueError(f"request.extensions[{DEADLINE_EXTENSION!r}] must be a number of seconds > 0, not {value!r}")
    return float(value)


DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""Largest answer a client accepts by default, once decoded (32 MiB): ``max_response_bytes=`` changes it."""


def check_max_response_bytes(value: object, name: str = "max_response_bytes") -> int:
    """``value`` if it is an int >= 1 (a number of bytes), else a ``ValueError`` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be an int >= 1 (bytes), not {value!r}")
    return value


def _max_response_bytes_of(request: httpx.Request, default: int) -> int:
    value = request.extensions.get(MAX_RESPONSE_BYTES_EXTENSION)
    if value is None:
        return default
    return check_max_response_bytes(value, f"request.extensions[{MAX_RESPONSE_BYTES_EXTENSION!r}]")


_HTTP_STATUSES = frozenset(int(status) for status in HTTPStatus)


class Attempts:
    """One call through a transport: after each attempt, says whether to return, wait and resend, or raise.

    ``after_response`` and ``after_error`` return the seconds to wait before sending again (already logged), or
    raise the SDK's error; ``after_response`` returns ``None`` for the answer to hand back. The per-request
    ``splx_max_retries`` and ``splx_deadline`` extensions override the transport's defaults; a bad value is a
    ``ValueError`` naming it, raised here, before anything is sent.
    """

    __slots__ = ("deadline", "deadline_at", "idempotent", "max_response_bytes", "max_retries", "request", "retries")

    def __init__(
        self,
        request: httpx.Request,
        max_retries: int,
        deadline: float | None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self.request = request
        self.max_retries = _retries_of(request, max_retries)
        self.deadline = _deadline_of(request, deadline)
        self.max_response_bytes = _max_response_bytes_of(request, max_response_bytes)
        """Most bytes an answer may have once decoded; more is ``APIResponseValidationError`` (see ``too_large``)."""
        if (
            self.max_response_bytes != DEFAULT_MAX_RESPONSE_BYTES
            and MAX_RESPONSE_BYTES_EXTENSION not in request.extensions
        ):
            # Written down for a transport below that reads the body itself (the sync client's polling requests).
            request.extensions = {**request.extensions, MAX_RESPONSE_BYTES_EXTENSION: self.max_response_bytes}
        """Seconds the whole call may take, or ``None``."""
        self.deadline_at = None if self.deadline is None else time.monotonic() + self.deadline
        """``time.monotonic()`` at which the call must be over, or ``None``."""
        if self.deadline is not None:
            # Every phase of every attempt gets at most what is left: a blocking send (the sync client, a worker
            # thread) cannot be interrupted from outside, and ends on its own at the deadline.
            timeouts = dict(request.extensions.get("timeout") or {})
            request.extensions = {**request.extensions, "timeout": LiveTimeouts(timeouts, self)}
        self.retries = 0
        operation = operation_of(request.method, request.url.path)
        # A path the spec does not know gets the HTTP method's own semantics.
        self.idempotent = operation.idempotent if operation else request.method in {"GET", "HEAD", "PUT", "DELETE"}

    def remaining(self) -> float | None:
        """Seconds left before the deadline (0 once passed), or ``None`` without one."""
        if self.deadline_at is None:
            return None
        return max(self.deadline_at - time.monotonic(), 0.0)

    def expired(self) -> bool:
        """Whether the call's deadline has passed."""
        return self.deadline_at is not None and time.monotonic() >= self.deadline_at

    def deadline_error(self) -> APITimeoutError:
        """The error of a call whose deadline passed."""
        error = APITimeoutError(
            f"no complete answer within the call's deadline of {self.deadline:g} s"
            f" ({self.retries} retries) - {where(self.request)}",
            request=self.request,
        )
        error.retries = self.retries
        return error

    def too_large(self, response: httpx.Response) -> APIResponseValidationError:
        """The error of an answer that grew past ``max_response_bytes`` while it was read (never retried)."""
        response.request = self.request  # as after_response does: the error names the request
        cap = self.max_response_bytes
        size = f"{cap} ({cap / 1048576:g} MiB)" if cap >= 1048576 else str(cap)
        error = APIResponseValidationError(
            "answer is larger than the client accepts",
            response=response,
            error=(
                f"more than max_response_bytes={size} bytes once decoded; reading stopped there."
                " Pass a larger max_response_bytes= to ProbeClient/SyncProbeClient if such answers are expected"
            ),
        )
        error.retries = self.retries
        return error

    def after_error(self, exc: httpx.RequestError) -> float:
        """Seconds to wait before resending after ``exc`` (a transport failure or a body that did not arrive whole)."""
        if self.expired():
            raise self.deadline_error() from exc
        if self.retries < self.max_retries and _may_retry_error(exc, self.idempotent):
            return self._retry(self._cut(backoff(self.retries + 1)), type(exc).__name__)
        error_class = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        error = error_class(f"{type(exc).__name__}: {exc} - {where(self.request)}", request=self.request, cause=exc)
        error.retries = self.retries
        raise error from exc

    def after_response(self, response: httpx.Response, started: float) -> float | None:
        """``None`` to hand ``response`` back (read in full; sent at ``perf_counter()`` ``started``), else the wait."""
        status = response.status_code
        response.extensions = {**response.extensions, RETRIES_EXTENSION: self.retries}
        if logger.isEnabledFor(logging.DEBUG):
            elapsed_ms = (time.perf_counter() - started) * 1000
            logger.debug("%s -> %d (%.1f ms)", where(self.request), status, elapsed_ms)
        response.request = self.request
        if status < 300:
            if status not in _HTTP_STATUSES:  # the generated code would crash on HTTPStatus(status)
                error = APIResponseValidationError(
                    "is not an HTTP status the SDK knows", response=response, error="the SDK cannot tell what it means"
                )
                error.retries = self.retries
                raise error
            return None
        if self.retries < self.max_retries and _may_retry_status(status, self.idempotent):
            asked = retry_after(response)
            return self._retry(self._cut(backoff(self.retries + 1) if asked is None else asked), str(status))
        status_error = status_error_from_response(response)
        status_error.retries = self.retries
        raise status_error

    def after_wait(self) -> None:
        """Called by a driver once its wait is over: past the deadline, the call ends here."""
        if self.expired():
            raise self.deadline_error()

    def _cut(self, seconds: float) -> float:
        # A wait never outlasts the deadline: the call ends at it, not a Retry-After later.
        left = self.remaining()
        return seconds if left is None else min(seconds, left)

    def _retry(self, seconds: float, cause: str) -> float:
        self.retries += 1
        logger.info(
            "retrying %s (retry %d of %d) after %s, waiting %.2f s",
            where(self.request),
            self.retries,
            self.max_retries,
            cause,
            seconds,
        )
        return seconds


class LiveTimeouts(dict[str, float | None]):
    """A request's ``timeout`` extension whose every phase gets at most what is left of the call's deadline.

    httpcore looks a phase's timeout up (``timeouts.get("read")``) when that phase starts, on each read: so a
    sync call, which nothing can interrupt from outside, still stops at its deadline.
    """

    __slots__ = ("_attempts",)

    def __init__(self, timeouts: dict[str, float | None], attempts: Attempts) -> None:
        super().__init__(timeouts)
        self._attempts = attempts

    def get(self, key: str, default: float | None = None) -> float | None:  # type: ignore[override]
        value = super().get(key, default)
        left = self._attempts.remaining()
        if left is None:
            return value
        return left if value is None else min(value, left)

    def __getitem__(self, key: str) -> float | None:
        return self.get(key)
