"""Atomic file replacement: write beside the target, then rename over it in one step."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from typing import IO

__all__ = ["replace_atomically"]


def _mode(target: str) -> int:
    """The permissions the new file gets: the old file's, else read for all, write for the owner."""
    try:
        return os.stat(target).st_mode & 0o777
    except OSError:
        return 0o644


def replace_atomically(path: str | os.PathLike[str], write: Callable[[IO[bytes]], None]) -> None:
    """Write a file through ``write`` into a temporary file in the same folder, then rename it.

    Readers see the old file or the new one, never half of one; on any failure the
    temporary file is removed and the old file is left as it was.

    Examples:
        >>> import pathlib, tempfile
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.bin"
        >>> replace_atomically(target, lambda f: f.write(b"new"))
        >>> target.read_bytes()
        b'new'
    """
    target = os.path.abspath(os.fspath(path))
    folder = os.path.dirname(target)
    handle, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, _mode(target))
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
