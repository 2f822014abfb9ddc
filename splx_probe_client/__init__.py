# Hand-written: edit overrides/splx_probe_client/__init__.py, not this copy (installed by `make generate`).
"""Async-first Python SDK for the SPLX Probe platform API."""

from .client import AuthenticatedClient, Client

__version__ = "0.1.0"

__all__ = ["AuthenticatedClient", "Client", "__version__"]
