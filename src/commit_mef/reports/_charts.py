"""Charts of a progress report, drawn with matplotlib (the optional ``plot`` extra).

The charts draw what the tables say and nothing else: the budget chart is the
summary's table of budgets over the plan period (a log axis, so Cambodia's tens of
thousands show beside China's millions, and a note naming every country left out);
the people-trained chart shows only areas whose figures the report totals; the
target chart exists only when the plan has targets.  A chart with nothing to draw
is not drawn at all.  Each country keeps one colour in every chart (the Okabe-Ito
palette, safe for colour-blind readers), and names sit on the axis, not in a
legend over the bars.

matplotlib is imported here only, lazily, through the object-oriented API with
the Agg canvas: pyplot and the user's backend are never touched, and every chart
is drawn under matplotlib's own defaults (:func:`matplotlib.rcdefaults` inside
:func:`matplotlib.rc_context`), so a ``matplotlibrc`` in the working folder or a
user's style changes nothing.  TeX is off and every ``$`` in a label is escaped,
so maths markup in plan text shows as it is written.  SVG output is deterministic (fixed ``svg.hashsalt``, no date).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from commit_mef.errors import ValidationError
from commit_mef.reports._model import ProgressReport
from commit_mef.reports._summary import display_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure as MplFigure

__all__ = [
    "STATUSES",
    "budget_series",
    "captions",
    "colour",
    "draw",
    "trained_series",
]

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

_STATUS_COLOURS = ("#009E73", "#56B4E9", "#E69F00", "#BBBBBB", "#EEEEEE", "#999999", "#D55E00")


def _palette() -> dict[str, str]:
    from commit_mef.reports import COUNTRY_COLOURS

    return COUNTRY_COLOURS


def colour(country: str) -> str:
    """The colour of a country in every chart (grey for a country outside the six).

    Examples:
        >>> colour("THA"), colour("MYS")
        ('#E69F00', '#777777')
    """
    return _palette().get(country, "#777777")


def _literal(text: str) -> str:
    return text.replace("$", r"\$")


def budget_series(report: ProgressReport) -> dict[str, Decimal]:
    """The converted budget per country over the plan period: the summary's table.

    Countries that could not be converted are left out (the chart names them).

    Examples:
        >>> from commit_mef.reports import BudgetSummary, CountryMoney
        >>> from commit_mef.reports import Summary
        >>> r = ProgressReport(title="T", plan="P", summary=Summary(budget=BudgetSummary(
        ...     countries=[CountryMoney(country="LAO", converted=Decimal("248681.32")),
        ...                CountryMoney(country="MMR", note="not converted")])))
        >>> budget_series(r)
        {'LAO': Decimal('248681.32')}
    """
    budget = report.summary.budget
    if budget is None:
        return {}
    return {c.country: c.converted for c in budget.countries if c.converted is not None}


def trained_series(report: ProgressReport) -> dict[int | None, dict[str, Decimal]]:
    """People trained per area and country, only in areas where the report totals them.

    An area whose people-trained figures cannot be added up (counts per event, a
    part beside its whole) is left out, as its table refuses the total.

    Examples:
        >>> trained_series(ProgressReport(title="T", plan="P"))
        {}
    """
    out: dict[int | None, dict[str, Decimal]] = {}
    for area in report.areas:
        total = next((t for t in area.totals if t.indicator == "training.people_trained"), None)
        if total is None or total.value is None:
            continue
        per_country: dict[str, Decimal] = {}
        for f in area.figures:
            if f.indicator == total.indicator and isinstance(f.value, Decimal):
                per_country[f.country] = per_country.get(f.country, Decimal(0)) + f.value
        if per_country:
            out[area.number] = per_country
    return out


def _names(report: ProgressReport) -> dict[str, str]:
    names = {f.country: f.country_name for a in report.areas for f in a.figures}
    if report.summary.budget is not None:
        names.update({c.country: c.country_name for c in report.summary.budget.countries})
    return names


def _bars(ax: Axes, labels: list[str], codes: list[str], values: list[Decimal], unit: str) -> None:
    ys = list(range(len(labels)))[::-1]
    floats = [float(v) for v in values]
    ax.barh(ys, floats, color=[colour(c) for c in codes], height=0.6)
    ax.set_yticks(ys, [_literal(label) for label in labels])
    ax.set_xscale("log")
    from matplotlib.ticker import FuncFormatter, NullFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    top = max(floats)
    ax.set_xlim(min(floats) / 3, top * 8)
    for y, value in zip(ys, values, strict=True):
        ax.text(float(value) * 1.15, y, f"{display_number(value)} {unit}", va="center")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _budget_chart(fig: MplFigure, report: ProgressReport) -> None:
    budget = report.summary.budget
    assert budget is not None  # noqa: S101 - only drawn when there is a budget series
    series = budget_series(report)
    names = _names(report)
    codes = list(series)
    ax = fig.add_subplot()
    _bars(ax, [names.get(c) or c for c in codes], codes, [series[c] for c in codes], "")
    label = f"{budget.currency} over {budget.period} (log scale: each step is x10)"
    if budget.left_out:
        label += f"\nNot shown: {', '.join(budget.left_out)} (not converted; see the table)."
    ax.set_xlabel(_literal(label))
    ax.set_title(_literal(f"Budgets over {budget.period}, in {budget.currency}"), loc="left")


def _trained_chart(fig: MplFigure, report: ProgressReport) -> None:
    series = trained_series(report)
    names = _names(report)
    labels, codes, values = [], [], []
    for area, per_country in series.items():
        for code, value in per_country.items():
            where = "other" if area is None else f"Area {area}"
            labels.append(f"{where}: {names.get(code) or code}")
            codes.append(code)
            values.append(value)
    ax = fig.add_subplot()
    _bars(ax, labels, codes, values, "")
    ax.set_title("People trained, where the figures add up", loc="left")
    left = [
        a.heading.split(":")[0]
        for a in report.areas
        if any(t.indicator == "training.people_trained" and t.value is None for t in a.totals)
    ]
    label = "people trained, as reported (log scale)"
    if left:
        label += f"\nNot shown: {', '.join(left)} (the figures cannot be added up)."
    ax.set_xlabel(_literal(label))


def _targets_chart(fig: MplFigure, report: ProgressReport) -> None:
    ax = fig.add_subplot()
    areas = [a for a in report.areas if a.targets]
    labels = [_literal(a.heading.split(":")[0]) for a in areas]
    bottom = [0] * len(areas)
    for status, shade in zip(STATUSES, _STATUS_COLOURS, strict=True):
        counts = [sum(1 for t in a.targets if t.status == status) for a in areas]
        if not any(counts):
            continue
        ax.bar(labels, counts, bottom=bottom, label=status, color=shade, edgecolor="#666")
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    ax.set_ylabel("targets")
    ax.set_title("Target status per area", loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)


def _has_targets(report: ProgressReport) -> bool:
    return any(a.targets for a in report.areas)


#: Inches; with 12-point text, the HTML report keeps charts at least 464 px wide (they
#: scroll in their box on a phone), so chart text is never under 12 px on screen.
_WIDTH = 6.4

_Draw = Callable[["MplFigure", ProgressReport], None]

_CHARTS: dict[str, tuple[_Draw, Callable[[ProgressReport], bool], Callable[[int], float]]] = {
    "budget": (_budget_chart, lambda r: bool(budget_series(r)), lambda n: 1.5 + 0.5 * n),
    "trained": (
        _trained_chart,
        lambda r: bool(trained_series(r)),
        lambda n: 1.5 + 0.5 * n,
    ),
    "targets": (_targets_chart, _has_targets, lambda n: 3.6),
}


def captions(report: ProgressReport) -> dict[str, tuple[str, str]]:
    """Each chart's title and caption, saying what is shown and what is left out."""
    budget = report.summary.budget
    left = (
        f" Not shown: {', '.join(budget.left_out)} (not converted)."
        if budget and budget.left_out
        else ""
    )
    period = budget.period if budget else report.period
    return {
        "budget": (
            f"Budgets over {period}",
            (
                f"Each country's budgets over {period} in {report.currency}, as in the summary "
                f"table, on a log scale so that small and large budgets both show.{left}"
            ),
        ),
        "trained": (
            "People trained",
            "People trained per country, only in areas whose figures can be added up (log scale).",
        ),
        "targets": ("Target status per area", "How many targets of each area have each status."),
    }


def _rows(report: ProgressReport, name: str) -> int:
    if name == "budget":
        return len(budget_series(report))
    return sum(len(v) for v in trained_series(report).values())


def draw(report: ProgressReport, *, fmt: str = "svg") -> dict[str, bytes]:
    """Draw the charts that have something to show; see :func:`commit_mef.reports.charts`."""
    if fmt not in {"svg", "png"}:
        raise ValidationError(f"unknown chart format {fmt!r}; use 'svg' or 'png'", path="fmt")
    wanted = {name: c for name, c in _CHARTS.items() if c[1](report)}
    if not wanted:
        return {}
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    out: dict[str, bytes] = {}
    rc: Any = {
        "svg.hashsalt": "commit-mef",
        "svg.fonttype": "none",
        "font.size": 12,
        "font.family": "sans-serif",
        "text.usetex": False,
    }
    metadata: dict[str, Any] = (
        {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
    )
    with mpl.rc_context():
        mpl.rcdefaults()  # the user's matplotlibrc and style do not apply here
        mpl.rcParams.update(rc)
        for name, (draw_one, _, height) in wanted.items():
            fig = Figure(figsize=(_WIDTH, height(_rows(report, name))), layout="constrained")
            FigureCanvasAgg(fig)
            draw_one(fig, report)
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, metadata=metadata, dpi=100)
            out[name] = buffer.getvalue()
    return out
