"""The parsing helpers generated models call, on their own and through the SPLX models that use them."""

from __future__ import annotations

import datetime
import logging
import pickle
from typing import Any

import httpx
import pytest

from splx_probe_client import ProbeClient, UnknownEnumValue, UnknownVariant, _parsing
from splx_probe_client._parsing import enum_value, parse_datetime, parse_variant
from splx_probe_client.api.target import get_target_scores, list_target_types
from splx_probe_client.models import RiskScorePresetDto, ScanRunExecutionDto, ScanScoreOverviewDto
from splx_probe_client.models.risk_score_weight import RISK_SCORE_WEIGHT_VALUES

KNOWN = sorted(RISK_SCORE_WEIGHT_VALUES)[0]


def _newer(tag: str) -> str:
    """A weight the spec does not have (longer than any it has), unique to one test: its warning is fresh."""
    return f"{tag}_NEWER_THAN_{'_'.join(sorted(RISK_SCORE_WEIGHT_VALUES))}"


def _target_types(newer: str) -> list[dict[str, Any]]:
    details: list[dict[str, Any]] = [{"isRecommended": True, "probeId": 1, "weight": KNOWN}]
    details += [{"isRecommended": False, "probeId": probe, "weight": newer} for probe in (2, 3)]
    return [{"id": "4f6c3b0e-8a52-4d5e-9a57-0b7e1c2d3e4f", "label": "Private with RAG", "details": details}]


def _client(body: Any) -> ProbeClient:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    return ProbeClient("key", base_url="http://probe.test", transport=transport, max_retries=0)


def test_a_target_type_with_an_unknown_weight_is_read_not_lost(caplog: pytest.LogCaptureFixture) -> None:
    newer = _newer("FROM_DICT")
    raw = _target_types(newer)
    with caplog.at_level(logging.WARNING, logger="splx_probe_client"):
        (preset,) = [RiskScorePresetDto.from_dict(item) for item in raw]
        RiskScorePresetDto.from_dict(raw[0])
    assert [detail.weight for detail in preset.details] == [KNOWN, newer, newer]
    assert isinstance(preset.details[1].weight, UnknownEnumValue)
    assert not isinstance(preset.details[0].weight, UnknownEnumValue)
    assert preset.to_dict() == raw[0]
    warnings = [r.getMessage() for r in caplog.records if newer in r.getMessage()]
    assert len(warnings) == 1, "one warning per enum and value, however often it is read"
    assert warnings[0].startswith(f"RiskScorePresetDetailsDto.weight: {newer!r} is not a RiskScoreWeight value")


async def test_list_target_types_survives_a_weight_newer_than_the_sdk() -> None:
    newer = _newer("LISTED")
    async with _client(_target_types(newer)) as client:
        presets = await list_target_types.asyncio(client=client)
    assert isinstance(presets, list)
    assert [detail.weight for detail in presets[0].details] == [KNOWN, newer, newer]


async def test_scores_with_an_rfc_date_time_fromisoformat_rejects() -> None:
    body = {
        "latestExecutionDate": "2016-12-31t23:59:60z",
        "overallScore": 80,
        "simulatedAttacks": 3,
        "successfulAttacks": 1,
    }
    async with _client(body) as client:
        scores = await get_target_scores.asyncio(workspace_id=1, target_id=2, client=client)
    assert isinstance(scores, ScanScoreOverviewDto)
    assert scores.latest_execution_date == datetime.datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.UTC)


def test_a_nullable_date_time_reads_every_form() -> None:
    run = {"id": 1, "name": None, "probes": None, "startedBy": None, "status": "RUNNING"}
    read = ScanRunExecutionDto.from_dict({**run, "executionDate": "2026-01-02T03:04:05.123456789z"})
    assert read.execution_date == datetime.datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.UTC)


def test_a_nullable_date_time_that_is_no_date_time_is_an_error_not_a_str_in_a_datetime_field() -> None:
    run = {"id": 1, "name": None, "probes": None, "startedBy": None, "status": "RUNNING"}
    assert ScanRunExecutionDto.from_dict({**run, "executionDate": None}).execution_date is None
    with pytest.raises(ValueError, match="not an RFC 3339 date-time: 'last tuesday'"):
        ScanRunExecutionDto.from_dict({**run, "executionDate": "last tuesday"})
    with pytest.raises(TypeError, match="got int"):
        ScanRunExecutionDto.from_dict({**run, "executionDate": 1700000000})


@pytest.mark.parametrize(
    "value",
    ["", "yesterday", "2026-02-30T00:00:00Z", "2026-01-01T24:00:61Z", "2026-01-01T00:00:60Z", "2026-01-01T00:58:60"],
)
def test_parse_datetime_rejects_what_is_no_date_time(value: str) -> None:
    with pytest.raises(ValueError, match="not an RFC 3339 date-time"):
        parse_datetime(value)


def test_parse_datetime_rejects_non_strings() -> None:
    with pytest.raises(TypeError, match="got int"):
        parse_datetime(1700000000)


def test_parse_datetime_keeps_a_naive_value_naive() -> None:
    assert parse_datetime("2026-01-02T03:04:05").tzinfo is None


def test_enum_value_is_exact_about_types() -> None:
    assert enum_value("LOW", {"LOW", "HIGH"}, "Level", "M.f", strict=True) == "LOW"
    assert enum_value(2, {1, 2}, "Prio", "M.f", strict=True) == 2
    assert enum_value(3, {1, 2}, "Prio", "M.f", strict=False) == 3  # a newer integer value is kept as an int
    with pytest.raises(ValueError, match=r"M\.f: True is not a Prio value"):
        enum_value(True, {1, 2}, "Prio", "M.f", strict=False)
    with pytest.raises(ValueError, match=r"M\.f: \['LOW'\] is not a Level value"):
        enum_value(["LOW"], {"LOW"}, "Level", "M.f", strict=False)


def test_unknown_values_pickle_and_compare_as_their_string() -> None:
    value = UnknownEnumValue("SEVERE")
    assert value == "SEVERE"
    assert hash(value) == hash("SEVERE")
    assert pickle.loads(pickle.dumps(value)) == value
    assert type(pickle.loads(pickle.dumps(value))) is UnknownEnumValue


def test_an_unknown_variant_hides_secrets_in_its_repr_but_not_in_to_dict() -> None:
    data = {"kind": "TOKEN_LEAK", "apiKey": "sk-live-123", "detail": "visible"}
    kept = parse_variant(data, "M.f", "kind", {"LEAK": object}, strict=False)
    assert isinstance(kept, UnknownVariant)
    assert "sk-live-123" not in repr(kept)
    assert "visible" in repr(kept)
    assert kept.to_dict() == data
    assert pickle.loads(pickle.dumps(kept)) == kept


def test_warnings_stop_after_a_bound_so_random_values_cannot_grow_memory(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(_parsing, "_warned", set())
    monkeypatch.setattr(_parsing, "MAX_WARNED", 3)
    with caplog.at_level(logging.WARNING, logger="splx_probe_client"):
        for index in range(10):
            assert enum_value(f"NEW{index}", {"OLD"}, "Level", "M.f", strict=False) == f"NEW{index}"
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 5  # NEW0..NEW3, then the one saying the rest are not logged
    assert "further ones are kept without a warning" in messages[-1]
    assert len(_parsing._warned) == 4
