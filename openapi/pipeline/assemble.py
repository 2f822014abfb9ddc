"""Generate the package from the merged spec and install the hand-written overrides into it.

``generate``: openapi-python-client runs into a scratch directory (never into the package, whose
``--overwrite`` would leave stale files behind), the spec-derived tables are written next to it, every
file of ``overrides/splx_probe_client/`` is copied over it, models are wired to the package's model
base (see ``MODEL_DEFINE``), and the whole tree is formatted and then replaces ``splx_probe_client/``.
``check``: does the same into a temporary directory and diffs it against what is committed.
"""

from __future__ import annotations

import difflib
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._jsonio import load
from .changes import package_version
from .endpoints import EndpointRewriteError, check_package_parsing
from .merge import MergeError, merge_spec, run_merge, write_merge
from .models_postprocess import postprocess
from .parameters import generator_spec
from .resources import api_reference, deprecated_endpoints, generator_config, resources_module, true_raises
from .rules import gaps as rule_gaps, schema_rules_module
from .tables import (
    connection_types_module,
    error_models_module,
    ids_module,
    lazy_models_init,
    operations_module,
    run_statuses_module,
    secret_fields_module,
    servers_module,
)
from .typecheck import check_imports, typecheck

PACKAGE = "splx_probe_client"
# Generated models import attrs' `define`; the package's `_model_base.define` is attrs' `define` plus the
# hand-written repr that hides secrets. Pointing the import there applies it to every model, new ones too.
MODEL_DEFINE = ("from attrs import define as _attrs_define\n", "from .._model_base import define as _attrs_define\n")
API_REFERENCE = "api.md"
"""The generated reference of every resource method, written beside the package and kept at the repo root."""
OVERRIDE_HEADER = "# Hand-written: edit overrides/{path}, not this copy (installed by `make generate`)."


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _run(command: list[str], cwd: Path, *, warnings_fail: bool = False) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    output = (done.stdout + done.stderr).strip()
    # The generator reports skipped schemas as warnings and still exits 0: a warning is a failure there.
    if done.returncode != 0 or (warnings_fail and ("Warning" in output or "Error" in output)):
        raise MergeError(f"{Path(command[0]).name} {command[1]} failed (exit {done.returncode}):\n{output}")


def build(spec_path: Path, root: Path, scratch: Path, *, overrides: bool = True) -> Path:
    """Build the complete package from ``spec_path`` and ``root/overrides`` under ``scratch``.

    ``overrides=False`` builds the generator's package alone (plus ``_operations.py``), as for another
    vendor's API: no hand-written module is installed and nothing is wired to one.
    """
    package = scratch / PACKAGE
    # The generator runs in ``scratch``: a relative path would miss.
    spec_path, root = spec_path.resolve(), root.resolve()
    generator_input = spec_path
    if overrides:  # non-path parameters are the pipeline's (see parameters.py): the generator reads a copy
        generator_input = scratch / "generator-input.json"
        generator_input.write_text(json.dumps(generator_spec(load(spec_path))), encoding="utf-8")
    config = generator_config(root / "generator-config.yaml", load(spec_path), scratch)
    _run(
        [
            _bin("openapi-python-client"),
            "generate",
            "--path",
            str(generator_input),
            "--config",
            str(config),
            "--meta",
            "none",
            "--output-path",
            str(package),
        ],
        cwd=scratch,
        warnings_fail=True,
    )
    spec = load(spec_path)
    if overrides:
        postprocess(package, spec)  # discriminators, response enums, RFC 3339 date-times: see models_postprocess
        (package / "_connection_types.py").write_text(connection_types_module(spec), encoding="utf-8")
        # Read by the hand-written _validation only: another vendor's spec need not fit its keywords.
        (package / "_schema_rules.py").write_text(schema_rules_module(spec), encoding="utf-8")
        (package / "_statuses.py").write_text(run_statuses_module(spec), encoding="utf-8")
        (package / "_secret_fields.py").write_text(secret_fields_module(spec), encoding="utf-8")
        (package / "_servers.py").write_text(servers_module(spec), encoding="utf-8")
        (package / "ids.py").write_text(ids_module(spec), encoding="utf-8")
        (package / "_error_models.py").write_text(error_models_module(spec), encoding="utf-8")
    (package / "_operations.py").write_text(operations_module(spec), encoding="utf-8")
    (package / "py.typed").write_text("", encoding="utf-8")
    models_init = package / "models" / "__init__.py"
    try:
        models_init.write_text(lazy_models_init(models_init.read_text(encoding="utf-8")), encoding="utf-8")
    except ValueError as exc:
        raise MergeError(str(exc)) from None
    for model in sorted((package / "models").glob("*.py")) if overrides else []:
        text = model.read_text(encoding="utf-8")
        if "@_attrs_define" in text:
            if MODEL_DEFINE[0] not in text:
                raise MergeError(f"{model.name}: generated model no longer imports {MODEL_DEFINE[0].strip()!r}")
            model.write_text(text.replace(MODEL_DEFINE[0], MODEL_DEFINE[1]), encoding="utf-8")
    if overrides:
        try:  # endpoints' parsing raises the SDK's error (needs the overrides' _response.py)
            check_package_parsing(package)
        except EndpointRewriteError as exc:
            raise MergeError(str(exc)) from None
        install_overrides(root / "overrides" / PACKAGE, package)
        # After the overrides: the resources read the hand-written mixins and error classes.
        (package / "_resources.py").write_text(resources_module(spec, package), encoding="utf-8")
        true_raises(package)
        deprecated_endpoints(spec, package)
        (package.parent / API_REFERENCE).write_text(api_reference(spec, package), encoding="utf-8")
    ruff = [_bin("ruff")]
    _run(
        [
            *ruff,
            "check",
            ".",
            "--isolated",
            "--no-cache",
            "--line-length",
            "120",
            "--select",
            "I",
            "--fix-only",
        ],
        package,
    )
    # Not --quiet: it hides the reason (a SyntaxError's file and line) when formatting fails.
    _run([*ruff, "format", ".", "--isolated", "--no-cache", "--line-length", "120"], package)
    for cache in package.rglob("__pycache__"):
        shutil.rmtree(cache)
    return package


def install_overrides(source: Path, package: Path) -> list[str]:
    """Copy every override file into ``package``; a .py file must open with its "hand-written" header."""
    replaced = []
    for path in sorted(source.rglob("*")):
        if path.is_dir() or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(source)
        if path.suffix == ".py":
            expected = OVERRIDE_HEADER.format(path=f"{PACKAGE}/{relative.as_posix()}")
            first = path.read_text(encoding="utf-8").split("\n", 1)[0]
            if first != expected:
                raise MergeError(f"overrides/{PACKAGE}/{relative}: first line must be {expected!r}")
        target = package / relative
        if target.exists():
            replaced.append(relative.as_posix())
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return replaced


def generate(spec_path: Path, package_dir: Path, root: Path) -> None:
    """Build the package from ``spec_path``, check the hand-written code against it, then replace ``package_dir``."""
    with tempfile.TemporaryDirectory(prefix="splx-generate-") as tmp:
        built = _checked_build(spec_path, root, Path(tmp))
        _replace_tree(built, package_dir)
        shutil.copyfile(built.parent / API_REFERENCE, root / API_REFERENCE)
    print(f"{package_dir}: generated from {spec_path.name} + overrides/")
    _print_gaps(load(spec_path), sys.stdout)


def _print_gaps(spec: Mapping[str, Any], out: Any) -> None:
    for gap in rule_gaps(spec):  # checked less than the spec says: said on every run, never hidden
        print(f"gap: {gap}", file=out)


def generate_from_fragments(
    spec_path: Path, package_dir: Path, root: Path, *, changelog: Path | None = None, out: Any = sys.stdout
) -> None:
    """Merge the fragments, build and check the package, and only then write everything (``make generate``).

    Nothing (spec, CHANGELOG, package, api.md) is written until every stage has passed, so a failed run
    leaves no trace and the next run still reports the API changes against the committed spec.
    """
    openapi = root / "openapi"
    outcome = merge_spec(
        openapi / "fragments",
        openapi / "merge-config.yaml",
        spec_path,
        manifest=openapi / "manifest.json",
        version=package_version(root),
    )
    for line in outcome.report.lines():  # shown even when a later stage fails: it says what the failure is about
        print(line, file=out)
    with tempfile.TemporaryDirectory(prefix="splx-generate-") as tmp:
        scratch_spec = Path(tmp) / spec_path.name
        scratch_spec.write_text(outcome.text, encoding="utf-8")
        (Path(tmp) / "build").mkdir()
        built = _checked_build(scratch_spec, root, Path(tmp) / "build")
        _replace_tree(built, package_dir)
        shutil.copyfile(built.parent / API_REFERENCE, root / API_REFERENCE)
    write_merge(outcome, spec_path, out=out, changelog=changelog, show_report=False)
    print(f"{package_dir}: generated from {spec_path.name} + overrides/", file=out)
    _print_gaps(load(spec_path), out)


def _checked_build(spec_path: Path, root: Path, scratch: Path) -> Path:
    built = build(spec_path, root, scratch)
    # Before anything is replaced: a misfit override fails here, naming its lines.
    check_imports(scratch, root)
    typecheck(scratch, root)
    return built


def _replace_tree(built: Path, package_dir: Path) -> None:
    """Put ``built`` in place of ``package_dir`` with two renames, so no half-copied package is ever left."""
    staged = package_dir.with_name(f".{package_dir.name}.new")
    retired = package_dir.with_name(f".{package_dir.name}.old")
    for leftover in (staged, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(built, staged)
    if package_dir.exists():
        package_dir.rename(retired)
    staged.rename(package_dir)
    if retired.exists():
        shutil.rmtree(retired)


def _diff(expected: Path, actual: Path, label: str) -> list[str]:
    """Unified diff lines between two trees (or files); empty when identical."""
    if expected.is_file() or actual.is_file():
        pairs = [(expected, actual, label)]
    else:
        names = sorted(
            {
                p.relative_to(expected).as_posix()
                for p in expected.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts
            }
            | {
                p.relative_to(actual).as_posix()
                for p in actual.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts
            }
        )
        pairs = [(expected / name, actual / name, f"{label}/{name}") for name in names]
    lines: list[str] = []
    for want, have, name in pairs:
        if want.exists() and have.exists() and filecmp.cmp(want, have, shallow=False):
            continue
        old = have.read_text(encoding="utf-8").splitlines(keepends=True) if have.exists() else []
        new = want.read_text(encoding="utf-8").splitlines(keepends=True) if want.exists() else []
        lines.extend(difflib.unified_diff(old, new, f"committed/{name}", f"regenerated/{name}"))
        if not have.exists():
            lines.append(f"only in regenerated output: {name}\n")
        if not want.exists():
            lines.append(f"only in committed tree (not produced by the pipeline): {name}\n")
    return lines


def check(root: Path) -> int:
    """0 when the committed spec and package are exactly what the pipeline makes; else print a diff, 1."""
    with tempfile.TemporaryDirectory(prefix="splx-check-") as tmp:
        scratch = Path(tmp)
        spec = scratch / "splx-probe.json"
        committed_spec = root / "openapi" / "splx-probe.json"
        if committed_spec.exists():
            shutil.copyfile(committed_spec, spec)  # so the merge summary reads as a diff against it
        with open(os.devnull, "w") as quiet:
            run_merge(
                root / "openapi" / "fragments",
                root / "openapi" / "merge-config.yaml",
                spec,
                out=quiet,
                manifest=root / "openapi" / "manifest.json",
            )
        (scratch / "gen").mkdir()
        built = build(spec, root, scratch / "gen")
        diff = _diff(spec, committed_spec, "openapi/splx-probe.json") + _diff(built, root / PACKAGE, PACKAGE)
        diff += _diff(built.parent / API_REFERENCE, root / API_REFERENCE, API_REFERENCE)
    if diff:
        sys.stdout.writelines(diff[:400])
        if len(diff) > 400:
            print(f"... {len(diff) - 400} more diff lines")
        print("\ncheck-generated: FAILED. The committed files differ from what `make generate` produces.")
        print("Do not edit generated files: change openapi/fragments, openapi/merge-config.yaml or overrides/,")
        print("then run `make generate`.")
        return 1
    print("check-generated: the committed spec and package are what the pipeline makes.")
    return 0
