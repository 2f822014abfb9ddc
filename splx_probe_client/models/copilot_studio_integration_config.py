from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.copilot_studio_authenticated_integration_config import CopilotStudioAuthenticatedIntegrationConfig
    from ..models.copilot_studio_non_auth_integration_config import CopilotStudioNonAuthIntegrationConfig


T = TypeVar("T", bound="CopilotStudioIntegrationConfig")


@_attrs_define
class CopilotStudioIntegrationConfig:
    authentication_type: None | str
    auth: CopilotStudioAuthenticatedIntegrationConfig | Unset = UNSET
    non_auth: CopilotStudioNonAuthIntegrationConfig | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        authentication_type: None | str
        authentication_type = self.authentication_type

        auth: dict[str, Any] | Unset = UNSET
        if not isinstance(self.auth, Unset):
            auth = self.auth.to_dict()

        non_auth: dict[str, Any] | Unset = UNSET
        if not isinstance(self.non_auth, Unset):
            non_auth = self.non_auth.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "authenticationType": authentication_type,
            }
        )
        if auth is not UNSET:
            field_dict["auth"] = auth
        if non_auth is not UNSET:
            field_dict["nonAuth"] = non_auth

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:

        d = dict(src_dict)

        authentication_type: None | str = d.pop("authenticationType")

        _auth = d.pop("auth", UNSET)
        auth: CopilotStudioAuthenticatedIntegrationConfig | Unset
        if isinstance(_auth, Unset):
            auth = UNSET
        else:
            auth = CopilotStudioAuthenticatedIntegrationConfig.from_dict(_auth)

        _non_auth = d.pop("nonAuth", UNSET)
        non_auth: CopilotStudioNonAuthIntegrationConfig | Unset
        if isinstance(_non_auth, Unset):
            non_auth = UNSET
        else:
            non_auth = CopilotStudioNonAuthIntegrationConfig.from_dict(_non_auth)

        copilot_studio_integration_config = cls(
            authentication_type=authentication_type,
            auth=auth,
            non_auth=non_auth,
        )

        copilot_studio_integration_config.additional_properties = d
        return copilot_studio_integration_config

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
from ..models.copilot_studio_authenticated_integration_config import CopilotStudioAuthenticatedIntegrationConfig  # noqa: E402
from ..models.copilot_studio_non_auth_integration_config import CopilotStudioNonAuthIntegrationConfig  # noqa: E402
