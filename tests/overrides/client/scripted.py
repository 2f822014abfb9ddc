"""Test helpers of the client tests: a scripted server behind ``httpx.MockTransport``, a sleep that records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

API_KEY = "test-key-5c1f0a9e"
BASE_URL = "https://probe.test"

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Script:
    """Answers requests in order from a list of responses or exceptions; records every request it saw."""

    def __init__(self) -> None:
        self.answers: list[Answer] = []
        self.requests: list[httpx.Request] = []

    def then(self, *answers: Answer) -> Script:
        self.answers.extend(answers)
        return self

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not self.answers:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        return answer(request)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)


class Sleeps:
    """The client's ``retry_sleep``: records each wait instead of sleeping.

    ``ProbeClient`` takes the instance (an async callable), ``SyncProbeClient`` its ``blocking`` method.
    """

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)

    def blocking(self, seconds: float) -> None:
        self.waits.append(seconds)


def json_response(status: int, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def error_body(message: str, code: str = "ERROR", validation_errors: dict[str, list[str]] | None = None) -> Any:
    error: dict[str, Any] = {"message": message, "code": code}
    if validation_errors is not None:
        error["validationErrors"] = validation_errors
    return {"error": error}
