"""Files: lossless JSON for every public type, its JSON Schema, CSV, records, Data Packages, pandas, xlsx templates.

Every JSON document carries an envelope naming the format, its version and the
type it holds, so that later versions of the package can read older files::

    {"format": "commit-mef", "version": 1, "type": "Period", "data": "2011-2014"}

Reading is the package's reliability boundary: :func:`loads` and :func:`load`
either return a whole, valid object or raise one
:class:`~commit_mef.errors.LoadError` listing every problem in the file, each with
its JSON path and what was expected.  Nothing is evaluated or unpickled, and
size, depth and row-count :class:`Limits` guard against hostile files.

Examples:
    >>> from commit_mef import Period, io
    >>> text = io.dumps(Period.years(2011, 2014))
    >>> text
    '{"format": "commit-mef", "version": 1, "type": "Period", "data": "2011-2014"}'
    >>> io.loads(text) == Period.years(2011, 2014)
    True
    >>> io.loads('{"format": "commit-mef", "version": 1, "type": "SourceRef", "data": {"line": "7"}}')
    Traceback (most recent call last):
    ...
    commit_mef.errors.LoadError: 2 problems
      required key missing; add it @ $.data.document
      expected an integer, got '7' @ $.data.line
"""

from __future__ import annotations

import builtins
import json
import os
from typing import IO, Any, Final, TypeVar, overload

from commit_mef.errors import ExportError, InvalidTypeError, LoadError, Problem
from commit_mef.io import _envelope, _streams
from commit_mef.io._arrow import arrow_indicators, from_arrow, to_arrow
from commit_mef.io._csv import read_csv, write_csv
from commit_mef.io._datapackage import read_datapackage, write_datapackage
from commit_mef.io._dhis2 import Dhis2Mapping, dhis2_period, to_dhis2, write_dhis2
from commit_mef.io._envelope import FORMAT_NAME
from commit_mef.io._figures import read_figures
from commit_mef.io._iati import IatiOrganisation, split_budget, to_iati, write_iati
from commit_mef.io._json import Limits, parse_json
from commit_mef.io._layout import CsvLayout
from commit_mef.io._pandas import from_pandas, to_pandas
from commit_mef.io._parquet import read_parquet, write_parquet
from commit_mef.io._records import from_records, to_records
from commit_mef.io._sdg import to_sdg_16_2_2
from commit_mef.io._sdmx import sdmx_period, sdmx_records, sdmx_structure, to_sdmx, write_sdmx
from commit_mef.io._smallcell import protect_small_cells
from commit_mef.io._streams import Readable, read_input, text_writer
from commit_mef.io._xlsx_read import read_template
from commit_mef.io._xlsx_write import write_template

__all__ = [
    "CsvLayout",
    "Dhis2Mapping",
    "FORMAT_VERSION",
    "IatiOrganisation",
    "Limits",
    "Readable",
    "arrow_indicators",
    "dhis2_period",
    "dump",
    "dumps",
    "from_arrow",
    "from_pandas",
    "from_records",
    "json_schema",
    "load",
    "loads",
    "protect_small_cells",
    "read_csv",
    "read_datapackage",
    "read_figures",
    "read_parquet",
    "read_template",
    "sdmx_period",
    "sdmx_records",
    "sdmx_structure",
    "split_budget",
    "to_arrow",
    "to_dhis2",
    "to_iati",
    "to_pandas",
    "to_records",
    "to_sdg_16_2_2",
    "to_sdmx",
    "write_csv",
    "write_datapackage",
    "write_dhis2",
    "write_iati",
    "write_parquet",
    "write_sdmx",
    "write_template",
]

_T = TypeVar("_T")

#: The version of the JSON document format this package writes.
FORMAT_VERSION: Final = _envelope.FORMAT_VERSION


def _unstructure(obj: object) -> Any:
    from commit_mef.io import _converter, _tables

    codec = _tables.codec_for(type(obj))
    if codec is not None:
        return codec.unstructure(obj)
    return _converter.converter().unstructure(obj)


def dumps(obj: object, *, indent: int | None = None) -> str:
    """Write a public :mod:`commit_mef` object as a JSON document.

    Args:
        obj: A plan, indicator, observation table, period, ... (any public type).
        indent: Indent nested levels by this many spaces; compact when ``None``.

    Returns:
        The document, with its envelope (format, version, type).

    Raises:
        TypeError: ``obj`` is not of a public :mod:`commit_mef` type.
        ExportError: a text holds a lone surrogate, which UTF-8 cannot encode (the
            problem's path names the field, ``/data/areas/0/title``).

    Examples:
        >>> from commit_mef import SourceRef, io
        >>> print(io.dumps(SourceRef(document="spa3-final-report", section="2.2"), indent=1))
        {
         "format": "commit-mef",
         "version": 1,
         "type": "SourceRef",
         "data": {
          "document": "spa3-final-report",
          "section": "2.2",
          "block": null,
          "line": null,
          "area": null
         }
        }
    """
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "type": _envelope.type_name(obj),
        "data": _unstructure(obj),
    }
    text = json.dumps(document, ensure_ascii=False, allow_nan=False, indent=indent)
    if _streams.SURROGATE.search(text) is not None:  # UTF-8 cannot write it, loads() refuses it
        where, found = _streams.surrogate_pointer(document) or ("/", text)
        raise ExportError([_streams.surrogate_problem(where, found)], target="JSON")
    return text


def _structure(data: Any, cls: type, limits: Limits) -> tuple[Any, list[Problem]]:
    from commit_mef.io import _converter, _tables

    codec = _tables.codec_for(cls)
    token = _converter.LIMITS.set(limits)
    try:
        if codec is not None:
            return codec.structure(data, limits), []
        return _converter.converter().structure(data, cls), []
    except LoadError as exc:
        return None, list(exc.problems)
    except Exception as exc:  # every failure becomes a located Problem
        return None, _converter.problems_from(exc, "$.data")
    finally:
        _converter.LIMITS.reset(token)


@overload
def loads(
    data: str | bytes, type: type[_T], *, limits: Limits | None = ..., source: str | None = ...
) -> _T: ...
@overload
def loads(
    data: str | bytes, type: None = ..., *, limits: Limits | None = ..., source: str | None = ...
) -> Any: ...
def loads(
    data: str | bytes,
    type: type[Any] | None = None,  # noqa: A002 - mirrors json.loads(cls=...) plainly
    *,
    limits: Limits | None = None,
    source: str | None = None,
) -> Any:
    """Read a JSON document written by :func:`dumps`.

    Args:
        data: The document, as text or bytes (UTF-8; UTF-16/32 with a byte-order mark).
        type: The type expected; when given, a document of another type is refused.
            When ``None``, the document's own ``"type"`` decides.
        limits: Size limits for untrusted input; :class:`Limits` defaults when ``None``.
        source: A name for the document in error messages (a file name).

    Returns:
        The object, whole and valid.

    Raises:
        LoadError: Every problem found, each with its JSON path; nothing is returned.

    Examples:
        >>> from commit_mef import Period, io
        >>> io.loads(io.dumps(Period.year(2014)), Period)
        Period(start=datetime.date(2014, 1, 1), end=datetime.date(2014, 12, 31))
        >>> io.loads('{"format": "commit-mef", "version": 9, "type": "Period", "data": "2014"}')
        Traceback (most recent call last):
        ...
        commit_mef.errors.LoadError: 1 problem
          format version 9 was written by a newer commit-mef; this one reads versions 1 to 1: upgrade commit-mef to read it @ $.version
    """
    limits = limits or Limits()
    value = parse_json(data, source=source, limits=limits)
    cls, payload, problems = _envelope.check(value, type)
    if problems:
        raise LoadError(problems, source=source)
    result, problems = _structure(payload, cls, limits)
    if problems:
        raise LoadError(problems, source=source)
    return result


@overload
def load(
    path_or_file: str | os.PathLike[str] | Readable, type: type[_T], *, limits: Limits | None = ...
) -> _T: ...
@overload
def load(
    path_or_file: str | os.PathLike[str] | Readable,
    type: None = ...,
    *,
    limits: Limits | None = ...,
) -> Any: ...
def load(
    path_or_file: str | os.PathLike[str] | Readable,
    type: type[Any] | None = None,  # noqa: A002 - same parameter as loads()
    *,
    limits: Limits | None = None,
) -> Any:
    """Read a JSON document from a file path or an open file.

    Args:
        path_or_file: A path, or a file object opened for reading (binary or text).
        type: The type expected, as for :func:`loads`.
        limits: Size limits, as for :func:`loads`.

    Returns:
        The object, whole and valid.

    Raises:
        LoadError: Every problem found, each with its JSON path; the file name is
            the error's ``source``.
        OSError: The file cannot be opened or read.

    Examples:
        >>> import io as stdio
        >>> from commit_mef import io
        >>> io.load(stdio.StringIO('{"format": "commit-mef", "version": 1, "type": "Country", "data": "LAO"}')).name
        'Lao PDR'
    """
    limits = limits or Limits()
    data, name = read_input(path_or_file, limits.max_bytes)
    return loads(data, type, limits=limits, source=name)


def dump(
    obj: object, path_or_file: str | os.PathLike[str] | IO[Any], *, indent: int | None = 2
) -> None:
    r"""Write a public :mod:`commit_mef` object as a JSON file (UTF-8).

    Args:
        obj: The object, as for :func:`dumps`.
        path_or_file: A path (the file is replaced), or a file object opened for
            writing, text or binary (a response body); it is left open.
        indent: As for :func:`dumps`; files are indented by default, for reading and diffs.

    Raises:
        TypeError: ``obj`` is not of a public :mod:`commit_mef` type.
        ExportError: a text holds a lone surrogate; nothing is written.
        OSError: The file cannot be written; a path's old file is left as it was.

    Examples:
        >>> import io as stdio
        >>> from commit_mef import Period, io
        >>> out = stdio.StringIO()
        >>> io.dump(Period.year(2014), out, indent=None)
        >>> out.getvalue()
        '{"format": "commit-mef", "version": 1, "type": "Period", "data": "2014"}\n'
    """
    text = dumps(obj, indent=indent) + "\n"
    with text_writer(path_or_file) as handle:
        handle.write(text)


def json_schema(type: type[Any]) -> dict[str, Any]:  # noqa: A002 - reads as json_schema(Plan)
    """The JSON Schema (draft 2020-12) of documents holding a ``type``.

    Args:
        type: A public :mod:`commit_mef` type (``Plan``, ``ObservationTable``, ...).

    Returns:
        The schema, as a JSON-ready dict; it describes the envelope and the data.

    Raises:
        TypeError: ``type`` is not a public :mod:`commit_mef` type.

    Examples:
        >>> from commit_mef import SourceRef, io
        >>> schema = io.json_schema(SourceRef)
        >>> schema["$schema"]
        'https://json-schema.org/draft/2020-12/schema'
        >>> schema["properties"]["type"]
        {'const': 'SourceRef'}
    """
    from commit_mef.io._schema import document_schema

    if not isinstance(type, builtins.type) or _envelope.public_type(type.__name__) is not type:
        raise InvalidTypeError(f"json_schema() takes a public commit_mef type, got {type!r}")
    return document_schema(type, FORMAT_NAME, FORMAT_VERSION)
