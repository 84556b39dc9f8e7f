"""The reporting workbook's layout: its sheets, columns and keys, shared by writer and reader.

A template has one sheet per plan area (``Area 4``), an ``Instructions`` sheet, and a very
hidden sheet (``_commit_mef``) that names the format, the plan and, per row of every area
sheet, the cell the row reports: indicator, kind, unit, country, period, breakdown and basis.
Each area sheet also keeps the row's key in a hidden first column, so a reader finds every
figure by key, never by position or by the text a person may have retyped.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from commit_mef.errors import NotFoundError, ValidationError

if TYPE_CHECKING:
    from commit_mef.countries import Country
    from commit_mef.indicators import Indicator
    from commit_mef.periods import Period
    from commit_mef.plans import Plan

__all__ = [
    "COLUMNS",
    "FIRST_ROW",
    "FORMAT",
    "HEADER_ROW",
    "INSTRUCTIONS",
    "META_COLUMNS",
    "META_SHEET",
    "VERSION",
    "Cell",
    "column",
    "openpyxl",
    "sheet_name",
    "template_cells",
]

#: The format name written in the hidden sheet; a workbook without it is not a template.
FORMAT: Final = "commit-mef-template"
#: The layout version this package writes and reads.
VERSION: Final = 1
META_SHEET: Final = "_commit_mef"
INSTRUCTIONS: Final = "Instructions"
#: The row of column titles on every area sheet, and the first row of figures.
HEADER_ROW: Final = 4
FIRST_ROW: Final = 5
#: Column names of an area sheet, in order (``key`` is hidden), with their titles.
COLUMNS: Final = (
    ("key", "key"),
    ("targets", "Target"),
    ("indicator", "Indicator"),
    ("country", "Country"),
    ("period", "Period"),
    ("breakdown", "Breakdown"),
    ("unit", "Unit or currency"),
    ("value", "Value"),
    ("date", "Date reached"),
    ("note", "Note"),
)
#: Columns of the per-row table in the hidden sheet.
META_COLUMNS: Final = (
    "key",
    "sheet",
    "area",
    "indicator",
    "kind",
    "unit",
    "country",
    "period",
    "breakdown",
    "basis",
    "scale",
)
#: The most rows a template may have on one sheet (Excel's own limit is 1,048,576).
_MAX_CELLS: Final = 100_000


def column(name: str) -> int:
    """The 1-based column number of an area-sheet column.

    Examples:
        >>> column("key"), column("value")
        (1, 8)
    """
    for i, (key, _title) in enumerate(COLUMNS, start=1):
        if key == name:
            return i
    raise NotFoundError(
        f"the area sheet has no column {name!r}",
        what="column",
        key=name,
        available=(key for key, _title in COLUMNS),
    )


def sheet_name(number: int) -> str:
    """The name of an area's sheet.

    Examples:
        >>> sheet_name(4)
        'Area 4'
    """
    return f"Area {number}"


def openpyxl() -> Any:
    """The openpyxl module, or an ImportError naming the ``excel`` extra."""
    try:
        import openpyxl as module
    except ImportError:
        raise ImportError(
            "reading and writing xlsx reporting templates needs openpyxl: "
            "pip install 'commit-mef[excel]'"
        ) from None
    return module


@attrs.frozen(kw_only=True)
class Cell:
    """One row of a template: the figure the plan asks one country for, over one period.

    Attributes:
        key: The row's key (hidden column A of its sheet).
        sheet: The sheet it is on.
        area: The area number.
        indicator: The indicator id.
        indicator_name: The indicator's name.
        kind: The indicator's kind (``"count"``, ``"milestone"``...).
        unit: The count unit, the currency (``"currency"``: the country's own), or ``""``.
        country: Alpha-3 code.
        country_name: The COMMIT spelling.
        period: The period, as text (``"2015"``).
        breakdown: ``(dimension, code)`` pairs, empty for the total.
        basis: ``"total"`` for flows over the period, ``"point"`` for states at its end.
        targets: The ids of the targets the figure serves.
        scale: For an ordinal indicator, its levels.
    """

    key: str
    sheet: str
    area: int
    indicator: str
    indicator_name: str = ""
    kind: str = "count"
    unit: str = ""
    country: str = ""
    country_name: str = ""
    period: str = ""
    breakdown: tuple[tuple[str, str], ...] = ()
    basis: str = "total"
    targets: tuple[str, ...] = ()
    scale: tuple[str, ...] = ()

    @property
    def breakdown_text(self) -> str:
        """The breakdown as a person reads it (``"sex: female"``), ``"total"`` for none."""
        return "; ".join(f"{d}: {c}" for d, c in self.breakdown) or "total"


def _targets_by_area(plan: Plan) -> dict[str, tuple[int, list[str], list[Country]]]:
    """Per indicator: the first area whose targets use it, those targets, their countries."""
    from commit_mef.countries import GMS
    from commit_mef.plans import Level

    found: dict[str, tuple[int, list[str], list[Country]]] = {}
    for area in plan.areas:
        for objective in area.objectives:
            for target in objective.targets:
                _first, ids, countries = found.setdefault(target.indicator, (area.number, [], []))
                ids.append(target.id)
                binds = target.countries or (GMS if target.level is not Level.BILATERAL else ())
                countries.extend(c for c in binds if c not in countries)
    return found


def _breakdowns(
    indicator: Indicator, codes: Mapping[str, Sequence[str]]
) -> list[tuple[tuple[str, str], ...]]:
    """The total, then every combination of the indicator's dimension codes."""
    lists = []
    for dim in indicator.dimensions:
        chosen = tuple(codes.get(dim.id, dim.codes))
        unknown = [c for c in chosen if c not in dim]
        if unknown:
            raise ValidationError(
                f"codes {', '.join(map(repr, unknown))} are not in dimension {dim.id!r}; "
                f"choose among {', '.join(dim.codes[:12])}",
                path=f"codes[{dim.id!r}]",
            )
        lists.append([(dim.id, c) for c in chosen])
    combos = [tuple(c) for c in itertools.product(*lists)] if lists else []
    return [(), *combos]


def _unit(indicator: Indicator) -> str:
    return indicator.unit or ""


def _basis(indicator: Indicator) -> str:
    from commit_mef.indicators import TimeAggregation

    return "total" if indicator.rule.over_time is TimeAggregation.SUM else "point"


def template_cells(
    plan: Plan,
    *,
    countries: Iterable[Country | str] | None = None,
    periods: Iterable[Period | int | str] | None = None,
    codes: Mapping[str, Sequence[str]] | None = None,
) -> dict[int, list[Cell]]:
    """The rows of a plan's template, per area number (areas without targets have none).

    Raises:
        ValidationError: a target's indicator is not in the plan, a code is not in its
            dimension, or one sheet would hold more than 100,000 rows.

    Examples:
        >>> from commit_mef import Area, Indicator, Objective, Plan, Target
        >>> plan = Plan(code="P", title="T", period="2015-2016",
        ...     indicators=(Indicator(id="law", name="Law enacted", kind="milestone"),),
        ...     areas=(Area(number=1, title="Policy", objectives=(Objective(id="1.1", title="O",
        ...         targets=(Target(id="t", indicator="law", value=True, countries=("KHM",)),)),)),))
        >>> [(c.country, c.period) for c in template_cells(plan)[1]]
        [('KHM', '2015'), ('KHM', '2016')]
    """
    from commit_mef.countries import country
    from commit_mef.periods import Period

    wanted = None if countries is None else [country(c) for c in countries]
    spans = (
        plan.effective_period.split_by_year()
        if periods is None
        else tuple(Period.coerce(p, field="periods") for p in periods)
    )
    indicators = {i.id: i for i in plan.indicators}
    cells: dict[int, list[Cell]] = {a.number: [] for a in plan.areas}
    for ind_id, (number, target_ids, bound) in _targets_by_area(plan).items():
        indicator = indicators.get(ind_id)
        if indicator is None:
            raise ValidationError(
                f"target {target_ids[0]!r} is measured by {ind_id!r}, which the plan does not "
                "define; add the indicator to plan.indicators before writing a template",
                path="plan.indicators",
            )
        members = [c for c in bound if wanted is None or c in wanted]
        for place, span, breakdown in itertools.product(
            members, spans, _breakdowns(indicator, codes or {})
        ):
            dims = ";".join(f"{d}={c}" for d, c in breakdown)
            cells[number].append(
                Cell(
                    key=f"{ind_id}|{place.alpha_3}|{span}|{dims}",
                    sheet=sheet_name(number),
                    area=number,
                    indicator=ind_id,
                    indicator_name=indicator.name,
                    kind=indicator.kind.value,
                    unit=_unit(indicator),
                    country=place.alpha_3,
                    country_name=place.name,
                    period=str(span),
                    breakdown=breakdown,
                    basis=_basis(indicator),
                    targets=tuple(target_ids),
                    scale=tuple(indicator.scale or ()),
                )
            )
        if len(cells[number]) > _MAX_CELLS:
            raise ValidationError(
                f"area {number} would need {len(cells[number]):,} rows; choose fewer countries, "
                "periods or breakdown codes (codes={'nationality': ('KHM', 'VNM')})",
                path="codes",
            )
    return cells
