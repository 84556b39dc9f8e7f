"""Indicator: what is measured, in which unit, and the checks that refuse impossible ones."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from commit_mef._validators import exact_decimal, non_empty_str, str_tuple, to_enum
from commit_mef.errors import InvalidTypeError, NotFoundError, ValidationError
from commit_mef.indicators._dimensions import Dimension
from commit_mef.indicators._rules import (
    AggregationRule,
    CountryAggregation,
    Direction,
    MeasureKind,
    _to_rule,
)
from commit_mef.units import count_units, is_count_unit

__all__ = ["Indicator"]


_ID = re.compile(r"^[^\s]+$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _check_id(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    non_empty_str(inst, attr, value)
    if not _ID.match(str(value)):
        raise ValidationError(
            f"id {value!r} contains white space; use a compact id such as 'officials-trained'",
            path=f"{type(inst).__name__}.{attr.name}",
        )


def _to_dimensions(value: Iterable[Dimension]) -> tuple[Dimension, ...]:
    if isinstance(value, Dimension):
        return (value,)
    return tuple(value)


def _to_factor(value: object) -> Decimal | None:
    return None if value is None else exact_decimal(value, field="Indicator.factor")


def _to_scale(value: Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        raise InvalidTypeError(
            f"Indicator.scale must be a tuple of level names, not the string {value!r}"
        )
    return tuple(value)


def _check_optional_id(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_id(inst, attr, value)


def _canonical_currency(code: str) -> tuple[str | None, str | None]:
    """The ISO 4217 code ``code`` names and ``None``, or ``None`` and why it names none."""
    try:
        currency = importlib.import_module("commit_mef.money").currency
    except ImportError:  # pragma: no cover - money.py not installed
        if _CURRENCY.match(code):
            return code, None
        return None, f"{code!r} is not an ISO 4217 code; write three letters such as 'USD'"
    try:
        return str(currency(code).code), None
    except LookupError as exc:
        return None, str(exc)


def _str_tuple_items(owner: str, name: str, values: tuple[str, ...]) -> None:
    for i, item in enumerate(values):
        if not isinstance(item, str) or not item.strip():
            raise ValidationError(
                f"item {item!r} must be a non-empty string", path=f"{owner}.{name}[{i}]"
            )


def _check_version(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"Indicator.version must be a string such as '2016', got {type(value).__name__} "
            f"{value!r}"
        )


def _to_kind(value: object) -> MeasureKind:
    return to_enum(MeasureKind, value, "Indicator.kind")


def _to_direction(value: object) -> Direction:
    return to_enum(Direction, value, "Indicator.direction")


@attrs.frozen(kw_only=True)
class Indicator:
    """A measure of progress, with its unit and its aggregation rule.

    Attributes:
        id: Unique, compact identifier (``"officials-trained"``).
        name: Display name.
        kind: The kind of measure.
        unit: For ``COUNT`` a count unit (:func:`~commit_mef.units.count_units`); for ``MONEY`` an
            ISO 4217 code or ``"currency"`` (any currency, each kept apart);
            for ``PERCENTAGE`` ``None`` or ``"percent"``; for ``RATIO`` the
            count unit of the numerator or ``None``; ``None`` otherwise.
        direction: Which way is progress.
        rule: How values combine; by default :meth:`AggregationRule.default_for`
            the kind, or a weighted mean across countries where a percentage
            or ratio names its numerator and denominator.  A tuple such as
            ``("last", "sum")`` is read as an :class:`AggregationRule`.
        definition: What exactly is counted, and how.
        dimensions: Disaggregation dimensions, each id once.
        means_of_verification: Where the values come from (logframe column).
        references: External indicators this one matches (``"SDG 16.2.2"``).
        factor: For ``RATIO``: the population base, such as 100000.
        scale: For ``ORDINAL``: the level names, lowest first.
        numerator: Id of the indicator that gives a percentage's or ratio's
            numerator (for a weighted mean across countries).
        denominator: Id of the indicator that gives its denominator.
        version: The version of its definition (``"2016"``, ``"v2"``), empty
            where not versioned.  Two indicators measure the same thing when
            :meth:`same_definition` says so, although ``==`` also compares the
            name, the means of verification and the references.

    Raises:
        ValidationError: an impossible combination; the message names the
            field and the fix.
        TypeError: a field of the wrong type.

    Examples:
        >>> rate = Indicator(
        ...     id="victims-per-100k",
        ...     name="Detected victims per 100,000 population",
        ...     kind=MeasureKind.RATIO,
        ...     unit="person",
        ...     factor=100000,
        ...     references=("SDG 16.2.2",),
        ... )
        >>> rate.factor, rate.rule.across_countries
        (Decimal('100000'), <CountryAggregation.NONE: 'none'>)
        >>> Indicator(id="r", name="Rate", kind="ratio")
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: Indicator.factor: ratio indicator 'r' needs a factor, such as factor=100000 for 'per 100,000 population'
    """

    id: str = attrs.field(validator=_check_id)
    name: str = attrs.field(validator=non_empty_str)
    kind: MeasureKind = attrs.field(converter=_to_kind)
    unit: str | None = None
    direction: Direction = attrs.field(default=Direction.INCREASE, converter=_to_direction)
    rule: AggregationRule = attrs.field(default=None, converter=_to_rule)
    definition: str = ""
    dimensions: tuple[Dimension, ...] = attrs.field(default=(), converter=_to_dimensions)
    means_of_verification: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    references: tuple[str, ...] = attrs.field(default=(), converter=str_tuple)
    factor: Decimal | None = attrs.field(default=None, converter=_to_factor)
    scale: tuple[str, ...] | None = attrs.field(default=None, converter=_to_scale)
    numerator: str | None = attrs.field(default=None, validator=_check_optional_id)
    denominator: str | None = attrs.field(default=None, validator=_check_optional_id)
    version: str = attrs.field(default="", validator=_check_version)

    def __attrs_post_init__(self) -> None:
        given: object = self.rule
        if given is None:
            weighted = self.numerator is not None and self.denominator is not None
            rule = AggregationRule.default_for(self.kind)
            if weighted and self.kind in (MeasureKind.PERCENTAGE, MeasureKind.RATIO):
                rule = AggregationRule(rule.over_time, CountryAggregation.WEIGHTED_MEAN)
            object.__setattr__(self, "rule", rule)
        elif not isinstance(given, AggregationRule):
            raise InvalidTypeError(
                f"Indicator.rule must be an AggregationRule or a tuple such as ('last', 'sum'), "
                f"got {type(given).__name__} {given!r}"
            )
        self._check_unit()
        self._check_rule()
        self._check_extras()

    # -- construction checks ------------------------------------------------------------
    def _fail(self, field: str, message: str) -> ValidationError:
        return ValidationError(
            f"{self.kind.value} indicator {self.id!r} {message}", path=f"Indicator.{field}"
        )

    def _check_unit(self) -> None:
        kind, unit = self.kind, self.unit
        if unit is not None and not isinstance(unit, str):
            raise InvalidTypeError(
                f"Indicator.unit must be a string or None, got {type(unit).__name__}"
            )
        if kind is MeasureKind.COUNT:
            if unit is None or not is_count_unit(unit):
                raise self._fail(
                    "unit",
                    f"needs a count unit, not {unit!r}; use one of {', '.join(count_units())}, "
                    "or add yours with commit_mef.units.register_unit()",
                )
        elif kind is MeasureKind.MONEY:
            if unit is None:
                raise self._fail(
                    "unit", "needs a currency: an ISO 4217 code such as 'USD', or 'currency'"
                )
            if unit != "currency":
                code, problem = _canonical_currency(unit)
                object.__setattr__(self, "unit", code)
                if problem is not None:
                    raise self._fail(
                        "unit", f"needs a currency: {problem} (or 'currency' for any currency)"
                    )
        elif kind is MeasureKind.PERCENTAGE:
            if unit not in (None, "percent"):
                raise self._fail("unit", f"takes the unit 'percent' (or None), not {unit!r}")
        elif kind is MeasureKind.RATIO:
            if unit is not None and not is_count_unit(unit):
                raise self._fail(
                    "unit",
                    f"takes as unit what its numerator counts ({', '.join(count_units())}) "
                    f"or is None, not {unit!r}",
                )
        elif unit is not None:
            raise self._fail("unit", f"takes no unit; drop unit={unit!r}")

    def _check_rule(self) -> None:
        over_time, across = AggregationRule.allowed_for(self.kind)
        if self.rule.over_time not in over_time:
            raise self._fail(
                "rule",
                f"cannot be aggregated over time by {self.rule.over_time.value!r}; "
                f"use one of {', '.join(repr(a.value) for a in over_time)}",
            )
        if self.rule.across_countries not in across:
            raise self._fail(
                "rule",
                f"cannot be aggregated across countries by "
                f"{self.rule.across_countries.value!r}; "
                f"use one of {', '.join(repr(a.value) for a in across)}",
            )
        if self.rule.across_countries is CountryAggregation.WEIGHTED_MEAN and (
            self.numerator is None or self.denominator is None
        ):
            raise self._fail(
                "rule",
                "is averaged across countries, which needs the ids of its numerator and "
                "denominator indicators; pass numerator=... and denominator=...",
            )

    def _check_extras(self) -> None:
        kind = self.kind
        if kind is MeasureKind.RATIO:
            if self.factor is None:
                raise self._fail(
                    "factor",
                    "needs a factor, such as factor=100000 for 'per 100,000 population'",
                )
            if self.factor <= 0:
                raise self._fail("factor", f"needs a positive factor, not {self.factor}")
        elif self.factor is not None:
            raise self._fail("factor", "takes no factor (only ratios do); drop factor=...")
        self._check_scale()
        self._check_lists()

    def _check_scale(self) -> None:
        if self.kind is MeasureKind.ORDINAL:
            if self.scale is None or len(self.scale) < 2:
                raise self._fail(
                    "scale",
                    "needs a scale of at least two level names, lowest first, such as "
                    "scale=('none', 'drafted', 'adopted')",
                )
            _str_tuple_items("Indicator", "scale", self.scale)
            if len(set(self.scale)) != len(self.scale):
                raise self._fail("scale", "names a level twice in its scale; name each once")
        elif self.scale is not None:
            raise self._fail("scale", "takes no scale (only ordinal ones do); drop scale=...")

    def _check_lists(self) -> None:
        kind = self.kind
        if (self.numerator is None) != (self.denominator is None):
            raise self._fail("numerator", "needs both numerator and denominator, or neither")
        if self.numerator is not None and kind not in (MeasureKind.PERCENTAGE, MeasureKind.RATIO):
            raise self._fail(
                "numerator", "takes no numerator or denominator (only percentages and ratios)"
            )
        _str_tuple_items("Indicator", "means_of_verification", self.means_of_verification)
        _str_tuple_items("Indicator", "references", self.references)
        seen: set[str] = set()
        for i, dim in enumerate(self.dimensions):
            if not isinstance(dim, Dimension):
                raise InvalidTypeError(
                    f"Indicator.dimensions[{i}] must be a Dimension, got {type(dim).__name__}"
                )
            if dim.id in seen:
                raise ValidationError(
                    f"dimension {dim.id!r} is listed twice; list each dimension once",
                    path=f"Indicator.dimensions[{i}]",
                )
            seen.add(dim.id)

    # -- queries ------------------------------------------------------------------------
    def same_definition(self, other: Indicator) -> bool:
        """Whether ``other`` is the same definition: what is measured and how, not how it is named.

        Equal are the id, the version, the kind, unit, direction, rule, factor,
        scale, numerator, denominator and the dimensions (by id and codes);
        the definition text too when neither carries a version (a version
        decides that rewordings are the same definition).  The name, the means
        of verification and the references may differ: a new plan that renames
        "National plan of action against trafficking adopted" to "NPA adopted"
        or adds a means of verification still measures the same thing, though
        the two objects are not ``==``.

        Raises:
            TypeError: ``other`` is not an :class:`Indicator`.

        Examples:
            >>> old = Indicator(id="npa.adopted", name="National plan of action adopted",
            ...                 kind="milestone", version="2011")
            >>> new = Indicator(id="npa.adopted", name="NPA adopted", kind="milestone",
            ...                 version="2011", means_of_verification=("COMMIT SOM report",))
            >>> old == new, old.same_definition(new)
            (False, True)
            >>> old.same_definition(attrs.evolve(new, version="2019"))
            False
        """
        if not isinstance(other, Indicator):
            raise InvalidTypeError(
                f"same_definition() takes an Indicator, got {type(other).__name__} {other!r}"
            )
        return _definition_key(self) == _definition_key(other)

    def dimension(self, id_: str) -> Dimension:
        """The dimension with the id ``id_``.

        Raises:
            LookupError: the indicator has no such dimension.

        Examples:
            >>> from commit_mef.indicators import SEX
            >>> ind = Indicator(id="t", name="Trained", kind="count", unit="person", dimensions=(SEX,))
            >>> ind.dimension("sex").codes[:2]
            ('female', 'male')
        """
        for dim in self.dimensions:
            if dim.id == id_:
                return dim
        known = ", ".join(d.id for d in self.dimensions) or "none"
        raise NotFoundError(
            f"indicator {self.id!r} has no dimension {id_!r} (it has: {known})",
            what="dimension",
            key=id_,
            available=(d.id for d in self.dimensions),
        )

    @property
    def is_numeric(self) -> bool:
        """Whether values are numbers (count, money, percentage, ratio).

        Examples:
            >>> Indicator(id="law", name="Law enacted", kind="milestone").is_numeric
            False
        """
        return self.kind in _NUMERIC

    @property
    def any_currency(self) -> bool:
        """Whether a money indicator takes any currency (``unit == "currency"``).

        Examples:
            >>> Indicator(id="b", name="Budget", kind="money", unit="currency").any_currency
            True
        """
        return self.kind is MeasureKind.MONEY and self.unit == "currency"


def _definition_key(ind: Indicator) -> tuple[object, ...]:
    dims = tuple((d.id, tuple(d.codes)) for d in ind.dimensions)
    text = ind.definition.strip() if not ind.version else ""
    return (
        ind.id,
        ind.version,
        ind.kind,
        ind.unit,
        ind.direction,
        ind.rule,
        ind.factor,
        ind.scale,
        ind.numerator,
        ind.denominator,
        dims,
        text,
    )


_NUMERIC = frozenset(
    (MeasureKind.COUNT, MeasureKind.MONEY, MeasureKind.PERCENTAGE, MeasureKind.RATIO)
)
