"""Charts of a progress report, drawn with matplotlib (the optional ``plot`` extra).

matplotlib is imported here only, lazily, through the object-oriented API with
the Agg canvas: pyplot and the user's backend are never touched.  SVG output is
deterministic (fixed ``svg.hashsalt``, no date in the metadata).
"""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from commit_mef.errors import ValidationError
from commit_mef.periods import Period
from commit_mef.reports._model import BudgetLine, ProgressReport

if TYPE_CHECKING:
    from matplotlib.figure import Figure as MplFigure

__all__ = ["STATUSES", "budget_series", "draw", "trained_series"]

#: Target statuses in the order the chart stacks them.
STATUSES = (
    "achieved",
    "on track",
    "off track",
    "not started",
    "no data",
    "not assessed",
    "not measured",
)

_STATUS_COLOURS = ("#2e7d32", "#9ccc65", "#ef6c00", "#bdbdbd", "#eeeeee", "#90a4ae", "#b71c1c")
_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b")
_DAYS_PER_YEAR = Decimal("365.25")


def _years(period: str) -> list[int]:
    try:
        parsed = Period.parse(period)
    except ValidationError:
        return []
    return list(range(parsed.start.year, parsed.end.year + 1))


def _overlap_days(period: Period, year: int) -> int:
    common = period.intersection(Period.year(year))
    return 0 if common is None else common.days


def _annual_rate(line: BudgetLine, period: Period) -> Decimal | None:
    if line.converted is None:
        return None
    if line.basis == "per-year":
        return line.converted
    if line.basis == "total":
        return line.converted / (Decimal(period.days) / _DAYS_PER_YEAR)
    return None  # per-person awards and the like are not budgets over time


def budget_series(report: ProgressReport) -> dict[str, dict[int, Decimal]]:
    """Converted budget per country and calendar year of the plan period.

    A per-year figure counts in every year it covers; a multi-year total is spread
    evenly over its days; a fiscal year is split between the calendar years it
    overlaps, by days.  Figures flagged ``duplicate-fact`` restate another figure
    and are left out.

    Examples:
        >>> from commit_mef.reports import BudgetLine, CountryBudget
        >>> r = ProgressReport(title="T", plan="P", period="2011-2014", budgets=[
        ...     CountryBudget(country="LAO", lines=[BudgetLine(
        ...         figure="x", period="2014", basis="per-year", amount=Decimal(1),
        ...         currency="LAK", converted=Decimal("246.66"))])])
        >>> budget_series(r)["LAO"][2014]
        Decimal('246.66')
    """
    years = _years(report.period)
    series: dict[str, dict[int, Decimal]] = {}
    for budget in report.budgets:
        per_year: dict[int, Decimal] = dict.fromkeys(years, Decimal(0))
        for line in budget.lines:
            if line.period is None or any(f.code == "duplicate-fact" for f in line.flags):
                continue
            try:
                period = Period.parse(line.period)
            except ValidationError:
                continue
            rate = _annual_rate(line, period)
            if rate is None:
                continue
            for year in years:
                days = _overlap_days(period, year)
                if days:
                    share = Decimal(days) / Decimal(Period.year(year).days)
                    per_year[year] += (rate * share).quantize(Decimal("0.01"))
        if any(per_year.values()):
            series[budget.country] = per_year
    return series


def trained_series(report: ProgressReport) -> dict[int | None, dict[str, Decimal]]:
    """People trained per area and country, as reported (totals only).

    Counts given per event are left out (they are not totals), and so are figures
    the data record as a subset of another (``subset_of``).

    Examples:
        >>> trained_series(ProgressReport(title="T", plan="P"))
        {}
    """
    out: dict[int | None, dict[str, Decimal]] = {}
    for area in report.areas:
        per_country: dict[str, Decimal] = defaultdict(Decimal)
        for figure in area.figures:
            if (
                figure.indicator == "training.people_trained"
                and figure.basis == "total"
                and figure.subset_of is None
                and isinstance(figure.value, Decimal)
            ):
                per_country[figure.country] += figure.value
        if per_country:
            out[area.number] = dict(per_country)
    return out


def _colour(country: str, order: list[str]) -> str:
    return _PALETTE[order.index(country) % len(_PALETTE)]


def _budget_chart(fig: MplFigure, report: ProgressReport) -> None:
    ax = fig.add_subplot()
    series = budget_series(report)
    years = _years(report.period)
    if not series or not years:
        ax.text(0.5, 0.5, "No convertible budget figures", ha="center", va="center")
        ax.set_axis_off()
        return
    countries = list(series)
    width = 0.8 / len(countries)
    for k, country in enumerate(countries):
        xs = [i + (k - (len(countries) - 1) / 2) * width for i in range(len(years))]
        ys = [float(series[country][y]) / 1e6 for y in years]
        ax.bar(xs, ys, width=width, label=country, color=_colour(country, countries))
    ax.set_xticks(range(len(years)), [str(y) for y in years])
    ax.set_ylabel(f"million {report.currency} per year")
    ax.set_title(f"Budget per country, {report.currency} per year")
    ax.legend(fontsize="small", ncols=min(len(countries), 6))


def _trained_chart(fig: MplFigure, report: ProgressReport) -> None:
    ax = fig.add_subplot()
    series = trained_series(report)
    if not series:
        ax.text(0.5, 0.5, "No people-trained totals reported", ha="center", va="center")
        ax.set_axis_off()
        return
    areas = list(series)
    countries = sorted({c for v in series.values() for c in v}, key=_report_order(report))
    width = 0.8 / len(countries)
    for k, country in enumerate(countries):
        xs = [i + (k - (len(countries) - 1) / 2) * width for i in range(len(areas))]
        ys = [float(series[a].get(country, Decimal(0))) for a in areas]
        ax.bar(xs, ys, width=width, label=country, color=_colour(country, countries))
    labels = ["other" if a is None else f"Area {a}" for a in areas]
    ax.set_xticks(range(len(areas)), labels)
    ax.set_ylabel("people trained (as reported)")
    ax.set_title("People trained per area and country")
    ax.legend(fontsize="small", ncols=min(len(countries), 6))


def _report_order(report: ProgressReport) -> Any:
    order = list(report.countries)

    def key(country: str) -> tuple[int, str]:
        return (order.index(country) if country in order else len(order), country)

    return key


def _targets_chart(fig: MplFigure, report: ProgressReport) -> None:
    ax = fig.add_subplot()
    areas = [a for a in report.areas if a.targets]
    if not areas:
        ax.text(0.5, 0.5, f"{report.plan} sets no targets with values", ha="center", va="center")
        ax.set_axis_off()
        return
    labels = [a.heading.split(":")[0] for a in areas]
    bottom = [0] * len(areas)
    for status, colour in zip(STATUSES, _STATUS_COLOURS, strict=True):
        counts = [sum(1 for t in a.targets if t.status == status) for a in areas]
        ax.bar(labels, counts, bottom=bottom, label=status, color=colour, edgecolor="#666")
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    ax.set_ylabel("targets")
    ax.set_title("Target status per area")
    ax.legend(fontsize="small")


_CHARTS = {"budget": _budget_chart, "trained": _trained_chart, "targets": _targets_chart}


def draw(report: ProgressReport, *, fmt: str = "svg") -> dict[str, bytes]:
    """Draw every chart of the report; see :func:`commit_mef.reports.charts`."""
    if fmt not in {"svg", "png"}:
        raise ValidationError(f"unknown chart format {fmt!r}; use 'svg' or 'png'", path="fmt")
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    out: dict[str, bytes] = {}
    rc: Any = {"svg.hashsalt": "commit-mef", "svg.fonttype": "none", "font.size": 9}
    metadata: dict[str, Any] = (
        {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
    )
    with mpl.rc_context(rc):
        for name, draw_one in _CHARTS.items():
            fig = Figure(figsize=(8, 4), layout="constrained")
            FigureCanvasAgg(fig)
            draw_one(fig, report)
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, metadata=metadata)
            out[name] = buffer.getvalue()
    return out
