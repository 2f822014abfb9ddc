from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bedrock_integration_config_extra_llm_params_type_0 import BedrockIntegrationConfigExtraLlmParamsType0


T = TypeVar("T", bound="BedrockIntegrationConfig")


@_attrs_define
class BedrockIntegrationConfig:
    """AWS Bedrock connection configuration. Connection type: BEDROCK"""

    aws_access_key_id: str
    """ AWS Access Key ID for authentication. """
    aws_region: str
    """ AWS region where the model is hosted. """
    aws_secret_access_key: str
    """ AWS Secret Access Key for authentication. """
    model: str
    """ AWS Bedrock Model ID. """
    extra_llm_params: BedrockIntegrationConfigExtraLlmParamsType0 | None | Unset = UNSET
    """ Additional parameters for the LLM inference supported by AWS Bedrock. """
    system_prompt: None | str | Unset = UNSET
    """ System prompt to be used for the LLM. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        aws_access_key_id = self.aws_access_key_id

        aws_region = self.aws_region

        aws_secret_access_key = self.aws_secret_access_key

        model = self.model

        extra_llm_params: dict[str, Any] | None | Unset
        if isinstance(self.extra_llm_params, Unset):
            extra_llm_params = UNSET
        elif isinstance(self.extra_llm_params, BedrockIntegrationConfigExtraLlmParamsType0):
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
                "awsAccessKeyId": aws_access_key_id,
                "awsRegion": aws_region,
                "awsSecretAccessKey": aws_secret_access_key,
                "model": model,
            }
        )
        if extra_llm_params is not UNSET:
            field_dict["extraLlmParams"] = extra_llm_params
        if system_prompt is not UNSET:
            field_dict["systemPrompt"] = system_prompt

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:

        d = dict(src_dict)
        aws_access_key_id = d.pop("awsAccessKeyId")

        aws_region = d.pop("awsRegion")

        aws_secret_access_key = d.pop("awsSecretAccessKey")

        model = d.pop("model")

        def _parse_extra_llm_params(data: object) -> BedrockIntegrationConfigExtraLlmParamsType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                extra_llm_params_type_0 = BedrockIntegrationConfigExtraLlmParamsType0.from_dict(data)

                return extra_llm_params_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BedrockIntegrationConfigExtraLlmParamsType0 | None | Unset, data)

        extra_llm_params = _parse_extra_llm_params(d.pop("extraLlmParams", UNSET))

        system_prompt: None | str | Unset = d.pop("systemPrompt", UNSET)

        bedrock_integration_config = cls(
            aws_access_key_id=aws_access_key_id,
            aws_region=aws_region,
            aws_secret_access_key=aws_secret_access_key,
            model=model,
            extra_llm_params=extra_llm_params,
            system_prompt=system_prompt,
        )

        bedrock_integration_config.additional_properties = d
        return bedrock_integration_config

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
from ..models.bedrock_integration_config_extra_llm_params_type_0 import BedrockIntegrationConfigExtraLlmParamsType0  # noqa: E402
