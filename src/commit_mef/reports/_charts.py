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
import textwrap
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
    "LAYOUTS",
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


def _compact(x: float) -> str:
    for size, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if x >= size:
            return f"{x / size:,.0f}{suffix}"
    return f"{x:,.0f}"


def _bars(
    ax: Axes,
    labels: list[str],
    codes: list[str],
    values: list[Decimal],
    unit: str,
    *,
    narrow: bool = False,
) -> None:
    """Horizontal bars on a log axis; narrow: each name above its bar, fewer, shorter ticks."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    step = 1.6 if narrow else 1.0  # a narrow row holds the name and the bar under it
    ys = [step * k for k in range(len(labels))][::-1]
    floats = [float(v) for v in values]
    ax.barh(ys, floats, color=[colour(c) for c in codes], height=0.6)
    ax.set_xscale("log")
    if narrow:
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.xaxis.set_major_locator(LogLocator(numticks=4))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: _compact(x)))
    else:
        ax.set_yticks(ys, [_literal(label) for label in labels])
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    top = max(floats)
    low = min(floats) / 3
    ax.set_xlim(low, top * (12 if narrow else 8))
    if narrow:
        ax.set_ylim(-0.5, ys[0] + 1.1)
        for y, label in zip(ys, labels, strict=True):
            ax.text(low, y + 0.4, _literal(label), va="bottom", ha="left")
    for y, value in zip(ys, values, strict=True):
        ax.text(float(value) * 1.15, y, f"{display_number(value)} {unit}".strip(), va="center")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _wrap(text: str, narrow: bool) -> str:
    """Narrow charts wrap their titles and notes to the phone's width (48 characters)."""
    return textwrap.fill(text, 48) if narrow else text


def _axis_label(fig: MplFigure, ax: Axes, label: str, left_out: str, narrow: bool) -> None:
    """The axis label under the axis; what is left out under it, from the figure's left edge.

    The note starts at the left edge of the figure, not at the middle of the axis, so that
    a long one wraps inside the figure instead of running off its right edge.
    """
    ax.set_xlabel(_literal(_wrap(label, narrow)), loc="left" if narrow else "center")
    if left_out:
        note = textwrap.fill(left_out, 48 if narrow else 68)
        fig.supxlabel(_literal(note), x=0.01, ha="left", fontsize="medium")


def _budget_chart(fig: MplFigure, report: ProgressReport, narrow: bool) -> None:
    budget = report.summary.budget
    assert budget is not None  # noqa: S101 - only drawn when there is a budget series
    series = budget_series(report)
    names = _names(report)
    codes = list(series)
    ax = fig.add_subplot()
    values = [series[c] for c in codes]
    _bars(ax, [names.get(c) or c for c in codes], codes, values, "", narrow=narrow)
    label = f"{budget.currency} over {budget.period} (log scale: each step is x10)"
    left_out = ""
    if budget.left_out:
        left_out = f"Not shown: {', '.join(budget.left_out)} (not converted; see the table)."
    _axis_label(fig, ax, label, left_out, narrow)
    title = f"Budgets over {budget.period}, in {budget.currency}"
    ax.set_title(_literal(_wrap(title, narrow)), loc="left")


def _trained_chart(fig: MplFigure, report: ProgressReport, narrow: bool) -> None:
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
    _bars(ax, labels, codes, values, "", narrow=narrow)
    ax.set_title(_wrap("People trained, where the figures add up", narrow), loc="left")
    left = [
        a.heading.split(":")[0]
        for a in report.areas
        if any(t.indicator == "training.people_trained" and t.value is None for t in a.totals)
    ]
    note = f"Not shown: {', '.join(left)} (the figures cannot be added up)." if left else ""
    _axis_label(fig, ax, "people trained, as reported (log scale)", note, narrow)


def _targets_chart(fig: MplFigure, report: ProgressReport, narrow: bool) -> None:
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
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4 if narrow else "auto"))
    ax.set_title("Target status per area", loc="left")
    if narrow:  # below the bars, across the phone's width
        fig.legend(loc="outside lower left", ncols=2, frameon=False)
    else:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)


def _has_targets(report: ProgressReport) -> bool:
    return any(a.targets for a in report.areas)


#: The layouts, by name: the figure's width in inches (72 SVG units to the inch) and its
#: height for ``n`` bars.  Text is 12 points, so the wide charts (460.8 units) show it at
#: 12 px or more in any box at least 461 px wide, and the narrow charts (345.6 units),
#: drawn for a phone, in any box at least 346 px wide: a 390 px phone gives them 374 px.
LAYOUTS: dict[str, tuple[float, Callable[[int], float]]] = {
    "wide": (6.4, lambda n: 1.5 + 0.5 * n),
    "narrow": (4.8, lambda n: 1.9 + 0.55 * n),
}

_Draw = Callable[["MplFigure", ProgressReport, bool], None]

_CHARTS: dict[str, tuple[_Draw, Callable[[ProgressReport], bool]]] = {
    "budget": (_budget_chart, lambda r: bool(budget_series(r))),
    "trained": (_trained_chart, lambda r: bool(trained_series(r))),
    "targets": (_targets_chart, _has_targets),
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
    if name == "targets":
        return 4
    return sum(len(v) for v in trained_series(report).values())


def _size(layout: str, name: str, rows: int) -> tuple[float, float]:
    width, height = LAYOUTS[layout]
    if name == "targets":  # a fixed height; the narrow legend sits below the bars
        return width, 3.6 if layout == "wide" else 4.6
    return width, height(rows)


def draw(report: ProgressReport, *, fmt: str = "svg", layout: str = "wide") -> dict[str, bytes]:
    """Draw the charts that have something to show; see :func:`commit_mef.reports.charts`."""
    if fmt not in {"svg", "png"}:
        raise ValidationError(f"unknown chart format {fmt!r}; use 'svg' or 'png'", path="fmt")
    if layout not in LAYOUTS:
        raise ValidationError(
            f"unknown chart layout {layout!r}; use 'wide' or 'narrow' (for a phone)",
            path="layout",
        )
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
        "axes.titlesize": 12 if layout == "narrow" else "large",
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],  # matplotlib's own; one name per text, not eleven
        "text.usetex": False,
    }
    metadata: dict[str, Any] = (
        {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
    )
    with mpl.rc_context():
        mpl.rcdefaults()  # the user's matplotlibrc and style do not apply here
        mpl.rcParams.update(rc)
        for name, (draw_one, _) in wanted.items():
            size = _size(layout, name, _rows(report, name))
            fig = Figure(figsize=size, layout="constrained")
            FigureCanvasAgg(fig)
            draw_one(fig, report, layout == "narrow")
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, metadata=metadata, dpi=100)
            out[name] = buffer.getvalue()
    return out
