"""The tree of a plan: objectives, areas and the plan itself, with its queries and edits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any, Literal

import attrs

from commit_mef._validators import non_empty_str, str_tuple, to_enum
from commit_mef.commitments import Commitment
from commit_mef.errors import (
    InvalidTypeError,
    NotFoundError,
    PeriodError,
    Problem,
    TimelineError,
    ValidationError,
)
from commit_mef.indicators import Direction, Indicator, TimeAggregation
from commit_mef.money import Budget
from commit_mef.periods import Period
from commit_mef.plans._interim import timeline_problems
from commit_mef.plans._leaves import (
    Activity,
    ResultLevel,
    Target,
    _check_optional_date,
    _to_period,
)
from commit_mef.plans._lineage import (
    Continues,
    Decision,
    PlanStatus,
    check_move,
    continued,
    continues_tuple,
)
from commit_mef.plans._logframe import Assumption, assumption_tuple, check_links, text_items
from commit_mef.plans._ordinal import named_levels
from commit_mef.plans._summaries import plan_summary

__all__ = ["Area", "Objective", "Plan"]


def _to_required_period(value: Period | str | int) -> Period:
    period = _to_period(value)
    if period is None:
        raise InvalidTypeError(
            "a plan needs a period such as Period.years(2015, 2018) or '2015-2018'"
        )
    return period


def _to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


def _of_type(kind: type, owner: str) -> Any:
    """A validator: every item of a tuple field is a ``kind``."""

    def check(_inst: object, attr: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        for i, item in enumerate(value):
            if not isinstance(item, kind):
                raise InvalidTypeError(
                    f"{owner}.{attr.name}[{i}] must be {_an(kind.__name__)}, got "
                    f"{type(item).__name__} {item!r}"
                )

    return check


def _to_result_level(value: object) -> ResultLevel:
    return to_enum(ResultLevel, value, "Objective.level")


@attrs.frozen(kw_only=True)
class Objective:
    """A result the plan aims at: a goal, an outcome or an output.

    Attributes:
        id: Unique id in the plan (``"4.1"``, ``"4.1.1"``).
        title: The result as the plan words it.
        level: Its step in the results chain; ``"outcome"`` by default.
        parent: The id of the objective it contributes to (an output's
            outcome), if any.
        targets: Its targets.
        activities: Its activities, where the plan lists them.
        description: More detail.
        continues: The earlier plans' objectives (or the MoU sections) it
            continues, as :class:`~commit_mef.plans.Continues`; empty where not stated.
        assumptions: The assumptions and risks it depends on; one with ``link=True``
            conditions the link to its parent (the output-to-outcome step).
        responsible: The bodies responsible for it (usually given on outputs).
        budgets: What is allocated to it (usually to outputs), as
            :class:`~commit_mef.money.Budget` s.

    Raises:
        ValidationError: an assumption on the link to a parent when there is no parent, or
            an empty responsible body.
        TypeError: a target, activity, assumption or budget of the wrong type.

    Examples:
        >>> out = Objective(id="4.1.1", title="Regional identification procedures agreed",
        ...                 level="output", parent="4.1")
        >>> out.level, out.parent
        (<ResultLevel.OUTPUT: 'output'>, '4.1')

        The logframe's other columns:

        >>> from commit_mef.money import Budget, Money
        >>> out = Objective(id="4.1.1", title="Procedures agreed", level="output", parent="4.1",
        ...     assumptions=(Assumption(text="Task forces meet twice a year", link=True),),
        ...     responsible=("COMMIT Taskforce",),
        ...     budgets=(Budget(amount=Money("120000", "USD"), period=Period.years(2015, 2018)),))
        >>> out.assumptions[0].link, str(out.budgets[0].amount)
        (True, 'USD 120,000.00')
        >>> Objective(id="4.1", title="Victims identified",
        ...           assumptions=(Assumption(text="x", link=True),))
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: Objective.assumptions[0].link: objective '4.1' has an assumption on the link to its parent, but no parent; set parent='...' or make it link=False
    """

    id: str = attrs.field(validator=non_empty_str)
    title: str = attrs.field(validator=non_empty_str)
    level: ResultLevel = attrs.field(default=ResultLevel.OUTCOME, converter=_to_result_level)
    parent: str | None = None
    targets: tuple[Target, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_of_type(Target, "Objective")
    )
    activities: tuple[Activity, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_of_type(Activity, "Objective")
    )
    description: str = ""
    continues: tuple[Continues, ...] = attrs.field(default=(), converter=continues_tuple)
    assumptions: tuple[Assumption, ...] = attrs.field(default=(), converter=assumption_tuple)
    responsible: tuple[str, ...] = attrs.field(
        default=(), converter=str_tuple, validator=text_items("Objective")
    )
    budgets: tuple[Budget, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_of_type(Budget, "Objective")
    )

    def __attrs_post_init__(self) -> None:
        check_links(self.id, self.parent, self.assumptions)


def _check_area_number(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(f"Area.number must be an int, got {type(value).__name__} {value!r}")


@attrs.frozen(kw_only=True)
class Area:
    """A plan area (COMMIT plans have five, mirroring the MoU's sections).

    Attributes:
        number: The area number (1-5 in SPA III; see :attr:`Plan.area_numbers`).
        title: Its title.
        objectives: Its objectives.
        mou_sections: The Roman numbers of the MoU sections it mirrors.
        description: More detail.
        continues: The earlier plans' areas it continues
            (``Continues(plan="SPA III", ref=3)``), which
            :func:`~commit_mef.compare` lines up first; empty where not stated.

    Examples:
        >>> Area(number=3, title="Protection, Recovery and Reintegration",
        ...      mou_sections=("III",)).mou_sections
        ('III',)
    """

    number: int = attrs.field(validator=_check_area_number)
    title: str = attrs.field(validator=non_empty_str)
    objectives: tuple[Objective, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_of_type(Objective, "Area")
    )
    mou_sections: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    description: str = ""
    continues: tuple[Continues, ...] = attrs.field(default=(), converter=continues_tuple)


def _check_extension(inst: Plan, attr: attrs.Attribute[Any], value: Period | None) -> None:
    if value is not None and value.start <= inst.period.end:
        raise PeriodError(
            f"the extension {value} must start after the plan period {inst.period} ends; give "
            f"only the added time (for SPA III, 2011-2013 extended by '2014')",
            path="Plan.extension",
        )


def _to_plan_status(value: object) -> PlanStatus | None:
    return None if value is None else to_enum(PlanStatus, value, "Plan.status")


def _to_area_numbers(value: Iterable[int] | None) -> tuple[int, ...] | None:
    return None if value is None else tuple(value)


Keep = Literal["indicators", "structure", "all"]


@attrs.frozen(kw_only=True)
class Plan:
    """A plan of action: its period, areas, indicators and commitment links.

    Attributes:
        code: Short code (``"SPA III"``).
        title: Full title.
        period: The period it runs (a Period or text such as ``"2011-2013"``).
        extension: Added time, if it was extended (SPA III: ``"2014"``).
        areas: Its areas.
        indicators: The indicators its targets measure.
        commitments: The MoU commitments its targets may link to.
        area_numbers: The area numbers it allows; ``None`` means 1 to 5.
        adopted: The day it was adopted, if known.
        description: More detail.
        status: Where it stands (:class:`~commit_mef.plans.PlanStatus`: draft,
            agreed, adopted), or ``None`` where not recorded (the shipped plans).
        decisions: Its decision log, oldest first (:class:`~commit_mef.plans.Decision`):
            each move of its status with the meeting that made it, and each
            change with who proposed it and why; add to it with :meth:`decide`.

    An ordinal indicator's target and baseline values may be written as level names or as
    positions on its scale (0 for the lowest); the plan stores the level name, so both
    spellings give equal plans and the same file.  A position off the scale is kept for
    :func:`~commit_mef.validation.validate` to report (``ordinal-off-scale``).

    Raises:
        PeriodError: the extension does not start after the period ends.
        TimelineError: (a ``ValidationError``) a target's timeline falls although
            its indicator is summed over time and should increase (a running
            total cannot fall); every such value is listed, with its path.
        TypeError: an area, indicator or commitment of the wrong type.

    Examples:
        >>> spa3 = Plan(code="SPA III", title="Sub-regional Plan of Action III",
        ...             period="2011-2013", extension="2014")
        >>> str(spa3.effective_period)
        '2011-2014'
    """

    code: str = attrs.field(validator=non_empty_str)
    title: str = attrs.field(validator=non_empty_str)
    period: Period = attrs.field(converter=_to_required_period)
    extension: Period | None = attrs.field(
        default=None, converter=_to_period, validator=_check_extension
    )
    areas: tuple[Area, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_of_type(Area, "Plan")
    )
    indicators: tuple[Indicator, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_of_type(Indicator, "Plan")
    )
    commitments: tuple[Commitment, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_of_type(Commitment, "Plan")
    )
    area_numbers: tuple[int, ...] | None = attrs.field(default=None, converter=_to_area_numbers)
    adopted: dt.date | None = attrs.field(default=None, validator=_check_optional_date)
    description: str = ""
    status: PlanStatus | None = attrs.field(default=None, converter=_to_plan_status)
    decisions: tuple[Decision, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_of_type(Decision, "Plan")
    )

    def __attrs_post_init__(self) -> None:
        areas = named_levels(self)
        if areas is not None:  # ordinal positions stored as level names (plans/_ordinal.py)
            object.__setattr__(self, "areas", areas)
        _check_timelines(self)

    def decide(self, decision: Decision) -> Plan:
        """A copy with ``decision`` added to the log (and, if it moves the status, moved).

        Raises:
            ValidationError: the plan is adopted, or already has the status decided.
            TypeError: ``decision`` is not a :class:`~commit_mef.plans.Decision`.

        Examples:
            >>> from commit_mef.plans import Decision
            >>> draft = Plan(code="SPA V", title="V", period="2019-2023", status="draft")
            >>> agreed = draft.decide(Decision(status="agreed", meeting="SOM12"))
            >>> agreed.status.value, [str(d) for d in agreed.decisions]
            ('agreed', ['agreed at SOM12'])
        """
        if not isinstance(decision, Decision):
            raise InvalidTypeError(
                f"Plan.decide() takes a Decision, got {type(decision).__name__} {decision!r}"
            )
        changes: dict[str, Any] = {"decisions": (*self.decisions, decision)}
        if decision.status is not None:
            check_move(self.status, decision.status, self.code)
            changes["status"] = decision.status
            if decision.status is PlanStatus.ADOPTED and decision.date is not None:
                changes["adopted"] = decision.date
        return attrs.evolve(self, **changes)

    def __repr__(self) -> str:
        return plan_summary(self).text()

    def _repr_html_(self) -> str:
        """The plan as a small HTML table for Jupyter: its facts and its areas."""
        return plan_summary(self).html()

    # -- queries ------------------------------------------------------------------------
    @property
    def effective_period(self) -> Period:
        """The period including any extension.

        Examples:
            >>> str(Plan(code="P", title="T", period="2015-2018").effective_period)
            '2015-2018'
        """
        return self.period if self.extension is None else self.period.span(self.extension)

    @property
    def allowed_area_numbers(self) -> tuple[int, ...]:
        """The area numbers this plan allows (its own numbering, or 1 to 5).

        Examples:
            >>> Plan(code="P", title="T", period="2015").allowed_area_numbers
            (1, 2, 3, 4, 5)
        """
        return self.area_numbers if self.area_numbers is not None else (1, 2, 3, 4, 5)

    def objectives(self) -> Iterator[Objective]:
        """Every objective, area by area.

        Examples:
            >>> list(Plan(code="P", title="T", period="2015").objectives())
            []
        """
        for area in self.areas:
            yield from area.objectives

    def targets(self) -> Iterator[Target]:
        """Every target, area by area and objective by objective.

        Examples:
            >>> list(Plan(code="P", title="T", period="2015").targets())
            []
        """
        for objective in self.objectives():
            yield from objective.targets

    def area(self, number: int) -> Area:
        """The area with number ``number``.

        Raises:
            LookupError: no such area.

        Examples:
            >>> Plan(code="P", title="T", period="2015").area(2)
            Traceback (most recent call last):
            ...
            commit_mef.errors.NotFoundError: plan 'P' has no area 2 (it has: none)
        """
        for area in self.areas:
            if area.number == number:
                return area
        known = ", ".join(str(a.number) for a in self.areas) or "none"
        raise NotFoundError(
            f"plan {self.code!r} has no area {number} (it has: {known})",
            what="area",
            key=number,
            available=(a.number for a in self.areas),
        )

    def objective(self, id_: str) -> Objective:
        """The objective with id ``id_``.

        Raises:
            LookupError: no such objective.

        Examples:
            >>> plan = Plan(code="P", title="T", period="2015",
            ...             areas=(Area(number=1, title="A", objectives=(Objective(id="1.1", title="O"),)),))
            >>> plan.objective("1.1").title
            'O'
        """
        for objective in self.objectives():
            if objective.id == id_:
                return objective
        raise NotFoundError(
            f"plan {self.code!r} has no objective {id_!r}", what="objective", key=id_
        )

    def target(self, id_: str) -> Target:
        """The target with id ``id_``.

        Raises:
            LookupError: no such target.

        Examples:
            >>> Plan(code="P", title="T", period="2015").target("x")
            Traceback (most recent call last):
            ...
            commit_mef.errors.NotFoundError: plan 'P' has no target 'x'
        """
        for target in self.targets():
            if target.id == id_:
                return target
        raise NotFoundError(f"plan {self.code!r} has no target {id_!r}", what="target", key=id_)

    def indicator(self, id_: str) -> Indicator:
        """The indicator with id ``id_``.

        Raises:
            LookupError: no such indicator.

        Examples:
            >>> ind = Indicator(id="law", name="Law enacted", kind="milestone")
            >>> Plan(code="P", title="T", period="2015", indicators=(ind,)).indicator("law").kind
            <MeasureKind.MILESTONE: 'milestone'>
        """
        for indicator in self.indicators:
            if indicator.id == id_:
                return indicator
        raise NotFoundError(
            f"plan {self.code!r} has no indicator {id_!r}",
            what="indicator",
            key=id_,
            available=(i.id for i in self.indicators),
        )

    # -- building -----------------------------------------------------------------------
    def add_indicator(self, indicator: Indicator) -> Plan:
        """A copy with one more indicator.

        Examples:
            >>> plan = Plan(code="P", title="T", period="2015")
            >>> len(plan.add_indicator(Indicator(id="law", name="Law", kind="milestone")).indicators)
            1
        """
        return attrs.evolve(self, indicators=(*self.indicators, indicator))

    def add_target(self, objective_id: str, target: Target) -> Plan:
        """A copy with ``target`` appended to the objective ``objective_id``.

        Raises:
            LookupError: no such objective.

        Examples:
            >>> plan = Plan(code="P", title="T", period="2015",
            ...             areas=(Area(number=1, title="A", objectives=(Objective(id="1.1", title="O"),)),))
            >>> plan = plan.add_target("1.1", Target(id="t", indicator="law", value=True))
            >>> [t.id for t in plan.targets()]
            ['t']
        """
        self.objective(objective_id)
        return self._map_objectives(
            lambda o: attrs.evolve(o, targets=(*o.targets, target)) if o.id == objective_id else o
        )

    def add_activity(self, objective_id: str, activity: Activity) -> Plan:
        """A copy with ``activity`` appended to the objective ``objective_id``.

        Raises:
            LookupError: no such objective.

        Examples:
            >>> plan = Plan(code="P", title="T", period="2015",
            ...             areas=(Area(number=1, title="A", objectives=(Objective(id="1.1", title="O"),)),))
            >>> plan = plan.add_activity("1.1", Activity(id="a1", title="Workshop", period="2015"))
            >>> [a.id for a in plan.objective("1.1").activities]
            ['a1']
        """
        self.objective(objective_id)
        return self._map_objectives(
            lambda o: (
                attrs.evolve(o, activities=(*o.activities, activity)) if o.id == objective_id else o
            )
        )

    def update_target(self, target_id: str, **changes: Any) -> Plan:
        """A copy with the target ``target_id`` changed by :func:`attrs.evolve`.

        Raises:
            LookupError: no such target.

        Examples:
            >>> plan = Plan(code="P", title="T", period="2015",
            ...             areas=(Area(number=1, title="A", objectives=(Objective(id="1.1", title="O",
            ...                 targets=(Target(id="t", indicator="n", value=5),)),)),))
            >>> plan.update_target("t", value=8).target("t").value
            Decimal('8')
        """
        self.target(target_id)

        def change(objective: Objective) -> Objective:
            if not any(t.id == target_id for t in objective.targets):
                return objective
            targets = tuple(
                attrs.evolve(t, **changes) if t.id == target_id else t for t in objective.targets
            )
            return attrs.evolve(objective, targets=targets)

        return self._map_objectives(change)

    def _map_objectives(self, change: Any) -> Plan:
        areas = tuple(
            attrs.evolve(area, objectives=tuple(change(o) for o in area.objectives))
            for area in self.areas
        )
        return attrs.evolve(self, areas=areas)

    def successor(
        self,
        *,
        code: str,
        title: str,
        period: Period | str,
        keep: Keep = "structure",
        extension: Period | str | None = None,
    ) -> Plan:
        """Start the next plan from this one.

        Args:
            code: The new plan's code.
            title: Its title.
            period: Its period.
            keep: What to carry over: ``"indicators"`` (indicators and
                commitments only), ``"structure"`` (also areas, objectives and
                activities, without targets) or ``"all"`` (also the targets,
                unchanged; :func:`~commit_mef.validation.validate` then reports
                those whose deadlines fall outside the new period).  To carry
                over only unmet targets, see ``carry_over`` in the progress
                module.
            extension: Its extension, if any.

        The areas and objectives it keeps name what they continue
        (:attr:`Area.continues`, :attr:`Objective.continues`: this plan's area
        number or objective id), so :func:`~commit_mef.compare` lines them up.

        Examples:
            >>> old = Plan(code="SPA III", title="Plan III", period="2011-2013", extension="2014",
            ...            areas=(Area(number=1, title="Policy"),))
            >>> new = old.successor(code="SPA IV", title="Plan IV", period="2015-2018")
            >>> new.code, str(new.effective_period), [a.title for a in new.areas]
            ('SPA IV', '2015-2018', ['Policy'])
        """
        if keep not in ("indicators", "structure", "all"):
            raise ValidationError(
                f"keep must be 'indicators', 'structure' or 'all', got {keep!r}",
                path="successor.keep",
            )
        if keep == "indicators":
            areas: tuple[Area, ...] = ()
        elif keep == "structure":
            areas = tuple(
                continued(
                    area,
                    self.code,
                    objectives=tuple(attrs.evolve(o, targets=()) for o in area.objectives),
                )
                for area in self.areas
            )
        else:
            areas = tuple(continued(area, self.code) for area in self.areas)
        return Plan(
            code=code,
            title=title,
            period=_to_required_period(period),
            extension=_to_period(extension),
            areas=areas,
            indicators=self.indicators,
            commitments=self.commitments,
            area_numbers=self.area_numbers,
        )


def _check_timelines(plan: Plan) -> None:
    """Refuse a falling timeline for a target whose indicator is a running total to increase."""
    cumulative = {
        i.id
        for i in plan.indicators
        if i.rule.over_time is TimeAggregation.SUM and i.direction is Direction.INCREASE
    }
    if not cumulative:
        return
    found: list[Problem] = []
    for a, area in enumerate(plan.areas):
        for o, objective in enumerate(area.objectives):
            for t, target in enumerate(objective.targets):
                if target.timeline and target.indicator in cumulative:
                    prefix = f"Plan.areas[{a}].objectives[{o}].targets[{t}]"
                    found += [
                        Problem(path, message)
                        for path, message in timeline_problems(
                            target, cumulative=True, prefix=prefix
                        )
                    ]
    if found:
        raise TimelineError(found)


def _an(word: str) -> str:
    return f"{'an' if word[0] in 'AEIOU' else 'a'} {word}"
