# Hand-written: edit overrides/splx_probe_client/_resource_base.py, not this copy (installed by `make generate`).
"""What the generated resources (``client.targets``, ``client.test_runs``) stand on.

Each generated method builds its request with its endpoint module's ``_get_kwargs``, sends it with ``send``
(async) or ``send_sync`` below (per-call options applied), and parses the answer with the module's
``_parse_response``: the generated endpoint code is reused, not copied. Per-call ``max_retries`` and ``deadline``
travel to the transport in ``request.extensions`` (keys in ``_retry``); the transport reports the retries it made
in ``response.extensions``.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Coroutine, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

import httpx

from ._exceptions import APIResponseValidationError, InvalidHeaderError, request_id_of
from ._retry import DEADLINE_EXTENSION, MAX_RETRIES_EXTENSION, RETRIES_EXTENSION
from .client import AuthenticatedClient, Client
from .types import Unset

if TYPE_CHECKING:
    from ._client import ProbeClient
    from ._portal import Portal

__all__ = [
    "AsyncResource",
    "RawResponse",
    "SyncClientBase",
    "SyncResource",
    "TimeoutTypes",
    "check_api_key",
    "check_arg",
    "check_header_value",
    "check_headers",
    "check_options",
    "send",
    "send_sync",
    "unexpected_answer",
]

T = TypeVar("T")

logger = logging.getLogger("splx_probe_client")

TimeoutTypes: TypeAlias = httpx.Timeout | float | None
"""A timeout: an ``httpx.Timeout``, seconds for each of connect/read/write/pool, or ``None`` for none."""


def check_arg(name: str, value: object, expected: type) -> None:
    """Raise a ``TypeError`` naming the parameter unless ``value`` is an ``expected`` (``True`` is no int here)."""
    if isinstance(value, expected) and not (isinstance(value, bool) and expected is not bool):
        return
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return
    raise TypeError(f"{name} must be {expected.__name__}, got {type(value).__name__}")


def check_timeout(timeout: object, name: str = "timeout") -> None:
    """Raise a ``TypeError``/``ValueError`` naming ``name`` unless ``timeout`` is a valid timeout."""
    if timeout is None or isinstance(timeout, httpx.Timeout):
        return
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise TypeError(f"{name} must be seconds (a number), an httpx.Timeout or None, got {type(timeout).__name__}")
    if not (math.isfinite(timeout) and timeout > 0):
        raise ValueError(f"{name} must be a positive number of seconds, got {timeout!r}")


def check_max_retries(max_retries: object) -> int:
    """``max_retries`` if it is an int >= 0; else a ``TypeError``/``ValueError`` naming it."""
    if isinstance(max_retries, bool) or not isinstance(max_retries, int):
        raise TypeError(f"max_retries must be an int, got {type(max_retries).__name__}")
    if max_retries < 0:
        raise ValueError(f"max_retries must be >= 0, got {max_retries}")
    return max_retries


def check_deadline(deadline: object) -> float:
    """``deadline`` as a float if it is a positive finite number of seconds; else an error naming it."""
    if isinstance(deadline, bool) or not isinstance(deadline, int | float):
        raise TypeError(f"deadline must be a number of seconds, got {type(deadline).__name__}")
    if not (math.isfinite(deadline) and deadline > 0):
        raise ValueError(f"deadline must be a positive number of seconds, got {deadline!r}")
    return float(deadline)


_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""An HTTP field name (RFC 9110 token)."""
_NOT_IN_KEY = re.compile(r"[^\x20-\x7e]")
"""Anything but printable ASCII: an API key is never anything else."""
_NOT_IN_VALUE = re.compile(r"[^\t\x20-\x7e\xa0-\xff]")
"""Anything but tab, printable ASCII and printable latin-1: what a header value may carry (RFC 9110)."""

_CHARACTER_NAMES = {
    0x00: "NUL",
    0x09: "tab",
    0x0A: "newline",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x0D: "carriage return",
    0x1B: "ESC",
    0x20: "space",
    0x7F: "DEL",
    0x85: "next line",
    0xA0: "no-break space",
    0xFEFF: "byte-order mark",
}


def _character(character: str) -> str:
    """How a message names a character that is not shown: never the character itself (it may be part of a key)."""
    code = ord(character)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"a control character (U+{code:04X} {_CHARACTER_NAMES.get(code, 'control')})"
    if code in _CHARACTER_NAMES:
        return f"a {_CHARACTER_NAMES[code]} (U+{code:04X})"
    if code > 0xFF:
        return "a character HTTP headers cannot carry (beyond latin-1)"
    return "a non-ASCII character"


def _surrounding(value: str, stripped: str) -> str:
    start = value.index(stripped) if stripped else len(value)
    sides = [("leading", value[:start]), ("trailing", value[start + len(stripped) :])]
    return ", ".join(
        f"{side} {' '.join(dict.fromkeys(_CHARACTER_NAMES.get(ord(c), f'U+{ord(c):04X}') for c in text))}"
        for side, text in sides
        if text
    )


def check_header_value(value: str, what: str, *, ascii_only: bool = False) -> str:
    """``value`` without surrounding whitespace (logged at WARNING, without the value), checked for sending.

    A control character (CR, LF, NUL, DEL...) inside, a character beyond latin-1 (or beyond ASCII when
    ``ascii_only``) is an ``InvalidHeaderError`` naming ``what`` (the parameter), never the value: such a value
    would be refused by the HTTP library with an error quoting it, or split the header.
    """
    if value.isascii() and value.isprintable() and value[:1] != " " and value[-1:] != " ":
        return value  # the usual case, at the cost of two scans: printable ASCII, nothing around it
    stripped = value.strip()
    if stripped != value:
        # Often a key read from a file or a Kubernetes secret, with its trailing newline.
        logger.warning("%s has whitespace around it (%s): it was stripped", what, _surrounding(value, stripped))
    bad = (_NOT_IN_KEY if ascii_only else _NOT_IN_VALUE).search(stripped)
    if bad is not None:
        raise InvalidHeaderError(
            f"{what} contains {_character(bad.group())} at character {bad.start() + 1} of {len(stripped)}:"
            " it cannot be sent in an HTTP header; check how the value was read or pasted (it is not shown here)"
        )
    return stripped


def check_api_key(api_key: object, what: str) -> str:
    """``api_key`` stripped of surrounding whitespace; an error naming ``what`` (``api_key``, ``SPLX_API_KEY``)
    for one that is no str, is empty or holds anything but printable ASCII. The key itself is never shown."""
    if not isinstance(api_key, str):
        raise TypeError(f"{what} must be a str, got {type(api_key).__name__}")
    checked = check_header_value(api_key, what, ascii_only=True)
    if not checked:
        raise InvalidHeaderError(f"{what} is empty: it holds only whitespace")
    return checked


def check_headers(headers: object, name: str = "extra_headers") -> dict[str, str]:
    """``headers`` as a dict of str, each value checked by ``check_header_value`` (stripped), each name a token.

    A wrong type is a ``TypeError``, a value or name that cannot be sent an ``InvalidHeaderError``; either names
    the entry (``extra_headers['X-Trace']``), never its value: it may be secret.
    """
    if not isinstance(headers, Mapping):
        raise TypeError(f"{name} must be a mapping of header names to values, got {type(headers).__name__}")
    checked: dict[str, str] = {}
    for key, value in headers.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(f"{name}[{key!r}] must be a str name with a str value, got {type(value).__name__}")
        if _HEADER_NAME.fullmatch(key) is None:
            raise InvalidHeaderError(
                f"{name} has a header name that is no HTTP token: {ascii(key)[:60]}"
                " (a name is letters, digits and !#$%&'*+-.^_`|~)"
            )
        checked[key] = check_header_value(value, f"{name}[{key!r}]")
    return checked


def wire_headers(headers: Mapping[str, str]) -> httpx.Headers:
    """``headers`` (checked) as httpx must get them: it encodes str values as ASCII, so they go as latin-1 bytes."""
    return httpx.Headers([(name.encode("ascii"), value.encode("latin-1")) for name, value in headers.items()])


def check_options(
    timeout: TimeoutTypes | Unset,
    extra_headers: Mapping[str, str] | None,
    max_retries: int | None,
    deadline: float | None,
) -> dict[str, Any]:
    """The ``httpx`` request arguments for the per-call options, checked before anything is sent."""
    options: dict[str, Any] = {}
    if not isinstance(timeout, Unset):
        check_timeout(timeout)
        options["timeout"] = timeout
    if extra_headers is not None:
        options["headers"] = wire_headers(check_headers(extra_headers))
    extensions: dict[str, Any] = {}
    if max_retries is not None:
        extensions[MAX_RETRIES_EXTENSION] = check_max_retries(max_retries)
    if deadline is not None:
        extensions[DEADLINE_EXTENSION] = check_deadline(deadline)
    if extensions:
        options["extensions"] = extensions
    return options


def _with_options(kwargs: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    if options:
        extra = options.get("headers")
        if extra is not None:
            merged = httpx.Headers(kwargs.get("headers"))
            merged.update(extra)  # the per-call value of a header wins
            kwargs["headers"] = merged
        if "timeout" in options:
            kwargs["timeout"] = options["timeout"]
        if "extensions" in options:
            kwargs["extensions"] = options["extensions"]
    return kwargs


async def send(client: AuthenticatedClient | Client, kwargs: dict[str, Any], options: dict[str, Any]) -> httpx.Response:
    """Send one generated request (``_get_kwargs``'s output) through ``client`` with the checked per-call options."""
    return await client.get_async_httpx_client().request(**_with_options(kwargs, options))


def send_sync(client: AuthenticatedClient | Client, kwargs: dict[str, Any], options: dict[str, Any]) -> httpx.Response:
    """``send`` for a sync client: through its ``httpx.Client``, no event loop involved."""
    return client.get_httpx_client().request(**_with_options(kwargs, options))


def unexpected_answer(response: httpx.Response, expected: str) -> APIResponseValidationError:
    """The error for a 2xx answer that is not what the spec documents for the operation."""
    return APIResponseValidationError(
        "answer is not what the API documents",
        response=response,
        error=f"expected {expected} ({response.headers.get('content-type') or 'no content type'})",
    )


class RawResponse(Generic[T]):
    """An answer with its parsed model: what ``client.<resource>.with_raw_response.<method>(...)`` returns."""

    __slots__ = ("http_response", "parsed")

    def __init__(self, http_response: httpx.Response, parsed: T) -> None:
        self.http_response = http_response
        """The ``httpx.Response``, body read."""
        self.parsed = parsed
        """The body as the method's model (what the method without ``with_raw_response`` returns)."""

    @property
    def status_code(self) -> int:
        """The HTTP status, e.g. ``200``."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def retries(self) -> int:
        """How many times the request was retried before this answer (0: the first attempt succeeded)."""
        retries = self.http_response.extensions.get(RETRIES_EXTENSION, 0)
        return retries if isinstance(retries, int) else 0

    @property
    def request_id(self) -> str | None:
        """The platform's id of this request, from its response headers (quote it to support), if sent."""
        return request_id_of(self.http_response.headers)

    @property
    def elapsed(self) -> float:
        """Seconds from sending the request to reading the whole answer (of the attempt that answered)."""
        return self.http_response.elapsed.total_seconds()

    def __repr__(self) -> str:
        return f"RawResponse(status_code={self.status_code}, retries={self.retries}, parsed={self.parsed!r})"


class AsyncResource:
    """Base of the generated async resources: holds the client the methods send through."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


class SyncClientBase(AuthenticatedClient):
    """Base of ``SyncProbeClient``'s generated resource holder: what its resources need besides sending."""

    def _on_loop(self) -> tuple[Portal, ProbeClient]:
        """The private event loop, and the async client on it, that the async-only helpers (polling) run on."""
        raise NotImplementedError("SyncProbeClient provides the loop")


class SyncResource:
    """Base of the generated sync resources: holds the client the methods send through, natively."""

    def __init__(self, client: SyncClientBase) -> None:
        self._client = client

    def _in_loop(self, call: Callable[[ProbeClient], Coroutine[Any, Any, T]]) -> T:
        """Run ``call(async client)`` on the client's private loop: for what exists only async (polling)."""
        portal, twin = self._client._on_loop()
        return portal.run(call(twin))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"
