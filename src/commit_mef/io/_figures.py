"""One door for figure files: JSON, CSV or a filled xlsx template, chosen by extension or content."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from commit_mef._paths import open_regular
from commit_mef.errors import LoadError, Problem
from commit_mef.io._json import Limits
from commit_mef.io._xlsx_read import sniff

if TYPE_CHECKING:
    from collections.abc import Mapping

    from commit_mef.io._layout import CsvLayout
    from commit_mef.observations import ObservationTable
    from commit_mef.plans import Plan

__all__ = ["read_figures"]

_BY_SUFFIX = {".json": "json", ".csv": "text", ".xlsx": "xlsx", ".xlsm": "xlsx"}
_NAMES = {
    "json": "a JSON document",
    "text": "text (CSV)",
    "xlsx": "an Excel workbook",
    "ole": "an old Excel (.xls) or password-protected file",
    "binary": "binary data",
}
_SUFFIX_OF = {"json": ".json", "text": ".csv", "xlsx": ".xlsx"}


def _kind(name: str) -> str:
    with open_regular(name) as handle:
        return sniff(handle.read(4096))


def read_figures(
    path: str | os.PathLike[str],
    *,
    plan: Plan | None = None,
    layout: CsvLayout | Mapping[str, str] | None = None,
    check: bool = False,
    limits: Limits | None = None,
) -> ObservationTable:
    r"""Read reported figures from a JSON, CSV or xlsx file, whichever it is.

    The extension decides (``.json``: an ``ObservationTable`` document of :func:`dump`;
    ``.csv``: :func:`read_csv`; ``.xlsx``: a filled template, :func:`read_template`); a file
    with another extension is told by its content.  A file whose content is not what its
    extension says is refused with what it really holds.

    Args:
        path: The file.
        plan: The plan the figures are for; a template written for another plan is refused.
        layout: For a CSV file in a layout of the user's own: its :class:`CsvLayout`
            (or a ``{field: column}`` mapping), as :func:`read_csv` takes it.
        check: Also check the figures of a CSV file against ``plan`` while reading
            (:func:`read_csv`'s ``plan=``): blank units and currencies come from the
            plan, and its errors are listed with the file's own problems.
        limits: Size limits for untrusted input.

    Returns:
        The figures, whole and valid.

    Raises:
        LoadError: Every problem found, located; or what the file really is.
        ImportError: an xlsx file and openpyxl is not installed (the ``excel`` extra).
        OSError: The file cannot be read.

    Examples:
        >>> import pathlib, tempfile
        >>> from commit_mef import io
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "figures.csv").write_text("indicator,country,kind,value\nx,KHM,number,12\n")
        >>> [o.value for o in io.read_figures(folder / "figures.csv")]
        [Decimal('12')]
        >>> _ = (folder / "figures.xlsx").write_text("indicator,country,kind,value\n")
        >>> io.read_figures(folder / "figures.xlsx")
        Traceback (most recent call last):
        ...
        commit_mef.errors.LoadError: ...figures.xlsx: 1 problem
          the file is named .xlsx but holds text (a CSV), not a workbook; rename it to figures.csv and read it as such, or fill in the .xlsx template @ file
    """
    from commit_mef._validators import check_path

    check_path(path, "read_figures()")
    from commit_mef.io import _csv
    from commit_mef.io._xlsx_read import read_template

    name = os.fspath(path)
    limits = limits or Limits()
    kind = _kind(name)
    suffix = Path(name).suffix.lower()
    wanted = _BY_SUFFIX.get(suffix)
    if wanted == "xlsx" or (wanted is None and kind in ("xlsx", "ole")):
        return read_template(name, plan=plan, limits=limits)
    if wanted is not None and kind != wanted and not (wanted == "text" and kind == "json"):
        real = _SUFFIX_OF.get(kind)
        fix = f"rename it to {Path(name).with_suffix(real).name}" if real else "check the file"
        raise LoadError(
            [Problem("file", f"the file is named {suffix} but holds {_NAMES[kind]}; {fix}")],
            source=name,
        )
    if (wanted or kind) == "json":
        return _json_figures(name, limits)
    if (wanted or kind) == "text":
        return _csv.read_csv(name, layout=layout, plan=plan if check else None, limits=limits)
    raise LoadError(
        [
            Problem(
                "file",
                f"cannot tell what {Path(name).name} holds ({_NAMES[kind]}); figures are read "
                "from .json, .csv or .xlsx files",
            )
        ],
        source=name,
    )


def _json_figures(name: str, limits: Limits) -> ObservationTable:
    from commit_mef.io import load
    from commit_mef.observations import ObservationTable

    obj = load(name, limits=limits)
    if not isinstance(obj, ObservationTable):
        raise LoadError(
            [
                Problem(
                    "$.type",
                    f"the file holds a {type(obj).__name__}, not figures; figures are an "
                    "ObservationTable document",
                )
            ],
            source=name,
        )
    return obj
