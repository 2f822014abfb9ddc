from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define

T = TypeVar("T", bound="CopilotStudioAuthenticatedIntegrationConfig")


@_attrs_define
class CopilotStudioAuthenticatedIntegrationConfig:
    client_id: None | str
    env_id: None | str
    expires_at_timestamp: int
    refresh_token: None | str
    schema_name: None | str
    tenant_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_id: None | str
        client_id = self.client_id

        env_id: None | str
        env_id = self.env_id

        expires_at_timestamp = self.expires_at_timestamp

        refresh_token: None | str
        refresh_token = self.refresh_token

        schema_name: None | str
        schema_name = self.schema_name

        tenant_id: None | str
        tenant_id = self.tenant_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "clientId": client_id,
                "envId": env_id,
                "expiresAtTimestamp": expires_at_timestamp,
                "refreshToken": refresh_token,
                "schemaName": schema_name,
                "tenantId": tenant_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        client_id: None | str = d.pop("clientId")

        env_id: None | str = d.pop("envId")

        expires_at_timestamp = d.pop("expiresAtTimestamp")

        refresh_token: None | str = d.pop("refreshToken")

        schema_name: None | str = d.pop("schemaName")

        tenant_id: None | str = d.pop("tenantId")

        copilot_studio_authenticated_integration_config = cls(
            client_id=client_id,
            env_id=env_id,
            expires_at_timestamp=expires_at_timestamp,
            refresh_token=refresh_token,
            schema_name=schema_name,
            tenant_id=tenant_id,
        )

        copilot_studio_authenticated_integration_config.additional_properties = d
        return copilot_studio_authenticated_integration_config

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
