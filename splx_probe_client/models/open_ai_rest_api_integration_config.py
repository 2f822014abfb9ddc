from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.open_ai_rest_api_integration_config_extra_llm_params import (
        OpenAIRestApiIntegrationConfigExtraLlmParams,
    )
    from ..models.open_ai_rest_api_integration_config_headers_type_0 import OpenAIRestApiIntegrationConfigHeadersType0


T = TypeVar("T", bound="OpenAIRestApiIntegrationConfig")


@_attrs_define
class OpenAIRestApiIntegrationConfig:
    """OpenAI compatible API connection configuration. Connection type: OPENAI_REST_API"""

    extra_llm_params: OpenAIRestApiIntegrationConfigExtraLlmParams
    """ Additional parameters for the LLM inference supported by OpenAI compatible API. """
    headers: None | OpenAIRestApiIntegrationConfigHeadersType0
    """ Key-value pairs necessary for your API Requests (e.g. Authorization). """
    url: str
    """ OpenAI compatible API endpoint URL for sending attack messages. """
    api_key: None | str | Unset = UNSET
    """ API Key for authentication. """
    model: None | str | Unset = UNSET
    """ OpenAI compatible LLM model name. """
    response_payload: None | str | Unset = UNSET
    """ The JSON path pointing to the message within your API response to the given request. [CURRENTLY NOT
    SUPPORTED] """
    system_prompt: None | str | Unset = UNSET
    """ System prompt to be used for the LLM. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        extra_llm_params = self.extra_llm_params.to_dict()

        headers: dict[str, Any] | None
        if isinstance(self.headers, OpenAIRestApiIntegrationConfigHeadersType0):
            headers = self.headers.to_dict()
        else:
            headers = self.headers

        url = self.url

        api_key: None | str | Unset
        if isinstance(self.api_key, Unset):
            api_key = UNSET
        else:
            api_key = self.api_key

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        response_payload: None | str | Unset
        if isinstance(self.response_payload, Unset):
            response_payload = UNSET
        else:
            response_payload = self.response_payload

        system_prompt: None | str | Unset
        if isinstance(self.system_prompt, Unset):
            system_prompt = UNSET
        else:
            system_prompt = self.system_prompt

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "extraLlmParams": extra_llm_params,
                "headers": headers,
                "url": url,
            }
        )
        if api_key is not UNSET:
            field_dict["apiKey"] = api_key
        if model is not UNSET:
            field_dict["model"] = model
        if response_payload is not UNSET:
            field_dict["responsePayload"] = response_payload
        if system_prompt is not UNSET:
            field_dict["systemPrompt"] = system_prompt

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:

        d = dict(src_dict)
        extra_llm_params = OpenAIRestApiIntegrationConfigExtraLlmParams.from_dict(d.pop("extraLlmParams"))

        def _parse_headers(data: object) -> None | OpenAIRestApiIntegrationConfigHeadersType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                headers_type_0 = OpenAIRestApiIntegrationConfigHeadersType0.from_dict(data)

                return headers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OpenAIRestApiIntegrationConfigHeadersType0, data)

        headers = _parse_headers(d.pop("headers"))

        url = d.pop("url")

        api_key: None | str | Unset = d.pop("apiKey", UNSET)

        model: None | str | Unset = d.pop("model", UNSET)

        response_payload: None | str | Unset = d.pop("responsePayload", UNSET)

        system_prompt: None | str | Unset = d.pop("systemPrompt", UNSET)

        open_ai_rest_api_integration_config = cls(
            extra_llm_params=extra_llm_params,
            headers=headers,
            url=url,
            api_key=api_key,
            model=model,
            response_payload=response_payload,
            system_prompt=system_prompt,
        )

        open_ai_rest_api_integration_config.additional_properties = d
        return open_ai_rest_api_integration_config

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
from ..models.open_ai_rest_api_integration_config_extra_llm_params import OpenAIRestApiIntegrationConfigExtraLlmParams  # noqa: E402
from ..models.open_ai_rest_api_integration_config_headers_type_0 import OpenAIRestApiIntegrationConfigHeadersType0  # noqa: E402
