# Hand-written: edit overrides/splx_probe_client/_client.py, not this copy (installed by `make generate`).
"""``ProbeClient``: the generated ``AuthenticatedClient``, ready for SPLX Probe, with the API as resources.

It sends the API key as the spec's security says (``X-Api-Key``), knows the regions (the spec's servers, named
in merge-config.yaml; ``_servers``), and sends every request through ``_transport.ProbeTransport`` so each
generated endpoint raises the SDK's typed errors and retries only what is safe to retry. Its resources
(``client.targets``, ``client.test_runs``) come from the generated ``_resources`` mixin.
"""

from __future__ import annotations

import os
import platform
import urllib.request
from collections.abc import Mapping
from typing import Any, NamedTuple, TypeVar

import httpx

from ._exceptions import ProbeError, display_url
from ._resource_base import (
    TimeoutTypes,
    check_api_key,
    check_deadline,
    check_headers,
    check_max_retries,
    check_timeout,
    wire_headers,
)
from ._resources import AsyncProbeResources
from ._retry import DEFAULT_MAX_RESPONSE_BYTES
from ._routing import AsyncRouting, auth_header_name, credential_headers
from ._servers import DEFAULT_REGION, REGIONS
from ._transport import ProbeTransport, Sleep
from ._version import __version__
from .types import UNSET, Unset

__all__ = ["DEFAULT_MAX_RETRIES", "DEFAULT_TIMEOUT", "REGIONS", "ProbeClient"]

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
"""5 s to connect; 60 s for each read, write and pool wait (target creation can take a while)."""
DEFAULT_MAX_RETRIES = 2
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100)
"""As many idle connections kept as may be open, so a burst of concurrent calls does not reopen them."""

USER_AGENT = f"splx-probe-client/{__version__} python/{platform.python_version()} httpx/{httpx.__version__}"


def _base_url(region: str | None, base_url: str | None) -> tuple[str, str | None]:
    base_url = base_url or os.environ.get("SPLX_API_URL") or None
    region = region or os.environ.get("SPLX_REGION") or None
    if region is not None and region.lower() not in REGIONS:
        raise ValueError(f"unknown region {region!r}: valid regions are {', '.join(sorted(REGIONS))}")
    if base_url is not None:
        return base_url.rstrip("/"), region
    region = (region or DEFAULT_REGION).lower()
    return REGIONS[region], region


def _split_credentials(url: str) -> tuple[str, httpx.BasicAuth | None]:
    # httpx would send user:password@ of a base URL as Basic auth anyway, but also print it in its own log of
    # every request: it becomes the client's auth instead, so no URL the SDK or httpx shows carries it.
    parsed = httpx.URL(url)
    if not parsed.userinfo:
        return url, None
    return str(parsed.copy_with(userinfo=b"")), httpx.BasicAuth(parsed.username, parsed.password)


TRANSPORT_OPTIONS = frozenset({"verify", "cert", "http1", "http2", "proxy"})
"""``httpx`` client options that configure its default transport: the SDK's clients build that one themselves."""

ORIGINAL_CLOSED = (
    "the client this one was made from (with_options, with_headers, with_timeout or with_cookies) is closed"
)
"""Why a sibling cannot send: the connections (and a sync family's loop thread) belong to its original."""

TransportT = TypeVar("TransportT", httpx.HTTPTransport, httpx.AsyncHTTPTransport)


class Setup(NamedTuple):
    """What both clients make of their constructor arguments, every one checked before any request."""

    api_key: str
    url: str
    """The base URL requests go to, without the credentials it may have had (they are in ``auth``)."""
    region: str | None
    timeout: httpx.Timeout
    headers: dict[str, str]
    """Sent with every request, the key aside."""
    sent_headers: httpx.Headers
    """``headers`` and the key's header as the ``httpx`` client gets them (``_resource_base.wire_headers``)."""
    transport_options: dict[str, Any]
    """``verify``, ``cert``, ``http1``, ``http2``, ``proxy``: for the default transport only."""
    httpx_args: dict[str, Any]
    """The other ``httpx`` client options (``auth`` holds a base URL's credentials)."""


def setup(client: str, settings: dict[str, Any]) -> Setup:
    """Check ``client``'s (a class name) constructor ``settings`` and resolve the key, region and URL.

    What the environment gave is written back into ``settings``, which siblings are made from: a later change of
    ``SPLX_API_KEY``/``SPLX_API_URL`` must not send this client's key elsewhere.
    """
    timeout, max_retries, deadline = settings["timeout"], settings["max_retries"], settings["deadline"]
    headers, transport = settings["headers"], settings["transport"]
    given_key = settings["api_key"]
    api_key = given_key or os.environ.get("SPLX_API_KEY") or None
    if api_key is None:
        raise ProbeError(f"no API key: pass {client}(api_key=...) or set the SPLX_API_KEY environment variable")
    # Stripped or refused here, naming where it came from: httpx would refuse it later with an error quoting it.
    api_key = check_api_key(api_key, "api_key" if given_key else "SPLX_API_KEY")
    check_timeout(timeout)
    check_max_retries(max_retries)
    if headers is not None:
        headers = check_headers(headers, "headers")
    if deadline is not None:
        check_deadline(deadline)
    httpx_args = {name: value for name, value in settings.items() if name not in _CONSTRUCTOR_PARAMETERS}
    if httpx_args.get("follow_redirects"):
        # The API does not redirect: a 3xx is an APIStatusError, raised before httpx could follow it.
        raise ValueError(f"follow_redirects=True is not supported by {client}: a 3xx answer raises APIStatusError")
    if "mounts" in httpx_args:
        raise ValueError(f"mounts= would bypass {client}'s retries and typed errors: pass transport= or proxy=")
    options = {name: httpx_args.pop(name) for name in sorted(TRANSPORT_OPTIONS) if name in httpx_args}
    if transport is not None and options:
        raise ValueError(f"{', '.join(options)} configure the default transport: with transport=, set them on it")
    given_url, region = _base_url(settings["region"], settings["base_url"])
    settings.update(api_key=api_key, region=region, base_url=given_url, headers=headers)
    url, credentials = _split_credentials(given_url)
    if credentials is not None and "auth" not in httpx_args:
        httpx_args["auth"] = credentials
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    return Setup(
        api_key=api_key,
        url=url,
        region=region,
        timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
        headers=sent,
        sent_headers=wire_headers({**sent, **credential_headers(api_key)}),
        transport_options=options,
        httpx_args=httpx_args,
    )


def option_changes(
    settings: Mapping[str, Any],
    timeout: TimeoutTypes | Unset,
    max_retries: int | None,
    headers: Mapping[str, str] | None,
    deadline: float | Unset | None,
) -> dict[str, Any]:
    """``with_options()``'s arguments, checked, as changes to a client's ``settings`` (headers added to its own)."""
    changes: dict[str, Any] = {}
    if not isinstance(timeout, Unset):
        check_timeout(timeout)
        changes["timeout"] = timeout
    if max_retries is not None:
        changes["max_retries"] = check_max_retries(max_retries)
    if headers is not None:
        changes["headers"] = {**(settings["headers"] or {}), **check_headers(headers, "headers")}
    if not isinstance(deadline, Unset):
        changes["deadline"] = None if deadline is None else check_deadline(deadline)
    return changes


_CONSTRUCTOR_PARAMETERS = frozenset(
    {
        "api_key",
        "region",
        "base_url",
        "timeout",
        "max_retries",
        "deadline",
        "transport",
        "limits",
        "headers",
        "retry_sleep",
        "max_response_bytes",
    }
)
"""The clients' own parameters; every other setting is an ``httpx`` client option."""


def default_transport(kind: type[TransportT], settings: Setup, limits: httpx.Limits) -> TransportT:
    """The ``kind`` (``httpx.HTTPTransport`` or ``httpx.AsyncHTTPTransport``) a client sends through by default."""
    # httpx ignores proxies from the environment once a transport is given, and mounts an explicit proxy= beside
    # it (bypassing retries and typed errors): the proxy goes into the one transport the SDK's transport wraps.
    options = settings.transport_options
    trust_env = bool(settings.httpx_args.get("trust_env", True))
    proxy = options.get("proxy")
    if proxy is None and trust_env:
        proxy = _environment_proxy(httpx.URL(settings.url))
    return kind(
        verify=options.get("verify", True),
        cert=options.get("cert"),
        http1=options.get("http1", True),
        http2=options.get("http2", False),
        trust_env=trust_env,
        limits=limits,
        proxy=proxy,
    )


def _environment_proxy(url: httpx.URL) -> str | None:
    """The proxy ``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY`` set for ``url``, unless ``NO_PROXY`` exempts its host."""
    proxies = urllib.request.getproxies()
    if any(_exempts(entry, url) for entry in proxies.get("no", "").split(",")):
        return None
    proxy = proxies.get(url.scheme) or proxies.get("all")
    if not proxy:
        return None
    return proxy if "://" in proxy else f"http://{proxy}"


def _exempts(no_proxy_entry: str, url: httpx.URL) -> bool:
    # curl's rules, as httpx reads them: "*" is every host; "example.com" or ".example.com" covers its subdomains.
    scheme, _, name = no_proxy_entry.strip().lower().rpartition("://")
    name = name.strip("[]").lstrip(".")
    if scheme not in ("", "all", url.scheme) or not name:
        return False
    host = url.host.lower()
    return name in ("*", host) or host.endswith("." + name)


class _LentPool(httpx.AsyncBaseTransport):
    """A client's transport lent to a sibling made by ``with_*()``: the owner alone closes the connections."""

    def __init__(self, inner: httpx.AsyncBaseTransport, *, owner: httpx.AsyncClient) -> None:
        self.inner = inner
        self._owner = owner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._owner.is_closed:
            raise ProbeError(f"cannot send a request: {ORIGINAL_CLOSED}, and with it the connections they share")
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        return None  # the owner's aclose() closes the connections


class ProbeClient(AsyncProbeResources):
    """Async client for the SPLX Probe API: ``await client.targets.get(...)``, or ``client=`` of any endpoint.

    >>> async with ProbeClient() as client:
    ...     target = await client.targets.get(workspace_id=1, target_id=2)

    ``api_key`` defaults to ``SPLX_API_KEY``; ``region`` (``"eu"``, the default, or ``"us"``) to ``SPLX_REGION``;
    ``base_url`` (or ``SPLX_API_URL``) overrides the region, for proxies and the test fake: every operation then
    goes to it, even one the spec serves from a host of its own (a region's URL sends that one there). ``transport``
    takes any ``httpx.AsyncBaseTransport`` (``httpx.MockTransport`` in tests). Endpoints raise ``APIStatusError``
    subclasses for non-2xx answers and ``APIConnectionError`` when no answer came; transient failures are
    retried up to ``max_retries`` times (see ``_transport`` for what is safe to retry); ``deadline`` bounds each
    call as a whole, retries included; ``max_response_bytes`` (default 32 MiB) caps an answer's decoded size
    (past it ``APIResponseValidationError``). One client is safe to share across tasks and reuses its connections;
    close it with ``async with`` or ``aclose()``. ``with_options(...)`` makes a sibling with other defaults.
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
        transport: httpx.AsyncBaseTransport | None = None,
        limits: httpx.Limits = DEFAULT_LIMITS,
        headers: dict[str, str] | None = None,
        retry_sleep: Sleep | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        **httpx_args: Any,
    ) -> None:
        # What with_options()/with_cookies() build a sibling client from (repr never shows it).
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
        settings = setup("ProbeClient", self._settings)
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
        inner = transport or default_transport(httpx.AsyncHTTPTransport, settings, limits)
        self._inner_transport = inner
        routed = AsyncRouting.wrap(inner, settings.url, settings.api_key)  # operations' own hosts and credentials
        self._probe_transport = ProbeTransport(
            routed,
            max_retries=max_retries,
            deadline=deadline,
            sleep=retry_sleep,
            max_response_bytes=max_response_bytes,
        )
        self.set_async_httpx_client(
            httpx.AsyncClient(
                base_url=settings.url,
                headers=settings.sent_headers,
                timeout=settings.timeout,
                transport=self._probe_transport,
                **settings.httpx_args,
            )
        )

    @property
    def base_url(self) -> str:
        """Where requests go, e.g. ``https://api.probe.splx.ai``."""
        return self._base_url

    @property
    def is_closed(self) -> bool:
        """Whether ``aclose()`` was called (or the ``async with`` block left): requests raise ``ProbeError``."""
        http = self._async_client
        return http is not None and http.is_closed

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The ``httpx.AsyncClient`` every endpoint sends through; ``ProbeError`` once the client is closed."""
        http = self._async_client
        if http is None or http.is_closed:
            raise ProbeError("this ProbeClient is closed: create a new one (or send before leaving `async with`)")
        return http

    async def aclose(self) -> None:
        """Close the client's connections; later requests raise ``ProbeError``. Closing twice is harmless."""
        if self._async_client is not None and not self._async_client.is_closed:
            await self._async_client.aclose()

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        await self.aclose()

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | Unset = UNSET,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
        deadline: float | Unset | None = UNSET,
    ) -> ProbeClient:
        """A new client like this one with other defaults; it shares this client's connections.

        ``timeout`` (seconds, an ``httpx.Timeout``, or ``None`` for none) and ``max_retries`` replace this
        client's; ``headers`` are sent besides this client's; ``deadline`` bounds each call, retries included.
        Each is checked here, before any request. Close only the original client.
        """
        return self._sibling(**option_changes(self._settings, timeout, max_retries, headers, deadline))

    def _with_call_options(
        self,
        timeout: TimeoutTypes | Unset,
        extra_headers: Mapping[str, str] | None,
        max_retries: int | None,
        deadline: float | None,
    ) -> ProbeClient:
        """This client, or a sibling with a resource method's per-call options for calls made on its behalf."""
        if isinstance(timeout, Unset) and extra_headers is None and max_retries is None and deadline is None:
            return self
        return self.with_options(
            timeout=timeout,
            max_retries=max_retries,
            headers=None if extra_headers is None else check_headers(extra_headers),  # named as the caller gave it
            deadline=UNSET if deadline is None else deadline,
        )

    def with_headers(self, headers: dict[str, str]) -> ProbeClient:
        """A new client like this one that also sends ``headers``; it shares this client's connections."""
        return self.with_options(headers=headers)

    def with_timeout(self, timeout: TimeoutTypes) -> ProbeClient:
        """A new client like this one with ``timeout`` (seconds or an ``httpx.Timeout``); it shares the connections."""
        return self.with_options(timeout=timeout)

    def with_cookies(self, cookies: dict[str, str]) -> ProbeClient:
        """A new client like this one that also sends ``cookies``; it shares this client's connections."""
        return self._sibling(cookies={**self._settings.get("cookies", {}), **cookies})

    def _sibling(self, **changes: Any) -> ProbeClient:
        # The generated with_*() use attrs.evolve, which would call __init__ with the attrs fields and lose the
        # transport. A sibling borrows this client's pool instead: no new connections, none left unclosed.
        inner = self._inner_transport
        lent = inner if isinstance(inner, _LentPool) else _LentPool(inner, owner=self.get_async_httpx_client())
        settings = {name: value for name, value in self._settings.items() if name not in TRANSPORT_OPTIONS}
        sibling = type(self)(**{**settings, "transport": lent, **changes})
        if "cookies" not in changes:  # the same session with other defaults: cookies the platform sets are shared
            sibling.get_async_httpx_client().cookies.jar = self.get_async_httpx_client().cookies.jar
        return sibling

    def get_httpx_client(self) -> httpx.Client:
        """Not available: ``ProbeClient`` is async. Use ``SyncProbeClient`` for the endpoints' ``sync()``."""
        raise ProbeError(
            "ProbeClient is async: await the endpoints' asyncio() or asyncio_detailed() functions, or use"
            " SyncProbeClient (same constructor) for their sync() and sync_detailed() variants"
        )

    def __repr__(self) -> str:
        return f"ProbeClient(base_url={display_url(self._base_url)!r}, max_retries={self.max_retries})"

    __str__ = __repr__
    # Identity, not attrs' field equality: clients key per-client state (the polling registry) and are shared.
    __eq__ = object.__eq__
    __hash__ = object.__hash__  # type: ignore[assignment]  # attrs made the base unhashable
