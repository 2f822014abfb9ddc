"""Validation errors keyed under a secret-bearing map, and answers echoing the request as escaped JSON.

A field path with a header or parameter map in it (``connection.config.headers.X-Tenant``, in any spelling a
server uses) is secret: its messages lose quoted values and key-like words in ``validation_errors`` and the
message, and are masked whole in ``body`` and the response copy. Exact values of the request's secrets are masked
wherever they show. ``\\"password\\": \\"S\\"`` inside a string is matched like ``"password": "S"``, at any depth
of escaping. Checked in str, repr, traceback, pickle, ``body``, ``validation_errors`` and the response copy.
"""

from __future__ import annotations

import asyncio
import json
import pickle
import traceback
from pathlib import Path
from typing import Any

import httpx
import pytest
from samples import create_request

from splx_probe_client import APIStatusError, BadRequestError, ProbeClient, ProbeError
from splx_probe_client._exceptions import status_error_from_response
from splx_probe_client._secrets import MASK, is_masked_map, is_secret_name
from splx_probe_client.models import TargetNewCreateRequest

TENANT = "tenant-acme-42"
PASSWORD = "S3cr3t-pw-19"


def everything_shown(error: APIStatusError) -> str:
    """Every place an error can show a value: str, repr, traceback, pickle, fields, the response copy."""
    restored = pickle.loads(pickle.dumps(error))
    return "\n".join(
        [
            str(error),
            repr(error),
            "".join(traceback.format_exception(error)),
            repr(pickle.dumps(error)),
            repr(error.body),
            repr(error.validation_errors),
            error.message,
            error.response.text,
            error.response.request.content.decode(),
            repr(restored.body),
            repr(restored.validation_errors),
            str(restored),
        ]
    )


def answer_400(validation_errors: dict[str, list[str]], message: str = "Validation failed") -> httpx.Response:
    body = {"error": {"message": message, "code": "VALIDATION", "validationErrors": validation_errors}}
    return httpx.Response(
        400, json=body, request=httpx.Request("POST", "https://probe.test/api/v2/workspaces/1/target")
    )


PATHS = [
    "connection.config.headers.X-Tenant",
    "Connection.Config.Headers.X-Tenant",
    "$.connection.config.headers['X-Tenant']",
    "connection.config.headers[X-Tenant]",
    "/connection/config/headers/X-Tenant",
    "connection.config.extraLlmParams.api_version",
    "connection.config.oauth.additionalParameters.audience",
    "connection.config.headers",
]
MESSAGES = [
    f"The value '{TENANT}' is not valid for X-Tenant.",
    f'"{TENANT}" is not an allowed tenant',
    f"value \u2018{TENANT}\u2019 rejected",
    f"must match ^[a-z]+$ (got {TENANT})",
    f"unknown tenant `{TENANT}`",
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("message", MESSAGES)
def test_a_validation_error_under_a_header_or_parameter_map_does_not_show_the_value(path: str, message: str) -> None:
    error = status_error_from_response(answer_400({path: [message]}))
    assert type(error) is BadRequestError
    assert list(error.validation_errors) == [path]
    assert TENANT not in everything_shown(error)
    assert MASK in error.validation_errors[path][0]
    assert error.body["error"]["validationErrors"][path] == [MASK]


def test_the_rest_of_a_masked_validation_message_and_a_quoted_field_name_stay() -> None:
    path = "connection.config.headers.X-Tenant"
    error = status_error_from_response(
        answer_400({path: [f"The value '{TENANT}' is not valid for 'X-Tenant'.", "'X-Tenant' must not be empty."]})
    )
    assert error.validation_errors[path] == [
        "The value '***' is not valid for 'X-Tenant'.",
        "'X-Tenant' must not be empty.",
    ]
    assert f"{path}: The value '***' is not valid for 'X-Tenant'." in str(error)


def test_a_validation_error_of_an_ordinary_field_is_shown_whole() -> None:
    error = status_error_from_response(answer_400({"connection.config.model": ["'gpt-x-1' is not a known model"]}))
    assert error.validation_errors == {"connection.config.model": ["'gpt-x-1' is not a known model"]}
    assert error.body["error"]["validationErrors"] == {"connection.config.model": ["'gpt-x-1' is not a known model"]}


def test_a_value_the_request_sent_under_a_header_map_is_masked_even_unquoted_and_short() -> None:
    """Through a client: the exact values of the request's secrets are known, whatever the message looks like."""
    body = create_request("REST_API")
    body["connection"]["config"]["headers"] = {"X-Tenant": "acme", "Authorization": f"Bearer {PASSWORD}"}

    def reject(request: httpx.Request) -> httpx.Response:
        errors = {
            "connection.config.headers.X-Tenant": ["The value acme is not valid."],
            "connection": ["headers X-Tenant=acme and Authorization rejected: Bearer " + PASSWORD],
        }
        return answer_400(errors, message=f"tenant acme unknown; token {PASSWORD} refused")

    async def run() -> ProbeError:
        async with ProbeClient("sk-test-1", base_url="https://probe.test", transport=httpx.MockTransport(reject),
                               max_retries=0) as client:  # fmt: skip
            try:
                await client.targets.create(workspace_id=1, body=TargetNewCreateRequest.from_dict(body))
            except ProbeError as error:
                return error
        raise AssertionError("no error raised")

    error = asyncio.run(run())
    assert isinstance(error, BadRequestError)
    shown = everything_shown(error)
    assert PASSWORD not in shown
    assert " acme" not in shown
    assert "=acme" not in shown
    assert error.validation_errors["connection.config.headers.X-Tenant"] == ["The value *** is not valid."]


ESCAPED_ECHOES = [
    '{"error": {"message": "upstream rejected {\\"user\\": \\"bob\\", \\"password\\": \\"' + PASSWORD + '\\"}"}}',
    '{"error": {"message": "upstream: {\\"body\\": \\"{\\\\\\"apiKey\\\\\\": \\\\\\"' + PASSWORD + '\\\\\\"}\\"}"}}',
    '{"detail": "request was {\\"clientSecret\\":\\"' + PASSWORD + '\\",\\"model\\":\\"m\\"}"}',
    'request was {\\"token\\": \\"' + PASSWORD + '\\"} (text, not JSON)',
    'request was {\\\\\\"token\\\\\\": \\\\\\"' + PASSWORD + '\\\\\\"} (doubly escaped text)',
    '{"error": {"message": "cut off: {\\"password\\": \\"' + PASSWORD,
]


@pytest.mark.parametrize("text", ESCAPED_ECHOES)
@pytest.mark.parametrize("status", [400, 500])
def test_an_answer_echoing_the_request_as_escaped_json_does_not_show_the_secret(text: str, status: int) -> None:
    request = httpx.Request("POST", "https://probe.test/api/v2/workspaces/1/target")
    error = status_error_from_response(httpx.Response(status, content=text.encode(), request=request))
    assert PASSWORD not in everything_shown(error)
    assert MASK in str(error)


def test_escaped_json_keeps_what_is_not_secret() -> None:
    request = httpx.Request("POST", "https://probe.test/api/v2/workspaces/1/target")
    error = status_error_from_response(httpx.Response(500, content=ESCAPED_ECHOES[0].encode(), request=request))
    assert error.message == 'upstream rejected {"user": "bob", "password": "***"}'


def test_every_free_form_map_of_a_connection_config_is_masked() -> None:
    """A map the spec adds to a connection config (any entry may be a key) must be known to the masking rule."""
    spec = json.loads((Path(__file__).parents[3] / "openapi" / "splx-probe.json").read_text())
    schemas: dict[str, Any] = spec["components"]["schemas"]
    maps: set[str] = set()
    pending = [name for name, schema in schemas.items() if "x-splx-connection-type" in schema]
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        nodes: list[Any] = [schemas[name]]
        while nodes:
            node = nodes.pop()
            if isinstance(node, dict):
                if isinstance(node.get("$ref"), str):
                    pending.append(node["$ref"].rsplit("/", 1)[-1])
                for prop, prop_schema in node.get("properties", {}).items():
                    if isinstance(prop_schema, dict) and prop_schema.get("additionalProperties") not in (None, False):
                        maps.add(prop)
                nodes.extend(node.values())
            elif isinstance(node, list):
                nodes.extend(node)
    assert maps >= {"headers", "extraLlmParams", "additionalParameters"}
    unmasked = sorted(name for name in maps if not is_masked_map(name))
    assert unmasked == [], f"add these maps to _secrets.MASKED_MAPS (or MASKED_MAP_LAST_WORDS): {unmasked}"
    assert all(is_secret_name(f"connection.config.{name}.anything") for name in maps)
