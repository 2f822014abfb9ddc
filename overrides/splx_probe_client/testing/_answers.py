# Hand-written: edit overrides/splx_probe_client/testing/_answers.py, not this copy (installed by `make generate`).
"""What the spec says of an operation's answer and parameters, applied: ``OPERATION_RULES`` of ``_schema_rules``.

- The status of a success and its content types come from the spec, so a vendor moving ``createTarget`` from
  200 to 201, or adding a ``text/csv`` representation, needs no edit here.
- Several representations: ``Accept`` picks one (JSON when it allows any), 406 naming them when it allows none.
  A non-JSON one is served as a small deterministic sample (CSV rows of a JSON list, a one-page PDF, bytes).
- Query and header parameters are typed and checked by their rules (400 naming the parameter); those whose
  meaning the pipeline recognised (``filter``, ``page``/``page_size``, ``limit``/``offset``) are applied to the
  JSON list the operation answers; any other one that a request sends is 501 naming it, never ignored.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from .._schema_rules import OPERATION_RULES, SCHEMAS, OperationRules, Parameter, Rule
from .._validation import check_value
from ._rules import INVALID, APIError

_INTEGER = re.compile(r"-?[0-9]{1,18}")


def rules_of(operation: str) -> OperationRules:
    return OPERATION_RULES.get(operation, OperationRules(200, {"application/json": None}))


# --- parameters -------------------------------------------------------------------------------------------


def check_path_ids(operation: str) -> None:
    """501 naming a path parameter the fake cannot serve: its records are keyed by int ids (see rules.py)."""
    for parameter in rules_of(operation).parameters:
        if parameter.location == "path" and parameter.meaning is None:
            raise APIError(
                501,
                f"FakeProbe does not implement the path parameter {parameter.name!r} of {operation}: its records "
                "are keyed by int ids, and the spec gives this one another type.",
            )


def parameters(operation: str, query: str, headers: Mapping[str, str]) -> dict[str, tuple[Parameter, Any]]:
    """The parameters a request sent, typed and checked: name -> (parameter, value); 400/501 as the API would."""
    pairs = parse_qsl(query, keep_blank_values=True)
    found: dict[str, tuple[Parameter, Any]] = {}
    errors: dict[str, list[str]] = {}
    for parameter in rules_of(operation).parameters:
        if parameter.location in {"path", "cookie"}:
            continue  # path: routed and typed by the route; cookie: never sent by a client of this API
        texts = _sent(parameter, pairs, headers)
        if not texts:
            if parameter.required:
                errors[parameter.name] = ["is required"]
            continue
        if parameter.meaning is None:
            raise APIError(
                501,
                f"FakeProbe does not implement the {parameter.location} parameter {parameter.name!r} of "
                f"{operation}; leave it out, or teach openapi/pipeline/rules.py what it means.",
            )
        value, problems = _typed(parameter, texts)
        problems += [] if problems else check_value(parameter.rule, value, parameter.name)
        if problems:
            errors[parameter.name] = problems
        else:
            found[parameter.name] = (parameter, value)
    if errors:
        raise APIError(400, INVALID, errors)
    return found


def _sent(parameter: Parameter, pairs: list[tuple[str, str]], headers: Mapping[str, str]) -> list[str]:
    if parameter.location == "header":
        value = headers.get(parameter.name.lower())
        return [] if value is None else [value]
    name = parameter.name
    # deepObject sends name[key]=value: any key under the name is the parameter being sent.
    return [value for key, value in pairs if key == name or key.startswith(f"{name}[")]


def _typed(parameter: Parameter, texts: list[str]) -> tuple[Any, list[str]]:
    """The value as JSON would carry it, from the texts sent; (value, problems)."""
    rule = _resolved(parameter.rule)
    if rule.type == "array":
        explode = parameter.explode if parameter.explode is not None else parameter.style in {None, "form"}
        parts = texts if explode else [part for text in texts for part in text.split(",")]
        item_rule = _resolved(rule.items) if rule.items is not None else Rule()
        values, problems = [], []
        for part in parts:
            value, problem = _scalar(item_rule, part)
            values.append(value)
            problems += [problem] if problem else []
        return values, problems
    if len(texts) > 1:
        return None, ["must be sent once"]
    value, problem = _scalar(rule, texts[0])
    return value, [problem] if problem else []


def _scalar(rule: Rule, text: str) -> tuple[Any, str | None]:
    if rule.type == "integer":
        return (int(text), None) if _INTEGER.fullmatch(text) else (None, "must be an integer")
    if rule.type == "number":
        try:
            number = float(text)
        except ValueError:
            return None, "must be a number"
        return (number, None) if math.isfinite(number) else (None, "must be a finite number")
    if rule.type == "boolean":
        return (text == "true", None) if text in {"true", "false"} else (None, "must be true or false")
    return text, None


def _resolved(rule: Rule) -> Rule:
    while rule.ref is not None:
        rule = SCHEMAS[rule.ref]
    return rule


def apply(sent: Mapping[str, tuple[Parameter, Any]], payload: Any) -> Any:
    """The JSON list answer filtered and paged by the parameters sent (anything else is returned as it is)."""
    if not isinstance(payload, list):
        return payload
    items = payload
    for parameter, value in sent.values():
        if parameter.meaning == "filter":
            wanted = value if isinstance(value, list) else [value]
            items = [item for item in items if isinstance(item, dict) and item.get(parameter.name) in wanted]
    by_meaning = {parameter.meaning: (parameter, value) for parameter, value in sent.values()}
    if "offset" in by_meaning:
        items = items[max(0, by_meaning["offset"][1]) :]
    if "limit" in by_meaning:
        items = items[: max(0, by_meaning["limit"][1])]
    size = by_meaning.get("page_size", (None, None))[1]
    if "page" in by_meaning:
        parameter, page = by_meaning["page"]
        first = int(parameter.rule.minimum) if parameter.rule.minimum in {0, 1} else 1  # 0- or 1-based, as declared
        index = page - first
        if size is None:  # a page with no size: everything is on the first page
            items = items if index == 0 else []
        else:
            items = items[index * size : (index + 1) * size] if index >= 0 and size > 0 else []
    elif size is not None:
        items = items[: max(0, size)]
    return items


# --- representations --------------------------------------------------------------------------------------


def _is_json(media_type: str) -> bool:
    essence = _essence(media_type)
    return essence == "application/json" or essence.endswith("+json")


def _essence(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip().lower()


def _accepted(accept: str | None) -> list[tuple[str, float]]:
    if not accept or not accept.strip():
        return [("*/*", 1.0)]
    ranges = []
    for part in accept.split(","):
        essence, *params = part.split(";")
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if essence.strip():
            ranges.append((essence.strip().lower(), quality if math.isfinite(quality) else 0.0))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range matching ``media_type`` (0 when none does)."""
    kind = _essence(media_type)
    best: tuple[int, float] = (-1, 0.0)
    for accepted, quality in ranges:
        if accepted == kind:
            specificity = 2
        elif accepted.endswith("/*") and kind.startswith(accepted[:-1]):
            specificity = 1
        elif accepted == "*/*":
            specificity = 0
        else:
            continue
        best = max(best, (specificity, quality))
    return best[1]


def choose(operation: str, accept: str | None) -> str | None:
    """The media type answered (``None``: no body); 406 when ``Accept`` allows none the spec documents."""
    content = list(rules_of(operation).content)
    if not content:
        return None
    ordered = sorted(content, key=lambda media: not _is_json(media))  # JSON first, then the spec's order
    ranges = _accepted(accept)
    scored = [(_quality(media, ranges), -index, media) for index, media in enumerate(ordered)]
    quality, _, media = max(scored)
    if quality <= 0:
        raise APIError(406, f"{operation} answers {', '.join(content)}; the request's Accept allows none of them.")
    return media


def render(operation: str, media_type: str, payload: Any) -> bytes:
    """The body in ``media_type``: JSON of the payload, or a small deterministic sample of that type."""
    if _is_json(media_type):
        return json.dumps(payload, separators=(",", ":")).encode()
    essence = _essence(media_type)
    if essence == "text/csv":
        return _csv(operation, payload)
    if essence.startswith("text/"):
        return f"FakeProbe sample answer of {operation}\n".encode()
    if essence == "application/pdf":
        return _pdf(f"FakeProbe sample answer of {operation}")
    return f"FakeProbe sample answer of {operation} ({essence})\n".encode()


def _csv(operation: str, payload: Any) -> bytes:
    rows = payload if isinstance(payload, list) else [payload] if isinstance(payload, dict) else None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if not rows or not all(isinstance(row, dict) for row in rows):
        writer.writerow(["sample"])
        writer.writerow([f"FakeProbe sample answer of {operation}"])
        return out.getvalue().encode()
    columns = list(dict.fromkeys(key for row in rows for key in row))
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue().encode()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"))


def _pdf(text: str) -> bytes:
    """A valid one-page PDF showing ``text`` (ASCII), byte for byte the same each time."""
    safe = text.encode("ascii", "replace").decode().replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 12 Tf 72 720 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def serves_files_only(operation: str) -> bool:
    """An operation whose success has a body and no JSON representation: a download the fake can sample."""
    content = rules_of(operation).content
    return bool(content) and not any(_is_json(media) for media in content)
