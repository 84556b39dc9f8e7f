"""Interim targets (a target's timeline) and the schedule of activities, with their checks."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from commit_mef._validators import exact_decimal, reject_unknown, to_enum
from commit_mef.errors import InvalidTypeError, ValidationError
from commit_mef.periods import Period

if TYPE_CHECKING:
    from commit_mef.money import Money

__all__ = [
    "ActivityStatus",
    "InterimTarget",
    "activity_problems",
    "interim_tuple",
    "timeline_problems",
]


def _to_interim_value(value: object) -> object:
    from commit_mef.money import Money

    if isinstance(value, Money):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float, str)):
        raise InvalidTypeError(
            "an interim value must be a number (a Decimal or int) or a Money, in the terms of "
            f"its target; got {type(value).__name__} {value!r}"
        )
    return exact_decimal(value, field="InterimTarget.value")


def _to_interim_period(value: Period | str | int | dt.date) -> Period:
    return Period.coerce(value, field="InterimTarget.period")


def _at_most_a_year(inst: InterimTarget, attr: attrs.Attribute[Any], value: Period) -> None:
    if value.end > _year_after(value.start):
        raise ValidationError(
            f"the interim period {value} is longer than a year; split it into periods of a "
            "year or less, each with the value to reach by its end (as IATI result periods are)",
            path="InterimTarget.period",
        )


def _year_after(start: dt.date) -> dt.date:
    """The last day of the year that starts on ``start``."""
    try:
        return start.replace(year=start.year + 1) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        return dt.date(start.year + 1, 2, 28)


@attrs.frozen(kw_only=True)
class InterimTarget:
    """A value a target is to reach by the end of one period: a point of its timeline.

    Like an IATI result ``period`` with its ``target``: the period is at most a
    year, and the value is what should have been reached *by its end*, counted
    the way the target is (a running total since the target's start for a flow,
    the level reached for a stock, a share or rate as measured).

    Attributes:
        period: The period (a year such as ``"2016"``, a range of days, or one day).
        value: The value due by the period's end: a number, or a
            :class:`~commit_mef.Money` in the target's currency.
        note: Anything worth knowing (where the interim value comes from).

    Raises:
        ValidationError: a period longer than a year.
        TypeError: a float, a bool or another value of the wrong type.

    Examples:
        >>> step = InterimTarget(period="2016", value=200)
        >>> str(step.period), step.value, str(step.due)
        ('2016', Decimal('200'), '2016-12-31')
        >>> InterimTarget(period="2015-2016", value=200)
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: InterimTarget.period: the interim period 2015-2016 is longer than a year; split it into periods of a year or less, each with the value to reach by its end (as IATI result periods are)
    """

    period: Period = attrs.field(converter=_to_interim_period, validator=_at_most_a_year)
    value: Decimal | Money = attrs.field(converter=_to_interim_value)
    note: str = ""

    @property
    def due(self) -> dt.date:
        """The day the value is due, the last day of the period.

        Examples:
            >>> str(InterimTarget(period="2016-07-01/2016-09-30", value=5).due)
            '2016-09-30'
        """
        return self.period.end


def interim_tuple(value: Iterable[InterimTarget]) -> tuple[InterimTarget, ...]:
    """A timeline as a tuple, refusing anything but :class:`InterimTarget` items."""
    out = tuple(value)
    for i, item in enumerate(out):
        if not isinstance(item, InterimTarget):
            raise InvalidTypeError(
                f"Target.timeline[{i}] must be an InterimTarget, got {type(item).__name__} "
                f"{item!r}; write InterimTarget(period='2016', value=200)"
            )
    return out


def _problem(path: str, message: str) -> tuple[str, str]:
    return path, message


def _kind(value: object) -> str:
    from commit_mef.money import Money

    if isinstance(value, Money):
        return f"an amount in {value.currency.code}"
    return "a number"


def timeline_problems(
    target: Any, *, cumulative: bool = False, prefix: str = "Target"
) -> list[tuple[str, str]]:
    """Every problem of ``target``'s timeline, as ``(path, message)`` pairs.

    ``cumulative`` adds the rule that values never fall (a running total, for an
    indicator summed over time); the other rules need only the target.
    """
    timeline: tuple[InterimTarget, ...] = target.timeline
    if not timeline:
        return []
    out: list[tuple[str, str]] = []
    name = f"target {target.id!r}"
    if target.per_year:
        return [
            _problem(
                f"{prefix}.timeline",
                f"{name} is per year, so its value is a rate, not a total to reach by a date; "
                "drop per_year and give the total over the period, or drop the timeline",
            )
        ]
    goal = target.value
    if goal is None or isinstance(goal, (bool, str)):
        what = "no value" if goal is None else f"the value {goal!r}"
        return [
            _problem(
                f"{prefix}.timeline",
                f"{name} has {what}; a timeline needs a number or an amount to reach: set "
                "Target.value to the final value, or drop the timeline",
            )
        ]
    span = _span(target)
    previous: InterimTarget | None = None
    for i, step in enumerate(timeline):
        path = f"{prefix}.timeline[{i}]"
        if span is not None and not span.contains(step.period):
            out.append(
                _problem(
                    f"{path}.period",
                    f"the interim period {step.period} is outside {name}'s span {span}; move it "
                    "inside, or widen the target's period or deadline",
                )
            )
        if _kind(step.value) != _kind(goal):
            out.append(
                _problem(
                    f"{path}.value",
                    f"the interim value {step.value} is {_kind(step.value)}, but {name} is "
                    f"{_kind(goal)}; state it in the target's own terms",
                )
            )
        elif previous is not None:
            if step.period.overlaps(previous.period):
                word = (
                    "the same period" if step.period == previous.period else "overlapping periods"
                )
                out.append(
                    _problem(
                        f"{path}.period",
                        f"timeline[{i - 1}] and timeline[{i}] are for {word} ({previous.period}, "
                        f"{step.period}); give one value per period",
                    )
                )
            elif step.period.start < previous.period.start:
                out.append(
                    _problem(
                        f"{path}.period",
                        f"the interim period {step.period} comes before timeline[{i - 1}] "
                        f"({previous.period}); list the values in time order",
                    )
                )
            elif cumulative and _amount(step.value) < _amount(previous.value):
                out.append(
                    _problem(
                        f"{path}.value",
                        f"the interim value {step.value} by {step.due.isoformat()} is below "
                        f"{previous.value} due by {previous.due.isoformat()}, but the indicator is "
                        "summed over time, so its running total never falls; raise it, or give "
                        "each value as the total reached since the start",
                    )
                )
        previous = step
    last = timeline[-1]
    if _kind(last.value) == _kind(goal) and last.value != goal:
        out.append(
            _problem(
                f"{prefix}.timeline[{len(timeline) - 1}].value",
                f"the last interim value {last.value} differs from {name}'s value {goal}; the "
                "timeline ends at the target: make the two equal",
            )
        )
    return out


def _amount(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else value.amount


def _span(target: Any) -> Period | None:
    """The days a target's timeline may cover: its period, or up to its deadline."""
    if target.period is not None:
        return target.period  # type: ignore[no-any-return]
    if target.deadline is not None:
        start = dt.date(1900, 1, 1)
        if target.baseline is not None and target.baseline.as_of is not None:
            start = min(target.baseline.as_of + dt.timedelta(days=1), target.deadline)
        return Period(start, target.deadline)
    return None


class ActivityStatus(enum.Enum):
    """Where an activity stands: planned, under way, done or dropped.

    Examples:
        >>> ActivityStatus("under way")
        <ActivityStatus.UNDER_WAY: 'under way'>
    """

    _missing_ = reject_unknown

    PLANNED = "planned"
    UNDER_WAY = "under way"
    DONE = "done"
    DROPPED = "dropped"


def to_activity_status(value: object) -> ActivityStatus:
    """An :class:`ActivityStatus` from itself or its value."""
    return to_enum(ActivityStatus, value, "Activity.status")


def activity_problems(activity: Any) -> list[tuple[str, str]]:
    """Every problem of an activity's dates and status, as ``(path, message)`` pairs."""
    out: list[tuple[str, str]] = []
    name = f"activity {activity.id!r}"
    started, finished = activity.started, activity.finished
    if started is not None and finished is not None and finished < started:
        out.append(
            _problem(
                "Activity.finished",
                f"{name} is done on {finished.isoformat()}, before it started on "
                f"{started.isoformat()}; swap the two or correct one",
            )
        )
    status = activity.status
    if status is ActivityStatus.PLANNED and (started is not None or finished is not None):
        out.append(
            _problem(
                "Activity.status",
                f"{name} is 'planned' but has actual dates; set status='under way' (or "
                "'done'), or drop the dates",
            )
        )
    if status is ActivityStatus.UNDER_WAY and finished is not None:
        out.append(
            _problem(
                "Activity.status",
                f"{name} is 'under way' but finished on {finished.isoformat()}; set "
                "status='done', or drop the finish date",
            )
        )
    return out


def default_status(activity: Any) -> ActivityStatus:
    """The status an activity's actual dates imply (done, under way, or planned)."""
    if activity.finished is not None:
        return ActivityStatus.DONE
    if activity.started is not None:
        return ActivityStatus.UNDER_WAY
    return ActivityStatus.PLANNED
