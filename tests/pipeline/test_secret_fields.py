"""The merge classifies every string field of every connection config as secret or public, or stops."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.merge import MergeError
from pipeline.secret_fields import SECRET_FIELDS_EXTENSION, SecretFieldsError, classify_secret_fields
from pipeline.tables import secret_fields_module

from .conftest import MERGE_CONFIG, edit, merge

SCHEMA = "GeminiIntegrationConfig"


def _add_field(fragments: Path, name: str) -> None:
    """Add string property ``name`` to the Gemini config in every fragment that carries it (they must agree)."""

    def change(document: dict[str, Any]) -> None:
        schemas = document.get("components", {}).get("schemas", {})
        if SCHEMA in schemas:
            schema = schemas[SCHEMA]
            target = schema if "properties" in schema else schema["allOf"][-1]
            target["properties"][name] = {"type": "string", "nullable": True}

    touched = [path for path in fragments.glob("*.json") if f'"{SCHEMA}"' in path.read_text(encoding="utf-8")]
    assert touched
    for path in touched:
        edit(path, change)


def _config(tmp_path: Path, **entries: Any) -> Path:
    settings = yaml.safe_load(MERGE_CONFIG.read_text(encoding="utf-8"))
    for key, lists in entries.items():  # added to the repository's own decisions
        merged = settings.get(key) or {}
        for schema, names in lists.items():
            merged[schema] = [*merged.get(schema, []), *names]
        settings[key] = merged
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(settings), encoding="utf-8")
    return path


def _secret_fields(spec: dict[str, Any], schema: str = SCHEMA) -> list[str]:
    found: list[str] = spec["components"]["schemas"][schema].get(SECRET_FIELDS_EXTENSION, [])
    return found


def test_the_current_spec_classifies_every_known_secret(fragments: Path, tmp_path: Path) -> None:
    spec = merge(fragments, tmp_path / "spec.json")
    assert _secret_fields(spec) == ["apiKey"]
    assert _secret_fields(spec, "BedrockIntegrationConfig") == ["awsSecretAccessKey"]
    assert "clientSecret" in _secret_fields(spec, "RestApiIntegrationOauthConfig")
    assert "apikey" in secret_fields_module(spec)


def test_an_unclassified_field_stops_the_merge_naming_it_and_the_config_keys(fragments: Path, tmp_path: Path) -> None:
    _add_field(fragments, "accountJson")
    with pytest.raises(MergeError) as caught:
        merge(fragments, tmp_path / "spec.json")
    message = str(caught.value)
    assert f"{SCHEMA}.accountJson" in message
    assert "secret_fields" in message
    assert "public_fields" in message
    assert "merge-config.yaml" in message
    assert not (tmp_path / "spec.json").exists()


@pytest.mark.parametrize("name", ["serviceAccountKey", "subscriptionKey", "credentialsJson", "passphrase"])
def test_a_field_the_rule_calls_secret_needs_no_entry(fragments: Path, tmp_path: Path, name: str) -> None:
    _add_field(fragments, name)
    spec = merge(fragments, tmp_path / "spec.json")
    assert name in _secret_fields(spec)


@pytest.mark.parametrize("name", ["region", "endpoint", "deploymentName", "projectId", "apiVersion"])
def test_an_evidently_public_field_needs_no_entry(fragments: Path, tmp_path: Path, name: str) -> None:
    _add_field(fragments, name)
    spec = merge(fragments, tmp_path / "spec.json")
    assert name not in _secret_fields(spec)


def test_merge_config_decides_per_schema_or_for_every_schema(fragments: Path, tmp_path: Path) -> None:
    _add_field(fragments, "accountJson")
    _add_field(fragments, "tenantHint")
    config = _config(tmp_path, secret_fields={SCHEMA: ["accountJson"]}, public_fields={"*": ["tenantHint"]})
    spec = merge(fragments, tmp_path / "spec.json", config=config)
    assert _secret_fields(spec) == ["accountJson", "apiKey"]
    assert '"accountjson",' in secret_fields_module(spec)
    assert "tenanthint" not in secret_fields_module(spec)


def test_merge_config_may_declare_a_rule_secret_field_public(fragments: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, public_fields={SCHEMA: ["apiKey"]})
    assert _secret_fields(merge(fragments, tmp_path / "spec.json", config=config)) == []


def test_a_field_in_both_lists_is_an_error() -> None:
    spec = {"components": {"schemas": {"C": {"x-splx-connection-type": "C", "properties": {"x": {"type": "string"}}}}}}
    with pytest.raises(SecretFieldsError, match=r"C\.x in both"):
        classify_secret_fields(spec, {"secret_fields": {"C": ["x"]}, "public_fields": {"*": ["x"]}}, [])


def test_malformed_lists_and_unknown_schemas_are_reported() -> None:
    spec = {
        "components": {"schemas": {"C": {"x-splx-connection-type": "C", "properties": {"model": {"type": "string"}}}}}
    }
    with pytest.raises(SecretFieldsError, match="secret_fields: expected"):
        classify_secret_fields(spec, {"secret_fields": ["x"]}, [])
    warnings: list[str] = []
    classify_secret_fields(spec, {"public_fields": {"Nope": ["x"]}}, warnings)
    assert warnings == ["merge-config public_fields: 'Nope' is no connection-config schema"]


def test_nested_objects_and_inherited_fields_are_classified() -> None:
    schemas: dict[str, Any] = {
        "Base": {"properties": {"baseSecretValue": {"type": "string"}}},
        "Auth": {"properties": {"grantBlob": {"type": "string"}, "mode": {"type": "string", "enum": ["A"]}}},
        "C": {
            "x-splx-connection-type": "C",
            "allOf": [{"$ref": "#/components/schemas/Base"}],
            "properties": {"auth": {"allOf": [{"$ref": "#/components/schemas/Auth"}], "nullable": True}},
        },
    }
    with pytest.raises(SecretFieldsError, match=r"Auth\.grantBlob") as caught:
        classify_secret_fields({"components": {"schemas": schemas}}, {}, [])
    assert "mode" not in str(caught.value)  # an enum is no free text
    classify_secret_fields({"components": {"schemas": schemas}}, {"secret_fields": {"Auth": ["grantBlob"]}}, [])
    assert schemas["Auth"][SECRET_FIELDS_EXTENSION] == ["grantBlob"]
    assert schemas["C"][SECRET_FIELDS_EXTENSION] == ["baseSecretValue"]
