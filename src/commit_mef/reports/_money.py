"""Money in a progress report: each figure converted with its rates, and totals over the plan.

:func:`budget_lines` lists every money figure per country, in local currency and
in the reporting currency, with the rates used and any stated-equivalent finding.
:func:`budget_summary` totals each country's budgets over the plan period with the
aggregation engine (per-year figures counted per year, fiscal years and figures
that run past the plan prorated by days, restatements counted once) and adds the
converted ones into a regional total, naming every country it leaves out and why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from commit_mef.errors import CommitMefError, MissingRateError, RateNotMeaningfulError
from commit_mef.reports._model import BudgetLine, CountryBudget, FlagNote, RateUsed
from commit_mef.reports._summary import BudgetSummary, CountryMoney

if TYPE_CHECKING:
    from commit_mef.indicators import Indicator
    from commit_mef.observations import Observation, ObservationTable
    from commit_mef.periods import Period
    from commit_mef.rates import Conversion, RateTable
    from commit_mef.sources import QualityFlag

__all__ = [
    "budget_lines",
    "budget_summary",
    "flag_notes",
    "is_budget",
    "minor",
    "place_code",
    "place_name",
]


def place_code(obs: Observation) -> str:
    """The alpha-3 code of the figure's country, or the pair's code."""
    from commit_mef.observations import CountryPair

    place = obs.country
    return place.code if isinstance(place, CountryPair) else place.alpha_3


def place_name(obs: Observation) -> str:
    """The COMMIT spelling of the figure's country or pair."""
    from commit_mef.observations import CountryPair

    place = obs.country
    return str(place) if isinstance(place, CountryPair) else place.name


def is_budget(indicator: str) -> bool:
    """Whether money of this indicator is a budget (an allocation), not other money.

    Compensation to a victim, fines and the like are money, but not what a
    government allocated; the report lists them under their own heading.

    Money is a budget unless a part of its indicator id names money that is not an
    allocation (compensation, fines, damages, restitution, penalties, awards): a plan's own
    ``shelter.budget`` is a budget as much as SPA III's ``budget.allocation``.

    Examples:
        >>> is_budget("budget.allocation"), is_budget("shelter.budget")
        (True, True)
        >>> is_budget("compensation.awarded"), is_budget("court.fines")
        (False, False)
    """
    return not _NOT_BUDGETS.intersection(indicator.lower().replace("_", ".").split("."))


#: Words in an indicator id that mark money other than a government allocation.
_NOT_BUDGETS = frozenset(
    ("compensation", "fine", "fines", "damages", "restitution", "penalty", "penalties", "award")
)


def flag_notes(flags: Iterable[QualityFlag]) -> tuple[FlagNote, ...]:
    """The report's notes of an observation's quality flags."""
    return tuple(FlagNote(code=f.code, severity=f.severity.value, note=f.note) for f in flags)


def minor(amount: Decimal, currency: str) -> Decimal:
    from commit_mef.money import currency as lookup

    digits = lookup(currency).minor_units or 0
    return amount.quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)


def _rates_used(conversion: Conversion) -> tuple[RateUsed, ...]:
    return tuple(
        RateUsed(
            currency=rate.currency.code,
            rate=rate.per_usd,
            period=str(rate.period),
            source=rate.source,
            vintage=rate.vintage,
        )
        for rate, _weight in conversion.rates
    )


def _budget_line(obs: Observation, rates: RateTable, to: str) -> BudgetLine:
    from commit_mef.money import Money
    from commit_mef.rates import check_stated

    money = obs.value
    assert isinstance(money, Money)  # noqa: S101 - callers pass money observations only
    stated = obs.stated
    line: dict[str, Any] = {
        "figure": obs.id or obs.indicator,
        "recipient": obs.recipient,
        "period": None if obs.period is None else str(obs.period),
        "basis": obs.basis.value,
        "amount": money.amount,
        "currency": money.currency.code,
        "as_written": obs.as_written,
        "to": to,
        "stated": None if stated is None else stated.amount,
        "stated_currency": None if stated is None else stated.currency.code,
        "stated_as_written": None,
        "flags": flag_notes(obs.flags),
    }
    if obs.period is None:
        line["note"] = "the source gives no period, so no rate can be chosen"
        return BudgetLine(**line)
    try:
        conversion = rates.conversion(money, to, obs.period)
        line["converted"] = minor(conversion.result.amount, to)
        line["method"] = conversion.method
        line["rates"] = _rates_used(conversion)
        if stated is not None:
            finding = check_stated(money, stated, rates, over=obs.period)
            line["finding"] = None if finding is None else finding.message
    except RateNotMeaningfulError as exc:
        line["note"] = (
            f"{exc.currency} rates over {exc.period} are not meaningful for conversion "
            f"({exc.reason}); the amount is shown in {exc.currency} only"
        )
        if stated is not None:
            line["note"] += (
                f"; the stated {stated.currency.code} equivalent cannot be checked against "
                "reference rates either"
            )
    except MissingRateError as exc:
        line["note"] = f"no reference rate: {exc}"
    return BudgetLine(**line)


def budget_lines(
    table: ObservationTable | Iterable[Observation], rates: RateTable, *, to: str = "USD"
) -> tuple[CountryBudget, ...]:
    """Every money figure of ``table`` per country, converted to ``to`` with its findings.

    ``table`` may also be any iterable of observations.

    Examples:
        >>> from commit_mef.money import Money
        >>> from commit_mef.rates import RateTable
        >>> from commit_mef.observations import Observation, ObservationTable
        >>> t = ObservationTable.from_rows([Observation(
        ...     id="LAO.1.budget", indicator="budget.allocation", country="LAO", period=2014,
        ...     basis="per-year", value=Money("2000000000", "LAK"),
        ...     stated=Money("246660", "USD"))])
        >>> [(b.country, b.lines[0].converted_text) for b in budget_lines(t, RateTable.wdi())]
        [('LAO', '248,681.32 USD')]
    """
    from commit_mef.countries import GMS
    from commit_mef.money import Money

    per_country: dict[str, list[BudgetLine]] = defaultdict(list)
    names: dict[str, str] = {}
    for obs in table:
        if not isinstance(obs.value, Money):
            continue
        code = place_code(obs)
        names[code] = place_name(obs)
        per_country[code].append(_budget_line(obs, rates, to))
    order = [c.alpha_3 for c in GMS]
    codes = sorted(per_country, key=lambda c: (order.index(c) if c in order else 99, c))
    return tuple(
        CountryBudget(country=c, country_name=names[c], lines=per_country[c]) for c in codes
    )


def _years(period: Period | None) -> str:
    if period is None:
        return ""
    first, last = period.start.year, period.end.year
    return str(first) if first == last else f"{first}-{last}"


def _reader_reason(exc: CommitMefError) -> str:
    """Why a total could not be made, in a reader's words (the analyst's hint stays apart)."""
    if isinstance(exc, RateNotMeaningfulError):
        return (
            f"not converted: official {exc.currency} rates over {exc.period} are not meaningful "
            f"({exc.reason}); shown in {exc.currency} only"
        )
    if isinstance(exc, MissingRateError):
        return f"not converted: no reference exchange rate ({str(exc).splitlines()[0]})"
    text = str(exc).splitlines()[0]
    return "not totalled: " + text.split(": ", 1)[1] if ": " in text else text


def _country_money(
    table: ObservationTable,
    indicator: Indicator,
    over: Period,
    rates: RateTable,
    currency: str,
) -> CountryMoney:
    from commit_mef.aggregation import aggregate

    first = next(iter(table))
    money: Any = first.value
    entry: dict[str, Any] = {
        "country": place_code(first),
        "country_name": place_name(first),
        "currency": money.currency.code,
        "figures": len(table),
    }
    try:
        local = aggregate(table, indicator, by=(), over=over, prorate=True)
        if not local.rows:
            entry["note"] = f"not totalled: no budget figure falls inside {over}"
            return CountryMoney(**entry)
        row = local.rows[0]
        entry["local"] = row.value
        entry["covered"] = _years(row.period)
        converted = aggregate(
            table, indicator, by=(), over=over, prorate=True, currency=currency, rates=rates
        )
        value = converted.rows[0].value
        assert isinstance(value, Decimal)  # noqa: S101 - a money total is a Decimal
        entry["converted"] = minor(value, currency)
        entry["assumptions"] = converted.assumptions
    except CommitMefError as exc:  # one country that cannot be totalled stops nothing
        entry["note"] = _reader_reason(exc)
    return CountryMoney(**entry)


def budget_summary(
    observations: Iterable[Observation],
    indicators: dict[str, Indicator],
    *,
    over: Period,
    rates: RateTable,
    currency: str = "USD",
) -> BudgetSummary | None:
    """Each country's budgets totalled over ``over``, converted, and a regional total.

    The first budget indicator among ``observations`` is totalled (another budget
    indicator, such as expenditure, is never added to it); only figures that are
    money (an amount with its currency) enter; ``None`` without any.
    """
    from commit_mef.countries import GMS
    from commit_mef.money import Money
    from commit_mef.observations import ObservationTable

    budget = [
        o
        for o in observations
        if is_budget(o.indicator) and o.indicator in indicators and isinstance(o.value, Money)
    ]
    if not budget:
        return None
    indicator = indicators[budget[0].indicator]
    per_country: dict[str, list[Observation]] = defaultdict(list)
    for obs in budget:
        if obs.indicator == indicator.id and obs.period is not None:
            per_country[place_code(obs)].append(obs)
    order = [c.alpha_3 for c in GMS]
    codes = sorted(per_country, key=lambda c: (order.index(c) if c in order else 99, c))
    countries = [
        _country_money(ObservationTable.from_rows(per_country[c]), indicator, over, rates, currency)
        for c in codes
    ]
    converted = [c.converted for c in countries if c.converted is not None]
    return BudgetSummary(
        currency=currency,
        period=str(over),
        total=sum(converted, Decimal(0)) if converted else None,
        countries=countries,
        left_out=[c.country_name or c.country for c in countries if c.converted is None],
    )
