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
  ``location``), each its own dimension, and any a user adds with
  :func:`register_unit` (``referral``); :func:`count_units` lists them all.

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

import re
import threading
from typing import TYPE_CHECKING

from commit_mef._caches import built_once
from commit_mef._registry import Registry
from commit_mef.errors import RegistrationError

if TYPE_CHECKING:
    from decimal import Decimal

    import pint

__all__ = [
    "COUNT_UNITS",
    "count_units",
    "currency_codes",
    "is_count_unit",
    "is_currency_unit",
    "register_unit",
    "registry",
    "unregister_unit",
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
"""The package's own count units, one dimension each (:func:`count_units` adds registered ones).

Persons (victims, officials trained), events (trainings, workshops, meetings),
offices (border liaison offices), agreements (MoUs), documents (plans, laws,
reports), cases, groups, databases, languages (a hotline's interpreters) and
locations (hotspot areas watched).
"""

_CURRENCY_DIMENSION_PREFIX = "currency_"
_UNIT_NAME = re.compile(r"[a-z][a-z_]{1,39}")

_BUILTIN_DESCRIPTIONS = {
    "agreement": "agreements (MoUs)",
    "case": "cases",
    "database": "databases",
    "document": "documents (plans, laws, reports)",
    "event": "events (trainings, workshops, meetings)",
    "group": "groups",
    "language": "languages (a hotline's interpreters)",
    "location": "locations (hotspot areas watched)",
    "office": "offices (border liaison offices)",
    "person": "persons (victims, officials trained)",
}
_UNITS: Registry[str] = Registry("count unit", lambda: dict(_BUILTIN_DESCRIPTIONS))
# Held while units are defined in a built pint registry, and while a unit is registered, so a
# unit registered while the registry is being built is defined in it all the same.
_DEFINE_LOCK = threading.RLock()
_BUILT: list[pint.UnitRegistry[Decimal]] = []


def register_unit(name: str, description: str = "", *, replace: bool = False) -> None:
    """Add a count unit, its own dimension, so indicators and observations may count it.

    A new unit never mixes with another: 3 referrals plus 2 persons is still an
    error.  Register at start-up; the registry is shared by the process and safe
    to use from several threads.

    Args:
        name: The unit's singular name in lower case (``"referral"``): letters and
            underscores, 2 to 40 characters, not an ISO 4217 currency code.
        description: What it counts, in words (shown by :func:`count_units`).
        replace: Replace the description of a unit already registered; without
            it, registering a taken name is an error.

    Raises:
        RegistrationError: The name is taken (and ``replace`` is false) or malformed.

    Examples:
        >>> from commit_mef import Indicator, MeasureKind
        >>> register_unit("referral", "referrals of victims to support services")
        >>> Indicator(id="ref", name="Referrals", kind=MeasureKind.COUNT, unit="referral").unit
        'referral'
        >>> registry().Quantity(3, "referral") + registry().Quantity(2, "person")
        Traceback (most recent call last):
        ...
        pint.errors.DimensionalityError: Cannot convert from 'referral' ([referral]) to 'person' ([person])
        >>> unregister_unit("referral")
        'referrals of victims to support services'
    """
    if not isinstance(name, str) or not _UNIT_NAME.fullmatch(name):
        raise RegistrationError(
            f"a count unit is named by a singular word in lower case such as 'referral' "
            f"(letters and underscores, 2 to 40), got {name!r}",
            registry=_UNITS.kind,
            name=str(name),
        )
    if name.upper() in currency_codes():
        raise RegistrationError(
            f"{name!r} reads as the ISO 4217 currency {name.upper()}; choose another name",
            registry=_UNITS.kind,
            name=name,
        )
    if not isinstance(description, str):
        raise RegistrationError(
            f"the description of count unit {name!r} must be a string, "
            f"got {type(description).__name__}",
            registry=_UNITS.kind,
            name=name,
        )
    with _DEFINE_LOCK:
        _UNITS.register(name, description, replace=replace)
        for ureg in _BUILT:  # the pint registry is built already: give it the unit now
            _define(ureg, name)


def unregister_unit(name: str) -> str:
    """Remove a count unit added with :func:`register_unit`; return its description.

    Indicators built with it stay as they are; new ones refuse it.

    Raises:
        RegistrationError: The unit is not registered, or is one of :data:`COUNT_UNITS`.

    Examples:
        >>> unregister_unit("person")
        Traceback (most recent call last):
        ...
        commit_mef.errors.RegistrationError: 'person' is one of the package's own count units and cannot be removed
    """
    from commit_mef._validators import check_type

    check_type(name, str, "unregister_unit()")
    if name in COUNT_UNITS:
        raise RegistrationError(
            f"{name!r} is one of the package's own count units and cannot be removed",
            registry=_UNITS.kind,
            name=name,
        )
    return _UNITS.unregister(name)


def count_units() -> dict[str, str]:
    """Every count unit, the package's and registered ones, with what it counts.

    Examples:
        >>> units = count_units()
        >>> set(COUNT_UNITS) <= set(units), units["office"]
        (True, 'offices (border liaison offices)')
    """
    return _UNITS.entries()


@built_once
def currency_codes() -> frozenset[str]:
    """Every ISO 4217 alphabetic code :mod:`pycountry` knows (loaded on first use).

    Examples:
        >>> {"KHR", "CNY", "LAK", "MMK", "THB", "VND", "USD"} <= currency_codes()
        True
    """
    import pycountry

    return frozenset(record.alpha_3 for record in pycountry.currencies)


@built_once
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
    for name, dimension in names:
        # A base unit defined by reference to its own new dimension; handing pint the
        # definition object skips its text parser, which is most of the build time.
        definition = UnitDefinition(name, None, (), one, UnitsContainer({dimension: 1}))
        ureg.define(definition)  # type: ignore[arg-type]  # pint accepts definition objects
    with _DEFINE_LOCK:
        for unit in _UNITS.names():
            _define(ureg, unit)
        _BUILT.append(ureg)
    return ureg


def _define(ureg: pint.UnitRegistry[Decimal], name: str) -> None:
    """Define the count unit ``name`` in ``ureg`` as its own dimension, once."""
    from decimal import Decimal

    from pint.facets.plain.definitions import ScaleConverter, UnitDefinition
    from pint.util import UnitsContainer

    with _DEFINE_LOCK:
        if name in ureg:
            return
        one = ScaleConverter(Decimal(1))  # type: ignore[arg-type]  # pint's stub says float
        definition = UnitDefinition(name, None, (), one, UnitsContainer({f"[{name}]": 1}))
        ureg.define(definition)  # type: ignore[arg-type]  # pint accepts definition objects


def is_currency_unit(unit: object) -> bool:
    """Whether a pint unit (or its name) is one of the registry's currencies.

    Examples:
        >>> is_currency_unit("THB"), is_currency_unit(registry().person)
        (True, False)
    """
    return str(unit) in currency_codes()


def is_count_unit(unit: object) -> bool:
    """Whether a pint unit (or its name) is a count unit (:func:`count_units`).

    Examples:
        >>> is_count_unit("person"), is_count_unit("USD")
        (True, False)
    """
    return str(unit) in _UNITS
