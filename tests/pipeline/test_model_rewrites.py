"""The pipeline's speed rewrites of generated models: imports hoisted, identity closures inlined, same results."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pipeline.merge import MergeError
from pipeline.models_postprocess import hoist_model_imports, inline_identity_parsers

MODEL = """from __future__ import annotations

from typing import Any, TypeVar, cast

from ..types import UNSET, Unset

T = TypeVar("T")


class Box:
    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)

    @classmethod
    def from_dict(cls: type[T], src_dict: dict[str, Any]) -> T:
        from ..models.item import Item  # noqa: PLC0415
        from ..models.other_thing import (  # noqa: PLC0415
            OtherThing,
        )

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_modes(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                modes_type_0 = cast(list[str], data)

                return modes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        modes = _parse_modes(d.pop("modes"))

        def _parse_size(data: object) -> int | None:
            if data is None:
                return data
            return int(cast(str, data))

        size = _parse_size(d.pop("size"))

        return cls(name=name, modes=modes, size=size, item=Item, other=OtherThing, rest=d)  # type: ignore[call-arg]
"""


def _write(tmp_path: Path, text: str = MODEL) -> Path:
    path = tmp_path / "box.py"
    path.write_text(text, encoding="utf-8")
    return path


def _load(path: Path) -> ModuleType:
    """The rewritten module, run with stand-ins for what its relative imports name."""
    source = path.read_text(encoding="utf-8")
    source = source.replace("from ..types import UNSET, Unset", "UNSET = object()\nclass Unset: ...")
    source = source.replace("from ..models.item import Item", "Item = 'Item'")
    source = source.replace("from ..models.other_thing import OtherThing", "OtherThing = 'OtherThing'")
    module = ModuleType("box")
    exec(compile(source, str(path), "exec"), module.__dict__)
    return module


def test_model_imports_move_to_the_end_of_the_module_once(tmp_path: Path) -> None:
    path = _write(tmp_path)
    hoist_model_imports(path)
    text = path.read_text(encoding="utf-8")
    assert "PLC0415" not in text
    assert text.endswith(
        "from ..models.item import Item  # noqa: E402\nfrom ..models.other_thing import OtherThing  # noqa: E402\n"
    )
    hoist_model_imports(path)
    assert path.read_text(encoding="utf-8") == text  # twice changes nothing


def test_only_identity_closures_are_inlined_and_parsing_gives_the_same_objects(tmp_path: Path) -> None:
    path = _write(tmp_path)
    hoist_model_imports(path)
    before = _load(path).Box.from_dict
    inline_identity_parsers(path)
    text = path.read_text(encoding="utf-8")
    assert 'name: None | str | Unset = d.pop("name", UNSET)' in text
    assert 'modes: list[str] | None = d.pop("modes")' in text
    assert "def _parse_size(" in text  # it converts: not an identity
    ast.parse(text)
    after = _load(path).Box.from_dict
    for data in ({"modes": ["TEXT"], "size": "3", "x": 1}, {"name": None, "modes": None, "size": None}):
        old: Any = before(dict(data))
        new: Any = after(dict(data))
        assert {k: v for k, v in vars(new).items() if k != "name"} == {
            k: v for k, v in vars(old).items() if k != "name"
        }
        assert (new.name is None) == (old.name is None)
    inline_identity_parsers(path)
    assert path.read_text(encoding="utf-8") == text


def test_an_aliased_model_import_fails_naming_the_module(tmp_path: Path) -> None:
    path = _write(tmp_path, MODEL.replace("import Item  #", "import Item as Thing  #"))
    with pytest.raises(MergeError, match=r"box\.py: line 16: an aliased model import"):
        hoist_model_imports(path)


def test_the_generated_models_parse_a_nested_answer_with_their_imports_hoisted() -> None:
    from samples import sample

    from splx_probe_client.models import TargetNewDto

    data = sample("TargetNewDto")
    assert TargetNewDto.from_dict(data).to_dict() == data
    package = Path(sys.modules["splx_probe_client"].__file__ or "").parent
    assert importlib.util.find_spec("splx_probe_client.models.target_new_dto") is not None
    assert "PLC0415" not in (package / "models" / "target_new_dto.py").read_text(encoding="utf-8")


ENDPOINT = """from typing import Any
from urllib.parse import quote


def _get_kwargs(workspace_id: int, name: str) -> dict[str, Any]:
    return {
        "method": "get",
        "url": "/w/{workspace_id}/n/{name}".format(
            workspace_id=quote(str(workspace_id), safe=""),
            name=quote(str(name), safe=""),
        ),
    }
"""


def test_plain_int_path_parameters_are_not_quoted_and_everything_else_is_checked(tmp_path: Path) -> None:
    from pipeline.models_postprocess import _Editor, _Module, _unquoted_int_paths
    from splx_probe_client._parameters import path_int, path_segment

    path = tmp_path / "get_thing.py"
    module = _Module(path, "api/x/get_thing.py", ast.parse(ENDPOINT), _Editor(ENDPOINT))
    _unquoted_int_paths(module)
    text = module.editor.result()
    assert (
        "workspace_id=str(workspace_id) if type(workspace_id) is int else path_int('workspace_id', workspace_id),"
        in text
    )
    assert "name=path_segment('name', name)," in text
    assert module.imports == {"_parameters": {"path_int", "path_segment"}}
    namespace: dict[str, Any] = {"path_int": path_int, "path_segment": path_segment}
    exec(compile(text, str(path), "exec"), namespace)
    assert namespace["_get_kwargs"](-12, "a b/c")["url"] == "/w/-12/n/a%20b%2Fc"


def test_the_generated_endpoints_build_the_same_urls() -> None:
    from splx_probe_client.api.target import get_target

    assert get_target._get_kwargs(workspace_id=-3, target_id=40)["url"] == "/api/v2/workspaces/-3/target/40"
