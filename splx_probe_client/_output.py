# Hand-written: edit overrides/splx_probe_client/_output.py, not this copy (installed by `make generate`).
"""Where the ``splx-probe`` command writes: results, human lines, diagnostics and CI annotations.

With ``--json -`` standard output carries exactly one JSON document, so every human line goes to standard
error instead. On GitHub Actions (``GITHUB_ACTIONS=true``) errors and warnings are also workflow commands
(``::error title=...::message``), which the runner turns into annotations; it reads them from either stream.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any, TextIO


def on_github(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the command runs in a GitHub Actions job."""
    return (os.environ if environ is None else environ).get("GITHUB_ACTIONS") == "true"


def _escape_data(text: str) -> str:
    # The runner's rules for a command's message: these three would end or corrupt the command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class Output:
    """The command's streams: ``out`` for results, ``err`` for diagnostics, ``human`` for readable results.

    ``human`` is ``out`` unless standard output is reserved for a JSON document (``expect_document("-")``).
    """

    def __init__(self, out: TextIO, err: TextIO, *, github: bool = False) -> None:
        self.out = out
        self.err = err
        self.human = out
        self.github = github
        self.document_path: str | None = None
        """Where the command's JSON document goes (``-``: standard output), if it was asked for one."""
        self.document_due = False
        """Whether that document is still to be written: on a failure, one saying what happened is."""

    def expect_document(self, path: str | None) -> None:
        """The command owes a JSON document to ``path``; ``-`` reserves standard output for it alone.

        Readable results go to ``err`` from then on, so that standard output is exactly one document.
        """
        self.document_path = path
        self.document_due = path is not None
        if path == "-":
            self.human = self.err

    def say(self, line: str) -> None:
        """A readable result line (``gate passed``, a run's status)."""
        print(line, file=self.human, flush=True)

    def warn(self, line: str) -> None:
        """A diagnostic on standard error, prefixed with the command's name."""
        print(f"splx-probe: {line}", file=self.err, flush=True)

    def annotate(self, level: str, title: str, message: str) -> None:
        """An ``error`` or ``warning`` for the CI's annotations: a workflow command on GitHub, else a plain line.

        ``message`` stands on its own: the plain line leaves ``title`` out.
        """
        if self.github:
            print(f"::{level} title={_escape_property(title)}::{_escape_data(message)}", file=self.err, flush=True)
        else:
            print(f"splx-probe: {level}: {message}", file=self.err, flush=True)

    def document(self, data: Any) -> None:
        """Write ``data`` as the JSON document ``expect_document`` announced (``OSError`` if a file fails).

        Only once: a second document, or one written after a failed attempt, would break "exactly one".
        """
        if not self.document_due or self.document_path is None:
            raise RuntimeError("no JSON document is due")  # a bug in the command, never the user's doing
        self.document_due = False
        if self.document_path == "-":
            self.json_document(data)
            return
        with open(self.document_path, "w", encoding="utf-8") as file:
            file.write(dump_json(data))

    def json_document(self, data: Any) -> None:
        """``data`` as a JSON document on standard output (``target get``'s result; ``document`` for ``--json``)."""
        self.out.write(dump_json(data))
        self.out.flush()


def dump_json(data: Any) -> str:
    """``data`` as indented JSON text with a final newline (non-JSON values such as datetimes as strings)."""
    return json.dumps(data, indent=2, sort_keys=True, default=str) + "\n"
