"""The writer's proof that a Parquet file holds each line of figures once, sealed to the bytes it covers.

Two of the aggregation rules must read every row to be checked: no budget line
(country, recipient, dimensions) holds a period twice, and no two figures are
identical.  In process that is cheap; on an engine over files larger than memory the
line's text columns are most of what the rules read (:mod:`commit_mef.engines`).
:func:`commit_mef.io.write_parquet` has the rows in hand, so it proves the rule once,
as it writes each file: when no two rows that hold a value (``kind`` other than
``none``) agree in the :func:`line_columns` (``indicator``, ``country``, ``period``,
``recipient`` and every ``dim.*`` column), the file's footer gets a seal (metadata key
``commit_mef.distinct``): those columns, and the SHA-256 digest of the bytes of their
column chunks and of ``kind``'s, with their row counts and statistics.

:func:`distinct_columns` reads the seals of a set of files back: a seal holds only
while the digest of the bytes it names is the one it gives, so a file changed by any
tool since (a row added, a value edited, a file rewritten whose metadata carried the
seal along) has none, and its rows are checked as any file's are.  Rows of two files
differ where a sealed column holds one value in every row of each, and a different
one (files partitioned by country and period); files that share every such value
have no proof between them.  The digest reads a file's line columns as stored
(compressed, not decoded), several times faster than the engine reads them.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import io as stdio
import json
import os
from collections.abc import Sequence
from typing import Any

__all__ = ["SEAL_KEY", "distinct_columns", "line_columns", "seal", "verify"]

#: The footer's metadata key of the seal.
SEAL_KEY = b"commit_mef.distinct"
#: The columns of a line of figures, before the ``dim.*`` ones.
_LINE = ("indicator", "country", "period", "recipient")
#: What the seal's rows are: those with a value.
_AMONG = "kind != 'none'"


def line_columns(names: Sequence[str]) -> tuple[str, ...]:
    """The columns a seal proves distinct, of those a file has: its line's, then its dimensions'.

    Examples:
        >>> line_columns(["indicator", "country", "period", "value", "recipient", "dim.sex"])
        ('indicator', 'country', 'period', 'recipient', 'dim.sex')
    """
    return (
        *(c for c in _LINE if c in names),
        *sorted(c for c in names if c.startswith("dim.")),
    )


def _proved(data: Any, columns: tuple[str, ...]) -> bool:
    """Whether no two rows of ``data`` that hold a value agree in every one of ``columns``."""
    import pyarrow.compute as pc

    valued = (
        data.filter(pc.not_equal(data["kind"], "none")) if "kind" in data.schema.names else data
    )
    if valued.num_rows < 2:
        return True
    groups = valued.select(list(columns)).group_by(list(columns)).aggregate([])
    return bool(groups.num_rows == valued.num_rows)


def seal(path: str | os.PathLike[str], data: Any, metadata: Any) -> bool:
    """Seal the Parquet file at ``path`` (just written from ``data``, its footer ``metadata``) if it holds each line once.

    The footer is written again, with the seal in its metadata; the column chunks stay
    where they are.  Returns whether the file was sealed.

    Examples:
        >>> import pathlib, tempfile, pyarrow as pa, pyarrow.parquet as pq
        >>> rows = pa.table({"indicator": ["x", "x"], "country": ["KHM", "LAO"], "kind": ["number"] * 2})
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "one.parquet"
        >>> written = []
        >>> pq.write_table(rows, path, metadata_collector=written)
        >>> seal(path, rows, written[0]), verify(path)
        (True, ('indicator', 'country'))
    """
    import pyarrow.parquet as pq

    columns = line_columns(data.schema.names)
    if "country" not in columns or not _proved(data, columns):
        return False
    digest = _digest(path, metadata, columns)
    text = json.dumps({"distinct": list(columns), "among": _AMONG, "sha256": digest})
    schema = data.schema.with_metadata({**(data.schema.metadata or {}), SEAL_KEY: text.encode()})
    footer = stdio.BytesIO()
    pq.write_metadata(schema, footer, metadata_collector=[metadata])
    raw = footer.getvalue()  # b"PAR1", the footer, its length, b"PAR1"
    with open(path, "r+b") as f:
        size = f.seek(0, os.SEEK_END)
        f.seek(size - 8)
        tail = f.read(8)
        start = size - 8 - int.from_bytes(tail[:4], "little")
        f.truncate(start)
        f.seek(start)
        f.write(raw[4:])
    return True


def _covered(columns: Sequence[str], names: Sequence[str]) -> list[str]:
    """The columns a seal's digest covers: the sealed ones and ``kind`` (which rows hold a value)."""
    return sorted({*columns, "kind"} & set(names))


def _digest(path: str | os.PathLike[str], metadata: Any, columns: Sequence[str]) -> str:
    """The SHA-256 of the column chunks of ``columns`` and ``kind``: their place, rows, statistics and bytes."""
    names = [metadata.schema.column(i).path for i in range(metadata.num_columns)]
    covered = [(name, names.index(name)) for name in _covered(columns, names)]
    h = hashlib.sha256(f"{metadata.num_rows};{metadata.num_row_groups};".encode())
    with open(path, "rb") as f:
        for g in range(metadata.num_row_groups):
            group = metadata.row_group(g)
            for name, i in covered:
                chunk = group.column(i)
                start = (
                    chunk.dictionary_page_offset
                    if chunk.has_dictionary_page
                    else chunk.data_page_offset
                )
                length = chunk.total_compressed_size
                h.update(repr((g, name, start, length, chunk.num_values, _stats(chunk))).encode())
                f.seek(start)
                h.update(f.read(length))
    return h.hexdigest()


def _stats(chunk: Any) -> tuple[Any, ...]:
    s = chunk.statistics
    if s is None:
        return ()
    return (s.null_count, s.min, s.max) if s.has_min_max else (s.null_count,)


def _read_seal(path: str | os.PathLike[str]) -> tuple[tuple[str, ...], Any] | None:
    """The columns a file's intact seal proves distinct, with its footer; None without one."""
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_metadata(path)
        text = (metadata.metadata or {}).get(SEAL_KEY)
        if text is None:
            return None
        found = json.loads(text)
        columns = tuple(found["distinct"])
        names = metadata.schema.names
        if found.get("among") != _AMONG or not set(columns) <= set(names):
            return None
        if _digest(path, metadata, columns) != found["sha256"]:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return columns, metadata


def verify(path: str | os.PathLike[str]) -> tuple[str, ...] | None:
    """The columns on which the file's rows with a value are proven distinct by its intact seal, else None.

    Examples:
        >>> import pathlib, tempfile
        >>> from commit_mef import ObservationTable, io
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "obs.parquet"
        >>> io.write_parquet(ObservationTable.from_columns(indicator="x", country=["KHM", "LAO"], magnitude=[1, 2], unit="person"), path)
        >>> verify(path)
        ('indicator', 'country', 'period', 'recipient')
        >>> with open(path, "r+b") as f:  # one byte of the country column changed
        ...     _ = f.seek(4); _ = f.write(b"?")
        >>> verify(path) is None
        True
    """
    found = _read_seal(path)
    return None if found is None else found[0]


def _constants(metadata: Any, columns: Sequence[str]) -> dict[str, Any]:
    """The sealed columns with one value and no null in every row group of a file, with that value."""
    names = metadata.schema.names
    out: dict[str, Any] = {}
    for name in columns:
        i = names.index(name)
        values = set()
        for g in range(metadata.num_row_groups):
            s = metadata.row_group(g).column(i).statistics
            if s is None or not s.has_min_max or s.null_count != 0 or s.min != s.max:
                break
            values.add(s.min)
        else:
            if len(values) == 1:
                out[name] = values.pop()
    return out


def distinct_columns(files: Sequence[str | os.PathLike[str]]) -> tuple[str, ...] | None:
    """The columns on which the rows with a value of all ``files`` are proven distinct by their seals, else None.

    Every file must have an intact seal; two files must differ in the value a sealed
    column holds in every row of both (their partition), else nothing is proven
    between them.  The union of the files' sealed columns is proven: a column a file
    lacks is empty in each of its rows.  The digests are read on as many threads as
    the machine has cores.

    Examples:
        >>> import pathlib, tempfile
        >>> from commit_mef import ObservationTable, io
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> table = ObservationTable.from_columns(indicator="x", country=["KHM", "LAO"], period=2014, magnitude=[1, 2], unit="person")
        >>> io.write_parquet(table, folder / "obs", partition_by=("country", "period"))
        >>> distinct_columns(sorted((folder / "obs").rglob("*.parquet")))
        ('indicator', 'country', 'period', 'recipient')
        >>> io.write_parquet(table, folder / "again.parquet")  # the same rows in a third file
        >>> distinct_columns([*sorted((folder / "obs").rglob("*.parquet")), folder / "again.parquet"]) is None
        True
    """
    if not files:
        return None
    workers = min(len(files), os.cpu_count() or 1)
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:  # hashlib lets go of the GIL
        found = list(pool.map(_read_seal, files))
    if any(f is None for f in found):
        return None
    sealed = [f for f in found if f is not None]
    names = {c for columns, _ in sealed for c in columns}
    columns = line_columns(sorted(names))
    if len(sealed) > 1:
        constants = [_constants(metadata, cols) for cols, metadata in sealed]
        shared = sorted(set.intersection(*(set(c) for c in constants)))
        keys = {tuple(c[name] for name in shared) for c in constants}
        if not shared or len(keys) != len(sealed):
            return None
    return columns
