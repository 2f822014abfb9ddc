"""Servers and security of the merged spec: the regions the client knows and the credential it sends.

Regions: every server (the spec's, a path's or an operation's) is named by ``servers`` in merge-config.yaml
(``url: region``); the merge marks it ``x-splx-region``. A server with no name stops the merge naming it: a
new region is a decision (what ``region=`` value selects it), never a guess. The spec's first server is the
default region. An operation with servers of its own names one for every region, else the merge stops.

Security: the client holds one key. Each operation's requirement (its own ``security`` or the spec's) is
read as alternatives; the first alternative of exactly one scheme the client can send is used: an API key
in a header or the query, or HTTP bearer. An operation with no such alternative (OAuth 2, OpenID Connect,
a cookie, HTTP basic, two schemes at once) stops the merge naming the operation and the scheme, unless it
also allows anonymous access.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from .importer import HTTP_METHODS

REGION_EXTENSION = "x-splx-region"
_REGION_NAME = re.compile(r"^[a-z][a-z0-9-]{0,31}$")
_CONFIG_HINT = "openapi/merge-config.yaml"


class ServersError(Exception):
    """The spec's servers or security cannot be turned into the client's regions or credential."""


class Credential(NamedTuple):
    """How the client's one key is sent."""

    scheme: str
    """The scheme's name in the spec (``components/securitySchemes``)."""
    location: str
    """``header`` or ``query``."""
    name: str
    """The header or query parameter that carries the key."""
    prefix: str = ""
    """Written before the key (``Bearer `` for HTTP bearer)."""


def _operations(spec: Mapping[str, Any]) -> Iterator[tuple[str, str, Mapping[str, Any], Mapping[str, Any]]]:
    for path, item in sorted((spec.get("paths") or {}).items()):
        for method in HTTP_METHODS:
            if method in item:
                yield method, path, item, item[method]


def _normal(url: str) -> str:
    return url.rstrip("/")


def name_servers(spec: dict[str, Any], names: Mapping[str, str], warnings: list[str]) -> None:
    """Mark every server of ``spec`` with its region (``x-splx-region``) from ``names`` (``url -> region``)."""
    by_url = {_normal(str(url)): str(region) for url, region in (names or {}).items()}
    for url, region in sorted(by_url.items()):
        if not _REGION_NAME.match(region):
            raise ServersError(
                f"{_CONFIG_HINT} servers: region name {region!r} of {url!r} must be lower case letters, digits and"
                " '-' (it is the value of region= and SPLX_REGION)"
            )
    used: set[str] = set()

    def mark(servers: list[dict[str, Any]], where: str) -> None:
        seen: dict[str, str] = {}
        for index, server in enumerate(servers):
            url = str(server.get("url", ""))
            if "{" in url:
                raise ServersError(
                    f"{where}: server {url!r} has variables, which the client does not fill in: list each URL"
                    " the vendor serves as a server of its own"
                )
            region = by_url.get(_normal(url))
            if region is None:
                suggestion = server.get("description") or f"server {index}"
                raise ServersError(
                    f"{where}: server {url!r} ({suggestion}) has no region name: name it in {_CONFIG_HINT}, e.g.\n"
                    f"  servers:\n    {_normal(url)!r}: <region>"
                )
            if region in seen:
                raise ServersError(f"{where}: servers {seen[region]!r} and {url!r} are both region {region!r}")
            seen[region] = url
            used.add(_normal(url))
            server[REGION_EXTENSION] = region

    top = spec.get("servers") or []
    if not top:
        raise ServersError("the merged spec has no servers: the client would know no region to send requests to")
    mark(top, "servers")
    regions = [server[REGION_EXTENSION] for server in top]
    for method, path, item, operation in _operations(spec):
        own = operation.get("servers") or item.get("servers")
        if not own:
            continue
        where = f"{method.upper()} {path} servers"
        mark(own, where)
        missing = sorted(set(regions) - {server[REGION_EXTENSION] for server in own})
        if missing:
            raise ServersError(
                f"{where}: no server for region {', '.join(map(repr, missing))}; the operation cannot be sent there."
                " Name the operation's server of that region in merge-config.yaml servers"
            )
    warnings.extend(f"merge-config servers: no server {url!r} in the spec" for url in sorted(set(by_url) - used))


def regions(spec: Mapping[str, Any]) -> dict[str, str]:
    """Region -> base URL, the default region (the spec's first server) first."""
    servers = spec.get("servers") or []
    return {server[REGION_EXTENSION]: _normal(server["url"]) for server in servers if REGION_EXTENSION in server}


def operation_servers(spec: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """operationId -> region -> base URL, for each operation served from hosts of its own."""
    found: dict[str, dict[str, str]] = {}
    default = regions(spec)
    for _, _, item, operation in _operations(spec):
        own = operation.get("servers") or item.get("servers")
        if own:
            urls = {server[REGION_EXTENSION]: _normal(server["url"]) for server in own}
            per_region = {region: urls[region] for region in default}
            if per_region != default:
                found[operation["operationId"]] = per_region
    return found


def _credential(name: str, scheme: Mapping[str, Any]) -> Credential | str:
    """The credential ``scheme`` asks for, or why the client cannot send it."""
    kind = scheme.get("type")
    if kind == "apiKey":
        location = scheme.get("in")
        if location in ("header", "query") and scheme.get("name"):
            return Credential(name, str(location), str(scheme["name"]))
        return f"scheme {name!r} (an API key in {location!r}: the client sends it in a header or the query only)"
    if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
        return Credential(name, "header", "Authorization", "Bearer ")
    detail = f"http {scheme.get('scheme')}" if kind == "http" else kind
    return f"scheme {name!r} ({detail}: the client holds one API key and cannot obtain or send this credential)"


def _pick(requirement: list[Mapping[str, Any]], schemes: Mapping[str, Any], where: str) -> Credential | None:
    """The first alternative of ``requirement`` the client can send; ``None`` when anonymous access is allowed."""
    reasons: list[str] = []
    for alternative in requirement:
        if len(alternative) > 1:
            reasons.append(f"schemes {sorted(alternative)} together (the client has one key)")
            continue
        for name in alternative:
            if name not in schemes:
                raise ServersError(f"{where}: security names scheme {name!r}, which components/securitySchemes lacks")
            found = _credential(name, schemes[name])
            if isinstance(found, Credential):
                return found
            reasons.append(found)
    if requirement and all(alternative for alternative in requirement):
        raise ServersError(
            f"{where}: the client cannot satisfy its security: {'; '.join(reasons)}. Supported: an API key in a"
            " header or the query, or HTTP bearer"
        )
    return None


def operation_credentials(spec: Mapping[str, Any]) -> dict[str, Credential | None]:
    """operationId -> the credential the client sends with it (``None``: the operation needs none)."""
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    default = spec.get("security") or []
    return {
        operation["operationId"]: _pick(operation.get("security", default), schemes, f"{method.upper()} {path}")
        for method, path, _, operation in _operations(spec)
    }


def default_credential(spec: Mapping[str, Any]) -> Credential | None:
    """The credential of the spec's own ``security``: every request sends it unless its operation says otherwise."""
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    try:
        return _pick(spec.get("security") or [], schemes, "security")
    except ServersError:
        return None  # every operation has a requirement of its own (checked by operation_credentials)


def check_auth(spec: Mapping[str, Any]) -> None:
    """Raise ``ServersError`` unless the client can send every operation's credential."""
    operation_credentials(spec)
