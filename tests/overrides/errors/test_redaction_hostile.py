"""Redaction and reprs survive hostile input: nesting thousands deep, cycles, megabytes of one character.

``redact`` is iterative and shows nothing deeper than ``MAX_DEPTH`` (``TOO_DEEP`` instead); a model's repr is
shortened, never a ``RecursionError``; a 4xx/5xx answer nested 600 or 100 000 deep is the usual typed
``APIStatusError``; the text patterns scan hostile text in linear time.
"""

from __future__ import annotations

import asyncio
import json
import pickle
import time
from typing import Any

import httpx
import pytest
from samples import sample

from splx_probe_client import (
    APIStatusError,
    BadRequestError,
    InternalServerError,
    ProbeClient,
    ProbeError,
    SyncProbeClient,
)
from splx_probe_client._exceptions import status_error_from_response
from splx_probe_client._secrets import MASK, MAX_DEPTH, TOO_DEEP, redact, redact_text
from splx_probe_client.models import ScanRunExecutionDto

SECRET = "deep-s3cr3t-91"


def nested_lists(depth: int, leaf: Any = SECRET) -> Any:
    value: Any = leaf
    for _ in range(depth):
        value = [value]
    return value


def nested_dicts(depth: int, leaf: Any = SECRET, key: str = "a") -> Any:
    value: Any = leaf
    for _ in range(depth):
        value = {key: value}
    return value


def depth_of(value: Any) -> int:
    depth = 0
    while isinstance(value, dict | list) and value:
        value = next(iter(value.values())) if isinstance(value, dict) else value[0]
        depth += 1
    return depth


def deep_text(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


@pytest.mark.parametrize("depth", [600, 100_000])
@pytest.mark.parametrize("build", [nested_lists, nested_dicts])
def test_redact_of_data_nested_thousands_deep_is_cut_at_max_depth(depth: int, build: Any) -> None:
    shown = redact(build(depth))
    assert depth_of(shown) == MAX_DEPTH
    assert TOO_DEEP in json.dumps(shown)  # the copy is shallow enough for json and repr
    assert TOO_DEEP in repr(shown)


def test_redact_of_data_nested_just_within_max_depth_is_kept_whole() -> None:
    data = nested_dicts(MAX_DEPTH - 1, leaf=SECRET, key="password")
    shown = redact(data)
    assert TOO_DEEP not in repr(shown)
    assert depth_of(shown) == MAX_DEPTH - 1
    assert SECRET not in repr(shown)
    assert MASK in repr(shown)


def test_redact_of_a_cycle_ends() -> None:
    cycle: dict[str, Any] = {"token": "tok-cycle-77"}
    cycle["self"] = cycle
    shown = redact(cycle)
    assert TOO_DEEP in repr(shown)
    assert "tok-cycle-77" not in repr(shown)


def test_redact_keeps_order_and_masks_at_every_level() -> None:
    data = {"b": 1, "a": [{"apiKey": SECRET, "url": f"https://u:{SECRET}@h/x"}, "x"], "headers": {"X-T": SECRET}}
    shown = redact(data)
    assert list(shown) == ["b", "a", "headers"]
    assert shown == {"b": 1, "a": [{"apiKey": MASK, "url": "https://***@h/x"}, "x"], "headers": {"X-T": MASK}}


@pytest.mark.parametrize("depth", [600, 5_000])
def test_the_repr_of_a_model_holding_deep_data_is_shortened(depth: int) -> None:
    run = ScanRunExecutionDto.from_dict({**sample("ScanRunExecutionDto"), "extra": nested_lists(depth)})
    shown = repr(run)
    assert shown.startswith("ScanRunExecutionDto(")
    assert TOO_DEEP in shown
    assert SECRET not in shown  # the leaf is beyond the cut


def test_the_repr_of_models_nested_in_models_thousands_deep_is_shortened() -> None:
    outer = ScanRunExecutionDto.from_dict(sample("ScanRunExecutionDto"))
    current = outer
    for _ in range(3_000):
        inner = ScanRunExecutionDto.from_dict(sample("ScanRunExecutionDto"))
        current.additional_properties["next"] = inner
        current = inner
    shown = repr(outer)
    assert shown.startswith("ScanRunExecutionDto(")
    assert "ScanRunExecutionDto(...)" in shown


@pytest.mark.parametrize("depth", [600, 100_000])
@pytest.mark.parametrize(("status", "error_class"), [(400, BadRequestError), (503, InternalServerError)])
def test_an_error_answer_nested_deep_is_the_usual_typed_error(
    depth: int, status: int, error_class: type[APIStatusError]
) -> None:
    request = httpx.Request("GET", "https://probe.test/api/target/types")
    response = httpx.Response(status, content=deep_text(depth).encode(), request=request)
    error = status_error_from_response(response)
    assert type(error) is error_class
    assert str(error).startswith(f"{status} ")
    assert len(str(error)) < 1000
    assert pickle.loads(pickle.dumps(error)).status_code == status
    repr(error.body)  # shallow enough to show


@pytest.mark.parametrize("depth", [600, 100_000])
def test_an_error_answer_nested_deep_under_the_error_key_is_the_usual_typed_error(depth: int) -> None:
    body = {"error": {"message": "bad", "code": "E", "validationErrors": {"field": [nested_lists(depth // 10)]}}}
    text = json.dumps(body) if depth <= 600 else '{"error": {"message": "bad", "details": ' + deep_text(depth) + "}}"
    request = httpx.Request("POST", "https://probe.test/api/x")
    error = status_error_from_response(httpx.Response(400, content=text.encode(), request=request))
    assert type(error) is BadRequestError
    assert len(str(error)) < 2_000


def _deep_answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(500, content=deep_text(600).encode(), headers={"content-type": "application/json"})


def test_both_clients_raise_the_typed_error_for_a_deep_error_answer() -> None:
    transport = httpx.MockTransport(_deep_answer)
    with (
        SyncProbeClient("k-123456", base_url="https://probe.test", transport=transport, max_retries=0) as client,
        pytest.raises(InternalServerError),
    ):
        client.targets.list_types()

    async def run() -> None:
        async with ProbeClient(
            "k-123456", base_url="https://probe.test", transport=httpx.MockTransport(_deep_answer), max_retries=0
        ) as client:
            await client.targets.list_types()

    with pytest.raises(InternalServerError) as caught:
        asyncio.run(run())
    assert isinstance(caught.value, ProbeError)


HOSTILE_TEXTS = {
    "letters": "a" * 200_000,
    "pairs": "a=" * 100_000,
    "colons": "password:" * 20_000,
    "open quote": 'password="' + "x" * 200_000,
    "backslashes": "\\" * 200_000 + '"',
    "escaped quotes": '\\"' * 100_000,
    "escaped name": 'token: \\"' + "\\" * 100_000,
    "urls": "https:" * 40_000 + "//x",
    "scheme letters": "a" * 200_000 + "://x",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXTS))
def test_redact_text_scans_hostile_text_in_linear_time(name: str) -> None:
    text = HOSTILE_TEXTS[name]
    started = time.perf_counter()
    redact_text(text)
    # Linear is milliseconds; the quadratic scan this guards against took minutes. Slack for a loaded machine.
    assert time.perf_counter() - started < 5.0


def test_an_error_answer_of_hostile_text_is_typed_within_bounded_time() -> None:
    request = httpx.Request("GET", "https://probe.test/api/target/types")
    started = time.perf_counter()
    for text in HOSTILE_TEXTS.values():
        error = status_error_from_response(httpx.Response(502, text=text, request=request))
        assert type(error) is InternalServerError
    assert time.perf_counter() - started < 20.0
