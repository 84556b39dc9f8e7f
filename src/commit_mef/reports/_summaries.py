"""What a progress report and its parts (areas, budgets, timelines) show at the prompt and in Jupyter.

Each function returns a :class:`~commit_mef._display.Summary` (a heading, a few lines of
counts, the first rows) that the model's ``__repr__`` and ``_repr_html_`` render; the
whole report is still :func:`commit_mef.reports.render` or :func:`commit_mef.io.dumps`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from commit_mef._display import HTML_ROWS, Summary, clean, counts

if TYPE_CHECKING:
    from commit_mef.reports._model import AreaSection, CountryBudget, ProgressReport
    from commit_mef.reports._rows import BudgetLine
    from commit_mef.reports._timeline import TimelineChart


def report_summary(report: ProgressReport) -> Summary:
    """The report's plan, period, counts and one row per area.

    Examples:
        >>> from commit_mef.reports import AreaSection, ProgressReport
        >>> r = ProgressReport(title="T", plan="P", period="2015",
        ...                    areas=[AreaSection(number=1, title="Policy")])
        >>> report_summary(r).rows
        (('Area 1: Policy', '0', '0', '0'),)
    """
    lines = [
        f"plan {report.plan}" + (f": {report.plan_title}" if report.plan_title else ""),
        f"period {report.period or 'not given'}, countries {', '.join(report.countries) or 'none'}",
        counts(
            (len(report.areas), "area"),
            (report.figure_count, "figure"),
            (sum(len(a.totals) for a in report.areas), "total"),
            (sum(len(a.targets) for a in report.areas), "target"),
        ),
        counts(
            (len(report.budgets), "country budget"),
            (len(report.findings), "finding"),
            (len(report.notes), "note"),
            (len(report.warnings), "warning"),
        ),
    ]
    if report.source:
        lines.append(f"figures from {report.source}")
    return Summary(
        kind="ProgressReport",
        name=report.title,
        lines=lines,
        header=("area", "figures", "totals", "targets"),
        rows=(
            (a.heading, str(len(a.figures)), str(len(a.totals)), str(len(a.targets)))
            for a in report.areas[:HTML_ROWS]
        ),
        total=len(report.areas),
        noun="area",
    )


def area_summary(area: AreaSection) -> Summary:
    """The area's counts and its first figures.

    Examples:
        >>> from commit_mef.reports import AreaSection
        >>> area_summary(AreaSection(number=2, title="Law")).lines
        ('0 objectives, 0 figures, 0 totals, 0 targets',)
    """
    lines = [
        counts(
            (len(area.objectives), "objective"),
            (len(area.figures), "figure"),
            (len(area.totals), "total"),
            (len(area.targets), "target"),
        )
    ]
    if area.targets_note:
        lines.append(area.targets_note)
    return Summary(
        kind="AreaSection",
        name=area.heading,
        lines=lines,
        header=("figure", "country", "period", "value"),
        rows=(
            (f.id, f.country_name or f.country, f.period or "", _value(f.as_written, f.value))
            for f in area.figures[:HTML_ROWS]
        ),
        total=len(area.figures),
        noun="figure",
    )


def budget_summary(budget: CountryBudget) -> Summary:
    """The country's budget lines: amount as written, and converted.

    Examples:
        >>> from commit_mef.reports import CountryBudget
        >>> budget_summary(CountryBudget(country="LAO", country_name="Lao PDR")).name
        'LAO Lao PDR'
    """
    return Summary(
        kind="CountryBudget",
        name=f"{budget.country} {budget.country_name}".strip(),
        lines=(counts((len(budget.lines), "budget line")),),
        header=("figure", "period", "amount", "converted"),
        rows=(
            (
                line.figure,
                line.period or "",
                f"{line.currency} {line.amount:,}",
                "" if line.converted is None else f"{line.to} {line.converted:,}",
            )
            for line in budget.lines[:HTML_ROWS]
        ),
        total=len(budget.lines),
        noun="budget line",
    )


def _value(as_written: str | None, value: object) -> str:
    return as_written if as_written else ("" if value is None else str(value))


def timeline_summary(chart: TimelineChart) -> Summary:
    """The chart's span, counts and one row per lane.

    Examples:
        >>> from commit_mef import Period
        >>> from commit_mef.reports import TimelineChart, TimelineLane
        >>> chart = TimelineChart(title="SPA IV", span=Period.years(2015, 2018),
        ...                       lanes=[TimelineLane(label="Target 4.1")])
        >>> timeline_summary(chart).rows
        (('Target 4.1', '', '0', '0'),)
    """
    return Summary(
        kind="TimelineChart",
        name=chart.title,
        lines=(
            f"span {chart.span}, "
            + counts(
                (len(chart.lanes), "lane"),
                (sum(len(lane.bars) for lane in chart.lanes), "bar"),
                (sum(len(lane.marks) for lane in chart.lanes), "mark"),
            ),
        ),
        header=("lane", "group", "bars", "marks"),
        rows=(
            (lane.label, lane.group, str(len(lane.bars)), str(len(lane.marks)))
            for lane in chart.lanes[:HTML_ROWS]
        ),
        total=len(chart.lanes),
        noun="lane",
    )


def budget_line_text(line: BudgetLine) -> str:
    """A budget line on one line: its figure, amount, period and what it converts to.

    Examples:
        >>> from decimal import Decimal
        >>> from commit_mef.reports import BudgetLine
        >>> budget_line_text(BudgetLine(figure="LAO.1.budget", amount=Decimal("2000000000"),
        ...                             currency="LAK", period="2014",
        ...                             converted=Decimal("248681.32")))
        '<BudgetLine LAO.1.budget: LAK 2,000,000,000 over 2014 = USD 248,681.32 (0 rates, 0 flags)>'
    """
    over = f" over {line.period}" if line.period else ""
    converted = "" if line.converted is None else f" = {line.to} {line.converted:,}"
    facts = counts((len(line.rates), "rate"), (len(line.flags), "flag"))
    if line.finding:
        facts += ", a finding"
    text = f"<BudgetLine {line.figure}: {line.currency} {line.amount:,}{over}{converted} ({facts})>"
    return clean(text, width=300)
