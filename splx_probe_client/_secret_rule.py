# Hand-written: edit overrides/splx_probe_client/_secret_rule.py, not this copy (installed by `make generate`).
"""The name rule: which field, key, query parameter or header names hold a secret.

Standard library only: the pipeline loads this file by path to classify the spec's connection-config fields
with the same rule the SDK applies at run time (``_secrets``), so the two can never disagree.
"""

from __future__ import annotations

import re

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
        "passwd",
        "pwd",
        "secret",
        "authorization",
        "proxyauthorization",
        "cookie",
        "setcookie",
        "auth",
        "jwt",
        "bearer",
    }
)
"""Whole names (lower case, letters and digits only) whose value is a secret."""

SECRET_SUFFIXES = ("token", "secret", "password", "passphrase", "apikey", "privatekey", "secretkey")
"""A name ending in one of these (spelt in any case) is secret too (``slackBotToken``, ``db_password``)."""

SECRET_WORDS = frozenset(
    {
        "secret",
        "secrets",
        "password",
        "passwords",
        "passphrase",
        "credential",
        "credentials",
        "private",
        "signature",
        "cookie",
        "cookies",
    }
)
"""Words that make a name secret wherever they stand in it (``credentialsJson``, ``privateKeyPem``)."""

SECRET_LAST_WORDS = frozenset(
    {"key", "token", "auth", "authorization", "session", "sig", "pat", "jwt", "cert", "pem", "pwd"}
)
"""Words that make a name secret when they end it (``serviceAccountKey``, ``X-Session``); ``tokenLimit``,
``awsAccessKeyId`` and ``sessionTimeout`` stay visible."""

_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def normal(name: str) -> str:
    """``name`` in lower case with everything but letters and digits removed (``X-Api-Key`` -> ``xapikey``)."""
    return _NOT_ALNUM.sub("", name.lower())


def words(name: str) -> list[str]:
    """The lower-case words of ``name`` in camelCase, PascalCase, snake_case or kebab-case."""
    return [word.lower() for word in _WORD.findall(name)]


def is_secret_name(name: str) -> bool:
    """True when a field or key called ``name`` (JSON or Python spelling) holds a secret."""
    flat = normal(name)
    if flat in SECRET_NAMES or flat.endswith(SECRET_SUFFIXES):
        return True
    parts = words(name)
    return bool(parts) and (parts[-1] in SECRET_LAST_WORDS or not SECRET_WORDS.isdisjoint(parts))
