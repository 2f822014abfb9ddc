"""The pipeline's rewrite of generated runtime modules: endpoint parsing checked, ``UNSET`` pickled by name."""

from __future__ import annotations

import pickle

import pytest

from pipeline.endpoints import EndpointRewriteError, check_parsing, pickle_safe_unset
from splx_probe_client import types

ENDPOINT = """from typing import Any

import httpx

from ... import errors


def _parse_response(*, client: Any, response: httpx.Response) -> int | None:
    return 1
"""


def test_the_parse_step_is_decorated_and_the_decorator_imported() -> None:
    rewritten = check_parsing(ENDPOINT, "api/x/y.py")
    assert "from ..._response import checked_parse as _checked_parse\n" in rewritten
    assert "\n@_checked_parse\ndef _parse_response(" in rewritten


def test_rewriting_twice_changes_nothing() -> None:
    once = check_parsing(ENDPOINT, "api/x/y.py")
    assert check_parsing(once, "api/x/y.py") == once


@pytest.mark.parametrize(
    "source",
    [ENDPOINT.replace("_parse_response", "_parse"), ENDPOINT + "\ndef _parse_response(*, response):\n    pass\n"],
)
def test_an_endpoint_in_another_shape_fails_naming_the_module(source: str) -> None:
    with pytest.raises(EndpointRewriteError, match=r"api/x/y\.py"):
        check_parsing(source, "api/x/y.py")


def test_types_without_the_unset_singleton_fail_loudly() -> None:
    with pytest.raises(EndpointRewriteError, match=r"types\.py"):
        pickle_safe_unset("class Other:\n    pass\n")


def test_unset_survives_pickle_as_the_same_singleton() -> None:
    assert pickle.loads(pickle.dumps(types.UNSET)) is types.UNSET
