# Hand-written: edit overrides/splx_probe_client/_exceptions.py, not this copy (installed by `make generate`).
"""Every exception the SDK raises, in one hierarchy.

``ProbeError`` is the root. ``APIConnectionError`` means no usable answer arrived; ``APIStatusError`` (and a
subclass per status) means the server answered with a non-2xx status. Messages carry what the server said,
never a secret: they are built from the error body only, and request URLs carry no credentials.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
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
    "status_error_from_response",
    "display_url",
]

_RAW_TEXT_LIMIT = 500


def display_url(url: httpx.URL | str) -> str:
    """``url`` as messages and logs show it: without credentials (``user:password@``) or query string."""
    return str(httpx.URL(url).copy_with(userinfo=b"", query=None))


class ProbeError(Exception):
    """Base class of every error raised by ``splx_probe_client``."""


class APIConnectionError(ProbeError):
    """The request did not get an HTTP answer: DNS, connect, TLS, a dropped connection or a protocol error."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


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
    body: Any
    """The decoded JSON body, or the raw text when the body is not JSON."""

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
        self.message = message
        self.code = code
        self.validation_errors = dict(validation_errors or {})
        self.response = response
        self.body = body
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

    def _one_line(self) -> str:
        parts = [f"{self.status_code}"]
        if self.code:
            parts.append(f"[{self.code}]")
        parts.append(self.message or "(no message)")
        line = " ".join(parts)
        if self.validation_errors:
            fields = "; ".join(f"{name}: {', '.join(errors)}" for name, errors in self.validation_errors.items())
            line = f"{line} ({fields})"
        try:
            where = f"{self.method} {display_url(self.response.request.url)}"
        except RuntimeError:  # a Response built by hand has no request
            return line
        return f"{line} - {where}"


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
    raw = " ".join(text.split())[:_RAW_TEXT_LIMIT]
    return cls(raw or response.reason_phrase or "no body", response=response, body=body if body is not None else text)
