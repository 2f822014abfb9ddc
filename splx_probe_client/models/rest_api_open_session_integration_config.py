from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from ..types import UNSET, Unset

T = TypeVar("T", bound="RestApiOpenSessionIntegrationConfig")


@_attrs_define
class RestApiOpenSessionIntegrationConfig:
    request_payload_sample: str
    """ Sample POST request payload to be used for opening a session. """
    url: str
    """ REST API endpoint URL for opening a session. """
    response_payload: str | Unset = UNSET
    """ The JSON path pointing to the session Id within your API response to the given open session request. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_payload_sample = self.request_payload_sample

        url = self.url

        response_payload = self.response_payload

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "requestPayloadSample": request_payload_sample,
                "url": url,
            }
        )
        if response_payload is not UNSET:
            field_dict["responsePayload"] = response_payload

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        request_payload_sample = d.pop("requestPayloadSample")

        url = d.pop("url")

        response_payload = d.pop("responsePayload", UNSET)

        rest_api_open_session_integration_config = cls(
            request_payload_sample=request_payload_sample,
            url=url,
            response_payload=response_payload,
        )

        rest_api_open_session_integration_config.additional_properties = d
        return rest_api_open_session_integration_config

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
