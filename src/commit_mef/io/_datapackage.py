"""Observation tables as a Frictionless Tabular Data Package: a descriptor beside the CSV."""

from __future__ import annotations

import csv
import io as stdio
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commit_mef._validators import check_path
from commit_mef.errors import LoadError, Problem
from commit_mef.io._csv import JSON_FIELDS, KINDS, check_table, read_rows, write_rows
from commit_mef.io._envelope import FORMAT_NAME, FORMAT_VERSION
from commit_mef.io._json import Limits, decode, parse_json

if TYPE_CHECKING:
    from commit_mef.observations import ObservationTable

__all__ = ["read_datapackage", "write_datapackage"]

RESOURCE = "observations.csv"


def _field(name: str) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": "string"}
    if name == "approximate":
        field.update(type="boolean", trueValues=["true"], falseValues=["false"])
    elif name == "bound":
        field["constraints"] = {"enum": ["lower", "upper", ""]}
    elif name == "kind":
        field["constraints"] = {"required": True, "enum": list(KINDS)}
    elif name in ("indicator", "country"):
        field["constraints"] = {"required": True}
    elif name in JSON_FIELDS:
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
    table = check_table(table)
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / RESOURCE, "w", encoding="utf-8", newline="") as handle:
        header = write_rows(table, handle)
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
    check_path(directory, "read_datapackage()")
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
    return read_rows(text, str(path), limits)


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
