"""The progress-report model: plain frozen values every renderer reads.

Numbers are exact (:class:`~decimal.Decimal`, ``bool`` for milestones); money
shown in US$ is already rounded to cents when the model is built, so every
renderer prints the same figure.  This module holds the report and its sections;
the rows of their tables (figures, totals, targets, budget lines) live in
``_rows`` and are re-exported here, so the builder and the renderers import the
model from one place.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from commit_mef._validators import non_empty_str
from commit_mef.reports import _summaries
from commit_mef.reports._rows import (
    BudgetLine,
    Figure,
    FlagNote,
    RateUsed,
    TargetRow,
    Total,
    TrajectoryPoint,
    format_number,
    rates_text,
)
from commit_mef.reports._summary import (
    BudgetSummary,
    CountryMoney,
    Headline,
    MilestoneMatrix,
    QualityNote,
    Summary,
)
from commit_mef.reports._timeline import TimelineChart

__all__ = [
    "AreaSection",
    "BudgetLine",
    "BudgetSummary",
    "CountryBudget",
    "CountryMoney",
    "Figure",
    "FlagNote",
    "Headline",
    "MilestoneMatrix",
    "ProgressReport",
    "QualityNote",
    "RateUsed",
    "Summary",
    "TargetRow",
    "TimelineChart",
    "Total",
    "TrajectoryPoint",
    "format_number",
    "rates_text",
]


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _figures(value: Iterable[Figure]) -> tuple[Figure, ...]:
    return tuple(value)


def _totals(value: Iterable[Total]) -> tuple[Total, ...]:
    return tuple(value)


def _targets(value: Iterable[TargetRow]) -> tuple[TargetRow, ...]:
    return tuple(value)


def _lines(value: Iterable[BudgetLine]) -> tuple[BudgetLine, ...]:
    return tuple(value)


def _budgets(value: Iterable[CountryBudget]) -> tuple[CountryBudget, ...]:
    return tuple(value)


def _notes(value: Iterable[QualityNote]) -> tuple[QualityNote, ...]:
    return tuple(value)


def _areas(value: Iterable[AreaSection]) -> tuple[AreaSection, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class AreaSection:
    """One area of the plan: its objectives, figures, totals and targets.

    Attributes:
        number: The area number (``None`` for figures outside any area).
        title: The area's title.
        objectives: The area's objectives.
        figures: Every figure reported for the area, in report order.
        totals: Regional totals (or why none) per indicator reported in the area.
        targets: Targets with status.
        targets_note: Why there are no targets, when there are none.
        timeline: The area's targets, interim values and activities on a time
            axis, when it has any with a date.

    Examples:
        >>> AreaSection(number=1, title="Policy and Cooperation").heading
        'Area 1: Policy and Cooperation'
        >>> AreaSection(number=None, title="Other results").heading
        'Other results'
    """

    number: int | None = None
    title: str = ""
    objectives: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    figures: tuple[Figure, ...] = attrs.field(default=(), converter=_figures)
    totals: tuple[Total, ...] = attrs.field(default=(), converter=_totals)
    targets: tuple[TargetRow, ...] = attrs.field(default=(), converter=_targets)
    targets_note: str = ""
    timeline: TimelineChart | None = None

    def __repr__(self) -> str:
        return _summaries.area_summary(self).text()

    def _repr_html_(self) -> str:
        """The area as a small HTML table for Jupyter: its counts and first figures."""
        return _summaries.area_summary(self).html()

    def groups(self) -> tuple[tuple[str, tuple[Figure, ...], Total | None], ...]:
        """The figures grouped by indicator (first-appearance order), each with its total.

        Returns:
            ``(indicator name, figures, total or None)`` per indicator.

        Examples:
            >>> a = AreaSection(number=1, title="P", figures=[
            ...     Figure(id="a", indicator="x", indicator_name="X"),
            ...     Figure(id="b", indicator="y", indicator_name="Y"),
            ...     Figure(id="c", indicator="x", indicator_name="X")])
            >>> [(name, [f.id for f in figs]) for name, figs, _ in a.groups()]
            [('X', ['a', 'c']), ('Y', ['b'])]
        """
        grouped: dict[str, list[Figure]] = {}
        for figure in self.figures:
            grouped.setdefault(figure.indicator, []).append(figure)
        totals = {t.indicator: t for t in self.totals}
        return tuple(
            (figs[0].indicator_name or ind, tuple(figs), totals.get(ind))
            for ind, figs in grouped.items()
        )

    @property
    def heading(self) -> str:
        """``"Area N: Title"``, or the title alone for figures outside any area.

        Examples:
            >>> AreaSection(number=5, title="Data").heading
            'Area 5: Data'
            >>> AreaSection(number=1, title="Area 1").heading
            'Area 1'
        """
        if self.number is None:
            return self.title
        label = f"Area {self.number}"
        if not self.title.strip() or self.title.strip().lower() == label.lower():
            return label
        return f"{label}: {self.title}"


@attrs.frozen(kw_only=True)
class CountryBudget:
    """The budget figures of one country.

    Attributes:
        country: Alpha-3 code.
        country_name: The COMMIT spelling.
        lines: The country's budget figures.

    Examples:
        >>> CountryBudget(country="LAO", country_name="Lao PDR").lines
        ()
    """

    country: str = attrs.field(validator=non_empty_str)
    country_name: str = ""
    lines: tuple[BudgetLine, ...] = attrs.field(default=(), converter=_lines)

    def __repr__(self) -> str:
        return _summaries.budget_summary(self).text()

    def _repr_html_(self) -> str:
        """The budget as a small HTML table for Jupyter: its lines, as written and converted."""
        return _summaries.budget_summary(self).html()


@attrs.frozen(kw_only=True)
class ProgressReport:
    """A progress report of a plan against reported figures: what every renderer reads.

    Attributes:
        title: The report's title.
        plan: The plan's code (``"SPA III"``).
        plan_title: The plan's title.
        period: The plan period, including any extension (``"2011-2014"``).
        source: Where the figures come from.
        currency: The currency budgets are converted to (``"USD"``).
        rates_source: Source and vintage of the exchange rates.
        countries: The countries the report covers (alpha-3), in report order.
        areas: One section per area.
        budgets: One entry per country with budget figures.
        notes: Notes on the whole report (filters applied, what was left out).
        warnings: What may be wrong with the figures as a whole (figures that matched
            nothing in the plan: another plan's data, unknown indicators); the command
            line also prints them on stderr.
        summary: What a reader needs first: headlines per area, milestones by country,
            budgets over the plan period, target status.
        other_money: Money that is not a budget (compensation awarded to a victim),
            per country, in the same form as ``budgets``.
        quality_notes: The data-quality notes, each written once with the figures it
            concerns (the detail tables refer to them by number).
        generated: The day the report was made (ISO date).
        version: The version of ``commit_mef`` that made it.

    Examples:
        >>> r = ProgressReport(title="T", plan="SPA III", plan_title="P", period="2011-2014")
        >>> r.figure_count
        0
    """

    title: str = attrs.field(validator=non_empty_str)
    plan: str = attrs.field(validator=non_empty_str)
    plan_title: str = ""
    period: str = ""
    source: str = ""
    currency: str = "USD"
    rates_source: str = ""
    countries: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    areas: tuple[AreaSection, ...] = attrs.field(default=(), converter=_areas)
    budgets: tuple[CountryBudget, ...] = attrs.field(default=(), converter=_budgets)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    warnings: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    summary: Summary = attrs.field(factory=Summary)
    other_money: tuple[CountryBudget, ...] = attrs.field(default=(), converter=_budgets)
    quality_notes: tuple[QualityNote, ...] = attrs.field(default=(), converter=_notes)
    generated: str = ""
    version: str = ""

    def notes_of(self, figure: str) -> tuple[int, ...]:
        """The numbers of the quality notes that concern a figure (by its id).

        Examples:
            >>> r = ProgressReport(title="T", plan="P", quality_notes=[
            ...     QualityNote(number=1, code="c", figures=["a", "b"])])
            >>> r.notes_of("b"), r.notes_of("z")
            ((1,), ())
        """
        return tuple(n.number for n in self.quality_notes if figure in n.figures)

    def __repr__(self) -> str:
        return _summaries.report_summary(self).text()

    def _repr_html_(self) -> str:
        """The report as a small HTML table for Jupyter: its counts and one row per area."""
        return _summaries.report_summary(self).html()

    @property
    def figure_count(self) -> int:
        """How many figures the report shows, over all areas.

        Examples:
            >>> ProgressReport(title="T", plan="P").figure_count
            0
        """
        return sum(len(a.figures) for a in self.areas)

    @property
    def findings(self) -> tuple[BudgetLine, ...]:
        """The budget lines whose stated equivalent disagrees with reference rates.

        Examples:
            >>> ProgressReport(title="T", plan="P").findings
            ()
        """
        return tuple(
            line for b in (*self.budgets, *self.other_money) for line in b.lines if line.finding
        )
