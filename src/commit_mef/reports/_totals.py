"""Regional totals of a progress report: the engine's result, or why it refuses, in plain words.

The reader's sentence goes in :attr:`Total.note`; the analyst's advice (which
argument to pass, which method to call) goes in :attr:`Total.hint`, which the
JSON report carries and the text, Markdown and HTML reports leave out.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from commit_mef.errors import AggregationError, MissingRateError, RateNotMeaningfulError
from commit_mef.indicators import CountryAggregation, MeasureKind
from commit_mef.reports._model import Total
from commit_mef.reports._money import minor

if TYPE_CHECKING:
    from commit_mef.aggregation import AggregateResult
    from commit_mef.errors import CommitMefError
    from commit_mef.indicators import Indicator
    from commit_mef.observations import Observation, ObservationTable
    from commit_mef.rates import RateTable

__all__ = ["refusal", "total"]


def refusal(exc: CommitMefError, observations: Sequence[Observation]) -> str:
    """Why a total is not given, as a reader can act on it (no code, no argument names)."""
    per = [o.basis.value for o in observations if o.basis.value in ("per-event", "per-person")]
    if isinstance(exc, RateNotMeaningfulError):
        return (
            f"not added up: official {exc.currency} rates over {exc.period} are not meaningful "
            f"({exc.reason}); see the budget summary for the total of the other countries"
        )
    if isinstance(exc, MissingRateError):
        return "not added up: a reference exchange rate is missing; see the budget summary"
    if per:
        what = "event" if per[0] == "per-event" else "person"
        n = len(per)
        figures = "1 figure is" if n == 1 else f"{n} figures are"
        return (
            f"not added up: {figures} given per {what} (for each {what}, not in all), "
            "so a total would count nothing real; the figures are shown one by one"
        )
    if any(o.subset_of for o in observations):
        return (
            "not added up: some figures are counted among others (a part beside its whole), "
            "so a total would count the same people twice; the figures are shown one by one"
        )
    if any(isinstance(o.value, str) for o in observations):
        return "listed, not added up: these figures are descriptions, not numbers"
    text = str(exc).splitlines()[0]
    return "not added up: " + (text.split(": ", 1)[1] if ": " in text else text)


def total(
    table: ObservationTable,
    observations: Sequence[Observation],
    indicator: Indicator,
    rates: RateTable,
    currency: str,
) -> Total:
    """The regional total of one indicator's figures in one area, or why there is none."""
    from commit_mef.aggregation import aggregate

    n = len(observations)
    countries = tuple(sorted({c.alpha_3 for obs in observations for c in obs.countries}))
    try:
        money = indicator.kind is MeasureKind.MONEY
        result = aggregate(
            table,
            indicator,
            by=(),
            currency=currency if money else None,
            rates=rates if money else None,
        )
    except (AggregationError, MissingRateError, RateNotMeaningfulError) as exc:
        hint = str(exc).splitlines()[0]
        if getattr(exc, "hint", None):
            hint += f" ({exc.hint})"
        return Total(
            indicator=indicator.id,
            name=indicator.name,
            countries=countries,
            figures=n,
            note=refusal(exc, observations),
            hint=hint,
        )
    return _total_from_result(result, indicator, countries, n)


def _total_from_result(
    result: AggregateResult, indicator: Indicator, countries: tuple[str, ...], n: int
) -> Total:
    if result.rule.across_countries is CountryAggregation.NONE:
        return Total(
            indicator=indicator.id,
            name=indicator.name,
            countries=countries,
            figures=n,
            note="not added up: each country's figure stands on its own (the indicator is not added across countries)",
        )
    row = result.rows[0] if len(result) else None
    value = row.value if row is not None else None
    unit = result.unit
    if isinstance(value, bool):
        value = Decimal(int(value))
        unit = "country" if value == 1 else "countries"
    elif isinstance(value, int):
        value = Decimal(value)
        unit = "country" if value == 1 else "countries"
    elif isinstance(value, Decimal) and unit is not None and len(unit) == 3 and unit.isupper():
        value = minor(value, unit)
    if value is None or row is None:
        return Total(
            indicator=indicator.id,
            name=indicator.name,
            countries=countries,
            figures=n,
            note="not added up: no value to total",
        )
    how = [_HOW[(result.rule.over_time.value in ("last", "max"), result.rule.across_countries)]]
    how += result.assumptions
    return Total(
        indicator=indicator.id,
        name=indicator.name,
        value=value,
        unit=unit,
        basis=row.basis.value if row.basis is not None else None,
        countries=countries,
        figures=n,
        note="; ".join(how),
        period=str(row.period) if row.period is not None else None,
        flags=row.flags,
        facts=row.facts,
        pairs=row.pairs,
    )


_HOW = {
    (False, CountryAggregation.SUM): "sum over time and across countries",
    (True, CountryAggregation.SUM): "latest value per country, added across countries",
    (False, CountryAggregation.COUNT_ACHIEVED): (
        "distinct countries that achieved it; a bilateral fact credits both partners"
    ),
    (True, CountryAggregation.COUNT_ACHIEVED): (
        "distinct countries that achieved it; a bilateral fact credits both partners"
    ),
    (False, CountryAggregation.WEIGHTED_MEAN): "weighted mean across countries",
    (True, CountryAggregation.WEIGHTED_MEAN): "weighted mean of the latest values",
}
