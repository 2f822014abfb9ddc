"""Test-run status vocabulary: ``run_statuses`` of merge-config.yaml, copied into the spec for the poller.

The platform's run status is a free string (its description lists examples), so which values end a wait is a
human decision kept as data. The merge writes it as ``x-splx-run-statuses`` on the status property; tables.py
turns that into the generated ``_statuses.py`` the poller reads. A value the description mentions but nobody
classified is a warning naming it (the poller would give up on such a run after a bounded time).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

RUN_STATUSES_EXTENSION = "x-splx-run-statuses"
STATUS_CLASSES = ("finished", "failed", "cancelled", "running", "pending")
"""Classes of a status: the first three are terminal."""
TERMINAL_CLASSES = STATUS_CLASSES[:3]

# Values a description names, as the vendor writes them: 'RUNNING', "COMPLETED", `FAILED`.
_QUOTED_VALUE = re.compile(r"""['"`]([A-Za-z][A-Za-z0-9_-]*)['"`]""")


class RunStatusConfigError(Exception):
    """``run_statuses`` in merge-config.yaml is malformed."""


def classify_run_statuses(spec: dict[str, Any], config: Mapping[str, Any] | None, warnings: list[str]) -> None:
    """Mark the configured status property with the classes of ``config``; warn about unclassified values.

    ``config``: ``{"schema": "Schema.property", "finished": [...], "failed": [...], ...}`` (see STATUS_CLASSES).
    """
    if not config:
        return
    unknown = sorted(set(config) - {"schema", *STATUS_CLASSES})
    if unknown:
        raise RunStatusConfigError(
            f"merge-config run_statuses: unknown key(s) {unknown}; expected schema and {', '.join(STATUS_CLASSES)}"
        )
    location = str(config.get("schema") or "")
    schema_name, _, property_name = location.partition(".")
    schema = spec.get("components", {}).get("schemas", {}).get(schema_name)
    prop = (schema or {}).get("properties", {}).get(property_name)
    if prop is None:
        raise RunStatusConfigError(f"merge-config run_statuses: schema {location!r} has no such schema.property")
    classes: dict[str, list[str]] = {}
    owner: dict[str, str] = {}
    for name in STATUS_CLASSES:
        values = config.get(name) or []
        if not isinstance(values, list) or not all(isinstance(value, str) and value for value in values):
            raise RunStatusConfigError(f"merge-config run_statuses.{name}: expected a list of status strings")
        for value in values:
            key = value.upper()
            if key in owner and owner[key] != name:
                raise RunStatusConfigError(
                    f"merge-config run_statuses: {value!r} is both {owner[key]} and {name}; pick one"
                )
            owner[key] = name
        classes[name] = sorted(set(values))
    prop[RUN_STATUSES_EXTENSION] = classes
    mentioned = set(_QUOTED_VALUE.findall(prop.get("description") or "")) | {str(v) for v in prop.get("enum") or []}
    for value in sorted(mentioned):
        if value.upper() not in owner:
            warnings.append(
                f"{location}: status {value!r} is mentioned by the spec but not classified in merge-config"
                f" run_statuses ({', '.join(STATUS_CLASSES)}): the poller would not know whether it ends a run"
            )
