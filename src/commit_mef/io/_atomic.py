"""Atomic file replacement: write beside the target, then rename over it in one step.

Every writer of the package that is given a path goes through :func:`atomic_files`:
the new content goes to a temporary file in the target's own folder (so the rename
never crosses a file system), is flushed to disk, and only then replaces the target
with :func:`os.replace`.  Readers see the old file or the new one, never half of one;
on any failure (an invalid row, a full disk, an interrupt) the temporary files are
removed and the old files are left as they were.  Several files (a Data Package's CSV
and its descriptor) are all written first and replaced in the order given, the
descriptor last.
"""

from __future__ import annotations

import contextlib
import io as stdio
import os
import tempfile
from collections.abc import Callable, Iterator
from typing import IO

__all__ = ["atomic_files", "atomic_text", "atomic_text_files", "replace_atomically"]


def _mode(target: str) -> int:
    """The permissions the new file gets: the old file's, else read for all, write for the owner."""
    try:
        return os.stat(target).st_mode & 0o777
    except OSError:
        return 0o644


def _sync_folder(folder: str) -> None:
    """Make the renames themselves durable, where the platform allows it (POSIX)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open a folder
        return
    try:
        os.fsync(handle)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(handle)


@contextlib.contextmanager
def atomic_files(*paths: str | os.PathLike[str]) -> Iterator[tuple[IO[bytes], ...]]:
    """Open a temporary file beside each path; on success replace the paths in order.

    Args:
        paths: The files to write, in the order they are replaced (a descriptor last).

    Examples:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> with atomic_files(folder / "data.csv", folder / "meta.json") as (data, meta):
        ...     _ = data.write(b"a,b")
        ...     _ = meta.write(b"{}")
        >>> sorted(p.name for p in folder.iterdir())
        ['data.csv', 'meta.json']
    """
    targets = [os.path.abspath(os.fspath(p)) for p in paths]
    temps: list[str] = []
    raws: list[IO[bytes]] = []
    try:
        for target in targets:
            folder, name = os.path.split(target)
            handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            temps.append(temp)
            raws.append(os.fdopen(handle, "wb"))
        yield tuple(raws)
        for raw in raws:
            raw.flush()
            os.fsync(raw.fileno())
        for target, temp in zip(targets, temps, strict=True):
            os.chmod(temp, _mode(target))
        for target, temp in list(zip(targets, temps, strict=True)):
            os.replace(temp, target)
            temps.remove(temp)
        for folder in dict.fromkeys(os.path.dirname(t) for t in targets):
            _sync_folder(folder)
    finally:
        for raw in raws:
            with contextlib.suppress(OSError):
                raw.close()
        for temp in temps:  # left only on failure
            with contextlib.suppress(OSError):
                os.unlink(temp)


@contextlib.contextmanager
def atomic_text_files(*paths: str | os.PathLike[str]) -> Iterator[tuple[IO[str], ...]]:
    """As :func:`atomic_files`, with UTF-8 text handles (``newline=""``).

    Examples:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> with atomic_text_files(folder / "a.csv", folder / "b.json") as (a, b):
        ...     _ = a.write("x,y")
        ...     _ = b.write("{}")
        >>> (folder / "a.csv").read_text()
        'x,y'
    """
    with atomic_files(*paths) as raws:
        wrappers = [stdio.TextIOWrapper(r, encoding="utf-8", newline="") for r in raws]
        try:
            yield tuple(wrappers)
            for wrapper in wrappers:
                wrapper.flush()
        finally:
            for wrapper in wrappers:
                with contextlib.suppress(Exception):  # detached, so the raw file stays open
                    wrapper.detach()


@contextlib.contextmanager
def atomic_text(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """One text file (UTF-8, ``newline=""``) written atomically; see :func:`atomic_files`.

    Examples:
        >>> import pathlib, tempfile
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
        >>> with atomic_text(target) as out:
        ...     _ = out.write("new")
        >>> target.read_text()
        'new'
    """
    with atomic_text_files(path) as (handle,):
        yield handle


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
    with atomic_files(path) as (handle,):
        write(handle)
