from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define

T = TypeVar("T", bound="TriggerTestRunRequest")


@_attrs_define
class TriggerTestRunRequest:
    """Request payload to trigger the execution of a Test Run."""

    name: str
    """ Name of the Test Run. """
    probe_ids: list[int] | None
    """ The ids of the Probes that will be used in a Test Run. """
    target_id: int
    """ The id of the Target for which the Test Run will be triggered. """
    notify_when_finished: bool = False
    run_ai_analysis: bool = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        notify_when_finished = self.notify_when_finished

        probe_ids: list[int] | None
        if isinstance(self.probe_ids, list):
            probe_ids = self.probe_ids

        else:
            probe_ids = self.probe_ids

        run_ai_analysis = self.run_ai_analysis

        target_id = self.target_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "notifyWhenFinished": notify_when_finished,
                "probeIds": probe_ids,
                "runAiAnalysis": run_ai_analysis,
                "targetId": target_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        notify_when_finished = d.pop("notifyWhenFinished")

        probe_ids: list[int] | None = d.pop("probeIds")

        run_ai_analysis = d.pop("runAiAnalysis")

        target_id = d.pop("targetId")

        trigger_test_run_request = cls(
            name=name,
            notify_when_finished=notify_when_finished,
            probe_ids=probe_ids,
            run_ai_analysis=run_ai_analysis,
            target_id=target_id,
        )

        if d:
            raise ValueError(
                f"TriggerTestRunRequest: unknown key(s) {', '.join(sorted(map(repr, d)))}; "
                "its schema defines name, notifyWhenFinished, probeIds, runAiAnalysis, targetId"
            )
        trigger_test_run_request.additional_properties = d
        return trigger_test_run_request

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
