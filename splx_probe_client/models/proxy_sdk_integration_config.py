from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.proxy_sdk_integration_config_headers_type_0 import ProxySdkIntegrationConfigHeadersType0


T = TypeVar("T", bound="ProxySdkIntegrationConfig")


@_attrs_define
class ProxySdkIntegrationConfig:
    """Proxy SDK connection configuration. Connection type: PROXY_SDK"""

    url: str
    """ REST API endpoint URL for sending attack messages. """
    api_key: None | str | Unset = UNSET
    """ Optional API key to test for the proxy SDK. """
    headers: None | ProxySdkIntegrationConfigHeadersType0 | Unset = UNSET
    """ Key-value pairs necessary for your API Requests (e.g. Authorization). """
    request_payload_sample: str | Unset = UNSET
    """ Sample POST request payload to be used for the Proxy SDK integration. Detailed documentation:
    https://docs.probe.splx.ai/platform/target/index/rest-api """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        url = self.url

        api_key: None | str | Unset
        if isinstance(self.api_key, Unset):
            api_key = UNSET
        else:
            api_key = self.api_key

        headers: dict[str, Any] | None | Unset
        if isinstance(self.headers, Unset):
            headers = UNSET
        elif isinstance(self.headers, ProxySdkIntegrationConfigHeadersType0):
            headers = self.headers.to_dict()
        else:
            headers = self.headers

        request_payload_sample = self.request_payload_sample

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "url": url,
            }
        )
        if api_key is not UNSET:
            field_dict["apiKey"] = api_key
        if headers is not UNSET:
            field_dict["headers"] = headers
        if request_payload_sample is not UNSET:
            field_dict["requestPayloadSample"] = request_payload_sample

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:

        d = dict(src_dict)
        url = d.pop("url")

        api_key: None | str | Unset = d.pop("apiKey", UNSET)

        def _parse_headers(data: object) -> None | ProxySdkIntegrationConfigHeadersType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                headers_type_0 = ProxySdkIntegrationConfigHeadersType0.from_dict(data)

                return headers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProxySdkIntegrationConfigHeadersType0 | Unset, data)

        headers = _parse_headers(d.pop("headers", UNSET))

        request_payload_sample = d.pop("requestPayloadSample", UNSET)

        proxy_sdk_integration_config = cls(
            url=url,
            api_key=api_key,
            headers=headers,
            request_payload_sample=request_payload_sample,
        )

        proxy_sdk_integration_config.additional_properties = d
        return proxy_sdk_integration_config

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
from ..models.proxy_sdk_integration_config_headers_type_0 import ProxySdkIntegrationConfigHeadersType0  # noqa: E402
