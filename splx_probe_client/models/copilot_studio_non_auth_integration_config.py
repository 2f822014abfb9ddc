from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define

T = TypeVar("T", bound="CopilotStudioNonAuthIntegrationConfig")


@_attrs_define
class CopilotStudioNonAuthIntegrationConfig:
    agent_secret: None | str
    direct_line_region: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agent_secret: None | str
        agent_secret = self.agent_secret

        direct_line_region: None | str
        direct_line_region = self.direct_line_region

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agentSecret": agent_secret,
                "directLineRegion": direct_line_region,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        agent_secret: None | str = d.pop("agentSecret")

        direct_line_region: None | str = d.pop("directLineRegion")

        copilot_studio_non_auth_integration_config = cls(
            agent_secret=agent_secret,
            direct_line_region=direct_line_region,
        )

        copilot_studio_non_auth_integration_config.additional_properties = d
        return copilot_studio_non_auth_integration_config

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
