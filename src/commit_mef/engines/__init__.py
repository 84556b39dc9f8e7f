"""The same aggregation rules on DuckDB, Spark or any Ibis backend, for data that outgrow one process.

Write the observations as Parquet (:func:`commit_mef.io.write_parquet`), open them
on an engine, and call :func:`aggregate` as you would :func:`commit_mef.aggregate`:
the same arguments, the same rules, the same errors, the same
:class:`~commit_mef.aggregation.AggregateResult`.  The engine does what needs every
row (counts, exact DECIMAL(38, s) sums, the whole-table checks); Python finishes
the few combinations exactly.  Ibis (``ibis-framework``) compiles the one
implementation to each backend; nothing here is imported by ``import commit_mef``.

* :func:`duckdb` opens Parquet files on an embedded DuckDB (the ``duckdb`` extra);
* :func:`spark` takes a PySpark DataFrame or a path Spark reads (the ``spark`` extra);
* :func:`from_ibis` takes any Ibis table in the layout.

Examples:
    >>> import pathlib, tempfile
    >>> from commit_mef import ObservationTable, aggregate, engines, io
    >>> from commit_mef.indicators import Indicator
    >>> trained = Indicator(id="trained", name="People trained", kind="count", unit="person")
    >>> table = ObservationTable.from_columns(indicator="trained", country=["LAO", "LAO", "KHM"],
    ...     period=[2013, 2014, 2014], magnitude=[78, 440, 401], unit="person")
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> io.write_parquet(table, folder / "obs", partition_by=("country", "period"))
    >>> on_duckdb = engines.aggregate(engines.duckdb(folder / "obs"), trained, by=("country",))
    >>> on_duckdb == aggregate(table, trained, by=("country",))
    True
    >>> on_duckdb.value(table[0].country)
    Decimal('518')
"""

from commit_mef.engines._run import aggregate
from commit_mef.engines._source import Source, duckdb, from_ibis, spark

__all__ = ["Source", "aggregate", "duckdb", "from_ibis", "spark"]
