# Hand-written: edit overrides/splx_probe_client/_cli_common.py, not this copy (installed by `make generate`).
"""What every ``splx-probe`` sub-command shares: exit codes, option resolution, the client, request building."""

from __future__ import annotations

import argparse
import os
import shlex
import signal
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    ProbeError,
    TestRunTimeoutError,
    display_url,
)
from ._render import shown
from ._secrets import redact_text
from ._signals import Interrupted
from ._version import __version__
from .ids import ProbeId, TargetId, TestRunId, WorkspaceId

if TYPE_CHECKING:
    from collections.abc import Callable

    from ._client import ProbeClient
    from ._reports import Outcome

_T = TypeVar("_T")

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_API_ERROR = 3
EXIT_TIMEOUT = 4
EXIT_INTERNAL = 5
"""An error in splx-probe itself (a bug): not to be read as a failed gate or an API error."""
EXIT_SIGINT = 128 + signal.SIGINT  # as a shell reports a process the signal ended: 130
EXIT_SIGTERM = 128 + signal.SIGTERM  # 143

PLATFORM_URLS = {"eu": "https://probe.splx.ai", "us": "https://us.probe.splx.ai"}
"""The platform's web app of each region, by the region's name (``REGIONS``, from the spec's servers), where a
test run can be opened. The spec does not say it: a region the spec adds has no link until it is listed here,
and the run's output says so (``NO_PLATFORM_URL``) instead of guessing one."""
NO_PLATFORM_URL = "no link to the run: the web app of region {region!r} is not known (pass --platform-url)"


class UsageError(Exception):
    """A problem with the command line or its inputs: exit 2."""


def id_option(value: str | None, flag: str, env: str, kind: Callable[[str], _T]) -> _T:
    """An id from its flag, else from its environment variable; a usage error names both when missing or bad.

    ``kind`` is the id's alias from ``ids`` (``TargetId``...): the type the spec gives it reads the text.
    """
    source = flag
    if value is None:
        value, source = os.environ.get(env) or None, env
    if value is None:
        raise UsageError(f"{flag} is required (or set {env})")
    try:
        return kind(value)
    except ValueError:
        words = _id_words(kind)
        raise UsageError(f"{source} must be {'an' if words[0] in 'aeiou' else 'a'} {words}, not {value!r}") from None


def _id_words(kind: Callable[[str], object]) -> str:
    """What an id of ``kind`` is, in words: ``integer id`` (the spec's int32 ids), ``UUID id``..."""
    return "integer id" if kind is int else f"{getattr(kind, '__name__', 'valid')} id"


def env_probe_ids() -> list[ProbeId]:
    raw = os.environ.get("SPLX_PROBE_IDS", "")
    try:
        return [ProbeId(part) for part in raw.replace(" ", "").split(",") if part]
    except ValueError:
        raise UsageError(f"SPLX_PROBE_IDS must be comma-separated {_id_words(ProbeId)}s, not {raw!r}") from None


def make_client(args: argparse.Namespace) -> ProbeClient:
    """The command's ``ProbeClient``; a missing key or a bad region/URL is a usage error (nothing sent)."""
    if not os.environ.get("SPLX_API_KEY"):
        raise UsageError("SPLX_API_KEY is not set: export the API key of your SPLX Probe workspace")
    from ._client import ProbeClient

    try:
        return ProbeClient(region=args.region, base_url=args.api_url)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def expect(value: object, kind: type[_T], what: str) -> _T:
    """``value`` if the endpoint gave the success model; ProbeClient raises for error statuses already."""
    if not isinstance(value, kind):
        raise ProbeError(f"unexpected answer to {what}: {type(value).__name__}")
    return value


def answer_problem(schema: str, model: Any) -> str:
    """What in ``model``, an answer of the API, does not fit the spec's ``schema`` (``""`` if it all fits).

    The generated models take the values as they come, so a string, null or NaN where the spec has an integer
    reaches the command as it was sent; checked here, it is the platform's error (exit 3), never a crash of the
    command (exit 5). Fields the spec does not define are kept (they are the server's) and not judged.
    """
    from ._validation import known_fields, validate

    data = model.to_dict() if hasattr(model, "to_dict") else model
    described = []
    for path, messages in sorted(validate(schema, known_fields(schema, data)).items()):
        line = f"`{path}` {'; '.join(messages)}"
        value = data.get(path) if isinstance(data, dict) else None
        if value is not None and not isinstance(value, dict | list):
            line += f" (it is {shown(value)})"
        described.append(line)
    return "; ".join(described)


def check_answer(schema: str, model: Any, what: str) -> None:
    """Raise ``APIResponseValidationError`` naming the fields of ``what`` that do not fit the spec (exit 3)."""
    problem = answer_problem(schema, model)
    if problem:
        raise answer_error(what, problem, model)


def answer_error(what: str, problem: str, model: Any) -> APIResponseValidationError:
    """The error of an answer that does not fit the spec, for ``what`` it is (``test run 7``)."""
    import json

    import httpx

    from ._gate import CANNOT_JUDGE
    from ._render import json_safe

    data = model.to_dict() if hasattr(model, "to_dict") else model
    # The answer was parsed already; its text is rebuilt for the error's shortened, redacted body.
    body = json.dumps(json_safe(data), default=str, allow_nan=False).encode()
    return APIResponseValidationError(
        f"{CANNOT_JUDGE} ({what})", response=httpx.Response(200, content=body), error=problem
    )


def check_request_fields(model: type[Any], given: set[str]) -> None:
    """Raise ``UsageError`` unless ``model`` can be built from the fields ``given`` plus its defaults.

    The command fills in the fields it knows and leaves the rest to the spec's defaults, so a new optional
    field needs nothing; a field the API made required (no default), or one it removed, is named here,
    before anything is sent, rather than surfacing as a ``TypeError``.
    """
    fields = attrs.fields(model)
    missing = [
        field.name for field in fields if field.init and field.default is attrs.NOTHING and field.name not in given
    ]
    gone = sorted(given - {field.name for field in fields})
    if missing or gone:
        problems = [f"requires {', '.join(map(repr, missing))}"] if missing else []
        problems += [f"no longer has {', '.join(map(repr, gone))}"] if gone else []
        raise UsageError(
            f"the API's {model.__name__} {' and '.join(problems)}, which this splx-probe does not handle: "
            "upgrade splx-probe-client (or regenerate it from the current spec)"
        )


def platform_url(args: argparse.Namespace) -> str | None:
    """The platform's web app for the API the command talks to (``--platform-url``/``SPLX_PLATFORM_URL`` win)."""
    explicit = getattr(args, "platform_url", None) or os.environ.get("SPLX_PLATFORM_URL")
    if explicit:
        return str(explicit).rstrip("/")
    from ._routing import region_of
    from ._servers import DEFAULT_REGION

    api_url = args.api_url or os.environ.get("SPLX_API_URL")
    # A region's own API URL still has a known web app; a proxy or the fake has none.
    region = region_of(api_url) if api_url else (args.region or os.environ.get("SPLX_REGION") or DEFAULT_REGION).lower()
    return PLATFORM_URLS.get(region) if region else None


def unknown_platform_region(args: argparse.Namespace) -> str | None:
    """The region whose web app is not known, when that is why ``platform_url`` gave ``None``; else ``None``."""
    if getattr(args, "platform_url", None) or os.environ.get("SPLX_PLATFORM_URL"):
        return None
    from ._routing import region_of
    from ._servers import DEFAULT_REGION

    api_url = args.api_url or os.environ.get("SPLX_API_URL")
    region = region_of(api_url) if api_url else (args.region or os.environ.get("SPLX_REGION") or DEFAULT_REGION)
    return region.lower() if region is not None and region.lower() not in PLATFORM_URLS else None


def test_run_url(
    base: str | None, workspace_id: WorkspaceId, target_id: TargetId, test_run_id: TestRunId
) -> str | None:
    """Where the run is shown on the platform (the layout of the platform's own links)."""
    if base is None:
        return None
    return f"{base}/w/{workspace_id}/target/{target_id}/test-runs/{test_run_id}"


def cancel_command(args: argparse.Namespace, workspace_id: WorkspaceId, test_run_id: TestRunId) -> str:
    """The exact ``splx-probe cancel`` command for the run, with the connection flags this command was given."""
    words = ["splx-probe", "cancel", "--workspace", str(workspace_id), "--run", str(test_run_id)]
    if args.api_url:
        words += ["--api-url", display_url(args.api_url)]  # never the credentials of a URL
    if args.region:
        words += ["--region", args.region]
    return shlex.join(words)


def describe_error(exc: BaseException) -> tuple[int, Outcome, str, str]:
    """``(exit code, outcome, title, message)`` for an error that ends a command; ``message`` stands on its own."""
    if isinstance(exc, UsageError):
        return EXIT_USAGE, "usage_error", "usage error", str(exc)
    if isinstance(exc, Interrupted):
        return exc.exit_code, "interrupted", "interrupted", str(exc)
    if isinstance(exc, AuthenticationError):
        return (
            EXIT_API_ERROR,
            "api_error",
            "authentication failed",
            f"authentication failed (check SPLX_API_KEY and the region/API URL): {exc}",
        )
    if isinstance(exc, APIStatusError):
        return EXIT_API_ERROR, "api_error", "API error", f"API error: {exc}"
    if isinstance(exc, APIResponseValidationError):  # the platform's answer, not the command's bug
        return EXIT_API_ERROR, "api_error", "unusable API answer", f"unusable answer from the API: {exc}"
    if isinstance(exc, APIConnectionError):
        return EXIT_API_ERROR, "api_error", "API unreachable", f"cannot reach the API: {exc}"
    if isinstance(exc, TestRunTimeoutError):
        return EXIT_TIMEOUT, "timeout", "timed out", f"timed out: {exc}"
    if isinstance(exc, OSError):  # a file that became unwritable after it was checked
        return EXIT_USAGE, "usage_error", "cannot write", f"cannot write {exc.filename or ''}: {exc.strerror or exc}"
    if isinstance(exc, KeyboardInterrupt):  # where signal handlers cannot be installed
        return EXIT_SIGINT, "interrupted", "interrupted", "interrupted by SIGINT"
    if isinstance(exc, ProbeError):
        return EXIT_API_ERROR, "api_error", "error", str(exc)
    what = redact_text(f"{type(exc).__name__}: {exc}")
    return (
        EXIT_INTERNAL,
        "internal_error",
        "internal error",
        f"internal error in splx-probe {__version__}, please report it with the output of -vv: {what}",
    )
