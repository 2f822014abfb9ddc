"""The fake follows a changed spec with no edit: a 16th connection type and a new endpoint, generated in scratch.

The vendor's fragments are changed as the vendor would change them, merged and generated into a scratch package
(no file of the repository is touched), and FakeProbe of that package is driven in a subprocess.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.assemble import build
from pipeline.merge import run_merge

ROOT = Path(__file__).resolve().parents[3]

NEW_CONFIG = {
    "type": "object",
    "description": "ACME Cloud LLM connection configuration. Connection type: ACME_CLOUD",
    "properties": {
        "endpoint": {"type": "string", "minLength": 8, "maxLength": 256},
        "apiKey": {"type": "string", "minLength": 2},
        "retries": {"type": "integer", "format": "int32"},
    },
    "required": ["endpoint", "apiKey"],
}

DRIVE = """
import json, httpx
from splx_probe_client.testing import FakeProbe
from splx_probe_client._operations import OPERATIONS
fake = FakeProbe()
settings = {"name": "acme", "description": "acme bot", "environment": "DEV", "language": "en",
            "concurrentRequests": False, "multiStepAttacks": False, "rateLimit": 5, "supportedModes": ["TEXT"]}
config = {"endpoint": "https://acme.example/llm", "apiKey": "k-123", "retries": 2}
out = {}
with fake.serve() as base_url, httpx.Client(base_url=base_url, headers={"X-Api-Key": fake.api_key}) as c:
    body = {"connection": {"type": "ACME_CLOUD", "config": config}, "settings": settings}
    created = c.post("/api/v2/workspaces/1/target", json=body).json()
    out["read_back"] = c.get(f"/api/v2/workspaces/1/target/{created['id']}").json()["connection"]
    broken = {**config, "endpoint": "x", "retries": "2"}
    bad = {"connection": {"type": "ACME_CLOUD", "config": broken}, "settings": settings}
    out["refused"] = c.post("/api/v2/workspaces/1/target", json=bad).json()
    new = next(op for op in OPERATIONS if op.path == "/api/target/probes")
    answer = c.get("/api/target/probes")
    out["new_operation"] = [new.operation_id, answer.status_code, answer.json()]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def changed_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scratch = tmp_path_factory.mktemp("changed")
    for name in ("openapi", "overrides"):
        shutil.copytree(ROOT / name, scratch / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "generator-config.yaml", scratch / "generator-config.yaml")
    fragments = scratch / "openapi" / "fragments"
    for path in fragments.glob("*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        schemas = document.get("components", {}).get("schemas", {})
        if "IntegrationRequest" in schemas:  # the vendor adds the type to every document that carries the union
            schemas["AcmeCloudIntegrationConfig"] = NEW_CONFIG
            schemas["IntegrationRequest"]["properties"]["config"]["oneOf"].append(
                {"$ref": "#/components/schemas/AcmeCloudIntegrationConfig"}
            )
            path.write_text(json.dumps(document), encoding="utf-8")
    types = json.loads((fragments / "get-api-target-types.json").read_text(encoding="utf-8"))
    operation = types["paths"].pop("/api/target/types")["get"]
    operation["summary"] = "List probes."
    types["paths"]["/api/target/probes"] = {"get": operation}
    (fragments / "get-api-target-probes.json").write_text(json.dumps(types), encoding="utf-8")
    spec = scratch / "spec.json"
    run_merge(fragments, scratch / "openapi" / "merge-config.yaml", spec, out=io.StringIO())
    (scratch / "out").mkdir()
    return build(spec, scratch, scratch / "out")


def test_a_new_connection_type_and_endpoint_need_no_edit_of_the_fake(changed_package: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", DRIVE],
        cwd=changed_package.parent,
        env={**os.environ, "PYTHONPATH": str(changed_package.parent)},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stderr == ""
    out = json.loads(done.stdout)
    config = {"endpoint": "https://acme.example/llm", "apiKey": "k-123", "retries": 2}
    assert out["read_back"] == {"type": "ACME_CLOUD", "config": config}
    assert out["refused"]["error"]["validationErrors"] == {
        "connection.config.endpoint": ["must be at least 8 characters long"],
        "connection.config.retries": ["must be of type integer"],
    }
    operation_id, status, body = out["new_operation"]
    assert status == 501
    assert operation_id in body["error"]["message"]
