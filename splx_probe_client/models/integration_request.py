from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define

if TYPE_CHECKING:
    from ..models.anthropic_integration_config import AnthropicIntegrationConfig
    from ..models.azure_ml_integration_config import AzureMLIntegrationConfig
    from ..models.azure_open_ai_integration_config import AzureOpenAIIntegrationConfig
    from ..models.bedrock_integration_config import BedrockIntegrationConfig
    from ..models.copilot_studio_integration_config import CopilotStudioIntegrationConfig
    from ..models.databricks_integration_config import DatabricksIntegrationConfig
    from ..models.dify_integration_config import DifyIntegrationConfig
    from ..models.gemini_integration_config import GeminiIntegrationConfig
    from ..models.hugging_face_integration_config import HuggingFaceIntegrationConfig
    from ..models.mistral_integration_config import MistralIntegrationConfig
    from ..models.open_ai_assistant_config import OpenAIAssistantConfig
    from ..models.open_ai_integration_config import OpenAIIntegrationConfig
    from ..models.open_ai_rest_api_integration_config import OpenAIRestApiIntegrationConfig
    from ..models.proxy_sdk_integration_config import ProxySdkIntegrationConfig
    from ..models.rest_api_integration_config import RestApiIntegrationConfig


T = TypeVar("T", bound="IntegrationRequest")


@_attrs_define
class IntegrationRequest:
    """Target connection configuration"""

    config: (
        AnthropicIntegrationConfig
        | AzureMLIntegrationConfig
        | AzureOpenAIIntegrationConfig
        | BedrockIntegrationConfig
        | CopilotStudioIntegrationConfig
        | DatabricksIntegrationConfig
        | DifyIntegrationConfig
        | GeminiIntegrationConfig
        | HuggingFaceIntegrationConfig
        | MistralIntegrationConfig
        | OpenAIAssistantConfig
        | OpenAIIntegrationConfig
        | OpenAIRestApiIntegrationConfig
        | ProxySdkIntegrationConfig
        | RestApiIntegrationConfig
    )
    """ Connection configuration object. The structure depends on the connection type. """
    type_: str
    """ Connection type. Options: OPENAI, OPENAI_REST_API, REST_API, DIFY, HUGGING_FACE, MISTRAL, ANTHROPIC,
    AZURE_OPENAI, AZURE_ML, GEMINI, BEDROCK """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.anthropic_integration_config import AnthropicIntegrationConfig  # noqa: PLC0415
        from ..models.azure_ml_integration_config import AzureMLIntegrationConfig  # noqa: PLC0415
        from ..models.azure_open_ai_integration_config import AzureOpenAIIntegrationConfig  # noqa: PLC0415
        from ..models.bedrock_integration_config import BedrockIntegrationConfig  # noqa: PLC0415
        from ..models.databricks_integration_config import DatabricksIntegrationConfig  # noqa: PLC0415
        from ..models.dify_integration_config import DifyIntegrationConfig  # noqa: PLC0415
        from ..models.gemini_integration_config import GeminiIntegrationConfig  # noqa: PLC0415
        from ..models.hugging_face_integration_config import HuggingFaceIntegrationConfig  # noqa: PLC0415
        from ..models.mistral_integration_config import MistralIntegrationConfig  # noqa: PLC0415
        from ..models.open_ai_assistant_config import OpenAIAssistantConfig  # noqa: PLC0415
        from ..models.open_ai_integration_config import OpenAIIntegrationConfig  # noqa: PLC0415
        from ..models.open_ai_rest_api_integration_config import OpenAIRestApiIntegrationConfig  # noqa: PLC0415
        from ..models.proxy_sdk_integration_config import ProxySdkIntegrationConfig  # noqa: PLC0415
        from ..models.rest_api_integration_config import RestApiIntegrationConfig  # noqa: PLC0415

        config: dict[str, Any]
        if isinstance(self.config, OpenAIRestApiIntegrationConfig):
            config = self.config.to_dict()
        elif isinstance(self.config, RestApiIntegrationConfig):
            config = self.config.to_dict()
        elif isinstance(self.config, ProxySdkIntegrationConfig):
            config = self.config.to_dict()
        elif isinstance(self.config, DifyIntegrationConfig):
            config = self.config.to_dict()
        elif isinstance(self.config, OpenAIIntegrationConfig):
            config = self.config.to_dict()
        elif isinstance(self.config, HuggingFaceIntegrationConfig):
            config = self.config.to_dict()
        elif isinstance(self.config, MistralIntegrationConfig):
            config = self.config.to_dict()
        elif isinstance(self.config, AnthropicIntegrationConfig):
            config = self.config.to_dict()
        elif isinstance(self.config, AzureOpenAIIntegrationConfig):
            config = self.config.to_dict()
        elif isinstance(self.config, AzureMLIntegrationConfig):
            config = self.config.to_dict()
        elif isinstance(self.config, GeminiIntegrationConfig):
            config = self.config.to_dict()
        elif isinstance(self.config, BedrockIntegrationConfig):
            config = self.config.to_dict()
        elif isinstance(self.config, OpenAIAssistantConfig):
            config = self.config.to_dict()
        elif isinstance(self.config, DatabricksIntegrationConfig):
            config = self.config.to_dict()
        else:
            config = self.config.to_dict()

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "config": config,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.anthropic_integration_config import AnthropicIntegrationConfig  # noqa: PLC0415
        from ..models.azure_ml_integration_config import AzureMLIntegrationConfig  # noqa: PLC0415
        from ..models.azure_open_ai_integration_config import AzureOpenAIIntegrationConfig  # noqa: PLC0415
        from ..models.bedrock_integration_config import BedrockIntegrationConfig  # noqa: PLC0415
        from ..models.copilot_studio_integration_config import CopilotStudioIntegrationConfig  # noqa: PLC0415
        from ..models.databricks_integration_config import DatabricksIntegrationConfig  # noqa: PLC0415
        from ..models.dify_integration_config import DifyIntegrationConfig  # noqa: PLC0415
        from ..models.gemini_integration_config import GeminiIntegrationConfig  # noqa: PLC0415
        from ..models.hugging_face_integration_config import HuggingFaceIntegrationConfig  # noqa: PLC0415
        from ..models.mistral_integration_config import MistralIntegrationConfig  # noqa: PLC0415
        from ..models.open_ai_assistant_config import OpenAIAssistantConfig  # noqa: PLC0415
        from ..models.open_ai_integration_config import OpenAIIntegrationConfig  # noqa: PLC0415
        from ..models.open_ai_rest_api_integration_config import OpenAIRestApiIntegrationConfig  # noqa: PLC0415
        from ..models.proxy_sdk_integration_config import ProxySdkIntegrationConfig  # noqa: PLC0415
        from ..models.rest_api_integration_config import RestApiIntegrationConfig  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_config(
            data: object,
        ) -> (
            AnthropicIntegrationConfig
            | AzureMLIntegrationConfig
            | AzureOpenAIIntegrationConfig
            | BedrockIntegrationConfig
            | CopilotStudioIntegrationConfig
            | DatabricksIntegrationConfig
            | DifyIntegrationConfig
            | GeminiIntegrationConfig
            | HuggingFaceIntegrationConfig
            | MistralIntegrationConfig
            | OpenAIAssistantConfig
            | OpenAIIntegrationConfig
            | OpenAIRestApiIntegrationConfig
            | ProxySdkIntegrationConfig
            | RestApiIntegrationConfig
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_0 = OpenAIRestApiIntegrationConfig.from_dict(data)

                return config_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_1 = RestApiIntegrationConfig.from_dict(data)

                return config_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_2 = ProxySdkIntegrationConfig.from_dict(data)

                return config_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_3 = DifyIntegrationConfig.from_dict(data)

                return config_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_4 = OpenAIIntegrationConfig.from_dict(data)

                return config_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_5 = HuggingFaceIntegrationConfig.from_dict(data)

                return config_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_6 = MistralIntegrationConfig.from_dict(data)

                return config_type_6
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_7 = AnthropicIntegrationConfig.from_dict(data)

                return config_type_7
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_8 = AzureOpenAIIntegrationConfig.from_dict(data)

                return config_type_8
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_9 = AzureMLIntegrationConfig.from_dict(data)

                return config_type_9
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_10 = GeminiIntegrationConfig.from_dict(data)

                return config_type_10
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_11 = BedrockIntegrationConfig.from_dict(data)

                return config_type_11
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_12 = OpenAIAssistantConfig.from_dict(data)

                return config_type_12
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_13 = DatabricksIntegrationConfig.from_dict(data)

                return config_type_13
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            config_type_14 = CopilotStudioIntegrationConfig.from_dict(data)

            return config_type_14

        config = _parse_config(d.pop("config"))

        type_ = d.pop("type")

        integration_request = cls(
            config=config,
            type_=type_,
        )

        integration_request.additional_properties = d
        return integration_request

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
