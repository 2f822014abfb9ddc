"""Type-check the hand-written layer against a freshly built package, before it replaces the committed one.

A regeneration can change what the hand-written code relies on (a response field removed, a parameter renamed).
mypy, at the strictness of CI (the project's ``[tool.mypy]``), checks the built package (generated modules and
the override copies, the CLI included) together with ``examples/`` and ``benchmarks/``; each error is reported
at the line of the file a human edits (``overrides/...``, not the installed copy), and the generation fails.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .merge import MergeError

PACKAGE = "splx_probe_client"
HAND_WRITTEN_DIRS = ("examples", "benchmarks")
"""Directories beside the package whose code uses it; checked with it."""
CACHE = Path(".mypy_cache") / "generate"
"""Under the repository (git-ignored); separate from ``make typecheck``'s, which sees the committed package."""
_ERROR = re.compile(r"^(?P<path>[^:\n]+\.py):(?P<line>\d+):(?P<rest>.*)$")


class TypecheckError(MergeError):
    """The hand-written layer does not type-check against the built package; the message names file:line."""


def typecheck(scratch: Path, root: Path) -> None:
    """mypy on ``scratch/splx_probe_client`` plus the repository's hand-written directories, or ``TypecheckError``.

    ``scratch`` is the directory holding the built package. Paths in the message are the repository's.
    """
    for name in HAND_WRITTEN_DIRS:
        link = scratch / name
        if (root / name).is_dir() and not link.exists():
            link.symlink_to(root / name, target_is_directory=True)
    targets = [PACKAGE, *(name for name in HAND_WRITTEN_DIRS if (scratch / name).exists())]
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--config-file",
        str(root / "pyproject.toml"),
        "--cache-dir",
        str(root / CACHE),
        "--no-error-summary",
        "--hide-error-context",
        "--show-column-numbers",
        *targets,
    ]
    # The package must resolve to the built copy, never to the installed (editable) one.
    env = {**os.environ, "MYPYPATH": str(scratch)}
    done = subprocess.run(command, cwd=scratch, env=env, capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return
    lines = [_located(line, scratch, root) for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    raise TypecheckError(
        "the hand-written code no longer fits the regenerated package (mypy --strict; nothing was replaced):\n"
        + "\n".join(lines)
        + "\nFix the lines named above (overrides/, examples/, benchmarks/), or the spec change, and run "
        "`make generate` again."
    )


class ImportCheckError(TypecheckError):
    """Hand-written code imports a module of the package that the regenerated package no longer has."""


def check_imports(scratch: Path, root: Path) -> None:
    """Every import of the package's own modules in hand-written code resolves in the built package.

    mypy cannot be trusted with this one case: the editable install puts the repository root on mypy's search
    path, so a module the new spec removed (an operation's ``api/<tag>/<operation>.py``, a model's module) is
    still found in the *committed* package and the import passes. Imports inside functions are checked too.
    A name that is not a module (a class, a function) is left to mypy, which sees the built module's contents.
    """
    package = scratch / PACKAGE
    missing: list[str] = []
    sources = [(path, f"overrides/{path.relative_to(root / 'overrides').as_posix()}") for path in _override_files(root)]
    for name in HAND_WRITTEN_DIRS:
        sources += [(path, path.relative_to(root).as_posix()) for path in sorted((root / name).rglob("*.py"))]
    for path, shown in sources:
        parts = path.relative_to(root / "overrides").with_suffix("").parts if shown.startswith("overrides/") else ()
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=shown)
        except SyntaxError:
            continue  # the build's formatter has already named it
        for node in ast.walk(tree):
            for module, line in _imported_modules(node, parts):
                if module[0] == PACKAGE and not _is_module(package, module[1:]):
                    missing.append(f"{shown}:{line}: imports {'.'.join(module)}, which the regenerated package lacks")
    if missing:
        raise ImportCheckError(
            "the hand-written code imports modules the regenerated package no longer has (an operation or model "
            "removed or renamed in the spec?); nothing was replaced:\n"
            + "\n".join(dict.fromkeys(missing))
            + "\nUpdate those imports (and their uses), or the spec change, and run `make generate` again."
        )


def _override_files(root: Path) -> list[Path]:
    source = root / "overrides" / PACKAGE
    return sorted(path for path in source.rglob("*.py") if "__pycache__" not in path.parts)


def _imported_modules(node: ast.AST, parts: tuple[str, ...]) -> list[tuple[tuple[str, ...], int]]:
    """The dotted names an import statement needs, resolved against the importing module's ``parts``.

    ``from M import n`` needs ``M`` and ``M.n``; ``_is_module`` accepts ``M.n`` as a module or as a name ``M``
    defines.
    """
    if isinstance(node, ast.Import):
        return [(tuple(alias.name.split(".")), node.lineno) for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        # The importing module's package is its parts less its name (for an __init__, less "__init__").
        base = parts[: len(parts) - node.level]
        module = (*base, *(node.module.split(".") if node.module else ()))
    elif node.module:
        module = tuple(node.module.split("."))
    else:
        return []
    found = [(module, node.lineno)]
    found += [((*module, alias.name), node.lineno) for alias in node.names if alias.name != "*"]
    return found


def _is_module(package: Path, parts: tuple[str, ...]) -> bool:
    """``parts`` (below the package) name a module or package of the built tree, or a name its parent defines.

    A name defined by its parent module (a class, a function, a lazily exported model) counts: whether it
    really exists there is mypy's to judge, since mypy reads the built parent module.
    """
    here = package.joinpath(*parts)
    if here.with_suffix(".py").is_file() or (here / "__init__.py").is_file() or not parts:
        return True
    parent = package.joinpath(*parts[:-1])
    parent_file = parent / "__init__.py" if parent.is_dir() else parent.with_suffix(".py")
    if not parent_file.is_file():
        return False  # the parent module itself is gone
    return parts[-1] in _defined_names(parent_file)


def _defined_names(module: Path) -> set[str]:
    """Names a module binds at any level (defs, classes, assignments, imports) or mentions as a string.

    Strings count because the lazy ``models/__init__.py`` maps exported names to their modules in a table.
    """
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
            names.add(node.value)
    return names


def _located(line: str, scratch: Path, root: Path) -> str:
    """A mypy line with its path turned into the file a human edits, and the line number in that file."""
    match = _ERROR.match(line)
    if not match:
        return line
    path, number, rest = match["path"], int(match["line"]), match["rest"]
    if not path.startswith(f"{PACKAGE}/"):
        return line  # examples/ and benchmarks/ are linked in: the same relative path in the repository
    source = root / "overrides" / path
    if not source.exists():
        return f"{path}:{number}:{rest} (generated code)"
    return f"overrides/{path}:{_source_line(scratch / path, source, number)}:{rest}"


def _source_line(copy: Path, source: Path, number: int) -> int:
    """Line ``number`` of the installed copy, as a line of its source (the copy's imports may be re-sorted)."""
    copied = copy.read_text(encoding="utf-8").splitlines()
    original = source.read_text(encoding="utf-8").splitlines()
    if copied == original or not 0 < number <= len(copied):
        return number
    wanted = copied[number - 1].strip()
    found: Sequence[int] = [index + 1 for index, text in enumerate(original) if text.strip() == wanted]
    if len(found) == 1:
        return found[0]
    return min(found, key=lambda candidate: abs(candidate - number)) if found else number
