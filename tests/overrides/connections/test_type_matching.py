"""connection(..., type=...) matches the type case-insensitively, or refuses it listing the known types."""

from __future__ import annotations

import pytest

from splx_probe_client import CONNECTION_CONFIG_TYPES, UnknownConnectionConfig, connection
from splx_probe_client.models import GeminiIntegrationConfig, OpenAIIntegrationConfig


@pytest.mark.parametrize("spelling", ["OPENAI", "openai", "OpenAI", " openai "])
def test_a_mapping_with_any_spelling_of_a_known_type(spelling: str) -> None:
    request = connection({"apiKey": "sk-x", "model": "gpt-4o"}, type=spelling)
    assert request.type_ == "OPENAI"
    assert isinstance(request.config, OpenAIIntegrationConfig)
    assert request.to_dict()["type"] == "OPENAI"


def test_a_model_with_a_lower_case_type() -> None:
    config = GeminiIntegrationConfig(api_key="k", model="gemini-2.0-flash")
    assert connection(config, type="gemini").type_ == "GEMINI"
    with pytest.raises(ValueError, match="GeminiIntegrationConfig configures connection type GEMINI"):
        connection(config, type="openai")


def test_an_unknown_type_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown connection type 'open-ai'") as caught:
        connection({"apiKey": "sk-x", "model": "gpt-4o"}, type="open-ai")
    message = str(caught.value)
    assert all(known in message for known in CONNECTION_CONFIG_TYPES)
    assert "UnknownConnectionConfig" in message  # the way to send a type newer than the SDK
    assert "sk-x" not in message


def test_a_non_string_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="type: a connection type must be a string, got int"):
        connection({"apiKey": "sk-x"}, type=7)  # type: ignore[arg-type]


def test_an_unknown_config_keeps_its_type_as_given() -> None:
    request = connection(UnknownConnectionConfig(type_="BRAND_NEW", data={"url": "https://x"}))
    assert request.to_dict() == {"type": "BRAND_NEW", "config": {"url": "https://x"}}
