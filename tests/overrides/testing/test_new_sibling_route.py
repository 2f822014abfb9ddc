"""A vendor adds ``PUT /test-run/{testRunId}`` beside ``POST /test-run/trigger``: routing stays as the spec says.

The operations table is grown in place (as ``make generate`` would write it for such a spec): the concrete path
keeps its own methods in ``Allow``, and the new operation, not implemented, is 501 whatever its parameters.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from splx_probe_client.testing import FakeProbe, _fake, _rules

# PUT: a method no operation of the spec uses on such a path, so the test holds on a grown spec too.
NEW = ("PUT", "/api/workspaces/{workspaceId}/test-run/{testRunId}", "replaceTestRun")


@pytest.fixture
def http(monkeypatch: pytest.MonkeyPatch) -> Iterator[httpx.Client]:
    method, path, operation = NEW
    monkeypatch.setattr(_rules, "_ROUTES", [*_rules._ROUTES, (method, _rules._pattern(path), operation)])
    monkeypatch.setattr(_fake, "_TEMPLATES", {**_fake._TEMPLATES, operation: f"{method} {path}"})
    fake = FakeProbe()
    headers = {"X-Api-Key": fake.api_key}
    with httpx.Client(base_url="http://fake.test", transport=fake.transport(), headers=headers) as client:
        yield client


def test_a_concrete_path_keeps_only_its_own_methods(http: httpx.Client) -> None:
    response = http.request("OPTIONS", "/api/workspaces/1/test-run/trigger")
    assert (response.status_code, response.headers["Allow"]) == (405, "POST")
    assert http.get("/api/workspaces/1/test-run/trigger").headers["Allow"] == "POST"


@pytest.mark.parametrize("path", ["/api/workspaces/1/test-run/7", "/api/workspaces/2147483648/test-run/x"])
def test_the_new_operation_is_501_naming_it_whatever_its_parameters(http: httpx.Client, path: str) -> None:
    response = http.put(path, json={})
    assert response.status_code == 501
    assert "FakeProbe does not implement replaceTestRun (PUT " in response.json()["error"]["message"]
