# Hand-written: edit overrides/splx_probe_client/_secrets.py, not this copy (installed by `make generate`).
"""Which values are secret, and how to show data without them.

One rule for the whole package: models' reprs (``_model_base``), exception messages and log records all
go through ``is_secret_name`` and ``redact``; URLs through ``redact_url`` (credentials and token-like query
parameters), HTTP headers through ``redact_headers``. Values stay intact in ``to_dict()``: they must reach the API.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"

SECRET_NAMES = frozenset(
    {
        "apikey",
        "xapikey",
        "token",
        "accesstoken",
        "refreshtoken",
        "idtoken",
        "clientsecret",
        "agentsecret",
        "awssecretaccesskey",
        "awssessiontoken",
        "password",
        "secret",
        "authorization",
        "proxyauthorization",
        "cookie",
        "setcookie",
    }
)
"""Names (lower case, letters and digits only) whose value is a secret."""

SECRET_SUFFIXES = ("token", "secret", "password", "apikey", "privatekey", "secretkey")
"""A name ending in one of these is secret too (``slackBotToken``, ``db_password``)."""

MASKED_MAPS = frozenset({"headers", "additionalheaders", "defaultheaders"})
"""Maps whose every value is hidden: HTTP headers carry ``Authorization`` under any name."""

SECRET_QUERY_NAMES = frozenset({"key", "code", "sig", "signature", "auth", "credential", "credentials", "jwt"})
"""Query parameters whose value is a secret besides the secret names above (``?key=``, SAS ``?sig=``)."""

SECRET_HEADER_NAMES = frozenset({"xapikey", "authorization", "proxyauthorization", "cookie", "setcookie"})
"""HTTP headers that are always secret; any other header whose name the secret rule matches is too."""

_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def _normal(name: str) -> str:
    return _NOT_ALNUM.sub("", name.lower())


def is_secret_name(name: str) -> bool:
    """True when a field or key called ``name`` (JSON or Python spelling) holds a secret."""
    normal = _normal(name)
    return normal in SECRET_NAMES or normal.endswith(SECRET_SUFFIXES)


def is_masked_map(name: str) -> bool:
    """True when every value of the map called ``name`` is hidden (HTTP headers)."""
    return _normal(name) in MASKED_MAPS


def is_secret_query_name(name: str) -> bool:
    """True when a URL query parameter called ``name`` carries a credential (``token``, ``api_key``, ``sig``...)."""
    return is_secret_name(name) or _normal(name) in SECRET_QUERY_NAMES or _normal(name).endswith("key")


def redact_url(url: str) -> str:
    """``url`` with ``user:password@`` and token-like query values replaced by ``MASK``; other text unchanged."""
    if "://" not in url:
        return url
    try:
        parts = urlsplit(url)
        has_userinfo = "@" in parts.netloc
    except ValueError:
        return MASK  # not parseable as a URL, but it looked like one: show nothing rather than a secret
    netloc = f"{MASK}@{parts.netloc.rpartition('@')[2]}" if has_userinfo else parts.netloc
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(is_secret_query_name(key) for key, _ in pairs):
            query = urlencode([(key, MASK if is_secret_query_name(key) else item) for key, item in pairs], safe="*")
    if netloc == parts.netloc and query == parts.query:
        return url
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]+")


def redact_text(text: str) -> str:
    """``text`` with every URL in it passed through ``redact_url`` (messages that quote a URL)."""
    if "://" not in text:
        return text
    return _URL_IN_TEXT.sub(lambda match: redact_url(match.group(0)), text)


def is_secret_header(name: str) -> bool:
    """True when the value of HTTP header ``name`` is a credential."""
    return _normal(name) in SECRET_HEADER_NAMES or is_secret_name(name)


def redact_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """``headers`` (name, value pairs) with the value of every secret header replaced by ``MASK``."""
    return [(name, MASK if is_secret_header(name) else value) for name, value in headers]


def redact(value: Any, name: str = "") -> Any:
    """A copy of plain data (dicts, lists, scalars) with every secret value replaced by ``MASK``.

    ``name`` is the key ``value`` was found under; models are left to their own (redacting) repr.
    """
    if name and is_secret_name(name) and value is not None:
        return MASK
    if isinstance(value, Mapping):
        if name and is_masked_map(name):
            return dict.fromkeys(value, MASK)
        return {key: redact(item, str(key)) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact(item, name if is_masked_map(name) else "") for item in value]
    if isinstance(value, str):
        return redact_text(value)  # a URL field (a REST connection's ``url``) may carry credentials
    return value
