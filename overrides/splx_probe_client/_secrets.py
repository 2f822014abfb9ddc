# Hand-written: edit overrides/splx_probe_client/_secrets.py, not this copy (installed by `make generate`).
"""Which values are secret, and how to show data without them.

One rule for the whole package: models' reprs (``_model_base``), exception messages and log records all
go through ``is_secret_name`` and ``redact``. Values stay intact in ``to_dict()``: they must reach the API.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

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
    return value
