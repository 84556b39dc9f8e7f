"""Writing a plan's reporting template: an xlsx workbook a national task force fills in.

openpyxl (the ``excel`` extra) is imported on first use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io as stdio
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from commit_mef.errors import ValidationError
from commit_mef.io._atomic import replace_atomically
from commit_mef.io._xlsx_layout import (
    COLUMNS,
    FIRST_ROW,
    FORMAT,
    HEADER_ROW,
    INSTRUCTIONS,
    META_COLUMNS,
    META_SHEET,
    VERSION,
    Cell,
    column,
    openpyxl,
    sheet_name,
    template_cells,
)

if TYPE_CHECKING:
    from commit_mef.countries import Country
    from commit_mef.periods import Period
    from commit_mef.plans import Plan

__all__ = ["plan_fingerprint", "write_template"]

_WIDTHS = {
    "key": 8,
    "targets": 12,
    "indicator": 54,
    "country": 12,
    "period": 12,
    "breakdown": 22,
    "unit": 17,
    "value": 16,
    "date": 14,
    "note": 40,
}
_INPUT = "FFF2CC"  # the pale yellow of cells to fill in
_HEAD = "DDEBF7"
_GREY = "EDEDED"
_NUMBER_FORMATS = {"count": "#,##0", "money": "#,##0.00", "percentage": "0.0", "ratio": "0.00"}


def plan_fingerprint(plan: Plan) -> str:
    """The SHA-256 of the plan's JSON document: a template names the exact plan it was written for.

    Examples:
        >>> from commit_mef import Plan
        >>> len(plan_fingerprint(Plan(code="P", title="T", period="2015")))
        64
    """
    from commit_mef import io

    return hashlib.sha256(io.dumps(plan).encode("utf-8")).hexdigest()


#: The instructions, one short line a row ("#" starts a heading), so they print on one page.
_HOW_TO = """
# How to fill it in
1. On each area sheet, type each figure in the yellow Value column.
2. Leave a Value blank when the figure is not known: blank means 'not reported'.
   Type 0 only when there were none.
3. Numbers: type digits only, such as 1200 or 1,200 (a comma for thousands,
   a point for decimals). No words such as 'about'.
4. Milestones: choose Yes or No. If Yes, you may give the Date reached,
   as a date (2016-05-31), not as text.
5. Money: type the amount in the currency shown. Where the currency cell offers
   a drop-down, choose the currency the amount is in.
6. Add any remark in the Note column.

# Please do not
- add, delete or move rows, or rename or delete sheets: the workbook is read
  back by the keys it carries;
- merge cells, or type formulas: type the values themselves (copy, paste values);
- protect the file with a password. Save it as .xlsx and send it back.

# Sheets
"""


def _instructions(book: Any, plan: Plan, cells: Mapping[int, list[Cell]]) -> None:
    styles = openpyxl().styles
    sheet = book.active
    sheet.title = INSTRUCTIONS
    sheet.column_dimensions["A"].width = 90
    _printable(sheet, landscape=False)
    lines = [f"# {plan.code} reporting template", plan.title]
    lines += [f"Plan period {plan.effective_period}. One sheet per plan area with targets."]
    lines += _HOW_TO.splitlines()
    lines += [
        f"{sheet_name(n)}: {plan.area(n).title} ({len(rows)} rows)"
        for n, rows in cells.items()
        if rows
    ]
    for i, text in enumerate(lines, start=1):
        heading = text.startswith("# ")
        cell = sheet.cell(row=i, column=1, value=text.removeprefix("# ") or None)
        cell.font = styles.Font(bold=heading, size=14 if i == 1 else 11)


def _validation(cell: Cell, plan: Plan) -> Any:
    dv = openpyxl().worksheet.datavalidation.DataValidation
    common: dict[str, Any] = {"allow_blank": True, "showErrorMessage": True}
    if cell.kind == "milestone":
        return dv(
            type="list",
            formula1='"Yes,No"',
            error="Choose Yes or No.",
            errorTitle="Yes or No",
            **common,
        )
    if cell.kind == "ordinal":
        levels = ",".join(cell.scale)
        return dv(type="list", formula1=f'"{levels}"', error=f"Choose one of: {levels}.", **common)
    if cell.kind == "qualitative":
        return dv(type="textLength", operator="lessThanOrEqual", formula1="4000", **common)
    if cell.kind == "count":
        return dv(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            error="Type a whole number (0 or more), or leave the cell blank.",
            errorTitle="A number",
            **common,
        )
    top = {"percentage": ("between", "100")}.get(cell.kind, ("greaterThanOrEqual", None))
    return dv(
        type="decimal",
        operator=top[0],
        formula1="0",
        formula2=top[1],
        error="Type a number, or leave the cell blank.",
        errorTitle="A number",
        **common,
    )


def _date_validation(plan: Plan) -> Any:
    dv = openpyxl().worksheet.datavalidation.DataValidation
    period = plan.effective_period
    return dv(
        type="date",
        operator="between",
        formula1=str((period.start - dt.date(1899, 12, 30)).days),
        formula2=str((period.end - dt.date(1899, 12, 30)).days),
        allow_blank=True,
        showErrorMessage=True,
        error=f"Type a date within {period}, such as {period.start.isoformat()}.",
        errorTitle="A date",
    )


def _area_sheet(book: Any, plan: Plan, number: int, rows: list[Cell]) -> None:
    from commit_mef.countries import country

    styles = openpyxl().styles
    sheet = book.create_sheet(sheet_name(number))
    area = plan.area(number)
    sheet["A1"] = sheet.title  # the sheet's own name, to recognise it if renamed
    sheet["B1"] = f"Area {number}: {area.title}"
    sheet["B1"].font = styles.Font(bold=True, size=14)
    sheet["B2"] = (
        f"{plan.code}, {plan.effective_period}. Fill in the yellow cells; see Instructions."
    )
    for i, (name, title) in enumerate(COLUMNS, start=1):
        head = sheet.cell(row=HEADER_ROW, column=i, value=title)
        head.font = styles.Font(bold=True)
        head.fill = styles.PatternFill("solid", fgColor=_HEAD)
        sheet.column_dimensions[head.column_letter].width = _WIDTHS[name]
    sheet.column_dimensions["A"].hidden = True
    _printable(sheet)
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=column("value"))
    validations: dict[str, Any] = {}
    dates = _date_validation(plan)
    currencies: dict[str, Any] = {}
    yellow = styles.PatternFill("solid", fgColor=_INPUT)
    grey = styles.PatternFill("solid", fgColor=_GREY)
    for r, cell in enumerate(rows, start=FIRST_ROW):
        values = {
            "key": cell.key,
            "targets": ", ".join(cell.targets),
            "indicator": f"{cell.indicator_name} ({cell.indicator})",
            "country": cell.country_name,
            "period": cell.period,
            "breakdown": cell.breakdown_text,
            "unit": _unit_text(cell),
        }
        for name, value in values.items():
            sheet.cell(row=r, column=column(name), value=value)
        value = sheet.cell(row=r, column=column("value"))
        value.fill = yellow
        value.number_format = _NUMBER_FORMATS.get(cell.kind, "General")
        key = cell.kind if cell.kind != "ordinal" else f"ordinal:{cell.indicator}"
        if key not in validations:
            validations[key] = _validation(cell, plan)
        validations[key].add(value.coordinate)
        date = sheet.cell(row=r, column=column("date"))
        if cell.kind == "milestone":
            date.fill = yellow
            date.number_format = "yyyy-mm-dd"
            dates.add(date.coordinate)
        else:
            date.fill = grey
        sheet.cell(row=r, column=column("note")).fill = yellow
        if cell.kind == "money" and cell.unit == "currency":
            local = country(cell.country).currency or "USD"
            unit = sheet.cell(row=r, column=column("unit"), value=local)
            unit.fill = yellow
            choices = ",".join(dict.fromkeys((local, "USD")))
            if choices not in currencies:
                currencies[choices] = openpyxl().worksheet.datavalidation.DataValidation(
                    type="list", formula1=f'"{choices}"', showErrorMessage=True
                )
            currencies[choices].add(unit.coordinate)
    for validation in (*validations.values(), dates, *currencies.values()):
        if validation.sqref:
            sheet.add_data_validation(validation)


def _printable(sheet: Any, *, landscape: bool = True) -> None:
    """Print one page wide (area sheets in landscape, with the column titles on every page)."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if landscape:
        sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _unit_text(cell: Cell) -> str:
    if cell.kind == "milestone":
        return "Yes / No"
    if cell.kind == "percentage":
        return "percent"
    if cell.kind == "ordinal":
        return "level"
    if cell.kind == "qualitative":
        return "text"
    return cell.unit


def _meta_sheet(book: Any, plan: Plan, cells: Mapping[int, list[Cell]]) -> None:
    from commit_mef import __version__

    sheet = book.create_sheet(META_SHEET)
    sheet.sheet_state = "veryHidden"
    head = [
        ("format", FORMAT),
        ("version", VERSION),
        ("plan", plan.code),
        ("plan_title", plan.title),
        ("plan_sha256", plan_fingerprint(plan)),
        ("written_by", f"commit-mef {__version__}"),
        ("sheets", ";".join(sheet_name(n) for n, rows in cells.items() if rows)),
    ]
    for name, value in head:
        sheet.append([name, value])
    sheet.append([])
    sheet.append(list(META_COLUMNS))
    for rows in cells.values():
        for cell in rows:
            dims = ";".join(f"{d}={c}" for d, c in cell.breakdown)
            sheet.append(
                [
                    cell.key,
                    cell.sheet,
                    cell.area,
                    cell.indicator,
                    cell.kind,
                    cell.unit,
                    cell.country,
                    cell.period,
                    dims,
                    cell.basis,
                    ";".join(cell.scale),
                ]
            )


def write_template(
    plan: Plan,
    path: str | os.PathLike[str],
    *,
    countries: Iterable[Country | str] | None = None,
    periods: Iterable[Period | int | str] | None = None,
    codes: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Write the reporting workbook (xlsx) a plan asks the task forces to fill in.

    One sheet per area with targets, one row per indicator x country x period x
    breakdown the plan's targets ask for: the indicator's name, the unit or currency and
    the period written out; drop-downs for yes/no, currencies and ordinal levels; numbers
    only where numbers go.  An ``Instructions`` sheet says how to fill it in, and hidden
    keys let :func:`read_template` read it back without guessing.

    Args:
        plan: The plan; its targets decide which indicators and countries get rows
            (a target without countries binds every COMMIT member).
        path: Where to write; the file is replaced atomically.
        countries: Only these countries (default: every country a target binds).
        periods: The reporting periods (default: each calendar year of the plan).
        codes: Per dimension id, the codes to give rows (default: the whole code list).

    Raises:
        ImportError: openpyxl is not installed (``pip install 'commit-mef[excel]'``).
        ValidationError: the plan has no targets (for those countries), a target's
            indicator is not in the plan, a code is not in its dimension, or a sheet would
            be too long.

    Examples:
        >>> import pathlib, tempfile
        >>> from commit_mef import Area, Indicator, Objective, Plan, Target, io
        >>> plan = Plan(code="MY SPA", title="My plan", period="2015-2016",
        ...     indicators=(Indicator(id="trained", name="Officials trained", kind="count",
        ...                           unit="person"),),
        ...     areas=(Area(number=1, title="Policy", objectives=(Objective(id="1.1", title="O",
        ...         targets=(Target(id="t1", indicator="trained", value=100, period="2015-2016",
        ...                         countries=("KHM", "LAO")),)),)),))
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "template.xlsx"
        >>> io.write_template(plan, path)
        >>> import openpyxl
        >>> sheet = openpyxl.load_workbook(path)["Area 1"]
        >>> [c.value for c in sheet[5]][2:7]
        ['Officials trained (trained)', 'Cambodia', '2015', 'total', 'person']
    """
    from commit_mef._validators import check_path, check_type
    from commit_mef.plans import Plan as _Plan

    check_type(plan, _Plan, "write_template()")
    check_path(path, "write_template()")
    cells = template_cells(plan, countries=countries, periods=periods, codes=codes)
    if not any(cells.values()):
        raise ValidationError(
            f"plan {plan.code!r} has no targets for the chosen countries and periods, so its "
            "template would ask for nothing; add targets (Plan.add_target) or widen countries=",
            path="plan.areas",
        )
    book = openpyxl().Workbook()
    _instructions(book, plan, cells)
    for number, rows in cells.items():
        if rows:
            _area_sheet(book, plan, number, rows)
    _meta_sheet(book, plan, cells)
    buffer = stdio.BytesIO()
    book.save(buffer)
    replace_atomically(path, lambda out: _copy(buffer, out))


def _copy(buffer: stdio.BytesIO, out: Any) -> None:
    out.write(buffer.getvalue())
