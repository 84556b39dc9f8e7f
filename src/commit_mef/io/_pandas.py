"""Observation tables as pandas DataFrames, typed, and back (pandas imported on first use)."""

from __future__ import annotations

import io as stdio
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from commit_mef.errors import InvalidTypeError
from commit_mef.io._csv import CsvWriter, check_table, read_rows, text_cell, to_records
from commit_mef.io._json import Limits

if TYPE_CHECKING:
    import pandas

    from commit_mef.observations import ObservationTable

__all__ = ["from_pandas", "to_pandas"]


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(
            "commit_mef.io.to_pandas() and from_pandas() need pandas: "
            "pip install 'commit-mef[pandas]'"
        ) from None
    return pd


def to_pandas(table: ObservationTable) -> pandas.DataFrame:
    """An observation table as a pandas DataFrame, one row per observation.

    The columns are those of :func:`write_csv`, typed: key columns are
    categoricals, ``value`` holds the exact :class:`~decimal.Decimal` (the money
    amount for money), the ``bool`` or the text, ``approximate`` is boolean,
    and absent cells are ``None``.  :func:`from_pandas` reads it back exactly.

    Raises:
        ImportError: pandas is not installed (``pip install 'commit-mef[pandas]'``).

    Examples:
        >>> from commit_mef import ObservationTable, io
        >>> table = ObservationTable.from_columns(indicator="x", country=["KHM", "LAO"], magnitude=[150, 5], exponent=-2, currency="USD")
        >>> df = io.to_pandas(table)
        >>> df[["country", "kind", "value", "currency"]].values.tolist()
        [['KHM', 'money', Decimal('1.5'), 'USD'], ['LAO', 'money', Decimal('0.05'), 'USD']]
        >>> io.from_pandas(df) == table
        True
    """
    pandas_module = _pandas()
    table = check_table(table)
    header, records = to_records(table)
    rows = list(records)
    frame: pandas.DataFrame = pandas_module.DataFrame(
        {name: pandas_module.Series([r[name] for r in rows], dtype=object) for name in header}
    )
    for name in ("indicator", "country", "period", "kind", "currency", "unit", "basis"):
        frame[name] = frame[name].astype("category")
    frame["approximate"] = frame["approximate"].astype(bool)
    return frame


def from_pandas(frame: pandas.DataFrame) -> ObservationTable:
    """Read back a DataFrame made by :func:`to_pandas` (or one with the same columns).

    Raises:
        ImportError: pandas is not installed (``pip install 'commit-mef[pandas]'``).
        LoadError: Every problem found, each located by row and column.

    Examples:
        >>> import pandas as pd
        >>> from commit_mef import io
        >>> frame = pd.DataFrame({"indicator": ["x"], "country": ["Lao PDR"], "kind": ["number"], "value": ["440"]})
        >>> [o.value for o in io.from_pandas(frame)]
        [Decimal('440')]
    """
    pd = _pandas()
    if not isinstance(frame, pd.DataFrame):
        raise InvalidTypeError(f"from_pandas() takes a DataFrame, got {type(frame).__name__}")
    header = [str(c) for c in frame.columns]
    buffer = stdio.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(header)
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_frame_cell(v, pd) for v in row])
    return read_rows(buffer.getvalue(), "DataFrame", Limits())


def _frame_cell(value: Any, pd: Any) -> str:
    if hasattr(value, "item") and not isinstance(value, (str, Decimal)):
        value = value.item()  # numpy scalars as Python values
    if value is None or (not isinstance(value, (str, bytes, Iterable)) and pd.isna(value)):
        return ""
    return text_cell(value)
