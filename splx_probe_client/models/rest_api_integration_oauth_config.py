from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rest_api_integration_oauth_config_additional_parameters_type_0 import (
        RestApiIntegrationOauthConfigAdditionalParametersType0,
    )


T = TypeVar("T", bound="RestApiIntegrationOauthConfig")


@_attrs_define
class RestApiIntegrationOauthConfig:
    client_id: str
    """ The client id that should be used for OAuth. """
    client_secret: str
    """ The client secret that should be used for OAuth. """
    scope: str
    """ Space separated list of scopes that should be used for OAuth. """
    url: str
    """ The url that should be used for OAuth. """
    additional_parameters: None | RestApiIntegrationOauthConfigAdditionalParametersType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        client_id = self.client_id

        client_secret = self.client_secret

        scope = self.scope

        url = self.url

        additional_parameters: dict[str, Any] | None | Unset
        if isinstance(self.additional_parameters, Unset):
            additional_parameters = UNSET
        elif isinstance(self.additional_parameters, RestApiIntegrationOauthConfigAdditionalParametersType0):
            additional_parameters = self.additional_parameters.to_dict()
        else:
            additional_parameters = self.additional_parameters

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "clientId": client_id,
                "clientSecret": client_secret,
                "scope": scope,
                "url": url,
            }
        )
        if additional_parameters is not UNSET:
            field_dict["additionalParameters"] = additional_parameters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:

        d = dict(src_dict)
        client_id = d.pop("clientId")

        client_secret = d.pop("clientSecret")

        scope = d.pop("scope")

        url = d.pop("url")

        def _parse_additional_parameters(
            data: object,
        ) -> None | RestApiIntegrationOauthConfigAdditionalParametersType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                additional_parameters_type_0 = RestApiIntegrationOauthConfigAdditionalParametersType0.from_dict(data)

                return additional_parameters_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RestApiIntegrationOauthConfigAdditionalParametersType0 | Unset, data)

        additional_parameters = _parse_additional_parameters(d.pop("additionalParameters", UNSET))

        rest_api_integration_oauth_config = cls(
            client_id=client_id,
            client_secret=client_secret,
            scope=scope,
            url=url,
            additional_parameters=additional_parameters,
        )

        rest_api_integration_oauth_config.additional_properties = d
        return rest_api_integration_oauth_config

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
from ..models.rest_api_integration_oauth_config_additional_parameters_type_0 import (
    RestApiIntegrationOauthConfigAdditionalParametersType0,  # noqa: E402
)
