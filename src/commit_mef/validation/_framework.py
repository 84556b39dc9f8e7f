"""Framework completeness: what a results framework needs before it goes before a meeting.

The rules here look at the plan as a logframe: every outcome and output measured, every
target with a baseline (or the reason it has none), a due date and a commitment, baselines
dated before the plan and sourced, every MoU section the plan mirrors served, ratios of
compatible parts, regional targets that bind a region, one target per indicator, country
and period.  Most are warnings, because a draft is incomplete by nature and a real plan may
deliberately differ; the few that cannot be right are errors (see
``docs/explanation/framework-completeness.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from commit_mef.countries import GMS
from commit_mef.indicators import Indicator, MeasureKind
from commit_mef.plans import Level, Objective, Plan, ResultLevel, Target

if TYPE_CHECKING:
    from commit_mef.periods import Period

__all__ = ["FRAMEWORK_RULES", "check_framework"]

#: The ids of the framework-completeness rules, in the order RULES lists them.
FRAMEWORK_RULES: tuple[str, ...] = (
    "objective-unmeasured",
    "target-no-baseline",
    "target-no-due-date",
    "target-no-commitment",
    "baseline-undated",
    "baseline-in-plan",
    "baseline-unsourced",
    "mou-section-unserved",
    "ratio-parts",
    "regional-too-few",
    "duplicate-target",
    "target-part-codes",
)

Add = Callable[[str, str, str], None]

_MEMBERS = frozenset(c.alpha_3 for c in GMS)
_COUNTABLE = (MeasureKind.COUNT, MeasureKind.MONEY)


def _walk(plan: Plan) -> Iterator[tuple[str, int, Objective]]:
    for a, area in enumerate(plan.areas):
        for o, objective in enumerate(area.objectives):
            yield f"plan.areas[{a}].objectives[{o}]", a, objective


def check_framework(plan: Plan, add: Add) -> None:
    """Apply the framework-completeness rules to ``plan``, reporting each breach with ``add``."""
    indicators = {i.id: i for i in plan.indicators}
    _check_measured(plan, indicators, add)
    _check_ratios(plan, add)
    commitments = {c.id: c for c in plan.commitments}
    served: set[str] = set()
    seen: dict[tuple[object, ...], str] = {}
    for opath, a, objective in _walk(plan):
        for t, target in enumerate(objective.targets):
            path = f"{opath}.targets[{t}]"
            _check_target(plan, target, path, add)
            _check_parts(indicators.get(target.indicator), target, path, add)
            _check_regional(target, path, add)
            _check_repeats(target, path, seen, add)
            # a target serves the sections of its commitments, or else those its area mirrors
            through = {
                section
                for ref in target.commitments
                if ref in commitments and (section := commitments[ref].section) is not None
            }
            served.update(through or plan.areas[a].mou_sections)
    _check_sections(plan, served, add)


def _check_measured(plan: Plan, indicators: dict[str, Indicator], add: Add) -> None:
    for opath, _a, objective in _walk(plan):
        if objective.level is ResultLevel.GOAL:
            continue
        if not any(t.indicator in indicators for t in objective.targets):
            add(
                "objective-unmeasured",
                f"{opath}.targets",
                f"{objective.level.value} {objective.id!r} is measured by no indicator of the "
                "plan; give it a target on one of the plan's indicators",
            )


def _check_target(plan: Plan, target: Target, path: str, add: Add) -> None:
    name = f"target {target.id!r}"
    if target.baseline is None and not target.no_baseline:
        add(
            "target-no-baseline",
            f"{path}.baseline",
            f"{name} has no baseline; give one (value, date, source), or state why it has none "
            "in Target.no_baseline",
        )
    if target.deadline is None and target.period is None:
        add(
            "target-no-due-date",
            f"{path}.deadline",
            f"{name} has neither a deadline nor a period, so it is read as due when the plan "
            f"ends ({plan.effective_period.end.isoformat()}); give a deadline or a period",
        )
    if not target.commitments:
        add(
            "target-no-commitment",
            f"{path}.commitments",
            f"{name} serves no MoU commitment; name the commitments it serves in "
            "Target.commitments (and add them to Plan.commitments)",
        )
    baseline = target.baseline
    if baseline is None:
        return
    if baseline.as_of is None:
        add(
            "baseline-undated",
            f"{path}.baseline.date",
            f"the baseline of {name} has no date or period; say when its value was true",
        )
    elif baseline.as_of >= plan.period.start:
        add(
            "baseline-in-plan",
            f"{path}.baseline",
            f"the baseline of {name} describes {baseline.as_of.isoformat()}, inside the plan "
            f"period {plan.effective_period}; a baseline is the state before the plan starts "
            f"({plan.period.start.isoformat()}): use an earlier figure, or keep this one and "
            "say why in Baseline.note",
        )
    if baseline.source is None or (isinstance(baseline.source, str) and not baseline.source):
        add(
            "baseline-unsourced",
            f"{path}.baseline.source",
            f"the baseline of {name} has no source; name the document or figures it comes from",
        )


def _number(value: object) -> Decimal:
    """A part's or target's amount (parts are numbers or money, checked on construction)."""
    amount = getattr(value, "amount", value)
    return amount if isinstance(amount, Decimal) else Decimal(0)


def _check_parts(ind: Indicator | None, target: Target, path: str, add: Add) -> None:
    if ind is None or not target.parts:
        return
    dims = {d.id: d for d in ind.dimensions}
    given: dict[str, list[object]] = {}
    for j, part in enumerate(target.parts):
        dim = dims.get(part.dimension)
        if dim is None:
            declared = ", ".join(dims) or "none"
            add(
                "target-part-codes",
                f"{path}.parts[{j}].dimension",
                f"target {target.id!r} has a part by {part.dimension!r}, a dimension its "
                f"indicator {ind.id!r} does not declare (it declares: {declared}); declare it "
                "on the indicator or fix the id",
            )
        elif part.code not in dim:
            add(
                "target-part-codes",
                f"{path}.parts[{j}].code",
                f"target {target.id!r} has a {dim.id} part {part.code!r}, not a code of that "
                f"dimension; use one of {', '.join(dim.codes)}",
            )
        else:
            given.setdefault(dim.id, []).append(part.value)
    for dim_id, values in given.items():
        if len(values) == len(dims[dim_id].codes) and target.value is not None:
            total = sum((_number(v) for v in values), start=Decimal(0))
            goal = _number(target.value)
            if total != goal:
                add(
                    "target-part-codes",
                    f"{path}.parts",
                    f"target {target.id!r} gives every {dim_id} code, adding up to {total}, but "
                    f"its value is {goal}; the parts of a whole dimension add up to the total: "
                    "correct a part or the target",
                )


def _check_ratios(plan: Plan, add: Add) -> None:
    by_id = {i.id: i for i in plan.indicators}
    for i, ind in enumerate(plan.indicators):
        if ind.numerator is None or ind.denominator is None:
            continue
        top, bottom = by_id.get(ind.numerator), by_id.get(ind.denominator)
        if top is None or bottom is None:
            continue  # dangling-indicator reports it
        path = f"plan.indicators[{i}]"
        what = f"{ind.kind.value} {ind.id!r}"
        for field, part in (("numerator", top), ("denominator", bottom)):
            if part.kind not in _COUNTABLE:
                add(
                    "ratio-parts",
                    f"{path}.{field}",
                    f"the {field} of {what} is {part.id!r}, a {part.kind.value}; a share or "
                    "rate is computed from counts or amounts: take it from a count or money "
                    "indicator",
                )
                return
        if top.kind is not bottom.kind:
            add(
                "ratio-parts",
                f"{path}.denominator",
                f"{what} divides {top.id!r} (a {top.kind.value}) by {bottom.id!r} (a "
                f"{bottom.kind.value}); take both from counts, or both from money",
            )
        elif ind.kind is MeasureKind.PERCENTAGE and top.unit != bottom.unit:
            add(
                "ratio-parts",
                f"{path}.denominator",
                f"{what} is a share of {bottom.unit} ({bottom.id!r}) counted in {top.unit} "
                f"({top.id!r}); a percentage compares like with like: count both in one unit",
            )
        elif ind.kind is MeasureKind.RATIO and ind.unit is not None and top.unit != ind.unit:
            add(
                "ratio-parts",
                f"{path}.numerator",
                f"{what} counts {ind.unit}, but its numerator {top.id!r} counts {top.unit}; "
                "make the two units agree",
            )


def _check_regional(target: Target, path: str, add: Add) -> None:
    if target.level is not Level.REGIONAL or not target.countries:
        return
    members = sorted({c.alpha_3 for c in target.countries} & _MEMBERS)
    if len(members) < 3:
        named = ", ".join(members) or "no member"
        add(
            "regional-too-few",
            f"{path}.countries",
            f"regional target {target.id!r} binds {len(members)} COMMIT member(s) ({named}); "
            "a regional target binds at least three members, or all (no countries): make it "
            "bilateral or national, or name more members",
        )


def _span(target: Target) -> Period | str | None:
    if target.period is not None:
        return target.period
    return None if target.deadline is None else target.deadline.isoformat()


def _check_repeats(
    target: Target, path: str, seen: dict[tuple[object, ...], str], add: Add
) -> None:
    span = _span(target)
    if target.level is Level.NATIONAL:
        places: list[object] = [c.alpha_3 for c in target.countries] or ["every member"]
    else:
        places = [frozenset(c.alpha_3 for c in target.countries) or "the region"]
    for place in places:
        key = (target.indicator, target.level, place, span)
        first = seen.setdefault(key, path)
        if first != path:
            where = place if isinstance(place, str) else ", ".join(sorted(place))  # type: ignore[call-overload]
            add(
                "duplicate-target",
                f"{path}.indicator",
                f"target {target.id!r} repeats the {target.level.value} target at {first} "
                f"(indicator {target.indicator!r}, {where}, {span or 'no date'}); keep one, "
                "or split a total into Target.parts",
            )


def _check_sections(plan: Plan, served: set[str], add: Add) -> None:
    mirrored: dict[str, str] = {}
    for a, area in enumerate(plan.areas):
        for j, section in enumerate(area.mou_sections):
            mirrored.setdefault(section, f"plan.areas[{a}].mou_sections[{j}]")
    for i, commitment in enumerate(plan.commitments):
        if commitment.section is not None:
            mirrored.setdefault(commitment.section, f"plan.commitments[{i}].section")
    for section, path in mirrored.items():
        if section not in served:
            add(
                "mou-section-unserved",
                path,
                f"MoU section {section} is served by no target of the plan; add a target in "
                "the area that mirrors it, or link a target to one of its commitments",
            )
