from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from ..types import UNSET, Unset

T = TypeVar("T", bound="RagFileDto")


@_attrs_define
class RagFileDto:
    rag_file_name: None | str
    rag_file_url: None | str
    rag_file_id: UUID | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rag_file_name: None | str
        rag_file_name = self.rag_file_name

        rag_file_url: None | str
        rag_file_url = self.rag_file_url

        rag_file_id: str | Unset = UNSET
        if not isinstance(self.rag_file_id, Unset):
            rag_file_id = str(self.rag_file_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ragFileName": rag_file_name,
                "ragFileUrl": rag_file_url,
            }
        )
        if rag_file_id is not UNSET:
            field_dict["ragFileId"] = rag_file_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        rag_file_name: None | str = d.pop("ragFileName")

        rag_file_url: None | str = d.pop("ragFileUrl")

        _rag_file_id = d.pop("ragFileId", UNSET)
        rag_file_id: UUID | Unset
        if isinstance(_rag_file_id, Unset):
            rag_file_id = UNSET
        else:
            rag_file_id = UUID(_rag_file_id)

        rag_file_dto = cls(
            rag_file_name=rag_file_name,
            rag_file_url=rag_file_url,
            rag_file_id=rag_file_id,
        )

        rag_file_dto.additional_properties = d
        return rag_file_dto

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
