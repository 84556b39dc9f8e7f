"""Building the progress-report model from a plan, its indicators, figures and rates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from commit_mef._validators import check_type
from commit_mef.errors import (
    ValidationError,
)
from commit_mef.periods import Period
from commit_mef.plans import Level
from commit_mef.reports._model import (
    AreaSection,
    BudgetLine,
    Figure,
    ProgressReport,
    Summary,
    TargetRow,
    TimelineChart,
    Total,
    TrajectoryPoint,
)
from commit_mef.reports._money import (
    budget_lines,
    budget_summary,
    flag_notes,
    is_budget,
    minor,
    place_code,
    place_name,
)
from commit_mef.reports._placing import place
from commit_mef.reports._summarise import about, headline, quality_notes, target_lines
from commit_mef.reports._totals import total

if TYPE_CHECKING:
    from commit_mef.countries import Country
    from commit_mef.indicators import Indicator
    from commit_mef.observations import Observation, ObservationTable
    from commit_mef.plans import Plan, Target
    from commit_mef.progress import Progress
    from commit_mef.rates import RateTable

__all__ = ["budget_lines", "progress_report"]  # budget_lines: for the command line

_OTHER = "Results outside the plan areas"


def _describe(obs: Observation) -> str:
    details = dict(obs.details)
    if isinstance(obs.value, str):
        return obs.value
    for key in ("name", "programme"):
        if details.get(key):
            return details[key]
    words = [details.get(k, "") for k in ("kind", "action", "subject")]
    words += [code for _, code in obs.disaggregation if code != "not stated"]
    if obs.recipient:
        words.append(obs.recipient)
    return " ".join(w for w in words if w)


def _figure(obs: Observation, indicator: Indicator | None) -> Figure:
    from commit_mef.money import Money

    value: Any = obs.value
    unit = obs.unit
    if isinstance(value, Money):
        unit = value.currency.code
        value = value.amount
    return Figure(
        id=obs.id or f"{obs.indicator}@{place_code(obs)}",
        indicator=obs.indicator,
        indicator_name=indicator.name if indicator is not None else "",
        description=_describe(obs),
        country=place_code(obs),
        country_name=place_name(obs),
        period=None if obs.period is None else str(obs.period),
        basis=obs.basis.value,
        value=value,
        unit=unit,
        as_written=obs.as_written,
        source="" if obs.source is None else str(obs.source),
        flags=flag_notes(obs.flags),
        subset_of=obs.subset_of,
    )


def _matches(obs: Observation, countries: frozenset[str] | None) -> bool:
    if countries is None:
        return True
    return any(c.alpha_3 in countries for c in obs.countries)


def _targets(
    plan: Plan,
    number: int,
    table: ObservationTable,
    *,
    as_of: dt.date | None,
    indicators: dict[str, Indicator],
    rates: RateTable,
) -> tuple[tuple[TargetRow, ...], dict[str, Progress]]:
    area = next((a for a in plan.areas if a.number == number), None)
    if area is None:
        return (), {}
    targets = [t for objective in area.objectives for t in objective.targets]
    if not targets:
        return (), {}
    from commit_mef.errors import CommitMefError
    from commit_mef.progress._many import measure_each

    rows = []
    results = {}
    splits = [(target, _per_country(target)) for target in targets]
    measured = measure_each(  # one pass over the table; each result as progress() alone
        [one for _, split in splits for one, _ in split],
        table,
        as_of=as_of,
        plan=plan,
        indicators=indicators,
        rates=rates,
        own_indicators=False,  # as before: a target's indicator comes from the plan or is inferred
    )
    for target, split in splits:
        for (_, country), result in zip(split, measured, strict=False):
            if isinstance(result, CommitMefError):  # one that cannot be measured stops nothing
                rows.append(
                    TargetRow(
                        target=target.id,
                        indicator=target.indicator,
                        description=target.description,
                        country=country,
                        status="not measured",
                        reason=str(result),
                    )
                )
                continue
            if len(split) == 1:  # a target split by country has no one result to draw
                results[target.id] = result
            rows.append(
                TargetRow(
                    target=target.id,
                    indicator=target.indicator,
                    description=target.description,
                    country=country,
                    target_value="" if result.goal is None else str(result.goal),
                    achieved=_achieved_text(result.achieved, target),
                    status=result.status.value,
                    basis="" if result.basis is None else result.basis.value,
                    trajectory=_trajectory(
                        result, country if target.level is Level.NATIONAL else ""
                    ),
                )
            )
    return tuple(rows), results


def _trajectory(result: Progress, country: str = "") -> tuple[TrajectoryPoint, ...]:
    """Interim targets beside what was achieved, per period and per country.

    A national target is measured once per country, ``country`` (so its points
    carry it); parts, where a result has them, carry their own.
    """
    whole = result.country or country
    measured = [(p.country or "", p) for p in result.parts] if result.parts else [(whole, result)]
    return tuple(
        TrajectoryPoint(
            period=str(period.period),
            target=period.target,
            achieved=period.achieved,
            country=country,
            complete=period.complete,
        )
        for country, part in measured
        for period in part.periods
    )


def _area_timeline(  # noqa: PLR0917 - private
    plan: Plan,
    number: int,
    results: dict[str, Progress],
    table: ObservationTable,
    indicators: dict[str, Indicator],
    as_of: dt.date | None,
) -> TimelineChart | None:
    from commit_mef.reports._timeline import area_lanes

    area = next((a for a in plan.areas if a.number == number), None)
    if area is None:
        return None
    lanes = area_lanes(area, results=results, table=table, indicators=indicators, as_of=as_of)
    if not lanes:
        return None
    span = plan.effective_period
    for lane in lanes:
        for day in [*(b.start for b in lane.bars), *(b.end for b in lane.bars),
                    *(m.day for m in lane.marks)]:  # fmt: skip
            span = span.span(Period.day(day))
    title = f"{plan.code}, Area {number}: targets and activities over time"
    return TimelineChart(title=title, span=span, lanes=[attrs.evolve(x, group="") for x in lanes])


def _achieved_text(achieved: object, target: Target) -> str | None:
    """What a target achieved, as text; money to its currency's minor units (cents for US$)."""
    from commit_mef.money import Money

    if achieved is None:
        return None
    if isinstance(target.value, Money) and isinstance(achieved, Decimal):
        return str(minor(achieved, target.value.currency.code))
    return str(achieved)


def _per_country(target: Target) -> list[tuple[Target, str]]:
    """A national target once per country it binds (every member when it names none).

    A regional or bilateral target is measured once, for its countries together.
    """
    if target.level is not Level.NATIONAL:
        return [(target, ", ".join(c.alpha_3 for c in target.countries) or "regional")]
    import attrs

    bound = target.countries or _gms()
    return [(attrs.evolve(target, countries=(c,)), c.alpha_3) for c in bound]


def _area_title(plan: Plan, number: int | None) -> tuple[str, tuple[str, ...]]:
    if number is None:
        return _OTHER, ()
    for area in plan.areas:
        if area.number == number:
            return area.title, tuple(o.title for o in area.objectives)
    return f"not an area of {plan.code}", ()


def progress_report(  # noqa: PLR0915 - one report, built in order
    plan: Plan,
    table: ObservationTable,
    *,
    indicators: Iterable[Indicator] = (),
    rates: RateTable | None = None,
    currency: str = "USD",
    countries: Sequence[str | Country] | None = None,
    areas: Sequence[int] | None = None,
    title: str | None = None,
    source: str = "",
    as_of: dt.date | None = None,
    generated: dt.date | None = None,
) -> ProgressReport:
    """Build the progress report of ``plan`` against the figures in ``table``.

    Args:
        plan: The plan reported on; its areas, objectives and targets shape the report.
        table: The reported figures.  A figure reaches its area through the plan
            (indicator -> target -> objective -> area); only a figure no target measures
            falls back on its source's area.  Figures that match nothing in the plan (an
            unknown indicator, a data set from another plan's period) are listed apart and
            counted in the report's ``warnings``.
        indicators: Indicator definitions besides the plan's own (names, aggregation rules).
        rates: The exchange rates for money (default :meth:`RateTable.wdi`).
        currency: The currency budgets and money totals are converted to.
        countries: Keep only figures of these countries (bilateral facts count for both).
        areas: Keep only these area numbers.
        title: The report's title (default ``"<plan code> progress report"``).
        source: Where the figures come from, in words.
        as_of: The day progress against targets is measured on (default: the plan's end).
        generated: The day the report is made, shown in its footer (default: today).

    Returns:
        The report model, ready for any renderer.

    Examples:
        >>> from commit_mef import datasets
        >>> data = datasets.spa3_report()
        >>> report = progress_report(data.plan, data.observations, indicators=data.indicators)
        >>> report.figure_count
        164
    """
    from commit_mef.countries import country as lookup
    from commit_mef.observations import ObservationTable
    from commit_mef.plans import Plan
    from commit_mef.rates import RateTable

    check_type(plan, Plan, "progress_report()")
    check_type(table, ObservationTable, "progress_report(table=)")
    rates = RateTable.wdi() if rates is None else rates
    known = {i.id: i for i in (*plan.indicators, *indicators)}
    wanted = None if countries is None else frozenset(lookup(c).alpha_3 for c in countries)
    period = plan.effective_period
    notes: list[str] = []
    if wanted is not None:
        notes.append(f"only figures of {', '.join(sorted(wanted))} (bilateral facts included)")
    if areas is not None:
        notes.append(f"only area(s) {', '.join(map(str, areas))}")

    rows = [obs for obs in table if _matches(obs, wanted)]
    placement = place(plan, rows, known)
    warnings = placement.warnings(plan, len(rows))
    by_area = placement.areas
    numbers: list[int | None] = [a.number for a in plan.areas]
    numbers += sorted(n for n in by_area if n is not None and n not in numbers)
    if None in by_area:
        numbers.append(None)
    if areas is not None:
        known_areas = sorted({*plan.allowed_area_numbers, *(n for n in numbers if n is not None)})
        unknown = [n for n in areas if n not in known_areas]
        if unknown:
            raise ValidationError(
                f"{plan.code} has no area {', '.join(map(str, unknown))}; choose among "
                f"{', '.join(map(str, known_areas))}",
                path="areas",
            )
        numbers = [n for n in numbers if n in areas]

    from commit_mef.observations import ObservationTable

    sections = []
    for number in numbers:
        observations = by_area.get(number, [])
        area_title, objectives = _area_title(plan, number)
        sub = ObservationTable.from_rows(observations)
        totals = []
        for ind_id in dict.fromkeys(o.indicator for o in observations):
            indicator = known.get(ind_id)
            if indicator is None:
                totals.append(Total(indicator=ind_id, note="not aggregatable: indicator unknown"))
                continue
            mine = [o for o in observations if o.indicator == ind_id]
            totals.append(total(sub.filter(indicator=ind_id), mine, indicator, rates, currency))
        targets: tuple[TargetRow, ...] = ()
        timeline = None
        if number is not None:
            targets, results = _targets(
                plan, number, sub, as_of=as_of, indicators=known, rates=rates
            )
            timeline = _area_timeline(plan, number, results, sub, known, as_of)
        note = "" if targets else f"{plan.code} sets no targets for this area."
        sections.append(
            AreaSection(
                number=number,
                title=area_title,
                objectives=objectives,
                figures=[_figure(o, known.get(o.indicator)) for o in observations],
                totals=totals,
                targets=targets,
                targets_note=note,
                timeline=timeline,
            )
        )
    # the kept rows themselves: a table of them would only rebuild the same observations
    kept = [o for n in numbers for o in by_area.get(n, [])]
    money = budget_lines(kept, rates, to=currency)
    budgets = tuple(
        attrs.evolve(b, lines=[x for x in b.lines if is_budget(_indicator_of(x, kept))])
        for b in money
    )
    other = tuple(
        attrs.evolve(b, lines=[x for x in b.lines if not is_budget(_indicator_of(x, kept))])
        for b in money
    )
    budgets = tuple(b for b in budgets if b.lines)
    other = tuple(b for b in other if b.lines)
    sources = {r.source + ", " + r.vintage for b in money for line in b.lines for r in line.rates}
    present = [c.alpha_3 for c in _gms() if any(_matches(o, frozenset({c.alpha_3})) for o in rows)]
    code = plan.code
    rates_source = "; ".join(sorted(sources))
    figure_count = sum(len(s.figures) for s in sections)
    summary = Summary(
        about=[
            *about(code, plan.title, str(period), present, figure_count, source),
            *(f"Shown: {n}." for n in notes),
        ],
        headlines=[headline(s, known, present) for s in sections if s.figures],
        budget=budget_summary(kept, known, over=period, rates=rates, currency=currency),
        targets=target_lines(code, sections),
    )
    from commit_mef._version import __version__

    return ProgressReport(
        title=title or f"{code} progress report",
        plan=code,
        plan_title=plan.title,
        period=str(period),
        source=source,
        currency=currency,
        rates_source=rates_source,
        countries=present,
        areas=sections,
        budgets=budgets,
        notes=notes,
        warnings=warnings,
        summary=summary,
        other_money=other,
        quality_notes=quality_notes(sections),
        generated=(generated or dt.datetime.now(dt.UTC).date()).isoformat(),
        version=__version__,
    )


def _indicator_of(line: BudgetLine, kept: Sequence[Observation]) -> str:
    return next((o.indicator for o in kept if (o.id or o.indicator) == line.figure), line.figure)


def _gms() -> tuple[Country, ...]:
    from commit_mef.countries import GMS

    return GMS
