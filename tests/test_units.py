"""The package's pint registry: Decimal magnitudes, a dimension per currency and per count."""

from __future__ import annotations

from decimal import Decimal

import pint
import pytest

from commit_mef.units import COUNT_UNITS, currency_codes, is_count_unit, registry


def test_the_registry_is_built_once_and_cached() -> None:
    assert registry() is registry()


def test_it_is_not_pints_default_registry() -> None:
    assert "metre" not in registry()
    assert "USD" in registry()


def test_every_iso_currency_and_count_unit_is_its_own_dimension() -> None:
    ureg = registry()
    dims = {str(ureg.Quantity(1, code).dimensionality) for code in currency_codes()}
    dims |= {str(ureg.Quantity(1, unit).dimensionality) for unit in COUNT_UNITS}
    assert len(dims) == len(currency_codes()) + len(COUNT_UNITS)
    assert str(ureg.Quantity(1, "KHR").dimensionality) == "[currency_KHR]"


def test_magnitudes_stay_decimal() -> None:
    q = registry().Quantity(Decimal("0.1"), "USD") * 3
    assert q.magnitude == Decimal("0.3")
    assert isinstance(q.magnitude, Decimal)


@pytest.mark.parametrize(("a", "b"), [("KHR", "USD"), ("person", "office"), ("event", "USD")])
def test_different_dimensions_do_not_add(a: str, b: str) -> None:
    ureg = registry()
    with pytest.raises(pint.DimensionalityError, match=f"Cannot convert from '{a}'"):
        ureg.Quantity(1, a) + ureg.Quantity(1, b)


def test_same_units_add() -> None:
    ureg = registry()
    assert ureg.Quantity(3, "person") + ureg.Quantity(2, "person") == ureg.Quantity(5, "person")


def test_count_units_are_recognised() -> None:
    assert all(is_count_unit(u) for u in COUNT_UNITS)
    assert not is_count_unit("THB")
