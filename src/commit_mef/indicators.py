"""Indicators: what is measured, in which unit, and how it may be aggregated.

An :class:`Indicator` says what kind of measure it is (:class:`MeasureKind`),
in which unit, which way is better (:class:`Direction`), and how its values
combine (:class:`AggregationRule`) over time (:class:`TimeAggregation`) and
across countries (:class:`CountryAggregation`).  Construction refuses every
combination that cannot make sense: a milestone summed over years, a
percentage summed across countries, a ratio without its factor, a
qualitative indicator aggregated at all.

Disaggregation dimensions (:class:`Dimension`) carry their code lists; the
standard ones are :data:`SEX`, :data:`AGE_BAND`, :data:`FORM_OF_EXPLOITATION`
and :data:`NATIONALITY`.

Examples:
    >>> from commit_mef.indicators import Indicator, MeasureKind, SEX
    >>> trained = Indicator(
    ...     id="officials-trained",
    ...     name="Law-enforcement officials trained",
    ...     kind=MeasureKind.COUNT,
    ...     unit="person",
    ...     dimensions=(SEX,),
    ... )
    >>> trained.rule
    AggregationRule(over_time=<TimeAggregation.SUM: 'sum'>, across_countries=<CountryAggregation.SUM: 'sum'>, cumulative=False)
    >>> Indicator(id="npa", name="NPA adopted", kind="milestone", rule=("sum", "none"))
    Traceback (most recent call last):
    ...
    commit_mef.errors.ValidationError: Indicator.rule: milestone indicator 'npa' cannot be aggregated over time by 'sum'; use one of 'any', 'all', 'last', 'none'
"""

from __future__ import annotations

import enum
import importlib
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

import attrs

from commit_mef._validators import exact_decimal, non_empty_str, str_tuple, to_enum
from commit_mef.errors import ValidationError
from commit_mef.units import COUNT_UNITS

__all__ = [
    "AGE_BAND",
    "COUNT_UNITS",
    "FORM_OF_EXPLOITATION",
    "NATIONALITY",
    "SEX",
    "STANDARD_DIMENSIONS",
    "AggregationRule",
    "CountryAggregation",
    "Dimension",
    "Direction",
    "Indicator",
    "MeasureKind",
    "TimeAggregation",
]


class MeasureKind(enum.Enum):
    """What kind of quantity an indicator measures.

    * ``COUNT``: a number of persons, events, offices... (unit: a count unit).
    * ``MONEY``: an amount of money (unit: an ISO 4217 code, or ``"currency"``).
    * ``PERCENTAGE``: a share between 0 and 100.
    * ``RATIO``: a rate with a factor, such as victims per 100,000 population.
    * ``MILESTONE``: yes/no, reached by a date (a law enacted, an MoU signed).
    * ``ORDINAL``: a level on a named, ordered scale.
    * ``QUALITATIVE``: a narrative; never aggregated.

    Examples:
        >>> MeasureKind("percentage")
        <MeasureKind.PERCENTAGE: 'percentage'>
    """

    COUNT = "count"
    MONEY = "money"
    PERCENTAGE = "percentage"
    RATIO = "ratio"
    MILESTONE = "milestone"
    ORDINAL = "ordinal"
    QUALITATIVE = "qualitative"


class Direction(enum.Enum):
    """Which way is progress (IATI's ``ascending`` flag, with a third value).

    Examples:
        >>> Direction("decrease")
        <Direction.DECREASE: 'decrease'>
    """

    INCREASE = "increase"
    DECREASE = "decrease"
    MAINTAIN = "maintain"


class TimeAggregation(enum.Enum):
    """How the values of successive periods combine into one.

    * ``SUM``: flows (people trained per year add up).
    * ``LAST``: stocks (offices in operation: the latest value counts).
    * ``MAX``: the highest value reached (stocks, ordinal levels).
    * ``ANY`` / ``ALL``: milestones (reached in any period / in every period).
    * ``NONE``: values of different periods must not be combined.

    Examples:
        >>> TimeAggregation("last")
        <TimeAggregation.LAST: 'last'>
    """

    SUM = "sum"
    LAST = "last"
    MAX = "max"
    ANY = "any"
    ALL = "all"
    NONE = "none"


class CountryAggregation(enum.Enum):
    """How the values of several countries combine into a regional one.

    * ``SUM``: counts and money (money after conversion to one currency).
    * ``COUNT_ACHIEVED``: the number of countries that reached their target.
    * ``WEIGHTED_MEAN``: percentages and ratios, recomputed from the sums of
      their numerator and denominator indicators (never a mean of means).
    * ``NONE``: not aggregatable across countries.

    Examples:
        >>> CountryAggregation("count_achieved")
        <CountryAggregation.COUNT_ACHIEVED: 'count_achieved'>
    """

    SUM = "sum"
    COUNT_ACHIEVED = "count_achieved"
    WEIGHTED_MEAN = "weighted_mean"
    NONE = "none"


_T, _C = TimeAggregation, CountryAggregation
_K = MeasureKind

#: Which aggregations over time each kind allows (the first is the default).
_TIME_ALLOWED: dict[MeasureKind, tuple[TimeAggregation, ...]] = {
    _K.COUNT: (_T.SUM, _T.LAST, _T.MAX, _T.NONE),
    _K.MONEY: (_T.SUM, _T.LAST, _T.MAX, _T.NONE),
    _K.PERCENTAGE: (_T.LAST, _T.MAX, _T.NONE),
    _K.RATIO: (_T.LAST, _T.MAX, _T.NONE),
    _K.MILESTONE: (_T.ANY, _T.ALL, _T.LAST, _T.NONE),
    _K.ORDINAL: (_T.LAST, _T.MAX, _T.NONE),
    _K.QUALITATIVE: (_T.NONE,),
}

#: Which aggregations across countries each kind allows (the first is the default).
_COUNTRY_ALLOWED: dict[MeasureKind, tuple[CountryAggregation, ...]] = {
    _K.COUNT: (_C.SUM, _C.COUNT_ACHIEVED, _C.NONE),
    _K.MONEY: (_C.SUM, _C.COUNT_ACHIEVED, _C.NONE),
    _K.PERCENTAGE: (_C.NONE, _C.WEIGHTED_MEAN, _C.COUNT_ACHIEVED),
    _K.RATIO: (_C.NONE, _C.WEIGHTED_MEAN, _C.COUNT_ACHIEVED),
    _K.MILESTONE: (_C.COUNT_ACHIEVED, _C.NONE),
    _K.ORDINAL: (_C.NONE, _C.COUNT_ACHIEVED),
    _K.QUALITATIVE: (_C.NONE,),
}


def _check_cumulative(inst: AggregationRule, _attr: attrs.Attribute[bool], value: bool) -> None:
    if not isinstance(value, bool):
        raise TypeError(
            f"AggregationRule.cumulative must be a bool, got {type(value).__name__} {value!r}"
        )
    if value and inst.over_time is not TimeAggregation.SUM:
        raise ValidationError(
            f"a cumulative target adds up flows since the baseline, so it needs over_time='sum', "
            f"not {inst.over_time.value!r}; drop cumulative=True or aggregate by 'sum'",
            path="AggregationRule.cumulative",
        )


def _to_over_time(value: object) -> TimeAggregation:
    return to_enum(TimeAggregation, value, "AggregationRule.over_time")


def _to_across(value: object) -> CountryAggregation:
    return to_enum(CountryAggregation, value, "AggregationRule.across_countries")


@attrs.frozen
class AggregationRule:
    """How an indicator's values combine, per axis: over time and across countries.

    Args:
        over_time: How values of successive periods combine.
        across_countries: How values of several countries combine.
        cumulative: Whether a target counts the running total since the
            baseline (a flow summed over the whole plan) rather than a value
            per reporting period.  Only with ``over_time=SUM``.

    Raises:
        ValidationError: ``cumulative`` without ``over_time=SUM``.

    Examples:
        >>> AggregationRule("last", "sum").over_time
        <TimeAggregation.LAST: 'last'>
        >>> AggregationRule("last", "sum", cumulative=True)
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: AggregationRule.cumulative: a cumulative target adds up flows since the baseline, so it needs over_time='sum', not 'last'; drop cumulative=True or aggregate by 'sum'
    """

    over_time: TimeAggregation = attrs.field(converter=_to_over_time)
    across_countries: CountryAggregation = attrs.field(converter=_to_across)
    cumulative: bool = attrs.field(default=False, validator=_check_cumulative)

    @classmethod
    def default_for(cls, kind: MeasureKind | str) -> AggregationRule:
        """The usual rule for a kind of measure.

        Counts and money are flows (summed over time and across countries);
        percentages and ratios keep their last value and are not aggregated
        across countries unless numerator and denominator are given;
        milestones are reached if reached in any period and counted across
        countries; ordinal levels keep their last value; qualitative
        values are never aggregated.

        Examples:
            >>> rule = AggregationRule.default_for("milestone")
            >>> rule.over_time.value, rule.across_countries.value
            ('any', 'count_achieved')
        """
        kind = MeasureKind(kind)
        return cls(_TIME_ALLOWED[kind][0], _COUNTRY_ALLOWED[kind][0])

    @staticmethod
    def allowed_for(
        kind: MeasureKind | str,
    ) -> tuple[tuple[TimeAggregation, ...], tuple[CountryAggregation, ...]]:
        """The aggregations over time and across countries a kind of measure allows.

        Examples:
            >>> over_time, across = AggregationRule.allowed_for("percentage")
            >>> [a.value for a in over_time], [a.value for a in across]
            (['last', 'max', 'none'], ['none', 'weighted_mean', 'count_achieved'])
        """
        kind = MeasureKind(kind)
        return _TIME_ALLOWED[kind], _COUNTRY_ALLOWED[kind]


def _to_rule(value: AggregationRule | tuple[Any, ...] | None) -> AggregationRule:
    """Read a tuple as a rule; ``None`` is replaced by the kind's default after init."""
    if isinstance(value, (tuple, list)):
        return AggregationRule(*value)
    return cast("AggregationRule", value)


# ---------------------------------------------------------------------------------------
# Dimensions and code lists
# ---------------------------------------------------------------------------------------


def _to_codes(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise TypeError(f"Dimension.codes must be a tuple of strings, not the string {value!r}")
    return tuple(value)


def _check_codes(inst: Dimension, _attr: attrs.Attribute[Any], codes: tuple[str, ...]) -> None:
    if not codes:
        raise ValidationError(
            f"dimension {inst.id!r} has no codes; list at least one", path="Dimension.codes"
        )
    seen: set[str] = set()
    for i, code in enumerate(codes):
        if not isinstance(code, str) or not code.strip():
            raise ValidationError(
                f"code {code!r} must be a non-empty string", path=f"Dimension.codes[{i}]"
            )
        if code in seen:
            raise ValidationError(
                f"code {code!r} appears twice in dimension {inst.id!r}; list each code once",
                path=f"Dimension.codes[{i}]",
            )
        seen.add(code)


@attrs.frozen(kw_only=True)
class Dimension:
    """A disaggregation dimension with its code list (sex, age band, ...).

    Attributes:
        id: Short identifier (``"sex"``).
        name: Display name.
        codes: The codes a value may take, each once.
        description: What the codes mean, where they come from.

    Examples:
        >>> d = Dimension(id="role", name="Role", codes=("police", "prosecutor", "judge"))
        >>> "judge" in d, "clerk" in d
        (True, False)
        >>> Dimension(id="role", name="Role", codes=("police", "police"))
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: Dimension.codes[1]: code 'police' appears twice in dimension 'role'; list each code once
    """

    id: str = attrs.field(validator=non_empty_str)
    name: str = attrs.field(validator=non_empty_str)
    codes: tuple[str, ...] = attrs.field(converter=_to_codes, validator=_check_codes)
    description: str = ""
    _index: frozenset[str] = attrs.field(init=False, repr=False, eq=False)

    @_index.default
    def _make_index(self) -> frozenset[str]:
        return frozenset(self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self._index


SEX = Dimension(
    id="sex",
    name="Sex",
    codes=("female", "male", "other", "unknown"),
    description="Sex of the person counted; 'unknown' where it was not recorded.",
)
"""Sex of the persons counted."""

AGE_BAND = Dimension(
    id="age_band",
    name="Age band",
    codes=("0-17", "18+", "unknown"),
    description="Child (under 18, as the Palermo Protocol defines a child) or adult.",
)
"""Child (under 18) or adult, the distinction trafficking law turns on."""

FORM_OF_EXPLOITATION = Dimension(
    id="form_of_exploitation",
    name="Form of exploitation",
    codes=(
        "sexual-exploitation",
        "forced-labour",
        "forced-marriage",
        "forced-criminal-activity",
        "begging",
        "organ-removal",
        "mixed",
        "other",
        "unknown",
    ),
    description="Forms of exploitation after the categories UNODC's Global Report uses.",
)
"""Forms of exploitation (after UNODC's Global Report on Trafficking in Persons)."""

#: The 249 ISO 3166-1 alpha-3 codes (as pycountry 26.2.16 lists them), written out so importing this module stays cheap.
_ISO_ALPHA_3 = (
    "ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES "
    "BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE "
    "CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK "
    "DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB "
    "GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND "
    "IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN "
    "LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT "
    "MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR "
    "NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU "
    "RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN "
    "SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA "
    "UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE"
)

NATIONALITY = Dimension(
    id="nationality",
    name="Nationality",
    codes=tuple(_ISO_ALPHA_3.split()),
    description="ISO 3166-1 alpha-3 code of the person's nationality.",
)
"""Nationality, as ISO 3166-1 alpha-3 codes (``"KHM"``, ``"MMR"``...)."""

STANDARD_DIMENSIONS: tuple[Dimension, ...] = (SEX, AGE_BAND, FORM_OF_EXPLOITATION, NATIONALITY)
"""The standard dimensions, in the order above."""

# ---------------------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------------------


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
        raise TypeError(f"Indicator.scale must be a tuple of level names, not the string {value!r}")
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
        unit: For ``COUNT`` one of :data:`~commit_mef.units.COUNT_UNITS`; for ``MONEY`` an
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

    def __attrs_post_init__(self) -> None:
        given: object = self.rule
        if given is None:
            weighted = self.numerator is not None and self.denominator is not None
            rule = AggregationRule.default_for(self.kind)
            if weighted and self.kind in (MeasureKind.PERCENTAGE, MeasureKind.RATIO):
                rule = AggregationRule(rule.over_time, CountryAggregation.WEIGHTED_MEAN)
            object.__setattr__(self, "rule", rule)
        elif not isinstance(given, AggregationRule):
            raise TypeError(
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
            raise TypeError(f"Indicator.unit must be a string or None, got {type(unit).__name__}")
        if kind is MeasureKind.COUNT:
            if unit not in COUNT_UNITS:
                raise self._fail(
                    "unit",
                    f"needs a count unit, not {unit!r}; use one of {', '.join(COUNT_UNITS)}",
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
            if unit is not None and unit not in COUNT_UNITS:
                raise self._fail(
                    "unit",
                    f"takes as unit what its numerator counts ({', '.join(COUNT_UNITS)}) "
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
                raise TypeError(
                    f"Indicator.dimensions[{i}] must be a Dimension, got {type(dim).__name__}"
                )
            if dim.id in seen:
                raise ValidationError(
                    f"dimension {dim.id!r} is listed twice; list each dimension once",
                    path=f"Indicator.dimensions[{i}]",
                )
            seen.add(dim.id)

    # -- queries ------------------------------------------------------------------------
    def dimension(self, id_: str) -> Dimension:
        """The dimension with the id ``id_``.

        Raises:
            LookupError: the indicator has no such dimension.

        Examples:
            >>> ind = Indicator(id="t", name="Trained", kind="count", unit="person", dimensions=(SEX,))
            >>> ind.dimension("sex").codes[:2]
            ('female', 'male')
        """
        for dim in self.dimensions:
            if dim.id == id_:
                return dim
        known = ", ".join(d.id for d in self.dimensions) or "none"
        raise LookupError(f"indicator {self.id!r} has no dimension {id_!r} (it has: {known})")

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


_NUMERIC = frozenset(
    (MeasureKind.COUNT, MeasureKind.MONEY, MeasureKind.PERCENTAGE, MeasureKind.RATIO)
)
