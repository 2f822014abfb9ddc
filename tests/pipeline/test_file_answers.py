"""Non-JSON answers and bodies: a PDF, a CSV beside JSON and a multipart upload reach both clients, none dropped."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.merge import MergeError, merge_documents

from .conftest import MERGE_CONFIG
from .vendor_change import Fragment, built_package, each_fragment, run

RUNS = "/api/workspaces/{workspaceId}/target/{targetId}/test-runs"
REPORT = "/api/workspaces/{workspaceId}/target/{targetId}/report"
UPLOAD = "/api/workspaces/{workspaceId}/target/{targetId}/attachment"
PATH_PARAMS = [
    {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "format": "int32"}}
    for name in ("workspaceId", "targetId")
]


def _file_operations(document: Fragment) -> None:
    """The vendor adds a PDF report, a CSV beside the JSON list of test runs and a multipart upload."""
    if RUNS not in document["paths"]:
        return
    answer = document["paths"][RUNS]["get"]["responses"]["200"]["content"]
    answer["text/csv"] = {"schema": {"type": "string"}}
    ok_json = copy.deepcopy(document["paths"][RUNS]["get"]["responses"]["200"])
    del ok_json["content"]["text/csv"]
    document["paths"][REPORT] = {
        "get": {
            "tags": ["TargetV"],
            "summary": "Download the report of a Target",
            "operationId": "getTargetReport",
            "parameters": PATH_PARAMS,
            "responses": {
                "200": {
                    "description": "The report",
                    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                }
            },
        }
    }
    document["paths"][UPLOAD] = {
        "post": {
            "tags": ["TargetV"],
            "summary": "Upload an attachment to a Target",
            "operationId": "uploadTargetAttachment",
            "parameters": PATH_PARAMS,
            "requestBody": {
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file"],
                            "properties": {"file": {"type": "string", "format": "binary"}, "note": {"type": "string"}},
                        }
                    }
                }
            },
            "responses": {"200": ok_json},
        }
    }


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    workspace = tmp_path_factory.mktemp("files")
    return built_package(workspace, lambda fragments: each_fragment(fragments, _file_operations))


PROGRAM = r"""
import asyncio, io, os
import httpx
from splx_probe_client import APIResponseValidationError, FileAnswer, ProbeClient, SavedFile, SyncProbeClient
from splx_probe_client.models import UploadTargetAttachmentBody
from splx_probe_client.types import File

RUN = {"id": 7, "name": "n", "probes": [], "startedBy": "me", "status": "RUNNING"}
PDF = b"%PDF-1.7 " + bytes(range(256)) * 40
CHUNK = 1 << 16
pulled = []


class Endless(httpx.SyncByteStream, httpx.AsyncByteStream):
    # 64 chunks of 64 KiB, counted as they are pulled: a streamed save stops pulling at max_bytes.
    def __iter__(self):
        for _ in range(64):
            pulled.append(1)
            yield b"x" * CHUNK

    async def __aiter__(self):
        for chunk in self:
            yield chunk


def answer(request):
    accept = request.headers.get("accept", "")
    print("sent", request.method, request.url.path.rsplit("/", 1)[-1], accept, flush=True)
    if request.url.path.endswith("/report"):
        disposition = "attachment; filename*=UTF-8''..%2F..%2Fetc%2Frep%07ort.pdf"
        headers = {"content-type": "application/pdf", "content-disposition": disposition}
        if request.headers.get("x-big"):
            return httpx.Response(200, stream=Endless(), headers=headers)
        return httpx.Response(200, content=PDF, headers=headers)
    if request.url.path.endswith("/test-runs"):
        if "text/csv" in accept and request.headers.get("x-wrong") is None:
            return httpx.Response(200, content=b"id,name\n7,n\n", headers={"content-type": "text/csv; charset=utf-8"})
        return httpx.Response(200, json=[RUN])
    if request.url.path.endswith("/attachment"):
        body = request.read()
        print("multipart", request.headers["content-type"].split(";")[0], b"hello pdf" in body, b'name="note"' in body)
        return httpx.Response(200, json=[RUN])
    return httpx.Response(404)


def show(label, value):
    if isinstance(value, FileAnswer):
        print(label, value.content_type, value.filename, len(value.content), value.content == PDF)
    elif isinstance(value, SavedFile):
        print(label, value.content_type, value.filename, value.size, open(value.path, "rb").read() == PDF)
    else:
        print(label, value)


async def main(tmp):
    async with ProbeClient("k", base_url="https://x.test", transport=httpx.MockTransport(answer)) as client:
        show("async pdf", await client.targets.get_report(workspace_id=1, target_id=2))
        show("async saved", await client.targets.get_report_to_file(path=tmp + "/a.pdf", workspace_id=1, target_id=2))
        runs = await client.targets.list_test_runs(workspace_id=1, target_id=2)
        print("async json", type(runs[0]).__name__, runs[0].id)
        csv = await client.targets.list_test_runs_as_csv(workspace_id=1, target_id=2)
        print("async csv", csv.content_type, repr(csv.text))
        raw = await client.targets.with_raw_response.get_report(workspace_id=1, target_id=2)
        print("async raw", raw.status_code, type(raw.parsed).__name__)
        body = UploadTargetAttachmentBody(file=File(payload=io.BytesIO(b"hello pdf"), file_name="a.pdf"), note="n")
        uploaded = await client.targets.upload_attachment(workspace_id=1, target_id=2, body=body)
        print("async upload", type(uploaded[0]).__name__)
        try:
            await client.targets.list_test_runs_as_csv(workspace_id=1, target_id=2, extra_headers={"x-wrong": "1"})
        except APIResponseValidationError as exc:
            print("async wrong type", "expected text/csv" in str(exc))
        try:
            await client.targets.get_report_to_file(
                path=tmp + "/big.pdf", workspace_id=1, target_id=2, max_bytes=100_000, extra_headers={"x-big": "1"}
            )
        except APIResponseValidationError as exc:
            print("async too big", "larger than max_bytes" in str(exc), len(pulled) < 8)


tmp = os.path.join(os.getcwd(), "files")
os.makedirs(tmp)
asyncio.run(main(tmp))
pulled.clear()
with SyncProbeClient("k", base_url="https://x.test", transport=httpx.MockTransport(answer)) as client:
    show("sync pdf", client.targets.get_report(workspace_id=1, target_id=2))
    show("sync saved", client.targets.get_report_to_file(path=tmp + "/s.pdf", workspace_id=1, target_id=2))
    print("sync csv", repr(client.targets.list_test_runs_as_csv(workspace_id=1, target_id=2).text))
    try:
        client.targets.get_report_to_file(
            path=tmp + "/big.pdf", workspace_id=1, target_id=2, max_bytes=100_000, extra_headers={"x-big": "1"}
        )
    except APIResponseValidationError as exc:
        print("sync too big", "larger than max_bytes" in str(exc), len(pulled) < 8)
    try:
        client.targets.get_report_to_file(path=tmp, workspace_id=1, target_id=2)
    except ValueError as exc:
        print("sync directory", "is a directory" in str(exc))
print("left behind", sorted(os.listdir(tmp)))
"""


def test_file_answers_reach_both_clients_with_streaming_bounded_and_nothing_dropped(grown: tuple[Path, str]) -> None:
    package, _ = grown
    lines = run(package, PROGRAM)
    results = [line for line in lines if not line.startswith("sent ")]
    safe = "rep_ort.pdf"  # no path, no control character: a hostile name is only a hint
    assert results == [
        f"async pdf application/pdf {safe} 10249 True",
        f"async saved application/pdf {safe} 10249 True",
        "async json ScanRunExecutionDto 7",
        "async csv text/csv 'id,name\\n7,n\\n'",
        "async raw 200 FileAnswer",
        "multipart multipart/form-data True True",
        "async upload ScanRunExecutionDto",
        "async wrong type True",
        "async too big True True",
        f"sync pdf application/pdf {safe} 10249 True",
        f"sync saved application/pdf {safe} 10249 True",
        "sync csv 'id,name\\n7,n\\n'",
        "sync too big True True",
        "sync directory True",
        "left behind ['a.pdf', 's.pdf']",  # the refused answer left neither big.pdf nor a .part file
    ]
    sent = [line.split(" ", 3)[2:] for line in lines if line.startswith("sent ")]
    assert ["report", "application/pdf"] in sent
    assert ["test-runs", "application/json"] in sent  # the JSON method asks for JSON, not the CSV
    assert ["test-runs", "text/csv"] in sent


def test_the_merge_keeps_every_representation_and_the_reference_lists_the_file_methods(
    grown: tuple[Path, str],
) -> None:
    package, printed = grown
    spec = json.loads((package.parent.parent / "splx-probe.json").read_text(encoding="utf-8"))
    assert sorted(spec["paths"][RUNS]["get"]["responses"]["200"]["content"]) == ["application/json", "text/csv"]
    assert list(spec["paths"][REPORT]["get"]["responses"]["200"]["content"]) == ["application/pdf"]
    assert list(spec["paths"][UPLOAD]["post"]["requestBody"]["content"]) == ["multipart/form-data"]
    assert "content type text/csv added" in printed  # the change summary names the new representation
    assert "note: content type text/json dropped from 3 place(s): a json_alias" in printed
    reference = (package.parent / "api.md").read_text(encoding="utf-8")
    assert "### `targets.get_report(workspace_id: int, target_id: int) -> FileAnswer`" in reference
    assert "### `targets.get_report_to_file(path: str | os.PathLike[str], workspace_id: int," in reference
    assert "### `targets.list_test_runs_as_csv(workspace_id: int, target_id: int) -> FileAnswer`" in reference
    assert "Answers `text/csv` as a `FileAnswer`" in reference


def _merged(change: Any) -> dict[str, Any]:
    from pipeline.merge import load_config, load_fragments

    from .conftest import FRAGMENTS

    documents = load_fragments(FRAGMENTS)
    for document in documents.values():
        change(document)
    config = load_config(MERGE_CONFIG)
    return merge_documents(documents, config).spec


def _bodies(document: Fragment) -> list[dict[str, Any]]:
    """The request body content of createTarget, if ``document`` has it."""
    item = document["paths"].get("/api/v2/workspaces/{workspaceId}/target") or {}
    return [item["post"]["requestBody"]["content"]] if "post" in item else []


def test_an_alias_whose_schema_differs_from_the_json_fails_the_merge_naming_the_operation() -> None:
    def change(document: Fragment) -> None:
        for content in _bodies(document):
            content["text/json"] = {"schema": {"type": "string"}}

    with pytest.raises(MergeError, match=r"\(createTarget\) request body: text/json .* another schema"):
        _merged(change)


def test_a_request_content_type_the_client_cannot_send_fails_the_merge_naming_the_operation() -> None:
    def change(document: Fragment) -> None:
        for content in _bodies(document):
            content["application/xml"] = {"schema": {"type": "string"}}

    with pytest.raises(MergeError, match=r"\(createTarget\): request body content type 'application/xml' cannot"):
        _merged(change)


def test_the_retired_allow_lists_fail_instead_of_dropping_silently(tmp_path: Path) -> None:
    from pipeline.merge import load_config, load_fragments

    from .conftest import FRAGMENTS

    config = load_config(MERGE_CONFIG)
    config["content_types"] = {"request": ["application/json"], "response": ["application/json"]}
    with pytest.raises(MergeError, match=r"content_types: request, response .* are gone"):
        merge_documents(load_fragments(FRAGMENTS), config)


def test_a_request_body_offering_a_choice_of_content_types_fails_the_merge_naming_the_operation() -> None:
    def change(document: Fragment) -> None:
        for content in _bodies(document):
            content["multipart/form-data"] = {"schema": {"type": "object", "properties": {"f": {"type": "string"}}}}

    with pytest.raises(MergeError, match=r"\(createTarget\): the request body offers application/json, multipart"):
        _merged(change)
