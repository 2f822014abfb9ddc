# Hand-written: edit overrides/splx_probe_client/testing/_rules.py, not this copy (installed by `make generate`).
"""What a request must be before the platform acts on it: the route, the key, the ids, the body, its length.

Routes come from the generated operations table and bodies are checked by ``_validation`` against the spec's
rules, so a new operation or connection type needs no edit here. Every refusal is an ``APIError`` that becomes
an ``ErrorResponse`` body.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote

from .._operations import OPERATIONS
from .._schema_rules import REQUEST_BODIES
from .._servers import DEFAULT_CREDENTIAL, OPERATION_CREDENTIALS
from .._validation import ROOT, validate

MAX_BODY = 1 << 20
"""Largest request body accepted (1 MiB; the spec's longest fields add up to well under 100 kB)."""

INVALID = "One or more validation errors occurred."
_INT32 = (-(2**31), 2**31 - 1)
_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    408: "REQUEST_TIMEOUT",
    409: "CONFLICT",
    411: "LENGTH_REQUIRED",
    413: "PAYLOAD_TOO_LARGE",
    414: "URI_TOO_LONG",
    422: "UNPROCESSABLE_ENTITY",
    429: "TOO_MANY_REQUESTS",
    431: "REQUEST_HEADER_FIELDS_TOO_LARGE",
    500: "INTERNAL_SERVER_ERROR",
    501: "NOT_IMPLEMENTED",
    502: "BAD_GATEWAY",
    503: "SERVICE_UNAVAILABLE",
    504: "GATEWAY_TIMEOUT",
    505: "HTTP_VERSION_NOT_SUPPORTED",
}


class APIError(Exception):
    """A refusal: its status and the ``ErrorResponse`` it is answered with."""

    def __init__(
        self,
        status: int,
        message: str,
        validation_errors: dict[str, list[str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.validation_errors = validation_errors
        self.headers = dict(headers or {})


def error_body(status: int, message: str, validation_errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """An ``ErrorResponse`` (``BadRequestErrorDetailsDto`` when there are validation errors)."""
    error: dict[str, Any] = {"message": message, "code": _CODES.get(status, f"HTTP_{status}")}
    if validation_errors is not None:
        error["validationErrors"] = validation_errors
    return {"error": error}


# --- routes -----------------------------------------------------------------------------------------------

KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY"})
"""Methods HTTP defines (RFC 9110, PATCH, QUERY). Any other method is answered 501 on every path."""
SERVED_METHODS = frozenset(op.method for op in OPERATIONS)
"""Methods some operation uses; another one on a path the API does not have is 501, not 404."""


def _pattern(template: str) -> re.Pattern[str]:
    """``/a/{id}/b`` -> a regex with one named group per path parameter (the rest matched literally)."""
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile("".join(f"(?P<{part}>[^/]+)" if i % 2 else re.escape(part) for i, part in enumerate(parts)))


_ROUTES = [(op.method, _pattern(op.path), op.operation_id) for op in OPERATIONS]


def route(method: str, path: str) -> tuple[str | None, dict[str, str], list[str]]:
    """(operation id or ``None``, path parameters, the methods the path has).

    A concrete path wins over a templated one that also matches (OpenAPI's rule): with ``/test-run/trigger``
    and ``/test-run/{testRunId}`` both in the spec, ``/test-run/trigger`` is only the first.
    """
    matches = [(m, pattern.fullmatch(path), operation) for m, pattern, operation in _ROUTES]
    found = [(m, match, operation) for m, match, operation in matches if match is not None]
    fewest = min((len(match.groupdict()) for _, match, _ in found), default=0)
    allowed: list[str] = []
    for route_method, match, operation in found:
        if len(match.groupdict()) != fewest:
            continue
        if route_method == method:
            return operation, {name: unquote(text) for name, text in match.groupdict().items()}, [method]
        allowed.append(route_method)
    return None, {}, sorted(set(allowed))


def check_route(method: str, operation: str | None, allowed: list[str]) -> str:
    """The operation; else 405 with ``Allow`` for a known path, 501 for a method no operation uses, or 404."""
    if operation is not None:
        return operation
    if allowed:
        raise APIError(405, f"Method {method} is not allowed on this path.", headers={"Allow": ", ".join(allowed)})
    if method not in SERVED_METHODS:
        raise APIError(501, f"Method {method} is not implemented; the API uses {', '.join(sorted(SERVED_METHODS))}.")
    raise APIError(404, "No such API path.")


def check_method(method: str) -> None:
    if method not in KNOWN_METHODS:
        raise APIError(501, f"Method {method[:20]} is not implemented: HTTP does not define it.")


# --- credentials and ids ----------------------------------------------------------------------------------


def check_key(headers: Mapping[str, str], api_key: str, operation: str | None = None, query: str = "") -> None:
    """401 unless the request carries ``api_key`` as the spec says for ``operation``.

    The operation's own credential (``OPERATION_CREDENTIALS``: another scheme, or none) or the spec's default
    scheme: a header (``X-Api-Key``, or ``Authorization: Bearer``) or a query parameter, as the clients send it.
    """
    if operation in OPERATION_CREDENTIALS and OPERATION_CREDENTIALS[operation] is None:
        return  # the spec says this operation needs no key
    credential = OPERATION_CREDENTIALS.get(operation or "", DEFAULT_CREDENTIAL)
    if credential is not None and credential.location == "query":
        sent = [value for name, value in parse_qsl(query, keep_blank_values=True) if name == credential.name]
        if not sent or not sent[0]:
            raise APIError(401, f"Missing API key: send it in the {credential.name} query parameter.")
        if sent[0] != api_key:
            raise APIError(401, "Invalid API key.")
        return
    header, prefix = "X-Api-Key", ""
    if credential is not None and credential.location == "header":
        header, prefix = credential.name, credential.prefix
    key = headers.get(header.lower())
    if not key:
        raise APIError(401, f"Missing API key: send it in the {header} header.")
    if key != prefix + api_key:
        raise APIError(401, "Invalid API key.")


def path_ids(params: Mapping[str, str]) -> dict[str, int]:
    """Path parameters as int32 (every id of the API is one); 400 naming each that is not."""
    ids: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for name, text in params.items():
        if re.fullmatch(r"-?[0-9]{1,10}", text) and _INT32[0] <= int(text) <= _INT32[1]:
            ids[name] = int(text)
        else:
            errors[name] = ["is not a valid int32"]
    if errors:
        raise APIError(400, INVALID, errors)
    return ids


# --- bodies -----------------------------------------------------------------------------------------------


def content_length(values: list[str]) -> int:
    """The ``Content-Length`` of a request (0 when absent); 400 or 413 before anything is read."""
    if not values:
        return 0
    texts = {value.strip() for value in values}
    if len(texts) != 1 or not all(re.fullmatch(r"[0-9]+", text) for text in texts):
        raise APIError(400, "Content-Length must be one non-negative integer.", {"Content-Length": ["is invalid"]})
    text = texts.pop()
    length = int(text) if len(text) <= 12 else MAX_BODY + 1  # never convert a thousand digits
    if length > MAX_BODY:
        raise APIError(413, f"The request body is larger than {MAX_BODY} bytes.")
    return length


def decode(body: bytes) -> Any:
    """The JSON of a body, ``None`` when empty; ``ValueError`` when it is not JSON."""
    if not body:
        return None
    try:
        return json.loads(body, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def json_body(operation: str, body: bytes) -> dict[str, Any]:
    """The request body of ``operation``, checked against its schema in the spec."""
    if len(body) > MAX_BODY:
        raise APIError(413, f"The request body is larger than {MAX_BODY} bytes.")
    try:
        decoded = decode(body)
    except ValueError:
        raise APIError(400, "The request body is not valid JSON.", {ROOT: ["is not valid JSON"]}) from None
    schema = REQUEST_BODIES.get(operation)
    if schema is None:
        return {}  # the operation takes no body: whatever was sent is ignored, as HTTP servers do
    if decoded is None:
        raise APIError(400, "The request body is required.", {ROOT: ["is required"]})
    errors = validate(schema, decoded)
    if errors:
        raise APIError(400, INVALID, errors)
    if not isinstance(decoded, dict):
        raise APIError(400, "The request body must be a JSON object.", {ROOT: ["must be a JSON object"]})
    return decoded
