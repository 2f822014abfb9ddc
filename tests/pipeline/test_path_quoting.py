"""Path arguments: a plain int is sent as its digits; anything else is refused or quoted as one segment."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from samples import sample

from splx_probe_client import ProbeClient, SyncProbeClient
from splx_probe_client._parameters import path_int, path_segment
from splx_probe_client.api.target import get_target

TRAVERSAL = "1/../../../target/types"


def _recording() -> tuple[httpx.MockTransport, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=sample("TargetNewDto"))

    return httpx.MockTransport(answer), seen


def test_a_traversal_through_the_generated_functions_is_refused_before_sending() -> None:
    transport, seen = _recording()
    with SyncProbeClient("sk-test", base_url="https://probe.test", transport=transport) as client:
        for call in (get_target.sync_detailed, get_target.sync):
            with pytest.raises(TypeError, match="workspace_id must be int, got str"):
                call(workspace_id=TRAVERSAL, target_id=2, client=client)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="workspace_id must be int, got str"):
            client.targets.get(workspace_id=TRAVERSAL, target_id=2)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="target_id must be int, got bool"):
            get_target.sync_detailed(workspace_id=1, target_id=True, client=client)

    async def run() -> None:
        async with ProbeClient("sk-test", base_url="https://probe.test", transport=transport) as client:
            with pytest.raises(TypeError, match="workspace_id must be int, got str"):
                await get_target.asyncio_detailed(workspace_id=TRAVERSAL, target_id=2, client=client)  # type: ignore[arg-type]

    asyncio.run(run())
    assert seen == []


def test_plain_ints_keep_the_fast_path_and_int_subclasses_are_sent_as_ints() -> None:
    class Id(int):
        def __str__(self) -> str:
            return "../x"

    transport, seen = _recording()
    with SyncProbeClient("sk-test", base_url="https://probe.test", transport=transport) as client:
        get_target.sync_detailed(workspace_id=-3, target_id=Id(40), client=client)
    assert [request.url.raw_path for request in seen] == [b"/api/v2/workspaces/-3/target/40"]
    assert get_target._get_kwargs(workspace_id=7, target_id=8)["url"] == "/api/v2/workspaces/7/target/8"


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("a/b", "a%2Fb"),
        ("x?y#z", "x%3Fy%23z"),
        ("1/../../t", "1%2F..%2F..%2Ft"),
        ("100%", "100%25"),
        ("a b", "a%20b"),
        ("...", "..."),
        (uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001"),
        (5, "5"),
    ],
)
def test_a_path_segment_is_percent_encoded_whole(value: object, segment: str) -> None:
    assert path_segment("name", value) == segment


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_a_segment_that_would_change_the_path_is_refused_naming_the_parameter(value: str) -> None:
    with pytest.raises(ValueError, match="name must not be"):
        path_segment("name", value)


@pytest.mark.parametrize("value", [None, True, b"x", ["a"]])
def test_a_non_text_segment_is_a_type_error_naming_the_parameter(value: object) -> None:
    with pytest.raises(TypeError, match=r"^name must be a str"):
        path_segment("name", value)
    with pytest.raises(TypeError, match=r"^name must be int"):
        path_int("name", value)
