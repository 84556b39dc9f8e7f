"""Observation tables as records: a JSON list of flat objects, one per observation, for web clients.

A record has the keys of the CSV columns (:mod:`commit_mef.io._csv`), each holding a
JSON value of its own kind instead of text::

    {"indicator": "victims.identified", "country": "KHM", "period": "2014",
     "kind": "number", "value": "440", "currency": null, "unit": "person",
     "basis": "total", "id": null, "subset_of": null, "same_as": null,
     "recipient": null, "as_written": null, "approximate": false, "bound": null,
     "stated": null, "source": {"document": "spa3-final-report", ...},
     "flags": null, "details": null, "dim.sex": "female"}

``value`` is a decimal string for ``number`` and ``money`` (JSON integers are read
too), ``true``/``false`` for ``bool``, a string for ``text`` and ``null`` for
``none``; ``approximate`` is a boolean; ``stated``, ``source``, ``flags`` and
``details`` hold the same JSON as in a :func:`commit_mef.io.dumps` document.
Keys may be left out when their value is ``null`` (``indicator``, ``country`` and
``kind`` are required).  Problems are located as ``$[3].value``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from commit_mef.errors import LoadError, Problem
from commit_mef.io._csv import COLUMNS, JSON_FIELDS, RowReader, check_table
from commit_mef.io._csv import to_records as _typed_rows
from commit_mef.io._json import Limits, parse_json

if TYPE_CHECKING:
    from commit_mef.observations import Observation, ObservationTable

__all__ = ["from_records", "to_records"]

_DIM = "dim."
_REQUIRED = ("indicator", "country", "kind")
_MAX_PROBLEMS = 100


def to_records(table: ObservationTable) -> list[dict[str, Any]]:
    """An observation table as records: one flat JSON-ready object per observation.

    Every record has the same keys, those of the CSV columns (``indicator``,
    ``country``, ``period``, ``kind``, ``value``, ... and ``dim.<dimension>``), each
    holding a JSON value of its kind: ``value`` is a decimal string for numbers
    and money, ``true``/``false`` for a yes/no, a string for a text; ``source`` and
    ``flags`` hold the objects :func:`dumps` writes.  Pass the list to
    :func:`json.dumps` for a web client; :func:`from_records` reads it back.

    Raises:
        TypeError: ``table`` is not an :class:`~commit_mef.ObservationTable`.
        ValidationError: a disaggregation code is the empty string.

    Examples:
        >>> from commit_mef import ObservationTable, io
        >>> table = ObservationTable.from_columns(indicator="x", country=["KHM", "LAO"],
        ...     period=2014, magnitude=[5, 7], unit="person")
        >>> rows = io.to_records(table)
        >>> {k: rows[1][k] for k in ("indicator", "country", "period", "kind", "value", "unit")}
        {'indicator': 'x', 'country': 'LAO', 'period': '2014', 'kind': 'number', 'value': '7', 'unit': 'person'}
        >>> io.from_records(rows) == table
        True
    """
    table = check_table(table)
    _header, rows = _typed_rows(table)
    out = []
    for row in rows:
        record = dict(row)
        if isinstance(record["value"], Decimal):
            record["value"] = str(record["value"])
        for name in JSON_FIELDS:
            cell = record[name]
            record[name] = None if cell is None else json.loads(cell)
        out.append(record)
    return out


def _place(line: int, column: str | None) -> str:
    """The pointer of a record or one of its keys (``/3/value``; its human form ``$[3].value``)."""
    if column is None:
        return f"/{line}"
    return f"/{line}/" + column.replace("~", "~0").replace("/", "~1")


def _cell(name: str, kind: object, value: object) -> str | None:
    """The CSV text of one record value, or ``None`` when its JSON kind is wrong for the key."""
    if value is None:
        return ""
    if name in JSON_FIELDS:
        return json.dumps(value, ensure_ascii=False)
    takes_bool = name == "approximate" or (name == "value" and kind == "bool")
    if takes_bool:
        return ("true" if value else "false") if type(value) is bool else None
    if name == "value" and kind in ("number", "money") and type(value) is int:
        return str(value)
    return value if type(value) is str else None


_EXPECTED = {
    "approximate": "true, false or null",
    "value": {
        "bool": "true or false",
        "number": 'a decimal number as a string ("440")',
        "money": 'a decimal number as a string ("440")',
    },
}


def _expected(name: str, kind: object) -> str:
    if name == "value":
        by_kind: dict[str, str] = _EXPECTED["value"]  # type: ignore[assignment]
        return by_kind.get(str(kind), "a string or null")
    found = _EXPECTED.get(name)
    return found if isinstance(found, str) else "a string or null"


def _cells(i: int, record: dict[str, Any], problems: list[Problem]) -> dict[str, str] | None:
    before = len(problems)
    kind = record.get("kind")
    cells: dict[str, str] = {}
    for name, value in record.items():
        if name not in COLUMNS and not name.startswith(_DIM):
            problems.append(
                Problem(
                    _place(i, name),
                    f"unknown key; the keys are {', '.join(COLUMNS)} and dim.<dimension>",
                )
            )
            continue
        cell = _cell(name, kind, value)
        if cell is None:
            from commit_mef.io._converter import describe

            problems.append(
                Problem(_place(i, name), f"expected {_expected(name, kind)}, got {describe(value)}")
            )
            continue
        cells[name] = cell
    problems.extend(
        Problem(_place(i, name), "required key missing; add it")
        for name in _REQUIRED
        if name not in record
    )
    return cells if len(problems) == before else None


def from_records(
    data: Sequence[dict[str, Any]] | str | bytes,
    *,
    limits: Limits | None = None,
    source: str | None = None,
) -> ObservationTable:
    """Read an observation table from records (see :func:`to_records`).

    Args:
        data: The records: a list of objects already parsed (a web framework's
            request JSON), or JSON text or bytes holding that list.
        limits: Size limits for untrusted input (:meth:`Limits.service` for a
            service); the number of records is bounded by ``max_rows``.
        source: A name for the input in error messages.

    Returns:
        The table, whole and valid.

    Raises:
        LoadError: Every problem found, each located as ``$[3].value``; nothing is returned.

    Examples:
        >>> from commit_mef import io
        >>> len(io.from_records('[{"indicator": "x", "country": "KHM", "kind": "number", "value": "5"}]'))
        1
        >>> io.from_records([{"indicator": "x", "country": "KHM", "kind": "number", "value": 5.5}])
        Traceback (most recent call last):
        ...
        commit_mef.errors.LoadError: 1 problem
          expected a decimal number as a string ("440"), got the number 5.5 @ $[0].value
    """
    from commit_mef.observations import ObservationTable

    limits = limits or Limits()
    value: Any = (
        parse_json(data, source=source, limits=limits) if isinstance(data, (str, bytes)) else data
    )
    if not isinstance(value, (list, tuple)):
        raise LoadError(
            [Problem("$", "expected an array of records (one object per observation)")],
            source=source,
        )
    if len(value) > limits.max_rows:
        raise LoadError(
            [
                Problem(
                    "$",
                    f"{len(value):,} records exceed the limit of {limits.max_rows:,}; "
                    "raise Limits.max_rows if you trust the input",
                )
            ],
            source=source,
        )
    dims = sorted({k for r in value if isinstance(r, dict) for k in r if k.startswith(_DIM)})
    reader = RowReader(source or "<records>", [*COLUMNS, *dims], place=_place)
    out: list[Observation] = []
    for i, record in enumerate(value):
        if len(reader.problems) >= _MAX_PROBLEMS:
            break
        if not isinstance(record, dict):
            reader.problems.append(Problem(_place(i, None), "expected an object (a record)"))
            continue
        cells = _cells(i, record, reader.problems)
        if cells is None:
            continue
        obs = reader.observation(i, cells)
        if obs is not None:
            out.append(obs)
    if reader.problems:
        raise LoadError(reader.problems, source=source)
    return ObservationTable.from_rows(out)
