"""Fixtures for the fake's tests: the same httpx client over the in-process transport and over a real socket."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from splx_probe_client.testing import FakeProbe


@pytest.fixture
def fake() -> FakeProbe:
    return FakeProbe()


@pytest.fixture(params=["transport", "socket"])
def client(request: pytest.FixtureRequest, fake: FakeProbe) -> Iterator[httpx.Client]:
    """An authenticated client of ``fake``, in-process or over 127.0.0.1."""
    headers = {"X-Api-Key": fake.api_key}
    if request.param == "transport":
        with httpx.Client(base_url="http://fake.test", transport=fake.transport(), headers=headers) as in_process:
            yield in_process
        return
    with fake.serve() as base_url, httpx.Client(base_url=base_url, headers=headers) as over_socket:
        yield over_socket
