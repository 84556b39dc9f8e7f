"""Building the plan-document model: a plan's tree laid out as a results framework."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from commit_mef._validators import check_type
from commit_mef.commitments import MoU
from commit_mef.plans import Level, Objective, Plan, ResultLevel, Target
from commit_mef.reports._plan_model import CoverageRow, FrameworkRow, PlanArea, PlanDocument

if TYPE_CHECKING:
    from commit_mef.indicators import Indicator
    from commit_mef.plans import Assumption, Baseline

__all__ = ["plan_document"]


def _value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value:,f}"
    return str(value)


def _named(objective: Objective | None) -> str:
    return "" if objective is None else f"{objective.id}: {objective.title}"


def _unit(ind: Indicator | None) -> str:
    if ind is None:
        return ""
    kind = ind.kind.value
    if ind.factor is not None:
        return f"{kind} per {ind.factor:,f}" + (f" ({ind.unit})" if ind.unit else "")
    if ind.scale:
        return f"{kind}: {' < '.join(ind.scale)}"
    if ind.unit and ind.kind.value == "money":
        return "money" if ind.unit == "currency" else f"money in {ind.unit}"
    return f"{kind} of {ind.unit}" if ind.unit else kind


def _countries(target: Target) -> str:
    names = ", ".join(c.name for c in target.countries)
    if target.level is Level.REGIONAL:
        return f"regional: {names}" if names else "regional: every member"
    if target.level is Level.BILATERAL:
        return f"bilateral: {names}"
    return f"national: {names}" if names else "national: each member"


def _baseline(target: Target) -> tuple[str, str, str]:
    base: Baseline | None = target.baseline
    if base is None:
        return (f"none: {target.no_baseline}" if target.no_baseline else "", "", "")
    when = base.date.isoformat() if base.date is not None else ""
    if not when and base.period is not None:
        when = str(base.period)
    return _value(base.value), when, "" if base.source is None else str(base.source)


def _target_value(target: Target) -> str:
    text = _value(target.value)
    if target.per_year and text:
        text += " a year"
    if target.parts:
        parts = "; ".join(f"{p.dimension} {p.code}: {_value(p.value)}" for p in target.parts)
        text = f"{text} ({parts})" if text else parts
    return text


def _due(target: Target) -> str:
    if target.deadline is not None:
        return f"by {target.deadline.isoformat()}"
    return "" if target.period is None else str(target.period)


def _assumption(item: Assumption, parent: str | None) -> str:
    word = "Risk" if item.kind.value == "risk" else "Assumption"
    where = f" (on the link to {parent})" if item.link and parent else ""
    text = f"{word}{where}: {item.text}"
    return f"{text}; mitigation: {item.mitigation}" if item.mitigation else text


def _budget(objective: Objective) -> tuple[str, ...]:
    out = []
    for b in objective.budgets:
        extra: list[str] = [b.kind] if b.kind != "committed" else []
        if b.status != "original":
            extra.append(b.status)
        if b.recipient:
            extra.append(f"to {b.recipient}")
        suffix = f" ({', '.join(extra)})" if extra else ""
        out.append(f"{b.amount} over {b.period}{suffix}")
    return tuple(out)


class _Builder:
    """One build: the plan's lookups."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.indicators = {i.id: i for i in plan.indicators}
        self.commitments = {c.id: c for c in plan.commitments}
        self.objectives = {o.id: o for o in plan.objectives()}

    def rows(self, objective: Objective) -> list[FrameworkRow]:
        parent = self.objectives.get(objective.parent) if objective.parent else None
        if objective.level is ResultLevel.OUTPUT:
            outcome, output = _named(parent), _named(objective)
        else:
            outcome, output = _named(objective), ""
        common: dict[str, object] = {
            "outcome": outcome,
            "output": output,
            "assumptions": tuple(_assumption(a, objective.parent) for a in objective.assumptions),
            "budget": _budget(objective),
        }
        if not objective.targets:
            return [FrameworkRow(responsible=objective.responsible, **common)]  # type: ignore[arg-type]
        return [self.row(t, objective, common) for t in objective.targets]

    def row(self, target: Target, objective: Objective, common: dict[str, object]) -> FrameworkRow:
        ind = self.indicators.get(target.indicator)
        baseline, when, source = _baseline(target)
        commitments = []
        for ref in target.commitments:
            found = self.commitments.get(ref)
            section = found.section if found is not None else None
            commitments.append(f"{ref} (MoU {section})" if section else ref)
        return FrameworkRow(
            target=target.id,
            description=target.description,
            indicator=ind.name if ind is not None else target.indicator,
            unit=_unit(ind),
            disaggregation=tuple(d.name for d in ind.dimensions) if ind is not None else (),
            countries=_countries(target),
            baseline=baseline,
            baseline_date=when,
            baseline_source=source,
            value=_target_value(target),
            due=_due(target),
            interim=tuple(f"{s.period}: {_value(s.value)}" for s in target.timeline),
            verification=ind.means_of_verification if ind is not None else (),
            responsible=target.responsible or objective.responsible,
            commitments=tuple(commitments),
            **common,  # type: ignore[arg-type]
        )

    def coverage(self, mou: MoU | None) -> list[CoverageRow]:
        themes = {} if mou is None else {s.number: s.theme for s in mou.sections}
        order = list(themes)
        areas: dict[str, list[str]] = {}
        served: dict[str, list[str]] = {}
        for area in self.plan.areas:
            for section in area.mou_sections:
                areas.setdefault(section, []).append(f"Area {area.number}")
                if section not in order:
                    order.append(section)
            for target in (t for o in area.objectives for t in o.targets):
                through = {
                    self.commitments[ref].section
                    for ref in target.commitments
                    if ref in self.commitments and self.commitments[ref].section
                }
                for section in sorted(s for s in through if s) or area.mou_sections:
                    served.setdefault(section, []).append(target.id)
                    if section not in order:
                        order.append(section)
        return [
            CoverageRow(
                section=s,
                theme=themes.get(s, ""),
                areas=tuple(areas.get(s, ())),
                targets=tuple(served.get(s, ())),
            )
            for s in order
        ]


def plan_document(plan: Plan, *, mou: MoU | None = None, title: str | None = None) -> PlanDocument:
    """Lay a plan out as a document: its results framework per area, and its MoU coverage.

    Each area lists a row per target (an objective without targets gets one row, so that it
    shows): outcome, output, indicator with unit and disaggregation, whom it binds, baseline
    (value, date, source, or why there is none), target value with its parts, deadline or
    period, interim values, means of verification, responsible bodies, assumptions and
    risks, budget and the MoU commitments served.  The coverage table puts each MoU section
    (the shipped MoU's five unless ``mou`` is given; also any section the plan names) against
    the areas that mirror it and the targets that serve it: a target serves the sections of
    its commitments, or else those its area mirrors.  Nothing is invented: what the plan
    leaves empty stays empty, and the renderers print "not set".

    Args:
        plan: The plan.
        mou: The MoU whose sections the coverage table lists; the shipped 2004 MoU by default.
        title: The document's title; by default the plan's code and title.

    Returns:
        The document model, for :func:`render_plan_text` and the other renderers.

    Raises:
        TypeError: ``plan`` is not a Plan, or ``mou`` not a MoU.

    Examples:
        >>> from commit_mef import datasets
        >>> doc = plan_document(datasets.plan("SPA IV"))
        >>> doc.areas[0].heading, len(doc.areas[0].rows)
        ('Area 4: Protection', 5)
        >>> doc.areas[0].rows[1].output[:35], doc.areas[0].rows[1].indicator
        ('spa4.4.1.1: regional identification', '')
        >>> [(c.section, c.served) for c in doc.coverage][:2]
        [('I', False), ('II', False)]
    """
    check_type(plan, Plan, "plan_document()")
    if mou is None:
        from commit_mef.datasets import mou as shipped

        mou = shipped()
    check_type(mou, MoU, "plan_document(mou=)")
    build = _Builder(plan)
    areas = [
        PlanArea(
            number=area.number,
            title=area.title,
            mou_sections=area.mou_sections,
            rows=[row for o in area.objectives for row in build.rows(o)],
        )
        for area in plan.areas
    ]
    notes = []
    if not any(row.target for area in areas for row in area.rows):
        notes.append(
            "The plan states no targets yet: its indicators, baselines and target values are "
            "not set."
        )
    return PlanDocument(
        title=title if title is not None else f"{plan.code}: {plan.title}",
        plan=plan.code,
        plan_title=plan.title,
        period=str(plan.effective_period),
        adopted="" if plan.adopted is None else plan.adopted.isoformat(),
        description=plan.description,
        areas=areas,
        coverage=build.coverage(mou),
        notes=notes,
    )
