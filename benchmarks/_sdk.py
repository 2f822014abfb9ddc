"""The SDK client the benchmarks measure: ``ProbeClient`` as a user makes it."""

from __future__ import annotations

from splx_probe_client import ProbeClient

from ._server import API_KEY


def sdk_client(base_url: str) -> ProbeClient:
    """A client for ``base_url`` with its defaults (retries, typed errors, pool limits), the fake's key."""
    return ProbeClient(api_key=API_KEY, base_url=base_url)


def sdk_client_name() -> str:
    """What the SDK rows measure, for the notes of the results."""
    return "ProbeClient (defaults: retries on, typed errors, pool of 100 connections kept alive)"
