from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from ..types import UNSET, Unset

T = TypeVar("T", bound="TargetSystemPromptConfigurations")


@_attrs_define
class TargetSystemPromptConfigurations:
    system_prompt_confidential: None | str | Unset = UNSET
    """ Confidential part of the system prompt, used for sensitive information. """
    system_prompt_not_confidential: None | str | Unset = UNSET
    """ Not Confidential part of the system prompt, used for general information. """
    system_prompt_tools: None | str | Unset = UNSET
    """ Raw Tools/Functions part of the system prompt, used for defining tools and functions. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        system_prompt_confidential: None | str | Unset
        if isinstance(self.system_prompt_confidential, Unset):
            system_prompt_confidential = UNSET
        else:
            system_prompt_confidential = self.system_prompt_confidential

        system_prompt_not_confidential: None | str | Unset
        if isinstance(self.system_prompt_not_confidential, Unset):
            system_prompt_not_confidential = UNSET
        else:
            system_prompt_not_confidential = self.system_prompt_not_confidential

        system_prompt_tools: None | str | Unset
        if isinstance(self.system_prompt_tools, Unset):
            system_prompt_tools = UNSET
        else:
            system_prompt_tools = self.system_prompt_tools

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if system_prompt_confidential is not UNSET:
            field_dict["systemPromptConfidential"] = system_prompt_confidential
        if system_prompt_not_confidential is not UNSET:
            field_dict["systemPromptNotConfidential"] = system_prompt_not_confidential
        if system_prompt_tools is not UNSET:
            field_dict["systemPromptTools"] = system_prompt_tools

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        system_prompt_confidential: None | str | Unset = d.pop("systemPromptConfidential", UNSET)

        system_prompt_not_confidential: None | str | Unset = d.pop("systemPromptNotConfidential", UNSET)

        system_prompt_tools: None | str | Unset = d.pop("systemPromptTools", UNSET)

        target_system_prompt_configurations = cls(
            system_prompt_confidential=system_prompt_confidential,
            system_prompt_not_confidential=system_prompt_not_confidential,
            system_prompt_tools=system_prompt_tools,
        )

        target_system_prompt_configurations.additional_properties = d
        return target_system_prompt_configurations

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
