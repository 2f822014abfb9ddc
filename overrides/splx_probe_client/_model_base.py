# Hand-written: edit overrides/splx_probe_client/_model_base.py, not this copy (installed by `make generate`).
"""What every generated model is built with: attrs' ``define`` plus a repr that never shows a secret.

The pipeline points each generated model's ``_attrs_define`` import here, so a model added by a future
regeneration gets the same repr with no hand edit. Which names are secret is ``_secrets``' rule. However deep a
hostile answer nests, a repr is shortened rather than raising ``RecursionError``: plain data is shown
``_secrets.MAX_DEPTH`` levels deep, models inside models ``MAX_MODEL_DEPTH`` deep.
"""

from __future__ import annotations

import threading
from typing import Any, TypeVar, dataclass_transform

import attrs

from ._secrets import MASK, is_masked_map, redact
from .types import Unset

_C = TypeVar("_C", bound=type)


MAX_MODEL_DEPTH = 32
"""Models nested deeper than this inside one repr are shown as ``ClassName(...)``."""

_nesting = threading.local()


def _redacted_repr(self: Any) -> str:
    depth: int = getattr(_nesting, "depth", 0)
    if depth >= MAX_MODEL_DEPTH:
        return f"{type(self).__name__}(...)"
    _nesting.depth = depth + 1
    try:
        return _fields_repr(self)
    except RecursionError:  # the caller's stack was nearly full already: a short repr, never a crash in a log call
        return f"{type(self).__name__}(<too deep to show>)"
    finally:
        _nesting.depth = depth


def _fields_repr(self: Any) -> str:
    parts = []
    for field in attrs.fields(type(self)):
        name = field.name
        value = getattr(self, name)
        if isinstance(value, Unset):
            continue  # not sent, not received: a field list full of <Unset object at 0x...> hides the data
        if name == "additional_properties":
            if not value:
                continue
            shown: Any = redact(value)
        elif attrs.has(type(value)):
            # A nested model redacts itself, but a header map's model cannot know it is one: its field name says so.
            shown = _MaskedModel(value) if is_masked_map(name) else value
        else:
            shown = redact(value, name)
        parts.append(f"{name}={shown!r}")
    return f"{type(self).__name__}({', '.join(parts)})"


class AdditionalProperties:
    """Mapping-style access to ``additional_properties``, like every generated model, for hand-written ones."""

    __slots__ = ()
    additional_properties: dict[str, Any]

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties)

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


class _MaskedModel:
    """Shows a model as its class and keys only, every value masked."""

    def __init__(self, model: Any) -> None:
        self._model = model

    def __repr__(self) -> str:
        keys = dict.fromkeys(getattr(self._model, "additional_properties", {}), MASK)
        return f"{type(self._model).__name__}({keys!r})"


@dataclass_transform(field_specifiers=(attrs.field,))
def define(cls: _C) -> _C:
    """``attrs.define`` with a repr that shows ``'***'`` for secret fields, keys and header values.

    Unset fields are left out of the repr; ``additional_properties`` shows only when it holds something.
    """
    cls.__repr__ = _redacted_repr  # type: ignore[assignment]  # set before attrs builds the class
    return attrs.define(cls, repr=False)
