"""Post-processing of the generated endpoint modules (``api/**``): their parsing step raises the SDK's error.

Each module's ``_parse_response`` gets the ``checked_parse`` decorator of ``_response.py``. The rewrite is a
fixed text edit, so regenerating twice gives the same bytes; a module that no longer has exactly one
``def _parse_response(`` fails the build, naming the module, rather than shipping an unchecked endpoint.
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


def check_package_parsing(package: Path) -> None:
    """Rewrite every endpoint module under ``package/api``."""
    for module in sorted((package / "api").rglob("*.py")):
        if module.name == "__init__.py":
            continue
        text = module.read_text(encoding="utf-8")
        module.write_text(check_parsing(text, module.relative_to(package).as_posix()), encoding="utf-8")
