from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.integration_request import IntegrationRequest
    from ..models.target_settings_create_request import TargetSettingsCreateRequest


T = TypeVar("T", bound="TargetNewUpdateRequest")


@_attrs_define
class TargetNewUpdateRequest:
    """Request payload to update an existing Target."""

    connection: IntegrationRequest | Unset = UNSET
    """ Target connection configuration """
    settings: TargetSettingsCreateRequest | Unset = UNSET
    """ Request payload to update an existing Target's settings. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        connection: dict[str, Any] | Unset = UNSET
        if not isinstance(self.connection, Unset):
            connection = self.connection.to_dict()

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if connection is not UNSET:
            field_dict["connection"] = connection
        if settings is not UNSET:
            field_dict["settings"] = settings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:

        d = dict(src_dict)
        _connection = d.pop("connection", UNSET)
        connection: IntegrationRequest | Unset
        if isinstance(_connection, Unset):
            connection = UNSET
        else:
            connection = IntegrationRequest.from_dict(_connection)

        _settings = d.pop("settings", UNSET)
        settings: TargetSettingsCreateRequest | Unset
        if isinstance(_settings, Unset):
            settings = UNSET
        else:
            settings = TargetSettingsCreateRequest.from_dict(_settings)

        target_new_update_request = cls(
            connection=connection,
            settings=settings,
        )

        if d:
            raise ValueError(
                f"TargetNewUpdateRequest: unknown key(s) {', '.join(sorted(map(repr, d)))}; "
                "its schema defines connection, settings"
            )
        target_new_update_request.additional_properties = d
        return target_new_update_request

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
from ..models.integration_request import IntegrationRequest  # noqa: E402
from ..models.target_settings_create_request import TargetSettingsCreateRequest  # noqa: E402
