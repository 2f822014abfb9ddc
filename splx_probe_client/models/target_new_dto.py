from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define

if TYPE_CHECKING:
    from ..models.integration_dto import IntegrationDto
    from ..models.target_new_settings_dto import TargetNewSettingsDto


T = TypeVar("T", bound="TargetNewDto")


@_attrs_define
class TargetNewDto:
    connection: IntegrationDto
    id: int
    scan_id: int
    settings: TargetNewSettingsDto
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        connection = self.connection.to_dict()

        id = self.id

        scan_id = self.scan_id

        settings = self.settings.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "connection": connection,
                "id": id,
                "scanId": scan_id,
                "settings": settings,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:

        d = dict(src_dict)
        connection = IntegrationDto.from_dict(d.pop("connection"))

        id = d.pop("id")

        scan_id = d.pop("scanId")

        settings = TargetNewSettingsDto.from_dict(d.pop("settings"))

        target_new_dto = cls(
            connection=connection,
            id=id,
            scan_id=scan_id,
            settings=settings,
        )

        target_new_dto.additional_properties = d
        return target_new_dto

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
from ..models.integration_dto import IntegrationDto  # noqa: E402
from ..models.target_new_settings_dto import TargetNewSettingsDto  # noqa: E402
