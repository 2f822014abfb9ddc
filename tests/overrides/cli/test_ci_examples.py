"""examples/ci/: the GitHub Actions workflow and the GitLab CI job parse as YAML and call existing options."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from splx_probe_client._cli import build_parser

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "ci"


def load(name: str) -> Any:
    return yaml.safe_load((EXAMPLES / name).read_text())


def commands(lines: list[str]) -> list[list[str]]:
    """Each ``splx-probe`` command in ``lines``, as words; CI variables stand in as placeholders."""
    return [shlex.split(line) for line in lines if line.lstrip().startswith("splx-probe ")]


def parse(words: list[str]) -> argparse.Namespace:
    try:
        return build_parser().parse_args(words[1:])
    except SystemExit:  # argparse refused an option
        pytest.fail(f"not a valid splx-probe command: {shlex.join(words)}")


def check_run_command(words: list[str]) -> argparse.Namespace:
    args = parse(words)
    assert args.command == "run"
    assert args.wait
    assert args.cancel_on_interrupt
    assert args.cancel_on_timeout
    assert args.junit
    assert args.json
    return args


def test_the_github_workflow() -> None:
    workflow = load("github-actions.yml")
    assert workflow["name"]
    assert True in workflow or "on" in workflow  # YAML 1.1 reads the key `on` as true
    [job] = workflow["jobs"].values()
    assert job["env"]["SPLX_API_KEY"] == "${{ secrets.SPLX_API_KEY }}"  # a secret, never a literal
    steps = job["steps"]
    [words] = commands([step["run"] for step in steps if "run" in step])
    args = check_run_command(words)
    [upload] = [step for step in steps if str(step.get("uses", "")).startswith("actions/upload-artifact")]
    assert upload["if"] == "${{ always() }}"
    assert {args.junit, args.json} <= set(upload["with"]["path"].split())
    assert job["timeout-minutes"] * 60 > args.timeout  # the command's deadline comes first


def test_the_gitlab_job() -> None:
    [job] = load("gitlab-ci.yml").values()
    [words] = commands(job["script"])
    args = check_run_command(words)
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["reports"]["junit"] == args.junit
    assert {args.junit, args.json} <= set(job["artifacts"]["paths"])
    hours, minutes = (int(n) for n in re.findall(r"\d+", job["timeout"]))
    assert (hours * 60 + minutes) * 60 > args.timeout


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_the_environment_variables_are_the_commands_own(name: str) -> None:
    text = (EXAMPLES / name).read_text()
    help_text = build_parser().format_help() + (build_parser().epilog or "")
    for variable in set(re.findall(r"\bSPLX_[A-Z_]+", text)):
        assert variable in help_text, variable
