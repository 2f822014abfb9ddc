from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define

T = TypeVar("T", bound="OpenAIAssistantConfig")


@_attrs_define
class OpenAIAssistantConfig:
    """OpenAI Assistant connection configuration. Connection type: OPENAI_ASSISTANT"""

    api_key: str
    """ OpenAI API Key for authentication. """
    assistant_id: str
    """ OpenAI Assistant ID. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        api_key = self.api_key

        assistant_id = self.assistant_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "apiKey": api_key,
                "assistantId": assistant_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        api_key = d.pop("apiKey")

        assistant_id = d.pop("assistantId")

        open_ai_assistant_config = cls(
            api_key=api_key,
            assistant_id=assistant_id,
        )

        open_ai_assistant_config.additional_properties = d
        return open_ai_assistant_config

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
