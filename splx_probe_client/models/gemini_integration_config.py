from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from ..types import UNSET, Unset

T = TypeVar("T", bound="GeminiIntegrationConfig")


@_attrs_define
class GeminiIntegrationConfig:
    """Google Gemini connection configuration. Connection type: GEMINI"""

    api_key: str
    """ Google Gemini API Key for authentication. """
    model: str
    """ Google Gemini model name. """
    system_prompt: None | str | Unset = UNSET
    """ System prompt to be used for the LLM. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        api_key = self.api_key

        model = self.model

        system_prompt: None | str | Unset
        if isinstance(self.system_prompt, Unset):
            system_prompt = UNSET
        else:
            system_prompt = self.system_prompt

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "apiKey": api_key,
                "model": model,
            }
        )
        if system_prompt is not UNSET:
            field_dict["systemPrompt"] = system_prompt

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        api_key = d.pop("apiKey")

        model = d.pop("model")

        system_prompt: None | str | Unset = d.pop("systemPrompt", UNSET)

        gemini_integration_config = cls(
            api_key=api_key,
            model=model,
            system_prompt=system_prompt,
        )

        gemini_integration_config.additional_properties = d
        return gemini_integration_config

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
