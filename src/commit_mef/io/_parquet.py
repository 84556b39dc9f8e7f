"""Observation tables as Parquet files: one file, or a folder per partition, written atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commit_mef.errors import LoadError, Problem, ValidationError
from commit_mef.io._arrow import _place_text, _pyarrow, from_arrow, to_arrow
from commit_mef.io._seal import seal

if TYPE_CHECKING:
    from commit_mef.indicators import Indicator
    from commit_mef.observations import ObservationTable

__all__ = ["read_parquet", "write_parquet"]


def _part_name(value: Any) -> str:
    """A partition's folder name: a country's alpha-3, a pair's code, a period's label."""
    if value is None:
        return "_none"
    text = (
        _place_text(value) if hasattr(value, "alpha_3") or hasattr(value, "first") else str(value)
    )
    return text.replace("/", "_")


def write_parquet(
    table: ObservationTable,
    path: str | os.PathLike[str],
    *,
    indicators: Iterable[Indicator] = (),
    partition_by: Sequence[str] = (),
) -> None:
    """Write an observation table as Parquet: one file, or a folder of files per partition.

    Each file is written to a temporary name beside it and renamed into place, so a
    failure leaves no partial file.  With ``partition_by`` (``("country", "period")``)
    ``path`` is a folder and each combination gets ``path/KHM/2014/part-0.parquet``
    (a period's ``/`` written as ``_``); every file keeps every column, so the folder
    reads back with :func:`read_parquet`, or on DuckDB as ``path/*/*/*.parquet``.
    A file whose figures hold each line once (no two rows with a value agree in
    indicator, country, period, recipient and dimensions) is sealed: its footer
    proves it, bound to the bytes of those columns by their SHA-256, so that
    :func:`commit_mef.engines.duckdb` need not read every row to check it (the
    footer's ``commit_mef.distinct`` metadata; a file changed since loses the seal).

    Raises:
        ImportError: pyarrow is not installed (``pip install 'commit-mef[arrow]'``).
        ValidationError: an amount has more than 38 digits, or ``partition_by`` names
            a column other than ``indicator``, ``country`` and ``period``.

    Examples:
        >>> import tempfile, pathlib
        >>> from commit_mef import ObservationTable, io
        >>> table = ObservationTable.from_columns(indicator="x", country=["KHM", "LAO"], period=2014, magnitude=[1, 2], unit="person")
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> io.write_parquet(table, folder / "data", partition_by=("country", "period"))
        >>> sorted(str(p.relative_to(folder / "data")) for p in (folder / "data").rglob("*.parquet"))
        ['KHM/2014/part-0.parquet', 'LAO/2014/part-0.parquet']
        >>> io.read_parquet(folder / "data") == table
        True
    """
    import numpy as np

    from commit_mef.io._csv import check_table
    from commit_mef.observations import _columns as cols_

    table = check_table(table)
    indicators = tuple(indicators)
    target = Path(path)
    if not partition_by:
        _write_one(to_arrow(table, indicators=indicators), target)
        return
    wrong = [p for p in partition_by if p not in ("indicator", "country", "period")]
    if wrong or isinstance(partition_by, str):
        raise ValidationError(
            f"cannot partition by {wrong or partition_by!r}; partition by 'indicator', 'country' "
            "and/or 'period'",
            path="write_parquet(partition_by=...)",
        )
    np_table = table._as_numpy()
    cols = np_table._storage()
    keys = [cols[p] for p in partition_by]
    groups, first, k = cols_.group_codes(((c, len(cats)) for c, cats in keys), len(np_table))
    for g in range(k):
        rows = np.flatnonzero(groups == g)
        folder = target.joinpath(*(_part_name(cats[codes[first[g]]]) for codes, cats in keys))
        part = to_arrow(np_table._take(rows), indicators=indicators, _rows=rows)
        _write_one(part, folder / "part-0.parquet")


def _write_one(data: Any, target: Path) -> None:
    import pyarrow.parquet as pq

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        written: list[Any] = []
        pq.write_table(
            data, temp, metadata_collector=written, use_dictionary=_dictionary_columns(data)
        )
        seal(temp, data, written[0])
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _dictionary_columns(data: Any) -> list[str]:
    """The columns Parquet stores with a dictionary: all but texts with more values than half the rows.

    A dictionary of values nearly all distinct (a recipient or an id on each row) is
    larger than the values stored plainly, and slower to read; the file's Arrow schema
    still gives the column as dictionary-encoded, so it reads back as it was written.
    """
    import pyarrow as pa

    def distinct(column: Any) -> int:
        return max((len(chunk.dictionary) for chunk in column.chunks), default=0)

    return [
        field.name
        for field, column in zip(data.schema, data.columns, strict=True)
        if not pa.types.is_dictionary(field.type) or 2 * distinct(column) <= data.num_rows
    ]


def read_parquet(path: str | os.PathLike[str]) -> ObservationTable:
    """Read a Parquet file, or a folder of them (as :func:`write_parquet` writes), into a table.

    Raises:
        ImportError: pyarrow is not installed (``pip install 'commit-mef[arrow]'``).
        LoadError: the path is missing or not a regular file or folder, or a file does
            not hold observations in the layout (every problem, by column).

    Examples:
        >>> from commit_mef import io
        >>> io.read_parquet("no/such.parquet")
        Traceback (most recent call last):
        ...
        commit_mef.errors.LoadError: no/such.parquet: 1 problem
          no such file or folder; check the path @ $
    """
    _pyarrow()  # the ImportError naming the extra, before the path is looked at

    from commit_mef._validators import check_path

    check_path(path, "read_parquet()")
    if not str(path).strip():
        raise ValidationError(
            "needs the path of a Parquet file or folder, got an empty path", path="path"
        )
    source = Path(path)
    if source.is_dir():
        files = sorted(p for p in source.rglob("*.parquet") if p.is_file() and not p.is_symlink())
    elif source.is_file():
        files = [source]
    else:
        raise LoadError([Problem("$", "no such file or folder; check the path")], source=str(path))
    if not files:
        raise LoadError([Problem("$", "the folder holds no .parquet file")], source=str(path))
    return read_parquet_files(files, source=str(path))


def read_parquet_files(files: Sequence[str | os.PathLike[str]], *, source: str) -> ObservationTable:
    """The rows of some Parquet files as one table, file after file (``source`` names them in errors).

    What :func:`read_parquet` does once it has found the files; the command line calls
    it on the files a glob matches.
    """
    pa = _pyarrow()
    import pyarrow.parquet as pq

    try:
        parts = [pq.read_table(f) for f in files]
    except (OSError, pa.ArrowException) as exc:
        raise LoadError([Problem("$", f"not a Parquet file: {exc}")], source=source) from None
    try:
        data = pa.concat_tables(parts, promote_options="permissive") if len(parts) > 1 else parts[0]
    except pa.ArrowException as exc:
        raise LoadError(
            [Problem("$", f"the files do not share one layout: {exc}")], source=source
        ) from None
    return from_arrow(data, source=source)
