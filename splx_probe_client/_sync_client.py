# Hand-written: edit overrides/splx_probe_client/_sync_client.py, not this copy (installed by `make generate`).
"""``SyncProbeClient``: the async ``ProbeClient`` driven from synchronous code.

It owns a ``ProbeClient`` and a private event loop on its own thread (``_portal``); every call runs the async
client's coroutine there and waits for it. So retries, typed errors, redaction, logs and polling are the async
client's very code, there is no second copy to drift, and it works from many threads at once and inside a
running event loop (Jupyter). The generated endpoints' ``sync()``/``sync_detailed()`` work too: their
``httpx.Client`` hands each request to the async client's transport on that loop.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Any

import httpx

from ._client import DEFAULT_LIMITS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, ProbeClient
from ._exceptions import ProbeError, display_url
from ._portal import Portal
from ._resource_base import TimeoutTypes
from ._resources import SyncProbeResources
from ._transport import Sleep
from .types import UNSET, Unset

__all__ = ["SyncProbeClient"]


class _Bridge(httpx.BaseTransport):
    """The sync ``httpx.Client``'s transport: each request goes through the async client's transport on the portal."""

    def __init__(self, portal: Portal, transport: httpx.AsyncBaseTransport) -> None:
        self._portal = portal
        self._transport = transport

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()  # a byte stream both sides can send
        return self._portal.run(self._forward(request))

    async def _forward(self, request: httpx.Request) -> httpx.Response:
        response = await self._transport.handle_async_request(request)
        headers = response.headers
        if response.is_stream_consumed:  # the transport read it already: the content is decoded
            body = response.content
            headers = httpx.Headers([(k, v) for k, v in headers.multi_items() if k.lower() != "content-encoding"])
        else:  # raw bytes with their headers: the sync client decodes them as the async one would have
            try:
                body = b"".join([chunk async for chunk in response.aiter_raw()])
            finally:
                await response.aclose()
        return httpx.Response(
            response.status_code, headers=headers, stream=httpx.ByteStream(body), extensions=response.extensions
        )


class SyncProbeClient(SyncProbeResources):
    """Synchronous client for the SPLX Probe API: ``client.targets.get(...)``, or ``client=`` of ``sync()``.

    >>> with SyncProbeClient() as client:
    ...     target = client.targets.get(workspace_id=1, target_id=2)

    The constructor is ``ProbeClient``'s (``transport`` must be an ``httpx.AsyncBaseTransport``:
    ``httpx.MockTransport`` is one); so are the retries, errors and logs. Safe to share between threads.
    Close it with ``with`` or ``close()``: that ends its I/O thread too.
    """

    _probe: ProbeClient
    _closed: bool
    _owner: bool

    def __init__(
        self,
        api_key: str | None = None,
        *,
        region: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        deadline: float | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        limits: httpx.Limits = DEFAULT_LIMITS,
        headers: dict[str, str] | None = None,
        retry_sleep: Sleep | None = None,
        **httpx_args: Any,
    ) -> None:
        if transport is not None and not isinstance(transport, httpx.AsyncBaseTransport):
            raise TypeError(
                f"transport must be an httpx.AsyncBaseTransport (SyncProbeClient runs the async client), got"
                f" {type(transport).__name__}; httpx.MockTransport and httpx.AsyncHTTPTransport are ones"
            )
        probe = ProbeClient(
            api_key,
            region=region,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            transport=transport,
            limits=limits,
            headers=headers,
            retry_sleep=retry_sleep,
            **httpx_args,
        )
        portal = Portal()
        self._bind(probe, portal, owner=True)
        # Never closed: the I/O thread stops when the client is garbage-collected (or at exit: it is a daemon).
        weakref.finalize(self, portal.stop)

    def _bind(self, probe: ProbeClient, portal: Portal, *, owner: bool) -> None:
        http = probe.get_async_httpx_client()
        super().__init__(
            base_url=probe.base_url,
            token=probe.token,
            prefix="",
            auth_header_name="X-Api-Key",
            timeout=http.timeout,
        )
        self._probe = probe
        self._portal = portal
        self._owner = owner
        self._closed = False
        self.region = probe.region
        self.max_retries = probe.max_retries
        self.deadline = probe.deadline

    @property
    def base_url(self) -> str:
        """Where requests go, e.g. ``https://api.probe.splx.ai``."""
        return self._base_url

    @property
    def is_closed(self) -> bool:
        """Whether ``close()`` was called: requests raise ``ProbeError``."""
        return self._closed

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
        deadline: float | Unset | None = UNSET,
    ) -> SyncProbeClient:
        """A new client like this one with other defaults (see ``ProbeClient.with_options``); shares everything."""
        self._check_open()
        return self._sibling(
            self._probe.with_options(timeout=timeout, max_retries=max_retries, headers=headers, deadline=deadline)
        )

    def _sibling(self, probe: ProbeClient) -> SyncProbeClient:
        sibling = SyncProbeClient.__new__(SyncProbeClient)
        sibling._bind(probe, self._portal, owner=False)
        return sibling

    def with_headers(self, headers: dict[str, str]) -> SyncProbeClient:
        """A new client like this one that also sends ``headers``; it shares this client's connections."""
        return self.with_options(headers=headers)

    def with_timeout(self, timeout: TimeoutTypes) -> SyncProbeClient:
        """A new client like this one with ``timeout`` (seconds or an ``httpx.Timeout``)."""
        return self.with_options(timeout=timeout)

    def with_cookies(self, cookies: dict[str, str]) -> SyncProbeClient:
        """A new client like this one that also sends ``cookies``; it shares this client's connections."""
        self._check_open()
        return self._sibling(self._probe.with_cookies(cookies))

    def _check_open(self) -> None:
        if self._closed:
            raise ProbeError("this SyncProbeClient is closed: create a new one (or call before leaving `with`)")

    def get_httpx_client(self) -> httpx.Client:
        """The ``httpx.Client`` the endpoints' ``sync()`` send through; ``ProbeError`` once closed."""
        self._check_open()
        if self._client is None:  # made on first use: most programs only call the resources
            http = self._probe.get_async_httpx_client()
            self._client = httpx.Client(
                base_url=self._base_url,
                headers=http.headers,
                timeout=http.timeout,
                transport=_Bridge(self._portal, self._probe._probe_transport),
            )
        return self._client

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Not available: ``SyncProbeClient`` is synchronous. Use ``ProbeClient`` for ``asyncio()``."""
        raise ProbeError(
            "SyncProbeClient is synchronous: call the endpoints' sync() or sync_detailed(), or use ProbeClient"
            " (same constructor) with asyncio() and asyncio_detailed()"
        )

    def close(self) -> None:
        """Close the connections and stop the I/O thread; later calls raise ``ProbeError``. Idempotent.

        On a client made by ``with_options`` this closes only that sibling; the original owns the connections.
        """
        if self._closed:
            return
        self._closed = True
        if self._client is not None:
            self._client.close()
        try:
            if not self._portal.is_stopped:
                self._portal.run(self._probe.aclose())
        finally:
            if self._owner:
                self._portal.stop()

    def __enter__(self) -> SyncProbeClient:
        self._check_open()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        self.close()

    async def __aenter__(self) -> SyncProbeClient:
        raise ProbeError("SyncProbeClient is synchronous: use `with`, or ProbeClient with `async with`")

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        return None

    def __repr__(self) -> str:
        return f"SyncProbeClient(base_url={display_url(self._base_url)!r}, max_retries={self.max_retries})"

    __str__ = __repr__
    __eq__ = object.__eq__
    __hash__ = object.__hash__  # type: ignore[assignment]  # attrs made the base unhashable
