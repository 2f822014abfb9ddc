# Hand-written: edit overrides/splx_probe_client/_secrets.py, not this copy (installed by `make generate`).
"""Which values are secret, and how to show data without them.

One rule for the whole package: models' reprs (``_model_base``), exception messages and log records all
go through ``is_secret_name`` and ``redact``; URLs through ``redact_url`` (credentials and token-like query
parameters), free text through ``redact_text``, HTTP headers through ``redact_headers`` (every value masked
but an allowlist). A name is secret by ``_secret_rule`` or because the spec classifies it so (``_secret_fields``,
generated from the connection configs and merge-config's ``secret_fields``). Values stay intact in ``to_dict()``:
they must reach the API.

A key may also be a path (``connection.config.headers.X-Tenant``, as validation errors name fields): it is secret
when any of its segments is a secret name or a masked map. ``KnownValues`` masks exact values wherever they
appear (a client's own key and header values, the secrets of the request an error is about), whatever name
they travel under. ``redact`` is iterative and shows nothing deeper than ``MAX_DEPTH`` levels (``TOO_DEEP``
instead), so a hostile answer nested thousands deep cannot exhaust the stack here or in a ``repr`` of the copy.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

from ._secret_fields import SPEC_SECRET_NAMES
from ._secret_rule import is_secret_name as _rule_says_secret
from ._secret_rule import normal, words

MASK = "***"

TOO_DEEP = "<nested too deep>"
"""What ``redact`` shows instead of a dict or list nested deeper than ``MAX_DEPTH``."""
MAX_DEPTH = 100
"""Levels of nesting ``redact`` copies; deeper parts become ``TOO_DEEP`` (no answer the API documents comes close)."""

MASKED_MAPS = frozenset({"headers", "additionalheaders", "defaultheaders", "extrallmparams", "additionalparameters"})
"""Maps whose every value is hidden: HTTP headers carry ``Authorization`` under any name, and the free-form
parameter maps of a connection (``extraLlmParams``, OAuth ``additionalParameters``) may carry a key as well."""

MASKED_MAP_LAST_WORDS = frozenset({"headers", "params", "parameters"})
"""A map whose name ends in one of these words is masked too (``customHeaders``, ``queryParams``)."""

MIN_KNOWN_LENGTH = 4
"""Shorter exact values are not masked by ``KnownValues``: masking every ``"1"`` would garble messages, and a
value that short is no credential."""
MAX_KNOWN_VALUES = 64
"""At most this many exact values are masked per ``KnownValues`` (headers come first)."""

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


_PATH_SEPARATOR = re.compile(r"[.\[\]/'\"$]+")


def path_segments(name: str) -> list[str]:
    """The segments of a field path (``a.b[c]``, ``$.a['b']``, ``/a/b``); ``[name]`` when it is no path."""
    if _PATH_SEPARATOR.search(name) is None:
        return [name]
    return [segment for segment in _PATH_SEPARATOR.split(name) if segment]


def _is_secret_word(name: str) -> bool:
    return _rule_says_secret(name) or normal(name) in SPEC_SECRET_NAMES


def is_secret_name(name: str) -> bool:
    """True when a field or key called ``name`` (JSON or Python spelling) holds a secret (``_secret_rule``).

    A path (``connection.config.headers.X-Tenant``) is secret when any segment is a secret name or a masked
    map: everything under a header or parameter map is hidden, whatever the entry is called.
    """
    if _is_secret_word(name):
        return True
    segments = path_segments(name)
    return len(segments) > 1 and any(_is_secret_word(segment) or is_masked_map(segment) for segment in segments)


def is_masked_map(name: str) -> bool:
    """True when every value of the map called ``name`` is hidden (HTTP headers, free-form parameter maps)."""
    if normal(name) in MASKED_MAPS:
        return True
    parts = words(name)
    return bool(parts) and parts[-1] in MASKED_MAP_LAST_WORDS


def is_secret_query_name(name: str) -> bool:
    """True when a URL query parameter called ``name`` carries a credential (``token``, ``api_key``, ``sig``...)."""
    return is_secret_name(name) or normal(name) in SECRET_QUERY_NAMES or normal(name).endswith("key")


class KnownValues:
    """Exact values to mask wherever they appear in text, in the spellings a library may quote them in.

    Built from a client's key and header values, or from the secrets of the request an error is about: a
    message that quotes one (``Illegal header value b'sk-...'``, an answer echoing the key) never shows it,
    whatever the text around it looks like. Empty (and free) when there is nothing to mask.
    """

    __slots__ = ("_pattern",)

    def __init__(self, values: Iterable[str]) -> None:
        forms: set[str] = set()
        for count, value in enumerate(values):
            if count >= MAX_KNOWN_VALUES:
                break
            forms.update(_spellings(value))
        usable = sorted((form for form in forms if len(form) >= MIN_KNOWN_LENGTH), key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, usable))) if usable else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def mask(self, text: str) -> str:
        """``text`` with every known value replaced by ``MASK``."""
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(MASK, text)


NO_KNOWN_VALUES = KnownValues(())


def _spellings(value: str) -> set[str]:
    """``value`` as text, ``repr``, bytes ``repr``, JSON and URL encoding would show it, and its credential part."""
    spellings = {value, value.strip()}
    scheme, _, credential = value.strip().partition(" ")
    if credential and scheme.lower() in ("bearer", "basic", "token", "digest", "apikey"):
        spellings.add(credential.strip())
        if scheme.lower() == "basic":
            try:
                user_password = base64.b64decode(credential.strip(), validate=True).decode("latin-1")
            except (binascii.Error, ValueError):
                pass
            else:
                spellings.update((user_password, user_password.partition(":")[2]))
    for text in list(spellings):
        spellings.add(repr(text)[1:-1])
        spellings.add(json.dumps(text)[1:-1])
        spellings.add(repr(text.encode("utf-8", "backslashreplace"))[2:-1])
        spellings.add(repr(text.encode("latin-1", "backslashreplace"))[2:-1])
        spellings.add(quote(text, safe=""))
        spellings.add(quote_plus(text, safe=""))
    return spellings


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


# Each starts only where a word starts (the lookbehind) and never backtracks into what it matched (possessive
# quantifiers): a hostile megabyte of letters or backslashes is scanned in linear time, not quadratic.
_URL_IN_TEXT = re.compile(r"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*+://[^\s'\"<>]++")

_SECRET_NAME = re.compile(
    # A name, bare or quoted; quotes may be escaped (\"name\") to any JSON-in-a-string nesting depth (\\\"name\\\").
    r"""(?<![A-Za-z0-9_.\\-])(?P<q>\\{0,15}+["'])?(?P<name>[A-Za-z_][A-Za-z0-9_.-]*+)(?(q)(?P=q))\s*+[:=]\s*+"""
)
_SECRET_VALUE = re.compile(
    # A value in escaped quotes ends at the same escaped quote not itself escaped; unterminated, at the end.
    r"""(?P<eq>\\{1,15}+)"(?:(?!(?<!\\)(?P=eq)").)*+(?:(?P=eq)")?"""
    r"""|"(?:[^"\\]|\\.)*+"?|'[^']*+'?|(?:Bearer|Basic|Token)\s++[^\s&,;}\]"']++|[^\s&,;}\]"']++""",
    re.DOTALL,
)


def _mask_pairs(text: str) -> str:
    # The value is looked at only after a secret name: scanning each value of ``a=a=a=...`` would be quadratic.
    # A pair whose name is not secret is skipped up to its value only: ``request: apiKey=...`` must reach ``apiKey``.
    parts: list[str] = []
    verdicts: dict[str, bool] = {}  # names repeat (``a=1&a=2...``): each is judged once per text
    position = 0
    while name := _SECRET_NAME.search(text, position):
        value_start = name.end()
        parts.append(text[position:value_start])
        position = value_start
        found = name.group("name")
        secret = verdicts.get(found)
        if secret is None:
            secret = verdicts[found] = is_secret_name(found)
        if not secret:
            continue
        value = _SECRET_VALUE.match(text, value_start)
        if value is None:
            continue
        escape = value.group("eq")
        if escape:
            parts.append(f'{escape}"{MASK}{escape}"')
        else:
            parts.append(f"{value.group()[0]}{MASK}{value.group()[0]}" if value.group()[0] in "\"'" else MASK)
        position = value.end()
    parts.append(text[position:])
    return "".join(parts)


def redact_text(text: str, known: KnownValues = NO_KNOWN_VALUES) -> str:
    """``text`` with every URL passed through ``redact_url`` and every ``name=value``, ``name: value`` or
    ``"name": "value"`` whose name is secret masked (error bodies, library messages), also inside escaped JSON
    (``\\"password\\": \\"...\\"``); ``known`` values are masked wherever they stand."""
    text = known.mask(text)
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


def redact(value: Any, name: str = "", known: KnownValues = NO_KNOWN_VALUES) -> Any:
    """A copy of plain data (dicts, lists, scalars) with every secret value replaced by ``MASK``.

    ``name`` is the key ``value`` was found under; models are left to their own (redacting) repr. ``known``
    values are masked in every string. Dicts and lists nested deeper than ``MAX_DEPTH`` are shown as
    ``TOO_DEEP``; the walk uses no recursion, so no depth of input can exhaust the stack.
    """
    result: list[Any] = [None]
    # Each entry: (value, the name it was found under, the container of its copy, its slot there, its depth).
    pending: list[tuple[Any, str, Any, Any, int]] = [(value, name, result, 0, 0)]
    while pending:
        item, item_name, into, slot, depth = pending.pop()
        into[slot] = _redact_step(item, item_name, depth, pending, known)
    return result[0]


def _redact_step(
    item: Any, name: str, depth: int, pending: list[tuple[Any, str, Any, Any, int]], known: KnownValues
) -> Any:
    """The copy of ``item`` (containers empty, their items queued on ``pending``)."""
    secret = bool(name) and item is not None and is_secret_name(name)
    if isinstance(item, Mapping):
        if depth >= MAX_DEPTH:
            return TOO_DEEP
        if not secret and name and is_masked_map(name):
            return dict.fromkeys(item, MASK)
        copy: dict[Any, Any] = dict.fromkeys(item)  # the keys in order; the values are filled in below
        # Everything under a secret name is secret (its keys show the shape); elsewhere each key names its value.
        pending.extend((child, name if secret else str(key), copy, key, depth + 1) for key, child in item.items())
        return copy
    if isinstance(item, list | tuple):
        if depth >= MAX_DEPTH:
            return TOO_DEEP
        items: list[Any] = [None] * len(item)
        child_name = name if secret or is_masked_map(name) else ""
        pending.extend((child, child_name, items, index, depth + 1) for index, child in enumerate(item))
        return items
    if secret:
        return MASK
    if isinstance(item, str):
        return redact_text(item, known)  # a URL field (a REST connection's ``url``) may carry credentials
    return item


def secret_values(value: Any, name: str = "") -> list[str]:
    """Every string ``redact`` would mask by its name in ``value`` (a request body), for ``KnownValues``.

    So an answer quoting one of them in free text (``"value 'acme-7' is invalid"``) does not show it either.
    Iterative and bounded like ``redact``.
    """
    found: list[str] = []
    pending: list[tuple[Any, str, bool, int]] = [(value, name, False, 0)]
    while pending and len(found) < MAX_KNOWN_VALUES:
        item, item_name, secret, depth = pending.pop()
        secret = secret or (bool(item_name) and is_secret_name(item_name))
        if isinstance(item, Mapping):
            if depth < MAX_DEPTH:
                under_map = secret or (bool(item_name) and is_masked_map(item_name))
                pending.extend((child, str(key), under_map, depth + 1) for key, child in item.items())
        elif isinstance(item, list | tuple):
            if depth < MAX_DEPTH:
                pending.extend((child, item_name, secret, depth + 1) for child in item)
        elif secret and isinstance(item, str):
            found.append(item)
    return found
