"""Strategies for the results framework: indicators, commitments, MoUs, targets, plans."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import assume
from hypothesis import strategies as st

from commit_mef.commitments import Commitment, MoU, Section
from commit_mef.countries import GMS
from commit_mef.indicators import (
    COUNT_UNITS,
    STANDARD_DIMENSIONS,
    AggregationRule,
    CountryAggregation,
    Dimension,
    Direction,
    Indicator,
    MeasureKind,
    TimeAggregation,
)
from commit_mef.periods import Period
from commit_mef.plans import (
    Activity,
    ActivityStatus,
    Area,
    Baseline,
    InterimTarget,
    Level,
    Objective,
    Plan,
    Target,
)
from commit_mef.sources import SourceRef
from commit_mef.testing._base import year_periods
from commit_mef.validation import RULES, validate

__all__ = [
    "activities",
    "aggregation_rules",
    "areas",
    "baselines",
    "commitments",
    "dimensions",
    "indicators",
    "mous",
    "objectives",
    "plans",
    "sections",
    "target_values",
    "targets",
    "timelines",
]

_ROMAN = ("I", "II", "III", "IV", "V")
_CURRENCIES = ("KHR", "CNY", "LAK", "MMK", "THB", "VND", "USD")
_IDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(lambda s: s.strip() != "")


def _kinds(kind: MeasureKind | None) -> st.SearchStrategy[MeasureKind]:
    return st.just(kind) if kind is not None else st.sampled_from(MeasureKind)


@st.composite
def aggregation_rules(
    draw: st.DrawFn, kind: MeasureKind | None = None, *, weighted: bool = False
) -> AggregationRule:
    """Aggregation rules a kind of measure allows (any kind by default).

    Args:
        draw: Supplied by Hypothesis.
        kind: The kind the rule must suit.
        weighted: Whether a weighted mean across countries may be drawn (the
            indicator must then name its numerator and denominator).

    Examples:
        >>> from hypothesis import find
        >>> find(aggregation_rules(MeasureKind.MILESTONE), lambda r: True).over_time
        <TimeAggregation.ANY: 'any'>
    """
    chosen = draw(_kinds(kind))
    over_time, across = AggregationRule.allowed_for(chosen)
    if not weighted:
        across = tuple(a for a in across if a is not CountryAggregation.WEIGHTED_MEAN)
    time = draw(st.sampled_from(over_time))
    cumulative = time is TimeAggregation.SUM and draw(st.booleans())
    return AggregationRule(time, draw(st.sampled_from(across)), cumulative)


@st.composite
def dimensions(draw: st.DrawFn) -> Dimension:
    """A standard dimension, or a made-up one with a few unique codes.

    Examples:
        >>> from hypothesis import find
        >>> find(dimensions(), lambda d: d.id == "sex").codes[0]
        'female'
    """
    if draw(st.booleans()):
        return draw(st.sampled_from(STANDARD_DIMENSIONS))
    codes = draw(st.lists(_IDS, min_size=1, max_size=5, unique=True))
    return Dimension(id=draw(_IDS), name=draw(_TEXT), codes=tuple(codes))


@st.composite
def indicators(
    draw: st.DrawFn, kind: MeasureKind | None = None, *, id_: str | None = None
) -> Indicator:
    """Valid indicators of any kind (or of ``kind``), with an id (or ``id_``).

    Examples:
        >>> from hypothesis import find
        >>> find(indicators(MeasureKind.RATIO), lambda i: True).factor is not None
        True
    """
    chosen = draw(_kinds(kind))
    unit: str | None = None
    factor: Decimal | None = None
    scale: tuple[str, ...] | None = None
    if chosen is MeasureKind.COUNT:
        unit = draw(st.sampled_from(COUNT_UNITS))
    elif chosen is MeasureKind.MONEY:
        unit = draw(st.sampled_from((*_CURRENCIES, "currency")))
    elif chosen is MeasureKind.PERCENTAGE:
        unit = draw(st.sampled_from((None, "percent")))
    elif chosen is MeasureKind.RATIO:
        unit = draw(st.sampled_from((None, *COUNT_UNITS)))
        factor = draw(st.sampled_from((Decimal(100), Decimal(1000), Decimal(100000))))
    elif chosen is MeasureKind.ORDINAL:
        scale = tuple(draw(st.lists(_IDS, min_size=2, max_size=5, unique=True)))
    direction = (
        Direction.MAINTAIN
        if chosen is MeasureKind.QUALITATIVE
        else draw(st.sampled_from(Direction))
    )
    dims = draw(st.lists(dimensions(), max_size=3, unique_by=lambda d: d.id))
    return Indicator(
        id=id_ if id_ is not None else draw(_IDS),
        name=draw(_TEXT),
        kind=chosen,
        unit=unit,
        direction=direction,
        rule=draw(aggregation_rules(chosen)),
        dimensions=tuple(dims),
        factor=factor,
        scale=scale,
        references=tuple(draw(st.lists(st.sampled_from(("SDG 16.2.2", "SDG 5.2.1")), max_size=1))),
    )


def _money(amount: Decimal, code: str) -> Any:
    from commit_mef.money import Money

    return Money(amount, code)


@st.composite
def target_values(draw: st.DrawFn, indicator: Indicator) -> Any:
    """A value that fits ``indicator``: a whole count, money in its currency, a level...

    Examples:
        >>> from hypothesis import find
        >>> pct = Indicator(id="p", name="Share", kind="percentage")
        >>> 0 <= find(target_values(pct), lambda v: True) <= 100
        True
    """
    kind = indicator.kind
    if indicator.is_numeric:
        return _number(draw, indicator)
    if kind is MeasureKind.MILESTONE:
        return draw(st.booleans())
    if kind is MeasureKind.ORDINAL:
        assert indicator.scale is not None  # noqa: S101 - an ordinal indicator has a scale
        return draw(st.sampled_from(indicator.scale))
    return draw(_TEXT)


def _number(draw: st.DrawFn, indicator: Indicator) -> Any:
    kind = indicator.kind
    if kind is MeasureKind.COUNT:
        return Decimal(draw(st.integers(0, 10**6)))
    if kind is MeasureKind.MONEY:
        code = draw(st.sampled_from(_CURRENCIES)) if indicator.any_currency else str(indicator.unit)
        return _money(Decimal(draw(st.integers(0, 10**9))), code)
    if kind is MeasureKind.PERCENTAGE:
        return Decimal(draw(st.integers(0, 1000))) / 10
    return Decimal(draw(st.integers(0, 10**5))) / 100


def _agreeing(indicator: Indicator, value: Any, base: Any) -> tuple[Any, Any]:
    """Order a (target, baseline) pair so that it agrees with the direction."""
    kind, direction = indicator.kind, indicator.direction
    if kind is MeasureKind.QUALITATIVE:
        return value, base
    if direction is Direction.MAINTAIN:
        return value, value
    if kind is MeasureKind.MONEY and base.currency != value.currency:
        base = _money(base.amount, value.currency.code)
    if kind is MeasureKind.ORDINAL:
        assert indicator.scale is not None  # noqa: S101
        lo, hi = sorted((value, base), key=indicator.scale.index)
    elif kind is MeasureKind.MONEY:
        lo, hi = sorted((value, base), key=lambda m: m.amount)
    else:
        lo, hi = sorted((value, base))
    return (hi, lo) if direction is Direction.INCREASE else (lo, hi)


@st.composite
def baselines(draw: st.DrawFn, indicator: Indicator, before: dt.date | None = None) -> Baseline:
    """A baseline whose value fits ``indicator``, dated on or before ``before``.

    Examples:
        >>> import datetime as dt
        >>> from hypothesis import find
        >>> ind = Indicator(id="n", name="Trained", kind="count", unit="person")
        >>> find(baselines(ind, before=dt.date(2015, 1, 1)), lambda b: True).date <= dt.date(2015, 1, 1)
        True
    """
    last = before or dt.date(2040, 12, 31)
    day = draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=last))
    source = draw(
        st.sampled_from(
            (None, "test", SourceRef(document="spa3-final-report", section="2.2", line=99))
        )
    )
    return Baseline(value=draw(target_values(indicator)), date=day, source=source)


@st.composite
def targets(
    draw: st.DrawFn,
    indicator: Indicator,
    within: Period,
    *,
    id_: str | None = None,
    commitments: tuple[str, ...] = (),
) -> Target:
    """A target on ``indicator`` that fits it and lies inside ``within``.

    Its baseline, if any, agrees with the indicator's direction.

    Examples:
        >>> from hypothesis import find
        >>> ind = Indicator(id="law", name="Law enacted", kind="milestone")
        >>> t = find(targets(ind, Period.years(2015, 2018)), lambda t: t.deadline is not None)
        >>> Period.years(2015, 2018).contains(t.deadline)
        True
    """
    value = draw(target_values(indicator))
    deadline: dt.date | None = None
    period: Period | None = None
    if draw(st.booleans()):
        deadline = draw(st.dates(min_value=within.start, max_value=within.end))
    elif draw(st.booleans()):
        a = draw(st.dates(min_value=within.start, max_value=within.end))
        b = draw(st.dates(min_value=within.start, max_value=within.end))
        period = Period(min(a, b), max(a, b))
    baseline = None
    if draw(st.booleans()):
        due = deadline or (period.end if period else within.end)
        baseline = draw(baselines(indicator, before=due))
        value, base = _agreeing(indicator, value, baseline.value)
        baseline = Baseline(value=base, date=baseline.date, source=baseline.source)
    level = draw(st.sampled_from(Level))
    if level is Level.BILATERAL:
        countries = draw(st.lists(st.sampled_from(GMS), min_size=2, max_size=2, unique=True))
    else:  # a regional target binds three members or more, or all (none named)
        least = 3 if level is Level.REGIONAL else 0
        countries = draw(st.lists(st.sampled_from(GMS), min_size=least, max_size=3, unique=True))
    refs = (
        draw(st.lists(st.sampled_from(commitments), max_size=2, unique=True)) if commitments else []
    )
    target = Target(
        id=id_ if id_ is not None else draw(_IDS),
        indicator=indicator.id,
        value=value,
        baseline=baseline,
        deadline=deadline,
        period=period,
        level=level,
        countries=tuple(countries),
        commitments=tuple(refs),
    )
    if draw(st.booleans()):
        target = attrs.evolve(target, timeline=draw(timelines(target, indicator)))
    return target


def _span(target: Target) -> Period | None:
    if target.period is not None:
        return target.period
    if target.deadline is None:
        return None
    start = dt.date(1900, 1, 1)
    if target.baseline is not None and target.baseline.as_of is not None:
        start = target.baseline.as_of + dt.timedelta(days=1)
    return Period(min(start, target.deadline), target.deadline)


def _steps(draw: st.DrawFn, span: Period) -> list[Period]:
    """Consecutive periods of at most 365 days, ending with the span."""
    out: list[Period] = []
    end = span.end
    for _ in range(draw(st.integers(1, 4))):
        if end < span.start:
            break
        longest = min(364, (end - span.start).days)
        start = end - dt.timedelta(days=draw(st.integers(0, longest)))
        out.append(Period(start, end))
        end = start - dt.timedelta(days=1)
    return out[::-1]


@st.composite
def timelines(draw: st.DrawFn, target: Target, indicator: Indicator) -> tuple[InterimTarget, ...]:
    """A valid timeline for ``target``: interim values in order, inside its span, ending at its value.

    The values move from the baseline (or zero) towards the target in the
    indicator's direction, so they never fall for an increase; a target the
    timeline cannot apply to (no number or amount, per year, no span) gets none.

    Examples:
        >>> from hypothesis import find
        >>> ind = Indicator(id="n", name="Trained", kind="count", unit="person")
        >>> t = Target(id="t", indicator="n", value=800, period="2016-2018")
        >>> steps = find(timelines(t, ind), lambda s: len(s) > 1)
        >>> steps[-1].value, all(a.due < b.due for a, b in zip(steps, steps[1:]))
        (Decimal('800'), True)
    """
    from commit_mef.money import Money

    goal = target.value
    span = _span(target)
    if span is None or target.per_year or goal is None or isinstance(goal, (bool, str)):
        return ()
    periods = _steps(draw, span)
    amount = goal.amount if isinstance(goal, Money) else goal
    start = Decimal(0)
    if target.baseline is not None:
        base = target.baseline.value
        if isinstance(base, Money):
            start = base.amount
        elif isinstance(base, Decimal):
            start = base
    lo, hi = sorted((start, amount))
    scale = 0 if indicator.kind in (MeasureKind.COUNT, MeasureKind.MONEY) else 2
    unit = Decimal(1).scaleb(-scale)
    lo_i, hi_i = int(lo / unit), int(hi / unit)
    if indicator.direction is Direction.MAINTAIN or lo_i > hi_i:
        values = [amount] * len(periods)
    else:
        picks = draw(
            st.lists(st.integers(lo_i, hi_i), min_size=len(periods) - 1, max_size=len(periods) - 1)
        )
        ordered = sorted(picks, reverse=indicator.direction is Direction.DECREASE)
        values = [Decimal(v) * unit for v in ordered] + [amount]
    return tuple(
        InterimTarget(period=p, value=Money(v, goal.currency) if isinstance(goal, Money) else v)
        for p, v in zip(periods, values, strict=True)
    )


@st.composite
def activities(
    draw: st.DrawFn, within: Period, *, id_: str = "a1", target_ids: tuple[str, ...] = ()
) -> Activity:
    """An activity planned inside ``within``, with actual dates that agree with its status.

    Examples:
        >>> from hypothesis import find
        >>> a = find(activities(Period.years(2015, 2018)), lambda a: a.finished is not None)
        >>> a.status, a.started <= a.finished
        (<ActivityStatus.DONE: 'done'>, True)
    """
    days = st.dates(min_value=within.start, max_value=within.end)
    a, b = sorted((draw(days), draw(days)))
    status = draw(st.sampled_from(ActivityStatus))
    started = finished = None
    if status is ActivityStatus.UNDER_WAY:
        started = a
    elif status is ActivityStatus.DONE:
        started, finished = a, b
    elif status is ActivityStatus.DROPPED and draw(st.booleans()):
        started = a
    served = (
        draw(st.lists(st.sampled_from(target_ids), max_size=2, unique=True)) if target_ids else []
    )
    return Activity(
        id=id_,
        title=draw(_TEXT),
        period=Period(a, b) if draw(st.booleans()) else None,
        started=started,
        finished=finished,
        status=status,
        targets=tuple(served),
    )


@st.composite
def sections(draw: st.DrawFn) -> Section:
    """An MoU section numbered I to V.

    Examples:
        >>> from hypothesis import find
        >>> find(sections(), lambda s: s.index == 5).number
        'V'
    """
    return Section(number=draw(st.sampled_from(_ROMAN)), theme=draw(_TEXT))


@st.composite
def commitments(
    draw: st.DrawFn, article: int | None = None, *, areas: tuple[int, ...] = (1, 2, 3, 4, 5)
) -> Commitment:
    """A commitment (an MoU article) mapping to some of ``areas``.

    Examples:
        >>> from hypothesis import find
        >>> find(commitments(article=4), lambda c: True).id
        'article-4'
    """
    number = article if article is not None else draw(st.integers(1, 34))
    text = draw(st.none() | _TEXT)
    mapped = draw(st.lists(st.sampled_from(areas), max_size=2, unique=True)) if areas else []
    return Commitment(
        article=number,
        section=draw(st.sampled_from(_ROMAN)),
        summary=draw(st.just("") | _TEXT),
        text=text,
        areas=tuple(mapped),
    )


@st.composite
def mous(draw: st.DrawFn) -> MoU:
    """An MoU with the five sections and some articles, each in one of them.

    Examples:
        >>> from hypothesis import find
        >>> len(find(mous(), lambda m: True).sections)
        5
    """
    numbers = draw(st.lists(st.integers(1, 34), max_size=6, unique=True))
    return MoU(
        title=draw(_TEXT),
        date=draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))),
        place=draw(_TEXT),
        signatories=tuple(draw(st.lists(st.sampled_from(GMS), min_size=1, unique=True))),
        sections=tuple(Section(number=n, theme=f"Section {n}") for n in _ROMAN),
        commitments=tuple(draw(commitments(article=n)) for n in numbers),
        article_count=34,
    )


@st.composite
def objectives(
    draw: st.DrawFn,
    inds: tuple[Indicator, ...],
    within: Period,
    *,
    id_: str,
    max_targets: int = 3,
    commitment_ids: tuple[str, ...] = (),
) -> Objective:
    """An objective whose targets measure ``inds`` and lie inside ``within``.

    Target ids are ``<id_>.t<n>``, activity ids ``<id_>.a<n>``.

    Examples:
        >>> from hypothesis import find
        >>> ind = Indicator(id="law", name="Law enacted", kind="milestone")
        >>> o = find(objectives((ind,), Period.year(2016), id_="1.1"), lambda o: len(o.targets) > 1)
        >>> [t.id for t in o.targets]
        ['1.1.t0', '1.1.t1']
    """
    n = draw(st.integers(0 if not inds else 1, max_targets if inds else 0))
    ts = tuple(
        draw(
            targets(
                draw(st.sampled_from(inds)),
                within,
                id_=f"{id_}.t{i}",
                commitments=commitment_ids,
            )
        )
        for i in range(n)
    )
    acts = tuple(
        draw(activities(within, id_=f"{id_}.a{i}", target_ids=tuple(t.id for t in ts)))
        for i in range(draw(st.integers(0, 1)))
    )
    return Objective(id=id_, title=draw(_TEXT), targets=ts, activities=acts)


@st.composite
def areas(
    draw: st.DrawFn,
    inds: tuple[Indicator, ...],
    within: Period,
    *,
    number: int,
    max_objectives: int = 3,
    max_targets: int = 3,
    commitment_ids: tuple[str, ...] = (),
) -> Area:
    """Area ``number`` with objectives ``<number>.1``, ``<number>.2``... (outputs under outcomes).

    Examples:
        >>> from hypothesis import find
        >>> find(areas((), Period.year(2016), number=2), lambda a: True).number
        2
    """
    count = draw(st.integers(1, max_objectives))
    objs: list[Objective] = []
    for i in range(count):
        obj = draw(
            objectives(
                inds,
                within,
                id_=f"{number}.{i + 1}",
                max_targets=max_targets,
                commitment_ids=commitment_ids,
            )
        )
        if i > 0 and draw(st.booleans()):
            obj = Objective(
                id=obj.id,
                title=obj.title,
                level="output",
                parent=f"{number}.1",
                targets=obj.targets,
                activities=obj.activities,
            )
        objs.append(obj)
    return Area(number=number, title=draw(_TEXT), objectives=tuple(objs))


@st.composite
def plans(
    draw: st.DrawFn,
    *,
    max_areas: int = 3,
    max_objectives: int = 3,
    max_targets: int = 3,
    max_indicators: int = 4,
) -> Plan:
    """Valid plans: :func:`~commit_mef.validation.validate` finds no error in them.

    Ids are unique, every reference resolves, targets lie inside the plan period (extension
    included), fit their indicators and are not repeated, and baselines agree with each
    indicator's direction; the framework may be incomplete (warnings such as a target
    without a baseline, see :data:`~commit_mef.validation.FRAMEWORK_RULES`).

    Examples:
        >>> from hypothesis import given, settings
        >>> from commit_mef.validation import FRAMEWORK_RULES, validate
        >>> @settings(max_examples=10, database=None)
        ... @given(plans())
        ... def test_generated_plans_validate_clean(plan):
        ...     assert len(validate(plan, skip=FRAMEWORK_RULES)) == 0
        >>> test_generated_plans_validate_clean()
    """
    period = draw(year_periods(2000, 2030))
    extension = Period.year(period.end.year + 1) if draw(st.booleans()) else None
    within = period if extension is None else period.span(extension)
    n_ind = draw(st.integers(1, max_indicators))
    inds = tuple(draw(indicators(id_=f"ind-{i}")) for i in range(n_ind))
    n_areas = draw(st.integers(1, max_areas))
    numbers = tuple(range(1, n_areas + 1))
    commits = tuple(
        draw(commitments(article=n, areas=numbers)) for n in range(1, draw(st.integers(0, 3)) + 1)
    )
    commitment_ids = tuple(c.id for c in commits)
    area_list = tuple(
        draw(
            areas(
                inds,
                within,
                number=n,
                max_objectives=max_objectives,
                max_targets=max_targets,
                commitment_ids=commitment_ids,
            )
        )
        for n in numbers
    )
    plan = Plan(code=draw(_TEXT), title=draw(_TEXT), period=period, extension=extension,
                areas=area_list, indicators=inds, commitments=commits)  # fmt: skip
    assume(validate(plan, skip=set(RULES) - {"duplicate-target"}).ok)  # no target repeated
    return plan
