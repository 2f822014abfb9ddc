# Hand-written: edit overrides/splx_probe_client/_secrets.py, not this copy (installed by `make generate`).
"""Which values are secret, and how to show data without them.

One rule for the whole package: models' reprs (``_model_base``), exception messages and log records all
go through ``is_secret_name`` and ``redact``; URLs through ``redact_url`` (credentials and token-like query
parameters), free text through ``redact_text``, HTTP headers through ``redact_headers`` (every value masked
but an allowlist). A name is secret by ``_secret_rule`` or because the spec classifies it so (``_secret_fields``,
generated from the connection configs and merge-config's ``secret_fields``). Values stay intact in ``to_dict()``:
they must reach the API.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ._secret_fields import SPEC_SECRET_NAMES
from ._secret_rule import is_secret_name as _rule_says_secret, normal

MASK = "***"

MASKED_MAPS = frozenset({"headers", "additionalheaders", "defaultheaders"})
"""Maps whose every value is hidden: HTTP headers carry ``Authorization`` under any name."""

SECRET_QUERY_NAMES = frozenset({"key", "code", "sig", "signature", "auth", "credential", "credentials", "jwt"})
"""Query parameters whose value is a secret besides the secret names above (``?key=``, SAS ``?sig=``)."""

SECRET_HEADER_NAMES = frozenset({"xapikey", "authorization", "proxyauthorization", "cookie", "setcookie"})
"""HTTP headers that are always secret (``is_secret_header``)."""

SHOWN_HEADER_NAMES = frozenset(
    {
        "accept",
        "acceptencoding",
        "acceptlanguage",
        "acceptranges",
        "age",
        "cachecontrol",
        "connection",
        "contentencoding",
        "contentlanguage",
        "contentlength",
        "contenttype",
        "date",
        "etag",
        "expires",
        "host",
        "keepalive",
        "lastmodified",
        "location",
        "pragma",
        "retryafter",
        "server",
        "transferencoding",
        "useragent",
        "vary",
        "via",
        "xcontenttypeoptions",
        "xidempotencykey",
        "idempotencykey",
        "xpoweredby",
        "xratelimitlimit",
        "xratelimitremaining",
        "xratelimitreset",
        "ratelimitlimit",
        "ratelimitremaining",
        "ratelimitreset",
        "xrequestid",
        "requestid",
        "xcorrelationid",
        "xamznrequestid",
        "xamzrequestid",
        "xmsrequestid",
        "xtraceid",
        "traceparent",
    }
)
"""Headers whose value is evidently harmless and kept on errors; every other header value is masked."""


def is_secret_name(name: str) -> bool:
    """True when a field or key called ``name`` (JSON or Python spelling) holds a secret (``_secret_rule``)."""
    return _rule_says_secret(name) or normal(name) in SPEC_SECRET_NAMES


def is_masked_map(name: str) -> bool:
    """True when every value of the map called ``name`` is hidden (HTTP headers)."""
    return normal(name) in MASKED_MAPS


def is_secret_query_name(name: str) -> bool:
    """True when a URL query parameter called ``name`` carries a credential (``token``, ``api_key``, ``sig``...)."""
    return is_secret_name(name) or normal(name) in SECRET_QUERY_NAMES or normal(name).endswith("key")


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


_SECRET_PAIR = re.compile(
    r"""(?P<q>["'])?(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)(?(q)(?P=q))(?P<sep>\s*[:=]\s*)"""
    r"""(?P<value>"(?:[^"\\]|\\.)*"|'[^']*'|(?:Bearer|Basic|Token)\s+[^\s&,;}\]"']+|[^\s&,;}\]"']+)"""
)


def _mask_pairs(text: str) -> str:
    # A pair whose name is not secret is skipped up to its value only: ``request: apiKey=...`` must reach ``apiKey``.
    parts: list[str] = []
    position = 0
    while match := _SECRET_PAIR.search(text, position):
        value_start = match.start("value")
        if not is_secret_name(match.group("name")):
            parts.append(text[position:value_start])
            position = value_start
            continue
        value = match.group("value")
        parts.append(text[position:value_start])
        parts.append(f"{value[0]}{MASK}{value[0]}" if value[0] in "\"'" else MASK)
        position = match.end()
    parts.append(text[position:])
    return "".join(parts)


def redact_text(text: str) -> str:
    """``text`` with every URL passed through ``redact_url`` and every ``name=value``, ``name: value`` or
    ``"name": "value"`` whose name is secret masked (error bodies, library messages)."""
    if "://" in text:
        text = _URL_IN_TEXT.sub(lambda match: redact_url(match.group(0)), text)
    if "=" in text or ":" in text:
        text = _mask_pairs(text)
    return text


def is_secret_header(name: str) -> bool:
    """True when the value of HTTP header ``name`` is a credential (always masked, even in a request id)."""
    return normal(name) in SECRET_HEADER_NAMES or is_secret_name(name)


def is_shown_header(name: str) -> bool:
    """True when the value of HTTP header ``name`` is evidently harmless (``SHOWN_HEADER_NAMES``)."""
    return normal(name) in SHOWN_HEADER_NAMES and not is_secret_header(name)


def redact_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """``headers`` (name, value pairs) with every value masked except those of ``SHOWN_HEADER_NAMES``.

    Any header may carry a credential (``X-Custom-Auth``, ``X-Session``): only a short allowlist is shown.
    ``Location`` is shown with its URL's credentials masked.
    """
    return [(name, redact_url(value) if is_shown_header(name) else MASK) for name, value in headers]


def redact(value: Any, name: str = "") -> Any:
    """A copy of plain data (dicts, lists, scalars) with every secret value replaced by ``MASK``.

    ``name`` is the key ``value`` was found under; models are left to their own (redacting) repr.
    """
    if name and is_secret_name(name) and value is not None:
        if isinstance(value, Mapping):  # everything under a secret name is secret; its keys show the shape
            return {key: redact(item, name) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [redact(item, name) for item in value]
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
