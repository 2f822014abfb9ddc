from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define

if TYPE_CHECKING:
    from ..models.bad_request_error_details_dto import BadRequestErrorDetailsDto
    from ..models.error_details_dto import ErrorDetailsDto


T = TypeVar("T", bound="ErrorResponse")


@_attrs_define
class ErrorResponse:
    """Response payload for error."""

    error: BadRequestErrorDetailsDto | ErrorDetailsDto
    """ Error object. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        error: dict[str, Any]
        if isinstance(self.error, BadRequestErrorDetailsDto):
            error = self.error.to_dict()
        else:
            error = self.error.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:

        d = dict(src_dict)

        def _parse_error(data: object) -> BadRequestErrorDetailsDto | ErrorDetailsDto:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = BadRequestErrorDetailsDto.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            error_type_1 = ErrorDetailsDto.from_dict(data)

            return error_type_1

        error = _parse_error(d.pop("error"))

        error_response = cls(
            error=error,
        )

        error_response.additional_properties = d
        return error_response

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
from ..models.bad_request_error_details_dto import BadRequestErrorDetailsDto  # noqa: E402
from ..models.error_details_dto import ErrorDetailsDto  # noqa: E402
