"""trace(): one indicator followed through several plans, their targets, baselines and figures."""

from __future__ import annotations

from typing import Literal

import attrs

from commit_mef._validators import check_type
from commit_mef.errors import ValidationError
from commit_mef.indicators import Indicator
from commit_mef.observations import ObservationTable
from commit_mef.periods import Period
from commit_mef.plans import Plan, Target

__all__ = ["IndicatorTrace", "TraceStep", "trace"]


@attrs.frozen(kw_only=True)
class TraceStep:
    """One plan's part of an indicator's trace: its definition there, its targets, its figures.

    Attributes:
        plan: The plan's code.
        period: The plan's effective period.
        indicator: The indicator as the plan defines it, or ``None`` where it does not.
        same_definition: Whether it is the same definition as in the last
            earlier plan that defines it (:meth:`~commit_mef.Indicator.same_definition`);
            ``None`` for the first definition or where the plan defines none.
        targets: The plan's targets measured by it.
        figures: The ids of the figures of the indicator dated inside the plan's period.
        baselines_from: The observation ids its targets' baselines cite
            (:attr:`~commit_mef.plans.Baseline.observations`): the figures of an
            earlier plan that became this plan's baselines.

    Examples:
        >>> step = TraceStep(plan="SPA V", period=Period.years(2019, 2023))
        >>> step.line()
        'SPA V 2019-2023: not defined; no targets; no figures'
    """

    plan: str
    period: Period
    indicator: Indicator | None = None
    same_definition: bool | None = None
    targets: tuple[Target, ...] = ()
    figures: tuple[str, ...] = ()
    baselines_from: tuple[str, ...] = ()

    def line(self) -> str:
        """The step as one line of text.

        Examples:
            >>> TraceStep(plan="SPA III", period=Period.years(2011, 2014), figures=("a", "b")).line()
            'SPA III 2011-2014: not defined; no targets; 2 figures'
        """
        if self.indicator is None:
            defined = "not defined"
        elif self.same_definition is None:
            defined = "defined" + (
                f" (version {self.indicator.version})" if self.indicator.version else ""
            )
        else:
            defined = "same definition" if self.same_definition else "definition changed"
        targets = ", ".join(t.id for t in self.targets)
        parts = [
            f"{self.plan} {self.period}: {defined}",
            f"targets {targets}" if targets else "no targets",
            f"{len(self.figures)} figure{'s' if len(self.figures) != 1 else ''}"
            if self.figures
            else "no figures",
        ]
        if self.baselines_from:
            parts.append("baselines from " + ", ".join(self.baselines_from))
        return "; ".join(parts)


@attrs.frozen(kw_only=True)
class IndicatorTrace:
    """An indicator followed through plans: one :class:`TraceStep` per plan, oldest first.

    Attributes:
        indicator: The indicator's id.
        steps: One step per plan, in the order given.

    Examples:
        >>> IndicatorTrace(indicator="npa.adopted").render()
        'npa.adopted through no plans'
    """

    indicator: str
    steps: tuple[TraceStep, ...] = ()

    def became_baselines(self) -> tuple[tuple[str, str], ...]:
        """``(plan, observation id)`` for each figure of an earlier plan a later plan's baseline cites.

        This answers "which SPA III results became SPA IV baselines".

        Examples:
            >>> IndicatorTrace(indicator="x").became_baselines()
            ()
        """
        out = []
        for i, step in enumerate(self.steps):
            earlier = {f: s.plan for s in self.steps[:i] for f in s.figures}
            out += [(earlier[f], f) for f in step.baselines_from if f in earlier]
        return tuple(out)

    def render(self, format: Literal["text", "markdown"] = "text") -> str:  # noqa: A002
        """The trace as text, or as a Markdown list.

        Raises:
            ValidationError: an unknown format.

        Examples:
            >>> print(IndicatorTrace(indicator="x", steps=(
            ...     TraceStep(plan="A", period=Period.year(2014)),)).render("markdown"))
            **x** through A
            <BLANKLINE>
            - A 2014: not defined; no targets; no figures
        """
        if format not in ("text", "markdown"):
            raise ValidationError(
                f"IndicatorTrace.render() writes 'text' or 'markdown', not {format!r}",
                path="IndicatorTrace.render.format",
            )
        plans = ", ".join(s.plan for s in self.steps) or "no plans"
        name = f"**{self.indicator}**" if format == "markdown" else self.indicator
        head = [f"{name} through {plans}"] + ([""] if format == "markdown" and self.steps else [])
        return "\n".join([*head, *(f"- {s.line()}" for s in self.steps)])


def trace(indicator: str, *plans: Plan, figures: ObservationTable | None = None) -> IndicatorTrace:
    """Follow one indicator through plans: its definition in each, its targets, baselines and figures.

    Args:
        indicator: The indicator's id.
        plans: The plans, oldest first.
        figures: The observations (say, the SPA III report's and your own);
            each plan's step lists the ids of those dated inside its period.

    Returns:
        An :class:`IndicatorTrace`; :meth:`IndicatorTrace.became_baselines`
        lists the figures of one plan that became baselines of a later one.

    Raises:
        ValidationError: an empty indicator id.
        TypeError: a plan that is not a :class:`~commit_mef.plans.Plan`, or
            figures that are not an :class:`~commit_mef.ObservationTable`.

    Examples:
        >>> from commit_mef import Baseline, Indicator, Observation, Target
        >>> hotline = Indicator(id="hotline", name="Hotline languages", kind="count", unit="language",
        ...                     rule=("last", "none"))
        >>> old = Plan(code="SPA III", title="III", period="2011-2014", indicators=(hotline,))
        >>> new = Plan(code="SPA IV", title="IV", period="2015-2018",
        ...            indicators=(attrs.evolve(hotline, name="Languages the hotline serves"),))
        >>> figures = ObservationTable.from_rows([Observation(
        ...     id="THA.hotline", indicator="hotline", country="THA", period=2014, value=5,
        ...     unit="language", basis="point")])
        >>> from commit_mef.plans import Area, Objective
        >>> new = attrs.evolve(new, areas=(Area(number=4, title="Protection", objectives=(
        ...     Objective(id="4.2", title="Assisted", targets=(Target(
        ...         id="4.2.a", indicator="hotline", value=7, countries="THA",
        ...         baseline=Baseline(value=5, observations=("THA.hotline",))),)),)),))
        >>> result = trace("hotline", old, new, figures=figures)
        >>> print(result.render())
        hotline through SPA III, SPA IV
        - SPA III 2011-2014: defined; no targets; 1 figure
        - SPA IV 2015-2018: same definition; targets 4.2.a; no figures; baselines from THA.hotline
        >>> result.became_baselines()
        (('SPA III', 'THA.hotline'),)
    """
    if not isinstance(indicator, str) or not indicator.strip():
        raise ValidationError(
            f"trace() needs an indicator id such as 'npa.adopted', got {indicator!r}",
            path="trace.indicator",
        )
    for i, plan in enumerate(plans):
        check_type(plan, Plan, f"trace() plan {i + 1}")
    if figures is not None:
        check_type(figures, ObservationTable, "trace(figures=)")
    mine = None if figures is None else figures.filter(indicator=indicator)
    steps = []
    last: Indicator | None = None
    for plan in plans:
        defined = next((i for i in plan.indicators if i.id == indicator), None)
        same = None if defined is None or last is None else defined.same_definition(last)
        targets = tuple(t for t in plan.targets() if t.indicator == indicator)
        cited = tuple(
            dict.fromkeys(o for t in targets if t.baseline for o in t.baseline.observations)
        )
        ids: tuple[str, ...] = ()
        if mine is not None:
            inside = mine.filter(period=plan.effective_period)
            ids = tuple(o.id for o in inside if o.id is not None)
        steps.append(
            TraceStep(
                plan=plan.code,
                period=plan.effective_period,
                indicator=defined,
                same_definition=same,
                targets=targets,
                figures=ids,
                baselines_from=cited,
            )
        )
        last = defined if defined is not None else last
    return IndicatorTrace(indicator=indicator, steps=tuple(steps))
