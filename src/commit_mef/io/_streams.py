"""Paths and file-like objects alike: bounded reads, and text written to text or binary streams.

A service reads uploads from request bodies, not files: every reader accepts a path
or an open file (text or binary), and every writer a path or an open file.  Reads
take at most ``Limits.max_bytes + 1`` bytes or characters, so an over-large upload is
refused without being held whole in memory.
"""

from __future__ import annotations

import contextlib
import io as stdio
import os
from collections.abc import Iterator
from typing import IO, Any, Protocol

from commit_mef.errors import InvalidTypeError

__all__ = ["Readable", "is_path", "read_input", "text_writer"]


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
        OSError: The file cannot be opened or read.
    """
    if is_path(source):
        name = os.fspath(source)
        with open(name, "rb") as handle:
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


@contextlib.contextmanager
def text_writer(target: Any) -> Iterator[IO[str]]:
    """A text handle writing UTF-8 to ``target``: a path, a text stream or a binary stream.

    A binary stream is wrapped for the time of the write and left open afterwards.

    Raises:
        TypeError: ``target`` is neither a path nor a writable file object.
    """
    if is_path(target):
        with open(target, "w", encoding="utf-8", newline="") as handle:
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
