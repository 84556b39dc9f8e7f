"""The observation value: one reported figure, its country pair and basis, and their converters.

:class:`Observation`, :class:`CountryPair` and :class:`Basis` are re-exported by
:mod:`commit_mef.observations`; the converters of their fields (``to_place``,
``to_period``, ``to_value``, ``to_pairs``, ``to_flags``) also convert the table's
categories.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeAlias

import attrs

from commit_mef._validators import exact_decimal, non_empty_str, reject_unknown, to_enum
from commit_mef.countries import Country, country
from commit_mef.errors import InvalidTypeError, ValidationError
from commit_mef.money import Money
from commit_mef.periods import Period
from commit_mef.sources import QualityFlag, SourceRef

Value: TypeAlias = Decimal | Money | bool | str | None
"""The values an observation may hold (a number, money, yes/no, a text, or ``None`` for unknown)."""


class Basis(enum.Enum):
    """What a value measures relative to its period.

    Attributes:
        POINT: A state during or at the end of the period: a stock (offices
            open), a milestone reached, a level.
        TOTAL: The total over the whole period: a flow (people trained in
            2011-2014, a budget for 2011-2014).
        PER_YEAR: An amount for each year of the period (149 million KHR a
            year over 2011-2014).
        PER_EVENT: An amount for each event (5 officials per training); a rate,
            never summed.
        PER_PERSON: An amount for each person (SAR 2,400 per worker); a rate,
            never summed.

    Examples:
        >>> Basis("per-year")
        <Basis.PER_YEAR: 'per-year'>
    """

    _missing_ = reject_unknown

    POINT = "point"
    TOTAL = "total"
    PER_YEAR = "per-year"
    PER_EVENT = "per-event"
    PER_PERSON = "per-person"


class Bound(enum.Enum):
    """Which way an approximate figure leans: the true value is above or below it.

    Examples:
        >>> Bound("lower")  # "at least 6", "over 1,000": the true value may be higher
        <Bound.LOWER: 'lower'>
    """

    _missing_ = reject_unknown

    #: The figure is a floor ("at least", "over", "more than").
    LOWER = "lower"
    #: The figure is a ceiling ("nearly", "up to", "almost").
    UPPER = "upper"


def _to_bound(value: object) -> Bound | None:
    return None if value is None else to_enum(Bound, value, "Observation.bound")


def _to_country(value: Country | str) -> Country:
    if isinstance(value, Country):
        return value
    if isinstance(value, str):
        return country(value)
    raise InvalidTypeError(
        f"a country must be a Country or a code or name such as 'KHM', got {type(value).__name__}"
    )


def _sort_pair(first: Country, second: Country) -> tuple[Country, Country]:
    return (first, second) if first.alpha_3 <= second.alpha_3 else (second, first)


def _check_pair(inst: CountryPair, _attr: attrs.Attribute[Country], second: Country) -> None:
    if inst.first == second:
        raise ValidationError(
            f"a bilateral fact needs two different countries, got {second.alpha_3} twice; "
            "use a single Country for a national fact",
            path="CountryPair.second",
        )


@attrs.frozen
class CountryPair:
    """Two countries a bilateral fact belongs to (an MoU, a joint operation), in code order.

    The pair is unordered: ``CountryPair("VNM", "KHM") == CountryPair("KHM", "VNM")``;
    it is stored with the alpha-3 codes in alphabetical order.  A bilateral
    observation is counted once, under its pair, never once per country.

    Args:
        first: One country (a :class:`~commit_mef.Country` or a code or name).
        second: The other.

    Raises:
        ValidationError: both are the same country.

    Examples:
        >>> pair = CountryPair("Viet Nam", "KHM")
        >>> pair.first.alpha_3, pair.second.alpha_3, str(pair)
        ('KHM', 'VNM', 'Cambodia-Viet Nam')
        >>> CountryPair("KHM", "Cambodia")
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: CountryPair.second: a bilateral fact needs two different countries, got KHM twice; use a single Country for a national fact
    """

    first: Country = attrs.field(converter=_to_country)
    second: Country = attrs.field(converter=_to_country, validator=_check_pair)

    def __attrs_post_init__(self) -> None:
        first, second = _sort_pair(self.first, self.second)
        object.__setattr__(self, "first", first)
        object.__setattr__(self, "second", second)

    @property
    def countries(self) -> tuple[Country, Country]:
        """Both countries, in code order.

        Examples:
            >>> [c.alpha_3 for c in CountryPair("THA", "LAO").countries]
            ['LAO', 'THA']
        """
        return (self.first, self.second)

    @property
    def code(self) -> str:
        """The two alpha-3 codes joined by ``+`` (``"KHM+VNM"``), as exported in columns.

        Examples:
            >>> CountryPair("VNM", "KHM").code
            'KHM+VNM'
        """
        return f"{self.first.alpha_3}+{self.second.alpha_3}"

    def __str__(self) -> str:
        return f"{self.first.name}-{self.second.name}"


Place: TypeAlias = Country | CountryPair


def to_place(value: object) -> Place:
    """A country or pair from a code, name, ``"KHM+VNM"`` or two countries."""
    if isinstance(value, (Country, CountryPair)):
        return value
    if isinstance(value, str):
        if "+" in value:
            a, b = value.split("+", 1)
            return CountryPair(a.strip(), b.strip())
        return country(value)
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return CountryPair(value[0], value[1])
    raise InvalidTypeError(
        "Observation.country must be a Country, a code or name such as 'KHM', a CountryPair, "
        f"or a pair of countries such as ('KHM', 'VNM'), got {type(value).__name__} {value!r}"
    )


def to_period(value: object) -> Period | None:
    """A period from a year, a text or a Period; ``None`` stays ``None``."""
    return None if value is None else Period.coerce(value, field="Observation.period")


def to_value(value: object) -> Value:
    """An observation value, exact (a float is refused)."""
    if value is None or isinstance(value, (bool, Decimal, Money, str)):
        if isinstance(value, Decimal):
            return exact_decimal(value, field="Observation.value")
        return value
    if isinstance(value, (int, float)):
        return exact_decimal(value, field="Observation.value")
    raise InvalidTypeError(
        "Observation.value must be a Decimal, an int, Money, a bool, a str (a qualitative value) "
        f"or None (unknown), got {type(value).__name__} {value!r}"
    )


def to_pairs(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Sorted ``(name, value)`` string pairs from a mapping or pairs, each name once."""
    items = list(value.items()) if isinstance(value, Mapping) else list(value)
    seen: set[str] = set()
    for item in items:
        if not (isinstance(item, tuple) and len(item) == 2):
            raise InvalidTypeError(f"expected (name, value) pairs of strings, got {item!r}")
        key, val = item
        if not isinstance(key, str) or not isinstance(val, str):
            raise InvalidTypeError(
                f"names and values must be strings, got {type(key).__name__} {key!r}: "
                f"{type(val).__name__} {val!r}"
            )
        if key in seen:
            raise ValidationError(f"{key!r} is given twice; give each name once", path=key)
        seen.add(key)
    return tuple(sorted(items))


def to_flags(value: Iterable[QualityFlag]) -> tuple[QualityFlag, ...]:
    """A tuple of quality flags (anything else is refused)."""
    flags = tuple(value)
    for i, flag in enumerate(flags):
        if not isinstance(flag, QualityFlag):
            raise InvalidTypeError(f"Observation.flags[{i}] must be a QualityFlag, got {flag!r}")
    return flags


def _optional_str(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        non_empty_str(inst, attr, value)


def _check_money(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Money):
        raise InvalidTypeError(
            f"Observation.{attr.name} must be Money or None, got {type(value).__name__} {value!r}"
        )


def _to_basis(value: object) -> Basis:
    return to_enum(Basis, value, "Observation.basis")


@attrs.frozen(kw_only=True)
class Observation:
    """One reported figure.

    Attributes:
        indicator: The id of the indicator it observes.
        country: The country it belongs to, or a :class:`CountryPair` for a
            bilateral fact.  A code or name (``"KHM"``, ``"Viet Nam"``), a
            pair such as ``("KHM", "VNM")`` or ``"KHM+VNM"`` is converted.
        period: The period it covers; ``None`` when the source gives none.
            A year (``2014``) or text (``"2011-2014"``) is converted.
        value: A :class:`~decimal.Decimal` (an ``int`` is converted; a float is
            refused as inexact), :class:`~commit_mef.Money`, a ``bool`` (a
            milestone), a ``str`` (a qualitative value) or ``None`` (unknown).
        unit: The count unit (``"person"``) for counts; ``None`` for money
            (its currency is the unit), milestones and texts.
        basis: What the value measures relative to the period.
        disaggregation: The categories it is broken down by, as sorted
            ``(dimension, code)`` pairs; a mapping is converted.
        id: A stable identifier, unique within a data set.
        source: Where it comes from.
        flags: Known quality problems.
        subset_of: The id of an observation this one is part of (so adding
            both double counts).
        same_as: The id of an observation that reports the same fact (the
            other partner's report of one agreement, the same figure in two
            areas): when both are present, a result counts the fact once.
        stated: The equivalent the source states (a US$ figure beside a local
            amount), to check against reference rates.
        recipient: Who receives the money (a ministry), for budgets.
        approximate: Whether the source gives it as approximate ("about").
        bound: For a figure given as a floor ("at least", "over") or a ceiling
            ("nearly", "up to"), which: :class:`Bound`; results that include it
            say so.
        as_written: The figure as the source writes it.
        details: Further facts as sorted ``(name, text)`` pairs.

    Raises:
        TypeError: a field of the wrong type (a float value among them).
        ValidationError: an impossible combination, named with its field.

    Examples:
        >>> from commit_mef.money import Money
        >>> budget = Observation(
        ...     id="KHM.1.budget.mowa",
        ...     indicator="budget.allocation",
        ...     country="KHM",
        ...     period="2011-2014",
        ...     basis="per-year",
        ...     value=Money("149000000", "KHR"),
        ...     recipient="Ministry of Women's Affairs",
        ... )
        >>> budget.currency, budget.magnitude, budget.basis
        ('KHR', Decimal('149000000'), <Basis.PER_YEAR: 'per-year'>)
        >>> Observation(indicator="x", country="KHM", period=2014, value=1.5)
        Traceback (most recent call last):
        ...
        commit_mef.errors.InvalidTypeError: Observation.value got the float 1.5; floats are inexact: pass a str or a Decimal such as Decimal('1.5')
    """

    indicator: str = attrs.field(validator=non_empty_str)
    country: Place = attrs.field(converter=to_place)
    period: Period | None = attrs.field(default=None, converter=to_period)
    value: Value = attrs.field(default=None, converter=to_value)
    unit: str | None = attrs.field(default=None, validator=_optional_str)
    basis: Basis = attrs.field(default=Basis.TOTAL, converter=_to_basis)
    disaggregation: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=to_pairs)
    id: str | None = attrs.field(default=None, validator=_optional_str)
    source: SourceRef | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(SourceRef))
    )
    flags: tuple[QualityFlag, ...] = attrs.field(default=(), converter=to_flags)
    subset_of: str | None = attrs.field(default=None, validator=_optional_str)
    same_as: str | None = attrs.field(default=None, validator=_optional_str)
    stated: Money | None = attrs.field(default=None, validator=_check_money)
    recipient: str | None = attrs.field(default=None, validator=_optional_str)
    approximate: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    bound: Bound | None = attrs.field(default=None, converter=_to_bound)
    as_written: str | None = attrs.field(default=None, validator=_optional_str)
    details: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=to_pairs)

    def __attrs_post_init__(self) -> None:
        if isinstance(self.value, Money) and self.unit not in (None, self.value.currency.code):
            raise ValidationError(
                f"a money value in {self.value.currency.code} has its currency as unit, not "
                f"{self.unit!r}; leave the unit out",
                path="Observation.unit",
                hint="drop unit=...",
            )
        if self.subset_of is not None and self.subset_of == self.id:
            raise ValidationError(
                f"observation {self.id!r} cannot be a subset of itself; name the observation it "
                "is part of",
                path="Observation.subset_of",
            )
        if self.same_as is not None and self.same_as == self.id:
            raise ValidationError(
                f"observation {self.id!r} cannot be the same fact as itself; name the other "
                "report of the fact",
                path="Observation.same_as",
            )

    @property
    def countries(self) -> tuple[Country, ...]:
        """The one country, or both countries of a bilateral fact.

        Examples:
            >>> o = Observation(indicator="agreement.signed", country=("VNM", "KHM"), value=True)
            >>> [c.alpha_3 for c in o.countries], o.is_bilateral
            (['KHM', 'VNM'], True)
        """
        if isinstance(self.country, CountryPair):
            return self.country.countries
        return (self.country,)

    @property
    def is_bilateral(self) -> bool:
        """Whether the observation belongs to a pair of countries.

        Examples:
            >>> Observation(indicator="npa.adopted", country="KHM", value=True).is_bilateral
            False
        """
        return isinstance(self.country, CountryPair)

    @property
    def currency(self) -> str | None:
        """The ISO 4217 code of a money value, else ``None``.

        Examples:
            >>> Observation(indicator="x", country="THA", value=Money("5", "THB")).currency
            'THB'
        """
        return self.value.currency.code if isinstance(self.value, Money) else None

    @property
    def magnitude(self) -> Decimal | None:
        """The number of a numeric or money value, else ``None``.

        Examples:
            >>> Observation(indicator="x", country="THA", value=7).magnitude
            Decimal('7')
        """
        if isinstance(self.value, Money):
            return self.value.amount
        if isinstance(self.value, Decimal):
            return self.value
        return None

    def dimension(self, name: str) -> str | None:
        """The code of disaggregation dimension ``name``, or ``None`` if not broken down by it.

        Examples:
            >>> o = Observation(indicator="x", country="KHM", value=3, disaggregation={"sex": "female"})
            >>> o.dimension("sex"), o.dimension("age")
            ('female', None)
        """
        for key, code in self.disaggregation:
            if key == name:
                return code
        return None
