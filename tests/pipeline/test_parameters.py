"""Query, header and path parameters of every kind: typed, checked before sending, serialised as the spec says.

A package is built (once per module) from the committed spec with the parameters a vendor adds to the runs
list: a ``status`` array filter (``explode: false``), ``page``/``pageSize`` ints, a ``deepObject`` filter, a
date-time query value, uuid and date-time headers, an array header, a plain string header and a per-operation
``X-Api-Key`` header; and ``deleteTargetByName``, a copy of ``deleteTarget`` addressed by a string ``targetName``
(an id's type must be the same in every operation, so ``targetId`` itself stays an int). The built package runs
in a subprocess (this process holds the committed one), through both clients and the generated functions, on a
MockTransport that records every request.
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline.assemble import build
from pipeline.merge import MergeError
from pipeline.parameters import check_parameters, generator_spec

from .conftest import ROOT

RUNS = "/api/workspaces/{workspaceId}/target/{targetId}/test-runs"
TRIGGER = "/api/workspaces/{workspaceId}/test-run/trigger"
DELETE = "/api/workspaces/{workspaceId}/target/{targetId}"
BY_NAME = "/api/workspaces/{workspaceId}/target-by-name/{targetName}"
ADDED = [
    {
        "name": "status",
        "in": "query",
        "style": "form",
        "explode": False,
        "schema": {"type": "array", "items": {"type": "string", "enum": ["RUNNING", "FAILED", "FINISHED"]}},
    },
    {"name": "page", "in": "query", "schema": {"type": "integer", "format": "int32"}},
    {"name": "pageSize", "in": "query", "schema": {"type": "integer", "format": "int32"}},
    {"name": "since", "in": "query", "schema": {"type": "string", "format": "date-time"}},
    {
        "name": "filter",
        "in": "query",
        "style": "deepObject",
        "explode": True,
        "schema": {"type": "object", "properties": {"status": {"type": "string"}, "name": {"type": "string"}}},
    },
    {"name": "X-Request-Id", "in": "header", "schema": {"type": "string", "format": "uuid"}},
    {"name": "X-Since", "in": "header", "schema": {"type": "string", "format": "date-time"}},
    {"name": "X-Ids", "in": "header", "schema": {"type": "array", "items": {"type": "integer"}}},
    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
    {"name": "X-Api-Key", "in": "header", "required": True, "schema": {"type": "string"}},
    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
]


def _committed() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads((ROOT / "openapi" / "splx-probe.json").read_text(encoding="utf-8"))
    return spec


def _with_parameters(spec: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(spec)
    changed["paths"][RUNS]["get"]["parameters"] += copy.deepcopy(ADDED)
    by_name = copy.deepcopy(changed["paths"][DELETE]["delete"])
    by_name["operationId"] = "deleteTargetByName"
    by_name["x-splx-method"] = "delete_by_name"
    for parameter in by_name["parameters"]:
        if parameter["name"] == "targetId":
            parameter["name"], parameter["schema"] = "targetName", {"type": "string"}
    changed["paths"][BY_NAME] = {"delete": by_name}
    return changed


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scratch = tmp_path_factory.mktemp("params")
    spec = scratch / "spec.json"
    spec.write_text(json.dumps(_with_parameters(_committed())), encoding="utf-8")
    (scratch / "gen").mkdir()
    return build(spec, ROOT, scratch / "gen")


PROBE = r"""
import asyncio, datetime, inspect, json, uuid, warnings
import httpx
from splx_probe_client import ProbeClient, SyncProbeClient
from splx_probe_client.api.target import delete_target, delete_target_by_name, list_target_test_runs
from splx_probe_client.models.list_target_test_runs_filter import ListTargetTestRunsFilter

warnings.simplefilter("error")
seen = []

def answer(request):
    seen.append({"url": str(request.url), "headers": [[k, v] for k, v in request.headers.multi_items()]})
    return httpx.Response(200, json=[] if request.method == "GET" else {})

UTC = datetime.timezone.utc
FULL = dict(
    workspace_id=1, target_id=2, status=["RUNNING", "FAILED"], page=3, page_size=50,
    since=datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    filter_=ListTargetTestRunsFilter(status="RUNNING", name="a b&c"), x_request_id=uuid.UUID(int=7),
    x_since=datetime.datetime(2026, 1, 2, tzinfo=UTC), x_ids=[1, 2], x_trace="t-1",
)
BAD = {
    "page": "three", "page_size": True, "status": "RUNNING", "x_request_id": "not-a-uuid",
    "since": datetime.datetime(2026, 1, 2), "x_trace": "a\r\nX-Injected: secret-value", "x_ids": [1, "2"],
}
out = {"calls": {}, "errors": {}}

def record(label, call):
    before = len(seen)
    try:
        call()
    except Exception as error:
        out["errors"][label] = [type(error).__name__, str(error), len(seen) - before]
    out["calls"][label] = seen[before:]

with SyncProbeClient("sk-client", base_url="https://probe.test", transport=httpx.MockTransport(answer)) as client:
    out["signature"] = list(inspect.signature(client.targets.list_test_runs).parameters)
    record("sync resource", lambda: client.targets.list_test_runs(**FULL))
    record("sync minimal", lambda: client.targets.list_test_runs(workspace_id=1, target_id=2))
    record("sync function", lambda: list_target_test_runs.sync_detailed(**FULL, client=client))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # httpx deprecates per-request cookies
        record("sync cookie", lambda: client.targets.list_test_runs(workspace_id=1, target_id=2, session="s1"))
    record("sync bad cookie", lambda: client.targets.list_test_runs(workspace_id=1, target_id=2, session="a;b=c"))
    for name, value in BAD.items():
        record(f"sync {name}", lambda: client.targets.list_test_runs(workspace_id=1, target_id=2, **{name: value}))
        record(
            f"function {name}",
            lambda: list_target_test_runs.sync(workspace_id=1, target_id=2, client=client, **{name: value}),
        )
    delete = delete_target_by_name.sync_detailed
    record("delete traversal", lambda: delete(workspace_id=1, target_name="../../x?y#z", client=client))
    record("delete dots", lambda: delete(workspace_id=1, target_name="..", client=client))
    record("delete int as str", lambda: delete(workspace_id="1/../../x", target_name="t", client=client))
    record("delete id as str", lambda: delete_target.sync_detailed(workspace_id=1, target_id="2/../x", client=client))

async def main():
    async with ProbeClient("sk-client", base_url="https://probe.test", transport=httpx.MockTransport(answer)) as client:
        await client.targets.list_test_runs(**FULL)
        await list_target_test_runs.asyncio_detailed(**FULL, client=client)
        for name, value in BAD.items():
            before = len(seen)
            try:
                await client.targets.list_test_runs(workspace_id=1, target_id=2, **{name: value})
            except Exception as error:
                out["errors"][f"async {name}"] = [type(error).__name__, str(error), len(seen) - before]

before = len(seen)
asyncio.run(main())
out["calls"]["async"] = seen[before:]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def probed(package: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=package.parent,
        env={**os.environ, "PYTHONPATH": str(package.parent)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


FULL_URL = (
    "https://probe.test/api/workspaces/1/target/2/test-runs?status=RUNNING,FAILED&page=3&pageSize=50"
    "&since=2026-01-02T03%3A04%3A05%2B00%3A00&filter[status]=RUNNING&filter[name]=a%20b%26c"
)


def _headers(request: dict[str, Any]) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for name, value in request["headers"]:
        headers.setdefault(name.lower(), []).append(value)
    return headers


def test_each_parameter_is_sent_as_the_spec_says_by_both_clients_and_the_functions(probed: dict[str, Any]) -> None:
    calls = probed["calls"]
    requests = [*calls["sync resource"], *calls["sync function"], *calls["async"]]
    assert len(requests) == 4
    for request in requests:
        assert request["url"] == FULL_URL
        headers = _headers(request)
        assert headers["x-request-id"] == ["00000000-0000-0000-0000-000000000007"]
        assert headers["x-since"] == ["2026-01-02T00:00:00+00:00"]
        assert headers["x-ids"] == ["1,2"]
        assert headers["x-trace"] == ["t-1"]
        assert headers["x-api-key"] == ["sk-client"]  # the client's key, once


def test_unset_parameters_are_not_sent(probed: dict[str, Any]) -> None:
    (request,) = probed["calls"]["sync minimal"]  # the probe turns warnings into errors: no empty cookies= either
    assert request["url"] == "https://probe.test/api/workspaces/1/target/2/test-runs"
    assert not {"x-request-id", "x-since", "x-ids", "x-trace", "cookie"} & set(_headers(request))


def test_a_cookie_parameter_is_sent_as_a_cookie_and_checked(probed: dict[str, Any]) -> None:
    (request,) = probed["calls"]["sync cookie"]
    assert _headers(request)["cookie"] == ["session=s1"]
    kind, message, sent = probed["errors"]["sync bad cookie"]
    assert (kind, sent) == ("ValueError", 0)
    assert "listTargetTestRuns: session: a cookie value must not hold" in message


def test_the_client_s_own_key_header_is_no_argument(probed: dict[str, Any]) -> None:
    signature = probed["signature"]
    assert "x_api_key" not in signature
    assert {"status", "page", "page_size", "since", "filter_", "x_request_id", "x_since", "x_ids"} <= set(signature)


@pytest.mark.parametrize(
    ("argument", "error", "message"),
    [
        ("page", "TypeError", "listTargetTestRuns: page must be int, got str"),
        ("page_size", "TypeError", r"listTargetTestRuns: page_size \(query pageSize\) must be int, got bool"),
        ("status", "TypeError", "listTargetTestRuns: status must be a list, got str"),
        ("x_request_id", "ValueError", r"x_request_id \(header X-Request-Id\) must be a UUID"),
        ("since", "ValueError", "since must be an aware datetime"),
        ("x_trace", "ValueError", r"x_trace \(header X-Trace\): a header value must not hold control characters"),
        ("x_ids", "TypeError", r"x_ids \(header X-Ids\)\[1\] must be int, got str"),
    ],
)
def test_a_wrong_value_is_an_error_naming_the_parameter_before_any_request(
    probed: dict[str, Any], argument: str, error: str, message: str
) -> None:
    import re

    for label in (f"sync {argument}", f"function {argument}", f"async {argument}"):
        kind, text, sent = probed["errors"][label]
        assert (kind, sent) == (error, 0), label
        assert re.search(message, text), (label, text)
        assert "secret-value" not in text  # a header value is never quoted


def test_path_arguments_are_one_segment_or_refused(probed: dict[str, Any]) -> None:
    (request,) = probed["calls"]["delete traversal"]
    assert request["url"] == "https://probe.test/api/workspaces/1/target-by-name/..%2F..%2Fx%3Fy%23z"
    assert probed["errors"]["delete dots"][0] == "ValueError"
    assert "target_name must not be '..'" in probed["errors"]["delete dots"][1]
    assert probed["errors"]["delete dots"][2] == 0
    assert probed["errors"]["delete int as str"] == ["TypeError", "workspace_id must be int, got str", 0]
    assert probed["errors"]["delete id as str"] == ["TypeError", "target_id must be int, got str", 0]


def test_the_resource_methods_and_api_reference_show_the_parameters(package: Path) -> None:
    reference = (package.parent / "api.md").read_text(encoding="utf-8")
    line = next(line for line in reference.splitlines() if line.startswith("### `targets.list_test_runs("))
    for shown in ("status: list[ListTargetTestRunsStatusItem] | Unset = UNSET", "page: int | Unset = UNSET"):
        assert shown in line
    assert "x_api_key" not in line
    assert "`status` (query `status`, form, explode false)" in reference


def test_an_idempotency_key_on_the_hand_written_trigger_fails_naming_what_to_change(tmp_path: Path) -> None:
    spec = _committed()
    spec["paths"][TRIGGER]["post"]["parameters"].append(
        {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string", "format": "uuid"}}
    )
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    (tmp_path / "gen").mkdir()
    with pytest.raises(MergeError) as caught:
        build(path, ROOT, tmp_path / "gen")
    message = str(caught.value)
    assert "AsyncTestRunsMixin.trigger replaces triggerTestRun" in message
    assert "add the keyword-only parameter(s) idempotency_key: UUID | Unset = UNSET" in message
    assert "TestRunsMixin.trigger in overrides/splx_probe_client/_resource_mixins.py" in message


def _spec_with(parameter: dict[str, Any], path: str = "/things/{id}") -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "paths": {
            path: {
                "get": {
                    "operationId": "getThing",
                    "parameters": [parameter],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }


@pytest.mark.parametrize(
    ("parameter", "message"),
    [
        (
            {"name": "id", "in": "path", "required": True, "style": "label", "schema": {"type": "string"}},
            r"path parameter 'id': style 'label' .* cannot be serialised",
        ),
        (
            {"name": "id", "in": "path", "required": True, "style": "matrix", "schema": {"type": "string"}},
            r"path parameter 'id': style 'matrix'",
        ),
        (
            {
                "name": "f",
                "in": "query",
                "style": "deepObject",
                "schema": {"type": "array", "items": {"type": "string"}},
            },
            r"query parameter 'f': style deepObject needs an object with explode: true",
        ),
        (
            {"name": "f", "in": "query", "schema": {"type": "array", "items": {}}},
            r"query parameter 'f' items: a schema without a type cannot be serialised",
        ),
        (
            {"name": "f", "in": "query", "style": "deepObject", "explode": False, "schema": {"type": "object"}},
            r"query parameter 'f': style deepObject needs an object with explode: true",
        ),
        (
            {"name": "f", "in": "query", "style": "pipeDelimited", "schema": {"type": "integer"}},
            r"query parameter 'f': style pipeDelimited applies to arrays only",
        ),
        (
            {"name": "f", "in": "query", "content": {"application/json": {"schema": {"type": "object"}}}},
            r"query parameter 'f': a `content`-encoded parameter",
        ),
        (
            {
                "name": "f",
                "in": "query",
                "schema": {"type": "object", "properties": {"inner": {"type": "object"}}},
            },
            r"query parameter 'f': property 'inner' is an object",
        ),
        (
            {"name": "X-Ids", "in": "header", "style": "form", "schema": {"type": "string"}},
            r"header parameter 'X-Ids': style 'form'",
        ),
        (
            {"name": "f", "in": "query", "schema": {"oneOf": [{"type": "string"}, {"type": "integer"}]}},
            r"query parameter 'f': a oneOf schema",
        ),
    ],
)
def test_a_parameter_the_sdk_cannot_serialise_fails_generation_naming_the_operation_and_it(
    parameter: dict[str, Any], message: str
) -> None:
    with pytest.raises(MergeError, match=r"GET /things/\{id\} \(getThing\): " + message):
        generator_spec(_spec_with(parameter))


def test_the_generator_reads_headers_as_query_parameters_and_never_the_client_s_key() -> None:
    spec = _with_parameters(_committed())
    shared = {"name": "X-Tenant", "in": "header", "schema": {"type": "string"}}
    spec["paths"][RUNS]["parameters"] = [shared]
    copied = generator_spec(spec)
    parameters = copied["paths"][RUNS]["get"]["parameters"]
    by_name = {p["name"]: p for p in parameters}
    assert "X-Api-Key" not in by_name
    assert {by_name[name]["in"] for name in ("X-Request-Id", "X-Since", "X-Ids", "X-Trace", "X-Tenant")} == {"query"}
    assert by_name["status"] == ADDED[0]  # query parameters as declared
    assert "parameters" not in copied["paths"][RUNS]
    declared = {p["name"]: p["in"] for p in spec["paths"][RUNS]["get"]["parameters"]}
    assert declared["X-Trace"] == declared["X-Api-Key"] == "header"  # the spec itself is not changed
    assert by_name["session"]["in"] == "cookie"
    sent = {p.name: p for p in check_parameters(spec)["listTargetTestRuns"]}
    assert sent["X-Tenant"].location == "header"
    assert (sent["status"].style, sent["status"].explode) == ("form", False)
    assert "X-Api-Key" not in sent


def test_a_key_header_the_operation_does_not_authenticate_with_stays_an_argument() -> None:
    spec = _spec_with({"name": "X-Api-Key", "in": "header", "schema": {"type": "string"}}, "/things")
    spec["components"] = {"securitySchemes": {"K": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}}
    assert [p.name for p in check_parameters(spec)["getThing"]] == ["X-Api-Key"]  # no security required
    spec["security"] = [{"K": []}]
    assert check_parameters(spec)["getThing"] == []
    spec["paths"]["/things"]["get"]["security"] = []  # the operation opts out: the header is the user's
    assert [p.name for p in check_parameters(spec)["getThing"]] == ["X-Api-Key"]


def _encoded(rows: list[tuple[str, str, str, str, bool, bool, Any, object]]) -> tuple[str, dict[str, Any]]:
    from splx_probe_client._parameters import encode_parameters

    query, headers, _ = encode_parameters("op", rows)
    return query, headers


@pytest.mark.parametrize(
    ("style", "explode", "shape", "value", "query"),
    [
        ("form", True, ("array", "string"), ["a,b", "c"], "?s=a%2Cb&s=c"),
        ("form", False, ("array", "string"), ["a,b", "c"], "?s=a%2Cb,c"),
        ("form", False, ("array", "integer"), [], ""),
        ("spaceDelimited", False, ("array", "integer"), [1, 2], "?s=1%202"),
        ("pipeDelimited", False, ("array", "string"), ["x", "y|z"], "?s=x|y%7Cz"),
        ("pipeDelimited", True, ("array", "string"), ["x", "y"], "?s=x&s=y"),
        ("form", True, ("object",), {"k": "v 1", "n": 2, "b": False}, "?k=v%201&n=2&b=false"),
        ("form", False, ("object",), {"k": "v", "n": 2}, "?s=k,v,n,2"),
        ("deepObject", True, ("object",), {"k": "v", "skip": None}, "?s[k]=v"),
        ("form", True, "boolean", True, "?s=true"),
        ("form", True, "number", 1.5, "?s=1.5"),
        ("form", True, "date", datetime.date(2026, 2, 3), "?s=2026-02-03"),
        ("form", True, "string", "é&=", "?s=%C3%A9%26%3D"),
    ],
)
def test_the_query_string_follows_style_and_explode(
    style: str, explode: bool, shape: Any, value: object, query: str
) -> None:
    assert _encoded([("s", "s", "query", style, explode, False, shape, value)])[0] == query


@pytest.mark.parametrize(
    ("explode", "shape", "value", "header"),
    [
        (False, ("array", "integer"), [1, 2], "1,2"),
        (False, ("object",), {"a": 1, "b": "x"}, "a,1,b,x"),
        (True, ("object",), {"a": 1, "b": "x"}, "a=1,b=x"),
        (False, "uuid", "00000000-0000-0000-0000-00000000000A", "00000000-0000-0000-0000-00000000000a"),
    ],
)
def test_a_header_is_simple_style(explode: bool, shape: Any, value: object, header: str) -> None:
    assert _encoded([("h", "X-H", "header", "simple", explode, False, shape, value)])[1] == {"X-H": header}


@pytest.mark.parametrize(
    ("shape", "value", "error", "message"),
    [
        ("number", float("nan"), ValueError, r"^op: n must be a finite number$"),
        ("number", "1", TypeError, r"^op: n must be a number, got str$"),
        ("date", datetime.datetime(2026, 1, 1), TypeError, r"^op: n must be a datetime\.date"),
        ("boolean", 1, TypeError, r"^op: n must be bool, got int$"),
        (("object",), {"k": [1]}, TypeError, r"^op: n\['k'\] must be a string, number or boolean, got list$"),
        (("object",), 3, TypeError, r"^op: n must be a model or a mapping, got int$"),
    ],
)
def test_a_value_of_the_wrong_kind_names_the_parameter(shape: Any, value: object, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        _encoded([("n", "n", "query", "form", True, False, shape, value)])


def test_a_required_parameter_left_unset_or_none_is_an_error() -> None:
    from splx_probe_client.types import UNSET

    for value, shown in ((UNSET, "UNSET"), (None, "None")):
        with pytest.raises(TypeError, match=rf"^op: page is required, got {shown}$"):
            _encoded([("page", "page", "query", "form", True, True, "integer", value)])


def test_a_non_latin_1_header_value_is_refused_without_showing_it() -> None:
    with pytest.raises(ValueError, match=r"^op: h \(header X-H\): a header value must be latin-1 text$"):
        _encoded([("h", "X-H", "header", "simple", False, False, "string", "sk-€secret")])


def test_an_argument_no_parameter_accounts_for_fails_generation() -> None:
    import ast

    from pipeline.models_postprocess import _Editor, _Module
    from pipeline.parameters import rewrite_parameters

    source = (
        "from typing import Any\n\n\n"
        "def _get_kwargs(*, page: int, extra: str) -> dict[str, Any]:\n"
        "    params: dict[str, Any] = {}\n"
        '    params["page"] = page\n'
        '    params["extra"] = extra\n'
        '    _kwargs: dict[str, Any] = {"method": "get", "url": "/x", "params": params}\n'
        "    return _kwargs\n"
    )
    module = _Module(Path("get_x.py"), "api/x/get_x.py", ast.parse(source), _Editor(source))
    page = check_parameters(_spec_with({"name": "page", "in": "query", "schema": {"type": "integer"}}, "/x"))
    with pytest.raises(MergeError, match=r"api/x/get_x\.py \(getThing\): argument\(s\) extra of the generated"):
        rewrite_parameters(module, "getThing", page["getThing"])
    twins = [
        {"name": "page", "in": "query", "schema": {"type": "integer"}},
        {"name": "Page", "in": "header", "schema": {"type": "integer"}},
    ]
    spec = _spec_with(twins[0], "/x")
    spec["paths"]["/x"]["get"]["parameters"] = twins
    with pytest.raises(MergeError, match=r"'page' and the header parameter 'Page' are both argument 'page'"):
        rewrite_parameters(module, "getThing", check_parameters(spec)["getThing"])


def test_make_generate_stops_naming_a_style_it_cannot_send(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.__main__ import main

    spec = tmp_path / "spec.json"
    parameter = {"name": "id", "in": "path", "required": True, "style": "matrix", "schema": {"type": "string"}}
    spec.write_text(json.dumps(_spec_with(parameter)), encoding="utf-8")
    package = tmp_path / "splx_probe_client"
    assert main(["generate", "--spec", str(spec), "--package", str(package)]) == 1
    assert "error: GET /things/{id} (getThing): path parameter 'id': style 'matrix'" in capsys.readouterr().err
    assert not package.exists()  # nothing written
