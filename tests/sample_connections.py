"""One realistic connection per connection type, as the API sends and takes it (shared by the tests).

Every value under a secret name starts with ``SECRET-`` so a test can look for any of them in a repr or a log.
Nested objects (``oauth``, ``openSession``, ``closeSession``, ``oAuth``, ``auth``, ``nonAuth``), header maps,
extra LLM params and explicit nulls are all present somewhere.
"""

from __future__ import annotations

from typing import Any

SECRET_PREFIX = "SECRET-"

CONNECTIONS: dict[str, dict[str, Any]] = {
    "OPENAI": {
        "apiKey": "SECRET-sk-proj-4f9a",
        "model": "gpt-4o-mini",
        "systemPrompt": "You are the support assistant of ACME Bank. Never disclose account data.",
    },
    "OPENAI_REST_API": {
        "url": "https://llm.internal.acme.example/v1/chat/completions",
        "apiKey": "SECRET-gw-93b1",
        "model": "acme-llama-3-70b",
        "headers": {"Authorization": "SECRET-Bearer eyJhbGciOi", "X-Tenant": "SECRET-tenant-header-value"},
        "extraLlmParams": {"temperature": 0.2, "top_p": 0.9, "stop": ["</s>"]},
        "systemPrompt": None,
        "responsePayload": "choices[0].message.content",
    },
    "REST_API": {
        "url": "https://chat.acme.example/api/messages",
        "headers": {"Authorization": "SECRET-Bearer abc.def", "Content-Type": "SECRET-application/json"},
        "requestPayloadSample": '{"session": "{session_id}", "message": "{message}"}',
        "responsePayload": "$.reply.text",
        "oauth": {
            "url": "https://login.acme.example/oauth2/token",
            "clientId": "probe-red-team",
            "clientSecret": "SECRET-oauth-client-secret",
            "scope": "chat.read chat.write",
            "additionalParameters": {"audience": "chat-api"},
        },
        "openSession": {
            "url": "https://chat.acme.example/api/sessions",
            "requestPayloadSample": '{"user": "red-team"}',
            "responsePayload": "$.sessionId",
        },
        "closeSession": {
            "url": "https://chat.acme.example/api/sessions/close",
            "requestPayloadSample": '{"session": "{session_id}"}',
        },
    },
    "PROXY_SDK": {
        "url": "https://proxy.acme.example/probe",
        "apiKey": "SECRET-proxy-key",
        "headers": {"X-Proxy-Auth": "SECRET-proxy-auth"},
        "requestPayloadSample": '{"input": "{message}"}',
    },
    "DIFY": {"apiKey": "SECRET-app-dify-81c2"},
    "HUGGING_FACE": {
        "token": "SECRET-hf_abcdef",
        "model": "mistralai/Mistral-7B-Instruct-v0.3",
        "apiType": "TEXT_GENERATION",
        "systemPrompt": "Answer briefly.",
    },
    "MISTRAL": {"apiKey": "SECRET-mistral-77", "model": "mistral-large-latest"},
    "ANTHROPIC": {
        "apiKey": "SECRET-sk-ant-api03",
        "model": "claude-sonnet-4-5",
        "maxTokens": 1024,
        "systemPrompt": "You are a helpful travel agent.",
    },
    "AZURE_OPENAI": {
        "url": "https://acme.openai.azure.com",
        "apiKey": "SECRET-azure-openai-key",
        "deploymentName": "gpt-4o-prod",
        "apiVersion": "2024-10-21",
        "extraLlmParams": {"temperature": "0.1"},
        "systemPrompt": None,
    },
    "AZURE_ML": {
        "url": "https://acme-ml.eastus2.inference.ml.azure.com/score",
        "apiKey": "SECRET-azure-ml-key",
        "systemPrompt": "Be concise.",
    },
    "GEMINI": {"apiKey": "SECRET-AIzaSyD", "model": "gemini-2.0-flash"},
    "BEDROCK": {
        "awsAccessKeyId": "AKIAIOSFODNN7EXAMPLE",
        "awsSecretAccessKey": "SECRET-wJalrXUtnFEMI",
        "awsRegion": "eu-central-1",
        "model": "anthropic.claude-3-5-sonnet-20240620-v1:0",
        "extraLlmParams": {"max_tokens": "512"},
    },
    "OPENAI_ASSISTANT": {"apiKey": "SECRET-sk-assist", "assistantId": "asst_abc123"},
    "DATABRICKS": {
        "workspaceUrl": "https://adb-1234567890123456.7.azuredatabricks.net",
        "model": "databricks-meta-llama-3-1-70b-instruct",
        "oAuth": {"clientId": "5b6c7d", "clientSecret": "SECRET-dose-secret"},
        "systemPrompt": "You are the internal HR assistant.",
    },
    "COPILOT_STUDIO": {
        "authenticationType": "AUTHENTICATED",
        "auth": {
            "clientId": "0f3c-client",
            "envId": "Default-72f988bf",
            "expiresAtTimestamp": 1767225600,
            "refreshToken": "SECRET-refresh-token",
            "schemaName": "cr123_helpdesk",
            "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
        },
        "nonAuth": {"agentSecret": "SECRET-direct-line-secret", "directLineRegion": "europe"},
    },
}
"""Connection type -> its config as JSON."""


def target_payload(connection_type: str, config: dict[str, Any] | None = None) -> dict[str, Any]:
    """A ``TargetNewDto`` JSON object holding a connection of ``connection_type``."""
    return {
        "id": 42,
        "scanId": 7,
        "connection": {"type": connection_type, "config": config or CONNECTIONS[connection_type]},
        "settings": {
            "name": "ACME support bot",
            "description": "Staging build of the support assistant",
            "environment": "STAGE",
            "language": "en",
            "concurrentRequests": True,
            "multiStepAttacks": False,
            "supportedModes": ["CHAT"],
            "systemPromptConfigurations": {"systemPromptConfidential": None},
            "rateLimit": 10,
            "targetPresetId": "2f1c8e0a-7a52-4b1e-9d0a-6a3f4f8b1c2d",
        },
    }


SETTINGS_REQUEST: dict[str, Any] = {
    "name": "ACME support bot",
    "description": "Staging build of the support assistant",
    "environment": "STAGE",
    "language": "en",
    "concurrentRequests": True,
    "multiStepAttacks": False,
    "rateLimit": 10,
    "supportedModes": ["CHAT"],
}
"""The ``settings`` of a create-target request, every required field present."""


def create_request(connection_type: str) -> dict[str, Any]:
    """A ``TargetNewCreateRequest`` JSON object holding a connection of ``connection_type``."""
    return {
        "connection": {"type": connection_type, "config": CONNECTIONS[connection_type]},
        "settings": dict(SETTINGS_REQUEST),
    }
