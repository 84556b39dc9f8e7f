"""progress_all(): many targets measured against one table in one pass."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from commit_mef._validators import check_type
from commit_mef.errors import CommitMefError, ValidationError
from commit_mef.observations import ObservationTable
from commit_mef.progress._measure import _catalogue, measure
from commit_mef.progress._source import Source

if TYPE_CHECKING:
    from commit_mef.indicators import Indicator
    from commit_mef.plans import Plan, Target
    from commit_mef.progress._result import Progress
    from commit_mef.rates import RateTable

__all__ = ["measure_each", "progress_all"]


def progress_all(
    targets: Plan | Iterable[Target],
    table: ObservationTable,
    *,
    as_of: dt.date | None = None,
    plan: Plan | None = None,
    indicators: Iterable[Indicator] | Mapping[str, Indicator] | None = None,
    rates: RateTable | None = None,
    allow_not_meaningful: bool = False,
) -> tuple[Progress, ...]:
    """Measure many targets against one table in one pass.

    Gives, target by target, exactly what :func:`progress` gives for each
    alone: ``progress(target, table, as_of=as_of, plan=plan, indicators=indicators,
    rates=rates, allow_not_meaningful=allow_not_meaningful)``, with the target's
    own indicator taken from ``indicators`` when the plan does not define it
    (as ``indicator=`` would).  What does not depend on the target is done once
    for the call: the table is split by indicator with one stable sort, each
    target's rows are taken from its indicator's slice (and kept for the other
    targets bound to the same countries), and an aggregation two targets share
    (the same rows, window and options) runs once.

    Args:
        targets: A plan (every target of it, in plan order, measured with the
            plan's indicators) or targets.
        table: The observations.
        as_of: The day to measure on; by default each target's due date.
        plan: The plan the targets belong to, when ``targets`` is not a plan.
        indicators: Indicators of the targets (when no plan defines them), and
            further ones (numerators and denominators of weighted means).
        rates: Rates to convert money into each target's currency.
        allow_not_meaningful: As for :func:`progress`.

    Returns:
        One :class:`Progress` per target, in the targets' order.

    Raises:
        InvalidTypeError: ``targets`` holds something that is not a Target, or
            ``table`` is not an ObservationTable.
        ValidationError: a plan given both as ``targets`` and as a different ``plan=``.
        AggregationError: a target's observations cannot be aggregated under
            its indicator's rules (the first such target; :func:`progress` on it
            alone raises the same).

    Examples:
        >>> from commit_mef import ObservationTable
        >>> from commit_mef.indicators import Indicator
        >>> from commit_mef.plans import Target
        >>> trained = Indicator(id="trained", name="Officials trained", kind="count", unit="person")
        >>> table = ObservationTable.from_columns(
        ...     indicator="trained", country=["LAO", "KHM"], period=[2015, 2016],
        ...     magnitude=[150, 110], unit="person",
        ... )
        >>> lao = Target(id="lao", indicator="trained", value=250, period="2015-2018",
        ...              countries=("LAO",))
        >>> both = Target(id="both", indicator="trained", value=200, period="2015-2018",
        ...               level="regional", countries=("KHM", "LAO"))
        >>> results = progress_all([lao, both], table, as_of=dt.date(2016, 12, 31),
        ...                        indicators=[trained])
        >>> [(p.target, p.achieved, p.status.value) for p in results]
        [('lao', Decimal('150'), 'on track'), ('both', Decimal('260'), 'achieved')]
        >>> from commit_mef.progress import progress
        >>> results[1] == progress(both, table, as_of=dt.date(2016, 12, 31), indicator=trained)
        True
    """
    out = []
    for result in measure_each(
        targets,
        table,
        as_of=as_of,
        plan=plan,
        indicators=indicators,
        rates=rates,
        allow_not_meaningful=allow_not_meaningful,
    ):
        if isinstance(result, CommitMefError):
            raise result
        out.append(result)
    return tuple(out)


def measure_each(
    targets: Plan | Iterable[Target],
    table: ObservationTable,
    *,
    as_of: dt.date | None = None,
    plan: Plan | None = None,
    indicators: Iterable[Indicator] | Mapping[str, Indicator] | None = None,
    rates: RateTable | None = None,
    allow_not_meaningful: bool = False,
    own_indicators: bool = True,
) -> Iterator[Progress | CommitMefError]:
    """:func:`progress_all` target by target: each result, or the error it raised alone.

    The targets are measured indicator by indicator (what one indicator's targets
    share is let go before the next, so the memory held stays about one
    indicator's rows), and the results come in the targets' order.

    Without ``own_indicators``, a target's indicator comes from the plan or is
    inferred, as :func:`progress` without ``indicator=`` does.
    """
    from commit_mef.plans import Plan, Target

    if isinstance(targets, Plan):
        if plan is not None and plan is not targets:
            raise ValidationError(
                f"progress_all() was given the plan {targets.code!r} as targets and another "
                f"plan ({plan.code!r}) as plan=; pass the plan once",
                path="plan",
            )
        plan, items = targets, list(targets.targets())
    else:
        given: object = targets
        if isinstance(given, (str, bytes)) or not isinstance(given, Iterable):
            check_type(given, Target, "progress_all(targets=)")
        items = list(targets)
        for i, target in enumerate(items):
            check_type(target, Target, f"progress_all(targets[{i}])")
    check_type(table, ObservationTable, "progress_all(table=)")
    extra: dict[str, Indicator] = (
        dict(indicators) if isinstance(indicators, Mapping) else {i.id: i for i in indicators or ()}
    )
    defined: set[str] | None = set() if plan is None else {i.id for i in plan.indicators}
    if not own_indicators:
        defined = None
    catalogue = _catalogue(plan, extra)
    options = {"rates": rates, "allow_not_meaningful": allow_not_meaningful}
    source = Source(table, shared=True)
    results: list[Progress | CommitMefError | None] = [None] * len(items)
    for group in _by_indicator(items):  # what one indicator's targets share, then let go
        for i in group:
            target = items[i]
            own = None
            if defined is not None and target.indicator not in defined:
                own = extra.get(target.indicator)
            try:
                results[i] = measure(
                    target,
                    source,
                    as_of=as_of,
                    plan=plan,
                    indicator=own,
                    catalogue=catalogue,
                    options=options,
                )
            except CommitMefError as exc:
                results[i] = exc
        source.release()
    for result in results:
        if result is not None:
            yield result


def _by_indicator(items: list[Target]) -> list[list[int]]:
    """The targets' positions, grouped by indicator in order of first appearance."""
    groups: dict[str, list[int]] = {}
    for i, target in enumerate(items):
        groups.setdefault(target.indicator, []).append(i)
    return list(groups.values())
