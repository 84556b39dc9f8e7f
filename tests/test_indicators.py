"""Indicators: kinds, units, per-axis aggregation rules, dimensions, refusal of impossible combinations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given

from commit_mef import ValidationError
from commit_mef.indicators import (
    AGE_BAND,
    COUNT_UNITS,
    FORM_OF_EXPLOITATION,
    NATIONALITY,
    SEX,
    AggregationRule,
    CountryAggregation,
    Dimension,
    Direction,
    Indicator,
    MeasureKind,
    TimeAggregation,
)
from commit_mef.testing import aggregation_rules, indicators


def make(**fields: object) -> Indicator:
    base: dict[str, object] = {"id": "x", "name": "X"}
    base.update(fields)
    return Indicator(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "over_time", "across"),
    [
        ("count", "sum", "sum"),
        ("money", "sum", "sum"),
        ("percentage", "last", "none"),
        ("ratio", "last", "none"),
        ("milestone", "any", "count_achieved"),
        ("ordinal", "last", "none"),
        ("qualitative", "none", "none"),
    ],
)
def test_default_rule_per_kind(kind: str, over_time: str, across: str) -> None:
    rule = AggregationRule.default_for(kind)
    assert (rule.over_time.value, rule.across_countries.value, rule.cumulative) == (
        over_time,
        across,
        False,
    )


def test_indicator_takes_the_default_rule_of_its_kind() -> None:
    ind = make(kind=MeasureKind.COUNT, unit="person")
    assert ind.rule == AggregationRule(TimeAggregation.SUM, CountryAggregation.SUM)
    assert make(kind="count", unit="office", rule=None).rule == ind.rule


def test_percentage_with_numerator_and_denominator_defaults_to_weighted_mean() -> None:
    ind = make(kind="percentage", numerator="identified", denominator="screened")
    assert ind.rule.across_countries is CountryAggregation.WEIGHTED_MEAN


def test_rule_may_be_given_as_a_tuple() -> None:
    ind = make(kind="count", unit="office", rule=("last", "sum"))
    assert ind.rule == AggregationRule(TimeAggregation.LAST, CountryAggregation.SUM)


@pytest.mark.parametrize(
    ("fields", "field", "fix"),
    [
        ({"kind": "milestone", "rule": ("sum", "count_achieved")}, "rule", "'any', 'all'"),
        ({"kind": "percentage", "rule": ("last", "sum")}, "rule", "'weighted_mean'"),
        ({"kind": "percentage", "rule": ("sum", "none")}, "rule", "'last'"),
        ({"kind": "qualitative", "rule": ("last", "none")}, "rule", "'none'"),
        ({"kind": "ratio", "rule": ("last", "weighted_mean"), "factor": 100}, "rule", "numerator="),
        ({"kind": "ratio"}, "factor", "factor=100000"),
        ({"kind": "ratio", "factor": 0}, "factor", "positive"),
        ({"kind": "count", "unit": "person", "factor": 100}, "factor", "drop factor"),
        ({"kind": "count", "unit": "people"}, "unit", "agreement, case, database"),
        ({"kind": "count"}, "unit", "agreement, case, database"),
        ({"kind": "money"}, "unit", "'USD'"),
        ({"kind": "money", "unit": "KIPP"}, "unit", "ISO 4217"),
        ({"kind": "money", "unit": "KIP"}, "unit", "ISO 4217"),
        ({"kind": "percentage", "unit": "person"}, "unit", "'percent'"),
        ({"kind": "milestone", "unit": "person"}, "unit", "drop unit"),
        ({"kind": "ordinal"}, "scale", "at least two level names"),
        ({"kind": "ordinal", "scale": ("a", "a")}, "scale", "name each once"),
        ({"kind": "count", "unit": "case", "scale": ("a", "b")}, "scale", "drop scale"),
        ({"kind": "percentage", "numerator": "a"}, "numerator", "both"),
        (
            {"kind": "count", "unit": "case", "numerator": "a", "denominator": "b"},
            "numerator",
            "only",
        ),
        ({"kind": "count", "unit": "case", "dimensions": (SEX, SEX)}, "dimensions[1]", "once"),
        ({"id": "two words", "kind": "milestone"}, "id", "compact id"),
        ({"name": " ", "kind": "milestone"}, "name", "empty"),
    ],
)
def test_impossible_combinations_are_refused_naming_field_and_fix(
    fields: dict[str, object], field: str, fix: str
) -> None:
    with pytest.raises(ValidationError, match=fix) as info:
        make(**fields)
    assert info.value.path == f"Indicator.{field}"


def test_cumulative_needs_sum_over_time() -> None:
    assert AggregationRule("sum", "sum", cumulative=True).cumulative
    with pytest.raises(ValidationError, match=r"over_time='sum'") as info:
        AggregationRule("max", "sum", cumulative=True)
    assert info.value.path == "AggregationRule.cumulative"


@pytest.mark.parametrize("bad", [1.5, "1e3x"])
def test_factor_must_be_exact(bad: object) -> None:
    with pytest.raises((TypeError, ValidationError), match=r"float|decimal number"):
        make(kind="ratio", factor=bad)


def test_wrong_types_raise_type_error() -> None:
    with pytest.raises(TypeError, match="AggregationRule or a tuple"):
        make(kind="count", unit="case", rule="sum")
    with pytest.raises(TypeError, match="must be a Dimension"):
        make(kind="count", unit="case", dimensions=("sex",))
    with pytest.raises(ValidationError, match="'sometimes' is not a Direction; use one of") as info:
        make(kind="count", unit="case", direction="sometimes")
    assert info.value.path == "Indicator.direction"


def test_money_unit_may_be_any_currency_or_an_iso_code() -> None:
    assert make(kind="money", unit="currency").any_currency
    assert not make(kind="money", unit="THB").any_currency


def test_count_units_match_the_unit_registry() -> None:
    from commit_mef import units

    assert sorted(COUNT_UNITS) == sorted(units.COUNT_UNITS)


def test_standard_dimensions() -> None:
    assert SEX.codes[:2] == ("female", "male")
    assert "0-17" in AGE_BAND
    assert "forced-labour" in FORM_OF_EXPLOITATION
    assert len(NATIONALITY.codes) == 249
    assert all(code in NATIONALITY for code in ("KHM", "CHN", "LAO", "MMR", "THA", "VNM"))
    assert "XXX" not in NATIONALITY


def test_dimension_lookup_on_an_indicator() -> None:
    ind = make(kind="count", unit="person", dimensions=(SEX, AGE_BAND))
    assert ind.dimension("age_band") is AGE_BAND
    with pytest.raises(LookupError, match="has no dimension 'nationality'"):
        ind.dimension("nationality")


def test_dimension_refuses_empty_or_repeated_codes() -> None:
    with pytest.raises(ValidationError, match="has no codes"):
        Dimension(id="d", name="D", codes=())
    with pytest.raises(TypeError, match="not the string"):
        Dimension(id="d", name="D", codes="abc")


def test_ratio_keeps_its_factor_and_references() -> None:
    ind = make(kind="ratio", factor="100000", unit="person", references="SDG 16.2.2")
    assert ind.factor == Decimal(100000)
    assert ind.references == ("SDG 16.2.2",)
    assert ind.direction is Direction.INCREASE


@given(indicators())
def test_generated_indicators_have_a_rule_their_kind_allows(ind: Indicator) -> None:
    over_time, across = AggregationRule.allowed_for(ind.kind)
    assert ind.rule.over_time in over_time
    assert ind.rule.across_countries in across


@given(aggregation_rules())
def test_cumulative_rules_always_sum_over_time(rule: AggregationRule) -> None:
    assert not rule.cumulative or rule.over_time is TimeAggregation.SUM


def test_money_unit_is_stored_as_the_canonical_iso_code() -> None:
    assert make(kind="money", unit="usd").unit == "USD"
