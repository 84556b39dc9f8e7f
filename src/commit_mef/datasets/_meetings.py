"""COMMIT's Senior Officials' Meetings (SOM) and Inter-Ministerial Meetings (IMM)."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from commit_mef._caches import built_once
from commit_mef._validators import reject_unknown, to_enum
from commit_mef.countries import Country, country
from commit_mef.datasets._files import data_json
from commit_mef.periods import Period

__all__ = ["Meeting", "MeetingKind", "meetings"]


class MeetingKind(enum.Enum):
    """The kind of COMMIT meeting.

    Examples:
        >>> MeetingKind("IMM").label
        'Inter-Ministerial Meeting'
    """

    _missing_ = reject_unknown

    SOM = "SOM"
    IMM = "IMM"

    @property
    def label(self) -> str:
        """The full name of the kind of meeting."""
        return {"SOM": "Senior Officials' Meeting", "IMM": "Inter-Ministerial Meeting"}[self.value]


def _to_kind(value: object) -> MeetingKind:
    return to_enum(MeetingKind, value, "Meeting.kind")


@attrs.frozen(kw_only=True)
class Meeting:
    """One COMMIT meeting: when, where, and what it decided.

    Attributes:
        kind: SOM or IMM.
        number: Its number in its series (``3`` for SOM3), or ``None`` where unknown.
        period: The days it was held.
        place: The city.
        country: The host country.
        joint_with: The code of a meeting held together with it, if any.
        outcome: What it adopted or signed, paraphrased; ``None`` where not recorded.
        note: Anything else worth knowing.

    Examples:
        >>> imm1 = meetings()[0]
        >>> imm1.code, imm1.place, str(imm1.period)
        ('IMM1', 'Yangon', '2004-10-29')
    """

    kind: MeetingKind = attrs.field(converter=_to_kind)
    number: int | None
    period: Period
    place: str
    country: Country = attrs.field(converter=country)
    joint_with: str | None = None
    outcome: str | None = None
    note: str | None = None

    @property
    def code(self) -> str | None:
        """``"SOM3"``, ``"IMM4"``; ``None`` where the number is unknown.

        Examples:
            >>> [m.code for m in meetings() if m.period.start.year == 2015]
            [None, 'IMM4']
        """
        return None if self.number is None else f"{self.kind.value}{self.number}"


@built_once
def meetings() -> tuple[Meeting, ...]:
    """The COMMIT meetings the package records, in date order.

    Joint SOM/IMM events (Beijing 2007, Phnom Penh 2015) are two entries that
    point to each other through ``joint_with``.

    Examples:
        >>> [m.code for m in meetings() if m.kind is MeetingKind.IMM]
        ['IMM1', 'IMM2', 'IMM3', 'IMM4']
        >>> next(m for m in meetings() if m.code == "IMM3").outcome
        'second Joint Declaration; SPA III endorsed'
    """
    rows = data_json("meetings.json")["meetings"]
    return tuple(
        Meeting(
            kind=row["kind"],
            number=row["number"],
            period=Period(dt.date.fromisoformat(row["start"]), dt.date.fromisoformat(row["end"])),
            place=row["place"],
            country=row["country"],
            joint_with=row["joint_with"],
            outcome=row["outcome"],
            note=row["note"],
        )
        for row in rows
    )
