"""The SDK client the benchmarks measure: ``ProbeClient``, or the generated client while it is not built."""

from __future__ import annotations

import importlib

from splx_probe_client.client import AuthenticatedClient

from ._server import API_KEY


def sdk_client(base_url: str) -> AuthenticatedClient:
    """A client for ``base_url`` as a user would make it, authenticated with the fake's key."""
    try:
        # Imported by name so this module type-checks before ``_client`` exists.
        module = importlib.import_module("splx_probe_client._client")
    except ModuleNotFoundError:
        return AuthenticatedClient(base_url=base_url, token=API_KEY, prefix="", auth_header_name="X-Api-Key")
    client: AuthenticatedClient = module.ProbeClient(api_key=API_KEY, base_url=base_url)
    return client


def sdk_client_name() -> str:
    """``ProbeClient``, or what stands in for it, for the notes of the results."""
    try:
        importlib.import_module("splx_probe_client._client")
    except ModuleNotFoundError:
        return "the generated AuthenticatedClient (ProbeClient is not built yet: no retries, no typed errors)"
    return "ProbeClient"
