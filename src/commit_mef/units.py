"""The package's one pint registry: a dimension per ISO 4217 currency, and count units.

The registry is small on purpose.  It is not pint's default registry (metres,
joules and some thousand other units that take a noticeable fraction of a
second to parse): it holds only what COMMIT measures, each in its own
dimension, so that adding riel to dollars or persons to offices is an error
rather than a silent sum:

* every ISO 4217 currency that :mod:`pycountry` knows (``KHR``, ``USD``...), its
  dimension named ``[currency_KHR]``;
* the count units :data:`COUNT_UNITS` (``person``, ``event``, ``office``,
  ``agreement``, ``document``, ``case``, ``group``, ``database``, ``language``,
  ``location``), each its own dimension.

Magnitudes are :class:`~decimal.Decimal` (``non_int_type=Decimal``).  The
registry is built on the first call of :func:`registry` (a few milliseconds:
definitions are handed to pint as objects, not as text to parse) and cached.

Examples:
    >>> from decimal import Decimal
    >>> from commit_mef.units import registry
    >>> ureg = registry()
    >>> budget = ureg.Quantity(Decimal("149000000"), "KHR")
    >>> str(budget + budget)
    '298000000 KHR'
    >>> budget + ureg.Quantity(Decimal("37000"), "USD")
    Traceback (most recent call last):
    ...
    pint.errors.DimensionalityError: Cannot convert from 'KHR' ([currency_KHR]) to 'USD' ([currency_USD])
    >>> ureg.Quantity(3, "person") + ureg.Quantity(2, "office")
    Traceback (most recent call last):
    ...
    pint.errors.DimensionalityError: Cannot convert from 'person' ([person]) to 'office' ([office])
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal

    import pint

__all__ = [
    "COUNT_UNITS",
    "currency_codes",
    "is_count_unit",
    "is_currency_unit",
    "registry",
]

COUNT_UNITS: tuple[str, ...] = (
    "agreement",
    "case",
    "database",
    "document",
    "event",
    "group",
    "language",
    "location",
    "office",
    "person",
)
"""The count units, one dimension each.

Persons (victims, officials trained), events (trainings, workshops, meetings),
offices (border liaison offices), agreements (MoUs), documents (plans, laws,
reports), cases, groups, databases, languages (a hotline's interpreters) and
locations (hotspot areas watched).
"""

_CURRENCY_DIMENSION_PREFIX = "currency_"


@functools.cache
def currency_codes() -> frozenset[str]:
    """Every ISO 4217 alphabetic code :mod:`pycountry` knows (loaded on first use).

    Examples:
        >>> {"KHR", "CNY", "LAK", "MMK", "THB", "VND", "USD"} <= currency_codes()
        True
    """
    import pycountry

    return frozenset(record.alpha_3 for record in pycountry.currencies)


@functools.cache
def registry() -> pint.UnitRegistry[Decimal]:
    """The package's pint registry, built on first call and cached.

    Returns:
        A :class:`pint.UnitRegistry` with :class:`~decimal.Decimal` magnitudes,
        one base unit and dimension per ISO 4217 currency and per count unit.

    Examples:
        >>> registry() is registry()
        True
        >>> q = registry().Quantity(5, "event")
        >>> str(q.dimensionality)
        '[event]'
    """
    from decimal import Decimal

    import pint
    from pint.facets.plain.definitions import ScaleConverter, UnitDefinition
    from pint.util import UnitsContainer

    ureg: pint.UnitRegistry[Decimal] = pint.UnitRegistry(
        None, non_int_type=Decimal, cache_folder=None
    )
    one = ScaleConverter(Decimal(1))  # type: ignore[arg-type]  # pint's stub says float
    names = [(code, f"[{_CURRENCY_DIMENSION_PREFIX}{code}]") for code in sorted(currency_codes())]
    names += [(unit, f"[{unit}]") for unit in COUNT_UNITS]
    for name, dimension in names:
        # A base unit defined by reference to its own new dimension; handing pint the
        # definition object skips its text parser, which is most of the build time.
        definition = UnitDefinition(name, None, (), one, UnitsContainer({dimension: 1}))
        ureg.define(definition)  # type: ignore[arg-type]  # pint accepts definition objects
    return ureg


def is_currency_unit(unit: object) -> bool:
    """Whether a pint unit (or its name) is one of the registry's currencies.

    Examples:
        >>> is_currency_unit("THB"), is_currency_unit(registry().person)
        (True, False)
    """
    return str(unit) in currency_codes()


def is_count_unit(unit: object) -> bool:
    """Whether a pint unit (or its name) is one of :data:`COUNT_UNITS`.

    Examples:
        >>> is_count_unit("person"), is_count_unit("USD")
        (True, False)
    """
    return str(unit) in COUNT_UNITS
