"""Money at its edges (#15 point 4): huge amounts print, parse is exact within the shared
limit, NaN and infinities are refused in every operation, and ``-0`` is zero."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commit_mef import Money, RateTable
from commit_mef.errors import CommitMefError, InvalidTypeError, ParseError, ValidationError
from commit_mef.money._parse import MAX_DECIMAL_DIGITS, MAX_DECIMAL_EXPONENT, bounded_decimal

SRC = str(Path(__file__).resolve().parents[1] / "src")


@pytest.mark.parametrize("exponent", [26, 27, 30, 60, 200, 999])
def test_any_large_amount_prints_and_formats(exponent: int) -> None:
    money = Money(Decimal(10) ** exponent, "USD")
    text = str(money)
    assert text == "USD " + f"{10**exponent:,}" + ".00"
    assert f"{money:,.0f}" == "USD " + f"{10**exponent:,}"
    assert money.rounded() == money


def test_an_astronomical_amount_prints_exactly_in_scientific_notation() -> None:
    assert str(Money("1e5000", "USD")) == "USD 1E+5000"
    assert str(Money("12345e4000", "THB")) == "THB 1.2345E+4004"


@settings(max_examples=200)
@given(st.integers(min_value=-(10**60), max_value=10**60), st.integers(0, 4))
def test_str_shows_every_digit_of_any_amount(units: int, places: int) -> None:
    amount = Decimal(units).scaleb(-places)
    money = Money(amount, "JPY" if places == 0 else "USD")
    shown = str(money).split(" ", 1)[1].replace(",", "")
    assert Decimal(shown) == money.rounded().amount


def test_arithmetic_never_rounds_large_amounts() -> None:
    big = Money("1e30", "USD")
    assert (big + Money("0.01", "USD")).amount == Decimal("1000000000000000000000000000000.01")
    assert (big - Money("0.01", "USD")).amount == Decimal("999999999999999999999999999999.99")
    assert (Money("123456789012345678901234567890.5", "USD") * 3).amount == Decimal(
        "370370367037037036703703703671.5"
    )


@pytest.mark.parametrize("digits", [29, 40, MAX_DECIMAL_DIGITS])
def test_parse_is_exact_for_any_length_within_the_limit(digits: int) -> None:
    number = "9" * (digits - 2) + ".5"
    assert Money.parse(f"USD {number}").amount == Decimal(number)
    assert Money.parse(f"USD {number} million").amount == Decimal(number + "e6")


def test_parse_beyond_the_limit_is_a_parse_error_naming_the_limit() -> None:
    for text in (f"USD {'1' * (MAX_DECIMAL_DIGITS + 1)}", f"USD {'1' * 100_000}"):
        with pytest.raises(ParseError, match="at most 100 significant digits"):
            Money.parse(text)


def test_bounded_decimal_refuses_long_digits_and_far_exponents_fast() -> None:
    for text in ("1e999999999", "1e-999999999", f"1e{MAX_DECIMAL_EXPONENT + 1}", "9" * 10**6):
        with pytest.raises(ParseError, match=r"^cell: .*exponent between -100 and 100"):
            bounded_decimal(text, "cell")
    for bad in ("NaN", "Infinity", "-inf", "twelve", Decimal("sNaN")):
        with pytest.raises(ParseError, match=r"^cell: "):
            bounded_decimal(bad, "cell")
    assert bounded_decimal(f"1e{MAX_DECIMAL_EXPONENT}", "cell") == Decimal("1e100")
    assert bounded_decimal(10**99, "cell") == Decimal(10**99)
    with pytest.raises(ParseError):
        bounded_decimal(10**400, "cell")


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_nan_and_infinities_are_refused_in_every_operation(bad: Decimal) -> None:
    money = Money("5", "USD")
    operations: list[Callable[[], object]] = [
        lambda: Money(bad, "USD"),
        lambda: money * bad,
        lambda: bad * money,
        lambda: money / bad,
        lambda: money + bad,
        lambda: bad + money,
        lambda: money - bad,
        lambda: bad - money,
        lambda: RateTable.wdi().convert(Money(bad, "THB"), "USD", over=2014),
    ]
    for operation in operations:
        with pytest.raises(CommitMefError):
            operation()


def test_adding_a_bare_number_says_to_wrap_it_in_money() -> None:
    with pytest.raises(InvalidTypeError, match="a number has no currency"):
        Money("5", "USD") + Decimal("1")
    assert sum([Money("5", "USD")]) == Money("5", "USD")  # sum() still starts from 0


def test_dividing_by_zero_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="zero"):
        Money("5", "USD") / 0
    with pytest.raises(ValidationError, match="zero"):
        Money("5", "USD") / Money("0", "USD")


def test_negative_zero_normalises_to_zero() -> None:
    for money in (
        Money("-0", "USD"),
        Money(Decimal("-0.00"), "USD"),
        -Money("0", "USD"),
        Money("0", "USD") * -1,
        Money("1", "USD") - Money("1", "USD"),
        Money("-0.001", "USD").rounded(),
    ):
        assert not money.amount.is_signed()
        assert str(money) == "USD 0.00"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run(
        [sys.executable, "-m", "commit_mef", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_cli_converts_1e30_usd_and_refuses_unbounded_amounts_with_exit_2() -> None:
    done = _cli("convert", "1e30", "USD", "--to", "THB", "--over", "2014")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("USD 1,000,000,000,000,000,000,000,000,000,000.00 = THB ")
    assert "Traceback" not in done.stderr
    for amount in ("1e999999999", "NaN", "inf"):
        done = _cli("convert", amount, "USD", "--to", "THB", "--over", "2014")
        assert done.returncode == 2, (amount, done.stderr)
        assert done.stderr.startswith("commit-mef: error: AMOUNT: ")
        assert "Traceback" not in done.stderr
