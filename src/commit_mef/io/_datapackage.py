"""Observation tables as a Frictionless Tabular Data Package: a descriptor beside the CSV.

The package is a directory, or (for uploads and downloads) a zip archive of the same
two files, read from or written to a path or a binary stream.
"""

from __future__ import annotations

import csv
import io as stdio
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from commit_mef._paths import check_inside, open_regular
from commit_mef.errors import InvalidTypeError, LoadError, Problem
from commit_mef.io._atomic import atomic_text_files
from commit_mef.io._csv import KINDS, check_table, read_rows, write_rows
from commit_mef.io._envelope import FORMAT_NAME, FORMAT_VERSION
from commit_mef.io._json import Limits, decode, parse_json
from commit_mef.io._streams import CheckedText, Readable, is_path, read_input

if TYPE_CHECKING:
    from commit_mef.observations import ObservationTable

__all__ = ["read_datapackage", "write_datapackage"]

RESOURCE = "observations.csv"


#: The descriptor's CSV format version: 2 is the typed format; older packages (no entry) are 1.
CSV_VERSION = 2

#: A period label (anchored as a whole by Table Schema: hence the outer group).
_PERIOD_PATTERN = (
    r"(\d{4}(-\d{4})?|\d{4}-(0[1-9]|1[0-2])"
    r"|\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(/\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))?)"
)


def _codes(table: ObservationTable) -> dict[str, list[str]]:
    """The enums of the code columns: every ISO code, and the table's own units and pairs."""
    from commit_mef.countries import _pycountry_index
    from commit_mef.units import count_units, currency_codes

    index, _names = _pycountry_index()
    countries = {record.alpha_3 for record in index.values()}
    places = table.key_column("country")[1]
    pairs = {str(getattr(p, "code", "")) for p in places if not hasattr(p, "alpha_3")}
    units = set(count_units()) | {u for u in table.key_column("unit")[1] if u is not None}
    currencies = set(currency_codes()) | {c for c in table.key_column("currency")[1] if c}
    return {
        "country": sorted(countries | pairs),
        "currency": sorted(currencies),
        "unit": sorted(units),
    }


def _field(name: str, codes: dict[str, list[str]]) -> dict[str, Any]:  # noqa: PLR0911 - one per column
    """The Table Schema field of a typed-format column: its type and constraints."""
    from commit_mef.observations import Basis

    text: dict[str, Any] = {"name": name, "type": "string"}
    if name == "row":
        return {"name": name, "type": "integer", "constraints": {"required": True, "minimum": 1}}
    if name in ("number", "amount"):
        return {"name": name, "type": "number", "bareNumber": True}
    if name in ("period_start", "period_end"):
        return {"name": name, "type": "date", "format": "default"}
    if name in ("boolean", "approximate"):
        return {"name": name, "type": "boolean", "trueValues": ["true"], "falseValues": ["false"]}
    if name in ("stated", "source"):
        return {"name": name, "type": "object", "description": "commit-mef JSON, empty when absent"}
    if name in ("flags", "details"):
        return {"name": name, "type": "array", "description": "commit-mef JSON, empty when absent"}
    by_name: dict[str, dict[str, Any]] = {
        "indicator": {"required": True, "pattern": r".*\S.*"},
        "kind": {"required": True, "enum": list(KINDS)},
        "period": {"pattern": _PERIOD_PATTERN},
        "basis": {"enum": [b.value for b in Basis]},
        "bound": {"enum": ["lower", "upper"]},
    }
    constraints = by_name.get(name, {})
    if name in codes:
        constraints = (
            {"enum": codes[name], "required": True} if name == "country" else {"enum": codes[name]}
        )
    if constraints:
        text["constraints"] = constraints
    return text


def write_datapackage(
    table: ObservationTable, directory: str | os.PathLike[str] | IO[bytes]
) -> None:
    """Write an observation table as a Data Package: ``datapackage.json`` beside the CSV.

    The descriptor follows the Frictionless Tabular Data Package: one resource,
    ``observations.csv``, whose schema lists every column and its type.

    Args:
        table: The table.
        directory: The directory (created if missing; its two files are replaced),
            or a binary stream, which receives the two files as a zip archive.

    Raises:
        TypeError: ``table`` is not an :class:`~commit_mef.ObservationTable`.

    Examples:
        >>> import tempfile, json, pathlib
        >>> from commit_mef import ObservationTable, io
        >>> table = ObservationTable.from_columns(indicator="x", country="KHM", magnitude=[5])
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> io.write_datapackage(table, folder)
        >>> descriptor = json.loads((folder / "datapackage.json").read_text())
        >>> descriptor["resources"][0]["path"], descriptor["resources"][0]["schema"]["fields"][7]
        ('observations.csv', {'name': 'number', 'type': 'number', 'bareNumber': True})
        >>> io.read_datapackage(folder) == table
        True
        >>> import io as stdio
        >>> archive = stdio.BytesIO()
        >>> io.write_datapackage(table, archive)
        >>> io.read_datapackage(stdio.BytesIO(archive.getvalue())) == table
        True
    """
    table = check_table(table)
    if not is_path(directory):
        _write_zip(table, directory)  # type: ignore[arg-type]
        return
    folder = Path(directory)  # type: ignore[arg-type]
    folder.mkdir(parents=True, exist_ok=True)
    # every file written beside its target first, then replaced: the descriptor last
    with atomic_text_files(folder / RESOURCE, folder / "datapackage.json") as (rows, desc):
        header = write_rows(table, CheckedText(rows, "Data Package", rows=True))
        desc.write(_descriptor_text(header, table))


def _write_zip(table: ObservationTable, stream: IO[bytes]) -> None:
    import zipfile

    text = stdio.StringIO(newline="")
    header = write_rows(table, CheckedText(text, "Data Package", rows=True))
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", _descriptor_text(header, table))
        archive.writestr(RESOURCE, text.getvalue())


def _descriptor_text(header: tuple[str, ...], table: ObservationTable) -> str:
    codes = _codes(table)
    descriptor = {
        "profile": "tabular-data-package",
        "name": "commit-mef-observations",
        "commit-mef": {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "type": "ObservationTable",
            "csv": CSV_VERSION,
        },
        "resources": [
            {
                "name": "observations",
                "path": RESOURCE,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [_field(n, codes) for n in header],
                    "missingValues": [""],
                    "primaryKey": ["row"],
                },
            }
        ],
    }
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def read_datapackage(
    directory: str | os.PathLike[str] | Readable, *, limits: Limits | None = None
) -> ObservationTable:
    """Read an observation table from a Data Package written by :func:`write_datapackage`.

    The descriptor must describe one CSV resource inside the directory (a plain
    file name: no URL, no absolute path, no ``..``) whose fields are the CSV's
    header, in order.

    Args:
        directory: The directory holding ``datapackage.json``, or a zip archive of
            the package (a path to a ``.zip`` file or a binary stream, such as an
            upload); members larger than ``limits.max_bytes`` are refused unread.
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
    if not is_path(directory) or Path(directory).is_file():  # type: ignore[arg-type]
        return _read_zip(directory, limits)
    folder = Path(directory)  # type: ignore[arg-type]

    def member(file_name: str) -> bytes:
        inside = check_inside(folder, file_name, source=f"{folder}/{file_name}")
        with open_regular(inside) as handle:  # never a FIFO, never outside the folder
            return handle.read(limits.max_bytes + 1)

    return _read_package(member, str(folder), limits)


def _read_zip(source: Any, limits: Limits) -> ObservationTable:
    import zipfile

    data, name = read_input(source, limits.max_bytes)
    if isinstance(data, str):
        raise InvalidTypeError("a zipped Data Package is read from a binary stream, not a text one")
    if len(data) > limits.max_bytes:
        raise LoadError(
            [
                Problem(
                    "$",
                    f"the archive exceeds the limit of {limits.max_bytes:,} bytes; "
                    "raise Limits.max_bytes if you trust it",
                )
            ],
            source=name,
        )
    try:
        archive = zipfile.ZipFile(stdio.BytesIO(data))
    except zipfile.BadZipFile:
        raise LoadError(
            [
                Problem(
                    "$",
                    "not a zip archive; send a zipped Data Package (datapackage.json and its CSV)",
                )
            ],
            source=name,
        ) from None
    with archive:

        def member(file_name: str) -> bytes:
            try:
                info = archive.getinfo(file_name)
            except KeyError:
                raise LoadError(
                    [Problem("$", f"the archive holds no {file_name}; add it")], source=name
                ) from None
            if info.file_size > limits.max_bytes:
                raise LoadError(
                    [
                        Problem(
                            "$",
                            f"{file_name} unpacks to {info.file_size:,} bytes, over the limit of "
                            f"{limits.max_bytes:,}; raise Limits.max_bytes if you trust it",
                        )
                    ],
                    source=name,
                )
            with archive.open(info) as handle:
                return handle.read(limits.max_bytes + 1)

        return _read_package(member, name, limits)


def _read_package(member: Callable[[str], bytes], where: str, limits: Limits) -> ObservationTable:
    name = f"{where}/datapackage.json"
    descriptor = parse_json(member("datapackage.json"), source=name, limits=limits)
    resource, fields = _check_descriptor(descriptor, name)
    path = f"{where}/{resource}"
    text = decode(member(resource), path, limits)
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
    return read_rows(text, path, limits)


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
