"""Which area of the plan a figure belongs to: through the plan's targets, its source as a fallback.

A figure reaches an area through the plan: its indicator is measured by a target, the target
serves an objective, the objective belongs to an area.  Only a figure no target measures (a
report-only figure) falls back on the area its source names.  Figures that match nothing in
the plan (an indicator the plan does not know, or a data set from another plan's period) are
kept apart, counted, and warned about, never matched to an area by its number alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from commit_mef.observations import Observation
    from commit_mef.plans import Plan

__all__ = ["Placement", "place", "target_areas"]


def target_areas(plan: Plan) -> dict[str, int]:
    """Per indicator id, the number of the first area whose targets measure it.

    Examples:
        >>> from commit_mef import Area, Objective, Plan, Target
        >>> plan = Plan(code="P", title="T", period="2015", areas=(Area(number=4, title="Protection",
        ...     objectives=(Objective(id="4.1", title="O",
        ...         targets=(Target(id="t", indicator="nrm", value=True),)),)),))
        >>> target_areas(plan)
        {'nrm': 4}
    """
    found: dict[str, int] = {}
    for area in plan.areas:
        for objective in area.objectives:
            for target in objective.targets:
                found.setdefault(target.indicator, area.number)
    return found


@attrs.frozen(kw_only=True)
class Placement:
    """Figures grouped by area number (``None``: outside the plan areas), and what matched nothing.

    Attributes:
        areas: Per area number, its figures in table order; ``None`` holds the rest.
        unknown: How many figures are of an indicator the plan and report do not define.
        elsewhere: How many come from a data set whose figures lie outside the plan period.
        documents: The sources of those data sets.
    """

    areas: dict[int | None, list[Observation]]
    unknown: int = 0
    elsewhere: int = 0
    documents: tuple[str, ...] = ()

    def warnings(self, plan: Plan, total: int) -> tuple[str, ...]:
        """What the report and the command line warn about, in words (none when all matched)."""
        unmatched = self.unknown + self.elsewhere
        if not unmatched:
            return ()
        why = []
        if self.elsewhere:
            docs = ", ".join(self.documents)
            why.append(
                f"{self.elsewhere} come from {docs}, whose figures lie outside the plan period "
                f"{plan.effective_period} (are they figures of another plan?)"
            )
        if self.unknown:
            why.append(
                f"{self.unknown} are of indicators that no target or indicator of the plan defines"
            )
        text = (
            f"{unmatched} of {total} figures matched nothing in {plan.code}: {'; '.join(why)}. "
            "They are listed under 'Results outside the plan areas' and count towards no target."
        )
        return (text,)


def _document(obs: Observation) -> str | None:
    return None if obs.source is None else obs.source.document


def _foreign_documents(plan: Plan, rows: Sequence[Observation]) -> frozenset[str | None]:
    """Sources more than half of whose dated figures lie outside the plan period (another plan's data)."""
    period = plan.effective_period
    inside: dict[str | None, int] = defaultdict(int)
    dated: dict[str | None, int] = defaultdict(int)
    for obs in rows:
        if obs.period is None:
            continue
        doc = _document(obs)
        dated[doc] += 1
        inside[doc] += obs.period.overlaps(period)
    return frozenset(doc for doc, n in dated.items() if doc is not None and 2 * inside[doc] < n)


def place(plan: Plan, rows: Sequence[Observation], known: Iterable[str]) -> Placement:
    """Group figures by the plan area they reach, and count those that match nothing.

    Args:
        plan: The plan.
        rows: The figures.
        known: Ids of the indicators the report defines besides those of the targets.

    Examples:
        >>> from commit_mef import Area, Objective, Observation, Plan, SourceRef, Target
        >>> plan = Plan(code="SPA IV", title="T", period="2015-2018", areas=(Area(number=4,
        ...     title="Protection", objectives=(Objective(id="4.1", title="O",
        ...         targets=(Target(id="t", indicator="nrm", value=True),)),)),))
        >>> old = SourceRef(document="spa3-final-report", area=4)
        >>> rows = [Observation(indicator="nrm", country="KHM", period=2016, value=True),
        ...         Observation(indicator="hotline", country="THA", period=2013, value=True, source=old)]
        >>> placed = place(plan, rows, known={"hotline"})
        >>> {n: len(r) for n, r in placed.areas.items()}, placed.elsewhere
        ({4: 1, None: 1}, 1)
    """
    through = target_areas(plan)
    defined = {*through, *(i.id for i in plan.indicators), *known}
    foreign = _foreign_documents(plan, rows)
    period = plan.effective_period
    areas: dict[int | None, list[Observation]] = defaultdict(list)
    unknown = elsewhere = 0
    documents: dict[str, None] = {}
    for obs in rows:
        doc = _document(obs)
        if doc in foreign or (
            doc is None and obs.period is not None and not obs.period.overlaps(period)
        ):
            elsewhere += 1
            documents[doc or "figures without a source"] = None
            areas[None].append(obs)
        elif obs.indicator not in defined:
            unknown += 1
            areas[None].append(obs)
        elif obs.indicator in through:
            areas[through[obs.indicator]].append(obs)
        else:
            areas[None if obs.source is None else obs.source.area].append(obs)
    return Placement(
        areas=dict(areas), unknown=unknown, elsewhere=elsewhere, documents=tuple(documents)
    )
