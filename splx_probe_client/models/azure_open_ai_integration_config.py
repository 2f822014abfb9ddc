from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.azure_open_ai_integration_config_extra_llm_params_type_0 import (
        AzureOpenAIIntegrationConfigExtraLlmParamsType0,
    )


T = TypeVar("T", bound="AzureOpenAIIntegrationConfig")


@_attrs_define
class AzureOpenAIIntegrationConfig:
    """Azure OpenAI connection configuration. Connection type: AZURE_OPENAI"""

    api_key: str
    """ API Key for Azure OpenAI authentication. """
    deployment_name: str
    """ Configured when setting up your Azure OpenAI model. This is the unique identifier that links to your
    specific model deployment. """
    url: str
    """ Azure OpenAI serverless endpoint URL. """
    api_version: None | str | Unset = UNSET
    extra_llm_params: AzureOpenAIIntegrationConfigExtraLlmParamsType0 | None | Unset = UNSET
    system_prompt: None | str | Unset = UNSET
    """ System prompt to be used for the LLM. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        api_key = self.api_key

        deployment_name = self.deployment_name

        url = self.url

        api_version: None | str | Unset
        if isinstance(self.api_version, Unset):
            api_version = UNSET
        else:
            api_version = self.api_version

        extra_llm_params: dict[str, Any] | None | Unset
        if isinstance(self.extra_llm_params, Unset):
            extra_llm_params = UNSET
        elif isinstance(self.extra_llm_params, AzureOpenAIIntegrationConfigExtraLlmParamsType0):
            extra_llm_params = self.extra_llm_params.to_dict()
        else:
            extra_llm_params = self.extra_llm_params

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
                "deploymentName": deployment_name,
                "url": url,
            }
        )
        if api_version is not UNSET:
            field_dict["apiVersion"] = api_version
        if extra_llm_params is not UNSET:
            field_dict["extraLlmParams"] = extra_llm_params
        if system_prompt is not UNSET:
            field_dict["systemPrompt"] = system_prompt

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:

        d = dict(src_dict)
        api_key = d.pop("apiKey")

        deployment_name = d.pop("deploymentName")

        url = d.pop("url")

        api_version: None | str | Unset = d.pop("apiVersion", UNSET)

        def _parse_extra_llm_params(data: object) -> AzureOpenAIIntegrationConfigExtraLlmParamsType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                extra_llm_params_type_0 = AzureOpenAIIntegrationConfigExtraLlmParamsType0.from_dict(data)

                return extra_llm_params_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AzureOpenAIIntegrationConfigExtraLlmParamsType0 | None | Unset, data)

        extra_llm_params = _parse_extra_llm_params(d.pop("extraLlmParams", UNSET))

        system_prompt: None | str | Unset = d.pop("systemPrompt", UNSET)

        azure_open_ai_integration_config = cls(
            api_key=api_key,
            deployment_name=deployment_name,
            url=url,
            api_version=api_version,
            extra_llm_params=extra_llm_params,
            system_prompt=system_prompt,
        )

        azure_open_ai_integration_config.additional_properties = d
        return azure_open_ai_integration_config

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
from ..models.azure_open_ai_integration_config_extra_llm_params_type_0 import (
    AzureOpenAIIntegrationConfigExtraLlmParamsType0,  # noqa: E402
)
