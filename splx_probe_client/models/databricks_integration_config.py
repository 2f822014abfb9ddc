from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.databricks_o_auth import DatabricksOAuth


T = TypeVar("T", bound="DatabricksIntegrationConfig")


@_attrs_define
class DatabricksIntegrationConfig:
    """Databricks connection configuration. Connection type: DATABRICKS"""

    model: str
    """ Databricks model endpoint name. """
    workspace_url: str
    """ The base URL of Databricks workspace. """
    access_token: str | Unset = UNSET
    """ Databricks PAT for authentication. If OAuth is used, this field should be null. """
    o_auth: DatabricksOAuth | Unset = UNSET
    """ Databricks OAuth configuration. """
    system_prompt: None | str | Unset = UNSET
    """ System prompt to be used for the LLM. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        workspace_url = self.workspace_url

        access_token = self.access_token

        o_auth: dict[str, Any] | Unset = UNSET
        if not isinstance(self.o_auth, Unset):
            o_auth = self.o_auth.to_dict()

        system_prompt: None | str | Unset
        if isinstance(self.system_prompt, Unset):
            system_prompt = UNSET
        else:
            system_prompt = self.system_prompt

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "workspaceUrl": workspace_url,
            }
        )
        if access_token is not UNSET:
            field_dict["accessToken"] = access_token
        if o_auth is not UNSET:
            field_dict["oAuth"] = o_auth
        if system_prompt is not UNSET:
            field_dict["systemPrompt"] = system_prompt

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:

        d = dict(src_dict)
        model = d.pop("model")

        workspace_url = d.pop("workspaceUrl")

        access_token = d.pop("accessToken", UNSET)

        _o_auth = d.pop("oAuth", UNSET)
        o_auth: DatabricksOAuth | Unset
        if isinstance(_o_auth, Unset):
            o_auth = UNSET
        else:
            o_auth = DatabricksOAuth.from_dict(_o_auth)

        system_prompt: None | str | Unset = d.pop("systemPrompt", UNSET)

        databricks_integration_config = cls(
            model=model,
            workspace_url=workspace_url,
            access_token=access_token,
            o_auth=o_auth,
            system_prompt=system_prompt,
        )

        databricks_integration_config.additional_properties = d
        return databricks_integration_config

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
from ..models.databricks_o_auth import DatabricksOAuth  # noqa: E402
