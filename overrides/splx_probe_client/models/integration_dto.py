# Hand-written: edit overrides/splx_probe_client/models/integration_dto.py, not this copy (installed by `make generate`).
"""``IntegrationDto``: a target's connection as the API returns it, its config typed by ``type``.

Replaces the generated module of the same name, whose ``config`` is untyped (the spec gives it no schema;
see ``connections``). Same class name, fields, JSON and mapping-style access to ``additional_properties``
as the generated models; a test keeps it in step with the ``IntegrationDto`` schema of the spec.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import field as _attrs_field

from .._model_base import AdditionalProperties, define as _attrs_define

if TYPE_CHECKING:
    from ..connections import ConnectionConfig

T = TypeVar("T", bound="IntegrationDto")


@functools.cache
def _parse_config() -> Callable[..., ConnectionConfig]:
    """``connections.parse_config``, imported on first use: connections imports the models, so not at the top.

    Cached, not imported in ``from_dict``: a relative import there costs ~1 µs per parsed target.
    """
    from ..connections import parse_config

    return parse_config


@_attrs_define
class IntegrationDto(AdditionalProperties):
    """A target's connection in API responses.

    ``config`` is the model of ``type_``; a config the SDK cannot read that way (a type newer than the SDK,
    or one that does not fit its model) is an ``UnknownConnectionConfig`` holding it exactly as sent.
    """

    config: ConnectionConfig | None
    """Connection configuration object: the model of ``type_``, or ``None`` when the API sent null."""
    type_: str | None
    """Connection type, e.g. ``OPENAI``, ``BEDROCK``, ``REST_API`` (keys of ``CONNECTION_CONFIG_TYPES``)."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object, as the API sent it."""
        config = None if self.config is None else self.config.to_dict()
        return {**self.additional_properties, "config": config, "type": self.type_}

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Read a connection from a response; nothing the server sent is dropped, nothing raises but a missing key."""
        parse_config = _parse_config()
        d = dict(src_dict)
        type_ = d.pop("type")
        raw = d.pop("config")
        config = None if raw is None else parse_config(type_, raw, strict=False)
        integration_dto = cls(config=config, type_=type_)
        integration_dto.additional_properties = d
        return integration_dto
