"""Discriminated unions of a generated package: each member parsed by its discriminator, unknown ones kept.

Runs on the fixture spec's package (``conftest.fixture_package``): ``Finding`` maps ``kind`` LEAK/JAILBREAK
explicitly, ``Report.verdict`` names its variants by schema name. ``JailbreakFinding`` comes first in the
``oneOf`` and needs only ``kind``, so the generator's own parsing read every LEAK item as a JAILBREAK one.
"""

from __future__ import annotations

import importlib
import json
import logging
from types import ModuleType
from typing import Any

import httpx
import pytest

LEAK = {"kind": "LEAK", "secret": "s3", "at": "2026-01-02T03:04:05+00:00"}
JAILBREAK = {"kind": "JAILBREAK", "prompt": "ignore all rules", "level": "HIGH"}
BIAS = {"kind": "BIAS", "group": "age", "score": 0.5}


def _report(**changes: Any) -> dict[str, Any]:
    return {"primary": LEAK, "findings": [], "created": "2026-01-02T03:04:05+00:00", "level": "LOW", **changes}


def _client(fx: ModuleType, handler: Any) -> Any:
    return fx.client.Client(base_url="http://probe.test", httpx_args={"transport": httpx.MockTransport(handler)})


def test_each_member_is_read_as_the_variant_its_discriminator_names(fixture_package: ModuleType) -> None:
    m = fixture_package.models
    report = m.Report.from_dict(_report(findings=[LEAK, JAILBREAK], byName={"a": LEAK, "b": JAILBREAK}))
    assert type(report.primary) is m.LeakFinding
    assert report.primary.secret == "s3"
    assert [type(item) for item in report.findings] == [m.LeakFinding, m.JailbreakFinding]
    assert {key: type(value) for key, value in report.by_name.additional_properties.items()} == {
        "a": m.LeakFinding,
        "b": m.JailbreakFinding,
    }


def test_variants_without_a_mapping_are_named_by_their_schema(fixture_package: ModuleType) -> None:
    m = fixture_package.models
    failed = m.Report.from_dict(_report(verdict={"outcome": "FailVerdict", "reason": "leaked"}))
    assert type(failed.verdict) is m.FailVerdict
    assert failed.verdict.reason == "leaked"
    assert type(m.Report.from_dict(_report(verdict={"outcome": "PassVerdict"})).verdict) is m.PassVerdict
    assert m.Report.from_dict(_report(verdict=None)).verdict is None
    assert isinstance(m.Report.from_dict(_report()).verdict, fixture_package.types.Unset)


def test_an_unknown_kind_is_kept_as_sent_with_one_warning(
    fixture_package: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    unknown_variant = fixture_package._parsing.UnknownVariant
    raw = _report(primary=BIAS, findings=[BIAS, LEAK, BIAS], verdict={"outcome": "Inconclusive", "note": "n"})
    with caplog.at_level(logging.WARNING):
        report = fixture_package.models.Report.from_dict(raw)
    assert isinstance(report.primary, unknown_variant)
    assert (report.primary.property_name, report.primary.value, report.primary.data) == ("kind", "BIAS", BIAS)
    assert [type(item).__name__ for item in report.findings] == ["UnknownVariant", "LeakFinding", "UnknownVariant"]
    assert report.verdict.value == "Inconclusive"
    assert report.to_dict() == raw  # written back unchanged
    bias = [r for r in caplog.records if "'BIAS'" in r.getMessage()]
    assert len(bias) == 1, "one warning per union and value, however many items carry it"
    assert bias[0].levelno == logging.WARNING
    assert "Report.primary" in bias[0].getMessage()
    assert "'JAILBREAK', 'LEAK'" in bias[0].getMessage()


def test_a_missing_discriminator_or_a_misfit_is_kept_not_guessed(fixture_package: ModuleType) -> None:
    m = fixture_package.models
    no_kind = {"secret": "s"}
    leak_without_secret = {"kind": "LEAK"}
    report = m.Report.from_dict(_report(findings=[no_kind, leak_without_secret]))
    assert [(type(item).__name__, item.value) for item in report.findings] == [
        ("UnknownVariant", None),
        ("UnknownVariant", "LEAK"),
    ]
    assert report.to_dict()["findings"] == [no_kind, leak_without_secret]


def test_a_union_member_that_is_no_object_is_a_clear_error(fixture_package: ModuleType) -> None:
    with pytest.raises(ValueError, match=r"Report\.findings\[\]: expected a JSON object with 'kind', got str"):
        fixture_package.models.Report.from_dict(_report(findings=["LEAK"]))


def test_request_models_read_from_user_input_are_strict(fixture_package: ModuleType) -> None:
    m = fixture_package.models
    request = m.ReportRequest.from_dict({"finding": LEAK, "level": "LOW"})
    assert type(request.finding) is m.LeakFinding
    with pytest.raises(ValueError, match=r"ReportRequest\.finding: kind 'BIAS' is not one of 'JAILBREAK', 'LEAK'"):
        m.ReportRequest.from_dict({"finding": BIAS, "level": "LOW"})
    with pytest.raises(ValueError, match=r"ReportRequest\.finding: a kind 'LEAK' object does not fit LeakFinding"):
        m.ReportRequest.from_dict({"finding": {"kind": "LEAK"}, "level": "LOW"})


def test_a_variant_is_sent_with_the_discriminator_of_its_class(fixture_package: ModuleType) -> None:
    m = fixture_package.models
    mislabelled = m.LeakFinding(kind="JAILBREAK", secret="s")
    with pytest.raises(
        ValueError, match=r"ReportRequest\.finding: a LeakFinding with kind 'JAILBREAK' would be read as"
    ):
        m.ReportRequest(finding=mislabelled, level="LOW").to_dict()
    report = m.Report.from_dict(_report())
    report.findings = [mislabelled]
    with pytest.raises(ValueError, match=r"Report\.findings\[\]: .* expected kind 'LEAK'"):
        report.to_dict()
    # A discriminator left unset is filled in from the class: FailVerdict's `outcome` is optional.
    report.findings = []
    report.verdict = m.FailVerdict(reason="leaked")
    assert report.to_dict()["verdict"] == {"outcome": "FailVerdict", "reason": "leaked"}


def test_a_variant_model_outside_a_union_is_no_union(fixture_package: ModuleType) -> None:
    m = fixture_package.models
    report = m.Report.from_dict(_report(lastLeak={"kind": "archived", "secret": "s"}))
    assert type(report.last_leak) is m.LeakFinding  # a plain LeakFinding field: no discriminator to dispatch on
    assert report.to_dict()["lastLeak"] == {"kind": "archived", "secret": "s"}


def test_a_mislabelled_body_is_refused_before_anything_is_sent(fixture_package: ModuleType) -> None:
    create_finding = importlib.import_module("splx_fixture.api.default.create_finding")
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    with pytest.raises(ValueError, match=r"create_finding: body: a JailbreakFinding with kind 'LEAK'"):
        create_finding.sync(
            client=_client(fixture_package, handler), body=fixture_package.models.JailbreakFinding(kind="LEAK")
        )
    assert sent == []


def test_endpoints_dispatch_responses_and_send_what_they_are_given(fixture_package: ModuleType) -> None:
    create_finding = importlib.import_module("splx_fixture.api.default.create_finding")
    list_findings = importlib.import_module("splx_fixture.api.default.list_findings")
    sent: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            sent.append(json.loads(request.content))
            return httpx.Response(200, json=sent[-1])
        return httpx.Response(200, json=[JAILBREAK, LEAK, BIAS])

    client = _client(fixture_package, handler)
    listed = list_findings.sync(client=client)
    assert [type(item).__name__ for item in listed] == ["JailbreakFinding", "LeakFinding", "UnknownVariant"]
    echoed = create_finding.sync(client=client, body=listed[2])  # an unknown kind read, written back unchanged
    assert sent == [BIAS]
    assert type(echoed).__name__ == "UnknownVariant"
    leak = create_finding.sync(client=client, body=fixture_package.models.LeakFinding.from_dict(LEAK))
    assert type(leak).__name__ == "LeakFinding"
    assert sent[-1] == LEAK
