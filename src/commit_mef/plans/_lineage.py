"""Lineage and decisions: what a part of a plan continues, and the plan's status with its decision log."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from commit_mef._validators import non_empty_str, reject_unknown, to_enum
from commit_mef.errors import InvalidTypeError, ValidationError

if TYPE_CHECKING:
    from commit_mef.plans._tree import Area, Objective

__all__ = ["Continues", "Decision", "PlanStatus", "check_move", "continued", "continues_tuple"]

MOU = "MoU"
"""The plan code :class:`Continues` uses for a section of the 2004 MoU."""


def _check_date(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidTypeError(
            f"{type(inst).__name__}.{attr.name} must be a datetime.date or None, got "
            f"{type(value).__name__} {value!r}"
        )


def _check_text(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"{type(inst).__name__}.{attr.name} must be a string, got {type(value).__name__} "
            f"{value!r}"
        )


def _to_ref(value: object) -> object:
    """An area number may be given as an int: it is kept as its text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


@attrs.frozen(kw_only=True)
class Continues:
    """What a part of a plan continues: an earlier plan's area, objective or target, or an MoU section.

    Areas and objectives name what they continue so that plans can be lined up
    side by side (:func:`~commit_mef.compare`) although their numbers move:
    Protection is Area 3 in SPA III and Area 4 in SPA IV.  A target carried
    over by :func:`~commit_mef.carry_over` names the target it came from, the
    day it was measured and its status then.

    Attributes:
        plan: The code of the earlier plan (``"SPA III"``), or ``"MoU"`` for a
            section of the 2004 MoU.
        ref: What it continues there: an area number (``"3"``), an objective
            or target id, or an MoU section (``"III"``).
        as_of: For a carried target, the day its progress was measured.
        status: For a carried target, its status then (a
            :class:`~commit_mef.progress.Status` value such as ``"off track"``
            or ``"no data"``); empty otherwise.
        note: Why, in words (for a carried target: what was achieved, or why
            there was no data).

    Raises:
        ValidationError: an empty plan code or reference.
        TypeError: a field of the wrong type.

    Examples:
        >>> Continues(plan="SPA III", ref=3).ref
        '3'
        >>> str(Continues(plan="MoU", ref="III"))
        'MoU III'
        >>> str(Continues(plan="SPA IV", ref="4.1.1.b", as_of=dt.date(2018, 12, 31),
        ...               status="no data"))
        'SPA IV 4.1.1.b (no data on 2018-12-31)'
    """

    plan: str = attrs.field(validator=non_empty_str)
    ref: str = attrs.field(converter=_to_ref, validator=non_empty_str)
    as_of: dt.date | None = attrs.field(default=None, validator=_check_date)
    status: str = attrs.field(default="", validator=_check_text)
    note: str = attrs.field(default="", validator=_check_text)

    def __str__(self) -> str:
        text = f"{self.plan} {self.ref}"
        if self.status:
            on = "" if self.as_of is None else f" on {self.as_of.isoformat()}"
            text += f" ({self.status}{on})"
        return text


def continues_tuple(value: Iterable[Continues] | Continues) -> tuple[Continues, ...]:
    """A tuple of :class:`Continues`; a single one is one item (a converter for the plan tree).

    Examples:
        >>> continues_tuple(Continues(plan="MoU", ref="III"))[0].ref
        'III'
    """
    items = (value,) if isinstance(value, Continues) else tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, Continues):
            raise InvalidTypeError(
                f"continues[{i}] must be a Continues such as Continues(plan='SPA III', ref='3'), "
                f"got {type(item).__name__} {item!r}"
            )
    return items


class PlanStatus(enum.Enum):
    """Where a plan stands between its first draft and its adoption.

    COMMIT drafts a plan among the six task forces, the Senior Officials'
    Meeting agrees it, and the Inter-Ministerial Meeting adopts (or endorses)
    it.  A plan moves forward one decision at a time; an agreed draft can be
    reopened as a draft, an adopted plan is changed only by a new plan or a
    revision started from it.

    Examples:
        >>> PlanStatus("agreed").rank > PlanStatus.DRAFT.rank
        True
    """

    _missing_ = reject_unknown

    DRAFT = "draft"
    AGREED = "agreed"
    ADOPTED = "adopted"

    @property
    def rank(self) -> int:
        """The position in the sequence (0 draft, 1 agreed, 2 adopted).

        Examples:
            >>> PlanStatus.ADOPTED.rank
            2
        """
        return list(PlanStatus).index(self)


def _to_status(value: object) -> PlanStatus | None:
    return None if value is None else to_enum(PlanStatus, value, "Decision.status")


@attrs.frozen(kw_only=True)
class Decision:
    """One entry of a plan's decision log: a change of status, or a change proposed and agreed.

    A decision with a ``status`` moves the plan (draft, agreed, adopted) and
    names the meeting that moved it; one with a ``subject`` records who
    proposed a change to a part of the plan and why, which
    :func:`~commit_mef.diff` then prints beside the change.

    Attributes:
        status: The status the plan moved to, or ``None`` for a change record.
        meeting: The meeting that decided (a code from
            :func:`commit_mef.datasets.meetings`, such as ``"IMM4"``, or your
            own: ``"national task force workshop, Vientiane"``); may be empty
            for a proposal not yet discussed.
        date: The day it was decided, if known.
        subject: The id of the part of the plan it concerns (a target,
            objective or indicator id, or an area number), empty for the whole plan.
        proposed_by: Who proposed it (``"Cambodia"``, ``"Secretariat"``).
        reason: Why.

    Raises:
        ValidationError: neither a status nor a subject (a decision about nothing).
        TypeError: a field of the wrong type.

    Examples:
        >>> d = Decision(status="agreed", meeting="SOM12", date=dt.date(2018, 11, 20))
        >>> d.status, str(d)
        (<PlanStatus.AGREED: 'agreed'>, 'agreed at SOM12 on 2018-11-20')
        >>> str(Decision(subject="4.2.2.a", proposed_by="Cambodia",
        ...              reason="more trainers available"))
        '4.2.2.a: proposed by Cambodia: more trainers available'
        >>> Decision(meeting="SOM12")
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: Decision.subject: a decision needs a status (draft, agreed, adopted) or a subject (the id of the target, objective or indicator it changes); give one
    """

    status: PlanStatus | None = attrs.field(default=None, converter=_to_status)
    meeting: str = attrs.field(default="", validator=_check_text)
    date: dt.date | None = attrs.field(default=None, validator=_check_date)
    subject: str = attrs.field(default="", converter=_to_ref, validator=_check_text)
    proposed_by: str = attrs.field(default="", validator=_check_text)
    reason: str = attrs.field(default="", validator=_check_text)

    def __attrs_post_init__(self) -> None:
        if self.status is None and not self.subject.strip():
            raise ValidationError(
                "a decision needs a status (draft, agreed, adopted) or a subject (the id of "
                "the target, objective or indicator it changes); give one",
                path="Decision.subject",
            )

    def __str__(self) -> str:
        parts = []
        if self.status is not None:
            parts.append(self.status.value)
        elif self.subject:
            parts.append(f"{self.subject}:")
        if self.proposed_by:
            parts.append(f"proposed by {self.proposed_by}" + (":" if self.reason else ""))
        if self.reason:
            parts.append(self.reason)
        if self.meeting:
            parts.append(f"at {self.meeting}")
        if self.date is not None:
            parts.append(f"on {self.date.isoformat()}")
        return " ".join(parts)

    @classmethod
    def at(
        cls,
        meeting: object,
        *,
        status: PlanStatus | str | None = None,
        subject: str = "",
        proposed_by: str = "",
        reason: str = "",
    ) -> Decision:
        """A decision taken at a meeting of :func:`commit_mef.datasets.meetings` (its code and last day).

        Raises:
            TypeError: ``meeting`` has no ``code``, ``place`` and ``period``.

        Examples:
            >>> from commit_mef import datasets
            >>> imm4 = next(m for m in datasets.meetings() if m.code == "IMM4")
            >>> str(Decision.at(imm4, status="adopted"))
            'adopted at IMM4 on 2015-04-30'
        """
        try:
            code = getattr(meeting, "code", None) or (
                f"{meeting.kind.value}, {meeting.place}"  # type: ignore[attr-defined]
            )
            day = meeting.period.end  # type: ignore[attr-defined]
        except AttributeError:
            raise InvalidTypeError(
                "Decision.at() takes a meeting with a code, kind, place and period, such as "
                f"an entry of commit_mef.datasets.meetings(); got {type(meeting).__name__}; "
                "for your own meeting pass Decision(meeting='...', date=...)"
            ) from None
        return cls(
            status=status,
            meeting=str(code),
            date=day,
            subject=subject,
            proposed_by=proposed_by,
            reason=reason,
        )


def check_move(current: PlanStatus | None, to: PlanStatus, code: str) -> None:
    """Refuse a status move that skips back: an adopted plan stays adopted.

    Raises:
        ValidationError: the plan is adopted, or ``to`` is where it already is.
    """
    if current is PlanStatus.ADOPTED:
        raise ValidationError(
            f"plan {code!r} is adopted; an adopted plan is not moved back to {to.value}: start "
            "a revision with Plan.successor() (or attrs.evolve(plan, status=None, "
            "decisions=()) for a copy without its history)",
            path="Plan.status",
        )
    if current is to:
        raise ValidationError(
            f"plan {code!r} is already {to.value}; record a change with subject=... instead",
            path="Plan.status",
        )


def continued(area: Area, code: str, objectives: tuple[Objective, ...] | None = None) -> Area:
    """``area`` (with ``objectives``) naming the area and objectives of plan ``code`` it continues."""
    kept = area.objectives if objectives is None else objectives
    return attrs.evolve(
        area,
        objectives=tuple(
            attrs.evolve(o, continues=_with(o.continues, Continues(plan=code, ref=o.id)))
            for o in kept
        ),
        continues=_with(area.continues, Continues(plan=code, ref=str(area.number))),
    )


def _with(links: tuple[Continues, ...], link: Continues) -> tuple[Continues, ...]:
    return links if link in links else (*links, link)
