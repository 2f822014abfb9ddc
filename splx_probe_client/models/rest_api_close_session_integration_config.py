from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define

T = TypeVar("T", bound="RestApiCloseSessionIntegrationConfig")


@_attrs_define
class RestApiCloseSessionIntegrationConfig:
    request_payload_sample: str
    """ Sample POST request payload to be used for closing a session. Request must contain {session_id} placeholder.
    """
    url: str
    """ REST API endpoint URL for closing a session. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_payload_sample = self.request_payload_sample

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "requestPayloadSample": request_payload_sample,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        request_payload_sample = d.pop("requestPayloadSample")

        url = d.pop("url")

        rest_api_close_session_integration_config = cls(
            request_payload_sample=request_payload_sample,
            url=url,
        )

        rest_api_close_session_integration_config.additional_properties = d
        return rest_api_close_session_integration_config

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
