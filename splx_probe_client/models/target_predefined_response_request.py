from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define

T = TypeVar("T", bound="TargetPredefinedResponseRequest")


@_attrs_define
class TargetPredefinedResponseRequest:
    """Request payload for Target predefined response."""

    type_: str
    """ Predefined response type. Options: TEXT, REGEX """
    value: str
    """ Predefined response value. For type TEXT, a simple case-insensitive substring match is applied. For type
    REGEX, standard regular expression matching is used. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = d.pop("type")

        value = d.pop("value")

        target_predefined_response_request = cls(
            type_=type_,
            value=value,
        )

        if d:
            raise ValueError(
                f"TargetPredefinedResponseRequest: unknown key(s) {', '.join(sorted(map(repr, d)))}; "
                "its schema defines type, value"
            )
        target_predefined_response_request.additional_properties = d
        return target_predefined_response_request

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
