"""The library extended from outside, through its public API only (issue #23, point 3).

Each registry is explicit (nothing is discovered behind the user's back), lists what it
holds, refuses to overwrite silently (``replace=True`` says so), and is safe to use from
several threads.  Every test leaves the registries as it found them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import (
    FiscalCalendar,
    FiscalYear,
    FiscalYearRule,
    Indicator,
    MeasureKind,
    Observation,
    ObservationTable,
    Period,
    ProgressReport,
    RegistrationError,
    UnknownFiscalYearError,
    ValidationError,
    aggregate,
    fiscal_calendar,
    fiscal_year,
    register_fiscal_calendar,
)
from commit_mef.periods import fiscal_calendars, unregister_fiscal_calendar
from commit_mef.reports import formats, register_format, render, unregister_format
from commit_mef.units import count_units, is_count_unit, register_unit, registry, unregister_unit

MALAYSIA = FiscalCalendar(
    name="Malaysia fiscal calendar",
    country="MYS",
    rules=(FiscalYearRule(month=1, style="calendar"),),
    sources=("illustrative: a calendar-year budget",),
)


@pytest.fixture
def malaysia() -> Iterator[FiscalCalendar]:
    register_fiscal_calendar("Malaysia", MALAYSIA)
    yield MALAYSIA
    unregister_fiscal_calendar("MYS")


@pytest.fixture
def referral() -> Iterator[str]:
    register_unit("referral", "referrals of victims to support services")
    yield "referral"
    unregister_unit("referral")


# -- fiscal calendars ---------------------------------------------------------------------------
def test_unregistered_country_says_how_to_register() -> None:
    with pytest.raises(UnknownFiscalYearError) as caught:
        fiscal_year("MYS", 2020)
    assert "register_fiscal_calendar('MYS', FiscalCalendar(...))" in str(caught.value)


def test_registered_calendar_answers_fiscal_year(malaysia: FiscalCalendar) -> None:
    assert fiscal_year("MYS", 2020) == Period.year(2020)
    assert fiscal_calendar("Malaysia") is malaysia
    assert "MYS" in fiscal_calendars()


def test_a_calendar_with_a_switch_and_an_interim_year() -> None:
    """A partner's calendar built like Myanmar's: two rules and an interim year between them."""
    calendar = FiscalCalendar(
        name="Example fiscal calendar",
        country="IDN",
        rules=(
            FiscalYearRule(month=4, style="split", last=2019),
            FiscalYearRule(month=1, style="calendar", first=2021),
        ),
        interims=(
            FiscalYear(
                label="2020 interim", period=Period.parse("2020-04-01/2020-12-31"), interim=True
            ),
        ),
    )
    register_fiscal_calendar("IDN", calendar)
    try:
        assert str(fiscal_year("IDN", 2019)) == "2019-04-01/2020-03-31"
        assert str(fiscal_year("IDN", "2020 interim")) == "2020-04-01/2020-12-31"
        assert fiscal_year("IDN", 2021) == Period.year(2021)
    finally:
        unregister_fiscal_calendar("IDN")


def test_no_silent_overwrite_of_a_calendar(malaysia: FiscalCalendar) -> None:
    other = FiscalCalendar(
        name="Other", country="MYS", rules=(FiscalYearRule(month=4, style="split"),)
    )
    with pytest.raises(RegistrationError) as caught:
        register_fiscal_calendar("MYS", other)
    assert (caught.value.registry, caught.value.name) == ("fiscal calendar", "MYS")
    assert fiscal_calendar("MYS") is malaysia
    register_fiscal_calendar("MYS", other, replace=True)
    assert str(fiscal_year("MYS", 2020)) == "2020-04-01/2021-03-31"


def test_a_shipped_calendar_is_replaced_only_when_asked() -> None:
    thailand = fiscal_calendar("THA")
    with pytest.raises(RegistrationError):
        register_fiscal_calendar("THA", thailand)
    register_fiscal_calendar("THA", thailand, replace=True)
    assert fiscal_calendar("THA") is thailand


def test_a_calendar_for_another_country_is_refused() -> None:
    with pytest.raises(RegistrationError, match="set its country to 'IDN'"):
        register_fiscal_calendar("Indonesia", MALAYSIA)
    with pytest.raises(RegistrationError, match="must be a FiscalCalendar"):
        register_fiscal_calendar("IDN", "calendar year")  # type: ignore[arg-type]


@given(st.integers(0, 20), st.sampled_from(["calendar", "end-year", "split", "fiscal"]))
def test_a_rule_refuses_impossible_months_and_styles(month: int, style: str) -> None:
    if 1 <= month <= 12 and style != "fiscal":
        rule = FiscalYearRule(month=month, style=style)  # type: ignore[arg-type]
        fy = rule.year_starting(2020)
        assert fy.period.start.month == month
        assert fy.period.days in (365, 366)
    else:
        with pytest.raises(ValidationError, match=r"FiscalYearRule\.(month|style)"):
            FiscalYearRule(month=month, style=style)  # type: ignore[arg-type]


# -- count units --------------------------------------------------------------------------------
def test_referral_is_refused_until_registered() -> None:
    with pytest.raises(ValidationError, match="register_unit"):
        Indicator(id="ref", name="Referrals", kind=MeasureKind.COUNT, unit="referral")


def test_a_registered_unit_counts_and_aggregates(referral: str) -> None:
    indicator = Indicator(id="ref", name="Referrals", kind=MeasureKind.COUNT, unit=referral)
    table = ObservationTable.from_rows(
        [
            Observation(
                indicator="ref", country=c, period=Period.year(2015), value=n, unit=referral
            )
            for c, n in (("KHM", Decimal(12)), ("LAO", Decimal(30)))
        ]
    )
    result = aggregate(table, indicator, by=())
    assert (result.value(), result.unit) == (42, "referral")
    assert is_count_unit(referral)
    assert referral in count_units()


def test_a_registered_unit_is_its_own_dimension(referral: str) -> None:
    ureg = registry()
    with pytest.raises(pint.DimensionalityError):
        ureg.Quantity(3, referral) + ureg.Quantity(2, "person")
    assert str(ureg.Quantity(3, referral) + ureg.Quantity(2, referral)) == "5 referral"


def test_unit_names_are_checked_and_never_overwritten_silently(referral: str) -> None:
    with pytest.raises(RegistrationError, match="already registered"):
        register_unit(referral)
    register_unit(referral, "referrals, counted once per person", replace=True)
    assert count_units()[referral] == "referrals, counted once per person"
    for bad in ("Referral", "usd", "x", "two words"):
        with pytest.raises(RegistrationError):
            register_unit(bad)
    with pytest.raises(RegistrationError, match="package's own"):
        unregister_unit("person")


# -- report formats -----------------------------------------------------------------------------
def _csv(report: ProgressReport) -> str:
    return "".join(f"{area.number},{len(area.figures)}\n" for area in report.areas)


def test_render_learns_a_registered_format() -> None:
    report = ProgressReport(title="T", plan="SPA III", plan_title="Plan", period="2011-2014")
    with pytest.raises(ValidationError, match="register_format"):
        render(report, "area-csv")
    register_format("area-csv", _csv)
    try:
        assert "area-csv" in formats()
        assert formats()[:4] == ("text", "markdown", "html", "json")
        assert render(report, "area-csv") == _csv(report)
        with pytest.raises(RegistrationError):
            register_format("area-csv", _csv)
    finally:
        unregister_format("area-csv")
    assert "area-csv" not in formats()


def test_a_format_name_and_renderer_are_checked() -> None:
    with pytest.raises(RegistrationError, match="lower-case"):
        register_format("PDF", _csv)
    with pytest.raises(RegistrationError, match="must be a function"):
        register_format("pdf", "not a function")  # type: ignore[arg-type]


# -- thread safety ------------------------------------------------------------------------------
def test_concurrent_registrations_keep_every_name_once() -> None:
    names = [f"thing_{chr(97 + i)}{chr(97 + j)}" for i in range(8) for j in range(8)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def work(part: list[str]) -> None:
        barrier.wait()
        for name in part:
            try:
                register_unit(name)
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=work, args=(names[i::8],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert set(names) <= set(count_units())
        # Two threads racing for one name: exactly one wins, the other is told.
        results: list[str] = []
        barrier2 = threading.Barrier(2)

        def race() -> None:
            barrier2.wait()
            try:
                register_unit("contested")
                results.append("won")
            except RegistrationError:
                results.append("refused")

        racers = [threading.Thread(target=race) for _ in range(2)]
        for t in racers:
            t.start()
        for t in racers:
            t.join()
        assert sorted(results) == ["refused", "won"]
    finally:
        for name in [*names, "contested"]:
            if name in count_units():
                unregister_unit(name)


def test_a_calendar_can_be_kept_in_a_file_and_registered_from_it() -> None:
    """Calendars are plain values: a service can load its partners' calendars from JSON."""
    from commit_mef import io

    text = io.dumps(fiscal_calendar("MMR"))
    back = io.loads(text, FiscalCalendar)
    assert back == fiscal_calendar("MMR")
    copy = io.loads(io.dumps(MALAYSIA), FiscalCalendar)
    register_fiscal_calendar("MYS", copy)
    try:
        assert fiscal_year("MYS", 2021) == Period.year(2021)
    finally:
        unregister_fiscal_calendar("MYS")
