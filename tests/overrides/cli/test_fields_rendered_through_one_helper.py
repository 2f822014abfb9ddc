"""Source check: the command and the quickstart format no model field directly, only through the one helper.

A field the spec requires today may be optional tomorrow; formatted as ``f"{run.name}"`` it would print
``Unset`` (or crash on ``:g``) after that regeneration with nothing said. So every f-string placeholder of the
CLI modules and ``examples/quickstart.py`` that reads a field of a generated model must be a call to a
rendering helper (``shown`` and the helpers built on it). Field names are read from the generated models,
so a field a regeneration adds is covered with no edit here.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import attrs

import splx_probe_client.models

ROOT = Path(__file__).parents[3]
CHECKED = [
    *(
        ROOT / "overrides" / "splx_probe_client" / f"{name}.py"
        for name in (
            "_cli",
            "_cli_run",
            "_cli_common",
            "_gate",
            "_reports",
            "_junit",
            "_summary",
            "_output",
            "_progress",
            "_signals",
            "_target_file",
        )
    ),
    ROOT / "examples" / "quickstart.py",
]
HELPERS = {"shown", "show", "quoted", "when", "describe", "scores_line", "risk_band_of", "_cell", "len", "printable"}
"""Calls that render a model value safely (``_cell`` and ``describe`` go through ``shown``)."""
NOT_MODELS = {
    "args",
    "report",
    "self",
    "exc",
    "error",
    "output",
    "check",
    "paths",
    "setup",
    "asked",
    "parser",
    "signum",
}
"""Names of the command's own objects, whose attributes are not model fields."""


def _model_fields() -> set[str]:
    names: set[str] = set()
    for module_info in pkgutil.iter_modules(splx_probe_client.models.__path__):
        module = importlib.import_module(f"splx_probe_client.models.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and attrs.has(value) and value.__module__ == module.__name__:
                names |= {field.name for field in attrs.fields(value) if field.name != "additional_properties"}
    return names


def _root(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _direct_fields(expression: ast.expr, fields: set[str]) -> list[ast.Attribute]:
    if isinstance(expression, ast.Call) and (
        (isinstance(expression.func, ast.Name) and expression.func.id in HELPERS)
        or (isinstance(expression.func, ast.Attribute) and expression.func.attr in HELPERS)
    ):
        return []
    found = []
    for node in ast.walk(expression):
        if isinstance(node, ast.Attribute) and node.attr in fields and _root(node) not in NOT_MODELS:
            found.append(node)
    return found


def violations(path: Path, fields: set[str]) -> list[str]:
    """``line: placeholder`` of each f-string placeholder of ``path`` that formats a model field directly."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{attribute.lineno}: {ast.unparse(node.value)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.FormattedValue)
        for attribute in _direct_fields(node.value, fields)
    ]


def test_no_model_field_is_formatted_outside_the_helper() -> None:
    fields = _model_fields()
    assert {"name", "status", "failed_count", "overall_score"} <= fields
    found = [f"{path.relative_to(ROOT)}:{line}" for path in CHECKED for line in violations(path, fields)]
    assert not found, "format these through _render.shown (ProgressPrinter.shown in examples):\n" + "\n".join(found)


def test_the_check_finds_a_direct_field(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'line = f"test run {run.id}: {run.name!r} {scores.overall_score:g} {shown(run.status)} {args.name}"\n'
    )
    found = violations(sample, _model_fields())
    assert [line.split(": ", 1)[1] for line in found] == ["run.id", "run.name", "scores.overall_score"]
