from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define

if TYPE_CHECKING:
    from ..models.integration_request import IntegrationRequest
    from ..models.target_settings_create_request import TargetSettingsCreateRequest


T = TypeVar("T", bound="TargetNewCreateRequest")


@_attrs_define
class TargetNewCreateRequest:
    """Request payload to create a new Target."""

    connection: IntegrationRequest
    """ Target connection configuration """
    settings: TargetSettingsCreateRequest
    """ Request payload to update an existing Target's settings. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        connection = self.connection.to_dict()

        settings = self.settings.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "connection": connection,
                "settings": settings,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:

        d = dict(src_dict)
        connection = IntegrationRequest.from_dict(d.pop("connection"))

        settings = TargetSettingsCreateRequest.from_dict(d.pop("settings"))

        target_new_create_request = cls(
            connection=connection,
            settings=settings,
        )

        if d:
            raise ValueError(
                f"TargetNewCreateRequest: unknown key(s) {', '.join(sorted(map(repr, d)))}; "
                "its schema defines connection, settings"
            )
        target_new_create_request.additional_properties = d
        return target_new_create_request

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
