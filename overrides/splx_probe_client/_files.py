# Hand-written: edit overrides/splx_probe_client/_files.py, not this copy (installed by `make generate`).
"""File answers: what a resource method returns for a non-JSON answer (a PDF report, a CSV export).

``client.<resource>.<method>(...)`` of an operation that answers a file returns a ``FileAnswer`` (the bytes,
their content type and the file name the server suggests); ``<method>_to_file(path=..., ...)`` streams the
same answer to a file in chunks instead, never holding more than one chunk, and stops at ``max_bytes``.
A JSON answer's other representations are ``<method>_as_<subtype>(...)`` (``export_as_csv``). The generated
resources call the functions below; ``api.md`` lists the methods.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Mapping
from email.message import Message
from pathlib import Path
from typing import Any

import httpx

from ._exceptions import APIResponseValidationError
from ._resource_base import RawResponse
from .client import AuthenticatedClient, Client

__all__ = [
    "DEFAULT_MAX_FILE_BYTES",
    "STREAM_EXTENSION",
    "FileAnswer",
    "SavedFile",
    "accept_headers",
    "check_max_bytes",
    "file_answer",
    "save",
    "save_sync",
]

STREAM_EXTENSION = "splx_stream"
"""Request extension asking the transport to hand a 2xx answer back unread (``_to_file`` reads it in chunks)."""
DEFAULT_MAX_FILE_BYTES = 1 << 30
"""The most a ``_to_file`` method writes unless told otherwise (1 GiB): a larger answer fails, nothing kept."""
CHUNK_BYTES = 1 << 16
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]")


class FileAnswer:
    """A non-JSON answer: ``content`` (the bytes), ``content_type`` and ``filename`` (or ``None``)."""

    __slots__ = ("content", "content_type", "filename")

    def __init__(self, content: bytes, content_type: str, filename: str | None) -> None:
        self.content = content
        """The body, exactly as sent."""
        self.content_type = content_type
        """The media type of the answer without parameters, e.g. ``application/pdf``."""
        self.filename = filename
        """The file name of the ``Content-Disposition`` header, reduced to a safe base name; ``None`` without."""

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (for ``text/csv`` and the like); invalid bytes raise ``UnicodeDecodeError``."""
        return self.content.decode("utf-8")

    def __repr__(self) -> str:
        return f"FileAnswer(content_type={self.content_type!r}, filename={self.filename!r}, size={len(self.content)})"


class SavedFile:
    """What a ``_to_file`` method wrote: ``path``, ``size`` (bytes), ``content_type`` and ``filename``."""

    __slots__ = ("content_type", "filename", "path", "size")

    def __init__(self, path: Path, size: int, content_type: str, filename: str | None) -> None:
        self.path = path
        self.size = size
        self.content_type = content_type
        self.filename = filename

    def __repr__(self) -> str:
        return (
            f"SavedFile(path={str(self.path)!r}, size={self.size}, content_type={self.content_type!r},"
            f" filename={self.filename!r})"
        )


def _media(response: httpx.Response) -> str:
    message = Message()
    message["content-type"] = response.headers.get("content-type", "")
    return message.get_content_type() if response.headers.get("content-type") else ""


def _filename(response: httpx.Response) -> str | None:
    """The file name the server suggests, as a base name with no path or control characters (hostile input)."""
    header = response.headers.get("content-disposition")
    if not header:
        return None
    message = Message()
    message["content-disposition"] = header
    name = message.get_filename()
    if not name:
        return None
    last = str(name).replace("\\", "/").rsplit("/", 1)[-1]  # a name, never a path: "../../x" is "x"
    base = _UNSAFE_NAME.sub("_", last).strip().lstrip(".")[:255]
    return base or None


def _matches(media: str, documented: tuple[str, ...]) -> bool:
    for expected in documented:
        kind, _, sub = expected.lower().partition("/")
        got_kind, _, got_sub = media.partition("/")
        if kind in ("*", got_kind) and sub in ("*", got_sub):
            return True
    return False


def _checked_head(response: httpx.Response, documented: tuple[str, ...], statuses: tuple[int, ...]) -> str:
    """The answer's media type, once its status and type are ones the spec documents; else the SDK's error."""
    expected = " or ".join(documented)
    if response.status_code not in statuses:
        raise APIResponseValidationError(
            "is not a documented answer of this operation",
            response=response,
            error=f"the spec documents {', '.join(map(str, statuses))} with {expected}",
        )
    media = _media(response)
    if not _matches(media, documented):
        raise APIResponseValidationError(
            "answer is not what the API documents",
            response=response,
            error=f"expected {expected} ({media or 'no content type'})",
        )
    return media


def file_answer(
    response: httpx.Response, documented: tuple[str, ...], statuses: tuple[int, ...]
) -> RawResponse[FileAnswer]:
    """``response`` (read) as a ``FileAnswer`` after checking its status and content type against the spec."""
    media = _checked_head(response, documented, statuses)
    return RawResponse(response, FileAnswer(response.content, media, _filename(response)))


def check_max_bytes(max_bytes: object) -> int:
    """``max_bytes`` if it is an int > 0; else a ``TypeError``/``ValueError`` naming it."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
        raise TypeError(f"max_bytes must be an int, got {type(max_bytes).__name__}")
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be > 0, got {max_bytes}")
    return max_bytes


def _target(path: object) -> Path:
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    target = Path(os.fspath(path))  # pyright: ignore[reportUnknownArgumentType]
    if target.is_dir():
        raise ValueError(f"path {str(target)!r} is a directory; name the file to write")
    if not target.parent.is_dir():
        raise ValueError(f"path {str(target)!r}: its directory does not exist")
    return target


def _streamed(kwargs: dict[str, Any], options: dict[str, Any], documented: tuple[str, ...]) -> dict[str, Any]:
    """The request arguments with the per-call options, an ``Accept`` naming ``documented`` and the stream flag."""
    options = accept_headers(documented, options)
    request = {**kwargs, "headers": {**kwargs.get("headers", {}), **options["headers"]}}
    if "timeout" in options:
        request["timeout"] = options["timeout"]
    request["extensions"] = {**options.get("extensions", {}), STREAM_EXTENSION: True}
    return request


def _head_of(response: httpx.Response) -> httpx.Response:
    """The status and headers of a streamed answer, body empty: what its errors show (the body is a file's)."""
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        content=b"",
        request=response.request,
        extensions=response.extensions,
    )


def _too_large(response: httpx.Response, max_bytes: int) -> APIResponseValidationError:
    return APIResponseValidationError(
        "answer is larger than max_bytes", response=response, error=f"more than {max_bytes} bytes; nothing was kept"
    )


def _open_beside(target: Path) -> tuple[int, str]:
    """A new file beside ``target`` (the umask's permissions, as ``open`` gives) to write the answer into."""
    part = str(target.parent / f".{target.name}.{secrets.token_hex(8)}.part")
    return os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), part


async def save(
    client: AuthenticatedClient | Client,
    kwargs: dict[str, Any],
    options: dict[str, Any],
    *,
    path: object,
    max_bytes: object,
    documented: tuple[str, ...],
    statuses: tuple[int, ...],
) -> SavedFile:
    """Send the request and stream its file answer to ``path`` (written whole or not at all)."""
    limit, target = check_max_bytes(max_bytes), _target(path)
    request = _streamed(kwargs, options, documented)
    async with client.get_async_httpx_client().stream(**request) as response:
        head = _head_of(response)
        media = _checked_head(head, documented, statuses)
        handle, part = _open_beside(target)
        try:
            size = 0
            with os.fdopen(handle, "wb") as out:
                async for chunk in response.aiter_bytes(CHUNK_BYTES):
                    size += len(chunk)
                    if size > limit:
                        raise _too_large(head, limit)
                    out.write(chunk)
            os.replace(part, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(part)
            raise
    return SavedFile(target, size, media, _filename(response))


def save_sync(
    client: AuthenticatedClient | Client,
    kwargs: dict[str, Any],
    options: dict[str, Any],
    *,
    path: object,
    max_bytes: object,
    documented: tuple[str, ...],
    statuses: tuple[int, ...],
) -> SavedFile:
    """``save`` for a sync client."""
    limit, target = check_max_bytes(max_bytes), _target(path)
    request = _streamed(kwargs, options, documented)
    with client.get_httpx_client().stream(**request) as response:
        head = _head_of(response)
        media = _checked_head(head, documented, statuses)
        handle, part = _open_beside(target)
        try:
            size = 0
            with os.fdopen(handle, "wb") as out:
                for chunk in response.iter_bytes(CHUNK_BYTES):
                    size += len(chunk)
                    if size > limit:
                        raise _too_large(head, limit)
                    out.write(chunk)
            os.replace(part, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(part)
            raise
    return SavedFile(target, size, media, _filename(response))


def accept_headers(documented: tuple[str, ...], options: Mapping[str, Any]) -> dict[str, Any]:
    """The per-call options with an ``Accept`` header naming ``documented`` (a caller's own Accept wins)."""
    headers = {"Accept": ", ".join(documented), **(options.get("headers") or {})}
    return {**options, "headers": headers}
