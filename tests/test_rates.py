"""Exchange rates: the shipped WDI table, user tables, conversion, and stated-equivalent checks."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import commit_mef
from commit_mef import ObservationTable, Period, fiscal_year
from commit_mef.errors import (
    LoadError,
    MissingRateError,
    RateNotMeaningfulError,
    ValidationError,
)
from commit_mef.money import Money
from commit_mef.rates import ExchangeRate, RateTable, _load, _rate, _table, check_stated
from commit_mef.testing import gms_currencies, money


def rate(code: str, per_usd: str, period: Period, **kwargs: object) -> ExchangeRate:
    return ExchangeRate(
        currency=code,
        per_usd=per_usd,
        period=period,
        source="test",
        vintage="v1",
        **kwargs,  # type: ignore[arg-type]
    )


WDI = RateTable.wdi()

# -- the SPA III report's budgets (section 2, country blocks) -------------------------


@pytest.mark.parametrize(
    ("local", "stated", "over"),
    [
        # Cambodia: "about 149 million KHR (US$ 37,000) per year", SPA III 2011-2014
        ("149 million KHR", "US$ 37,000", "2011-2014"),
        # China: "50 million RMB (USD 8 million)" and "5 million RMB (USD 800 thousand)" each year
        ("50 million RMB", "USD 8 million", "2011-2014"),
        ("5 million RMB", "USD 800 thousand", "2011-2014"),
        # Lao PDR: "in 2014 ... 2 billion LAK (USD 246 660)"
        ("2 billion LAK", "USD 246 660", "2014"),
        # Thailand: "In 2014 ... THB 210 million (about 6.5 million USD)"
        ("THB 210 million", "about 6.5 million USD", "2014"),
    ],
)
def test_the_reports_stated_equivalents_pass(local: str, stated: str, over: str) -> None:
    assert check_stated(Money.parse(local), Money.parse(stated), WDI, over=over) is None


def test_thailands_budget_year_2015_passes_over_its_fiscal_year() -> None:
    local, stated = Money.parse("THB 496.82 million"), Money.parse("about USD 15.53 million")
    assert check_stated(local, stated, WDI, over=fiscal_year("THA", 2015)) is None


def test_viet_nams_nearly_usd_20_million_is_flagged() -> None:
    finding = check_stated(
        Money.parse("VND 270 billion"), Money.parse("nearly USD 20 million"), WDI, over="2011-2015"
    )
    assert finding is not None
    assert finding.expected.rounded() == Money("12842930.10", "USD")
    assert round(finding.deviation, 3) == Decimal("0.557")
    assert finding.message.startswith(
        "stated USD 20,000,000.00 for VND 270,000,000,000 over 2011-2015 is 55.7% above"
    )
    assert "day-weighted mean of 5 rates over 2011-2015" in finding.message
    assert "WDI 2026-07-01" in finding.message


def test_myanmars_2011_2014_budget_is_refused_with_wdi_rates() -> None:
    local = Money.parse("MMK 12.042.358 million", reading="last-dot-decimal")
    stated = Money.parse("USD 11.6 million")
    with pytest.raises(
        RateNotMeaningfulError, match="the MMK rate over 2011-2014 is marked not meaningful"
    ) as info:
        check_stated(local, stated, WDI, over="2011-2014")
    assert info.value.currency == "MMK"
    finding = check_stated(local, stated, WDI, over="2011-2014", allow_not_meaningful=True)
    assert finding is not None  # the pre-2012 rate drags the mean far off
    assert check_stated(local, stated, WDI, over="2012-2014", tolerance="0.2") is None


# -- the WDI table --------------------------------------------------------------------


def test_wdi_is_cached_and_covers_the_gms_currencies() -> None:
    assert RateTable.wdi() is WDI
    assert {"KHR", "CNY", "LAK", "MMK", "THB", "VND", "EUR", "SAR"} <= WDI.currencies
    assert "USD" not in WDI.currencies
    assert WDI.rate("USD", over=2014) == 1


def test_wdi_rates_carry_source_and_vintage() -> None:
    conversion = WDI.conversion(Money(1, "LAK"), "USD", over=2014)
    ((used, weight),) = conversion.rates
    assert (used.per_usd, used.source, weight) == (
        Decimal("8042.42157002354"),
        "World Bank WDI PA.NUS.FCRF",
        Decimal(1),
    )
    assert used.vintage == "WDI 2026-07-01 (mirror commit 4ebec5a)"


def test_myanmar_before_2012_is_marked_not_meaningful() -> None:
    assert WDI.rate("MMK", over=2012) == Decimal("640.653416666667")
    assert WDI.rate("MMK", over=2011, allow_not_meaningful=True) == Decimal("5.44410833333334")
    with pytest.raises(RateNotMeaningfulError, match="fixed official rate"):
        WDI.rate("MMK", over=2011)


def test_the_euro_starts_in_1999() -> None:
    assert WDI.coverage("EUR") == "1999-2025"
    with pytest.raises(
        MissingRateError, match=r"no exchange rate for EUR over 1998 \(the table covers 1999-2025\)"
    ):
        WDI.rate("EUR", over=1998)


def _fresh_wdi() -> RateTable:
    """A new lazy WDI table (``RateTable.wdi()`` is cached, so already partly built)."""
    return _table._wdi_table.__wrapped__()


def _eager_wdi() -> RateTable:
    """The WDI table as it was built before it became lazy: every row at once, in file order."""
    path = Path(commit_mef.__file__).parent / "data" / "wdi_rates.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return RateTable(
        ExchangeRate(
            currency=row["currency"],
            per_usd=Decimal(row["per_usd"]),
            period=Period.year(int(row["year"])),
            source="World Bank WDI PA.NUS.FCRF",
            vintage="WDI 2026-07-01 (mirror commit 4ebec5a)",
            meaningful=row["meaningful"] == "true",
            note=row["note"] or ("" if row["meaningful"] == "true" else _load._MMK_NOTE),
        )
        for row in rows
    )


def test_wdi_builds_a_currencys_rates_on_first_use_only() -> None:
    table = _fresh_wdi()
    assert len(table) == 8554
    assert len(table.currencies) == 146
    assert repr(table) == "<RateTable: 8554 rates, 146 currencies>"
    assert table.rate("THB", over=2014) == Decimal("32.4798333333333")
    assert table.coverage("KHR") == "1960-1973, 1990-2025"
    assert set(table._index) == {"THB", "KHR"}
    assert table._rates is None


def test_the_lazy_wdi_table_equals_the_eagerly_built_one() -> None:
    eager = _eager_wdi()
    table = _fresh_wdi()
    table.rate("VND", over=2014)  # one currency built first must not change the order
    assert table == eager
    assert eager == table
    assert table.rates == eager.rates
    assert list(table) == list(eager)
    assert hash(table) == hash(eager)
    assert len(table) == len(eager) == len(table.rates)
    assert table.currencies == eager.currencies
    assert RateTable(table.rates) == table
    assert all(table.coverage(code) == eager.coverage(code) for code in eager.currencies)
    # the rates a conversion reports are the very objects of table.rates
    used = table.conversion(Money(1, "VND"), "USD", over=2014).rates[0][0]
    assert any(used is r for r in table.rates)


def test_the_lazy_wdi_table_compares_with_other_tables() -> None:
    table = _fresh_wdi()
    assert table != RateTable([])
    assert table != _eager_wdi().with_rates(rate("USD", "1", Period.year(2014)))
    assert table.__eq__("not a table") is NotImplemented
    assert table.with_rates(rate("USD", "1", Period.year(2014))).rate("USD", 2014) == 1


def test_a_currency_built_late_still_refuses_missing_rates() -> None:
    table = _fresh_wdi()
    with pytest.raises(
        MissingRateError, match=r"no exchange rate for EUR over 1998 \(the table covers 1999-2025\)"
    ):
        table.rate("EUR", over=1998)
    with pytest.raises(MissingRateError, match="no exchange rate for XAU over 2014"):
        table.rate("XAU", over=2014)


def test_conversion_outside_the_tables_years_raises() -> None:
    with pytest.raises(
        MissingRateError, match=r"no exchange rate for MMK over 2022 \(the table covers 1960-2020\)"
    ) as info:
        WDI.convert(Money(1, "MMK"), "USD", over=2022)
    assert (info.value.currency, info.value.period) == ("MMK", "2022")


def test_a_currency_the_table_lacks_raises() -> None:
    with pytest.raises(
        MissingRateError, match=r"no exchange rate for KHR over 2014 \(the table has none for it\)"
    ):
        RateTable([]).rate("KHR", over=2014)


# -- rates and tables -----------------------------------------------------------------


@pytest.mark.parametrize("bad", ["0", "-1", 0])
def test_rates_of_zero_or_below_are_refused(bad: object) -> None:
    with pytest.raises(ValidationError, match=r"ExchangeRate.per_usd: must be above zero"):
        rate("KHR", bad, Period.year(2014))  # type: ignore[arg-type]


def test_float_rates_are_refused() -> None:
    with pytest.raises(TypeError, match="pass a str or a Decimal"):
        rate("KHR", 4000.5, Period.year(2014))  # type: ignore[arg-type]


def test_overlapping_rates_are_refused_naming_both() -> None:
    a = rate("KHR", "4000", Period.year(2014))
    b = rate("KHR", "4100", Period.parse("2014-06-01/2015-05-31"))
    with pytest.raises(
        ValidationError,
        match=r"two KHR rates overlap: 4000 KHR per US\$ over 2014.*and 4100 KHR per US\$ over 2014-06-01/2015-05-31",
    ) as info:
        RateTable([a, b])
    assert info.value.rule == "rates-overlap"
    with pytest.raises(ValidationError, match="two KHR rates overlap"):
        RateTable([a]).with_rates(b)


def test_day_weighted_mean_over_a_fiscal_year() -> None:
    table = RateTable([rate("THB", "30", Period.year(2014)), rate("THB", "40", Period.year(2015))])
    fy = fiscal_year("THA", 2015)  # 92 days of 2014, 273 of 2015
    assert table.rate("THB", over=fy) == (Decimal(30) * 92 + Decimal(40) * 273) / 365
    conversion = table.conversion(Money(365, "THB"), "USD", over=fy)
    assert [w for _, w in conversion.rates] == [Decimal(92) / 365, Decimal(273) / 365]
    assert (
        conversion.method
        == "THB to USD via US$; THB: day-weighted mean of 2 rates over 2014-10-01/2015-09-30"
    )


def test_a_gap_inside_the_period_is_a_missing_rate() -> None:
    table = RateTable(
        [rate("KHR", "4000", Period.year(2013)), rate("KHR", "4100", Period.year(2015))]
    )
    with pytest.raises(MissingRateError, match=r"over 2013-2015 \(the table covers 2013, 2015\)"):
        table.rate("KHR", over="2013-2015")


def test_over_accepts_years_dates_and_strings() -> None:
    table = RateTable([rate("KHR", "4000", Period.year(2014))])
    assert (
        table.rate("KHR", over=2014)
        == table.rate("KHR", over=dt.date(2014, 5, 1))
        == table.rate("KHR", over="2014")
    )


def test_cross_conversion_goes_via_usd() -> None:
    table = RateTable(
        [rate("KHR", "4000", Period.year(2014)), rate("THB", "32", Period.year(2014))]
    )
    assert table.convert(Money(4000, "KHR"), "THB", over=2014) == Money(32, "THB")
    assert table.convert(Money(1, "USD"), "KHR", over=2014) == Money(4000, "KHR")
    assert table.convert(Money(5, "KHR"), "KHR", over=2099) == Money(5, "KHR")


def test_user_tables_override_wdi_for_myanmar() -> None:
    market = rate("MMK", "815", Period.year(2011), note="market rate")
    mixed = RateTable(
        [r for r in WDI if not (r.currency.code == "MMK" and r.period.start.year == 2011)]
    ).with_rates(market)
    assert mixed.rate("MMK", over=2011) == Decimal(815)


# -- CSV ------------------------------------------------------------------------------


def test_from_csv_reads_a_table(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text(
        "currency,per_usd,period,source,vintage,meaningful,note\n"
        "KHR,4037.5,2014,Bank statement,2014-12,true,\n"
        "MMK,5.4,2011,official,2012,false,fixed rate\n",
        encoding="utf-8",
    )
    table = RateTable.from_csv(path)
    assert table.rate("KHR", over=2014) == Decimal("4037.5")
    with pytest.raises(RateNotMeaningfulError, match="fixed rate"):
        table.rate("MMK", over=2011)


def test_from_csv_reports_every_bad_row() -> None:
    text = (
        "currency,per_usd,year,source,vintage\n"
        "KIP,4000,2014,x,y\n"
        "KHR,0,2014,x,y\n"
        "KHR,nan,2015,x,y\n"
        "KHR,4000,20x4,x,\n"
    )
    with pytest.raises(LoadError, match=r"rates\.csv: 5 problems") as info:
        RateTable.from_csv(io.StringIO(text), name="rates.csv")
    assert [p.path for p in info.value.problems] == [
        "/rows/2/currency",
        "/rows/3/per_usd",
        "/rows/4/per_usd",
        "/rows/5/period",
        "/rows/5/vintage",
    ]
    assert [p.location for p in info.value.problems] == [
        "row 2, column 'currency'",
        "row 3, column 'per_usd'",
        "row 4, column 'per_usd'",
        "row 5, column 'period'",
        "row 5, column 'vintage'",
    ]
    positive = info.value.problems[1]
    assert (positive.rule, positive.expected, positive.got) == (
        "rate-positive",
        "a number above zero",
        "0",
    )
    assert (info.value.problems[4].code, info.value.problems[4].rule) == ("missing", "required")


def test_from_csv_needs_its_columns() -> None:
    with pytest.raises(LoadError, match=r"missing column\(s\): per_usd, period \(or year\)"):
        RateTable.from_csv(io.StringIO("currency,source,vintage\n"))


def test_from_csv_reports_overlaps() -> None:
    text = "currency,per_usd,year,source,vintage\nKHR,4000,2014,x,y\nKHR,4001,2014,x,y\n"
    with pytest.raises(LoadError, match="two KHR rates overlap"):
        RateTable.from_csv(io.StringIO(text))


# -- bulk conversion: convert_fixed, against convert one by one ---------------------------

_CODES = ("KHR", "CNY", "LAK", "MMK", "THB", "VND", "USD", "EUR")
_PERIODS = (
    2014,
    "2011-2014",
    Period.year(2001),
    Period.year(2019),
    fiscal_year("THA", 2015),
    dt.date(2016, 2, 29),
)


def _at_places(value: Decimal, places: int) -> int:
    """``value`` rounded half to even to ``places`` decimal places, as the integer of 10**-places."""
    return int(value.scaleb(places).to_integral_value(ROUND_HALF_EVEN))


def _fixed_columns(
    amounts: list[Decimal],
    codes: list[str],
    periods: list[Period],
    to: str = "USD",
    *,
    places: int = 6,
    allow_not_meaningful: bool = False,
) -> list[int]:
    """Plain columns through ``convert_fixed``: magnitudes at one exponent, keys encoded."""
    exponent = min(int(a.as_tuple().exponent) for a in amounts)
    magnitudes = [int(Fraction(a) / Fraction(10) ** exponent) for a in amounts]
    currencies = list(dict.fromkeys(codes))
    categories = list(dict.fromkeys(periods))
    values, result_exponent = WDI.convert_fixed(
        magnitudes,
        exponent,
        ([currencies.index(c) for c in codes], currencies),
        ([categories.index(p) for p in periods], categories),
        to=to,
        places=places,
        allow_not_meaningful=allow_not_meaningful,
    )
    assert result_exponent == -places
    return values.tolist()  # type: ignore[no-any-return]


def test_convert_fixed_equals_convert_one_by_one() -> None:
    amounts = [Decimal("210000000"), Decimal("2000000000"), Decimal("5"), Decimal("7.25")]
    codes = ["THB", "LAK", "USD", "THB"]
    periods = [Period.year(2014), Period.year(2014), Period.year(2013), fiscal_year("THA", 2015)]
    for to in ("USD", "THB"):
        expected = [
            _at_places(WDI.convert(Money(a, c), to, p).amount, 6)
            for a, c, p in zip(amounts, codes, periods, strict=True)
        ]
        assert _fixed_columns(amounts, codes, periods, to=to) == expected


def test_convert_fixed_checks_lengths_and_refuses_myanmar_unless_overridden() -> None:
    with pytest.raises(
        ValidationError,
        match=r"convert_fixed\.currencies: the columns differ in length: 2 amounts, "
        "1 currencies codes",
    ):
        WDI.convert_fixed([1, 2], 0, ([0], ["THB"]), ([0, 0], [2014]))
    with pytest.raises(RateNotMeaningfulError, match="the MMK rate over 2011 is marked not"):
        _fixed_columns([Decimal(1)], ["MMK"], [Period.year(2011)])
    allowed = WDI.convert(Money(100, "MMK"), "USD", 2011, allow_not_meaningful=True)
    assert _fixed_columns(
        [Decimal(100)], ["MMK"], [Period.year(2011)], allow_not_meaningful=True
    ) == [_at_places(allowed.amount, 6)]


def test_amounts_already_in_the_target_currency_are_kept_as_given() -> None:
    # more digits than the Decimal context keeps: multiplying by 1 would round them
    long = Decimal("1234567890123456789012345678901.5")
    assert WDI.convert(Money(long, "USD"), "USD", over=2014).amount == long
    values, exponent = WDI.convert_fixed(
        [12345678901234567890123456789015, 7],
        -1,
        ([0, 0], ["USD"]),
        ([0, 1], [2014, 2015]),
        places=2,
    )
    assert (values.tolist(), exponent) == ([123456789012345678901234567890150, 70], -2)


@given(
    rows=st.lists(
        st.tuples(
            st.integers(-(10**14), 10**14),
            st.integers(0, len(_CODES) - 1),
            st.integers(0, len(_PERIODS) - 1),
        ),
        max_size=30,
    ),
    exponent=st.integers(-8, 0),
    places=st.integers(-3, 8),
    to=st.sampled_from(_CODES),
    unused=st.sampled_from([None, "XAU", 1950]),
)
def test_convert_fixed_is_convert_rounded_to_its_places(
    *,
    rows: list[tuple[int, int, int]],
    exponent: int,
    places: int,
    to: str,
    unused: str | int | None,
) -> None:
    """Both multiply by one exact factor, so they never differ in a last place.

    ``convert()`` rounds the exact value once to 28 significant digits; rounded half to
    even to ``places``, that is ``convert_fixed``'s integer, for any amount, currency
    pair and period (multi-year and fiscal periods among them).  Amounts here stay
    below 10**14 so that 28 digits reach ``places`` (the largest factor, EUR to VND, is
    about 3 * 10**4).  (Rounding twice could differ only for an exact value within half a
    unit of the 28th digit of a half-way point without being one: 10**-28 relative.)
    """
    # a category no row uses is never looked at (here one without rates, or None)
    currencies = [*_CODES, unused if isinstance(unused, str) or unused is None else "LAK"]
    periods = [*_PERIODS, unused if not isinstance(unused, str) else 1960]
    values, result_exponent = WDI.convert_fixed(
        [m for m, _, _ in rows],
        exponent,
        ([c for _, c, _ in rows], currencies),
        ([p for _, _, p in rows], periods),
        to=to,
        places=places,
        allow_not_meaningful=True,
    )
    expected = [
        WDI.convert(
            Money(Decimal(m).scaleb(exponent), _CODES[c]),
            to,
            _PERIODS[p],
            allow_not_meaningful=True,
        ).amount
        for m, c, p in rows
    ]
    assert result_exponent == -places
    assert values.tolist() == [_at_places(e, places) for e in expected]


@pytest.mark.parametrize("n", [3, 6000])
def test_convert_fixed_refuses_bad_codes(n: int) -> None:
    magnitudes = [1] * n
    periods = ([0] * n, [2014])
    with pytest.raises(
        ValidationError,
        match=r"convert_fixed\.currencies: code 2 is outside the 2 categories; each code "
        "must index the categories",
    ):
        WDI.convert_fixed(magnitudes, 0, ([0] * (n - 1) + [2], ["THB", "LAK"]), periods)
    with pytest.raises(ValidationError, match=r"code -1 is outside the 1 categories"):
        WDI.convert_fixed(magnitudes, 0, ([0] * n, ["THB"]), ([-1] + [0] * (n - 1), [2014]))
    with pytest.raises(
        ValidationError,
        match=r"convert_fixed\.periods: the columns differ in length: "
        f"{n} amounts, {n - 1} periods codes",
    ):
        WDI.convert_fixed(magnitudes, 0, ([0] * n, ["THB"]), ([0] * (n - 1), [2014]))
    with pytest.raises(ValidationError, match=r"codes must be .*integer.*key_column\(\) gives"):
        WDI.convert_fixed(magnitudes, 0, (["THB"] * n, ["THB"]), periods)


def test_convert_fixed_refuses_rows_without_a_currency_and_missing_rates() -> None:
    with pytest.raises(
        ValidationError,
        match=r"convert_fixed\.currencies: category 1 is None and some row uses it; "
        "convert only the rows that have a currency and a period",
    ):
        WDI.convert_fixed([1], 0, ([1], ["THB", None]), ([0], [2014]))
    with pytest.raises(RateNotMeaningfulError, match="MMK rate over 2011"):
        WDI.convert_fixed([1], 0, ([0], ["MMK"]), ([0], [2011]))
    with pytest.raises(MissingRateError, match="no exchange rate for EUR over 1998"):
        WDI.convert_fixed([1], 0, ([0], ["EUR"]), ([0], [1998]))
    values, _ = WDI.convert_fixed([], 0, ([], ["THB"]), ([], [2014]))
    assert values.tolist() == []


def test_convert_rounds_the_exact_value_once() -> None:
    # 2011-2014 takes the day-weighted mean of four KHR rates; rounding that mean first
    # (as rate() shows it) and the product after would be two roundings
    amount = Money("149000000", "KHR")
    exact = Fraction(amount.amount) / _hand_rate(WDI, "KHR", Period.years(2011, 2014))
    with localcontext() as ctx:
        ctx.prec = 28
        expected = Decimal(exact.numerator) / Decimal(exact.denominator)
    assert WDI.convert(amount, "USD", over="2011-2014").amount == expected
    # an exact result keeps the places of the amount, as a multiplication does
    table = RateTable([rate("THB", "32", Period.year(2014))])
    assert str(table.convert(Money("1.50", "USD"), "THB", over=2014).amount) == "48.00"


@given(money(gms_currencies().filter(lambda c: c.code != "MMK")), st.integers(2000, 2020))
def test_there_and_back_stays_within_rounding(amount: Money, year: int) -> None:
    there = WDI.convert(amount, "USD", over=year)
    back = WDI.convert(there, amount.currency, over=year)
    assert abs(back.amount - amount.amount) <= abs(amount.amount) * Decimal("1e-20") + Decimal(
        "1e-20"
    )


def test_negative_tolerance_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"check_stated\.tolerance: must be zero or above"):
        check_stated(Money(1, "THB"), Money(1, "USD"), WDI, over=2014, tolerance=Decimal(-1))


# -- exact fixed point: convert_fixed ------------------------------------------------------


def _hand_rate(table: RateTable, code: str, period: Period) -> Fraction:
    """The exact day-weighted mean of a table of calendar-year rates, worked out by hand."""
    if code == "USD":
        return Fraction(1)
    total = Fraction(0)
    for year in range(period.start.year, period.end.year + 1):
        piece = Period.year(year).intersection(period)
        assert piece is not None
        total += Fraction(table.rate(code, year, allow_not_meaningful=True)) * piece.days
    return total / period.days


def _fixed_oracle(m: int, exponent: int, factor: Fraction, places: int) -> int:
    # round() on a Fraction rounds half to even, once, exactly
    return round(Fraction(m) * Fraction(10) ** exponent * factor * Fraction(10) ** places)


def _as_period(value: object) -> Period:
    return _rate._to_period(value)  # type: ignore[arg-type]


_magnitudes = st.one_of(
    st.integers(-(10**15), 10**15),
    st.integers(-(2**53) - 3, -(2**53) + 3),
    st.integers(2**53 - 3, 2**53 + 3),
    st.integers(-(2**63) + 1, 2**63 - 1),
    st.integers(-(10**30), 10**30),
)


@given(
    rows=st.lists(
        st.tuples(
            _magnitudes,
            st.integers(0, len(_CODES) - 1),
            st.integers(0, len(_PERIODS) - 1),
        ),
        max_size=30,
    ),
    exponent=st.integers(-8, 3),
    places=st.integers(-3, 10),
    to=st.sampled_from(["USD", "THB", "EUR"]),
    unused=st.sampled_from([None, "XAU", 1950]),
    big=st.booleans(),
)
def test_convert_fixed_rounds_each_exact_value_once(
    *,
    rows: list[tuple[int, int, int]],
    exponent: int,
    places: int,
    to: str,
    unused: str | int | None,
    big: bool,
) -> None:
    currencies = [*_CODES, unused if isinstance(unused, str) or unused is None else "LAK"]
    periods = [*_PERIODS, unused if not isinstance(unused, str) else 1960]
    factors = {
        (c, p): _hand_rate(WDI, to, _as_period(_PERIODS[p]))
        / _hand_rate(WDI, _CODES[c], _as_period(_PERIODS[p]))
        for _, c, p in rows
    }
    expected = [_fixed_oracle(m, exponent, factors[(c, p)], places) for m, c, p in rows]
    repeat = -(-6000 // len(rows)) if big and rows else 1
    mags = [m for m, _, _ in rows] * repeat
    fits = all(-(2**63) < m < 2**63 for m in mags)
    values, result_exponent = WDI.convert_fixed(
        np.array(mags, dtype=np.int64) if fits else mags,
        exponent,
        (np.array([c for _, c, _ in rows] * repeat, dtype=np.uint8), currencies),
        (np.array([p for _, _, p in rows] * repeat, dtype=np.int64), periods),
        to=to,
        places=places,
        allow_not_meaningful=True,
    )
    assert result_exponent == -places
    assert values.tolist() == expected * repeat
    wide = not all(-(2**63) <= v < 2**63 for v in expected)
    assert values.dtype == (object if wide else np.int64)


def _tie_table(per_usd: Decimal) -> RateTable:
    return RateTable([rate("THB", str(per_usd), Period.year(2014))])


_DELTAS = [Fraction(0)] + [
    sign * Fraction(1, 2**e)
    for e in (8, 30, 48, 50, 52, 53, 60, 90, 99, 100, 104, 130)
    for sign in (1, -1)
]


@given(
    k=st.one_of(st.integers(0, 10**6), st.integers(0, 2**60)),
    scale=st.integers(1, 10**9),
    delta=st.sampled_from(_DELTAS),
    negative=st.booleans(),
    places=st.integers(0, 3),
    exponent=st.integers(-3, 0),
    big=st.booleans(),
)
def test_convert_fixed_decides_ties_and_near_ties_exactly(
    *, k: int, scale: int, delta: Fraction, negative: bool, places: int, exponent: int, big: bool
) -> None:
    # choose m and a rate so that m * 10**(exponent + places) / rate is k + 1/2 + delta,
    # exactly when delta = 0 (a tie), and within 1e-60 relative of it otherwise
    shift = Fraction(10) ** (exponent + places)
    m = (2 * k + 1) * scale * (-1 if negative else 1)
    target = Fraction(2 * k + 1, 2) + delta
    with localcontext() as ctx:
        ctx.prec = 80
        exact = Fraction(abs(m)) * shift / target
        per_usd = Decimal(exact.numerator) / Decimal(exact.denominator)
    table = _tie_table(per_usd)
    factor = 1 / Fraction(per_usd)
    expected = _fixed_oracle(m, exponent, factor, places)
    if delta == 0:
        assert abs(Fraction(m) * shift * factor) == target  # a tie: half even decides
        assert expected % 2 == 0
    n = 6000 if big else 3
    values, _ = table.convert_fixed(
        np.full(n, m, dtype=np.int64) if abs(m) < 2**63 else [m] * n,
        exponent,
        (np.zeros(n, dtype=np.uint8), ["THB"]),
        (np.zeros(n, dtype=np.uint8), [2014]),
        places=places,
    )
    assert values.tolist() == [expected] * n


@pytest.mark.parametrize(
    ("magnitude", "expected"),
    [(1, 0), (3, 2), (5, 2), (7, 4), (-1, 0), (-3, -2), (-5, -2), (2, 1), (0, 0)],
)
def test_convert_fixed_rounds_exact_ties_half_to_even(magnitude: int, expected: int) -> None:
    table = _tie_table(Decimal(2))  # USD = THB / 2: odd magnitudes are ties
    values, exponent = table.convert_fixed([magnitude], 0, ([0], ["THB"]), ([0], [2014]), places=0)
    assert (values.tolist(), exponent) == ([expected], 0)


def test_convert_fixed_keeps_amounts_already_in_the_target_currency() -> None:
    mags = np.array([12345, -12355, 10**17, 5], dtype=np.int64)
    codes = (np.zeros(4, dtype=np.uint8), ["USD"])
    periods = (np.zeros(4, dtype=np.uint8), [2014])
    values, exponent = WDI.convert_fixed(mags, -2, codes, periods, places=4)
    assert (values.tolist(), exponent) == ([1234500, -1235500, 10**19, 500], -4)
    assert values.dtype == object  # 10**19 exceeds int64
    values, _ = WDI.convert_fixed(mags, -2, codes, periods, places=1)
    assert values.tolist() == [1234, -1236, 10**16, 0]  # 1234.5 -> 1234, -1235.5 -> -1236


def test_convert_fixed_takes_an_observation_tables_columns() -> None:
    table = ObservationTable.from_columns(
        indicator="budget",
        country=["KHM", "LAO", "THA"],
        period=[2014, 2014, 2013],
        magnitude=[1_490_000_005, 20_000_000_000, 2_100_000_000],
        exponent=-1,
        currency=["KHR", "LAK", "THB"],
    )
    columns = table.columns()
    assert columns["exponent"] == -1
    values, exponent = WDI.convert_fixed(
        columns["magnitude"],
        columns["exponent"],
        table.key_column("currency"),
        table.key_column("period"),
        places=2,
    )
    assert exponent == -2
    expected = [
        WDI.convert(Money(Decimal("149000000.5"), "KHR"), "USD", 2014).amount,
        WDI.convert(Money(2_000_000_000, "LAK"), "USD", 2014).amount,
        WDI.convert(Money(210_000_000, "THB"), "USD", 2013).amount,
    ]
    assert values.tolist() == [int(e.scaleb(2).to_integral_value()) for e in expected]


def test_convert_fixed_refuses_bad_input() -> None:
    cur = ([0, 0], ["THB"])
    per = ([0, 0], [2014])
    with pytest.raises(
        ValidationError,
        match=r"convert_fixed\.magnitudes: must be integers \(scaled magnitudes\), got "
        r"float64; pass the integers m of m \* 10\*\*exponent",
    ):
        WDI.convert_fixed(np.array([1.0, 2.0]), 0, cur, per)
    with pytest.raises(ValidationError, match=r"convert_fixed\.magnitudes: must be integers"):
        WDI.convert_fixed([1, "2"], 0, cur, per)
    with pytest.raises(ValidationError, match=r"convert_fixed\.magnitudes: must be one-dim"):
        WDI.convert_fixed(np.ones((2, 2), dtype=np.int64), 0, cur, per)
    with pytest.raises(
        ValidationError, match=r"convert_fixed\.exponent: must be an int, got float 0\.5"
    ):
        WDI.convert_fixed([1, 2], 0.5, cur, per)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"convert_fixed\.places: must be an int"):
        WDI.convert_fixed([1, 2], 0, cur, per, places=True)
    with pytest.raises(
        ValidationError,
        match=r"convert_fixed\.currencies: code 1 is outside the 1 categories",
    ):
        WDI.convert_fixed([1, 2], 0, ([0, 1], ["THB"]), per)
    with pytest.raises(
        ValidationError, match=r"convert_fixed\.periods: the columns differ in length"
    ):
        WDI.convert_fixed([1, 2], 0, cur, ([0], [2014]))
    with pytest.raises(
        ValidationError, match=r"convert_fixed\.periods: category 0 is None and some row uses"
    ):
        WDI.convert_fixed([1, 2], 0, cur, ([0, 0], [None]))
    with pytest.raises(RateNotMeaningfulError, match="MMK rate over 2011"):
        WDI.convert_fixed([1], 0, ([0], ["MMK"]), ([0], [2011]))
    with pytest.raises(MissingRateError, match="no exchange rate for EUR over 1998"):
        WDI.convert_fixed([1], 0, ([0], ["EUR"]), ([0], [1998]))
    values, exponent = WDI.convert_fixed([], 0, ([], ["THB"]), ([], [2014]))
    assert (values.tolist(), values.dtype, exponent) == ([], np.int64, -6)


# -- where the names live ---------------------------------------------------------------


def test_the_rate_names_moved_to_rates_still_resolve_from_money_with_a_warning() -> None:
    from commit_mef import money as money_module
    from commit_mef import rates as rates_module

    assert list(rates_module.__all__) == sorted(rates_module.__all__)
    assert list(money_module.__all__) == sorted(money_module.__all__)
    moved = [n for n in rates_module.__all__ if n != "clear_caches"]  # new in rates, not moved
    assert commit_mef.clear_caches is rates_module.clear_caches
    for name in moved:
        with pytest.warns(DeprecationWarning, match=rf"use commit_mef\.rates\.{name}"):
            assert getattr(money_module, name) is getattr(rates_module, name), name
        assert getattr(commit_mef, name) is getattr(rates_module, name), name
        assert name not in money_module.__all__
    namespace: dict[str, object] = {}
    exec("from commit_mef.money import *", namespace)  # noqa: S102 - the point of the test
    assert set(money_module.__all__) <= set(namespace)  # and no warning: the moved names left
    with pytest.raises(AttributeError, match=r"module 'commit_mef\.money' has no attribute 'nope'"):
        money_module.nope  # type: ignore[attr-defined]  # noqa: B018


def test_money_does_not_import_rates_and_rates_is_reachable() -> None:
    import subprocess
    import sys

    code = (
        "import sys, commit_mef; import commit_mef.money;"
        "print('commit_mef.rates' in sys.modules, commit_mef.rates.RateTable.__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "RateTable"]
