from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from .._parsing import parse_datetime
from ..types import UNSET, Unset

T = TypeVar("T", bound="ScanRunExecutionDto")


@_attrs_define
class ScanRunExecutionDto:
    """Response payload containing execution details and status information for a test run."""

    id: int
    """ Unique identifier for the test run execution. """
    name: None | str
    """ Name of the test run execution. """
    probes: list[str] | None
    """ List of probe names included in this test run. """
    started_by: None | str
    """ Email of the user who initiated this test run. """
    status: None | str
    """ Current status of the test run (e.g., 'RUNNING', 'COMPLETED', 'FAILED' and 'CANCELLED'). """
    error_count: int | Unset = UNSET
    """ Number of test cases that encountered execution errors. """
    execution_date: datetime.datetime | None | Unset = UNSET
    """ Timestamp when the test run was executed. Null if not yet executed. """
    failed_count: int | Unset = UNSET
    """ Number of test cases that failed (potential risk detected). """
    passed_count: int | Unset = UNSET
    """ Number of test cases that passed (no risk found). """
    progress: float | Unset = UNSET
    """ Test run progress. """
    total_count: int | Unset = UNSET
    """ Total number of test cases planned for execution. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name: None | str
        name = self.name

        probes: list[str] | None
        if isinstance(self.probes, list):
            probes = self.probes

        else:
            probes = self.probes

        started_by: None | str
        started_by = self.started_by

        status: None | str
        status = self.status

        error_count = self.error_count

        execution_date: None | str | Unset
        if isinstance(self.execution_date, Unset):
            execution_date = UNSET
        elif isinstance(self.execution_date, datetime.datetime):
            execution_date = self.execution_date.isoformat()
        else:
            execution_date = self.execution_date

        failed_count = self.failed_count

        passed_count = self.passed_count

        progress = self.progress

        total_count = self.total_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "probes": probes,
                "startedBy": started_by,
                "status": status,
            }
        )
        if error_count is not UNSET:
            field_dict["errorCount"] = error_count
        if execution_date is not UNSET:
            field_dict["executionDate"] = execution_date
        if failed_count is not UNSET:
            field_dict["failedCount"] = failed_count
        if passed_count is not UNSET:
            field_dict["passedCount"] = passed_count
        if progress is not UNSET:
            field_dict["progress"] = progress
        if total_count is not UNSET:
            field_dict["totalCount"] = total_count

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name: None | str = d.pop("name")

        probes: list[str] | None = d.pop("probes")

        started_by: None | str = d.pop("startedBy")

        status: None | str = d.pop("status")

        error_count = d.pop("errorCount", UNSET)

        def _parse_execution_date(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                execution_date_type_0 = parse_datetime(data)

                return execution_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return parse_datetime(data)

        execution_date = _parse_execution_date(d.pop("executionDate", UNSET))

        failed_count = d.pop("failedCount", UNSET)

        passed_count = d.pop("passedCount", UNSET)

        progress = d.pop("progress", UNSET)

        total_count = d.pop("totalCount", UNSET)

        scan_run_execution_dto = cls(
            id=id,
            name=name,
            probes=probes,
            started_by=started_by,
            status=status,
            error_count=error_count,
            execution_date=execution_date,
            failed_count=failed_count,
            passed_count=passed_count,
            progress=progress,
            total_count=total_count,
        )

        scan_run_execution_dto.additional_properties = d
        return scan_run_execution_dto

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
