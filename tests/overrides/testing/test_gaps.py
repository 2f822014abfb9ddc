"""Operations and parameters of the spec FakeProbe does not implement: each answers a 501 ``ErrorResponse`` naming it.

The list is made from the generated operations table on every run and shown as a warning, so a gap (an
endpoint the vendor added that the fake does not serve yet) is visible in every test report, never hidden.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pipeline.rules import gaps
from splx_probe_client._operations import OPERATIONS, Operation
from splx_probe_client._schema_rules import GAPS, OPERATION_RULES
from splx_probe_client.testing import FakeProbe


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    fake = FakeProbe()
    with httpx.Client(
        base_url="http://fake.test", transport=fake.transport(), headers={"X-Api-Key": fake.api_key}
    ) as c:
        yield c


def _send(http: httpx.Client, operation: Operation) -> httpx.Response:
    """The operation with every path id 1 and an empty JSON object as body (enough to tell 501 apart)."""
    body: dict[str, object] | None = {} if operation.method in {"POST", "PUT", "PATCH"} else None
    return http.request(operation.method, re.sub(r"\{[^}]+\}", "1", operation.path), json=body)


def test_each_gap_answers_501_naming_the_operation_and_is_listed(http: httpx.Client) -> None:
    gaps = []
    for operation in OPERATIONS:
        response = _send(http, operation)
        if response.status_code != 501:
            continue
        gaps.append(operation.operation_id)
        error = response.json()["error"]
        assert error["code"] == "NOT_IMPLEMENTED"
        assert operation.operation_id in error["message"]
        assert f"{operation.method} {operation.path}" in error["message"]
    if gaps:
        warnings.warn(f"FakeProbe does not implement {len(gaps)} operation(s) of the spec: {gaps}", stacklevel=1)
    assert len(gaps) < len(OPERATIONS), "FakeProbe implements no operation at all"


def test_implemented_operations_never_answer_501(http: httpx.Client) -> None:
    implemented = [op for op in OPERATIONS if _send(http, op).status_code != 501]
    assert implemented
    for operation in implemented:  # a body of the right shape reaches the operation, not a 501
        assert _send(http, operation).status_code in {200, 400, 404}, operation.operation_id


def test_the_rules_gaps_are_the_pipelines_and_are_shown(http: httpx.Client) -> None:
    """``make generate`` prints these; here they are shown in the test report too."""
    spec = json.loads((Path(__file__).resolve().parents[3] / "openapi" / "splx-probe.json").read_text())
    assert list(GAPS) == gaps(spec)
    if GAPS:
        warnings.warn("checked less than the spec says:\n" + "\n".join(GAPS), stacklevel=1)
    unimplemented = [
        (op, p.name) for op, rules in OPERATION_RULES.items() for p in rules.parameters if p.meaning is None
    ]
    assert all(any(f"{op}:" in gap and repr(name) in gap for gap in GAPS) for op, name in unimplemented)
