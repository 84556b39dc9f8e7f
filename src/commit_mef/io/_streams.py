"""Paths and file-like objects alike: bounded reads, and text written to text or binary streams.

A service reads uploads from request bodies, not files: every reader accepts a path
or an open file (text or binary), and every writer a path or an open file.  Reads
take at most ``Limits.max_bytes + 1`` bytes or characters, so an over-large upload is
refused without being held whole in memory.
"""

from __future__ import annotations

import contextlib
import csv
import io as stdio
import os
import re
from collections.abc import Iterator
from typing import IO, Any, Protocol

from commit_mef._paths import open_regular
from commit_mef._problems import pointer_token
from commit_mef.errors import ExportError, InvalidTypeError, Problem
from commit_mef.io._atomic import atomic_text

__all__ = [
    "SURROGATE",
    "CheckedText",
    "Readable",
    "is_path",
    "read_input",
    "surrogate_pointer",
    "surrogate_problem",
    "text_writer",
]

#: A lone surrogate: a code point UTF-8 cannot encode (text decoded with ``surrogateescape``).
SURROGATE = re.compile("[\ud800-\udfff]")


class Readable(Protocol):
    """Anything the readers can read from: an object with ``read(size)`` giving bytes or text.

    An open file (binary or text), an :class:`io.BytesIO`, a WSGI ``wsgi.input``
    or an ASGI framework's upload file object all qualify.

    Examples:
        >>> import io as stdio
        >>> from commit_mef import io
        >>> def size(upload: io.Readable) -> int:
        ...     return len(upload.read(100))
        >>> size(stdio.BytesIO(b"indicator,country"))
        17
    """

    def __init__(self) -> None:
        """Not called: a protocol is a type to check against, not a class to build."""

    def read(self, size: int, /) -> bytes | str:
        """At most ``size`` bytes (or characters); fewer at the end."""
        ...


def is_path(value: object) -> bool:
    """Whether ``value`` names a file (a ``str`` or path-like), rather than being an open file."""
    return isinstance(value, (str, os.PathLike))


def _is_text(handle: Any) -> bool:
    if isinstance(handle, stdio.TextIOBase):
        return True
    if isinstance(handle, (stdio.RawIOBase, stdio.BufferedIOBase)):
        return False
    return "b" not in str(getattr(handle, "mode", "")) and hasattr(handle, "encoding")


def read_input(source: Any, max_bytes: int) -> tuple[bytes | str, str]:
    """At most ``max_bytes + 1`` bytes (or characters) of ``source``, and a name for messages.

    Raises:
        TypeError: ``source`` is neither a path nor a readable file object.
        LoadError: The path is not a regular file (a directory, a FIFO) or is impossible.
        OSError: The file cannot be opened or read.
    """
    if is_path(source):
        name = os.fspath(source)
        with open_regular(name) as handle:
            return handle.read(max_bytes + 1), name
    read = getattr(source, "read", None)
    if not callable(read):
        raise InvalidTypeError(
            f"expected a path or a file object opened for reading, got {type(source).__name__}"
        )
    data = read(max_bytes + 1)
    if not isinstance(data, (bytes, bytearray, str)):
        raise InvalidTypeError(
            f"the file object's read() returned {type(data).__name__}, not bytes or str"
        )
    return (bytes(data) if isinstance(data, bytearray) else data), str(
        getattr(source, "name", "<stream>")
    )


def surrogate_problem(path: str, text: str) -> Problem:
    """The problem of a text holding a lone surrogate, at ``path``."""
    found = SURROGATE.search(text)
    point = f"U+{ord(found.group()):04X}" if found else "a surrogate"
    return Problem(
        path,
        f"the text holds a lone surrogate ({point}), which UTF-8 cannot encode; remove it, "
        "or decode the source with errors='replace'",
        code="invalid",
        got=point,
    )


def surrogate_pointer(value: Any) -> tuple[str, str] | None:
    """The JSON pointer and text of a string (or key) of plain data holding a lone surrogate."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if SURROGATE.search(item):
                return path or "/", item
        elif isinstance(item, dict):
            for key, child in item.items():
                here = f"{path}/{pointer_token(str(key))}"
                if SURROGATE.search(str(key)):
                    return here, str(key)
                stack.append((child, here))
        elif isinstance(item, (list, tuple)):
            stack.extend((child, f"{path}/{i}") for i, child in enumerate(item))
    return None


class CheckedText:
    """A text handle that refuses a lone surrogate before any of its text reaches the file.

    Writers that write CSV (``rows=True``) write one row per call, as :mod:`csv` does,
    so the error names the row and the column (``/rows/3/text``); otherwise the
    whole document.  Nothing of the refused write is passed on.

    Args:
        handle: The text handle written to.
        target: The format, as :class:`~commit_mef.errors.ExportError` names it.
        rows: The writes are CSV rows, the first one the header.
    """

    def __init__(self, handle: IO[str], target: str, *, rows: bool = False) -> None:
        self._handle = handle
        self._target = target
        self._rows = rows
        self._count = 0
        self._header: list[str] = []

    def write(self, text: str) -> int:
        """Write ``text``, or raise ExportError if it holds a lone surrogate."""
        self._count += 1
        if self._rows and self._count == 1:
            self._header = next(csv.reader(stdio.StringIO(text, newline="")), [])
        if SURROGATE.search(text) is not None:
            raise ExportError([surrogate_problem(self._where(text), text)], target=self._target)
        return self._handle.write(text)

    def _where(self, text: str) -> str:
        if not self._rows:
            return "/"
        cells = next(csv.reader(stdio.StringIO(text, newline="")), [])
        column = next((i for i, c in enumerate(cells) if SURROGATE.search(c)), 0)
        if self._count == 1:
            return f"/header/{column}"
        name = self._header[column] if column < len(self._header) else str(column)
        return f"/rows/{self._count}/{pointer_token(name)}"

    def flush(self) -> None:
        """Flush the handle written to."""
        self._handle.flush()


@contextlib.contextmanager
def text_writer(target: Any, *, format_name: str = "JSON", rows: bool = False) -> Iterator[Any]:
    """A text handle writing UTF-8 to ``target``: a path, a text stream or a binary stream.

    A path is replaced atomically (the old file stays on any failure); a binary
    stream is wrapped for the time of the write and left open afterwards.  Every
    handle refuses lone surrogates (:class:`CheckedText`), so nothing unencodable
    is half-written.

    Raises:
        TypeError: ``target`` is neither a path nor a writable file object.
        ExportError: a text holds a lone surrogate (nothing is replaced).
    """
    with _text_writer(target) as handle:
        yield CheckedText(handle, format_name, rows=rows)


@contextlib.contextmanager
def _text_writer(target: Any) -> Iterator[IO[str]]:
    if is_path(target):
        with atomic_text(target) as handle:
            yield handle
        return
    if not callable(getattr(target, "write", None)):
        raise InvalidTypeError(
            f"expected a path or a file object opened for writing, got {type(target).__name__}"
        )
    if _is_text(target):
        yield target
        return
    if not isinstance(target, stdio.IOBase):  # a bare object with write(bytes): write once
        buffer = stdio.StringIO(newline="")
        yield buffer
        target.write(buffer.getvalue().encode("utf-8"))
        return
    stream: Any = target  # a binary IOBase: what TextIOWrapper wraps
    wrapper = stdio.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    try:
        yield wrapper
        wrapper.flush()
    finally:
        wrapper.detach()
