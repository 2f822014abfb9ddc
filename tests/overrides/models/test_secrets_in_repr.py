"""No secret in the repr of any model: every schema of the spec, filled with sentinel secrets everywhere.

Which fields get a sentinel is the spec's classification (``x-splx-secret-fields``, written by the merge for
every connection config), not the SDK's name rule: a field the rule misses still gets a secret here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openapi_python_client.strings import ClassName
from samples import CONFIG_SCHEMAS, SECRET_PREFIX, connection_config, minimal, target_payload

from splx_probe_client import CONNECTION_CONFIG_TYPES, _model_base, models
from splx_probe_client._secrets import is_masked_map, is_secret_name

SPEC = json.loads((Path(__file__).parents[3] / "openapi" / "splx-probe.json").read_text(encoding="utf-8"))
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
CLASSIFIED = {
    name: set(schema["x-splx-secret-fields"]) for name, schema in SCHEMAS.items() if "x-splx-secret-fields" in schema
}
"""Schema -> its secret properties, as the merge classified them."""
SECRET_PROPERTIES = set().union(*CLASSIFIED.values()) | {"clientSecret", "refreshToken", "agentSecret"}
"""A property of these names is filled with a secret in any schema (outside connection configs too)."""


def _refuses_unknown_keys(name: str) -> bool:
    model = getattr(models, str(ClassName(name, "")), None)
    if not (isinstance(model, type) and hasattr(model, "from_dict") and SCHEMAS[name].get("properties")):
        return False
    try:
        model.from_dict({**minimal(name), "keyNoSchemaDefines": 1})
    except ValueError as error:
        return "keyNoSchemaDefines" in str(error)
    return False


STRICT_SCHEMAS = {name for name in SCHEMAS if _refuses_unknown_keys(name)}
"""Request-only models (they refuse keys their schema does not define): their secrets come only from fields."""

NAMED_IN_THE_ISSUE = [
    "apiKey",
    "token",
    "accessToken",
    "clientSecret",
    "awsSecretAccessKey",
    "refreshToken",
    "agentSecret",
]
NOT_SECRET = ["model", "url", "clientId", "awsAccessKeyId", "type", "name", "tokenLimit", "secretary"]


def _resolve(schema: dict[str, Any], secret: set[str], names: set[str] | None = None) -> dict[str, Any]:
    """``schema`` with refs and ``allOf`` followed; adds the classified secret properties met to ``secret``."""
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        secret |= CLASSIFIED.get(name, set())
        if names is not None:
            names.add(name)
        schema = SCHEMAS[name]
    if "allOf" in schema:
        merged: dict[str, Any] = {"type": "object", "properties": {}}
        for part in schema["allOf"]:
            merged["properties"].update(_resolve(part, secret).get("properties", {}))
        merged["properties"].update(schema.get("properties", {}))
        return merged
    return schema


def _filled(schema: dict[str, Any], name: str, counter: list[int], secret: bool = False) -> Any:
    """A value for ``schema`` in which every string the spec classifies secret is a fresh sentinel secret."""
    classified: set[str] = set()
    refs: set[str] = set()
    schema = _resolve(schema, classified, refs)
    if "oneOf" in schema:
        return _filled(schema["oneOf"][0], name, counter, secret)
    properties = schema.get("properties", {})
    if {"type", "config"} <= set(properties):  # a connection: its config must match its type
        return {"type": "REST_API", "config": connection_config("REST_API")}
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or properties:
        if properties:
            filled = {
                key: _filled(value, key, counter, key in classified or key in SECRET_PROPERTIES)
                for key, value in properties.items()
            }
            counter[0] += 1
            if not refs & STRICT_SCHEMAS:  # a request-only model refuses unknown keys: it cannot hold one
                filled["clientSecret"] = f"{SECRET_PREFIX}extra-{counter[0]}"  # an unknown key, kept and hidden
            return filled
        counter[0] += 1
        value = f"{SECRET_PREFIX}{name}-{counter[0]}" if is_masked_map(name) else "plain"
        return {"Authorization": value, "X-Custom": value}
    if kind == "array":
        return [_filled(schema.get("items", {}), name, counter, secret)]
    if kind == "integer":
        return 3
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if schema.get("format") == "uuid":
        return "2f1c8e0a-7a52-4b1e-9d0a-6a3f4f8b1c2d"
    if schema.get("format") == "date-time":
        return "2026-11-23T10:00:00+00:00"  # the form to_dict writes back
    counter[0] += 1
    return f"{SECRET_PREFIX}{name}-{counter[0]}" if secret else f"value-of-{name}"


def test_every_connection_config_is_classified_and_its_known_secrets_are_among_the_secret_fields() -> None:
    configs = set(CONFIG_SCHEMAS.values())
    assert configs <= set(CLASSIFIED) | {"RestApiIntegrationConfig", "CopilotStudioIntegrationConfig"}
    assert CLASSIFIED["GeminiIntegrationConfig"] == {"apiKey"}
    assert CLASSIFIED["BedrockIntegrationConfig"] == {"awsSecretAccessKey"}
    assert "clientSecret" in CLASSIFIED["RestApiIntegrationOauthConfig"]


@pytest.mark.parametrize(
    "name",
    [
        "serviceAccountKey",
        "subscriptionKey",
        "credentialsJson",
        "passphrase",
        "privateKeyPem",
        "signingSecret",
        "X-Custom-Auth",
        "X-Session",
        "X-Signature",
        "sessionCookie",
        "db_password",
        "SAS_SIG",
        "authToken",
    ],
)
def test_the_rule_knows_secrets_of_connection_types_to_come(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize(
    "name", ["maxTokens", "sessionTimeout", "keyId", "projectId", "location", "authenticationType"]
)
def test_the_broader_rule_still_shows_ordinary_names(name: str) -> None:
    assert not is_secret_name(name)


def test_a_name_only_the_spec_classifies_secret_is_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    from splx_probe_client import _secrets
    from splx_probe_client._secret_fields import SPEC_SECRET_NAMES

    @_model_base.define
    class Config:
        account_json: str
        region: str

    shown = repr(Config(account_json="SECRET-blob", region="eu"))
    assert "SECRET-blob" in shown  # the name rule alone does not know it ...
    monkeypatch.setattr(_secrets, "SPEC_SECRET_NAMES", SPEC_SECRET_NAMES | {"accountjson"})
    assert repr(Config(account_json="SECRET-blob", region="eu")) == "Config(account_json='***', region='eu')"
    assert _secrets.redact({"accountJson": "SECRET-blob"}) == {"accountJson": "***"}


@pytest.mark.parametrize("name", NAMED_IN_THE_ISSUE)
def test_the_secret_names_of_the_issue_are_secret(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize("name", NOT_SECRET)
def test_ordinary_names_are_shown(name: str) -> None:
    assert not is_secret_name(name)


# Schemas with a class of their own; the others are aliases of one (``ForbiddenError``: allOf ErrorResponse)
# or plain enums, which carry no secret.
MODEL_SCHEMAS = sorted(
    name for name in SCHEMAS if "enum" not in SCHEMAS[name] and hasattr(models, str(ClassName(name, "")))
)


def test_only_aliases_and_enums_have_no_model() -> None:
    for name in set(SCHEMAS) - set(MODEL_SCHEMAS):
        schema = SCHEMAS[name]
        assert "enum" in schema or [part.get("$ref") for part in schema.get("allOf", [])] != [], name
        assert "properties" not in schema, name
    assert set(CONFIG_SCHEMAS.values()) <= set(MODEL_SCHEMAS)


@pytest.mark.parametrize("schema_name", MODEL_SCHEMAS)
def test_no_model_shows_a_secret_in_its_repr(schema_name: str) -> None:
    model = getattr(models, str(ClassName(schema_name, "")))
    payload = _filled({"$ref": f"#/components/schemas/{schema_name}"}, "", [0])
    sent = json.dumps(payload)
    instance = model.from_dict(json.loads(sent))
    assert SECRET_PREFIX not in repr(instance)
    assert SECRET_PREFIX not in str(instance)
    # ... and every secret still goes out: hiding is for display only
    assert json.dumps(instance.to_dict(), sort_keys=True) == json.dumps(json.loads(sent), sort_keys=True)


@pytest.mark.parametrize("connection_type", sorted(CONNECTION_CONFIG_TYPES))
def test_no_connection_shows_a_secret_in_a_targets_repr(connection_type: str) -> None:
    target = models.TargetNewDto.from_dict(target_payload(connection_type))
    assert SECRET_PREFIX not in repr(target)
    assert target.to_dict() == target_payload(connection_type)


def test_the_issues_openai_example_hides_the_key() -> None:
    target = models.TargetNewDto.from_dict(target_payload("OPENAI", {"apiKey": "sk-live-123", "model": "gpt-4o"}))
    assert "sk-live-123" not in repr(target)
    assert "gpt-4o" in repr(target)


def test_unset_fields_are_left_out_of_the_repr() -> None:
    text = repr(models.GeminiIntegrationConfig(api_key="k", model="gemini-2.0-flash"))
    assert text == "GeminiIntegrationConfig(api_key='***', model='gemini-2.0-flash')"
