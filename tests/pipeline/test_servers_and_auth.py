"""Regions, operation hosts and the client's credential come from the spec's servers and security.

The merge names every server by merge-config.yaml's ``servers`` (an unnamed one stops it) and refuses a security
scheme the client cannot send; the built package's ``_servers`` table drives both clients: a changed URL is the
default client's, a new region is accepted, an operation with servers of its own goes to its host (unless the
user chose ``base_url``), and the key travels as the scheme says (header, query, HTTP bearer).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.assemble import build
from pipeline.merge import MergeError

from .conftest import MERGE_CONFIG, ROOT, edit, merge

NEW_EU = "https://eu.api.probe.splx.ai"
NEW_REGION = ("ap", "https://ap.api.probe.splx.ai")
SCORES_HOSTS = {"eu": "https://scores.eu.test", "us": "https://scores.us.test", "ap": "https://scores.ap.test/v1"}


def _edit_fragments(fragments: Path, change: Any) -> None:
    for path in sorted(fragments.glob("*.json")):
        edit(path, change)


def _config(tmp_path: Path, servers: dict[str, str]) -> Path:
    config = yaml.safe_load(MERGE_CONFIG.read_text(encoding="utf-8"))
    config["servers"] = servers
    path = tmp_path / "merge-config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def test_a_server_without_a_region_name_stops_the_merge_naming_it(fragments: Path, tmp_path: Path) -> None:
    def add_region(document: dict[str, Any]) -> None:
        document["servers"].append({"url": NEW_REGION[1], "description": "APAC Server"})

    _edit_fragments(fragments, add_region)
    with pytest.raises(MergeError, match=r"server 'https://ap\.api\.probe\.splx\.ai' \(APAC Server\) has no region"):
        merge(fragments, tmp_path / "spec.json", manifest=tmp_path / "manifest.json")
    assert not (tmp_path / "spec.json").exists()


def test_an_operation_server_missing_a_region_stops_the_merge(fragments: Path, tmp_path: Path) -> None:
    def own_host(document: dict[str, Any]) -> None:
        for item in document["paths"].values():
            for operation in item.values():
                operation["servers"] = [{"url": SCORES_HOSTS["eu"]}]

    _edit_fragments(fragments, own_host)
    names = {"https://api.probe.splx.ai": "eu", "https://us.api.probe.splx.ai": "us", SCORES_HOSTS["eu"]: "eu"}
    config = _config(tmp_path, names)
    with pytest.raises(MergeError, match=r"servers: no server for region 'us'"):
        merge(fragments, tmp_path / "spec.json", config)


@pytest.mark.parametrize(
    ("scheme", "named"),
    [
        ({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://t.test", "scopes": {}}}}, "oauth2"),
        ({"type": "openIdConnect", "openIdConnectUrl": "https://t.test/.well-known"}, "openIdConnect"),
        ({"type": "apiKey", "in": "cookie", "name": "key"}, "an API key in 'cookie'"),
        ({"type": "http", "scheme": "basic"}, "http basic"),
    ],
)
def test_a_scheme_the_client_cannot_send_stops_the_merge_naming_it(
    fragments: Path, tmp_path: Path, scheme: dict[str, Any], named: str
) -> None:
    def replace(document: dict[str, Any]) -> None:
        document["components"]["securitySchemes"] = {"Other": scheme}
        document["security"] = [{"Other": []}]

    _edit_fragments(fragments, replace)
    with pytest.raises(MergeError, match=rf"the client cannot satisfy its security: scheme 'Other' \({named}"):
        merge(fragments, tmp_path / "spec.json", manifest=tmp_path / "manifest.json")


def test_an_unsendable_scheme_beside_a_sendable_one_is_not_an_error(fragments: Path, tmp_path: Path) -> None:
    def add_oauth(document: dict[str, Any]) -> None:
        flows = {"clientCredentials": {"tokenUrl": "https://t.test", "scopes": {}}}
        document["components"]["securitySchemes"]["OAuth"] = {"type": "oauth2", "flows": flows}
        document["security"] = [{"OAuth": []}, *document["security"]]

    _edit_fragments(fragments, add_oauth)
    spec = merge(fragments, tmp_path / "spec.json", manifest=tmp_path / "manifest.json")
    assert spec["security"][0] == {"OAuth": []}


# --- the built package follows the spec --------------------------------------------------------------------------


def _changed_spec(fragments: Path, tmp_path: Path) -> Path:
    """The EU URL moved, a region added, the key sent as HTTP bearer; scores served from hosts of their own,
    the target types list taking the key in the query, and deletion needing no key."""

    def change(document: dict[str, Any]) -> None:
        document["servers"] = [
            {"url": NEW_EU, "description": "EU Server"},
            {"url": "https://us.api.probe.splx.ai", "description": "US Server"},
            {"url": NEW_REGION[1], "description": "APAC Server"},
        ]
        document["components"]["securitySchemes"] = {
            "Bearer": {"type": "http", "scheme": "bearer"},
            "QueryKey": {"type": "apiKey", "in": "query", "name": "api_key"},
        }
        document["security"] = [{"Bearer": []}]
        for path, item in document["paths"].items():
            if path.endswith("/scores"):
                item["get"]["servers"] = [{"url": url} for url in SCORES_HOSTS.values()]
            if path == "/api/target/types":
                item["get"]["security"] = [{"QueryKey": []}]
            if "delete" in item:
                item["delete"]["security"] = []

    _edit_fragments(fragments, change)
    names = {NEW_EU: "eu", "https://us.api.probe.splx.ai": "us", NEW_REGION[1]: NEW_REGION[0]}
    names.update({url: region for region, url in SCORES_HOSTS.items()})
    merge(fragments, tmp_path / "spec.json", _config(tmp_path, names))
    return tmp_path / "spec.json"


CHECKS = """
import asyncio, json
import httpx
import splx_probe_client
from splx_probe_client import ProbeClient, SyncProbeClient

assert splx_probe_client.__file__.startswith({here!r}), splx_probe_client.__file__
assert splx_probe_client.REGIONS == {regions!r}, splx_probe_client.REGIONS
seen = []
shown = []

def answer(request):
    seen.append((str(request.url), request.headers.get("authorization"), request.headers.get("x-api-key")))
    return httpx.Response(503)  # what was sent is what is checked: no answer needs parsing

def calls(client):
    for call in (
        lambda: client.targets.get_scores(workspace_id=1, target_id=2),
        client.targets.list_types,
        lambda: client.targets.delete(workspace_id=1, target_id=2),
    ):
        try:
            call()
        except splx_probe_client.APIStatusError as error:
            shown.append(f"{{error}} {{error!r}} {{error.request.url}} {{error.response.request.url}}")

async def async_calls(**options):
    async with ProbeClient("sekret", transport=httpx.MockTransport(answer), max_retries=0, **options) as client:
        for call in (
            lambda: client.targets.get_scores(workspace_id=1, target_id=2),
            client.targets.list_types,
            lambda: client.targets.delete(workspace_id=1, target_id=2),
        ):
            try:
                await call()
            except splx_probe_client.APIStatusError as error:
                shown.append(f"{{error}} {{error!r}} {{error.request.url}} {{error.response.request.url}}")
        return client.base_url

results = {{}}
for label, options in [("default", {{}}), ("ap", {{"region": "ap"}}), ("fake", {{"base_url": "http://fake.test"}})]:
    seen.clear()
    base = asyncio.run(async_calls(**options))
    results[label] = {{"base": base, "async": list(seen)}}
    seen.clear()
    with SyncProbeClient("sekret", transport=httpx.MockTransport(answer), max_retries=0, **options) as client:
        calls(client)
    results[label]["sync"] = list(seen)
from splx_probe_client.testing import FakeProbe
fake = FakeProbe()
target_id = fake.add_target(1)
with SyncProbeClient(fake.api_key, base_url="http://fake.test", transport=fake.transport()) as client:
    results["fake"]["read_back"] = client.targets.get(workspace_id=1, target_id=target_id).id == target_id
results["shown"] = shown
results["fake"]["sent"] = [request.headers.get("authorization") for request in fake.requests]
fake.requests.clear()
with SyncProbeClient(fake.api_key, base_url="http://fake.test", transport=fake.transport()) as client:
    client.targets.list_types()  # the key in the query, as this operation's scheme says
    client.targets.delete(workspace_id=1, target_id=target_id)  # no key at all: the spec says it needs none
results["fake"]["per_operation"] = [
    [request.operation, request.status, request.headers.get("authorization")] for request in fake.requests
]
with httpx.Client(base_url="http://fake.test", transport=fake.transport()) as raw:
    results["fake"]["no_key"] = [raw.get(f"/api/target/types{{query}}").status_code for query in ("", "?api_key=x")]

import argparse
from splx_probe_client._cli_common import NO_PLATFORM_URL, platform_url, unknown_platform_region
args = argparse.Namespace(region="ap", api_url=None, platform_url=None)
region = unknown_platform_region(args)
results["web"] = [platform_url(args), region and NO_PLATFORM_URL.format(region=region)]
eu = argparse.Namespace(region=None, api_url={new_eu!r}, platform_url=None)
results["web_eu"] = [platform_url(eu), unknown_platform_region(eu)]
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def followed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What both clients of the package built from the changed spec sent (one build for every check)."""
    tmp_path = tmp_path_factory.mktemp("servers")
    fragments = tmp_path / "fragments"
    fragments.mkdir()
    for path in sorted((ROOT / "openapi" / "fragments").glob("*.json")):
        (fragments / path.name).write_bytes(path.read_bytes())
    spec = _changed_spec(fragments, tmp_path)
    (tmp_path / "gen").mkdir()
    package = build(spec, ROOT, tmp_path / "gen")
    regions = {"eu": NEW_EU, "us": "https://us.api.probe.splx.ai", NEW_REGION[0]: NEW_REGION[1]}
    script = textwrap.dedent(CHECKS).format(here=str(package), regions=regions, new_eu=NEW_EU)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=package.parent, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("kind", ["async", "sync"])
def test_the_default_client_follows_a_changed_url_and_operation_hosts(followed: dict[str, Any], kind: str) -> None:
    default = followed["default"]
    assert default["base"] == NEW_EU
    urls = [url for url, _, _ in default[kind]]
    assert urls == [
        f"{SCORES_HOSTS['eu']}/api/workspaces/1/target/2/scores",
        f"{NEW_EU}/api/target/types?api_key=sekret",
        f"{NEW_EU}/api/workspaces/1/target/2",
    ]
    ap = [url for url, _, _ in followed["ap"][kind]]
    assert ap[0] == f"{SCORES_HOSTS['ap']}/api/workspaces/1/target/2/scores"  # the host's base path kept
    assert ap[1].startswith(NEW_REGION[1] + "/")


@pytest.mark.parametrize("kind", ["async", "sync"])
def test_a_user_base_url_wins_for_every_operation(followed: dict[str, Any], kind: str) -> None:
    assert {url.split("/api/")[0] for url, _, _ in followed["fake"][kind]} == {"http://fake.test"}


@pytest.mark.parametrize("kind", ["async", "sync"])
def test_the_key_travels_as_each_operation_s_scheme_says(followed: dict[str, Any], kind: str) -> None:
    (_, scores_auth, scores_key), (types_url, types_auth, _), (_, delete_auth, _) = followed["default"][kind]
    assert (scores_auth, scores_key) == ("Bearer sekret", None)  # HTTP bearer, the spec's default; no X-Api-Key
    assert "api_key=sekret" in types_url  # its own scheme: the query, and only there
    assert types_auth is None
    assert delete_auth is None  # `security: []`: no key at all


def test_a_region_with_no_known_web_app_gets_no_link_and_says_why(followed: dict[str, Any]) -> None:
    assert followed["web"] == [
        None,
        "no link to the run: the web app of region 'ap' is not known (pass --platform-url)",
    ]
    assert followed["web_eu"] == ["https://probe.splx.ai", None]  # a region's own (changed) API URL: its web app


def test_fake_probe_takes_the_key_as_the_spec_s_default_scheme_says(followed: dict[str, Any]) -> None:
    assert followed["fake"]["read_back"] is True
    assert [str(sent).split(" ")[0] for sent in followed["fake"]["sent"]] == ["Bearer"]


def test_fake_probe_takes_each_operations_own_scheme(followed: dict[str, Any]) -> None:
    # listTargetTypes takes the key in the query, deleteTarget none: the fake answers both as the spec says.
    assert followed["fake"]["per_operation"] == [["listTargetTypes", 200, None], ["deleteTarget", 200, None]]
    assert followed["fake"]["no_key"] == [401, 401]  # no key, or a wrong one, in the query is refused


def test_a_key_sent_in_the_query_is_in_no_error_the_caller_sees(followed: dict[str, Any]) -> None:
    assert len(followed["shown"]) == 18  # three calls, three clients each way, all answered 503
    assert not [text for text in followed["shown"] if "sekret" in text]
