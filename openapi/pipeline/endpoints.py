"""Post-processing of the generated runtime: endpoint parsing raises the SDK's error; ``UNSET`` pickles.

Each endpoint module's (``api/**``) ``_parse_response`` gets the ``checked_parse`` decorator of ``_response.py``.
``types.Unset`` gets a ``__reduce__`` naming the ``UNSET`` singleton: generated ``to_dict`` tests ``is UNSET``,
so a model (or an error carrying one) that went through pickle would otherwise send its unset fields.
The rewrites are fixed text edits, so regenerating twice gives the same bytes; a module no longer in the
expected shape fails the build, naming the module, rather than shipping an unchecked endpoint.
"""

from __future__ import annotations

import re
from pathlib import Path

_DEF = re.compile(r"^def _parse_response\(", re.MULTILINE)
_IMPORT_AFTER = re.compile(r"^import httpx\n", re.MULTILINE)
_IMPORT = "from ..._response import checked_parse as _checked_parse\n"


class EndpointRewriteError(Exception):
    """A generated endpoint module is not in the shape the rewrite expects."""


def check_parsing(source: str, name: str) -> str:
    """``source`` of a generated endpoint module with its ``_parse_response`` decorated by ``checked_parse``."""
    if len(_DEF.findall(source)) != 1 or len(_IMPORT_AFTER.findall(source)) != 1:
        raise EndpointRewriteError(
            f"{name}: expected one `def _parse_response(` and one `import httpx` in the generated endpoint module;"
            " the generator's output changed: adapt openapi/pipeline/endpoints.py"
        )
    if _IMPORT in source:
        return source
    source = _IMPORT_AFTER.sub(lambda match: f"{match.group(0)}{_IMPORT}", source, count=1)
    return _DEF.sub(lambda match: f"@_checked_parse\n{match.group(0)}", source, count=1)


_UNSET_CLASS = "class Unset:\n"
_UNSET_REDUCE = (
    "class Unset:\n"
    "    def __reduce__(self) -> str:\n"
    '        return "UNSET"  # pickle by name: unpickling gives the one UNSET that `is UNSET` tests expect\n'
    "\n"
)


def pickle_safe_unset(source: str) -> str:
    """``types.py`` with ``Unset`` pickled as a reference to the module's ``UNSET``."""
    if source.count(_UNSET_CLASS) != 1 or "\nUNSET: Unset = Unset()\n" not in source:
        raise EndpointRewriteError(
            "types.py: expected one `class Unset:` and `UNSET: Unset = Unset()`; the generator's output changed:"
            " adapt openapi/pipeline/endpoints.py"
        )
    return source if "__reduce__" in source else source.replace(_UNSET_CLASS, _UNSET_REDUCE, 1)


def check_package_parsing(package: Path) -> None:
    """Rewrite every endpoint module under ``package/api``, and ``types.py``."""
    types = package / "types.py"
    types.write_text(pickle_safe_unset(types.read_text(encoding="utf-8")), encoding="utf-8")
    for module in sorted((package / "api").rglob("*.py")):
        if module.name == "__init__.py":
            continue
        text = module.read_text(encoding="utf-8")
        module.write_text(check_parsing(text, module.relative_to(package).as_posix()), encoding="utf-8")
