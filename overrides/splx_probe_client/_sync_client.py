# Hand-written: edit overrides/splx_probe_client/_sync_client.py, not this copy (installed by `make generate`).
"""``SyncProbeClient``: the SPLX Probe API from synchronous code, with the async client's rules.

Plain calls (``client.targets.get(...)``, ``with_raw_response``, the generated endpoints' ``sync()``) go through
an ``httpx.Client`` whose transport is ``_transport.SyncProbeTransport``: the same retry rule, typed errors and
logs as ``ProbeClient`` (both drive ``_retry.Attempts``), with no thread or event loop in the way. What exists
only async, the polling helpers and the exactly-once trigger (``polling``), runs on a private event loop thread
(``_portal``) started on first use, and sends through the same connection pool from a worker thread.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
import weakref
from collections.abc import AsyncGenerator, Callable, Generator, Mapping
from typing import Any

import httpx

from ._client import (
    DEFAULT_LIMITS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ORIGINAL_CLOSED,
    TRANSPORT_OPTIONS,
    ProbeClient,
    default_transport,
    option_changes,
    setup,
)
from ._exceptions import ProbeError, display_url
from ._portal import Portal
from ._resource_base import TimeoutTypes
from ._resources import SyncProbeResources
from ._retry import DEFAULT_MAX_RESPONSE_BYTES
from ._routing import SyncRouting, auth_header_name
from ._transport import SyncProbeTransport, SyncSleep, bound_body
from .types import UNSET, Unset

__all__ = ["SyncProbeClient"]


class _LentPool(httpx.BaseTransport):
    """A client's transport lent to a sibling made by ``with_*()``: the owner alone closes the connections."""

    def __init__(self, inner: httpx.BaseTransport, *, owner: httpx.Client) -> None:
        self.inner = inner
        self._owner = owner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._owner.is_closed:
            raise ProbeError(f"cannot send a request: {ORIGINAL_CLOSED}, and with it the connections they share")
        return self.inner.handle_request(request)

    def close(self) -> None:
        return None  # the owner's close() closes the connections


class _InWorkerThread(httpx.AsyncBaseTransport):
    """The async client's transport on the loop thread: each request sent through the sync pool in a worker thread.

    So the polling helpers share the sync client's connections, proxy and custom transport; the async
    ``ProbeTransport`` wrapping this applies the retry rule once.
    """

    def __init__(self, inner: httpx.BaseTransport, owner: SyncProbeClient) -> None:
        self._inner = inner
        self._owner = owner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._owner.is_closed:  # a wait still running when close() was called: no new connection for it
            raise ProbeError("this SyncProbeClient was closed while waiting: create a new one")
        return await asyncio.to_thread(self._send, request)

    def _send(self, request: httpx.Request) -> httpx.Response:
        request.read()  # the async client's body, as bytes a sync transport can send
        response = self._inner.handle_request(request)
        headers = response.headers
        if response.is_stream_consumed:  # read already (a mock's answer): the content is decoded
            body = response.content
            headers = httpx.Headers([(k, v) for k, v in headers.multi_items() if k.lower() != "content-encoding"])
        else:
            # Read here as the sync transport reads (whole body within the read timeout): the async side
            # gets bytes already in memory, which its own per-chunk check cannot bound.
            bound_body(response, request)
            try:
                body = b"".join(response.iter_raw())  # undecoded: the async client decodes by the headers
            finally:
                response.close()
        return httpx.Response(
            response.status_code, headers=headers, stream=httpx.ByteStream(body), extensions=response.extensions
        )

    async def aclose(self) -> None:
        return None  # the sync client closes the pool


class _SyncAuthOnLoop(httpx.Auth):
    """A user's ``auth=`` for the async client on the loop: its sync flow driven as httpx drives an async one.

    An ``httpx.Auth`` written for ``httpx.Client`` may implement ``sync_auth_flow`` only; the polling helpers'
    requests must be signed the same way as plain calls.
    """

    def __init__(self, auth: httpx.Auth) -> None:
        self._auth = auth
        self.requires_request_body = auth.requires_request_body
        self.requires_response_body = auth.requires_response_body

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        flow = self._auth.sync_auth_flow(request)
        # Each step in a worker thread: a flow may block (a token fetched over HTTP), the loop serves every wait.
        step = await asyncio.to_thread(_advance, flow, None)
        while step is not None:
            response = yield step
            step = await asyncio.to_thread(_advance, flow, response)


def _advance(
    flow: Generator[httpx.Request, httpx.Response, None], response: httpx.Response | None
) -> httpx.Request | None:
    """The flow's next request, or ``None`` once it is done (a StopIteration cannot cross into a future)."""
    try:
        return next(flow) if response is None else flow.send(response)
    except StopIteration:
        return None


def _check_sync(value: object, name: str) -> None:
    """A ``TypeError`` naming ``name`` for an async function where the sync client calls and does not await."""
    call = type(value).__call__ if callable(value) and not inspect.isroutine(value) else value
    if inspect.iscoroutinefunction(value) or inspect.iscoroutinefunction(call):
        raise TypeError(f"{name} of a SyncProbeClient must be a plain function, not an async one")


def _async_sleep(sleep: SyncSleep) -> Callable[[float], Any]:
    async def in_worker(seconds: float) -> None:
        await asyncio.to_thread(sleep, seconds)

    return in_worker


def _async_hooks(hooks: Mapping[str, list[Callable[..., Any]]]) -> dict[str, list[Callable[..., Any]]]:
    """The sync client's event hooks as the async client on the loop calls them."""

    def wrap(hook: Callable[..., Any]) -> Callable[..., Any]:
        async def call(subject: Any) -> None:
            await asyncio.to_thread(hook, subject)  # a hook may block: not on the loop every wait shares

        return call

    return {event: [wrap(hook) for hook in listed] for event, listed in hooks.items()}


class _Loop:
    """The private loop thread of a family of clients (one made by ``SyncProbeClient()`` and its ``with_*()``).

    Started on first use; stopped by the original's ``close()``, or once no client of the family is left (a
    sibling may outlive the original it was made from: ``client = SyncProbeClient().with_options(...)``).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._started: list[Portal] = []
        self._stopped = False
        weakref.finalize(self, _stop_all, self._started)

    def portal(self) -> Portal:
        with self._lock:
            if self._stopped:
                raise ProbeError("this SyncProbeClient is closed: create a new one")
            if not self._started:
                self._started.append(Portal())
            return self._started[0]

    @property
    def stopped(self) -> bool:
        """Whether the original of the family closed it."""
        return self._stopped

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
        _stop_all(self._started)


def _stop_all(started: list[Portal]) -> None:
    for portal in started:
        portal.stop()


class SyncProbeClient(SyncProbeResources):
    """Synchronous client for the SPLX Probe API: ``client.targets.get(...)``, or ``client=`` of ``sync()``.

    >>> with SyncProbeClient() as client:
    ...     target = client.targets.get(workspace_id=1, target_id=2)

    The constructor is ``ProbeClient``'s, with sync types: ``transport`` is an ``httpx.BaseTransport``
    (``httpx.MockTransport`` in tests) and ``retry_sleep`` a plain function. Same retries, errors and logs.
    Safe to share between threads; close it with ``with`` or ``close()``.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        region: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        deadline: float | None = None,
        transport: httpx.BaseTransport | None = None,
        limits: httpx.Limits = DEFAULT_LIMITS,
        headers: dict[str, str] | None = None,
        retry_sleep: SyncSleep | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        **httpx_args: Any,
    ) -> None:
        if transport is not None and not isinstance(transport, httpx.BaseTransport):
            raise TypeError(
                f"transport must be an httpx.BaseTransport (SyncProbeClient is synchronous), got"
                f" {type(transport).__name__}; httpx.MockTransport and httpx.HTTPTransport are ones"
            )
        _check_sync(retry_sleep, "retry_sleep")
        for event, hooks in (httpx_args.get("event_hooks") or {}).items():
            for hook in hooks:
                _check_sync(hook, f"event_hooks[{event!r}]")
        self._settings: dict[str, Any] = {
            "api_key": api_key,
            "region": region,
            "base_url": base_url,
            "timeout": timeout,
            "max_retries": max_retries,
            "deadline": deadline,
            "transport": transport,
            "limits": limits,
            "headers": headers,
            "retry_sleep": retry_sleep,
            "max_response_bytes": max_response_bytes,
            **httpx_args,
        }
        settings = setup("SyncProbeClient", self._settings)
        self.region = settings.region
        self.max_retries = max_retries
        self.deadline = deadline
        super().__init__(
            base_url=settings.url,
            token=settings.api_key,
            prefix="",
            auth_header_name=auth_header_name(),
            timeout=settings.timeout,
            headers=settings.headers,
        )
        inner = transport or default_transport(httpx.HTTPTransport, settings, limits)
        self._inner_transport = inner
        self._twin: ProbeClient | None = None
        self._twin_lock = threading.Lock()
        self._closed = False
        self._loop = _Loop()
        self._owner = True  # of the loop thread; a sibling gets its original's
        self.set_httpx_client(
            httpx.Client(
                base_url=settings.url,
                headers=settings.sent_headers,
                timeout=settings.timeout,
                transport=SyncProbeTransport(
                    SyncRouting.wrap(inner, settings.url, settings.api_key),  # operations' own hosts and credentials
                    max_retries=max_retries,
                    deadline=deadline,
                    sleep=retry_sleep,
                    max_response_bytes=max_response_bytes,
                ),
                **settings.httpx_args,
            )
        )

    @property
    def base_url(self) -> str:
        """Where requests go, e.g. ``https://api.probe.splx.ai``."""
        return self._base_url

    @property
    def is_closed(self) -> bool:
        """Whether ``close()`` was called: requests raise ``ProbeError``."""
        return self._closed

    def get_httpx_client(self) -> httpx.Client:
        """The ``httpx.Client`` every endpoint's ``sync()`` sends through; ``ProbeError`` once closed."""
        http = self._client
        if http is None or self._closed:
            raise ProbeError("this SyncProbeClient is closed: create a new one (or call before leaving `with`)")
        return http

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Not available: ``SyncProbeClient`` is synchronous. Use ``ProbeClient`` for ``asyncio()``."""
        raise ProbeError(
            "SyncProbeClient is synchronous: call the endpoints' sync() or sync_detailed(), or use ProbeClient"
            " (same constructor) with asyncio() and asyncio_detailed()"
        )

    def _on_loop(self) -> tuple[Portal, ProbeClient]:
        """The loop thread and, on it, an async client with this one's settings sending through this one's pool."""
        self.get_httpx_client()  # closed: say so before starting anything
        if self._loop.stopped and not self._owner:
            raise ProbeError(f"cannot wait: {ORIGINAL_CLOSED}, and with it the connections and the loop thread")
        portal = self._loop.portal()
        with self._twin_lock:
            if self._twin is None:
                self._twin = self._make_twin()
            return portal, self._twin

    def _make_twin(self) -> ProbeClient:
        settings = {name: value for name, value in self._settings.items() if name not in _SYNC_ONLY}
        sleep = self._settings["retry_sleep"]
        hooks = self._settings.get("event_hooks")
        if hooks is not None:
            settings["event_hooks"] = _async_hooks(hooks)
        auth = self._settings.get("auth")
        if isinstance(auth, httpx.Auth):
            settings["auth"] = _SyncAuthOnLoop(auth)
        twin = ProbeClient(
            **settings,
            transport=_InWorkerThread(self._inner_transport, self),
            retry_sleep=None if sleep is None else _async_sleep(sleep),
        )
        # One cookie jar: a cookie the platform sets on a poll is sent by plain calls, and the other way round.
        twin.get_async_httpx_client().cookies.jar = self.get_httpx_client().cookies.jar
        return twin

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
        deadline: float | Unset | None = UNSET,
    ) -> SyncProbeClient:
        """A new client like this one with other defaults (see ``ProbeClient.with_options``); shares the pool."""
        return self._sibling(**option_changes(self._settings, timeout, max_retries, headers, deadline))

    def with_headers(self, headers: dict[str, str]) -> SyncProbeClient:
        """A new client like this one that also sends ``headers``; it shares this client's connections."""
        return self.with_options(headers=headers)

    def with_timeout(self, timeout: TimeoutTypes) -> SyncProbeClient:
        """A new client like this one with ``timeout`` (seconds or an ``httpx.Timeout``)."""
        return self.with_options(timeout=timeout)

    def with_cookies(self, cookies: dict[str, str]) -> SyncProbeClient:
        """A new client like this one that also sends ``cookies``; it shares this client's connections."""
        return self._sibling(cookies={**self._settings.get("cookies", {}), **cookies})

    def _sibling(self, **changes: Any) -> SyncProbeClient:
        inner = self._inner_transport
        lent = inner if isinstance(inner, _LentPool) else _LentPool(inner, owner=self.get_httpx_client())
        settings = {name: value for name, value in self._settings.items() if name not in TRANSPORT_OPTIONS}
        sibling = SyncProbeClient(**{**settings, "transport": lent, **changes})
        sibling._loop, sibling._owner = self._loop, False
        if "cookies" not in changes:  # the same session with other defaults: cookies the platform sets are shared
            sibling.get_httpx_client().cookies.jar = self.get_httpx_client().cookies.jar
        return sibling

    def close(self) -> None:
        """Close the connections (and the loop thread, if polling started it); later calls raise ``ProbeError``.

        Idempotent. On a client made by ``with_options`` this closes only that sibling; the original owns the
        connections.
        """
        if self._closed:
            return
        self._closed = True  # a wait in flight stops at its next request (the twin owns no connections)
        try:
            if self._client is not None:
                self._client.close()
        finally:
            if self._owner:
                self._loop.stop()

    def __enter__(self) -> SyncProbeClient:
        self.get_httpx_client()
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


_SYNC_ONLY = TRANSPORT_OPTIONS | {"transport", "retry_sleep", "event_hooks"}
"""Settings the async twin gets in its own form."""
