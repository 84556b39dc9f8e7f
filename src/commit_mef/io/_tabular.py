"""Observation tables as CSV, as a Frictionless-style Data Package, and as pandas DataFrames.

One row per observation; the columns (in this order) are:

``indicator``, ``country`` (alpha-3, or ``KHM+VNM`` for a pair), ``period`` (its
``str`` form, empty when unknown), ``kind`` (``number``, ``money``, ``bool``,
``text`` or ``none``), ``value`` (the exact decimal, the money amount, ``true`` /
``false``, the text, or empty), ``currency`` (for money), ``unit``, ``basis``,
``id``, ``subset_of``, ``recipient``, ``as_written``, ``approximate`` (``true`` /
``false``), ``stated``, ``source``, ``flags`` and ``details`` (each a small JSON
document, empty when absent), then ``dim.<dimension>`` per disaggregation
dimension.  An empty cell means "absent"; ``kind`` tells an empty text from no value.
"""

from __future__ import annotations

import csv
import io as stdio
import json
import os
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commit_mef.errors import CommitMefError, LoadError, Problem, ValidationError
from commit_mef.io._json import Limits, decode, parse_json

if TYPE_CHECKING:
    import pandas

    from commit_mef.observations import Observation, ObservationTable

__all__ = [
    "from_pandas",
    "read_csv",
    "read_datapackage",
    "to_pandas",
    "write_csv",
    "write_datapackage",
]

COLUMNS = (
    "indicator",
    "country",
    "period",
    "kind",
    "value",
    "currency",
    "unit",
    "basis",
    "id",
    "subset_of",
    "recipient",
    "as_written",
    "approximate",
    "stated",
    "source",
    "flags",
    "details",
)
_TEXT_FIELDS = ("unit", "id", "subset_of", "recipient", "as_written")
_JSON_FIELDS = ("stated", "source", "flags", "details")
_DIM = "dim."
_KINDS = ("none", "number", "money", "bool", "text")
RESOURCE = "observations.csv"


# -- writing ------------------------------------------------------------------------------------
def _check_table(table: object) -> ObservationTable:
    from commit_mef.observations import ObservationTable

    if not isinstance(table, ObservationTable):
        raise TypeError(f"expected an ObservationTable, got {type(table).__name__}")
    return table


def _record(obs: Observation, dims: tuple[str, ...]) -> dict[str, Any]:
    """One observation as typed cells (the pandas form); ``_cell`` makes CSV text of them."""
    from commit_mef.io._converter import converter
    from commit_mef.money import Money

    conv = converter()
    value: Any = obs.value
    cell: Any
    if value is None:
        kind, cell, currency = "none", None, None
    elif isinstance(value, bool):
        kind, cell, currency = "bool", value, None
    elif isinstance(value, Money):
        kind, cell, currency = "money", value.amount, value.currency.code
    elif isinstance(value, Decimal):
        kind, cell, currency = "number", value, None
    else:
        kind, cell, currency = "text", value, None
    place = obs.country
    record: dict[str, Any] = {
        "indicator": obs.indicator,
        "country": getattr(place, "code", None) or place.alpha_3,  # type: ignore[union-attr]
        "period": None if obs.period is None else str(obs.period),
        "kind": kind,
        "value": cell,
        "currency": currency,
        "unit": obs.unit,
        "basis": obs.basis.value,
        "id": obs.id,
        "subset_of": obs.subset_of,
        "recipient": obs.recipient,
        "as_written": obs.as_written,
        "approximate": obs.approximate,
        "stated": _json_cell(conv.unstructure(obs.stated), obs.stated is None),
        "source": _json_cell(conv.unstructure(obs.source), obs.source is None),
        "flags": _json_cell(conv.unstructure(obs.flags), not obs.flags),
        "details": _json_cell([list(p) for p in obs.details], not obs.details),
    }
    given = dict(obs.disaggregation)
    for dim in dims:
        code = given.get(dim)
        if code == "":
            raise ValidationError(
                f"dimension {dim!r} has an empty code, which a CSV cell cannot tell from "
                "'not broken down'; give the code a name",
                path=f"disaggregation[{dim!r}]",
            )
        record[_DIM + dim] = code
    return record


def _json_cell(value: Any, absent: bool) -> str | None:
    return None if absent else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _records(table: ObservationTable) -> tuple[tuple[str, ...], Iterator[dict[str, Any]]]:
    dims = tuple(table.dimensions)
    header = (*COLUMNS, *(_DIM + d for d in dims))
    return header, (_record(obs, dims) for obs in table)


def _write(table: ObservationTable, handle: Any) -> tuple[str, ...]:
    header, records = _records(table)
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    for record in records:
        writer.writerow([_cell(record[name]) for name in header])
    return header


def write_csv(table: ObservationTable, path: str | os.PathLike[str]) -> None:
    """Write an observation table as a CSV file (UTF-8, one row per observation).

    Args:
        table: The table.
        path: Where to write; the file is replaced.

    Raises:
        TypeError: ``table`` is not an :class:`~commit_mef.ObservationTable`.
        ValidationError: a disaggregation code is the empty string (a CSV cell
            cannot tell it from "not broken down").

    Examples:
        >>> import tempfile, pathlib
        >>> from commit_mef import ObservationTable, io
        >>> table = ObservationTable.from_columns(indicator="x", country=["KHM", "LAO"], period=2014, magnitude=[5, 7])
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "obs.csv"
        >>> io.write_csv(table, path)
        >>> path.read_text(encoding="utf-8").splitlines()[1]
        'x,KHM,2014,number,5,,,total,,,,,false,,,,'
        >>> io.read_csv(path) == table
        True
    """
    table = _check_table(table)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        _write(table, handle)


# -- reading ------------------------------------------------------------------------------------
class _RowReader:
    """Turns records of CSV text into observations, collecting located problems."""

    def __init__(self, source: str, header: list[str]) -> None:
        self.source = source
        self.header = header
        self.problems: list[Problem] = []
        self.dims = tuple(name[len(_DIM) :] for name in header if name.startswith(_DIM))

    def check_header(self) -> bool:
        missing = [
            name for name in ("indicator", "country", "kind", "value") if name not in self.header
        ]
        unknown = [n for n in self.header if n not in COLUMNS and not n.startswith(_DIM)]
        duplicated = sorted({n for n in self.header if self.header.count(n) > 1})
        if missing:
            self.problems.append(
                Problem("header", f"missing columns {', '.join(missing)}; add them")
            )
        if unknown:
            self.problems.append(
                Problem(
                    "header",
                    f"unknown columns {', '.join(map(repr, unknown))}; the columns are {', '.join(COLUMNS)} and dim.<dimension>",
                )
            )
        if duplicated:
            self.problems.append(Problem("header", f"columns given twice: {', '.join(duplicated)}"))
        return not self.problems

    def observation(  # noqa: PLR0912 - one branch per column rule
        self, line: int, cells: dict[str, str]
    ) -> Observation | None:
        from commit_mef.io._converter import converter, problems_from
        from commit_mef.money import Money
        from commit_mef.observations import Observation

        where = f"row {line}"
        before = len(self.problems)

        def bad(column: str, message: str) -> None:
            self.problems.append(Problem(f"{where}, column {column!r}", message))

        kind = cells.get("kind", "")
        raw = cells.get("value", "")
        value: Any = None
        if kind not in _KINDS:
            bad("kind", f"expected one of {', '.join(_KINDS)}, got {kind!r}")
        elif kind in ("number", "money"):
            try:
                value = converter().structure(raw, Decimal)
            except Exception as exc:  # a located problem
                bad("value", str(exc))
            if kind == "money" and value is not None:
                try:
                    value = converter().structure(
                        {"amount": raw, "currency": cells.get("currency", "")}, Money
                    )
                except Exception as exc:  # a located problem
                    for p in problems_from(exc):
                        bad("currency", p.message)
        elif kind == "bool":
            if raw not in ("true", "false"):
                bad("value", f"expected true or false, got {raw!r}")
            value = raw == "true"
        elif kind == "text":
            value = raw
        elif raw:
            bad("value", f"a row of kind 'none' has no value, got {raw!r}")
        fields: dict[str, Any] = {}
        for name in _TEXT_FIELDS:
            fields[name] = cells.get(name) or None
        approximate = cells.get("approximate", "") or "false"
        if approximate not in ("true", "false"):
            bad("approximate", f"expected true or false, got {approximate!r}")
        for name in _JSON_FIELDS:
            text = cells.get(name, "")
            if not text:
                continue
            try:
                parsed = parse_json(text)
                fields[name] = converter().structure(parsed, _FIELD_TYPES()[name])
            except LoadError as exc:
                for p in exc.problems:
                    bad(name, p.message)
            except Exception as exc:  # a located problem
                for p in problems_from(exc, "$"):
                    bad(name, f"{p.message} @ {p.path}")
        if len(self.problems) > before:
            return None
        try:
            return Observation(
                indicator=cells.get("indicator", ""),
                country=cells.get("country", ""),
                period=cells.get("period") or None,
                value=value,
                basis=cells.get("basis") or "total",
                approximate=approximate == "true",
                disaggregation={d: cells[_DIM + d] for d in self.dims if cells.get(_DIM + d)},
                **fields,
            )
        except (CommitMefError, TypeError, ValueError) as exc:
            self.problems.append(Problem(where, str(exc)))
            return None


def _FIELD_TYPES() -> dict[str, Any]:  # noqa: N802 - a lazily built constant
    from commit_mef.money import Money
    from commit_mef.sources import QualityFlag, SourceRef

    return {
        "stated": Money,
        "source": SourceRef,
        "flags": tuple[QualityFlag, ...],
        "details": tuple[tuple[str, str], ...],
    }


def _read_rows(text: str, source: str, limits: Limits) -> ObservationTable:
    from commit_mef.observations import ObservationTable

    reader = csv.reader(stdio.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise LoadError(
                [Problem("header", "the file is empty; expected a header row")], source=source
            )
        rows = _RowReader(source, header)
        if not rows.check_header():
            raise LoadError(rows.problems, source=source)
        out: list[Observation] = []
        for line, cells in enumerate(reader, start=2):
            if len(out) >= limits.max_rows:
                rows.problems.append(
                    Problem(
                        f"row {line}",
                        f"more than {limits.max_rows:,} rows; raise Limits.max_rows if you trust the file",
                    )
                )
                break
            if len(cells) != len(header):
                rows.problems.append(
                    Problem(f"row {line}", f"expected {len(header)} cells, got {len(cells)}")
                )
            else:
                obs = rows.observation(line, dict(zip(header, cells, strict=True)))
                if obs is not None:
                    out.append(obs)
            if len(rows.problems) >= 100:
                break
    except csv.Error as exc:
        raise LoadError(
            [Problem(f"row {reader.line_num}", f"not valid CSV: {exc}")], source=source
        ) from None
    if rows.problems:
        raise LoadError(rows.problems, source=source)
    return ObservationTable.from_rows(out)


def read_csv(path: str | os.PathLike[str], *, limits: Limits | None = None) -> ObservationTable:
    r"""Read an observation table from a CSV file written by :func:`write_csv`.

    Args:
        path: The file.
        limits: Size limits for untrusted input; :class:`Limits` defaults when ``None``.

    Returns:
        The table, whole and valid.

    Raises:
        LoadError: Every problem found, each located by row and column; nothing is returned.
        OSError: The file cannot be read.

    Examples:
        >>> import tempfile, pathlib
        >>> from commit_mef import io
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "obs.csv"
        >>> _ = path.write_text("indicator,country,kind,value\nx,KHM,number,12.5\ny,Atlantis,number,1\n")
        >>> io.read_csv(path)
        Traceback (most recent call last):
        ...
        commit_mef.errors.LoadError: ...obs.csv: 1 problem
          unknown country 'Atlantis'... @ row 3
    """
    limits = limits or Limits()
    name = os.fspath(path)
    with open(name, "rb") as handle:
        data = handle.read(limits.max_bytes + 1)
    return _read_rows(decode(data, name, limits), name, limits)


# -- Data Package -------------------------------------------------------------------------------
def _field(name: str) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": "string"}
    if name == "approximate":
        field.update(type="boolean", trueValues=["true"], falseValues=["false"])
    elif name == "kind":
        field["constraints"] = {"required": True, "enum": list(_KINDS)}
    elif name in ("indicator", "country"):
        field["constraints"] = {"required": True}
    elif name in _JSON_FIELDS:
        field["format"] = "default"
        field["description"] = "a JSON document (commit-mef encoding), empty when absent"
    elif name == "value":
        field["description"] = "exact decimal, money amount, true/false or text, as kind says"
    return field


def write_datapackage(table: ObservationTable, directory: str | os.PathLike[str]) -> None:
    """Write an observation table as a Data Package: ``datapackage.json`` beside the CSV.

    The descriptor follows the Frictionless Tabular Data Package: one resource,
    ``observations.csv``, whose schema lists every column and its type.

    Args:
        table: The table.
        directory: The directory (created if missing); its two files are replaced.

    Raises:
        TypeError: ``table`` is not an :class:`~commit_mef.ObservationTable`.

    Examples:
        >>> import tempfile, json, pathlib
        >>> from commit_mef import ObservationTable, io
        >>> table = ObservationTable.from_columns(indicator="x", country="KHM", magnitude=[5])
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> io.write_datapackage(table, folder)
        >>> descriptor = json.loads((folder / "datapackage.json").read_text())
        >>> descriptor["resources"][0]["path"], descriptor["resources"][0]["schema"]["fields"][0]
        ('observations.csv', {'name': 'indicator', 'type': 'string', 'constraints': {'required': True}})
        >>> io.read_datapackage(folder) == table
        True
    """
    from commit_mef.io import FORMAT_NAME, FORMAT_VERSION

    table = _check_table(table)
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / RESOURCE, "w", encoding="utf-8", newline="") as handle:
        header = _write(table, handle)
    descriptor = {
        "profile": "tabular-data-package",
        "name": "commit-mef-observations",
        "commit-mef": {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "type": "ObservationTable",
        },
        "resources": [
            {
                "name": "observations",
                "path": RESOURCE,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [_field(n) for n in header], "missingValues": [""]},
            }
        ],
    }
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    (folder / "datapackage.json").write_text(text, encoding="utf-8")


def read_datapackage(
    directory: str | os.PathLike[str], *, limits: Limits | None = None
) -> ObservationTable:
    """Read an observation table from a Data Package written by :func:`write_datapackage`.

    The descriptor must describe one CSV resource inside the directory (a plain
    file name: no URL, no absolute path, no ``..``) whose fields are the CSV's
    header, in order.

    Args:
        directory: The directory holding ``datapackage.json``.
        limits: Size limits, as for :func:`read_csv`.

    Returns:
        The table, whole and valid.

    Raises:
        LoadError: Every problem found in the descriptor or the CSV.
        OSError: A file cannot be read.

    Examples:
        >>> import tempfile
        >>> from commit_mef import io
        >>> io.read_datapackage(tempfile.mkdtemp())
        Traceback (most recent call last):
        ...
        FileNotFoundError: ...datapackage.json...
    """
    limits = limits or Limits()
    folder = Path(directory)
    name = str(folder / "datapackage.json")
    with open(name, "rb") as handle:
        descriptor = parse_json(handle.read(limits.max_bytes + 1), source=name, limits=limits)
    resource, fields = _check_descriptor(descriptor, name)
    path = folder / resource
    with open(path, "rb") as handle:
        text = decode(handle.read(limits.max_bytes + 1), str(path), limits)
    header = next(csv.reader(stdio.StringIO(text, newline="")), [])
    if header != fields:
        raise LoadError(
            [
                Problem(
                    "$.resources[0].schema.fields",
                    f"the fields {fields} do not match the CSV header {header}; regenerate the descriptor",
                )
            ],
            source=name,
        )
    return _read_rows(text, str(path), limits)


def _check_descriptor(descriptor: Any, name: str) -> tuple[str, list[str]]:
    from commit_mef.io._converter import describe

    def fail(path: str, message: str) -> LoadError:
        return LoadError([Problem(path, message)], source=name)

    if type(descriptor) is not dict:
        raise fail(
            "$", f"expected a Data Package descriptor (an object), got {describe(descriptor)}"
        )
    resources = descriptor.get("resources")
    if type(resources) is not list or len(resources) != 1 or type(resources[0]) is not dict:
        raise fail("$.resources", "expected exactly one resource (the observations CSV)")
    resource = resources[0]
    path = resource.get("path")
    if (
        type(path) is not str
        or not path
        or "/" in path
        or "\\" in path
        or ":" in path
        or path.startswith(".")
    ):
        raise fail(
            "$.resources[0].path",
            f"expected a CSV file name inside the package directory, got {describe(path)}",
        )
    schema = resource.get("schema")
    fields = schema.get("fields") if type(schema) is dict else None
    if type(fields) is not list or not all(
        type(f) is dict and type(f.get("name")) is str for f in fields
    ):
        raise fail("$.resources[0].schema.fields", "expected a list of fields, each with a name")
    encoding = resource.get("encoding", "utf-8")
    if type(encoding) is not str or encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise fail(
            "$.resources[0].encoding",
            f"expected utf-8, got {describe(encoding)}; save the CSV as UTF-8",
        )
    return path, [f["name"] for f in fields]


# -- pandas -------------------------------------------------------------------------------------
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
    table = _check_table(table)
    header, records = _records(table)
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
        raise TypeError(f"from_pandas() takes a DataFrame, got {type(frame).__name__}")
    header = [str(c) for c in frame.columns]
    buffer = stdio.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_frame_cell(v, pd) for v in row])
    return _read_rows(buffer.getvalue(), "DataFrame", Limits())


def _frame_cell(value: Any, pd: Any) -> str:
    if hasattr(value, "item") and not isinstance(value, (str, Decimal)):
        value = value.item()  # numpy scalars as Python values
    if value is None or (not isinstance(value, (str, bytes, Iterable)) and pd.isna(value)):
        return ""
    return _cell(value)
