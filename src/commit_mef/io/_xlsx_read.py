"""Reading a filled reporting template back: every figure by its key, every problem located.

A workbook loads whole or not at all: each problem (a renamed sheet, a row added by hand,
merged cells, a formula, a date typed as text, a word where a number goes) is listed by
sheet, row and column in the words a person filling it in uses.
"""

from __future__ import annotations

import io as stdio
import os
import warnings
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commit_mef._paths import open_regular
from commit_mef.errors import LoadError, Problem
from commit_mef.io._json import Limits
from commit_mef.io._xlsx_cells import CellReader, Row
from commit_mef.io._xlsx_layout import (
    COLUMNS,
    FIRST_ROW,
    FORMAT,
    META_COLUMNS,
    META_SHEET,
    VERSION,
    column,
    openpyxl,
)

if TYPE_CHECKING:
    from commit_mef.observations import ObservationTable
    from commit_mef.plans import Plan

__all__ = ["read_template", "sniff"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_MAX_PROBLEMS = 500
_ZIP_RATIO = 20


def sniff(head: bytes) -> str:
    r"""What a file's first bytes say it is: ``"xlsx"``, ``"ole"``, ``"json"``, ``"text"`` or ``"binary"``.

    Examples:
        >>> sniff(b"PK\x03\x04..."), sniff(b'  {"format"'), sniff(b"country,year\n")
        ('xlsx', 'json', 'text')
    """
    if head.startswith(_ZIP):
        return "xlsx"
    if head.startswith(_OLE):
        return "ole"
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = head[:-3].decode("utf-8-sig")  # the sample may end inside a character
        except UnicodeDecodeError:
            return "binary"
    if "\x00" in text:
        return "binary"
    return "json" if text.lstrip().startswith("{") else "text"


def _refuse(name: str, message: str) -> LoadError:
    return LoadError([Problem("file", message)], source=name)


def _bytes(name: str, limits: Limits) -> bytes:
    with open_regular(name) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limits.max_workbook_bytes:
            raise _refuse(
                name,
                f"the workbook is {size / 2**20:.1f} MiB, over the limit of "
                f"{limits.max_workbook_bytes / 2**20:.0f} MiB for a reporting template; remove "
                "pictures and other sheets, or raise Limits.max_workbook_bytes if you trust the file",
            )
        data = handle.read(limits.max_workbook_bytes + 1)
    kind = sniff(data[:4096])
    if kind == "ole":
        if _ENCRYPTED in data:
            raise _refuse(
                name,
                "the workbook is protected with a password, so it cannot be read; open it in "
                "Excel, remove the password (File > Info > Protect Workbook > Encrypt with "
                "Password, clear it) and save it again",
            )
        raise _refuse(
            name,
            "this is an old Excel 97-2003 (.xls) file, not a reporting template; write the "
            "figures into the .xlsx template that commit-mef template made",
        )
    if kind in ("text", "json"):
        what = "a CSV" if kind == "text" else "JSON"
        raise _refuse(
            name,
            f"the file is named .xlsx but holds text ({what}), not a workbook; rename it to "
            f"{Path(name).with_suffix('.csv' if kind == 'text' else '.json').name} and read it "
            "as such, or fill in the .xlsx template",
        )
    if kind != "xlsx":
        raise _refuse(name, "not an Excel workbook (.xlsx); fill in the reporting template")
    return data


def _open(name: str, data: bytes, limits: Limits) -> Any:
    try:
        with zipfile.ZipFile(stdio.BytesIO(data)) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
            parts = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise _refuse(
            name, f"not a readable xlsx workbook ({exc}); save it again from Excel"
        ) from None
    if unpacked > _ZIP_RATIO * limits.max_workbook_bytes:
        raise _refuse(
            name,
            f"the workbook unpacks to {unpacked / 2**20:.0f} MiB, over "
            f"{_ZIP_RATIO} times the size limit; it is not a reporting template",
        )
    if "xl/workbook.xml" not in parts:
        raise _refuse(
            name, "a zip archive but not an Excel workbook; fill in the reporting template"
        )
    module = openpyxl()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
            return module.load_workbook(stdio.BytesIO(data), data_only=False)
    except Exception as exc:  # a corrupt part: translated at the boundary
        raise _refuse(
            name, f"not a readable xlsx workbook ({exc}); save it again from Excel"
        ) from None


def _meta(name: str, book: Any) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    if META_SHEET not in book.sheetnames:
        raise _refuse(
            name,
            "not a commit-mef reporting template (it has no template keys); write one with "
            "'commit-mef template --plan PLAN -o FILE.xlsx' and fill that in",
        )
    sheet = book[META_SHEET]
    head: dict[str, Any] = {}
    keys: dict[str, dict[str, str]] = {}
    columns: list[str] | None = None
    for values in sheet.iter_rows(values_only=True):
        if not values or values[0] is None:
            continue
        if columns is None:
            if values[0] == META_COLUMNS[0]:
                columns = [str(v) for v in values if v is not None]
            else:
                head[str(values[0])] = values[1] if len(values) > 1 else None
            continue
        row = {c: "" if v is None else str(v) for c, v in zip(columns, values, strict=False)}
        keys[row["key"]] = row
    if head.get("format") != FORMAT or columns != list(META_COLUMNS):
        raise _refuse(name, "the template's hidden keys are damaged; write a new template")
    if head.get("version") != VERSION:
        raise _refuse(
            name,
            f"the template has layout version {head.get('version')!r}; this commit-mef reads "
            f"version {VERSION}: upgrade with pip install -U commit-mef, or write a new template",
        )
    return head, keys


def _check_plan(head: dict[str, Any], keys: dict[str, dict[str, str]], plan: Plan) -> list[Problem]:
    if head.get("plan") != plan.code:
        return [
            Problem(
                "file",
                f"the template was written for plan {head.get('plan')!r}, not {plan.code!r}; "
                f"read it with that plan (--plan), or fill in a template of {plan.code}",
            )
        ]
    known = {i.id: i for i in plan.indicators}
    problems = []
    for ind_id, kind in dict.fromkeys((k["indicator"], k["kind"]) for k in keys.values()):
        indicator = known.get(ind_id)
        if indicator is None:
            problems.append(
                Problem(
                    "file",
                    f"indicator {ind_id!r} of the template is no longer in plan {plan.code}; "
                    "write a new template from the plan as it is now",
                )
            )
        elif indicator.kind.value != kind:
            problems.append(
                Problem(
                    "file",
                    f"indicator {ind_id!r} is a {indicator.kind.value} in the plan but a {kind} "
                    "in the template; write a new template from the plan as it is now",
                )
            )
    return problems


def _sheets(book: Any, head: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The template's area sheets by their original names; renamed or deleted ones as problems."""
    expected = [s for s in str(head.get("sheets") or "").split(";") if s]
    found: dict[str, Any] = {}
    problems: list[Problem] = []
    by_marker = {book[n]["A1"].value: n for n in book.sheetnames if n != META_SHEET}
    for original in expected:
        if original in book.sheetnames and book[original]["A1"].value == original:
            found[original] = book[original]
        elif original in by_marker:
            now = by_marker[original]
            problems.append(
                Problem(
                    f"sheet {now!r}",
                    f"this sheet was {original!r} in the template; rename it back to {original!r}",
                )
            )
        else:
            problems.append(
                Problem(
                    f"sheet {original!r}",
                    "the sheet is missing (renamed or deleted); copy it back from the template "
                    "as it was sent, or fill in a fresh template",
                )
            )
    return found, problems


def _merged(title: str, sheet: Any) -> list[Problem]:
    return [
        Problem(
            f"sheet {title!r}, cells {rng.coord}",
            "cells are merged; unmerge them (Home > Merge & Center) so each row has its own value",
        )
        for rng in sheet.merged_cells.ranges
    ]


def _rows(title: str, sheet: Any, keys: dict[str, dict[str, str]], reader: CellReader) -> None:
    """Read one area sheet's rows into ``reader``, recording rows that are not the template's."""
    seen: dict[str, int] = {}
    width = len(COLUMNS)
    for r, cells in enumerate(sheet.iter_rows(min_row=FIRST_ROW, max_col=width), start=FIRST_ROW):
        key = cells[0].value
        filled = any(c.value not in (None, "") for c in cells[1:])
        if key in (None, ""):
            if filled:
                reader.problem(
                    title,
                    r,
                    None,
                    "this row is not one of the template's (it was added by hand, or its hidden "
                    "key was cleared); enter figures only in the rows the template gives",
                )
            continue
        spec = keys.get(str(key))
        if spec is None or spec["sheet"] != title:
            reader.problem(
                title,
                r,
                None,
                "this row was copied from another sheet or template; enter figures only in "
                "the rows this sheet gives",
            )
            continue
        if str(key) in seen:
            reader.problem(
                title,
                r,
                None,
                f"this row repeats row {seen[str(key)]} (a copied row); delete the copy",
            )
            continue
        seen[str(key)] = r
        reader.read(
            Row(sheet=title, row=r, spec=spec, cells={n: cells[column(n) - 1] for n, _ in COLUMNS})
        )


def read_template(
    path: str | os.PathLike[str], *, plan: Plan | None = None, limits: Limits | None = None
) -> ObservationTable:
    """Read a filled reporting template (see :func:`write_template`) into an observation table.

    A blank value is "not reported" and gives no figure.  Numbers may be typed as digits
    with a comma for thousands and a point for decimals (``"1,200"``, ``"12.5"``); a
    milestone reads ``Yes``/``No``; a percentage typed with Excel's ``%`` format is read as
    percent.  Each figure's source names the file, the sheet and the row.

    Args:
        path: The workbook.
        plan: The plan the template should belong to; when given, a template of another
            plan, or one whose indicators the plan no longer has, is refused.
        limits: Size limits (:attr:`Limits.max_workbook_bytes`); defaults when ``None``.

    Returns:
        The figures, whole and valid.

    Raises:
        LoadError: Every problem found, each by sheet, row and column; nothing is returned.
        ImportError: openpyxl is not installed (``pip install 'commit-mef[excel]'``).
        OSError: The file cannot be read.

    Examples:
        >>> import pathlib, tempfile
        >>> from commit_mef import Area, Indicator, Objective, Plan, Target, io
        >>> plan = Plan(code="MY SPA", title="My plan", period="2015",
        ...     indicators=(Indicator(id="trained", name="Officials trained", kind="count",
        ...                           unit="person"),),
        ...     areas=(Area(number=1, title="Policy", objectives=(Objective(id="1.1", title="O",
        ...         targets=(Target(id="t1", indicator="trained", value=100, period="2015",
        ...                         countries=("KHM", "LAO")),)),)),))
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "template.xlsx"
        >>> io.write_template(plan, path)
        >>> import openpyxl
        >>> book = openpyxl.load_workbook(path)
        >>> book["Area 1"]["H5"] = "1,200"
        >>> book["Area 1"]["H6"] = "about 50"
        >>> book.save(path)
        >>> io.read_template(path, plan=plan)
        Traceback (most recent call last):
        ...
        commit_mef.errors.LoadError: ...template.xlsx: 1 problem
          expected a number, got 'about 50'; type digits only, such as 1200 or 1,200 @ sheet 'Area 1', row 6, column Value (H)
        >>> book["Area 1"]["H6"] = 50
        >>> book.save(path)
        >>> [(o.country.alpha_3, o.value) for o in io.read_template(path, plan=plan)]
        [('KHM', Decimal('1200')), ('LAO', Decimal('50'))]
    """
    from commit_mef._validators import check_path

    check_path(path, "read_template()")
    from commit_mef.observations import ObservationTable

    limits = limits or Limits()
    name = os.fspath(path)
    book = _open(name, _bytes(name, limits), limits)
    head, keys = _meta(name, book)
    problems = [] if plan is None else _check_plan(head, keys, plan)
    sheets, missing = _sheets(book, head)
    problems += missing
    reader = CellReader(document=Path(name).name, problems=problems)
    for title, sheet in sheets.items():
        problems += _merged(title, sheet)
        _rows(title, sheet, keys, reader)
        if len(problems) >= _MAX_PROBLEMS:
            break
    if len(reader.observations) > limits.max_rows:
        problems.append(
            Problem("file", f"more than {limits.max_rows:,} figures; raise Limits.max_rows")
        )
    if problems:
        raise LoadError(problems[:_MAX_PROBLEMS], source=name)
    return ObservationTable.from_rows(reader.observations)
