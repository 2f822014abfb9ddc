from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.target_predefined_response_request import TargetPredefinedResponseRequest
    from ..models.target_system_prompt_configurations import TargetSystemPromptConfigurations


T = TypeVar("T", bound="TargetSettingsCreateRequest")


@_attrs_define
class TargetSettingsCreateRequest:
    """Request payload to update an existing Target's settings."""

    concurrent_requests: bool
    """ Configures whether the Target can handle concurrent requests. """
    description: str
    """ The description of the Target. """
    environment: str
    """ The environment of the Target. Options: PROD, STAGE, DEV """
    language: str
    """ The language of the Target. Supported languages can be currently found on Platform under Target Settings.
    Value is two latter language code by ISO 639-1 standard. """
    multi_step_attacks: bool
    """ Configures whether multi-message attacks should be used. """
    name: str
    """ The name of the Target. """
    rate_limit: int
    """ Specifies the rate limit for the target, in requests per second. Supported values range from 1 to 3000. """
    supported_modes: list[str]
    """ The list of supported modes for the Target. Options: TEXT, IMAGE, DOCUMENT, AUDIO. """
    predefined_responses: list[TargetPredefinedResponseRequest] | None | Unset = UNSET
    """ The list of predefined responses for the Target. """
    rag_file_id: None | Unset | UUID = UNSET
    """ The ID of the RAG file associated with the Target. """
    rag_file_number_of_facts: int | None | Unset = UNSET
    """ The number of facts to use from the RAG file for the Target. Required if ragFileId is provided. """
    system_prompt_configurations: TargetSystemPromptConfigurations | Unset = UNSET
    target_preset_id: None | Unset | UUID = UNSET
    """ The ID of the target preset to use for the Target. """
    worker_pool_id: None | Unset | UUID = UNSET
    """ The ID of the WorkerPool to use for the Target. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        concurrent_requests = self.concurrent_requests

        description = self.description

        environment = self.environment

        language = self.language

        multi_step_attacks = self.multi_step_attacks

        name = self.name

        rate_limit = self.rate_limit

        supported_modes = self.supported_modes

        predefined_responses: list[dict[str, Any]] | None | Unset
        if isinstance(self.predefined_responses, Unset):
            predefined_responses = UNSET
        elif isinstance(self.predefined_responses, list):
            predefined_responses = []
            for predefined_responses_type_0_item_data in self.predefined_responses:
                predefined_responses_type_0_item = predefined_responses_type_0_item_data.to_dict()
                predefined_responses.append(predefined_responses_type_0_item)

        else:
            predefined_responses = self.predefined_responses

        rag_file_id: None | str | Unset
        if isinstance(self.rag_file_id, Unset):
            rag_file_id = UNSET
        elif isinstance(self.rag_file_id, UUID):
            rag_file_id = str(self.rag_file_id)
        else:
            rag_file_id = self.rag_file_id

        rag_file_number_of_facts: int | None | Unset
        if isinstance(self.rag_file_number_of_facts, Unset):
            rag_file_number_of_facts = UNSET
        else:
            rag_file_number_of_facts = self.rag_file_number_of_facts

        system_prompt_configurations: dict[str, Any] | Unset = UNSET
        if not isinstance(self.system_prompt_configurations, Unset):
            system_prompt_configurations = self.system_prompt_configurations.to_dict()

        target_preset_id: None | str | Unset
        if isinstance(self.target_preset_id, Unset):
            target_preset_id = UNSET
        elif isinstance(self.target_preset_id, UUID):
            target_preset_id = str(self.target_preset_id)
        else:
            target_preset_id = self.target_preset_id

        worker_pool_id: None | str | Unset
        if isinstance(self.worker_pool_id, Unset):
            worker_pool_id = UNSET
        elif isinstance(self.worker_pool_id, UUID):
            worker_pool_id = str(self.worker_pool_id)
        else:
            worker_pool_id = self.worker_pool_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "concurrentRequests": concurrent_requests,
                "description": description,
                "environment": environment,
                "language": language,
                "multiStepAttacks": multi_step_attacks,
                "name": name,
                "rateLimit": rate_limit,
                "supportedModes": supported_modes,
            }
        )
        if predefined_responses is not UNSET:
            field_dict["predefinedResponses"] = predefined_responses
        if rag_file_id is not UNSET:
            field_dict["ragFileId"] = rag_file_id
        if rag_file_number_of_facts is not UNSET:
            field_dict["ragFileNumberOfFacts"] = rag_file_number_of_facts
        if system_prompt_configurations is not UNSET:
            field_dict["systemPromptConfigurations"] = system_prompt_configurations
        if target_preset_id is not UNSET:
            field_dict["targetPresetId"] = target_preset_id
        if worker_pool_id is not UNSET:
            field_dict["workerPoolId"] = worker_pool_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:

        d = dict(src_dict)
        concurrent_requests = d.pop("concurrentRequests")

        description = d.pop("description")

        environment = d.pop("environment")

        language = d.pop("language")

        multi_step_attacks = d.pop("multiStepAttacks")

        name = d.pop("name")

        rate_limit = d.pop("rateLimit")

        supported_modes = cast(list[str], d.pop("supportedModes"))

        def _parse_predefined_responses(data: object) -> list[TargetPredefinedResponseRequest] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                predefined_responses_type_0 = []
                _predefined_responses_type_0 = data
                for predefined_responses_type_0_item_data in _predefined_responses_type_0:
                    predefined_responses_type_0_item = TargetPredefinedResponseRequest.from_dict(
                        predefined_responses_type_0_item_data
                    )

                    predefined_responses_type_0.append(predefined_responses_type_0_item)

                return predefined_responses_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TargetPredefinedResponseRequest] | None | Unset, data)

        predefined_responses = _parse_predefined_responses(d.pop("predefinedResponses", UNSET))

        def _parse_rag_file_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rag_file_id_type_0 = UUID(data)

                return rag_file_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        rag_file_id = _parse_rag_file_id(d.pop("ragFileId", UNSET))

        rag_file_number_of_facts: int | None | Unset = d.pop("ragFileNumberOfFacts", UNSET)

        _system_prompt_configurations = d.pop("systemPromptConfigurations", UNSET)
        system_prompt_configurations: TargetSystemPromptConfigurations | Unset
        if isinstance(_system_prompt_configurations, Unset):
            system_prompt_configurations = UNSET
        else:
            system_prompt_configurations = TargetSystemPromptConfigurations.from_dict(_system_prompt_configurations)

        def _parse_target_preset_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                target_preset_id_type_0 = UUID(data)

                return target_preset_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        target_preset_id = _parse_target_preset_id(d.pop("targetPresetId", UNSET))

        def _parse_worker_pool_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                worker_pool_id_type_0 = UUID(data)

                return worker_pool_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        worker_pool_id = _parse_worker_pool_id(d.pop("workerPoolId", UNSET))

        target_settings_create_request = cls(
            concurrent_requests=concurrent_requests,
            description=description,
            environment=environment,
            language=language,
            multi_step_attacks=multi_step_attacks,
            name=name,
            rate_limit=rate_limit,
            supported_modes=supported_modes,
            predefined_responses=predefined_responses,
            rag_file_id=rag_file_id,
            rag_file_number_of_facts=rag_file_number_of_facts,
            system_prompt_configurations=system_prompt_configurations,
            target_preset_id=target_preset_id,
            worker_pool_id=worker_pool_id,
        )

        if d:
            raise ValueError(
                f"TargetSettingsCreateRequest: unknown key(s) {', '.join(sorted(map(repr, d)))}; "
                "its schema defines concurrentRequests, description, environment, language, multiStepAttacks, name, predefinedResponses, ragFileId, ragFileNumberOfFacts, rateLimit, supportedModes, systemPromptConfigurations, targetPresetId, workerPoolId"
            )
        target_settings_create_request.additional_properties = d
        return target_settings_create_request

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
from ..models.target_predefined_response_request import TargetPredefinedResponseRequest  # noqa: E402
from ..models.target_system_prompt_configurations import TargetSystemPromptConfigurations  # noqa: E402
