# Hand-written: edit overrides/splx_probe_client/_routing.py, not this copy (installed by `make generate`).
"""Where each request goes and how it carries the key, as the spec's servers and security say (``_servers``).

Most requests need nothing here: the client's default headers carry the key of the spec's security scheme (an
``X-Api-Key`` header, or ``Authorization: Bearer``) and its base URL is the region's. A transport of this module
sits under the retrying transport only when the spec asks for more:

- an operation served from a host of its own (operation-level ``servers``) is sent to that host of the client's
  region. Only a client talking to a region's own URL is routed: with any other ``base_url`` (a proxy, FakeProbe)
  every operation goes to that ``base_url``, which the user chose for all of them;
- a key sent in the query, or an operation whose security differs from the spec's default (another scheme, or
  none), gets its credential on the copy of the request that goes on the wire. The client's own request object,
  which logs, errors and event hooks see, never holds a key in its URL.
"""

from __future__ import annotations

import httpx

from ._retry import operation_of
from ._servers import DEFAULT_CREDENTIAL, OPERATION_CREDENTIALS, OPERATION_SERVERS, REGIONS, Credential

__all__ = ["AsyncRouting", "SyncRouting", "auth_header_name", "credential_headers", "region_of"]


def credential_headers(api_key: str) -> dict[str, str]:
    """The default headers that carry ``api_key`` (none when the spec's default sends it in the query)."""
    credential = DEFAULT_CREDENTIAL
    if credential is None or credential.location != "header":
        return {}
    return {credential.name: credential.prefix + api_key}


def auth_header_name() -> str:
    """The header of the spec's default scheme, for the generated ``AuthenticatedClient``'s field of that name."""
    credential = DEFAULT_CREDENTIAL
    return credential.name if credential is not None and credential.location == "header" else "Authorization"


def region_of(url: str) -> str | None:
    """The region whose base URL ``url`` is, or ``None`` (a proxy, the fake, another host)."""
    return next((name for name, base in REGIONS.items() if base == url.rstrip("/")), None)


class _Plan:
    """What to change in a client's requests: the hosts of its region's operations, and credentials."""

    def __init__(self, url: str, api_key: str) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        region = region_of(url)
        self.hosts = {op: urls[region] for op, urls in OPERATION_SERVERS.items()} if region is not None else {}

    @property
    def needed(self) -> bool:
        query_key = DEFAULT_CREDENTIAL is not None and DEFAULT_CREDENTIAL.location == "query"
        return bool(self.hosts or OPERATION_CREDENTIALS or query_key)

    def prepare(self, request: httpx.Request) -> httpx.Request:
        operation = operation_of(request.method, request.url.path)
        operation_id = operation.operation_id if operation is not None else None
        host = self.hosts.get(operation_id or "")
        if host is not None and host != self.url and str(request.url).startswith(self.url + "/"):
            # In place: logs, errors and retries show the host the request really went to.
            request.url = httpx.URL(host + str(request.url)[len(self.url) :])
            request.headers["Host"] = request.url.netloc.decode("ascii")
        credential = (
            OPERATION_CREDENTIALS[operation_id]
            if operation_id is not None and operation_id in OPERATION_CREDENTIALS
            else DEFAULT_CREDENTIAL
        )
        default_header = DEFAULT_CREDENTIAL is not None and DEFAULT_CREDENTIAL.location == "header"
        if credential == DEFAULT_CREDENTIAL and default_header:
            return request  # the default headers carry it
        return self._with_credential(request, credential)

    def _with_credential(self, request: httpx.Request, credential: Credential | None) -> httpx.Request:
        headers = request.headers.copy()
        if DEFAULT_CREDENTIAL is not None and DEFAULT_CREDENTIAL.location == "header":
            headers.pop(DEFAULT_CREDENTIAL.name, None)  # this operation does not send the default key
        url = request.url
        if credential is not None and credential.location == "header":
            headers[credential.name] = credential.prefix + self.api_key
        elif credential is not None:
            url = url.copy_merge_params({credential.name: credential.prefix + self.api_key})
        # A copy: the client's own request (logs, errors, hooks) keeps no key in its URL.
        return httpx.Request(request.method, url, headers=headers, stream=request.stream, extensions=request.extensions)


class AsyncRouting(httpx.AsyncBaseTransport):
    """Sends each request to its operation's host with its operation's credential (see the module)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, plan: _Plan) -> None:
        self.inner = inner
        self._plan = plan

    @classmethod
    def wrap(cls, inner: httpx.AsyncBaseTransport, url: str, api_key: str) -> httpx.AsyncBaseTransport:
        """``inner`` itself when the spec asks for nothing here (the common case), else ``inner`` wrapped."""
        plan = _Plan(url, api_key)
        return cls(inner, plan) if plan.needed else inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.inner.handle_async_request(self._plan.prepare(request))

    async def aclose(self) -> None:
        await self.inner.aclose()


class SyncRouting(httpx.BaseTransport):
    """``AsyncRouting`` for ``SyncProbeClient``."""

    def __init__(self, inner: httpx.BaseTransport, plan: _Plan) -> None:
        self.inner = inner
        self._plan = plan

    @classmethod
    def wrap(cls, inner: httpx.BaseTransport, url: str, api_key: str) -> httpx.BaseTransport:
        """``inner`` itself when the spec asks for nothing here (the common case), else ``inner`` wrapped."""
        plan = _Plan(url, api_key)
        return cls(inner, plan) if plan.needed else inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.inner.handle_request(self._plan.prepare(request))

    def close(self) -> None:
        self.inner.close()
