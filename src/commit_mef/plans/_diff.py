"""Drafts compared: diff() of two plans, field by field, as a structured PlanDiff with meeting notes."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any, Literal

import attrs

from commit_mef._problems import pointer_of
from commit_mef._validators import check_type, reject_unknown
from commit_mef.errors import ValidationError
from commit_mef.plans._lineage import Decision
from commit_mef.plans._tree import Plan

__all__ = ["Change", "ChangeKind", "FieldChange", "PlanDiff", "diff", "show"]


class ChangeKind(enum.Enum):
    """What happened to a part of a plan between two drafts.

    Examples:
        >>> ChangeKind("removed").verb
        'removed'
    """

    _missing_ = reject_unknown

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"

    @property
    def verb(self) -> str:
        """The word a meeting note uses (``"added"``, ``"removed"``, ``"changed"``).

        Examples:
            >>> ChangeKind.CHANGED.verb
            'changed'
        """
        return str(self.value)


@attrs.frozen(kw_only=True)
class FieldChange:
    """One field that differs between two drafts, with both values as a reader sees them.

    Attributes:
        field: The field's name (``"value"``, ``"countries"``, ``"id"``).
        before: Its value in the first draft, as text (``""`` when unset).
        after: Its value in the second draft, as text.

    Examples:
        >>> str(FieldChange(field="value", before="500", after="600"))
        'value 500 -> 600'
    """

    field: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.field} {self.before or 'not set'} -> {self.after or 'not set'}"


@attrs.frozen(kw_only=True)
class Change:
    """One part of a plan added, removed or changed between two drafts.

    Attributes:
        kind: Added, removed or changed.
        what: ``"plan"``, ``"area"``, ``"objective"``, ``"target"``, ``"indicator"``
            or ``"commitment"``.
        id: Its id in the second draft (in the first, when removed); an area's number as text.
        before_id: Its id in the first draft when the id changed (matched by
            indicator and countries), else ``None``.
        title: What it is, in words (a target's description, an objective's title).
        fields: For a change, each field that differs.
        path: Where it is, as a pointer into the plan (``/areas/0/objectives/1``;
            into the first draft when removed).
        decisions: The entries of the second draft's decision log whose subject
            is this part (its id or old id): who proposed the change and why.

    Examples:
        >>> c = Change(kind=ChangeKind.ADDED, what="objective", id="5.4.3", title="Output 5.4.3",
        ...            path="/areas/3/objectives/4")
        >>> c.line()
        'objective 5.4.3 added: Output 5.4.3'
    """

    kind: ChangeKind
    what: str
    id: str
    before_id: str | None = None
    title: str = ""
    fields: tuple[FieldChange, ...] = ()
    path: str = ""
    decisions: tuple[Decision, ...] = ()

    @property
    def location(self) -> str:
        """The path as a person reads it (``plan.areas[0].objectives[1]``).

        Examples:
            >>> Change(kind=ChangeKind.ADDED, what="area", id="6", path="/areas/5").location
            'plan.areas[5]'
        """
        out = "plan"
        for token in self.path.split("/")[1:]:
            out += f"[{token}]" if token.isdigit() else f".{token}"
        return out

    def line(self) -> str:
        """The change as one line of meeting notes.

        Examples:
            >>> Change(kind=ChangeKind.CHANGED, what="target", id="4.2.2.a",
            ...        fields=(FieldChange(field="value", before="500", after="600"),)).line()
            'target 4.2.2.a changed: value 500 -> 600'
        """
        name = self.id if self.before_id is None else f"{self.before_id} (now {self.id})"
        text = f"{self.what} {name} {self.kind.verb}"
        if self.kind is ChangeKind.CHANGED:
            text += ": " + "; ".join(str(f) for f in self.fields)
        elif self.title:
            text += f": {self.title}"
        for decision in self.decisions:
            text += f" [{decision}]"
        return text


Format = Literal["text", "markdown"]


@attrs.frozen(kw_only=True)
class PlanDiff:
    """What changed between two drafts of a plan: every part added, removed or changed.

    Attributes:
        before: The first draft's code, with its status when it has one (``"SPA V (draft)"``).
        after: The second draft's, likewise.
        changes: The changes: the plan's own fields first, then areas,
            objectives, targets, indicators and commitments, each in the order of the drafts.

    Examples:
        >>> a = Plan(code="SPA V", title="Draft 1", period="2019-2023")
        >>> b = Plan(code="SPA V", title="Draft 2", period="2019-2023")
        >>> print(diff(a, b).render())
        SPA V -> SPA V: 1 change
        - plan SPA V changed: title Draft 1 -> Draft 2
    """

    before: str
    after: str
    changes: tuple[Change, ...] = ()

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def of(self, kind: ChangeKind | str) -> tuple[Change, ...]:
        """The changes of one kind (``"added"``, ``"removed"``, ``"changed"``).

        Raises:
            ValidationError: an unknown kind.

        Examples:
            >>> PlanDiff(before="A", after="B").of("added")
            ()
        """
        wanted = ChangeKind(kind)
        return tuple(c for c in self.changes if c.kind is wanted)

    def render(self, format: Format = "text") -> str:  # noqa: A002 - as reports.render() names it
        """The changes as a meeting-note list, in plain text or Markdown.

        Raises:
            ValidationError: an unknown format.

        Examples:
            >>> print(PlanDiff(before="A", after="B").render("markdown"))
            ## A -> B: no changes
        """
        if format not in ("text", "markdown"):
            raise ValidationError(
                f"PlanDiff.render() writes 'text' or 'markdown', not {format!r}; for JSON "
                "use to_dict()",
                path="PlanDiff.render.format",
            )
        count = len(self.changes)
        head = f"{self.before} -> {self.after}: " + (
            "no changes" if not count else f"{count} change{'s' if count != 1 else ''}"
        )
        lines = [f"## {head}" if format == "markdown" else head]
        if format == "markdown" and self.changes:
            lines.append("")
        for change in self.changes:
            text = change.line()
            if format == "markdown":
                text = text.replace(f" {change.kind.verb}", f" **{change.kind.verb}**", 1)
            lines.append(f"- {text}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """The diff as plain JSON-ready data (what ``commit-mef diff --format json`` prints).

        Examples:
            >>> PlanDiff(before="A", after="B").to_dict()
            {'before': 'A', 'after': 'B', 'changes': []}
        """
        return {
            "before": self.before,
            "after": self.after,
            "changes": [
                {
                    "kind": c.kind.value,
                    "what": c.what,
                    "id": c.id,
                    "before_id": c.before_id,
                    "title": c.title,
                    "path": c.path,
                    "location": c.location,
                    "fields": [attrs.asdict(f) for f in c.fields],
                    "decisions": [_decision_dict(d) for d in c.decisions],
                }
                for c in self.changes
            ],
        }


def _decision_dict(decision: Decision) -> dict[str, object]:
    out: dict[str, object] = {
        "status": None if decision.status is None else decision.status.value,
        "meeting": decision.meeting,
        "date": None if decision.date is None else decision.date.isoformat(),
        "subject": decision.subject,
        "proposed_by": decision.proposed_by,
        "reason": decision.reason,
    }
    return out


# ---------------------------------------------------------------------------------------
# Values as a reader sees them
# ---------------------------------------------------------------------------------------


def show(value: object) -> str:  # noqa: PLR0911 - one return per kind of value
    """A field's value as a meeting note writes it.

    Examples:
        >>> from commit_mef.money import Money
        >>> show(Money("3650000000", "KHR")), show(None), show(True)
        ('KHR 3,650,000,000', '', 'yes')
        >>> show(Decimal("1500")), show(Decimal("0.125"))
        ('1,500', '0.125')
    """
    from commit_mef.countries import Country
    from commit_mef.money import Money

    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Money):
        return f"{value.currency.code} {value.amount:,}"
    if isinstance(value, Country):
        return value.alpha_3
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (Decimal, int)):
        return f"{value:,}"  # thousands separated, every digit kept
    if isinstance(value, (dt.date, str)):
        return value.isoformat() if isinstance(value, dt.date) else value
    if isinstance(value, tuple):
        return ", ".join(show(v) for v in value)
    if attrs.has(type(value)):
        kind: Any = type(value)
        names = [f.name for f in attrs.fields(kind)]
        parts = (f"{name}={show(getattr(value, name))}" for name in names)
        return f"{type(value).__name__}(" + ", ".join(p for p in parts if not p.endswith("=")) + ")"
    return str(value)


def _fields(before: object, after: object, skip: frozenset[str]) -> tuple[FieldChange, ...]:
    out = []
    kind: Any = type(after)
    for f in attrs.fields(kind):
        if f.name in skip:
            continue
        old, new = getattr(before, f.name), getattr(after, f.name)
        if old != new:
            out.append(FieldChange(field=f.name, before=show(old), after=show(new)))
    return tuple(out)


# ---------------------------------------------------------------------------------------
# Matching the parts of two drafts
# ---------------------------------------------------------------------------------------


@attrs.frozen
class _Part:
    id: str
    path: str
    value: Any
    parent: str = ""


def _areas(plan: Plan) -> list[_Part]:
    return [_Part(str(a.number), f"/areas/{i}", a) for i, a in enumerate(plan.areas)]


def _objectives(plan: Plan) -> list[_Part]:
    return [
        _Part(o.id, f"/areas/{a}/objectives/{i}", o, str(area.number))
        for a, area in enumerate(plan.areas)
        for i, o in enumerate(area.objectives)
    ]


def _targets(plan: Plan) -> list[_Part]:
    return [
        _Part(t.id, f"/areas/{a}/objectives/{o}/targets/{i}", t, objective.id)
        for a, area in enumerate(plan.areas)
        for o, objective in enumerate(area.objectives)
        for i, t in enumerate(objective.targets)
    ]


def _indicators(plan: Plan) -> list[_Part]:
    return [_Part(ind.id, f"/indicators/{i}", ind) for i, ind in enumerate(plan.indicators)]


def _commitments(plan: Plan) -> list[_Part]:
    return [_Part(c.id, f"/commitments/{i}", c) for i, c in enumerate(plan.commitments)]


def _target_key(part: _Part) -> tuple[object, ...]:
    t = part.value
    return (t.indicator, t.level, tuple(sorted(c.alpha_3 for c in t.countries)))


def _area_key(part: _Part) -> object:
    return part.value.title.casefold()


def _objective_key(part: _Part) -> object:
    return (part.value.title.casefold(), part.value.level)


def _match(
    old: list[_Part], new: list[_Part], key: Callable[[_Part], object] | None
) -> tuple[list[tuple[_Part, _Part]], list[_Part], list[_Part]]:
    """Pairs, then what is only in ``old`` and only in ``new``.

    With a ``key`` (what a part is about: a target's indicator and countries),
    parts equal in id *and* key pair first, then parts equal in key under new
    ids, and only then parts equal in id alone; so a dropped target is not
    read as its neighbour renamed.
    """
    pairs: list[tuple[_Part, _Part]] = []
    left, right = list(old), list(new)

    def take(same: Callable[[_Part, _Part], bool]) -> None:
        for a in list(left):
            b = next((b for b in right if same(a, b)), None)
            if b is not None:
                pairs.append((a, b))
                left.remove(a)
                right.remove(b)

    if key is not None:
        take(lambda a, b: a.id == b.id and key(a) == key(b))
        take(lambda a, b: key(a) == key(b))
    take(lambda a, b: a.id == b.id)
    pairs.sort(key=lambda pair: new.index(pair[1]))
    return pairs, left, right


_SKIP = {
    "area": frozenset({"number", "objectives"}),
    "objective": frozenset({"id", "targets", "activities"}),
    "target": frozenset({"id"}),
    "indicator": frozenset({"id"}),
    "commitment": frozenset({"id"}),
}


def _title(what: str, value: Any) -> str:
    if what == "target":
        return str(value.description or f"{value.indicator}, {show(value.countries) or 'all'}")
    if what == "indicator":
        return str(value.name)
    if what == "commitment":
        return str(value.summary or f"article {value.article}")
    return str(value.title)


def _changes(
    what: str,
    old: list[_Part],
    new: list[_Part],
    key: Callable[[_Part], object] | None,
    log: tuple[Decision, ...],
) -> Iterable[Change]:
    pairs, removed, added = _match(old, new, key)

    def noted(*ids: str) -> tuple[Decision, ...]:
        return tuple(d for d in log if d.subject and d.subject in ids)

    for a, b in pairs:
        fields = _fields(a.value, b.value, _SKIP[what])
        if what in ("target", "objective") and a.parent != b.parent:
            moved = "objective" if what == "target" else "area"
            fields = (FieldChange(field=moved, before=a.parent, after=b.parent), *fields)
        if a.id != b.id:
            fields = (FieldChange(field="id", before=a.id, after=b.id), *fields)
        if fields:
            yield Change(
                kind=ChangeKind.CHANGED,
                what=what,
                id=b.id,
                before_id=a.id if a.id != b.id else None,
                title=_title(what, b.value),
                fields=fields,
                path=b.path,
                decisions=noted(a.id, b.id),
            )
    gone = [(p, ChangeKind.REMOVED) for p in removed]
    for part, kind in [*gone, *((p, ChangeKind.ADDED) for p in added)]:
        yield Change(
            kind=kind,
            what=what,
            id=part.id,
            title=_title(what, part.value),
            path=part.path,
            decisions=noted(part.id),
        )


_PLAN_SKIP = frozenset({"areas", "indicators", "commitments", "decisions"})


def _label(plan: Plan) -> str:
    return plan.code if plan.status is None else f"{plan.code} ({plan.status.value})"


def diff(before: Plan, after: Plan) -> PlanDiff:
    """What changed from one draft of a plan to the next: a structured :class:`PlanDiff`.

    Areas are matched by number, then by title; objectives by id, then by
    title and level; indicators and commitments by id; targets by id and what they are about
    (indicator, level and countries), then by what they are about under a new
    id, then by id alone.  So raising a target, dropping one country's target
    and adding an output are three changes, not a target renamed into its
    neighbour.  A change carries the entries added to ``after``'s decision log
    (:class:`~commit_mef.plans.Decision`, those ``before`` does not have)
    whose subject it is: who proposed it and why.  A move of the plan's
    status is a change of the plan, carrying the decisions about the whole
    plan; the log itself is not compared.

    Args:
        before: The earlier draft.
        after: The later draft.

    Returns:
        The :class:`PlanDiff`; render it with :meth:`PlanDiff.render` or as
        JSON with :meth:`PlanDiff.to_dict`.

    Raises:
        TypeError: either draft is not a :class:`~commit_mef.plans.Plan`.

    Examples:
        >>> from commit_mef.plans import Area, Objective, Target
        >>> one = Plan(code="SPA V", title="V", period="2019-2023", areas=(Area(number=4, title="Protection",
        ...     objectives=(Objective(id="5.4.1", title="Victims identified", targets=(
        ...         Target(id="a", indicator="trained", value=500, countries="KHM"),
        ...         Target(id="b", indicator="trained", value=300, countries="LAO"),
        ...         Target(id="c", indicator="trained", value=200, countries="THA"))),)),))
        >>> two = one.update_target("a", value=600)
        >>> two = attrs.evolve(two, areas=(attrs.evolve(two.areas[0], objectives=(
        ...     attrs.evolve(two.areas[0].objectives[0],
        ...                  targets=tuple(t for t in two.targets() if t.id != "b")),
        ...     Objective(id="5.4.1.2", title="Referral guidelines agreed", level="output",
        ...               parent="5.4.1"))),))
        >>> print(diff(one, two).render())
        SPA V -> SPA V: 3 changes
        - objective 5.4.1.2 added: Referral guidelines agreed
        - target a changed: value 500 -> 600
        - target b removed: trained, LAO
    """
    check_type(before, Plan, "diff()")
    check_type(after, Plan, "diff(after=)")
    log = tuple(d for d in after.decisions if d not in before.decisions)
    changes: list[Change] = []
    plan_fields = _fields(before, after, _PLAN_SKIP)
    if plan_fields:
        changes.append(
            Change(
                kind=ChangeKind.CHANGED,
                what="plan",
                id=after.code,
                title=after.title,
                fields=plan_fields,
                path=pointer_of("plan"),
                decisions=tuple(d for d in log if not d.subject),
            )
        )
    changes += _changes("area", _areas(before), _areas(after), _area_key, log)
    changes += _changes("objective", _objectives(before), _objectives(after), _objective_key, log)
    changes += _changes("target", _targets(before), _targets(after), _target_key, log)
    changes += _changes("indicator", _indicators(before), _indicators(after), None, log)
    changes += _changes("commitment", _commitments(before), _commitments(after), None, log)
    return PlanDiff(before=_label(before), after=_label(after), changes=tuple(changes))
