"""URLs with credentials or token-like query parameters are masked wherever the SDK shows them."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from splx_probe_client._secrets import MASK, is_secret_header, redact, redact_url
from splx_probe_client.models import RestApiIntegrationConfig

SECRET = "s3cr3t-7d1c"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"https://bot:{SECRET}@chat.example/api", "https://***@chat.example/api"),
        (f"https://chat.example/api?token={SECRET}&lang=en", "https://chat.example/api?token=***&lang=en"),
        (f"https://chat.example/api?api_key={SECRET}", "https://chat.example/api?api_key=***"),
        (f"https://x.blob.example/c?sv=2024&sig={SECRET}", "https://x.blob.example/c?sv=2024&sig=***"),
        (f"https://chat.example/api?access_token={SECRET}#top", "https://chat.example/api?access_token=***#top"),
        ("https://chat.example/api?page=2&lang=en", "https://chat.example/api?page=2&lang=en"),
        ("not a url", "not a url"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_a_rest_connections_url_is_masked_in_its_repr_but_sent_intact() -> None:
    url = f"https://bot:{SECRET}@chat.example/api/messages?token={SECRET}&lang=en"
    # Required fields null, others unset: the test does not depend on which ones the generator makes required.
    fields: Any = attrs.fields(RestApiIntegrationConfig)  # type: ignore[arg-type]  # attrs-built, not declared so
    required: dict[str, Any] = {f.name: None for f in fields if f.default is attrs.NOTHING and f.name != "url"}
    config = RestApiIntegrationConfig(**required, url=url)
    assert SECRET not in repr(config)
    assert "chat.example/api/messages?token=***&lang=en" in repr(config)
    assert config.to_dict()["url"] == url


def test_urls_nested_in_plain_data_are_masked() -> None:
    data = {
        "oauth": {"tokenUrl": f"https://idp.example/token?client_secret={SECRET}"},
        "list": [f"http://u:{SECRET}@h"],
    }
    assert SECRET not in repr(redact(data))
    assert MASK in repr(redact(data))


@pytest.mark.parametrize("name", ["X-Api-Key", "Authorization", "Cookie", "Set-Cookie", "X-Auth-Token", "Api-Key"])
def test_secret_headers(name: str) -> None:
    assert is_secret_header(name)


@pytest.mark.parametrize("name", ["Content-Type", "Accept", "User-Agent", "X-Request-Id"])
def test_plain_headers(name: str) -> None:
    assert not is_secret_header(name)
