from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define

if TYPE_CHECKING:
    from ..models.risk_score_preset_details_dto import RiskScorePresetDetailsDto


T = TypeVar("T", bound="RiskScorePresetDto")


@_attrs_define
class RiskScorePresetDto:
    """Defines various target configurations and their key characteristics. It helps determine which Probes are most
    appropriate and what Risk Levels apply, ensuring accurate analysis based on the specific setup.

    """

    details: list[RiskScorePresetDetailsDto]
    """ A list of information for each Probe, including whether it is recommended and its associated Risk Level. """
    id: UUID
    """ Target type Id. """
    label: str
    """ Target type label/name. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        details = []
        for details_item_data in self.details:
            details_item = details_item_data.to_dict()
            details.append(details_item)

        id = str(self.id)

        label = self.label

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "details": details,
                "id": id,
                "label": label,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:

        d = dict(src_dict)
        details = []
        _details = d.pop("details")
        for details_item_data in _details:
            details_item = RiskScorePresetDetailsDto.from_dict(details_item_data)

            details.append(details_item)

        id = UUID(d.pop("id"))

        label = d.pop("label")

        risk_score_preset_dto = cls(
            details=details,
            id=id,
            label=label,
        )

        risk_score_preset_dto.additional_properties = d
        return risk_score_preset_dto

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


# Imported last, once: the models import each other, and this module's classes exist by now.
from ..models.risk_score_preset_details_dto import RiskScorePresetDetailsDto  # noqa: E402
