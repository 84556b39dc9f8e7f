"""The leaves of a plan: levels, baselines, targets and activities, and their field checks."""

from __future__ import annotations

import datetime as dt
import enum
import importlib
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from commit_mef._validators import (
    country_tuple,
    exact_decimal,
    non_empty_str,
    reject_unknown,
    str_tuple,
    to_enum,
)
from commit_mef.countries import Country
from commit_mef.errors import InvalidTypeError, Problem, TimelineError, ValidationError
from commit_mef.periods import Period
from commit_mef.plans._interim import (
    ActivityStatus,
    InterimTarget,
    activity_problems,
    default_status,
    interim_tuple,
    timeline_problems,
    to_activity_status,
)
from commit_mef.plans._lineage import Continues, continues_tuple
from commit_mef.plans._logframe import TargetPart, check_parts, part_tuple, text_items
from commit_mef.sources import SourceRef

if TYPE_CHECKING:
    from commit_mef.money import Money

__all__ = [
    "Activity",
    "ActivityStatus",
    "Baseline",
    "InterimTarget",
    "Level",
    "ResultLevel",
    "Target",
    "TargetPart",
    "TargetValue",
]

# Documented in commit_mef.plans, where it is public.
TargetValue: TypeAlias = "Decimal | Money | bool | str"


class Level(enum.Enum):
    """Whom a target binds: the region, a pair of countries, or each country.

    Examples:
        >>> Level("bilateral")
        <Level.BILATERAL: 'bilateral'>
    """

    _missing_ = reject_unknown

    REGIONAL = "regional"
    BILATERAL = "bilateral"
    NATIONAL = "national"


class ResultLevel(enum.Enum):
    """A step of the results chain: goal (impact), outcome, output.

    SPA IV is written this way: Outcome 4.1 (victims are identified) is
    served by Output 4.1.1 (regional identification procedures).

    Examples:
        >>> ResultLevel("output").rank > ResultLevel("outcome").rank
        True
    """

    _missing_ = reject_unknown

    GOAL = "goal"
    OUTCOME = "outcome"
    OUTPUT = "output"

    @property
    def rank(self) -> int:
        """The position in the chain (0 goal, 1 outcome, 2 output); a parent ranks lower.

        Examples:
            >>> ResultLevel.GOAL.rank
            0
        """
        return _RANK[self]


_RANK = {ResultLevel.GOAL: 0, ResultLevel.OUTCOME: 1, ResultLevel.OUTPUT: 2}


# ---------------------------------------------------------------------------------------
# Field helpers
# ---------------------------------------------------------------------------------------


def _money_class() -> type | None:
    try:
        return importlib.import_module("commit_mef.money").Money  # type: ignore[no-any-return]
    except (ImportError, AttributeError):  # pragma: no cover - money.py not installed
        return None


def _to_value(value: object) -> object:
    """Normalise a target value: ints and numeric text stay exact Decimals."""
    if value is None or isinstance(value, (bool, str, Decimal)):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return exact_decimal(value, field="value")  # raises the float TypeError
    money = _money_class()
    if money is not None and isinstance(value, money):
        return value
    raise InvalidTypeError(
        "a target value must be a Decimal (or int), a Money, True/False for a milestone, "
        f"or a level name or text; got {type(value).__name__} {value!r}"
    )


def _check_optional_date(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidTypeError(
            f"{type(inst).__name__}.{attr.name} must be a datetime.date or None, got "
            f"{type(value).__name__} {value!r}"
        )


def _to_period(value: Period | str | int | dt.date | None) -> Period | None:
    return None if value is None else Period.coerce(value)


def _check_source(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, (SourceRef, str)):
        raise InvalidTypeError(
            f"Baseline.source must be a SourceRef, a text or None, got {value!r}"
        )


def _check_ids(inst: object, attr: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    owner = type(inst).__name__
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise ValidationError(
                f"observation id {item!r} must be a non-empty string; give the id of the "
                "observation the value came from",
                path=f"{owner}.{attr.name}[{i}]",
            )
    if len(set(value)) != len(value):
        raise ValidationError(
            "an observation id is given twice; list each once", path=f"{owner}.{attr.name}"
        )


# ---------------------------------------------------------------------------------------
# The leaves
# ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Baseline:
    """Where a target starts from: a value at a date or over a period, and its source.

    Attributes:
        value: The starting value (same kinds as a target value).
        date: The day the value was true, if known.
        period: The period it was measured over (a flow), if known.
        source: Where the value comes from.
        note: Anything worth knowing.
        observations: The ids of the observations the value was computed from
            (``"LAO.1.training.victim_identification"``), so that "which SPA III
            results became SPA IV baselines" can be answered; empty when not known.
            :func:`~commit_mef.carry_over` fills it from the progress measured.

    Raises:
        ValidationError: an observation id that is empty or given twice.
        TypeError: a float or another value of the wrong type.

    Examples:
        >>> from decimal import Decimal
        >>> b = Baseline(value=120, period="2014")
        >>> b.value, str(b.period)
        (Decimal('120'), '2014')
        >>> Baseline(value=1.5)
        Traceback (most recent call last):
        ...
        commit_mef.errors.InvalidTypeError: value got the float 1.5; floats are inexact: pass a str or a Decimal such as Decimal('1.5')
    """

    value: TargetValue = attrs.field(converter=_to_value)
    date: dt.date | None = attrs.field(default=None, validator=_check_optional_date)
    period: Period | None = attrs.field(default=None, converter=_to_period)
    source: SourceRef | str | None = attrs.field(default=None, validator=_check_source)
    note: str = ""
    observations: tuple[str, ...] = attrs.field(
        default=(), converter=str_tuple, validator=_check_ids
    )

    @property
    def as_of(self) -> dt.date | None:
        """The last day the baseline describes (its date, or the end of its period).

        Examples:
            >>> str(Baseline(value=3, period="2014").as_of)
            '2014-12-31'
        """
        if self.date is not None:
            return self.date
        return None if self.period is None else self.period.end


def _check_target(inst: Target) -> None:
    if inst.per_year and inst.period is None:
        raise ValidationError(
            f"target {inst.id!r} is per year but has no period; give the years it runs over "
            "(period='2015-2018'), or drop per_year for a total by a deadline",
            path="Target.per_year",
        )
    if inst.deadline is not None and inst.period is not None:
        raise ValidationError(
            f"target {inst.id!r} has both a deadline and a period; give one: a deadline for a "
            "milestone or stock, a period for a flow",
            path="Target.period",
        )
    if inst.baseline is not None and not isinstance(inst.baseline, Baseline):
        raise InvalidTypeError(f"Target.baseline must be a Baseline or None, got {inst.baseline!r}")
    codes = [c.alpha_3 for c in inst.countries]
    if len(set(codes)) != len(codes):
        raise ValidationError(
            f"target {inst.id!r} lists a country twice ({', '.join(codes)}); list each once",
            path="Target.countries",
        )
    if inst.level is Level.BILATERAL and len(codes) != 2:
        raise ValidationError(
            f"bilateral target {inst.id!r} needs exactly two countries, got {len(codes)}; "
            "make it a regional target for more",
            path="Target.countries",
            hint="use level='regional' for more than two countries",
        )
    found = timeline_problems(inst)
    if found:
        raise TimelineError([Problem(path, message) for path, message in found])
    _check_logframe(inst)


def _check_logframe(inst: Target) -> None:
    if inst.baseline is not None and inst.no_baseline:
        raise ValidationError(
            f"target {inst.id!r} has a baseline and a reason for having none; keep the "
            "baseline, or drop it and keep no_baseline",
            path="Target.no_baseline",
        )
    if not isinstance(inst.no_baseline, str):
        raise InvalidTypeError(
            f"Target.no_baseline must be a text (why there is no baseline), got "
            f"{type(inst.no_baseline).__name__}"
        )
    parts = check_parts(inst)
    if parts:
        path, message = parts[0]
        also = "".join(f"; also: {m}" for _, m in parts[1:])
        raise ValidationError(message + also, path=path)


def _to_level(value: object) -> Level:
    return to_enum(Level, value, "Target.level")


@attrs.frozen(kw_only=True)
class Target:
    """What is to be reached, measured by an indicator, by a deadline or over a period.

    Attributes:
        id: Unique id in the plan (``"4.1.1.a"``).
        indicator: The id of the indicator that measures it.
        value: The target value (a number, :class:`~commit_mef.Money`,
            ``True`` for a milestone, a level name for an ordinal scale), or
            ``None`` where no value was set.
        baseline: Where it starts from, if known.
        deadline: The day by which it is due (milestones, stocks).
        period: The period over which it is counted (flows); not both.
        level: Regional, bilateral (exactly two countries) or national (each
            of ``countries`` separately; no countries means every member).
        countries: The countries it binds (anything :func:`~commit_mef.country` accepts).
        commitments: Ids of the MoU commitments it serves (``"article-7"``).
        description: The target as the plan words it.
        per_year: Whether ``value`` is an amount per year over ``period``
            ("200 officials trained a year") rather than a total over it;
            :func:`~commit_mef.progress.progress` then compares the mean per year achieved.
        timeline: Interim values, each due by the end of a period of at most a
            year, in time order, the last equal to ``value`` (SPA IV's "200 by
            2016, 500 by 2017, 800 by 2018"); empty when the plan gives none.
            :func:`~commit_mef.progress.progress` then paces the target by them instead
            of by a straight line.
        continues: The earlier plan's target it continues (a
            :class:`~commit_mef.plans.Continues`; :func:`~commit_mef.carry_over`
            sets it with the day measured and the status then), empty for a new target.
        parts: Its disaggregated parts, one per code of a dimension ("1,500 of them
            children"); the parts of one dimension add up to at most ``value`` (all of a
            dimension's codes given: exactly, which :func:`~commit_mef.validation.validate`
            checks against the indicator's code list).
        responsible: The bodies responsible for reaching it (``"national task force"``).
        no_baseline: Why it has no baseline, when it deliberately has none
            (``"new indicator: the first figures are due in 2016"``); not with a baseline.

    Raises:
        ValidationError: both a deadline and a period, a country listed twice,
            a bilateral target without exactly two countries, a per-year
            target without a period; both a baseline and a no-baseline reason;
            a code given twice in ``parts``, a part in other terms than the target, or the
            parts of one dimension adding up to more than the target.
        TimelineError: (a ``ValidationError``) an interim value outside the
            target's span, in other terms than the target (a number for an
            amount, another currency), out of time order, two values for one
            period, or a last value that differs from the target's; every
            breach is listed.
        TypeError: a float or another value of the wrong type.

    Examples:
        >>> t = Target(id="t1", indicator="officials-trained", value=500, period="2015-2018",
        ...            countries=("Lao PDR",))
        >>> t.value, t.level
        (Decimal('500'), <Level.NATIONAL: 'national'>)
        >>> Target(id="t2", indicator="blo", value=8, level="bilateral", countries=("CHN",))
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: Target.countries: bilateral target 't2' needs exactly two countries, got 1; make it a regional target for more

        A timeline of interim values:

        >>> t = Target(id="t3", indicator="officials-trained", value=800, period="2016-2018",
        ...            timeline=(InterimTarget(period="2016", value=200),
        ...                      InterimTarget(period="2017", value=500),
        ...                      InterimTarget(period="2018", value=800)))
        >>> [str(step.due) for step in t.timeline]
        ['2016-12-31', '2017-12-31', '2018-12-31']
        >>> Target(id="t4", indicator="officials-trained", value=800, period="2016-2018",
        ...        timeline=(InterimTarget(period="2016", value=200),
        ...                  InterimTarget(period="2019", value=700)))
        Traceback (most recent call last):
        ...
        commit_mef.errors.TimelineError: Target.timeline[1].period: the interim period 2019 is outside target 't4''s span 2016-2018; move it inside, or widen the target's period or deadline
          also: the last interim value 700 differs from target 't4''s value 800; the timeline ends at the target: make the two equal @ Target.timeline[1].value

        Parts by a dimension, who is responsible, and why there is no baseline:

        >>> t = Target(id="t5", indicator="victims-identified", value=5000, period="2016-2018",
        ...            parts=(TargetPart(dimension="age", code="child", value=1500),),
        ...            responsible=("national task force",),
        ...            no_baseline="new indicator: first figures due in 2016")
        >>> t.parts[0].value, t.responsible
        (Decimal('1500'), ('national task force',))
        >>> Target(id="t6", indicator="i", value=100,
        ...        parts=(TargetPart(dimension="sex", code="female", value=70),
        ...               TargetPart(dimension="sex", code="male", value=40)))
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: Target.parts: the sex parts of target 't6' add up to 110, more than its value 100; lower a part or raise the target
    """

    id: str = attrs.field(validator=non_empty_str)
    indicator: str = attrs.field(validator=non_empty_str)
    value: TargetValue | None = attrs.field(default=None, converter=_to_value)
    baseline: Baseline | None = None
    deadline: dt.date | None = attrs.field(default=None, validator=_check_optional_date)
    period: Period | None = attrs.field(default=None, converter=_to_period)
    level: Level = attrs.field(default=Level.NATIONAL, converter=_to_level)
    countries: tuple[Country, ...] = attrs.field(default=(), converter=country_tuple)
    commitments: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    description: str = ""
    per_year: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    timeline: tuple[InterimTarget, ...] = attrs.field(default=(), converter=interim_tuple)
    continues: tuple[Continues, ...] = attrs.field(default=(), converter=continues_tuple)
    parts: tuple[TargetPart, ...] = attrs.field(default=(), converter=part_tuple)
    responsible: tuple[str, ...] = attrs.field(
        default=(), converter=str_tuple, validator=text_items("Target")
    )
    no_baseline: str = ""

    def __attrs_post_init__(self) -> None:
        _check_target(self)

    def interim_due(self, on: dt.date) -> InterimTarget | None:
        """The latest interim value due by ``on`` (its period ended), if any.

        Examples:
            >>> t = Target(id="t", indicator="i", value=8, period="2016-2017",
            ...            timeline=(InterimTarget(period="2016", value=3),
            ...                      InterimTarget(period="2017", value=8)))
            >>> t.interim_due(dt.date(2017, 6, 30)).value
            Decimal('3')
            >>> t.interim_due(dt.date(2016, 6, 30)) is None
            True
        """
        due = [step for step in self.timeline if step.due <= on]
        return due[-1] if due else None

    @property
    def due(self) -> dt.date | None:
        """The last day of the target (its deadline, or the end of its period).

        Examples:
            >>> str(Target(id="t", indicator="i", period="2015-2016").due)
            '2016-12-31'
        """
        if self.deadline is not None:
            return self.deadline
        return None if self.period is None else self.period.end


def _to_status(value: object) -> ActivityStatus:
    return to_activity_status(value)


def _status_default(inst: Any) -> ActivityStatus:
    return default_status(inst)


@attrs.frozen(kw_only=True)
class Activity:
    """Something a plan says will be done: when it is planned, when it was done, what it serves.

    Attributes:
        id: Unique id in the plan.
        title: What will be done.
        period: When it is planned, if the plan says (``"2016-07-01/2016-09-30"``
            for Q3 2016).
        countries: Who does it.
        responsible: The bodies responsible (``"national task force"``).
        description: More detail.
        started: The day it actually started, once it has.
        finished: The day it was actually done, once it is.
        status: Planned, under way, done or dropped; by default what the
            actual dates say (a finish date: done; a start date: under way;
            neither: planned).
        targets: Ids of the targets it serves (``"4.1.1.a"``).

    Raises:
        TimelineError: (a ``ValidationError``) done before it started, or a
            status the dates contradict (planned with actual dates, under way
            with a finish date); every breach is listed.
        PeriodError: a planned period whose end is before its start.

    Examples:
        >>> Activity(id="a1", title="Regional training on victim identification",
        ...          period="2016").period.days
        366
        >>> a = Activity(id="a2", title="Training", period="2016-07-01/2016-09-30",
        ...              started=dt.date(2016, 9, 12), finished=dt.date(2017, 2, 3),
        ...              targets=("4.1.a",))
        >>> a.status, a.targets
        (<ActivityStatus.DONE: 'done'>, ('4.1.a',))
        >>> Activity(id="a3", title="Training", started=dt.date(2017, 2, 3),
        ...          finished=dt.date(2016, 9, 12))
        Traceback (most recent call last):
        ...
        commit_mef.errors.TimelineError: Activity.finished: activity 'a3' is done on 2016-09-12, before it started on 2017-02-03; swap the two or correct one
    """

    id: str = attrs.field(validator=non_empty_str)
    title: str = attrs.field(validator=non_empty_str)
    period: Period | None = attrs.field(default=None, converter=_to_period)
    countries: tuple[Country, ...] = attrs.field(default=(), converter=country_tuple)
    responsible: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    description: str = ""
    started: dt.date | None = attrs.field(default=None, validator=_check_optional_date)
    finished: dt.date | None = attrs.field(default=None, validator=_check_optional_date)
    status: ActivityStatus = attrs.field(
        default=attrs.Factory(_status_default, takes_self=True), converter=_to_status
    )
    targets: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)

    def __attrs_post_init__(self) -> None:
        found = activity_problems(self)
        if found:
            raise TimelineError([Problem(path, message) for path, message in found])
