# Hand-written: edit overrides/splx_probe_client/_exceptions.py, not this copy (installed by `make generate`).
"""Every exception the SDK raises, in one hierarchy.

``ProbeError`` is the root. ``APIConnectionError`` means no usable answer arrived; ``APIStatusError`` (and a
subclass per status) means the server answered with a non-2xx status; ``APIResponseValidationError`` means a
2xx answer the SDK cannot read. Messages carry what the server said, never a secret: they are built from the
error body (secret values masked, ``_secrets.redact``/``redact_text``), and request URLs carry no credentials.
The ``request`` (and ``response``) an error carries is a copy with every header value but an allowlist, URL
credentials and body secrets masked, so logging or pickling an error (every error pickles with its fields, for
multiprocessing and task queues) leaks nothing.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from typing import TYPE_CHECKING, Any

import httpx

from ._secrets import MASK, is_secret_header, is_secret_name, redact, redact_headers, redact_text, redact_url

if TYPE_CHECKING:
    from .ids import TargetId, TestRunId, WorkspaceId
    from .models.scan_run_execution_dto import ScanRunExecutionDto

__all__ = [
    "ProbeError",
    "APIConnectionError",
    "APITimeoutError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "TestRunTimeoutError",
    "TestRunNotFoundError",
    "UnknownRunStatusError",
    "APIResponseValidationError",
    "REQUEST_ID_HEADERS",
    "status_error_from_response",
    "display_url",
    "redacted_request",
    "redacted_response",
]

_RAW_TEXT_LIMIT = 500

REQUEST_ID_HEADERS = (
    "x-request-id",
    "request-id",
    "x-correlation-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-ms-request-id",
    "x-trace-id",
)
"""Response headers that may carry the platform's id of a request (the first present wins)."""

# Recomputed or meaningless on a copy whose content is already decoded.
_DROPPED_ON_COPY = frozenset({"content-length", "content-encoding", "transfer-encoding"})


def display_url(url: httpx.URL | str) -> str:
    """``url`` as messages and logs show it: without credentials (``user:password@``) or query string."""
    return str(httpx.URL(url).copy_with(userinfo=b"", query=None))


def _redacted_body(content: bytes) -> bytes:
    try:
        decoded = json.loads(content)
    except ValueError:
        try:
            text = content.decode()
        except UnicodeDecodeError:
            return content  # binary: no name=value text to find a secret by
        return redact_text(text).encode()
    return json.dumps(redact(decoded), separators=(",", ":")).encode()


def redacted_body_text(text: str) -> str:
    """A response or request body's text with secrets masked: JSON by key (``redact``), other text by
    ``name=value`` / ``name: value`` pairs and URLs (``redact_text``)."""
    try:
        decoded = json.loads(text)
    except ValueError:
        return redact_text(text)
    if not isinstance(decoded, dict | list):
        return redact_text(text)
    return json.dumps(redact(decoded), separators=(",", ":"), ensure_ascii=False)


def redacted_request(request: httpx.Request) -> httpx.Request:
    """A copy of ``request`` safe to keep on an error: secret headers, URL credentials and body secrets masked."""
    try:
        content = _redacted_body(request.content) if request.content else b""
    except httpx.RequestNotRead:
        content = b""  # a streamed upload: not kept
    headers = redact_headers(request.headers.multi_items())
    return httpx.Request(
        request.method,
        redact_url(str(request.url)),
        headers=[(name, value) for name, value in headers if name.lower() not in _DROPPED_ON_COPY],
        content=content,
        extensions={key: value for key, value in request.extensions.items() if key.startswith("splx_")},
    )


def redacted_response(response: httpx.Response, request: httpx.Request) -> httpx.Response:
    """A read copy of ``response`` carrying ``request`` (already redacted), header values and body secrets masked."""
    headers = redact_headers(response.headers.multi_items())
    return httpx.Response(
        response.status_code,
        headers=[(name, value) for name, value in headers if name.lower() not in _DROPPED_ON_COPY],
        content=_redacted_body(response.content) if response.content else b"",
        request=request,
        extensions={key: value for key, value in response.extensions.items() if key.startswith("splx_")},
    )


def request_id_of(headers: httpx.Headers) -> str | None:
    """The platform's request id from ``headers`` (see ``REQUEST_ID_HEADERS``), if any."""
    for name in REQUEST_ID_HEADERS:
        value: str | None = headers.get(name)
        if value and not is_secret_header(name):
            return value
    return None


def _rebuild(cls: type[ProbeError], args: tuple[Any, ...], state: dict[str, Any]) -> ProbeError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class ProbeError(Exception):
    """Base class of every error raised by ``splx_probe_client``.

    ``retries`` is how many times the request was sent again before this error (0: it was sent once, or never).
    ``test_run_id`` is set when the error ends a ``trigger_and_wait`` after its run was started: the run may
    still be going on, and this is its id.
    """

    retries: int = 0
    test_run_id: TestRunId | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own pickling calls cls(*args) and loses keyword-only fields: rebuild from the state instead.
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class APIConnectionError(ProbeError):
    """The request did not get a complete HTTP answer: DNS, connect, TLS, a dropped connection, a cut-off body.

    ``request`` is the request sent, its secrets masked.
    """

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        message = redact_text(message)  # a library's message may quote a URL with its credentials
        super().__init__(message)
        self.message = message
        self.request = None if request is None else redacted_request(request)


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, write, read or pool)."""


class APIStatusError(ProbeError):
    """The server answered with a non-2xx status.

    ``message``, ``code`` and ``validation_errors`` come from the documented ``ErrorResponse`` body when there
    is one; otherwise ``message`` is the raw body text (shortened) and ``code`` is ``None``.
    """

    status_code: int
    message: str
    code: str | None
    validation_errors: dict[str, list[str]]
    response: httpx.Response
    """The answer (read), carrying the request with its secrets masked."""
    body: Any
    """The decoded JSON body, or the raw text when the body is not JSON; secret values masked either way."""
    request_id: str | None
    """The platform's id of the request (``x-request-id`` or a common variant), for support; ``None`` if absent."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any = None,
        code: str | None = None,
        validation_errors: dict[str, list[str]] | None = None,
    ) -> None:
        self.status_code = response.status_code
        self.message = redact_text(message)  # the server may quote what it was sent
        self.code = None if code is None else redact_text(code)
        self.validation_errors = {
            name: [_redacted_validation_error(name, error) for error in errors]
            for name, errors in (validation_errors or {}).items()
        }
        self.response = _safe_response(response)
        self.body = redact(body)  # an echo of the request may hold its keys
        self.request_id = request_id_of(response.headers)
        super().__init__(self._one_line())

    @property
    def request(self) -> httpx.Request:
        """The request that got this answer."""
        return self.response.request

    @property
    def method(self) -> str:
        """HTTP method of the request, e.g. ``"POST"``."""
        return self.request.method

    @property
    def url(self) -> str:
        """URL of the request."""
        return str(self.request.url)

    @functools.cached_property
    def parsed_body(self) -> Any:
        """The body as the model the spec documents for this status of this operation, or ``None``.

        ``ErrorResponse`` for the platform's usual errors, an operation's own model where the spec gives one (a
        409's, say): check it with ``isinstance``. Read from the masked ``body``; ``None`` when the spec
        documents no JSON body for this status or the body does not fit it.
        """
        from ._error_bodies import documented_error_body

        return documented_error_body(self)

    def _one_line(self) -> str:
        parts = [f"{self.status_code}"]
        if self.code:
            parts.append(f"[{self.code}]")
        parts.append(self.message or "(no message)")
        line = " ".join(parts)
        if self.validation_errors:
            fields = "; ".join(f"{name}: {', '.join(errors)}" for name, errors in self.validation_errors.items())
            line = f"{line} ({fields})"
        return _with_context(line, self.response, self.request_id)  # every part was redacted by __init__


# A word that looks like a key rather than prose: long, or mixing letters with digits or punctuation.
_CREDENTIAL_LIKE = re.compile(r"[^\s'\"]{20,}|(?=[^\s'\"]*[A-Za-z])(?=[^\s'\"]*[0-9_\-+/=.])[^\s'\"]{8,}")


def _redacted_validation_error(field: str, error: str) -> str:
    # The server may quote the rejected value ("value sk-... is invalid"): for a secret field, hide key-like words.
    error = redact_text(error)
    return _CREDENTIAL_LIKE.sub(MASK, error) if is_secret_name(field.rsplit(".", 1)[-1]) else error


def _safe_response(response: httpx.Response) -> httpx.Response:
    try:
        request = response.request
    except RuntimeError:  # a Response built by hand has no request
        return response
    return redacted_response(response, redacted_request(request))


def _with_context(line: str, response: httpx.Response, request_id: str | None) -> str:
    with contextlib.suppress(RuntimeError):  # a response built by hand has no request
        line = f"{line} - {response.request.method} {display_url(response.request.url)}"
    if request_id:
        line = f"{line} (request id {request_id})"
    return line


class APIResponseValidationError(ProbeError):
    """A 2xx answer the SDK cannot read: not JSON, not the documented model, or a status the spec does not list.

    ``body`` is the raw text (shortened, secrets masked); ``error`` says what did not fit. Endpoints raise it from their
    parsing step, so an operation a regeneration adds gets it too.
    """

    def __init__(self, message: str, *, response: httpx.Response, error: str) -> None:
        self.status_code = response.status_code
        self.error = redact_text(error)
        self.body = redacted_body_text(response.text)[:_RAW_TEXT_LIMIT]
        self.response = _safe_response(response)
        self.request_id = request_id_of(response.headers)
        self.message = redact_text(message)
        line = redact_text(f"{self.status_code} {message}: {self.error}")
        super().__init__(_with_context(line, self.response, self.request_id))


class BadRequestError(APIStatusError):
    """400: the request was invalid; ``validation_errors`` says which field and why."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or wrong."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not do this."""


class NotFoundError(APIStatusError):
    """404: no such workspace, target or test run."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state."""


class UnprocessableEntityError(APIStatusError):
    """422: the request was well-formed but not acceptable."""


class RateLimitError(APIStatusError):
    """429: too many requests; retried automatically, raised once retries are used up."""


class InternalServerError(APIStatusError):
    """5xx: the server (or a proxy in front of it) failed."""


class TestRunTimeoutError(ProbeError):
    """A wait for a test run ran out of time; ``run`` is the last state seen (``None`` if it never appeared)."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, message: str, *, run: ScanRunExecutionDto | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.run = run


class TestRunNotFoundError(ProbeError):
    """The run waited for was not listed among its target's runs for longer than the wait allows.

    A wrong run id, a run of another target, or a target deleted meanwhile; ``run`` is the last state seen,
    if the run was listed once.
    """

    __test__ = False

    def __init__(
        self,
        message: str,
        *,
        workspace_id: WorkspaceId,
        target_id: TargetId,
        test_run_id: TestRunId,
        run: ScanRunExecutionDto | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.workspace_id = workspace_id
        self.target_id = target_id
        self.test_run_id = test_run_id
        self.run = run


class UnknownRunStatusError(ProbeError):
    """A run stayed in a status the SDK does not classify (not terminal, running or pending) for too long.

    ``status`` is that status and ``run`` the last state seen. Classify it in ``run_statuses`` of
    ``openapi/merge-config.yaml`` (or add it to ``polling.TERMINAL_STATUSES``).
    """

    def __init__(self, message: str, *, run: ScanRunExecutionDto, status: str | None) -> None:
        super().__init__(message)
        self.message = message
        self.run = run
        self.status = status


_CLASS_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _status_class(status_code: int) -> type[APIStatusError]:
    if status_code >= 500:
        return InternalServerError
    return _CLASS_BY_STATUS.get(status_code, APIStatusError)


def _validation_errors(raw: Any) -> dict[str, list[str]]:
    if not isinstance(raw, dict):
        return {}
    errors: dict[str, list[str]] = {}
    for name, value in raw.items():
        if isinstance(value, list):
            errors[str(name)] = [str(item) for item in value]
        elif value is not None:
            errors[str(name)] = [str(value)]
    return errors


def status_error_from_response(response: httpx.Response) -> APIStatusError:
    """The exception for a non-2xx ``response`` whose body has been read.

    Understands the documented ``{"error": {"message", "code", "validationErrors"}}`` body, and falls back
    to the raw text for anything else (an HTML page from a proxy, an empty body).
    """
    cls = _status_class(response.status_code)
    text = response.text
    try:
        body: Any = json.loads(text) if text else None
    except ValueError:
        body = None
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str | type(None)):
        code = error.get("code")
        return cls(
            error.get("message") or response.reason_phrase,
            response=response,
            body=body,
            code=code if isinstance(code, str) else None,
            validation_errors=_validation_errors(error.get("validationErrors")),
        )
    raw = " ".join(redacted_body_text(text).split())[:_RAW_TEXT_LIMIT]
    return cls(raw or response.reason_phrase or "no body", response=response, body=body if body is not None else text)
