"""Currency and Money: lookup, exactness, arithmetic that never mixes currencies, parsing, pint."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import Period
from commit_mef.errors import (
    CurrencyMismatchError,
    ParseError,
    UnknownCurrencyError,
    ValidationError,
)
from commit_mef.money import Budget, Currency, Money, currency
from commit_mef.testing import gms_currencies, money

# -- currencies -----------------------------------------------------------------------


def test_currency_lookup_ignores_case_and_returns_one_instance() -> None:
    assert currency("thb") is currency("THB")
    assert currency("VND") == Currency(code="VND", numeric="704", name="Dong", minor_units=0)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("RMB", "CNY"),
        ("yuan", "CNY"),
        ("US$", "USD"),
        ("Saudi Riyal", "SAR"),
        ("Baht", "THB"),
        ("418", "LAK"),
    ],
)
def test_currency_aliases_and_names(query: str, code: str) -> None:
    assert currency(query).code == code


def test_minor_units_follow_iso_4217() -> None:
    assert [currency(c).minor_units for c in ("VND", "KHR", "THB", "KWD", "XAU")] == [
        0,
        2,
        2,
        3,
        None,
    ]


@pytest.mark.parametrize("garbage", ["KIP", "xyz", "usd1", "", "dollars"])
def test_unknown_currency_codes_raise_with_close_matches(garbage: str) -> None:
    with pytest.raises(UnknownCurrencyError, match="expected an ISO 4217 code") as info:
        currency(garbage)
    assert info.value.query == garbage


def test_unknown_currency_suggests_the_iso_code() -> None:
    with pytest.raises(UnknownCurrencyError, match=r"did you mean: LAK \(Lao Kip\)"):
        currency("kip")


def test_currency_rejects_non_strings() -> None:
    with pytest.raises(TypeError, match="takes an ISO 4217 code such as 'THB'"):
        currency(704)  # type: ignore[arg-type]


# -- construction ---------------------------------------------------------------------


def test_money_takes_int_str_and_decimal_exactly() -> None:
    assert Money(5, "USD").amount == Decimal(5)
    assert Money("0.10", "USD").amount == Decimal("0.10")
    assert Money(Decimal("1e3"), currency("KHR")).amount == 1000
    assert Money("1", "thb").currency is currency("THB")


def test_floats_are_refused_with_the_fix() -> None:
    with pytest.raises(
        TypeError, match=r"floats are inexact: pass a str or a Decimal such as Decimal\('0.1'\)"
    ):
        Money(0.1, "USD")


@pytest.mark.parametrize(
    "bad", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), "nan", "inf"]
)
def test_nan_and_infinite_amounts_are_refused(bad: object) -> None:
    with pytest.raises(ValidationError, match=r"Money\.amount: must be a finite number"):
        Money(bad, "USD")


def test_unknown_currency_in_money_raises() -> None:
    with pytest.raises(UnknownCurrencyError, match="unknown currency 'KIP'"):
        Money(1, "KIP")


def test_negative_money_is_allowed_refunds_exist() -> None:
    assert Money(-5, "USD").amount == -5


# -- arithmetic -----------------------------------------------------------------------


def test_same_currency_arithmetic() -> None:
    a, b = Money("10.50", "THB"), Money("0.25", "THB")
    assert a + b == Money("10.75", "THB")
    assert a - b == Money("10.25", "THB")
    assert -a == Money("-10.50", "THB")
    assert abs(Money(-3, "THB")) == Money(3, "THB")
    assert a * 2 == 2 * a == Money(21, "THB")
    assert a * Decimal("0.5") == Money("5.25", "THB")
    assert a / 2 == Money("5.25", "THB")
    assert a / Money("5.25", "THB") == Decimal(2)
    assert sum([a, b]) == Money("10.75", "THB")


def test_mixed_currency_sums_raise() -> None:
    with pytest.raises(CurrencyMismatchError, match=r"cannot apply '\+' to KHR and USD"):
        sum([Money(1, "KHR"), Money(1, "USD")])
    with pytest.raises(CurrencyMismatchError, match=r"cannot apply '-' to KHR and USD"):
        Money(1, "KHR") - Money(1, "USD")
    with pytest.raises(CurrencyMismatchError, match=r"cannot apply '<' to KHR and USD"):
        _ = Money(1, "KHR") < Money(1, "USD")


def test_equality_across_currencies_is_false_not_an_error() -> None:
    assert Money(0, "KHR") != Money(0, "USD")
    assert Money(1, "USD") in {Money("1.00", "USD")}


def test_money_times_money_or_float_is_refused() -> None:
    with pytest.raises(TypeError, match="cannot multiply money by money"):
        Money(1, "USD") * Money(1, "USD")
    with pytest.raises(TypeError, match="floats are inexact"):
        Money(1, "USD") * 1.5


def test_ordering() -> None:
    assert Money(1, "USD") < Money(2, "USD") <= Money(2, "USD")
    assert max([Money(1, "VND"), Money(3, "VND")]) == Money(3, "VND")


@given(st.lists(money(gms_currencies().filter(lambda c: c.code == "KHR")), max_size=30))
def test_sum_is_exact_and_order_independent(values: list[Money]) -> None:
    total = sum(values, Money(0, "KHR"))
    assert total.amount == sum((v.amount for v in values), Decimal(0))
    assert sum(reversed(values), Money(0, "KHR")) == total


# -- display --------------------------------------------------------------------------


def test_display_rounds_to_minor_units_only() -> None:
    m = Money("496820000.005", "THB")
    assert str(m) == "THB 496,820,000.01"
    assert m.amount == Decimal("496820000.005")
    assert str(Money("270000000000.4", "VND")) == "VND 270,000,000,000"
    assert Money("0.125", "USD").rounded() == Money("0.13", "USD")
    assert f"{Money('1234.5', 'USD'):,.0f}" == "USD 1,234"
    assert repr(Money("1.50", "USD")) == "Money('1.50', 'USD')"


def test_money_survives_pickle() -> None:
    m = Money("1.5", "LAK")
    assert pickle.loads(pickle.dumps(m)) == m


# -- parsing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("THB 496.82 million", Money("496820000", "THB")),
        ("149 million KHR", Money("149000000", "KHR")),
        ("US$ 37,000", Money("37000", "USD")),
        ("US\\$ 37,000", Money("37000", "USD")),
        ("USD 246 660", Money("246660", "USD")),
        ("2 billion LAK", Money("2000000000", "LAK")),
        ("VND 270 billion", Money("270000000000", "VND")),
        ("50 million RMB", Money("50000000", "CNY")),
        ("USD 800 thousand", Money("800000", "USD")),
        ("nearly USD 20 million", Money("20000000", "USD")),
        ("about 6.5 million USD", Money("6500000", "USD")),
        ("2,400 Saudi Riyal", Money("2400", "SAR")),
        ("1.234.567,89 EUR", Money("1234567.89", "EUR")),
    ],
)
def test_parse_report_amounts(text: str, expected: Money) -> None:
    assert Money.parse(text) == expected


def test_ambiguous_amount_lists_its_readings() -> None:
    with pytest.raises(ParseError, match="is ambiguous") as info:
        Money.parse("MMK 12.042.358 million")
    assert info.value.readings == (
        "dot-grouping: MMK 12,042,358,000,000",
        "last-dot-decimal: MMK 12,042,358,000",
    )


@pytest.mark.parametrize("reading", ["last-dot-decimal", 1, "last-dot-decimal: MMK 12,042,358,000"])
def test_a_reading_resolves_the_ambiguity(reading: str | int) -> None:
    assert Money.parse("MMK 12.042.358 million", reading=reading) == Money("12042358000", "MMK")


def test_a_reading_that_does_not_apply_is_an_error() -> None:
    with pytest.raises(ParseError, match="reading='comma' does not apply"):
        Money.parse("MMK 12.042.358 million", reading="comma")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("USD", "no number found"),
        ("VND 54 billion/year", "expected one currency next to the number"),
        ("12,34,567 USD", "do not group digits in threes"),
    ],
)
def test_unreadable_amounts_raise_parse_error(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        Money.parse(text)


# -- pint -----------------------------------------------------------------------------


def test_pint_round_trip() -> None:
    m = Money("149000000", "KHR")
    q = m.to_pint()
    assert str(q.units) == "KHR"
    assert Money.from_pint(q) == m


def test_from_pint_refuses_counts() -> None:
    from commit_mef.units import registry

    with pytest.raises(ValidationError, match="expected a quantity in one ISO 4217 currency"):
        Money.from_pint(registry().Quantity(Decimal(3), "person"))


# -- budgets --------------------------------------------------------------------------


def test_budget_defaults_and_fields() -> None:
    b = Budget(amount=Money.parse("2 billion LAK"), period=Period.year(2014))
    assert (b.status, b.kind, b.stated, b.revises) == ("original", "committed", None, None)


def test_negative_budget_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"Budget\.amount: a budget cannot be negative"):
        Budget(amount=Money(-1, "USD"), period=Period.year(2014))


def test_budget_choices_and_revisions_are_validated() -> None:
    original = Budget(amount=Money(5, "USD"), period=Period.year(2014))
    with pytest.raises(
        ValidationError, match=r"Budget\.status: must be one of 'original', 'revised'"
    ):
        Budget(amount=Money(5, "USD"), period=Period.year(2014), status="final")  # type: ignore[arg-type]
    with pytest.raises(
        ValidationError, match=r"Budget\.revises: only a revised budget revises another"
    ):
        Budget(amount=Money(6, "USD"), period=Period.year(2014), revises=original)
    revised = Budget(
        amount=Money(6, "USD"), period=Period.year(2014), status="revised", revises=original
    )
    assert revised.revises is original


def test_budget_period_must_be_a_period() -> None:
    with pytest.raises(TypeError, match=r"Budget\.period must be a Period"):
        Budget(amount=Money(5, "USD"), period=2014)  # type: ignore[arg-type]


def test_the_commit_currencies_need_no_pycountry_and_match_it() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from commit_mef.money import currency;"
        "[currency(c) for c in ('KHR','CNY','LAK','MMK','THB','VND','USD','SAR')];"
        "print('pycountry' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    import pycountry

    from commit_mef.money._currency import _BUILT_IN, _currency_index

    by_code, _ = _currency_index()
    for built_in in _BUILT_IN.values():
        record = pycountry.currencies.get(alpha_3=built_in.code)
        assert record is not None
        assert (built_in.numeric, built_in.name) == (record.numeric, record.name)
        assert by_code[built_in.code] is built_in
