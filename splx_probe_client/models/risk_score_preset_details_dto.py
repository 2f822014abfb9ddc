from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from .._parsing import enum_value
from ..models.risk_score_weight import RISK_SCORE_WEIGHT_VALUES, RiskScoreWeight, check_risk_score_weight

T = TypeVar("T", bound="RiskScorePresetDetailsDto")


@_attrs_define
class RiskScorePresetDetailsDto:
    is_recommended: bool
    """ Boolean indicating whether the Probe is recommended for the given Target type. """
    probe_id: int
    """ Probe Id. """
    weight: RiskScoreWeight
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        is_recommended = self.is_recommended

        probe_id = self.probe_id

        weight: str = self.weight

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "isRecommended": is_recommended,
                "probeId": probe_id,
                "weight": weight,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        is_recommended = d.pop("isRecommended")

        probe_id = d.pop("probeId")

        weight = enum_value(
            d.pop("weight"),
            RISK_SCORE_WEIGHT_VALUES,
            "RiskScoreWeight",
            "RiskScorePresetDetailsDto.weight",
            strict=False,
        )

        risk_score_preset_details_dto = cls(
            is_recommended=is_recommended,
            probe_id=probe_id,
            weight=weight,
        )

        risk_score_preset_details_dto.additional_properties = d
        return risk_score_preset_details_dto

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
