"""Connection configs chosen by the sibling ``type``: parsing, round trips, building, forward compatibility."""

from __future__ import annotations

import copy
import logging
from typing import Any

import pytest
from openapi_python_client.strings import ClassName
from samples import (
    CONFIG_SCHEMAS,
    CONNECTION_TYPES,
    connection_config,
    create_request,
    minimal,
    sample,
    settings_request,
    target_payload,
)

from splx_probe_client import CONNECTION_CONFIG_TYPES, UnknownConnectionConfig, connection
from splx_probe_client.connections import connection_type_of
from splx_probe_client.models import (
    ErrorResponse,
    GeminiIntegrationConfig,
    IntegrationDto,
    IntegrationRequest,
    OpenAIIntegrationConfig,
    RestApiIntegrationConfig,
    TargetNewCreateRequest,
    TargetNewDto,
    TargetNewUpdateRequest,
)

TYPES = sorted(CONNECTION_CONFIG_TYPES)


def test_every_connection_type_of_the_spec_has_its_model() -> None:
    assert TYPES == CONNECTION_TYPES
    for connection_type, schema in CONFIG_SCHEMAS.items():
        assert CONNECTION_CONFIG_TYPES[connection_type].__name__ == str(ClassName(schema, ""))


@pytest.mark.parametrize("connection_type", TYPES)
def test_a_response_config_is_the_model_of_its_type_and_round_trips(connection_type: str) -> None:
    payload = target_payload(connection_type)
    sent = copy.deepcopy(payload)
    target = TargetNewDto.from_dict(payload)
    assert type(target.connection.config) is CONNECTION_CONFIG_TYPES[connection_type]
    assert target.connection.type_ == connection_type
    assert target.to_dict() == sent
    assert payload == sent  # parsing did not consume the caller's data


@pytest.mark.parametrize("connection_type", TYPES)
@pytest.mark.parametrize("variant", ["minimal", "nulls"])
def test_a_sparse_or_null_filled_response_config_round_trips(connection_type: str, variant: str) -> None:
    payload = (
        minimal("TargetNewDto", connection_type=connection_type)
        if variant == "minimal"
        else sample("TargetNewDto", connection_type=connection_type, nulls=True)
    )
    target = TargetNewDto.from_dict(copy.deepcopy(payload))
    assert type(target.connection.config) is CONNECTION_CONFIG_TYPES[connection_type]
    assert target.to_dict() == payload


@pytest.mark.parametrize("connection_type", TYPES)
def test_a_request_config_is_the_model_of_its_type_and_round_trips(connection_type: str) -> None:
    body = create_request(connection_type)
    request = TargetNewCreateRequest.from_dict(copy.deepcopy(body))
    assert type(request.connection.config) is CONNECTION_CONFIG_TYPES[connection_type]
    assert request.to_dict() == body
    update = TargetNewUpdateRequest.from_dict({"connection": body["connection"]})
    assert type(update.connection.config) is CONNECTION_CONFIG_TYPES[connection_type]  # type: ignore[union-attr]


def test_the_gemini_example_of_the_issue_keeps_its_model() -> None:
    request = IntegrationRequest.from_dict({"type": "GEMINI", "config": {"apiKey": "k", "model": "gemini-2.0"}})
    assert isinstance(request.config, GeminiIntegrationConfig)
    assert request.config.model == "gemini-2.0"


def test_nested_objects_are_typed() -> None:
    sent = connection_config("REST_API")
    config = TargetNewDto.from_dict(target_payload("REST_API")).connection.config
    assert isinstance(config, RestApiIntegrationConfig)
    assert config.oauth.client_id == sent["oauth"]["clientId"]  # type: ignore[union-attr]
    assert config.open_session.response_payload == sent["openSession"]["responsePayload"]  # type: ignore[union-attr]


def test_an_unknown_field_inside_a_known_config_is_kept() -> None:
    config = {**connection_config("OPENAI"), "reasoningEffort": "high", "tools": [{"name": "lookup"}]}
    target = TargetNewDto.from_dict(target_payload("OPENAI", config))
    assert isinstance(target.connection.config, OpenAIIntegrationConfig)
    assert target.connection.config["reasoningEffort"] == "high"
    assert target.to_dict()["connection"]["config"] == config


def test_an_unknown_field_next_to_type_and_config_is_kept_in_a_response() -> None:
    raw = {"type": "GEMINI", "config": connection_config("GEMINI"), "region": "europe-west4"}
    parsed = IntegrationDto.from_dict(raw)
    assert parsed.to_dict() == raw
    assert (parsed["region"], parsed.additional_keys, "region" in parsed) == ("europe-west4", ["region"], True)


def test_an_unknown_field_next_to_type_and_config_is_refused_in_a_request() -> None:
    # A request model refuses keys its schema does not define: a renamed field would be sent under its old name.
    raw = {"type": "GEMINI", "config": connection_config("GEMINI"), "region": "europe-west4"}
    with pytest.raises(ValueError, match=r"IntegrationRequest: unknown key\(s\) 'region'; its schema defines config"):
        IntegrationRequest.from_dict(raw)
    built = IntegrationRequest.from_dict({"type": "GEMINI", "config": connection_config("GEMINI")})
    built["region"] = "europe-west4"  # set on purpose, it is sent
    assert built.to_dict()["region"] == "europe-west4"


@pytest.mark.parametrize("model", [IntegrationRequest, IntegrationDto])
def test_an_unknown_type_is_kept_as_sent_with_one_warning(
    model: type[IntegrationRequest | IntegrationDto], caplog: pytest.LogCaptureFixture
) -> None:
    new_type = f"ACME_LLM_{model.__name__.upper()}"
    raw = {
        "type": new_type,
        "config": {"endpoint": "https://acme.example", "apiKey": "SECRET-new", "n": [1, {"a": None}]},
    }
    with caplog.at_level(logging.WARNING, logger="splx_probe_client"):
        first = model.from_dict(copy.deepcopy(raw))
        model.from_dict(copy.deepcopy(raw))
    assert isinstance(first.config, UnknownConnectionConfig)
    assert first.config.type_ == new_type
    assert first.config.data == raw["config"]
    assert first.to_dict() == raw
    warnings = [record for record in caplog.records if new_type in record.getMessage()]
    assert len(warnings) == 1  # once per type, not once per target
    assert warnings[0].levelno == logging.WARNING
    assert "SECRET-new" not in warnings[0].getMessage()
    assert "SECRET-new" not in repr(first)


def test_a_response_config_that_does_not_fit_its_model_is_kept_as_sent(caplog: pytest.LogCaptureFixture) -> None:
    raw = {"type": "ANTHROPIC", "config": {"apiKey": "SECRET-k", "model": "claude"}}  # no maxTokens
    with caplog.at_level(logging.WARNING, logger="splx_probe_client"):
        dto = IntegrationDto.from_dict(raw)
    assert isinstance(dto.config, UnknownConnectionConfig)
    assert dto.to_dict() == raw
    assert "maxTokens" in caplog.text
    assert "SECRET-k" not in caplog.text


def test_a_null_response_config_stays_null() -> None:
    dto = IntegrationDto.from_dict({"type": None, "config": None})
    assert dto.config is None
    assert dto.to_dict() == {"type": None, "config": None}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            {"type": "GEMINI", "config": {"apiKey": "k"}},
            "config: the GEMINI connection config misses its required field 'model'",
        ),
        (
            {"type": "BEDROCK", "config": ["not", "an", "object"]},
            "config: a BEDROCK connection config must be a JSON object, got list",
        ),
        ({"type": 7, "config": {}}, "type: a connection type must be a string, got int"),
        ({"config": {"apiKey": "k"}}, "type: required"),
        ({"type": "GEMINI"}, "config: required"),
    ],
)
def test_a_bad_request_connection_names_the_field(raw: dict[str, Any], message: str) -> None:
    with pytest.raises((ValueError, TypeError)) as caught:
        IntegrationRequest.from_dict(raw)
    assert str(caught.value).startswith(message)


def test_a_bad_connection_in_a_create_request_names_the_field() -> None:
    with pytest.raises(ValueError, match="misses its required field 'awsRegion'"):
        TargetNewCreateRequest.from_dict(
            {
                "connection": {
                    "type": "BEDROCK",
                    "config": {"awsAccessKeyId": "a", "awsSecretAccessKey": "s", "model": "m"},
                },
                "settings": settings_request(),
            }
        )


@pytest.mark.parametrize("connection_type", TYPES)
def test_connection_fills_in_the_type_from_the_config_class(connection_type: str) -> None:
    config = CONNECTION_CONFIG_TYPES[connection_type].from_dict(connection_config(connection_type))
    request = connection(config)
    assert request.type_ == connection_type
    assert connection_type_of(config) == connection_type
    assert request.to_dict() == {"type": connection_type, "config": connection_config(connection_type)}


def test_connection_refuses_a_config_of_another_type_naming_both() -> None:
    with pytest.raises(
        ValueError,
        match=r"GeminiIntegrationConfig configures connection type GEMINI.*'OPENAI'.*OpenAIIntegrationConfig",
    ):
        connection(GeminiIntegrationConfig(api_key="k", model="m"), type="OPENAI")
    with pytest.raises(ValueError, match="'NOT_A_TYPE', which is not a connection type this SDK knows"):
        IntegrationRequest(config=GeminiIntegrationConfig(api_key="k", model="m"), type_="NOT_A_TYPE")


def test_connection_accepts_its_own_type_explicitly_and_plain_mappings() -> None:
    assert connection(GeminiIntegrationConfig(api_key="k", model="m"), type="GEMINI").type_ == "GEMINI"
    request = connection({"apiKey": "k", "model": "mistral-small"}, type="MISTRAL")
    assert request.config.model == "mistral-small"  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="type: required when config is a plain mapping"):
        connection({"apiKey": "k"})


def test_a_plain_dict_is_not_a_config_model() -> None:
    with pytest.raises(
        TypeError, match="config: expected a connection config model or UnknownConnectionConfig, got dict"
    ):
        IntegrationRequest(config={"apiKey": "k"}, type_="OPENAI")  # type: ignore[arg-type]


def test_an_unknown_config_can_be_sent_for_its_own_type_only() -> None:
    unknown = UnknownConnectionConfig(type_="ACME", data={"url": "https://acme.example"})
    assert connection(unknown).to_dict() == {"type": "ACME", "config": {"url": "https://acme.example"}}
    with pytest.raises(ValueError, match="UnknownConnectionConfig of type 'ACME' cannot go with type 'OPENAI'"):
        connection(unknown, type="OPENAI")


def test_error_response_keeps_validation_errors() -> None:
    raw = {"error": {"message": "bad", "code": "X", "validationErrors": {"name": ["too short"]}}}
    error = ErrorResponse.from_dict(copy.deepcopy(raw))
    assert error.error.validation_errors["name"] == ["too short"]  # type: ignore[union-attr,index]
    assert error.to_dict() == raw
