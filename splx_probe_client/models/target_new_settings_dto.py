from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rag_file_dto import RagFileDto
    from ..models.target_predefined_response import TargetPredefinedResponse
    from ..models.target_system_prompt_configurations import TargetSystemPromptConfigurations


T = TypeVar("T", bound="TargetNewSettingsDto")


@_attrs_define
class TargetNewSettingsDto:
    concurrent_requests: bool
    description: None | str
    environment: None | str
    language: None | str
    multi_step_attacks: bool
    name: None | str
    supported_modes: list[str] | None
    system_prompt_configurations: TargetSystemPromptConfigurations
    predefined_responses: list[TargetPredefinedResponse] | None | Unset = UNSET
    rag_file: RagFileDto | Unset = UNSET
    rag_file_number_of_facts: int | None | Unset = UNSET
    rate_limit: int | None | Unset = UNSET
    target_preset_id: None | Unset | UUID = UNSET
    worker_pool_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        concurrent_requests = self.concurrent_requests

        description: None | str
        description = self.description

        environment: None | str
        environment = self.environment

        language: None | str
        language = self.language

        multi_step_attacks = self.multi_step_attacks

        name: None | str
        name = self.name

        supported_modes: list[str] | None
        if isinstance(self.supported_modes, list):
            supported_modes = self.supported_modes

        else:
            supported_modes = self.supported_modes

        system_prompt_configurations = self.system_prompt_configurations.to_dict()

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

        rag_file: dict[str, Any] | Unset = UNSET
        if not isinstance(self.rag_file, Unset):
            rag_file = self.rag_file.to_dict()

        rag_file_number_of_facts: int | None | Unset
        if isinstance(self.rag_file_number_of_facts, Unset):
            rag_file_number_of_facts = UNSET
        else:
            rag_file_number_of_facts = self.rag_file_number_of_facts

        rate_limit: int | None | Unset
        if isinstance(self.rate_limit, Unset):
            rate_limit = UNSET
        else:
            rate_limit = self.rate_limit

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
                "supportedModes": supported_modes,
                "systemPromptConfigurations": system_prompt_configurations,
            }
        )
        if predefined_responses is not UNSET:
            field_dict["predefinedResponses"] = predefined_responses
        if rag_file is not UNSET:
            field_dict["ragFile"] = rag_file
        if rag_file_number_of_facts is not UNSET:
            field_dict["ragFileNumberOfFacts"] = rag_file_number_of_facts
        if rate_limit is not UNSET:
            field_dict["rateLimit"] = rate_limit
        if target_preset_id is not UNSET:
            field_dict["targetPresetId"] = target_preset_id
        if worker_pool_id is not UNSET:
            field_dict["workerPoolId"] = worker_pool_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:

        d = dict(src_dict)
        concurrent_requests = d.pop("concurrentRequests")

        description: None | str = d.pop("description")

        environment: None | str = d.pop("environment")

        language: None | str = d.pop("language")

        multi_step_attacks = d.pop("multiStepAttacks")

        name: None | str = d.pop("name")

        supported_modes: list[str] | None = d.pop("supportedModes")

        system_prompt_configurations = TargetSystemPromptConfigurations.from_dict(d.pop("systemPromptConfigurations"))

        def _parse_predefined_responses(data: object) -> list[TargetPredefinedResponse] | None | Unset:
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
                    predefined_responses_type_0_item = TargetPredefinedResponse.from_dict(
                        predefined_responses_type_0_item_data
                    )

                    predefined_responses_type_0.append(predefined_responses_type_0_item)

                return predefined_responses_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TargetPredefinedResponse] | None | Unset, data)

        predefined_responses = _parse_predefined_responses(d.pop("predefinedResponses", UNSET))

        _rag_file = d.pop("ragFile", UNSET)
        rag_file: RagFileDto | Unset
        if isinstance(_rag_file, Unset):
            rag_file = UNSET
        else:
            rag_file = RagFileDto.from_dict(_rag_file)

        rag_file_number_of_facts: int | None | Unset = d.pop("ragFileNumberOfFacts", UNSET)

        rate_limit: int | None | Unset = d.pop("rateLimit", UNSET)

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

        target_new_settings_dto = cls(
            concurrent_requests=concurrent_requests,
            description=description,
            environment=environment,
            language=language,
            multi_step_attacks=multi_step_attacks,
            name=name,
            supported_modes=supported_modes,
            system_prompt_configurations=system_prompt_configurations,
            predefined_responses=predefined_responses,
            rag_file=rag_file,
            rag_file_number_of_facts=rag_file_number_of_facts,
            rate_limit=rate_limit,
            target_preset_id=target_preset_id,
            worker_pool_id=worker_pool_id,
        )

        target_new_settings_dto.additional_properties = d
        return target_new_settings_dto

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
from ..models.rag_file_dto import RagFileDto  # noqa: E402
from ..models.target_predefined_response import TargetPredefinedResponse  # noqa: E402
from ..models.target_system_prompt_configurations import TargetSystemPromptConfigurations  # noqa: E402
