"""The result of progress(): a target's status on a day, and what it is made of."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import attrs

from commit_mef._validators import reject_unknown
from commit_mef.periods import Period

__all__ = ["EARLIEST", "RANK", "Pace", "PeriodResult", "Progress", "Status"]

EARLIEST = dt.date(1900, 1, 1)


class Status(enum.Enum):
    """Where a target stands on a given day.

    Examples:
        >>> Status("off track")
        <Status.OFF_TRACK: 'off track'>
        >>> Status.ACHIEVED.met, Status.ON_TRACK.met
        (True, False)
    """

    _missing_ = reject_unknown

    ACHIEVED = "achieved"
    ON_TRACK = "on track"
    OFF_TRACK = "off track"
    NOT_STARTED = "not started"
    NO_DATA = "no data"
    NOT_ASSESSED = "not assessed"
    """The target has no value to measure against, or is qualitative (a person judges it)."""

    @property
    def met(self) -> bool:
        """Whether the target is met.

        Examples:
            >>> Status.NO_DATA.met
            False
        """
        return self is Status.ACHIEVED


RANK = {
    Status.NO_DATA: 0,
    Status.NOT_ASSESSED: 1,
    Status.OFF_TRACK: 2,
    Status.NOT_STARTED: 3,
    Status.ON_TRACK: 4,
    Status.ACHIEVED: 5,
}


class Pace(enum.Enum):
    """What :func:`~commit_mef.progress` paced a target by: its timeline, or a straight line.

    Examples:
        >>> Pace("timeline"), Pace.STRAIGHT_LINE.value
        (<Pace.TIMELINE: 'timeline'>, 'straight line')
    """

    _missing_ = reject_unknown

    TIMELINE = "timeline"
    """The interim values of :attr:`~commit_mef.plans.Target.timeline` (straight between two)."""
    STRAIGHT_LINE = "straight line"
    """A straight line from the baseline (or zero) at the start to the target on its due date."""


@attrs.frozen(kw_only=True)
class PeriodResult:
    """One period of a target's timeline: the interim value beside what was achieved.

    Like an IATI result period's ``target`` and ``actual``.

    Attributes:
        period: The interim value's period.
        target: The value due by its end, in the target's terms.
        achieved: What was reached by the end of the period (or by ``through``,
            while it runs); ``None`` before it starts or without data.
        through: The last day ``achieved`` counts (the period's end, or the
            day measured if that comes first); ``None`` before the period starts.
        met: Whether ``achieved`` reaches ``target`` in the indicator's
            direction; ``None`` without an achieved value.

    Examples:
        >>> r = PeriodResult(period=Period.year(2016), target=Decimal(200), achieved=Decimal(230),
        ...                  through=dt.date(2016, 12, 31), met=True)
        >>> r.met, r.complete
        (True, True)
    """

    period: Period
    target: Decimal
    achieved: Decimal | None = None
    through: dt.date | None = None
    met: bool | None = None

    @property
    def complete(self) -> bool:
        """Whether the period had ended by the day measured.

        Examples:
            >>> PeriodResult(period=Period.year(2016), target=Decimal(1)).complete
            False
        """
        return self.through is not None and self.through >= self.period.end


@attrs.frozen(kw_only=True)
class Progress:
    """How far a target has come by a day.

    Attributes:
        target: The target's id.
        indicator: Its indicator's id.
        as_of: The day measured.
        status: Where it stands.
        achieved: The value reached: a :class:`~decimal.Decimal` (in the
            target's currency for money), the number of countries that reached
            a milestone, or a level name for an ordinal; ``None`` without data.
        goal: The target value, in the same terms (``True`` becomes the number
            of countries needed).
        baseline: The baseline value counted from, if any (states only).
        ratio: The share of the way covered (1 = met), or ``None`` where it
            cannot be computed.
        expected: The share of the way the target should have covered by
            ``as_of`` (what ``ratio`` is compared with for "on track"): the share
            of its time passed on a straight line, or, with a timeline, the
            share its interim values make due by then; ``None`` without a start.
        basis: What the target was paced by (:class:`Pace`): its timeline or a
            straight line; ``None`` where no pace applies (no start or due date,
            milestones, qualitative targets).
        expected_value: The value due by ``as_of`` on that basis, in the
            target's terms (``None`` where ``basis`` is).
        periods: With a timeline, one :class:`PeriodResult` per interim value:
            what was achieved by the end of each period beside its interim target.
        rows: How many observations went in.
        ids: Their ids, where they have one.
        parts: One :class:`Progress` per country the target binds: for a
            national target over several countries each country measured
            against the goal (the status is the worst of them); for a regional
            milestone whether each country reached it; for a regional total
            each country's own contribution (status ``NOT_ASSESSED``, or
            ``NO_DATA`` without figures: the goal is the region's).
        country: The country (alpha-3) a part measures; ``None`` for a whole target.
        notes: Assumptions and reasons, in words.

    Examples:
        >>> p = Progress(target="t", indicator="i", as_of=dt.date(2015, 1, 1), status=Status.NO_DATA)
        >>> p.met, p.ratio
        (False, None)
    """

    target: str
    indicator: str
    as_of: dt.date
    status: Status
    achieved: Decimal | int | str | None = None
    goal: Decimal | int | str | None = None
    baseline: Decimal | int | str | None = None
    ratio: Decimal | None = None
    expected: Decimal | None = None
    basis: Pace | None = None
    expected_value: Decimal | None = None
    periods: tuple[PeriodResult, ...] = ()
    rows: int = 0
    ids: tuple[str, ...] = ()
    parts: tuple[Progress, ...] = ()
    notes: tuple[str, ...] = ()
    country: str | None = None

    @property
    def met(self) -> bool:
        """Whether the target is achieved.

        Examples:
            >>> Progress(target="t", indicator="i", as_of=dt.date(2015, 1, 1), status=Status.ACHIEVED).met
            True
        """
        return self.status.met
