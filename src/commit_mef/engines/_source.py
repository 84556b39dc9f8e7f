"""Observation tables that live in an engine: Parquet on DuckDB, a DataFrame on Spark, any Ibis table."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from commit_mef._validators import check_path
from commit_mef.errors import InvalidTypeError, LoadError, Problem, ValidationError

if TYPE_CHECKING:
    from commit_mef.observations import ObservationTable

__all__ = ["Source", "duckdb", "from_ibis", "ibis_module", "spark"]

#: The text columns the engines read, beyond the required ``indicator`` and ``country``;
#: a source without one of them reads it as empty (null) in every row.
TEXT_COLUMNS = (
    "period",
    "kind",
    "currency",
    "unit",
    "basis",
    "id",
    "subset_of",
    "same_as",
    "recipient",
    "as_written",
    "text",
    "bound",
    "stated",
    "source",
    "flags",
    "details",
)


def ibis_module(extra: str) -> Any:
    """The ``ibis`` module, or an ImportError naming the extra that brings it."""
    try:
        import ibis
    except ImportError:
        raise ImportError(
            f"commit_mef.engines needs Ibis and its backend: pip install 'commit-mef[{extra}]'"
        ) from None
    return ibis


@attrs.frozen
class Source:
    """Observations that live in an engine: an Ibis table in the layout of :func:`commit_mef.io.to_arrow`.

    Build one with :func:`duckdb`, :func:`spark` or :func:`from_ibis`; hand it to
    :func:`commit_mef.engines.aggregate`.  The columns are those
    :func:`commit_mef.io.write_parquet` writes; ``indicator``, ``country`` and
    ``value`` are required, a missing text column is read as empty.

    Attributes:
        table: The Ibis table expression (nothing is computed until a query runs).
        backend: The Ibis backend's name (``"duckdb"``, ``"pyspark"``...).
        parquet: The Parquet files the table reads, as the glob :func:`duckdb` opened
            (``None`` for other tables): their footers tell which columns hold a value,
            and which hold one value in every row, without reading the columns.  Keep
            it only on a table that reads these files as they are (filtered, not
            with columns changed).
        seals: Whether the seals :func:`commit_mef.io.write_parquet` puts in the
            files' footers are taken as the proof that no two figures share a line
            (:func:`duckdb`'s ``seals``).

    Examples:
        >>> import ibis, pyarrow as pa
        >>> from commit_mef import engines
        >>> source = engines.from_ibis(ibis.memtable(pa.table({"indicator": ["x"], "country": ["KHM"], "value": [1]})))
        >>> source.backend, "unit" in source.table.columns
        ('duckdb', True)
    """

    table: Any = attrs.field(repr=False)
    backend: str
    parquet: str | None = None
    seals: bool = True

    def dimensions(self) -> tuple[str, ...]:
        """The disaggregation dimensions the source has a column for (``dim.<name>``), sorted.

        Examples:
            >>> import ibis
            >>> from commit_mef import engines
            >>> import pyarrow as pa
            >>> engines.from_ibis(ibis.memtable(pa.table({"indicator": ["x"], "country": ["KHM"], "value": [1],
            ...     "dim.sex": ["female"]}))).dimensions()
            ('sex',)
        """
        return tuple(sorted(c[4:] for c in self.table.columns if c.startswith("dim.")))

    def to_table(self, indicator: str | None = None) -> ObservationTable:
        """The rows (of one indicator, filtered on the engine) as an in-memory :class:`~commit_mef.ObservationTable`.

        Examples:
            >>> import ibis, pyarrow as pa
            >>> from commit_mef import engines
            >>> source = engines.from_ibis(ibis.memtable(pa.table({"indicator": ["x", "y"],
            ...     "country": ["KHM", "LAO"], "value": [1, 2]})))
            >>> [o.country.name for o in source.to_table("y")]
            ['Lao PDR']
        """
        from commit_mef.io import from_arrow

        table = (
            self.table
            if indicator is None
            else self.table.filter(self.table.indicator == indicator)
        )
        return from_arrow(table.to_pyarrow(), source=f"{self.backend} table")


def from_ibis(table: Any) -> Source:
    """A :class:`Source` from any Ibis table expression in the Parquet layout.

    Raises:
        ValidationError: a required column (``indicator``, ``country``, ``value``) is
            missing, ``value`` holds floats or text rather than exact numbers, or a key
            column holds something other than text.

    Examples:
        >>> import ibis, pyarrow as pa
        >>> from commit_mef import engines
        >>> engines.from_ibis(ibis.memtable(pa.table({"indicator": ["x"], "country": ["KHM"]})))
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: engine table: the column 'value' is missing; write the data with commit_mef.io.write_parquet (its layout has indicator, country, period, value, ...)
    """
    from commit_mef.errors import ValidationError

    ibis = ibis_module("duckdb")
    if not isinstance(table, ibis.Table):
        raise InvalidTypeError(f"expected an Ibis table expression, got {type(table).__name__}")
    for name in ("indicator", "country", "value"):
        if name not in table.columns:
            raise ValidationError(
                f"the column {name!r} is missing; write the data with "
                "commit_mef.io.write_parquet (its layout has indicator, country, period, value, ...)",
                path="engine table",
            )
    _check_types(table)
    missing: dict[str, Any] = {
        name: ibis.null().cast("string") for name in TEXT_COLUMNS if name not in table.columns
    }
    if "kind" in missing:  # inferred as io.from_arrow infers it
        missing["kind"] = ibis.cases(
            (table.value.isnull(), "none"),
            (table.currency.notnull() if "currency" in table.columns else False, "money"),
            else_="number",
        )
    if "approximate" not in table.columns:
        missing["approximate"] = ibis.literal(False)
    if missing:
        table = table.mutate(**missing)
    backend = table._find_backend(use_default=True).name
    return Source(table=table, backend=backend)


def _check_types(table: Any) -> None:
    """Exact numbers in ``value`` and text in the key columns, as :func:`commit_mef.io.from_arrow` reads them."""
    schema = table.schema()
    value = schema["value"]
    if not (value.is_decimal() or value.is_integer() or value.is_null()):
        raise ValidationError(
            f"the column 'value' holds {value}; the engines add exact numbers: store amounts "
            "as DECIMAL (or whole numbers as integers), as commit_mef.io.write_parquet does "
            "(floats are inexact), or cast the column (table.mutate(value=table.value.cast("
            "'decimal(38, 2)')))",
            path="engine table",
        )
    for name in ("indicator", "country", *TEXT_COLUMNS):
        kind = schema.get(name)
        if kind is not None and not (kind.is_string() or kind.is_null()):
            raise ValidationError(
                f"the column {name!r} holds {kind}; it holds codes as text (a period as "
                "'2014' or '2014-Q1'): write the data with commit_mef.io.write_parquet, or "
                f"cast the column (table.mutate({name}=table.{name}.cast('string')))",
                path="engine table",
            )


def _parquet_glob(path: str | os.PathLike[str]) -> str:
    text = os.fspath(path)
    if Path(text).is_dir():
        return str(Path(text) / "**" / "*.parquet")
    return text


def duckdb(path: str | os.PathLike[str], *, connection: Any = None, seals: bool = True) -> Source:
    """Parquet files of observations opened on DuckDB: embedded, no server, out of core.

    Args:
        path: A file, a folder (every ``.parquet`` below it, as
            :func:`commit_mef.io.write_parquet` partitions them) or a glob
            (``"observations/*/*/*.parquet"``).
        connection: An Ibis DuckDB connection to use (``ibis.duckdb.connect("work.db",
            memory_limit="8GB")``); a new in-memory one by default, which spills to disk
            when the data outgrow memory.
        seals: Take the seal :func:`commit_mef.io.write_parquet` puts in a file whose
            figures hold each line once as the proof of it, so that checking that no
            budget line holds a period twice (and that no two figures are identical)
            reads the bytes the seal covers, not every row.  A seal holds only while
            those bytes are the ones it was made for; ``False`` checks every row of
            every file.

    Raises:
        ImportError: the ``duckdb`` extra is not installed.
        InvalidTypeError: ``seals`` is not True or False.
        LoadError: no file matches ``path``, or a file is not Parquet.

    Examples:
        >>> import pathlib, tempfile
        >>> from commit_mef import ObservationTable, engines, io
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> io.write_parquet(ObservationTable.from_columns(indicator="x", country=["KHM", "LAO"],
        ...     period=2014, magnitude=[1, 2], unit="person"), folder / "obs", partition_by=("country",))
        >>> engines.duckdb(folder / "obs").table.count().execute()
        2
    """
    ibis = ibis_module("duckdb")
    try:
        import duckdb as duckdb_
    except ImportError:
        raise ImportError(
            "commit_mef.engines.duckdb needs DuckDB: pip install 'commit-mef[duckdb]'"
        ) from None
    check_path(path, "engines.duckdb()")
    if not isinstance(seals, bool):
        raise InvalidTypeError(
            f"engines.duckdb(seals=...) takes True or False, got {type(seals).__name__} {seals!r}"
        )
    con = connection if connection is not None else ibis.duckdb.connect()
    files = _parquet_glob(path)
    try:
        table = con.read_parquet(files, union_by_name=True)
    except duckdb_.Error as exc:
        raise LoadError([Problem("$", _read_problem(exc))], source=os.fspath(path)) from None
    return attrs.evolve(from_ibis(table), parquet=files, seals=seals)


def _read_problem(exc: Exception) -> str:
    """What DuckDB's refusal to open Parquet files says, in the words of :func:`commit_mef.io.read_parquet`."""
    text = str(exc).split("\n", 1)[0]
    if "No files found" in text:
        return "no such file or folder, or no .parquet file in it; check the path"
    return f"not a Parquet file: {text}"


def spark(data: Any, *, session: Any = None) -> Source:
    """Observations on Spark: a PySpark DataFrame in the layout, or Parquet files read by Spark.

    Args:
        data: A ``pyspark.sql.DataFrame``, or a path Spark can read (a folder written by
            :func:`commit_mef.io.write_parquet`, an ``s3a://`` or ``hdfs://`` location).
        session: The ``SparkSession`` (a DataFrame's own session by default, else the
            active one).

    Raises:
        ImportError: the ``spark`` extra is not installed.
        ValidationError: a path is given and no Spark session is active.
    """
    ibis = ibis_module("spark")
    if hasattr(data, "sparkSession") and hasattr(data, "createOrReplaceTempView"):
        session = session or data.sparkSession
        con = ibis.pyspark.connect(session)
        name = f"commit_mef_{id(data):x}"
        data.createOrReplaceTempView(name)
        return from_ibis(con.table(name))
    if session is None:
        from pyspark.sql import SparkSession

        session = SparkSession.getActiveSession()
        if session is None:
            raise ValidationError(
                "no Spark session is active; start one, or pass it as session=",
                path="session",
                hint="session=SparkSession.builder.getOrCreate()",
            )
    frame = session.read.option("mergeSchema", "true").option("recursiveFileLookup", "true")
    return spark(frame.parquet(os.fspath(data)), session=session)
