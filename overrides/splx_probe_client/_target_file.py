# Hand-written: edit overrides/splx_probe_client/_target_file.py, not this copy (installed by `make generate`).
"""Read ``splx-probe target create --from-file``: a ``TargetNewCreateRequest`` as JSON, checked before sending.

The values are checked against the spec's types and constraints (``_validation``, whose rules the pipeline
writes from the spec), and the connection through the typed dispatch of ``connections``; every problem is
a usage error naming the file and the field (``settings.rateLimit: must be of type integer``), never quoting
a value, which may be a secret.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ._cli_common import UsageError

if TYPE_CHECKING:
    from .models.target_new_create_request import TargetNewCreateRequest

SCHEMA = "TargetNewCreateRequest"


def _read(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None


def _canonical_type(data: dict[str, Any]) -> dict[str, list[str]]:
    """Spell the connection ``type`` as the spec does (``openai`` is ``OPENAI``); a problem if it is unknown."""
    from .connections import CONNECTION_CONFIG_TYPES, known_connection_type

    connection = data.get("connection")
    if not isinstance(connection, dict) or not isinstance(connection.get("type"), str):
        return {}  # a missing or non-string type is reported by the schema check
    try:
        connection["type"] = known_connection_type(connection["type"])
    except ValueError:
        given = connection["type"] if len(connection["type"]) <= 40 else connection["type"][:37] + "..."
        known = ", ".join(sorted(CONNECTION_CONFIG_TYPES))
        return {"connection.type": [f"unknown connection type {given!r}; known types: {known}"]}
    return {}


def load_target_request(path: str) -> TargetNewCreateRequest:
    """The file as a ``TargetNewCreateRequest``; every problem is a ``UsageError`` naming the file and field."""
    from ._validation import validate
    from .models.integration_request import IntegrationRequest
    from .models.target_new_create_request import TargetNewCreateRequest

    data = _read(path)
    if not isinstance(data, dict):
        raise UsageError(f"{path}: expected a JSON object (a {SCHEMA}), got {type(data).__name__}")
    type_problems = _canonical_type(data)
    problems = {**validate(SCHEMA, data), **type_problems}
    if problems:
        listed = "; ".join(f"{field}: {', '.join(messages)}" for field, messages in sorted(problems.items()))
        raise UsageError(f"{path}: {listed} (nothing was sent)")
    try:
        # The typed dispatch may know more than the schema: the config model of the connection's type.
        IntegrationRequest.from_dict(data["connection"])
        return TargetNewCreateRequest.from_dict(data)
    except KeyError as exc:
        raise UsageError(f"{path}: missing field {exc.args[0]!r}") from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise UsageError(f"{path}: connection.{exc}" if str(exc).startswith("config") else f"{path}: {exc}") from None
