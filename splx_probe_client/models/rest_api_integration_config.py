from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rest_api_close_session_integration_config import RestApiCloseSessionIntegrationConfig
    from ..models.rest_api_integration_config_headers_type_0 import RestApiIntegrationConfigHeadersType0
    from ..models.rest_api_integration_oauth_config import RestApiIntegrationOauthConfig
    from ..models.rest_api_open_session_integration_config import RestApiOpenSessionIntegrationConfig


T = TypeVar("T", bound="RestApiIntegrationConfig")


@_attrs_define
class RestApiIntegrationConfig:
    """REST API connection configuration. Connection type: REST_API"""

    headers: None | RestApiIntegrationConfigHeadersType0
    """ Key-value pairs necessary for your API Requests (e.g. Authorization). """
    request_payload_sample: str
    """ Sample POST request payload to be used for the REST API integration. Detailed documentation:
    https://docs.probe.splx.ai/platform/target/index/rest-api """
    response_payload: str
    """ The JSON path pointing to the message within your API response to the given request. """
    url: str
    """ REST API endpoint URL for sending attack messages. """
    close_session: RestApiCloseSessionIntegrationConfig | Unset = UNSET
    oauth: RestApiIntegrationOauthConfig | Unset = UNSET
    open_session: RestApiOpenSessionIntegrationConfig | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        headers: dict[str, Any] | None
        if isinstance(self.headers, RestApiIntegrationConfigHeadersType0):
            headers = self.headers.to_dict()
        else:
            headers = self.headers

        request_payload_sample = self.request_payload_sample

        response_payload = self.response_payload

        url = self.url

        close_session: dict[str, Any] | Unset = UNSET
        if not isinstance(self.close_session, Unset):
            close_session = self.close_session.to_dict()

        oauth: dict[str, Any] | Unset = UNSET
        if not isinstance(self.oauth, Unset):
            oauth = self.oauth.to_dict()

        open_session: dict[str, Any] | Unset = UNSET
        if not isinstance(self.open_session, Unset):
            open_session = self.open_session.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "headers": headers,
                "requestPayloadSample": request_payload_sample,
                "responsePayload": response_payload,
                "url": url,
            }
        )
        if close_session is not UNSET:
            field_dict["closeSession"] = close_session
        if oauth is not UNSET:
            field_dict["oauth"] = oauth
        if open_session is not UNSET:
            field_dict["openSession"] = open_session

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:

        d = dict(src_dict)

        def _parse_headers(data: object) -> None | RestApiIntegrationConfigHeadersType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                headers_type_0 = RestApiIntegrationConfigHeadersType0.from_dict(data)

                return headers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RestApiIntegrationConfigHeadersType0, data)

        headers = _parse_headers(d.pop("headers"))

        request_payload_sample = d.pop("requestPayloadSample")

        response_payload = d.pop("responsePayload")

        url = d.pop("url")

        _close_session = d.pop("closeSession", UNSET)
        close_session: RestApiCloseSessionIntegrationConfig | Unset
        if isinstance(_close_session, Unset):
            close_session = UNSET
        else:
            close_session = RestApiCloseSessionIntegrationConfig.from_dict(_close_session)

        _oauth = d.pop("oauth", UNSET)
        oauth: RestApiIntegrationOauthConfig | Unset
        if isinstance(_oauth, Unset):
            oauth = UNSET
        else:
            oauth = RestApiIntegrationOauthConfig.from_dict(_oauth)

        _open_session = d.pop("openSession", UNSET)
        open_session: RestApiOpenSessionIntegrationConfig | Unset
        if isinstance(_open_session, Unset):
            open_session = UNSET
        else:
            open_session = RestApiOpenSessionIntegrationConfig.from_dict(_open_session)

        rest_api_integration_config = cls(
            headers=headers,
            request_payload_sample=request_payload_sample,
            response_payload=response_payload,
            url=url,
            close_session=close_session,
            oauth=oauth,
            open_session=open_session,
        )

        rest_api_integration_config.additional_properties = d
        return rest_api_integration_config

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
from ..models.rest_api_close_session_integration_config import RestApiCloseSessionIntegrationConfig  # noqa: E402
from ..models.rest_api_integration_config_headers_type_0 import RestApiIntegrationConfigHeadersType0  # noqa: E402
from ..models.rest_api_integration_oauth_config import RestApiIntegrationOauthConfig  # noqa: E402
from ..models.rest_api_open_session_integration_config import RestApiOpenSessionIntegrationConfig  # noqa: E402
