"""Opening files to read: regular files only, never blocking, impossible paths as LoadError.

Every reader of the package that is given a path opens it here.  A FIFO, a device or
a socket is refused without waiting for a writer (the file is opened non-blocking and
checked with :func:`os.fstat` before a byte is read, so nothing can be swapped in
between); a directory is reported as a directory; a path holding a NUL character, or
too long for the file system, is a :class:`~commit_mef.errors.LoadError` like any
other unreadable input.  A missing or unreadable file stays an :class:`OSError`
(``FileNotFoundError``, ``PermissionError``), as the standard library reports it.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

from commit_mef.errors import InvalidTypeError, LoadError, Problem

__all__ = ["check_inside", "open_regular"]

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _refuse(name: str, message: str, code: str = "invalid") -> LoadError:
    return LoadError([Problem("$", message, code=code)], source=name)


def _name(path: object) -> str:
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidTypeError(
            f"expected a file path (str or os.PathLike), got {type(path).__name__}"
        )
    name = os.fspath(path)
    if not isinstance(name, str):
        raise InvalidTypeError(f"expected a text path, got {type(name).__name__}")
    if "\x00" in name:
        raise _refuse(
            repr(name),
            "the path holds a NUL character, which no file name can; check how it was built",
        )
    return name


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open ``path`` for reading in binary, if it is a regular file; never blocks.

    Args:
        path: The file.

    Returns:
        The open file (the caller closes it).

    Raises:
        LoadError: the path is a directory, a FIFO, a device or a socket, holds a NUL
            character or is too long; the error's ``source`` is the path.
        OSError: the file does not exist or cannot be opened (``FileNotFoundError``...).

    Examples:
        >>> import os, tempfile
        >>> folder = tempfile.mkdtemp()
        >>> open_regular(folder)
        Traceback (most recent call last):
        ...
        commit_mef.errors.LoadError: ...: 1 problem
          ... is a directory, not a file; name a file inside it @ $
        >>> fifo = os.path.join(folder, "pipe")
        >>> os.mkfifo(fifo)
        >>> open_regular(fifo)
        Traceback (most recent call last):
        ...
        commit_mef.errors.LoadError: ...pipe: 1 problem
          ... is a named pipe (FIFO), not a regular file; read from a file ... @ $
    """
    name = _name(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(name, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise _refuse(name, "the path is too long for the file system; shorten it") from None
        if os.path.isdir(name):  # Windows cannot open a folder at all
            raise _refuse(
                name, f"{name} is a directory, not a file; name a file inside it"
            ) from None
        raise
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode):
            raise _refuse(name, f"{name} is a directory, not a file; name a file inside it")
        if not stat.S_ISREG(mode):
            kind = next((what for test, what in _KINDS if test(mode)), "not a regular file")
            raise _refuse(
                name,
                f"{name} is {kind}, not a regular file; read from a file (or pass an open "
                "stream to read from it)",
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(handle, True)
        return os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise


def check_inside(folder: str | os.PathLike[str], member: str, *, source: str) -> str:
    """The path of ``member`` inside ``folder``, refused if it resolves outside it.

    Symbolic links are resolved first, so a member linked to a file elsewhere is
    refused without being opened, and the message does not name the target.

    Raises:
        LoadError: the member resolves outside the folder.

    Examples:
        >>> import os, tempfile
        >>> folder = tempfile.mkdtemp()
        >>> os.symlink("/etc/hostname", os.path.join(folder, "data.csv"))
        >>> check_inside(folder, "data.csv", source="pkg")
        Traceback (most recent call last):
        ...
        commit_mef.errors.LoadError: pkg: 1 problem
          data.csv leads outside the package folder (a link); copy the file into the folder @ $
    """
    base = os.path.realpath(_name(folder))
    target = os.path.realpath(os.path.join(base, _name(member)))
    if os.path.commonpath([base, target]) != base:
        raise _refuse(
            source,
            f"{member} leads outside the package folder (a link); copy the file into the folder",
        )
    return target
