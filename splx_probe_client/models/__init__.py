"""Contains all the data models used in inputs/outputs"""

from .anthropic_integration_config import AnthropicIntegrationConfig
from .azure_ml_integration_config import AzureMLIntegrationConfig
from .azure_open_ai_integration_config import AzureOpenAIIntegrationConfig
from .azure_open_ai_integration_config_extra_llm_params_type_0 import AzureOpenAIIntegrationConfigExtraLlmParamsType0
from .bad_request_error_details_dto import BadRequestErrorDetailsDto
from .bad_request_error_details_dto_validation_errors_type_0 import BadRequestErrorDetailsDtoValidationErrorsType0
from .bedrock_integration_config import BedrockIntegrationConfig
from .bedrock_integration_config_extra_llm_params_type_0 import BedrockIntegrationConfigExtraLlmParamsType0
from .copilot_studio_authenticated_integration_config import CopilotStudioAuthenticatedIntegrationConfig
from .copilot_studio_integration_config import CopilotStudioIntegrationConfig
from .copilot_studio_non_auth_integration_config import CopilotStudioNonAuthIntegrationConfig
from .databricks_integration_config import DatabricksIntegrationConfig
from .databricks_o_auth import DatabricksOAuth
from .dify_integration_config import DifyIntegrationConfig
from .error_details_dto import ErrorDetailsDto
from .error_response import ErrorResponse
from .gemini_integration_config import GeminiIntegrationConfig
from .hugging_face_integration_config import HuggingFaceIntegrationConfig
from .integration_dto import IntegrationDto
from .integration_request import IntegrationRequest
from .mistral_integration_config import MistralIntegrationConfig
from .open_ai_assistant_config import OpenAIAssistantConfig
from .open_ai_integration_config import OpenAIIntegrationConfig
from .open_ai_rest_api_integration_config import OpenAIRestApiIntegrationConfig
from .open_ai_rest_api_integration_config_extra_llm_params import OpenAIRestApiIntegrationConfigExtraLlmParams
from .open_ai_rest_api_integration_config_headers_type_0 import OpenAIRestApiIntegrationConfigHeadersType0
from .proxy_sdk_integration_config import ProxySdkIntegrationConfig
from .proxy_sdk_integration_config_headers_type_0 import ProxySdkIntegrationConfigHeadersType0
from .rag_file_dto import RagFileDto
from .rest_api_close_session_integration_config import RestApiCloseSessionIntegrationConfig
from .rest_api_integration_config import RestApiIntegrationConfig
from .rest_api_integration_config_headers_type_0 import RestApiIntegrationConfigHeadersType0
from .rest_api_integration_oauth_config import RestApiIntegrationOauthConfig
from .rest_api_integration_oauth_config_additional_parameters_type_0 import (
    RestApiIntegrationOauthConfigAdditionalParametersType0,
)
from .rest_api_open_session_integration_config import RestApiOpenSessionIntegrationConfig
from .risk_score_preset_details_dto import RiskScorePresetDetailsDto
from .risk_score_preset_dto import RiskScorePresetDto
from .risk_score_weight import RiskScoreWeight
from .scan_run_execution_dto import ScanRunExecutionDto
from .scan_score_overview_dto import ScanScoreOverviewDto
from .scan_score_overview_dto_scores_type_0 import ScanScoreOverviewDtoScoresType0
from .target_connector_config_base import TargetConnectorConfigBase
from .target_new_create_request import TargetNewCreateRequest
from .target_new_dto import TargetNewDto
from .target_new_settings_dto import TargetNewSettingsDto
from .target_new_update_request import TargetNewUpdateRequest
from .target_predefined_response import TargetPredefinedResponse
from .target_predefined_response_request import TargetPredefinedResponseRequest
from .target_settings_create_request import TargetSettingsCreateRequest
from .target_system_prompt_configurations import TargetSystemPromptConfigurations
from .test_run_trigger_dto import TestRunTriggerDto
from .trigger_test_run_request import TriggerTestRunRequest

__all__ = (
    "AnthropicIntegrationConfig",
    "AzureMLIntegrationConfig",
    "AzureOpenAIIntegrationConfig",
    "AzureOpenAIIntegrationConfigExtraLlmParamsType0",
    "BadRequestErrorDetailsDto",
    "BadRequestErrorDetailsDtoValidationErrorsType0",
    "BedrockIntegrationConfig",
    "BedrockIntegrationConfigExtraLlmParamsType0",
    "CopilotStudioAuthenticatedIntegrationConfig",
    "CopilotStudioIntegrationConfig",
    "CopilotStudioNonAuthIntegrationConfig",
    "DatabricksIntegrationConfig",
    "DatabricksOAuth",
    "DifyIntegrationConfig",
    "ErrorDetailsDto",
    "ErrorResponse",
    "GeminiIntegrationConfig",
    "HuggingFaceIntegrationConfig",
    "IntegrationDto",
    "IntegrationRequest",
    "MistralIntegrationConfig",
    "OpenAIAssistantConfig",
    "OpenAIIntegrationConfig",
    "OpenAIRestApiIntegrationConfig",
    "OpenAIRestApiIntegrationConfigExtraLlmParams",
    "OpenAIRestApiIntegrationConfigHeadersType0",
    "ProxySdkIntegrationConfig",
    "ProxySdkIntegrationConfigHeadersType0",
    "RagFileDto",
    "RestApiCloseSessionIntegrationConfig",
    "RestApiIntegrationConfig",
    "RestApiIntegrationConfigHeadersType0",
    "RestApiIntegrationOauthConfig",
    "RestApiIntegrationOauthConfigAdditionalParametersType0",
    "RestApiOpenSessionIntegrationConfig",
    "RiskScorePresetDetailsDto",
    "RiskScorePresetDto",
    "RiskScoreWeight",
    "ScanRunExecutionDto",
    "ScanScoreOverviewDto",
    "ScanScoreOverviewDtoScoresType0",
    "TargetConnectorConfigBase",
    "TargetNewCreateRequest",
    "TargetNewDto",
    "TargetNewSettingsDto",
    "TargetNewUpdateRequest",
    "TargetPredefinedResponse",
    "TargetPredefinedResponseRequest",
    "TargetSettingsCreateRequest",
    "TargetSystemPromptConfigurations",
    "TestRunTriggerDto",
    "TriggerTestRunRequest",
)
