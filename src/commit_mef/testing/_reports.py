"""Strategies for the progress-report model (:mod:`commit_mef.reports`)."""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

from commit_mef.periods import Period
from commit_mef.reports import (
    BAR_KINDS,
    MARK_KINDS,
    AreaSection,
    BudgetLine,
    CountryBudget,
    Figure,
    FlagNote,
    ProgressReport,
    RateUsed,
    TargetRow,
    TimelineBar,
    TimelineChart,
    TimelineLane,
    TimelineMark,
    Total,
    TrajectoryPoint,
)

__all__ = ["progress_reports", "report_figures", "target_rows", "timeline_charts"]

_CODES = ("KHM", "CHN", "LAO", "MMR", "THA", "VNM")
_CURRENCIES = ("KHR", "CNY", "LAK", "MMK", "THB", "VND", "USD")
_BASES = ("per-year", "total", "point", "per-event", "per-person")
_SEVERITIES = ("info", "warning", "error")
_STATUSES = (
    "achieved",
    "on track",
    "off track",
    "not started",
    "no data",
    "not assessed",
    "not measured",
)
_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=80
).filter(str.strip)
_words = st.lists(st.sampled_from(["the", "a", "of", "plan", "budget", "x" * 40]), max_size=30).map(
    " ".join
)
_amounts = st.decimals(min_value=0, max_value=10**14, places=2, allow_nan=False)
_ids = st.from_regex(r"[A-Z]{3}\.[1-5]\.[a-z_]{1,40}", fullmatch=True)
_flags = st.lists(
    st.builds(
        FlagNote,
        code=st.from_regex(r"[a-z-]{1,30}", fullmatch=True),
        severity=st.sampled_from(_SEVERITIES),
        note=_text,
    ),
    max_size=2,
)


def report_figures() -> st.SearchStrategy[Figure]:
    """Arbitrary figures, with long texts, every kind of value and flags.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10, database=None)
        ... @given(report_figures())
        ... def test_a_milestone_reads_yes_or_no(figure):
        ...     if isinstance(figure.value, bool):
        ...         assert figure.value_text in ("yes", "no")
        >>> test_a_milestone_reads_yes_or_no()
    """
    return st.builds(
        Figure,
        id=_ids,
        indicator=st.sampled_from(["budget.allocation", "training.people_trained", "npa.adopted"]),
        indicator_name=_text,
        description=st.one_of(_text, _words),
        country=st.sampled_from(_CODES),
        country_name=st.sampled_from(["Cambodia", "Cambodia-Viet Nam", "Lao PDR"]),
        period=st.one_of(st.none(), st.sampled_from(["2011-2014", "2014-10-01/2015-09-30"])),
        basis=st.sampled_from(_BASES),
        value=st.one_of(st.none(), st.booleans(), _amounts, _text),
        unit=st.one_of(st.none(), st.sampled_from(["person", "KHR"])),
        as_written=st.one_of(st.none(), _text),
        source=_text,
        flags=_flags,
        subset_of=st.one_of(st.none(), _ids),
    )


_lines = st.builds(
    BudgetLine,
    figure=_ids,
    recipient=st.one_of(st.none(), _text),
    period=st.one_of(st.none(), st.sampled_from(["2011-2014", "2014", "2011"])),
    basis=st.sampled_from(("per-year", "total")),
    amount=_amounts,
    currency=st.sampled_from(_CURRENCIES),
    as_written=st.one_of(st.none(), _text),
    converted=st.one_of(st.none(), _amounts),
    method=_words,
    rates=st.lists(
        st.builds(
            RateUsed,
            currency=st.sampled_from(_CURRENCIES),
            rate=_amounts.filter(bool),
            period=st.just("2014"),
            source=_text,
            vintage=_text,
        ),
        max_size=3,
    ),
    stated=st.one_of(st.none(), _amounts),
    stated_currency=st.just("USD"),
    finding=st.one_of(st.none(), _text),
    note=_words,
    flags=_flags,
)


def target_rows() -> st.SearchStrategy[TargetRow]:
    """Target rows of a report, some with a trajectory of interim targets and achieved values.

    Examples:
        >>> from hypothesis import find
        >>> find(target_rows(), lambda r: len(r.trajectory) > 1).trajectory[0].period
        '2015'
    """
    points = st.lists(
        st.builds(
            TrajectoryPoint,
            period=st.just(""),
            target=_amounts,
            achieved=st.one_of(st.none(), _amounts),
            complete=st.booleans(),
        ),
        max_size=4,
    ).map(lambda ps: [attrs.evolve(p, period=str(2015 + i)) for i, p in enumerate(ps)])
    return st.builds(
        TargetRow,
        target=_text,
        indicator=_text,
        description=_words,
        country=st.sampled_from(_CODES),
        target_value=_words,
        achieved=st.one_of(st.none(), _words),
        status=st.sampled_from(_STATUSES),
        reason=st.one_of(st.just(""), _words.filter(str.strip)),
        basis=st.sampled_from(["", "timeline", "straight line"]),
        trajectory=points,
    )


@st.composite
def timeline_charts(draw: st.DrawFn) -> TimelineChart:
    """Timelines to draw: a span of whole years and lanes of valid bars and marks inside it.

    Examples:
        >>> from hypothesis import find
        >>> chart = find(timeline_charts(), lambda c: any(lane.marks for lane in c.lanes))
        >>> all(chart.span.contains(m.day) for lane in chart.lanes for m in lane.marks)
        True
    """
    first = draw(st.integers(2000, 2030))
    span = Period.years(first, first + draw(st.integers(0, 12)))
    days = st.dates(min_value=span.start, max_value=span.end)

    def bar() -> TimelineBar:
        a, b = sorted((draw(days), draw(days)))
        return TimelineBar(
            start=a, end=b, kind=draw(st.sampled_from(BAR_KINDS)), label=draw(_words)
        )

    def mark() -> TimelineMark:
        return TimelineMark(
            day=draw(days), kind=draw(st.sampled_from(MARK_KINDS)), label=draw(_words),
            text=draw(st.sampled_from(["", "200", "SOM3"])),
        )  # fmt: skip

    lanes = [
        TimelineLane(
            label=draw(_text),
            bars=[bar() for _ in range(draw(st.integers(0, 2)))],
            marks=[mark() for _ in range(draw(st.integers(0, 3)))],
            group=draw(st.sampled_from(["", "Plans", "Area 4: Protection"])),
        )
        for _ in range(draw(st.integers(0, 5)))
    ]
    return TimelineChart(title=draw(_text), span=span, lanes=lanes)


def progress_reports() -> st.SearchStrategy[ProgressReport]:
    """Arbitrary progress reports (small: a few areas, figures and budgets).

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5, database=None)
        ... @given(progress_reports())
        ... def test_a_report_counts_its_figures(report):
        ...     assert report.figure_count >= 0
        >>> test_a_report_counts_its_figures()
    """
    totals = st.builds(
        Total,
        indicator=st.sampled_from(["budget.allocation", "training.people_trained"]),
        name=_text,
        value=st.one_of(st.none(), _amounts),
        unit=st.one_of(st.none(), st.just("person")),
        note=_words,
    )
    areas = st.builds(
        AreaSection,
        number=st.one_of(st.none(), st.integers(1, 5)),
        title=_text,
        objectives=st.lists(_text, max_size=2),
        figures=st.lists(report_figures(), max_size=4),
        totals=st.lists(totals, max_size=2),
        targets=st.lists(target_rows(), max_size=2),
        targets_note=_words,
        timeline=st.one_of(st.none(), timeline_charts()),
    )
    budgets = st.builds(
        CountryBudget,
        country=st.sampled_from(_CODES),
        country_name=_text,
        lines=st.lists(_lines, max_size=3),
    )
    return st.builds(
        ProgressReport,
        title=_text,
        plan=st.just("SPA III"),
        plan_title=_text,
        period=st.sampled_from(["2011-2014", "2015-2018", ""]),
        source=_text,
        rates_source=_text,
        countries=st.lists(st.sampled_from(_CODES), unique=True),
        areas=st.lists(areas, max_size=3),
        budgets=st.lists(budgets, max_size=2),
        notes=st.lists(_text, max_size=2),
        warnings=st.lists(_text, max_size=1),
    )
