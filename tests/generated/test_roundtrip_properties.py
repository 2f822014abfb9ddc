"""Property-based: every schema of openapi/splx-probe.json round-trips through its model, losslessly.

Instances come from hypothesis-jsonschema, one strategy per schema of the merged spec (iterated, so a schema a
regeneration adds is tested with no edit). ``Model.from_dict(d).to_dict()`` must equal ``d`` up to two
documented normalisations: a date-time comes back as ``isoformat()`` of the instant it was read as (``Z`` ->
``+00:00``, fractions past microseconds truncated, a leap second as ``:59.999999``), a UUID in lower case.
Date-times are drawn in every form RFC 3339 allows, which ``parse_datetime`` must read; models a response may
carry also get enum values the spec does not list, which they must keep.

OpenAPI 3.0 is not JSON Schema: ``nullable`` becomes a ``null`` alternative, ``oneOf`` is drawn as ``anyOf``
(the generated parsers read the two alike; the config variants overlap, so an exact ``oneOf`` is rarely
satisfiable), ``discriminator`` and ``x-`` annotations are dropped.
"""

from __future__ import annotations

import datetime
import json
import re
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
import samples
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis_jsonschema import from_schema
from openapi_python_client.strings import ClassName, snake_case

from splx_probe_client import models
from splx_probe_client._parsing import parse_datetime
from splx_probe_client.types import Unset

from .conftest import ROOT

SPEC: dict[str, Any] = json.loads((ROOT / "openapi" / "splx-probe.json").read_text(encoding="utf-8"))
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
RFC3339 = "rfc3339-date-time"
SCHEMA_KEYWORDS = ("items", "additionalProperties", "not")
LIST_KEYWORDS = ("allOf", "anyOf", "oneOf")
DROPPED = {"discriminator", "nullable", "example", "examples", "default", "readOnly", "writeOnly", "deprecated"}

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure here is never a flake
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


def json_schema(node: Any, trail: tuple[str, ...] = (), *, closed: bool = False) -> Any:
    """``node`` (an OpenAPI 3.0 schema of the spec) as a self-contained JSON Schema, references inlined.

    ``closed``: objects with properties and no ``additionalProperties`` of their own admit no other key, as the
    request-only models read them (they refuse keys their schema does not define).
    """
    if not isinstance(node, Mapping):
        return node
    if "$ref" in node:
        name = str(node["$ref"]).rsplit("/", 1)[-1]
        if name in trail:
            raise ValueError(f"recursive schema {' -> '.join((*trail, name))}: hypothesis-jsonschema cannot draw it")
        return json_schema(SCHEMAS[name], (*trail, name), closed=closed)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in DROPPED or key.startswith("x-"):
            continue
        if key == "properties":
            out[key] = {name: json_schema(schema, trail, closed=closed) for name, schema in value.items()}
        elif key in SCHEMA_KEYWORDS and isinstance(value, Mapping):
            out[key] = json_schema(value, trail, closed=closed)
        elif key in LIST_KEYWORDS:
            out["anyOf" if key == "oneOf" else key] = [json_schema(item, trail, closed=closed) for item in value]
        elif key == "format" and value == "date-time":
            out[key] = RFC3339
        else:
            out[key] = value
    if "allOf" in out:
        out = _merged(out)
    if closed and "properties" in out and "additionalProperties" not in node:
        out["additionalProperties"] = False
    if node.get("nullable"):
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
        if out.get("type") in ("string", "integer", "number", "boolean"):
            out["type"] = [out["type"], "null"]
        elif "enum" not in out:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def _merged(schema: dict[str, Any]) -> dict[str, Any]:
    """``allOf`` of plain object schemas merged into one: what hypothesis-jsonschema would do, far faster."""
    parts = [{key: value for key, value in schema.items() if key != "allOf"}, *schema["allOf"]]
    mergeable = {"type", "properties", "required", "description", "title"}
    if any(set(part) - mergeable or part.get("type", "object") != "object" for part in parts):
        return schema
    properties: dict[str, Any] = {}
    for part in parts:
        for name, value in part.get("properties", {}).items():
            if properties.setdefault(name, value) != value:
                return schema
    required = sorted({name for part in parts for name in part.get("required", [])})
    return {"type": "object", "properties": properties, **({"required": required} if required else {})}


def strategy(schema: Any) -> st.SearchStrategy[Any]:
    """Instances of ``schema``: objects, arrays and alternatives composed here, every leaf by hypothesis-jsonschema.

    hypothesis-jsonschema alone re-canonicalises nested schemas on every draw (seconds per example for a
    connection's 15 configs); composing once keeps the whole module's examples within its time budget.
    Objects also get up to two keys of their own (arbitrary JSON): a model must keep those too.
    """
    keys = set(schema) - {"description", "title"}
    if keys == {"anyOf"}:
        return st.one_of([strategy(option) for option in schema["anyOf"]])
    if schema.get("type") == "array" and keys <= {"type", "items", "minItems", "maxItems"} and "items" in schema:
        low = schema.get("minItems", 0)
        return st.lists(strategy(schema["items"]), min_size=low, max_size=max(low, min(schema.get("maxItems", 3), 3)))
    if schema.get("type") == "object" and keys <= {"type", "properties", "required", "additionalProperties"}:
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        fields = st.fixed_dictionaries(
            {name: strategy(properties[name]) for name in properties if name in required},
            optional={name: strategy(value) for name, value in properties.items() if name not in required},
        )
        more = schema.get("additionalProperties", True)
        if more is False:
            return fields
        values = strategy(more) if isinstance(more, Mapping) else JSON
        names = st.text(min_size=1, max_size=8).filter(lambda name: name not in properties)
        extra = st.dictionaries(names, values, max_size=3 if not properties else 2)
        return st.builds(lambda own, given: {**own, **given}, extra, fields)
    return from_schema(schema, custom_formats=FORMATS)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=5), inner, max_size=2),
    max_leaves=4,
)
"""Any JSON value, for keys a schema does not describe."""


@st.composite
def rfc3339_date_times(draw: st.DrawFn) -> tuple[str, datetime.datetime]:
    """An RFC 3339 date-time in any of its spellings, and the ``datetime`` it must be read as."""
    offset = datetime.timedelta(minutes=draw(st.sampled_from([0, 0, 60, -480, 330, 345, -210, 14 * 60])))
    zone = datetime.timezone(offset)
    leap = draw(st.booleans()) and draw(st.booleans())
    if leap:  # the leap second after 23:59:59 UTC, written at this offset
        day = draw(st.dates(min_value=datetime.date(1972, 6, 30), max_value=datetime.date(2100, 12, 31)))
        utc = datetime.datetime.combine(day, datetime.time(23, 59, 59, 999999), datetime.UTC)
        local = utc.astimezone(zone)
        digits = draw(st.integers(0, 9))
        fraction = "." + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=digits, max_size=digits)))
        clock = f"{local:%H:%M}:60{fraction if digits else ''}"
        expected = local
    else:
        naive = draw(st.datetimes(min_value=datetime.datetime(1900, 1, 2), max_value=datetime.datetime(2199, 12, 30)))
        local = naive.replace(tzinfo=zone)
        digits = draw(st.integers(0, 9))
        extra = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=max(0, digits - 6), max_size=3)))
        micro = f"{local.microsecond:06d}"
        fraction = "." + micro[:digits] + (extra if digits > 6 else "") if digits else ""
        clock = f"{local:%H:%M:%S}{fraction}"
        kept = int((micro[:digits] if digits else "0").ljust(6, "0"))
        expected = local.replace(microsecond=kept)
    if offset:
        sign = "+" if offset > datetime.timedelta(0) else "-"
        minutes = abs(int(offset.total_seconds())) // 60
        suffix = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    else:
        suffix = draw(st.sampled_from(["Z", "z", "+00:00", "-00:00"]))
    separator = draw(st.sampled_from(["T", "t", " "]))
    return f"{local:%Y-%m-%d}{separator}{clock}{suffix}", expected


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _normal(value: Any) -> Any:
    """``value`` with every date-time and UUID string replaced by what it names: the normalisations allowed."""
    if isinstance(value, Mapping):
        return {key: _normal(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normal(item) for item in value]
    if isinstance(value, str):
        if _UUID.fullmatch(value):
            return uuid.UUID(value)  # read as a UUID, written back in lower case
        try:
            return parse_datetime(value)
        except ValueError:
            return value
    return value


def _model_of(name: str) -> Any:
    model = getattr(models, str(ClassName(name, "")), None)
    model = model if isinstance(model, type) and hasattr(model, "from_dict") else None  # not an enum's Literal
    parts = SCHEMAS[name].get("allOf", [])
    if model is None and len(parts) == 1 and "properties" not in SCHEMAS[name]:
        # `allOf: [X]` and nothing of its own: the generator reads it as X's model (e.g. ForbiddenError).
        return _model_of(str(parts[0].get("$ref", "")).rsplit("/", 1)[-1]) if "$ref" in parts[0] else None
    return model


def _kind(name: str) -> str:
    schema = SCHEMAS[name]
    if _model_of(name) is not None:
        return "model"
    if "enum" in schema:
        return "enum"
    if "oneOf" in schema or "anyOf" in schema:
        return "union"
    return "other"


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        if "$ref" in node:
            yield str(node["$ref"]).rsplit("/", 1)[-1]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _reachable(roots: set[str]) -> set[str]:
    found, todo = set(roots), list(roots)
    while todo:
        for name in set(_refs(SCHEMAS[todo.pop()])) - found:
            found.add(name)
            todo.append(name)
    return found


RESPONSE_SCHEMAS = _reachable(
    {
        name
        for item in SPEC["paths"].values()
        for operation in item.values()
        if isinstance(operation, Mapping)
        for name in _refs(operation.get("responses", {}))
    }
)
"""Schemas a response may carry: their models keep enum values newer than the SDK, so those are drawn too."""


def with_newer_enum_values(node: Any) -> Any:
    """``node`` with every string enum also admitting values the spec does not list (``NEWER_X``)."""
    if isinstance(node, list):
        return [with_newer_enum_values(item) for item in node]
    if not isinstance(node, Mapping):
        return node
    if "enum" in node and all(isinstance(value, str) for value in node["enum"] if value is not None):
        return {"anyOf": [dict(node), {"type": "string", "pattern": "^NEWER_[A-Z]{1,3}$"}]}
    return {key: value if key == "required" else with_newer_enum_values(value) for key, value in node.items()}


FORMATS = {
    RFC3339: rfc3339_date_times().map(lambda case: case[0]),
    "uuid": st.builds(lambda value, upper: str(value).upper() if upper else str(value), st.uuids(), st.booleans()),
}
"""Formats the generated models parse: drawn valid, in every spelling the standard allows."""

MODELS = sorted(name for name in SCHEMAS if _kind(name) == "model")
CONFIG_CARRIED = _reachable({name for name, schema in SCHEMAS.items() if "x-splx-connection-type" in schema})
"""Connection configs and what they contain: a response carries them too (``IntegrationDto`` parses them)."""
REQUEST_ONLY = {name for name in SCHEMAS if name not in RESPONSE_SCHEMAS | CONFIG_CARRIED}
"""Schemas only a request carries: their models refuse keys the schema does not define (a renamed field)."""
STRICT_MODELS = sorted(
    name
    for name in MODELS
    if name in REQUEST_ONLY and SCHEMAS[name].get("properties") and "additionalProperties" not in SCHEMAS[name]
)
ENUMS = sorted(name for name in SCHEMAS if _kind(name) == "enum")


def test_every_schema_of_the_spec_is_covered() -> None:
    unions = [name for name in SCHEMAS if _kind(name) == "union"]
    referenced = str(SCHEMAS)
    # A union schema has no class of its own: it is drawn and parsed inside every model that references it.
    assert all(f"#/components/schemas/{name}'" in referenced for name in unions), unions
    assert [name for name in SCHEMAS if _kind(name) == "other"] == []
    assert len(MODELS) + len(ENUMS) + len(unions) == len(SCHEMAS)


@pytest.mark.parametrize("name", MODELS)
def test_a_model_round_trips_losslessly(name: str) -> None:
    model = _model_of(name)
    schema = json_schema(SCHEMAS[name], closed=name in REQUEST_ONLY)

    @EXAMPLES
    @given(strategy(with_newer_enum_values(schema) if name in RESPONSE_SCHEMAS else schema))
    def round_trip(data: Any) -> None:
        parsed = model.from_dict(data)
        assert _normal(parsed.to_dict()) == _normal(data)

    round_trip()


def test_request_only_models_are_found() -> None:
    # The request bodies' own models at least; a spec with none would make the next test vacuous.
    requests = {
        name
        for item in SPEC["paths"].values()
        for operation in item.values()
        if isinstance(operation, Mapping)
        for name in _refs(operation.get("requestBody", {}))
    }
    assert requests - RESPONSE_SCHEMAS <= set(STRICT_MODELS) | set(ENUMS)
    assert requests & set(STRICT_MODELS)


@pytest.mark.parametrize("name", STRICT_MODELS)
def test_a_request_only_model_refuses_a_key_its_schema_does_not_define(name: str) -> None:
    model = _model_of(name)
    data = samples.minimal(name)
    model.from_dict(data)  # the sample itself is accepted
    stale = "renamedAway" if "renamedAway" not in SCHEMAS[name]["properties"] else "renamedAway2"
    with pytest.raises(ValueError, match="unknown key") as caught:
        model.from_dict({**data, stale: "S3CRET-VALUE"})
    message = str(caught.value)
    assert model.__name__ in message
    assert repr(stale) in message
    assert sorted(SCHEMAS[name]["properties"])[0] in message  # names what the schema defines
    assert "S3CRET-VALUE" not in message  # keys only, never values


@pytest.mark.parametrize("name", ENUMS)
def test_an_enum_module_knows_every_value_of_its_schema(name: str) -> None:
    module = __import__(f"splx_probe_client.models.{snake_case(str(ClassName(name, '')))}", fromlist=["*"])
    (values,) = [value for key, value in vars(module).items() if key.endswith("_VALUES")]
    assert set(values) == set(SCHEMAS[name]["enum"])


@EXAMPLES
@given(rfc3339_date_times())
def test_every_rfc3339_spelling_is_read_as_its_instant(case: tuple[str, datetime.datetime]) -> None:
    text, expected = case
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


def test_unset_is_never_written() -> None:
    # to_dict leaves absent optional fields out: a round trip cannot invent keys the server did not send.
    run = models.ScanRunExecutionDto.from_dict(
        {"id": 1, "name": None, "probes": None, "startedBy": None, "status": None}
    )
    assert isinstance(run.progress, Unset)
    assert "progress" not in run.to_dict()
