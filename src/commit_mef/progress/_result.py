"""The result of progress(): a target's status on a day, and what it is made of."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import attrs

from commit_mef._validators import reject_unknown

__all__ = ["EARLIEST", "RANK", "Progress", "Status"]

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
        expected: The share of the target's time passed by ``as_of`` (what
            ``ratio`` is compared with for "on track"), if the target has a start.
        rows: How many observations went in.
        ids: Their ids, where they have one.
        parts: For a national target over several countries, one
            :class:`Progress` per country (the status is the worst of them).
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
    rows: int = 0
    ids: tuple[str, ...] = ()
    parts: tuple[Progress, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def met(self) -> bool:
        """Whether the target is achieved.

        Examples:
            >>> Progress(target="t", indicator="i", as_of=dt.date(2015, 1, 1), status=Status.ACHIEVED).met
            True
        """
        return self.status.met
