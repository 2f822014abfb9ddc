# Hand-written: edit overrides/splx_probe_client/models/integration_request.py, not this copy (installed by `make generate`).
"""``IntegrationRequest``: the connection sent in create/update target requests, its config typed by ``type``.

Replaces the generated module of the same name (see ``connections`` for why). Same class name, fields, JSON
and mapping-style access to ``additional_properties`` as the generated models; a test keeps it in step with
the ``IntegrationRequest`` schema of the spec.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import field as _attrs_field

from .._model_base import AdditionalProperties
from .._model_base import define as _attrs_define

if TYPE_CHECKING:
    from ..connections import ConnectionConfig

T = TypeVar("T", bound="IntegrationRequest")


@_attrs_define
class IntegrationRequest(AdditionalProperties):
    """Target connection configuration.

    ``config`` must be the model of ``type_`` (checked on construction: a mismatch is a ``ValueError`` naming
    both). ``connections.connection(config)`` fills ``type_`` in from the config's class.
    """

    config: ConnectionConfig
    """Connection configuration object: the model of ``type_`` (``UnknownConnectionConfig`` for a new type)."""
    type_: str
    """Connection type, e.g. ``OPENAI``, ``BEDROCK``, ``REST_API`` (keys of ``CONNECTION_CONFIG_TYPES``)."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        from ..connections import check_config_matches_type  # connections imports this module

        check_config_matches_type(self.config, self.type_)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object sent to the API."""
        return {**self.additional_properties, "config": self.config.to_dict(), "type": self.type_}

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """Read a connection, its config parsed as the model of its ``type``.

        Raises ``ValueError`` naming the field when a known type's config misses a required field, or naming
        the keys a connection does not define (a request model refuses them, as the generated ones do: a renamed
        field would be sent under its old name); an unknown type is kept as ``UnknownConnectionConfig`` with a
        warning.
        """
        from ..connections import parse_config

        d = dict(src_dict)
        missing = [key for key in ("type", "config") if key not in d]
        if missing:
            raise ValueError(
                f"{missing[0]}: required in a connection, next to {'config' if missing[0] == 'type' else 'type'}"
            )
        type_ = d.pop("type")
        config = parse_config(type_, d.pop("config"), strict=True)
        if d:
            raise ValueError(
                f"IntegrationRequest: unknown key(s) {', '.join(sorted(map(repr, d)))}; its schema defines config, type"
            )
        return cls(config=config, type_=type_)
