# Hand-written: edit overrides/splx_probe_client/_exceptions.py, not this copy (installed by `make generate`).
"""Every exception the SDK raises, in one hierarchy.

``ProbeError`` is the root. ``APIConnectionError`` means no usable answer arrived; ``APIStatusError`` (and a
subclass per status) means the server answered with a non-2xx status; ``APIResponseValidationError`` means a
2xx answer the SDK cannot read. Messages carry what the server said, never a secret: they are built from the
error body (secret values masked, ``_secrets.redact``/``redact_text``), and request URLs carry no credentials.
The ``request`` (and ``response``) an error carries is a copy with every header value but an allowlist, URL
credentials and body secrets masked, so logging or pickling an error (every error pickles with its fields, for
multiprocessing and task queues) leaks nothing. Besides masking by name, every text an error shows is masked for
the exact secret values of its request (``_secrets.KnownValues``: the key, header values that are not evidently
harmless, the secrets of the body), so neither a library's message nor an answer echoing them can show them.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

import httpx

from ._secret_rule import normal
from ._secrets import (
    MASK,
    KnownValues,
    is_secret_header,
    is_secret_name,
    is_secret_query_name,
    is_shown_header,
    path_segments,
    redact,
    redact_headers,
    redact_text,
    redact_url,
    secret_values,
)

if TYPE_CHECKING:
    from .ids import TargetId, TestRunId, WorkspaceId
    from .models.scan_run_execution_dto import ScanRunExecutionDto

__all__ = [
    "ProbeError",
    "InvalidHeaderError",
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

_KNOWN_BODY_LIMIT = 1 << 20
"""A request body larger than this is not searched for secret values to mask (it is still masked by name)."""

_UNREADABLE_JSON = (ValueError, RecursionError, MemoryError)
"""What ``json.loads`` raises for text it cannot turn into data: not JSON, nested too deep, too big."""

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


def known_values(request: httpx.Request | None) -> KnownValues:
    """The exact secret values ``request`` carries, to mask wherever an error about it might show them.

    The value of every header but the evidently harmless ones (``X-Api-Key``, ``Authorization``, a user's extra
    headers), of every secret query parameter, and every value a JSON body holds under a secret name or map.
    """
    if request is None:
        return KnownValues(())
    values = [value for name, value in request.headers.multi_items() if not is_shown_header(name)]
    query = request.url.query.decode("ascii", "replace")
    values.extend(item for key, item in parse_qsl(query, keep_blank_values=True) if is_secret_query_name(key))
    try:
        content = request.content
    except httpx.RequestNotRead:
        content = b""
    if content and len(content) <= _KNOWN_BODY_LIMIT:
        with contextlib.suppress(*_UNREADABLE_JSON):
            values.extend(secret_values(json.loads(content)))
    return KnownValues(values)


def _request_of(response: httpx.Response) -> httpx.Request | None:
    try:
        return response.request
    except RuntimeError:  # a Response built by hand has no request
        return None


def _redacted_body(content: bytes, known: KnownValues) -> bytes:
    try:
        decoded = json.loads(content)
    except _UNREADABLE_JSON:
        try:
            text = content.decode()
        except UnicodeDecodeError:
            return content  # binary: no name=value text to find a secret by
        return redact_text(text, known).encode()
    return json.dumps(redact(decoded, known=known), separators=(",", ":")).encode()


def redacted_body_text(text: str, known: KnownValues | None = None) -> str:
    """A response or request body's text with secrets masked: JSON by key (``redact``), other text by
    ``name=value`` / ``name: value`` pairs and URLs (``redact_text``); ``known`` values wherever they stand.

    JSON nested too deep to decode is treated as text; JSON is shown at most ``_secrets.MAX_DEPTH`` levels deep.
    """
    known = KnownValues(()) if known is None else known
    try:
        decoded = json.loads(text)
    except _UNREADABLE_JSON:
        return redact_text(text, known)
    if not isinstance(decoded, dict | list):
        return redact_text(text, known)
    return json.dumps(redact(decoded, known=known), separators=(",", ":"), ensure_ascii=False)


def redacted_request(request: httpx.Request, known: KnownValues | None = None) -> httpx.Request:
    """A copy of ``request`` safe to keep on an error: secret headers, URL credentials and body secrets masked."""
    known = known_values(request) if known is None else known
    try:
        content = _redacted_body(request.content, known) if request.content else b""
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


def redacted_response(
    response: httpx.Response, request: httpx.Request, known: KnownValues | None = None
) -> httpx.Response:
    """A read copy of ``response`` carrying ``request`` (already redacted), header values and body secrets masked.

    ``known``: exact values to mask in the body besides its secrets by name (those of the original request).
    """
    headers = redact_headers(response.headers.multi_items())
    return httpx.Response(
        response.status_code,
        headers=[(name, value) for name, value in headers if name.lower() not in _DROPPED_ON_COPY],
        content=_redacted_body(response.content, KnownValues(()) if known is None else known)
        if response.content
        else b"",
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


class InvalidHeaderError(ProbeError, ValueError):
    """An API key or header value that cannot be sent as given (a control character, a character HTTP cannot carry).

    Raised before anything is sent; the message names the parameter (``api_key``, ``SPLX_API_KEY``,
    ``extra_headers['X-Trace']``), never the value. A ``ValueError`` as well, like any other bad argument.
    """


class APIConnectionError(ProbeError):
    """The request did not get a complete HTTP answer: DNS, connect, TLS, a dropped connection, a cut-off body.

    ``request`` is the request sent, its secrets masked. ``cause``: the library's exception the message was built
    from; its message, and those it was raised from, are masked in place like this one's, so a traceback that
    prints the chain shows no secret either.
    """

    def __init__(
        self, message: str, *, request: httpx.Request | None = None, cause: BaseException | None = None
    ) -> None:
        known = known_values(request)
        message = redact_text(message, known)  # a library's message may quote a URL with its credentials, or a key
        super().__init__(message)
        self.message = message
        self.request = None if request is None else redacted_request(request, known)
        if cause is not None:
            _mask_chain(cause, known)


_CHAIN_LIMIT = 16


def _mask_chain(error: BaseException, known: KnownValues) -> None:
    """Mask the string arguments (what ``str()`` and tracebacks show) of ``error`` and the errors behind it."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen and len(seen) < _CHAIN_LIMIT:
        seen.add(id(current))
        masked = tuple(redact_text(arg, known) if isinstance(arg, str) else arg for arg in current.args)
        if masked != current.args:
            with contextlib.suppress(Exception):  # an exception type whose args cannot be set keeps them
                current.args = masked
        current = current.__cause__ or current.__context__


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
        known = known_values(_request_of(response))  # the server may quote what it was sent, key included
        self.message = redact_text(message, known)
        self.code = None if code is None else redact_text(code, known)
        self.validation_errors = {
            name: [_redacted_validation_error(name, error, known) for error in errors]
            for name, errors in (validation_errors or {}).items()
        }
        self.response = _safe_response(response, known)
        self.body = redact(body, known=known)  # an echo of the request may hold its keys
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


# A word that looks like a key rather than prose: long, or mixing letters with digits or punctuation. It starts
# only where a word starts, so a hostile megabyte without spaces is scanned once, not once per character.
_CREDENTIAL_LIKE = re.compile(
    r"(?<![^\s'\"])(?:[^\s'\"]{20,}|(?=[^\s'\"]*[A-Za-z])(?=[^\s'\"]*[0-9_\-+/=.])[^\s'\"]{8,})"
)
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\u2018[^\u2019]*\u2019|\u201c[^\u201d]*\u201d|`[^`]*`")


def _redacted_validation_error(field: str, error: str, known: KnownValues) -> str:
    # The server may quote the rejected value ("value sk-... is invalid"): for a field that is secret, or under a
    # header or parameter map (connection.config.headers.X-Tenant), hide quoted text and key-like words; a quote
    # of the field's own name ("'X-Tenant' must not be empty") stays.
    error = redact_text(error, known)
    if not is_secret_name(field):
        return error
    names = {normal(segment) for segment in path_segments(field)}

    def quoted(match: re.Match[str]) -> str:
        text = match.group(0)
        return text if normal(text[1:-1]) in names else f"{text[0]}{MASK}{text[-1]}"

    def word(match: re.Match[str]) -> str:
        return match.group(0) if normal(match.group(0)) in names else MASK

    return _CREDENTIAL_LIKE.sub(word, _QUOTED.sub(quoted, error))


def _safe_response(response: httpx.Response, known: KnownValues | None = None) -> httpx.Response:
    request = _request_of(response)
    if request is None:
        return response
    known = known_values(request) if known is None else known
    return redacted_response(response, redacted_request(request, known), known)


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
        known = known_values(_request_of(response))
        self.error = redact_text(error, known)
        self.body = redacted_body_text(response.text, known)[:_RAW_TEXT_LIMIT]
        self.response = _safe_response(response, known)
        self.request_id = request_id_of(response.headers)
        self.message = redact_text(message, known)
        line = redact_text(f"{self.status_code} {message}: {self.error}", known)
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


def _as_text(item: Any) -> str:
    # str() of a hostile nested list would recurse as deep as it is nested: shown depth-bounded (redact) instead.
    if isinstance(item, str):
        return item
    if isinstance(item, dict | list):
        return json.dumps(redact(item), ensure_ascii=False)[:_RAW_TEXT_LIMIT]
    return str(item)


def _validation_errors(raw: Any) -> dict[str, list[str]]:
    if not isinstance(raw, dict):
        return {}
    errors: dict[str, list[str]] = {}
    for name, value in raw.items():
        if isinstance(value, list):
            errors[str(name)] = [_as_text(item) for item in value]
        elif value is not None:
            errors[str(name)] = [_as_text(value)]
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
    except _UNREADABLE_JSON:  # not JSON, or nested too deep to decode: the raw text (masked) tells what it was
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
    raw = " ".join(redacted_body_text(text, known_values(_request_of(response))).split())[:_RAW_TEXT_LIMIT]
    return cls(raw or response.reason_phrase or "no body", response=response, body=body if body is not None else text)
