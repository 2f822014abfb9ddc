"""Every FakeProbe answer carries an ``x-request-id``, as the platform's do, so ``err.request_id`` is testable."""

from __future__ import annotations

import uuid

import httpx
import pytest

from splx_probe_client import AuthenticationError, NotFoundError, ProbeClient, SyncProbeClient
from splx_probe_client.testing import FakeProbe


def _is_uuid4(value: str | None) -> bool:
    return value is not None and uuid.UUID(value).version == 4


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/target/types"),  # 200
        ("GET", "/api/v2/workspaces/1/target/424242"),  # 404 from the platform's state
        ("GET", "/api/nowhere"),  # 404 from routing
        ("PUT", "/api/target/types"),  # 405
        ("POST", "/api/v2/workspaces/1/target"),  # 400: no body
    ],
)
def test_every_answer_has_its_own_request_id(client: httpx.Client, method: str, path: str) -> None:
    first, second = client.request(method, path), client.request(method, path)
    assert _is_uuid4(first.headers.get("x-request-id")), (first.status_code, dict(first.headers))
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


def test_an_answer_to_a_request_the_server_could_not_parse_has_one(fake: FakeProbe) -> None:
    with fake.serve() as base_url, httpx.Client(base_url=base_url) as raw:
        response = raw.get("/api/target/types", headers={"X-Long": "x" * 70_000})
    assert response.status_code >= 400
    assert _is_uuid4(response.headers.get("x-request-id"))


async def test_a_typed_error_from_the_served_fake_has_the_request_id(fake: FakeProbe) -> None:
    async with fake.serve_async() as base_url, ProbeClient(fake.api_key, base_url=base_url) as probe:
        raw = await probe.targets.with_raw_response.list_types()
        with pytest.raises(NotFoundError) as raised:
            await probe.targets.get(workspace_id=1, target_id=424242)
    error = raised.value
    assert _is_uuid4(error.request_id)
    assert str(error).endswith(f"(request id {error.request_id})")
    assert _is_uuid4(raw.request_id)
    assert raw.request_id != error.request_id


def test_a_typed_error_from_the_sync_client_has_the_request_id(fake: FakeProbe) -> None:
    with (
        fake.serve() as base_url,
        SyncProbeClient("wrong-key", base_url=base_url, max_retries=0) as probe,
        pytest.raises(AuthenticationError) as raised,
    ):
        probe.targets.list_types()
    assert _is_uuid4(raised.value.request_id)
