"""Enums and date-times of a generated package: a newer response value kept, user input strict, RFC 3339 read.

Runs on the fixture spec's package: ``Report`` is response-only, ``ReportRequest`` request-only and
``JailbreakFinding`` travels both ways; ``getLevel`` answers a bare enum value.
"""

from __future__ import annotations

import datetime
import importlib
import logging
import subprocess
import sys
from types import ModuleType
from typing import Any

import httpx
import pytest

UTC = datetime.UTC
LEAK = {"kind": "LEAK", "secret": "s"}


def _report(**changes: Any) -> dict[str, Any]:
    return {"primary": LEAK, "findings": [], "created": "2026-01-02T03:04:05+00:00", "level": "LOW", **changes}


def test_an_unknown_response_enum_value_is_kept_with_one_warning(
    fixture_package: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    m = fixture_package.models
    raw = _report(level="SEVERE", levels=["LOW", "SEVERE", "CRITICAL"])
    with caplog.at_level(logging.WARNING):
        first = m.Report.from_dict(raw)
        again = m.Report.from_dict(raw)
    assert first.level == "SEVERE"
    assert isinstance(first.level, fixture_package._parsing.UnknownEnumValue)
    assert repr(first.level) == "UnknownEnumValue('SEVERE')"
    assert again.levels == ["LOW", "SEVERE", "CRITICAL"]
    assert first.to_dict() == raw
    messages = [r.getMessage() for r in caplog.records]
    assert len([text for text in messages if "'SEVERE'" in text]) == 1, messages
    assert len([text for text in messages if "'CRITICAL'" in text]) == 1, messages
    assert "Report.level: 'SEVERE' is not a Level value this SDK version knows ('HIGH', 'LOW')" in messages[0]


def test_a_response_enum_of_the_wrong_type_is_an_error_naming_the_field(fixture_package: ModuleType) -> None:
    with pytest.raises(ValueError, match=r"Report\.level: 7 is not a Level value"):
        fixture_package.models.Report.from_dict(_report(level=7))


def test_a_bare_enum_response_is_kept_too(fixture_package: ModuleType) -> None:
    get_level = importlib.import_module("splx_fixture.api.default.get_level")
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json="EXTREME"))
    client = fixture_package.client.Client(base_url="http://probe.test", httpx_args={"transport": transport})
    assert get_level.sync(client=client) == "EXTREME"


def test_request_enums_stay_strict_and_name_the_field(fixture_package: ModuleType) -> None:
    m = fixture_package.models
    leak = m.LeakFinding.from_dict(LEAK)
    with pytest.raises(ValueError, match=r"ReportRequest\.level: 'SEVERE' is not a Level value; expected one of"):
        m.ReportRequest.from_dict({"finding": LEAK, "level": "SEVERE"})
    with pytest.raises(ValueError, match=r"ReportRequest\.level: 'SEVERE' is not one of 'HIGH', 'LOW'"):
        m.ReportRequest(finding=leak, level="SEVERE").to_dict()
    with pytest.raises(ValueError, match=r"ReportRequest\.levels\[1\]: 'high' is not one of"):
        m.ReportRequest(finding=leak, level="LOW", levels=["HIGH", "high"]).to_dict()
    assert m.ReportRequest(finding=leak, level="HIGH", levels=["LOW"]).to_dict()["levels"] == ["LOW"]


def test_a_bad_request_enum_fails_before_anything_is_sent(fixture_package: ModuleType) -> None:
    create_report = importlib.import_module("splx_fixture.api.default.create_report")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(500)

    transport = httpx.MockTransport(handler)
    client = fixture_package.client.Client(base_url="http://probe.test", httpx_args={"transport": transport})
    body = fixture_package.models.ReportRequest(finding=fixture_package.models.LeakFinding.from_dict(LEAK), level="X")
    with pytest.raises(ValueError, match=r"ReportRequest\.level"):
        create_report.sync(client=client, body=body)
    assert seen == []


def test_a_bad_enum_parameter_fails_before_anything_is_sent(fixture_package: ModuleType) -> None:
    create_report = importlib.import_module("splx_fixture.api.default.create_report")
    sent: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url)
        return httpx.Response(200, json=_report())

    transport = httpx.MockTransport(handler)
    client = fixture_package.client.Client(base_url="http://probe.test", httpx_args={"transport": transport})
    body = fixture_package.models.ReportRequest(finding=fixture_package.models.LeakFinding.from_dict(LEAK), level="LOW")
    with pytest.raises(ValueError, match=r"create_report: min_level: 'MEDIUM' is not one of 'HIGH', 'LOW'"):
        create_report.sync(client=client, body=body, min_level="MEDIUM")
    assert sent == []
    create_report.sync(client=client, body=body, min_level="HIGH")
    assert sent[0].params["minLevel"] == "HIGH"


def test_a_model_read_and_written_back_keeps_the_servers_value_but_not_a_typo(fixture_package: ModuleType) -> None:
    m = fixture_package.models
    read = m.JailbreakFinding.from_dict({"kind": "JAILBREAK", "level": "SEVERE"})
    assert read.to_dict() == {"kind": "JAILBREAK", "level": "SEVERE"}  # the server's own value goes back
    with pytest.raises(ValueError, match=r"JailbreakFinding\.level: 'SEVERE' is not one of"):
        m.JailbreakFinding(kind="JAILBREAK", level="SEVERE").to_dict()  # a plain string is user input


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-04T05:06:07Z", datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)),
        ("2026-03-04t05:06:07z", datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)),
        ("2026-03-04 05:06:07+00:00", datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)),
        ("2026-03-04T05:06:07.1234567Z", datetime.datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)),
        ("2026-03-04T05:06:07.123456789-00:00", datetime.datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)),
        ("2016-12-31T23:59:60Z", datetime.datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
        ("2016-12-31T23:59:60.5Z", datetime.datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
        (
            "2016-12-31t15:59:60-08:00",
            datetime.datetime(2016, 12, 31, 15, 59, 59, 999999, tzinfo=datetime.timezone(datetime.timedelta(hours=-8))),
        ),
    ],
)
def test_every_date_time_field_reads_rfc_3339(
    fixture_package: ModuleType, text: str, expected: datetime.datetime
) -> None:
    report = fixture_package.models.Report.from_dict(_report(created=text, updated=text, stamps=[text]))
    assert report.created == report.updated == report.stamps[0] == expected
    assert report.created.utcoffset() == expected.utcoffset()


def test_a_leap_second_sorts_between_its_neighbours(fixture_package: ModuleType) -> None:
    read = [
        fixture_package.models.Report.from_dict(_report(created=text)).created
        for text in ("2016-12-31T23:59:59.9Z", "2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z")
    ]
    assert read == sorted(read)
    assert len(set(read)) == 3


def test_a_date_time_that_is_no_date_time_is_a_clear_error(fixture_package: ModuleType) -> None:
    with pytest.raises(ValueError, match="not an RFC 3339 date-time: '2026-13-45T00:00:00Z'"):
        fixture_package.models.Report.from_dict(_report(created="2026-13-45T00:00:00Z"))
    with pytest.raises(ValueError, match="not an RFC 3339 date-time: 'soon'"):
        fixture_package.models.Report.from_dict(_report(updated="soon"))  # nullable: not kept as a str either


def test_the_post_processed_package_type_checks_strictly(fixture_package: ModuleType) -> None:
    (location,) = fixture_package.__path__
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null", location],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
