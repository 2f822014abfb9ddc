# Hand-written: edit overrides/splx_probe_client/_output.py, not this copy (installed by `make generate`).
"""Where the ``splx-probe`` command writes: results, human lines, diagnostics and CI annotations.

With ``--json -`` standard output carries exactly one JSON document, so every human line goes to standard
error instead. On GitHub Actions (``GITHUB_ACTIONS=true``) errors and warnings are also workflow commands
(``::error title=...::message``), which the runner turns into annotations; it reads them from either stream.

Every line is made safe for the log it lands in, whatever it quotes (a run's name, a server's error message):
control characters are escaped in every mode (``\\x1b``, ``\\ud800``), so text from the API can never start a
line of its own. On GitHub a carriage return or line feed is written ``%0D``/``%0A`` (the runner's own escapes)
and a line that would begin with a workflow command (``::``, or the older ``##[``, after any white space) has
that first character escaped; inside a workflow command ``%`` is escaped too. In a plain line the runner decodes
nothing, so ``%`` stays as written there ("45%"): it cannot start or end a command.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any, TextIO

from ._render import json_safe, printable


def on_github(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the command runs in a GitHub Actions job."""
    return (os.environ if environ is None else environ).get("GITHUB_ACTIONS") == "true"


def _escape_data(text: str) -> str:
    # The runner's rules for a command's message: these three would end or corrupt the command; every other
    # control character is escaped as in any line.
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"), limit=None)


_COMMAND_STARTS = ("::", "##[")
"""How a line starts that the Actions runner reads as a workflow command (after leading white space)."""


def safe_line(line: str, *, github: bool = False) -> str:
    """``line`` fit for a log: one line, control characters escaped; on GitHub, never a workflow command."""
    if github:
        line = line.replace("\r", "%0D").replace("\n", "%0A")
    line = printable(line, limit=None)
    if github:
        body = line.lstrip()
        if body.startswith(_COMMAND_STARTS):
            at = len(line) - len(body)
            line = f"{line[:at]}{'%3A' if body[0] == ':' else '%23'}{body[1:]}"
    return line


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

    def line(self, text: str) -> str:
        """``text`` as this command writes a line of it (see the module's docstring)."""
        return safe_line(text, github=self.github)

    def say(self, line: str) -> None:
        """A readable result line (``gate passed``, a run's status)."""
        print(self.line(line), file=self.human, flush=True)

    def warn(self, line: str) -> None:
        """A diagnostic on standard error, prefixed with the command's name."""
        print(self.line(f"splx-probe: {line}"), file=self.err, flush=True)

    def annotate(self, level: str, title: str, message: str) -> None:
        """An ``error`` or ``warning`` for the CI's annotations: a workflow command on GitHub, else a plain line.

        ``message`` stands on its own: the plain line leaves ``title`` out.
        """
        if self.github:
            print(f"::{level} title={_escape_property(title)}::{_escape_data(message)}", file=self.err, flush=True)
        else:
            print(self.line(f"splx-probe: {level}: {message}"), file=self.err, flush=True)

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
    """``data`` as indented, strict JSON text with a final newline (non-JSON values such as datetimes as strings).

    Strict: NaN and Infinity are written ``null`` and lone surrogates U+FFFD (``json_safe``), and the dump
    refuses any that remain, so every reader accepts the document.
    """
    return json.dumps(json_safe(data), indent=2, sort_keys=True, default=_json_default, allow_nan=False) + "\n"


def _json_default(value: object) -> object:
    return json_safe(str(value))
