"""One client shared by many tasks, over real sockets on 127.0.0.1: every call answered, connections reused."""

from __future__ import annotations

import asyncio

import httpx
from samples import target_payload

from splx_probe_client import ProbeClient
from splx_probe_client.api.target import get_target
from splx_probe_client.models import TargetNewDto
from splx_probe_client.testing import FakeProbe


async def test_100_concurrent_calls_share_one_client_and_its_pool() -> None:
    # Every answer takes 50 ms, so each burst really has 100 calls in flight at once and needs 100 connections.
    fake = FakeProbe(latency=0.05)
    payload = target_payload("AZURE_OPENAI")
    target_ids = [fake.add_target(1, connection=payload["connection"]) for _ in range(5)]
    # The default pool's limits, with idle connections kept longer than a loaded machine may take for a burst
    # (httpx closes a connection idle for 5 s): "reused" must not depend on how fast the machine is.
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100, keepalive_expiry=300)
    async with (
        fake.serve_async() as base_url,
        ProbeClient(fake.api_key, base_url=base_url, limits=limits) as client,
    ):

        async def call(index: int) -> TargetNewDto:
            target = await get_target.asyncio(1, target_ids[index % 5], client=client)
            assert isinstance(target, TargetNewDto)
            return target

        first = await asyncio.gather(*(call(index) for index in range(100)))
        first_connections = {request.thread for request in fake.requests}
        second = await asyncio.gather(*(call(index) for index in range(100)))
        all_connections = {request.thread for request in fake.requests}

    assert [target.id for target in first + second] == [target_ids[index % 5] for index in range(100)] * 2
    assert all(target.connection.to_dict() == payload["connection"] for target in first + second)
    assert len(fake.requests) == 200
    assert len(first_connections) == 100  # the pool limit, reached
    assert all_connections == first_connections  # all 100 kept alive and reused: none reopened
