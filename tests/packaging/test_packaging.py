"""The package as users get it: sdist and wheel build, pass ``twine check --strict``, and the wheel alone,
installed into a fresh virtual environment with only its two runtime dependencies, imports and runs the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import venv
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Every module of the installed package is imported, and what got installed is listed, by this script
# run inside the fresh environment: the package must not need anything but httpx, attrs and the stdlib.
PROBE = """
import importlib, importlib.metadata as md, json, pkgutil, re, sys
import splx_probe_client
modules = [m.name for m in pkgutil.walk_packages(splx_probe_client.__path__, "splx_probe_client.")]
for name in modules:
    importlib.import_module(name)
def closure(names):
    seen, todo = set(), list(names)
    while todo:
        name = re.split(r"[ ;<>=!~\\[(]", todo.pop(), maxsplit=1)[0].lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = md.requires(name) or []
        except md.PackageNotFoundError:
            continue
        todo += [r for r in requires if "extra ==" not in r]
    return seen
installed = {d.metadata["Name"].lower().replace("_", "-") for d in md.distributions()}
print(json.dumps({
    "version": splx_probe_client.__version__,
    "modules": len(modules),
    "installed": sorted(installed),
    "needed": sorted(closure(["splx-probe-client"])),
}))
"""


def run(*command: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True, cwd=cwd, check=False)
    assert done.returncode == 0, f"{command}: {done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: hatchling comes from the dev dependencies, so the build needs no network. build makes
    # the sdist first and the wheel from the unpacked sdist, which proves the sdist holds what building needs.
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ROOT)
    return out


def only(directory: Path, pattern: str) -> Path:
    [found] = directory.glob(pattern)
    return found


def test_twine_check_strict(dist: Path) -> None:
    files = sorted(dist.iterdir())
    assert sorted(path.suffix for path in files) == [".gz", ".whl"]
    assert "PASSED" in run(sys.executable, "-m", "twine", "check", "--strict", *files)


def test_the_sdist_holds_the_package_once_and_the_license(dist: Path) -> None:
    with tarfile.open(only(dist, "*.tar.gz")) as sdist:
        names = [name.split("/", 1)[1] for name in sdist.getnames() if "/" in name]
    assert {"LICENSE", "README.md", "pyproject.toml", "PKG-INFO", "splx_probe_client/__init__.py"} <= set(names)
    # The hand-written modules ship once, inside the package: overrides/ is the source, not part of it.
    tops = {name.split("/")[0] for name in names}
    assert tops <= {"LICENSE", "README.md", "pyproject.toml", "PKG-INFO", ".gitignore", "splx_probe_client"}


def test_the_wheel_metadata_is_ready_to_publish(dist: Path) -> None:
    with zipfile.ZipFile(only(dist, "*.whl")) as wheel:
        names = wheel.namelist()
        [metadata_name] = [name for name in names if name.endswith(".dist-info/METADATA")]
        metadata = HeaderParser().parsestr(wheel.read(metadata_name).decode())
        assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
        assert "MIT License" in wheel.read(next(n for n in names if n.endswith("licenses/LICENSE"))).decode()
    assert {name.split("/")[0] for name in names} == {"splx_probe_client", metadata_name.split("/")[0]}
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Author"] or metadata["Author-email"]
    assert metadata.get_all("Keywords")
    classifiers = metadata.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert len(metadata.get_all("Project-URL") or []) >= 2
    runtime = [req for req in metadata.get_all("Requires-Dist") or [] if "extra ==" not in req]
    assert sorted(req.split(">")[0].split("<")[0].strip() for req in runtime) == ["attrs", "httpx"]
    description = str(metadata.get_payload())
    assert "pip install splx-probe-client" in description.split("## ", maxsplit=1)[0]  # on the first screen


def test_the_wheel_alone_installs_imports_and_runs_the_cli(dist: Path, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env)  # this pip installs into it (--python): seconds faster
    python, script = env / "bin" / "python", env / "bin" / "splx-probe"
    # The wheel and its declared dependencies only, from the index pip is configured with.
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", only(dist, "*.whl"))
    found = json.loads(run(python, "-c", PROBE, cwd=tmp_path))  # cwd: never the source tree's package
    assert found["modules"] > 50
    extra = set(found["installed"]) - set(found["needed"]) - {"pip", "setuptools", "wheel"}
    assert not extra, f"installed beyond splx-probe-client, httpx, attrs and theirs: {extra}"
    assert {"httpx", "attrs", "splx-probe-client"} <= set(found["needed"])
    help_text = run(script, "--help")
    assert "exit codes:" in help_text
    assert "run" in help_text
    assert run(python, "-m", "splx_probe_client", "--version").strip() == f"splx-probe {found['version']}"
