# Hand-written: edit overrides/splx_probe_client/connections.py, not this copy (installed by `make generate`).
"""A target's connection: the config model is chosen by the sibling ``type``, in both directions.

The spec types ``IntegrationRequest.config`` as a oneOf of every config schema with no discriminator (the
discriminator is the sibling ``type``, which OpenAPI cannot express) and gives ``IntegrationDto.config`` no
schema at all, so generated parsing picks the first variant whose required keys happen to be present. The two
models are replaced by hand-written ones (``models/integration_request.py``, ``models/integration_dto.py``)
that dispatch through ``CONNECTION_CONFIG_TYPES``, a table the pipeline derives from the spec.

>>> request = connection(GeminiIntegrationConfig(api_key="...", model="gemini-2.0-flash"))
>>> request.type_
'GEMINI'
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, TypeAlias

from ._connection_types import CONNECTION_CONFIG_TYPES, KnownConnectionConfig
from ._model_base import define
from .models.integration_request import IntegrationRequest

__all__ = [
    "CONNECTION_CONFIG_TYPES",
    "ConnectionConfig",
    "KnownConnectionConfig",
    "UnknownConnectionConfig",
    "connection",
    "connection_type_of",
    "known_connection_type",
]

logger = logging.getLogger(__name__)


@define
class UnknownConnectionConfig:
    """The config of a connection this SDK cannot read as a typed model, kept exactly as the server sent it.

    Made for a ``type_`` newer than this SDK (upgrade, or regenerate, for a typed model) and for a response
    whose config does not fit the model of its type. ``to_dict()`` gives ``data`` back unchanged, so a
    target read and written back loses nothing. Its repr hides secrets like every model's.
    """

    type_: str | None
    """The connection ``type`` sent next to the config."""
    data: Any
    """The config as sent: normally a JSON object (a dict)."""

    def to_dict(self) -> Any:
        """``data``, as sent (a dict is copied one level deep, like the generated models' ``to_dict``)."""
        return dict(self.data) if isinstance(self.data, Mapping) else self.data


ConnectionConfig: TypeAlias = KnownConnectionConfig | UnknownConnectionConfig
"""What a connection's ``config`` holds: the model of its ``type``, or the raw config of an unknown one."""

_TYPES_OF_CLASS: dict[type[Any], list[str]] = {}
for _type, _class in CONNECTION_CONFIG_TYPES.items():
    _TYPES_OF_CLASS.setdefault(_class, []).append(_type)

_warned_types: set[str | None] = set()


def connection_type_of(config: ConnectionConfig) -> str:
    """The connection ``type`` that ``config``'s class configures (``"GEMINI"`` for a ``GeminiIntegrationConfig``).

    Raises ``ValueError`` when the class is not a connection config, or configures more than one type.
    """
    if isinstance(config, UnknownConnectionConfig):
        if config.type_ is None:
            raise ValueError("config: this UnknownConnectionConfig has no type_; pass type= explicitly")
        return config.type_
    types = _TYPES_OF_CLASS.get(type(config))
    if not types:
        raise ValueError(f"config: {type(config).__name__} is not a connection config (see CONNECTION_CONFIG_TYPES)")
    if len(types) > 1:
        raise ValueError(f"config: {type(config).__name__} configures types {types}; pass type= explicitly")
    return types[0]


def connection(config: ConnectionConfig | Mapping[str, Any], type: str | None = None) -> IntegrationRequest:
    """The ``IntegrationRequest`` for ``config``, its ``type`` filled in from the config's class.

    ``type`` may be given too, in any case (``"openai"`` is ``"OPENAI"``); a type this SDK does not know is a
    ``ValueError`` listing the known ones, and a config whose class does not configure ``type`` is a
    ``ValueError`` naming both, raised here, before any request. A plain mapping needs ``type`` and is parsed
    into that type's model (a missing required field is a ``ValueError`` naming it). For a type newer than
    this SDK, pass ``UnknownConnectionConfig(type_=..., data=...)``: it is sent as given.
    """
    if isinstance(config, UnknownConnectionConfig):
        return IntegrationRequest(config=config, type_=connection_type_of(config) if type is None else type)
    if type is not None:
        type = known_connection_type(type)
    if isinstance(config, Mapping):
        if type is None:
            raise ValueError("type: required when config is a plain mapping (e.g. type='GEMINI')")
        return IntegrationRequest.from_dict({"type": type, "config": config})
    return IntegrationRequest(config=config, type_=connection_type_of(config) if type is None else type)


def known_connection_type(type_: object) -> str:
    """``type_`` spelled as in ``CONNECTION_CONFIG_TYPES``, matched case-insensitively.

    Raises ``ValueError`` listing the known types when there is no match, ``TypeError`` for a non-string.
    """
    if not isinstance(type_, str):
        raise TypeError(f"type: a connection type must be a string, got {_kind(type_)}")
    if type_ in CONNECTION_CONFIG_TYPES:
        return type_
    for known in CONNECTION_CONFIG_TYPES:
        if known.casefold() == type_.strip().casefold():
            return known
    raise ValueError(
        f"type: unknown connection type {type_!r}; known types: {', '.join(sorted(CONNECTION_CONFIG_TYPES))}"
        " (for a type newer than this SDK, pass UnknownConnectionConfig(type_=..., data=...))"
    )


def check_config_matches_type(config: object, type_: object) -> None:
    """Raise ``ValueError``/``TypeError`` naming the field when ``config`` is not the model of ``type_``."""
    if not isinstance(type_, str):
        raise TypeError(f"type: a connection type must be a string, got {_kind(type_)}")
    if isinstance(config, UnknownConnectionConfig):
        if config.type_ != type_:
            raise ValueError(
                f"config: an UnknownConnectionConfig of type {config.type_!r} cannot go with type {type_!r}"
            )
        return
    expected = CONNECTION_CONFIG_TYPES.get(type_)
    if expected is not None and isinstance(config, expected):
        return
    if type(config) not in _TYPES_OF_CLASS:
        raise TypeError(
            f"config: expected a connection config model or UnknownConnectionConfig, got {_kind(config)}"
            " (IntegrationRequest.from_dict or connection(mapping, type=...) read plain data)"
        )
    wanted = f"expects {expected.__name__}" if expected else "is not a connection type this SDK knows"
    raise ValueError(
        f"config: a {type(config).__name__} configures connection type {' or '.join(_TYPES_OF_CLASS[type(config)])},"
        f" but type is {type_!r}, which {wanted}"
    )


def parse_config(type_: str | None, data: Any, *, strict: bool) -> ConnectionConfig:
    """The model for ``data`` chosen by ``type_``; an unknown type is kept as ``UnknownConnectionConfig``.

    ``strict`` (request bodies, which users write): a known type whose config does not fit its model is a
    ``ValueError`` naming the field. Otherwise (server responses) it is kept as sent, with a warning.
    """
    model = CONNECTION_CONFIG_TYPES.get(type_) if isinstance(type_, str) else None
    if model is None:
        if strict and not isinstance(type_, str):
            raise TypeError(f"type: a connection type must be a string, got {_kind(type_)}")
        _warn_once(type_, f"connection type {type_!r} is unknown to this SDK version: its config is kept as sent")
        return UnknownConnectionConfig(type_=type_, data=data)
    try:
        if not isinstance(data, dict | Mapping):  # dict first: what JSON gives, and no ABC check
            raise TypeError(f"config: a {type_} connection config must be a JSON object, got {_kind(data)}")
        return model.from_dict(data)
    except KeyError as exc:
        problem = f"config: the {type_} connection config misses its required field {exc.args[0]!r}"
        error: Exception = ValueError(problem)
    except (TypeError, ValueError, AttributeError) as exc:
        problem = str(exc) if str(exc).startswith("config") else f"config: the {type_} connection config is invalid"
        error = ValueError(problem)
    if strict:
        raise error from None
    _warn_once(type_, f"{problem} ({model.__name__}): kept as sent")
    return UnknownConnectionConfig(type_=type_, data=data)


def _warn_once(type_: str | None, message: str) -> None:
    # Once per type and process: listing a thousand targets of a new type should not print a thousand lines.
    if type_ not in _warned_types:
        _warned_types.add(type_)
        logger.warning(message)


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__
