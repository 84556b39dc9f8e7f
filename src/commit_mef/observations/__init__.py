"""Observations: the figures governments report, one at a time or millions in a column store.

An :class:`Observation` is one reported figure: which indicator, which country
(or :class:`CountryPair` for a bilateral fact), over which period, its value
(a number, an amount of :class:`~commit_mef.Money`, a yes/no or a text), on
which :class:`Basis` (a total over the period, an amount per year, a state at
the time...), its disaggregation (``sex=female``), its source and its quality
flags.

An :class:`ObservationTable` holds many observations as columns: every key
(indicator, country, period, unit, currency, each disaggregation dimension...)
is dictionary-encoded as small unsigned integer codes into a tuple of
categories, and the numbers are kept exactly as integers scaled by one power
of ten per table (like Arrow's ``decimal128``) -- never as binary floats.
The table needs numpy, which it imports on first use; a small table built
from rows keeps the same columns in Python lists instead, so that a short
script never pays for importing numpy (its public accessors still hand out
numpy arrays).

Examples:
    >>> import attrs
    >>> from decimal import Decimal
    >>> from commit_mef import Observation, ObservationTable
    >>> obs = Observation(
    ...     indicator="training.people_trained",
    ...     country="LAO",
    ...     period="2011-2014",
    ...     value=Decimal("440"),
    ...     unit="person",
    ... )
    >>> obs.country.name, str(obs.period), obs.value
    ('Lao PDR', '2011-2014', Decimal('440'))
    >>> table = ObservationTable.from_rows([obs, attrs.evolve(obs, value=Decimal("78"))])
    >>> len(table), [o.value for o in table]
    (2, [Decimal('440'), Decimal('78')])
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from commit_mef._validators import exact_decimal, non_empty_str, to_enum
from commit_mef.countries import Country, country
from commit_mef.errors import ValidationError
from commit_mef.money import Money
from commit_mef.observations import _columns as cols_
from commit_mef.periods import Period
from commit_mef.sources import QualityFlag, SourceRef

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = [
    "Basis",
    "CountryPair",
    "Observation",
    "ObservationTable",
    "Value",
]

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

    POINT = "point"
    TOTAL = "total"
    PER_YEAR = "per-year"
    PER_EVENT = "per-event"
    PER_PERSON = "per-person"


def _to_country(value: Country | str) -> Country:
    if isinstance(value, Country):
        return value
    if isinstance(value, str):
        return country(value)
    raise TypeError(
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


def _to_place(value: object) -> Place:
    if isinstance(value, (Country, CountryPair)):
        return value
    if isinstance(value, str):
        if "+" in value:
            a, b = value.split("+", 1)
            return CountryPair(a.strip(), b.strip())
        return country(value)
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return CountryPair(value[0], value[1])
    raise TypeError(
        "Observation.country must be a Country, a code or name such as 'KHM', a CountryPair, "
        f"or a pair of countries such as ('KHM', 'VNM'), got {type(value).__name__} {value!r}"
    )


def _to_period(value: object) -> Period | None:
    return None if value is None else Period.coerce(value, field="Observation.period")


def _to_value(value: object) -> Value:
    if value is None or isinstance(value, (bool, Decimal, Money, str)):
        if isinstance(value, Decimal):
            return exact_decimal(value, field="Observation.value")
        return value
    if isinstance(value, (int, float)):
        return exact_decimal(value, field="Observation.value")
    raise TypeError(
        "Observation.value must be a Decimal, an int, Money, a bool, a str (a qualitative value) "
        f"or None (unknown), got {type(value).__name__} {value!r}"
    )


def _to_pairs(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    items = list(value.items()) if isinstance(value, Mapping) else list(value)
    seen: set[str] = set()
    for item in items:
        if not (isinstance(item, tuple) and len(item) == 2):
            raise TypeError(f"expected (name, value) pairs of strings, got {item!r}")
        key, val = item
        if not isinstance(key, str) or not isinstance(val, str):
            raise TypeError(
                f"names and values must be strings, got {type(key).__name__} {key!r}: "
                f"{type(val).__name__} {val!r}"
            )
        if key in seen:
            raise ValidationError(f"{key!r} is given twice; give each name once", path=key)
        seen.add(key)
    return tuple(sorted(items))


def _to_flags(value: Iterable[QualityFlag]) -> tuple[QualityFlag, ...]:
    flags = tuple(value)
    for i, flag in enumerate(flags):
        if not isinstance(flag, QualityFlag):
            raise TypeError(f"Observation.flags[{i}] must be a QualityFlag, got {flag!r}")
    return flags


def _optional_str(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        non_empty_str(inst, attr, value)


def _check_money(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Money):
        raise TypeError(
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
        stated: The equivalent the source states (a US$ figure beside a local
            amount), to check against reference rates.
        recipient: Who receives the money (a ministry), for budgets.
        approximate: Whether the source gives it as approximate ("about").
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
        TypeError: Observation.value got the float 1.5; floats are inexact: pass a str or a Decimal such as Decimal('1.5')
    """

    indicator: str = attrs.field(validator=non_empty_str)
    country: Place = attrs.field(converter=_to_place)
    period: Period | None = attrs.field(default=None, converter=_to_period)
    value: Value = attrs.field(default=None, converter=_to_value)
    unit: str | None = attrs.field(default=None, validator=_optional_str)
    basis: Basis = attrs.field(default=Basis.TOTAL, converter=_to_basis)
    disaggregation: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_to_pairs)
    id: str | None = attrs.field(default=None, validator=_optional_str)
    source: SourceRef | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(SourceRef))
    )
    flags: tuple[QualityFlag, ...] = attrs.field(default=(), converter=_to_flags)
    subset_of: str | None = attrs.field(default=None, validator=_optional_str)
    stated: Money | None = attrs.field(default=None, validator=_check_money)
    recipient: str | None = attrs.field(default=None, validator=_optional_str)
    approximate: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    as_written: str | None = attrs.field(default=None, validator=_optional_str)
    details: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_to_pairs)

    def __attrs_post_init__(self) -> None:
        if isinstance(self.value, Money) and self.unit not in (None, self.value.currency.code):
            raise ValidationError(
                f"a money value in {self.value.currency.code} has its currency as unit, not "
                f"{self.unit!r}; drop unit=...",
                path="Observation.unit",
            )
        if self.subset_of is not None and self.subset_of == self.id:
            raise ValidationError(
                f"observation {self.id!r} cannot be a subset of itself; name the observation it "
                "is part of",
                path="Observation.subset_of",
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


# ---------------------------------------------------------------------------------------
# The columnar table
# ---------------------------------------------------------------------------------------

# Value kinds, stored per row as a code into this tuple.
_KINDS: tuple[str, ...] = ("none", "number", "money", "bool", "text")
_NONE, _NUMBER, _MONEY, _BOOL, _TEXT = range(5)

#: Key columns every table has (dictionary-encoded, required).
_REQUIRED = ("indicator", "country", "period", "unit", "basis", "currency", "kind")
#: Columns held only when some row has a value other than the default (None / () / False).
_OPTIONAL = (
    "id",
    "text",
    "source",
    "flags",
    "subset_of",
    "stated",
    "recipient",
    "approximate",
    "as_written",
    "details",
)
_DEFAULTS: dict[str, Any] = {"flags": (), "details": (), "approximate": False}
_DIM = "dim:"

_SCALARS = (str, bytes, Country, CountryPair, Period, Basis, bool, int, Decimal, Money, SourceRef)


def _column(value: object, n: int, name: str) -> Sequence[Any] | npt.NDArray[Any]:
    """A column of length ``n`` from a sequence or a scalar (broadcast)."""
    if value is None or isinstance(value, _SCALARS):
        return [value] * n
    if not hasattr(value, "__len__"):
        value = list(value)  # type: ignore[call-overload]
    if len(value) != n:  # type: ignore[arg-type]
        raise ValidationError(
            f"has {len(value)} values but the table has {n} rows; give one value per row "  # type: ignore[arg-type]
            "or a single value for every row",
            path=f"ObservationTable.from_columns({name}=...)",
        )
    return value  # type: ignore[return-value]


def _place_category(value: object) -> Place:
    return _to_place(value)


def _period_category(value: object) -> Period | None:
    return _to_period(value)


def _unit_category(value: object) -> str | None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise TypeError(f"a unit must be a non-empty string or None, got {value!r}")
    return value


def _currency_category(value: object) -> str | None:
    if value is None:
        return None
    from commit_mef.money import Currency, currency

    if isinstance(value, Currency):
        return value.code
    if isinstance(value, str):
        return currency(value).code
    raise TypeError(f"a currency must be an ISO 4217 code or a Currency, got {value!r}")


def _indicator_category(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"an indicator id must be a non-empty string, got {value!r}")
    return value


class ObservationTable:
    """Many observations as columns: dictionary-encoded keys and exact scaled magnitudes.

    Build one with :meth:`from_rows` or :meth:`from_columns`; combine with
    :meth:`concat`.  A table is immutable: :meth:`filter` and :meth:`group_by`
    return new tables.  Iterating yields typed :class:`Observation` rows.

    Numbers and money amounts are stored as integers ``m`` with one exponent
    ``e`` per table, meaning ``m * 10**e`` exactly: ``int64`` while they fit,
    else Python ints.  A number read back drops trailing zeros after the
    decimal point (``Decimal('12.50')`` comes back as ``Decimal('12.5')``,
    an equal value).

    Examples:
        >>> table = ObservationTable.from_columns(
        ...     indicator="budget.allocation",
        ...     country=["KHM", "THA", "THA"],
        ...     period=[2014, 2014, 2015],
        ...     magnitude=[14900000000, 21000000000, 49682000000],
        ...     exponent=-2,
        ...     currency=["KHR", "THB", "THB"],
        ... )
        >>> len(table), table[2].value
        (3, Money('496820000', 'THB'))
        >>> len(table.filter(country="THA"))
        2
    """

    __slots__ = ("_cols", "_exponent", "_mags", "_n")

    _n: int
    _cols: dict[str, tuple[npt.NDArray[Any], tuple[Any, ...]]]
    _mags: npt.NDArray[Any]
    _exponent: int

    def __init__(self) -> None:
        raise TypeError(
            "build an ObservationTable with ObservationTable.from_rows(...), "
            "ObservationTable.from_columns(...) or ObservationTable.empty()"
        )

    @classmethod
    def _make(
        cls,
        n: int,
        cols: dict[str, tuple[Any, tuple[Any, ...]]],
        mags: Any,
        exponent: int,
    ) -> ObservationTable:
        # small tables keep Python lists (see _columns), never handed out: no flags to set
        if not cols_.is_python(mags):
            for codes, _cats in cols.values():
                codes.flags.writeable = False
            mags.flags.writeable = False
        table = object.__new__(cls)
        table._n = n
        table._cols = cols
        table._mags = mags
        table._exponent = exponent
        return table

    # -- construction -------------------------------------------------------------------
    @classmethod
    def empty(cls) -> ObservationTable:
        """A table with no rows.

        Examples:
            >>> len(ObservationTable.empty())
            0
        """
        return cls.from_rows(())

    @classmethod
    def from_rows(cls, rows: Iterable[Observation]) -> ObservationTable:
        """Build a table from observations.

        Raises:
            TypeError: an item is not an :class:`Observation`.

        Examples:
            >>> rows = [Observation(indicator="npa.adopted", country=c, value=True) for c in ("KHM", "LAO")]
            >>> ObservationTable.from_rows(rows)[1].country.name
            'Lao PDR'
        """
        data: dict[str, list[Any]] = {name: [] for name in (*_REQUIRED, *_OPTIONAL)}
        dims: dict[str, list[str | None]] = {}
        values: list[Decimal | None] = []
        n = 0
        for i, obs in enumerate(rows):
            if not isinstance(obs, Observation):
                raise TypeError(
                    f"ObservationTable.from_rows() takes Observation objects; row {i} is "
                    f"{type(obs).__name__}"
                )
            data["indicator"].append(obs.indicator)
            data["country"].append(obs.country)
            data["period"].append(obs.period)
            data["unit"].append(obs.unit)
            data["basis"].append(obs.basis)
            kind, number, currency, text = _split_value(obs.value)
            data["kind"].append(kind)
            data["currency"].append(currency)
            data["text"].append(text)
            values.append(number)
            for name in _OPTIONAL:
                if name != "text":
                    data[name].append(getattr(obs, name))
            seen = set()
            for key, code in obs.disaggregation:
                seen.add(key)
                dims.setdefault(key, [None] * n).append(code)
            for key, column in dims.items():
                if key not in seen:
                    column.append(None)
            n += 1
        python = n < cols_.SMALL_ROWS
        mags, exponent = _scale_all(values, python=python)
        return cls._build(n, data, dims, mags, exponent, python=python)

    @classmethod
    def _build(
        cls,
        n: int,
        data: Mapping[str, Sequence[Any] | npt.NDArray[Any] | _Encoded | None],
        dims: Mapping[str, Sequence[Any] | npt.NDArray[Any]],
        mags: Any,
        exponent: int,
        *,
        python: bool = False,
    ) -> ObservationTable:
        cols: dict[str, tuple[Any, tuple[Any, ...]]] = {}
        converters: dict[str, Callable[[Any], Any]] = {
            "indicator": _indicator_category,
            "country": _place_category,
            "period": _period_category,
            "unit": _unit_category,
            "basis": Basis,
            "currency": _currency_category,
        }
        for name in _REQUIRED:
            if name == "kind":
                continue
            column = data[name]
            if isinstance(column, _Encoded):
                cols[name] = (column.codes, column.categories)
            elif column is not None:
                cols[name] = cols_.encode(column, converters[name], python=python)
        kinds: Any = data["kind"]
        if python:
            cols["kind"] = (list(kinds), _KINDS)
        else:
            import numpy as np

            cols["kind"] = (np.asarray(kinds, dtype=np.uint8).reshape(-1), _KINDS)
        for name in _OPTIONAL:
            column = data.get(name)
            if column is None or isinstance(column, _Encoded):
                continue
            default = _DEFAULTS.get(name)
            codes, cats = cols_.encode(column, _optional_converter(name), python=python)
            if cats == (default,):
                continue
            cols[name] = _default_first(codes, cats, default)
        for key in sorted(dims):
            codes, cats = cols_.encode(dims[key], _dimension_code, python=python)
            if cats != (None,):
                cols[_DIM + key] = _default_first(codes, cats, None)
        return cls._make(n, cols, mags, exponent)

    @classmethod
    def from_columns(
        cls,
        *,
        indicator: str | Iterable[str],
        country: object,
        period: object = None,
        value: Sequence[object] | None = None,
        magnitude: Iterable[int] | None = None,
        exponent: int = 0,
        currency: object = None,
        unit: object = None,
        basis: object = Basis.TOTAL,
        disaggregation: Mapping[str, Iterable[str | None]] | None = None,
        **extra: object,
    ) -> ObservationTable:
        """Build a table from columns, each a sequence (one item per row) or one value for all rows.

        Give the values either as ``value`` (anything :attr:`Observation.value`
        takes) or, the fast exact path for big data, as integer ``magnitude`` s
        with one ``exponent`` (``m * 10**exponent``, as Arrow's decimals) and a
        ``currency`` column (``None`` for a plain number).  Each key column is
        dictionary-encoded once per distinct value, so a column of a million
        ``"KHM"`` costs one :func:`~commit_mef.country` lookup.

        Args:
            indicator: Indicator ids.
            country: Countries, codes or names, or pairs (``"KHM+VNM"``).
            period: Periods, years or period texts; ``None`` for unknown.
            value: Values, one per row (exclusive with ``magnitude``).
            magnitude: Integer magnitudes (numpy integer array or ints).
            exponent: The power of ten the magnitudes are scaled by.
            currency: ISO 4217 codes for money rows (with ``magnitude``), else ``None``.
            unit: Count units.
            basis: :class:`Basis` members or their values.
            disaggregation: One column per dimension: ``{"sex": [...]}``
                (``None`` where a row is not broken down by it).
            **extra: Any of the optional :class:`Observation` fields as a column:
                ``id``, ``source``, ``flags``, ``subset_of``, ``stated``,
                ``recipient``, ``approximate``, ``as_written``, ``details``.

        Raises:
            ValidationError: columns of different lengths, or both or neither
                of ``value`` and ``magnitude``.
            TypeError: floats among the magnitudes or values.

        Examples:
            >>> t = ObservationTable.from_columns(
            ...     indicator="training.people_trained",
            ...     country=["LAO", "LAO"],
            ...     period="2011-2014",
            ...     magnitude=[440, 78],
            ...     unit="person",
            ...     disaggregation={"sex": ["female", None]},
            ... )
            >>> [(o.value, o.disaggregation) for o in t]
            [(Decimal('440'), (('sex', 'female'),)), (Decimal('78'), ())]
        """
        import numpy as np

        unknown = sorted(set(extra) - set(_OPTIONAL) - {"text"})
        if unknown or "text" in extra:
            raise TypeError(
                f"ObservationTable.from_columns() got unexpected columns {', '.join(unknown or ['text'])}; "
                f"optional columns are: {', '.join(n for n in _OPTIONAL if n != 'text')}"
            )
        if (value is None) == (magnitude is None):
            raise ValidationError(
                "give the values either as value=[...] or as magnitude=[...] with exponent=, "
                "not both or neither",
                path="ObservationTable.from_columns",
            )
        n = _length(indicator, country, period, value, magnitude, currency)
        data: dict[str, Sequence[Any] | npt.NDArray[Any] | _Encoded | None] = {
            "indicator": _column(indicator, n, "indicator"),
            "country": _column(country, n, "country"),
            "period": _column(period, n, "period"),
            "unit": _column(unit, n, "unit"),
            "basis": _column(basis, n, "basis"),
        }
        if magnitude is not None:
            if isinstance(exponent, bool) or not isinstance(exponent, int):
                raise TypeError(f"exponent must be an int, got {exponent!r}")
            mags = _magnitudes(magnitude, n)
            currencies = _column(currency, n, "currency")
            ccodes, ccats = cols_.encode(currencies, _currency_category)
            money = np.asarray([c is not None for c in ccats], dtype=bool)
            data["kind"] = np.where(money[ccodes], _MONEY, _NUMBER).astype(np.uint8)
            data["currency"] = _Encoded(ccodes, ccats)
            exp = exponent
        else:
            assert value is not None  # noqa: S101 - checked above
            if currency is not None:
                raise ValidationError(
                    "currency= goes with magnitude=; with value= give Money values instead",
                    path="ObservationTable.from_columns(currency=...)",
                )
            values = _column(value, n, "value")
            kinds_l, numbers, currencies_l, texts = [], [], [], []
            for raw in values:
                kind, number, cur, text = _split_value(_to_value(raw))
                kinds_l.append(kind)
                numbers.append(number)
                currencies_l.append(cur)
                texts.append(text)
            mags, exp = _scale_all(numbers)
            data["kind"] = np.asarray(kinds_l, dtype=np.uint8)
            data["currency"] = currencies_l
            data["text"] = texts
        for name, column in extra.items():
            data[name] = _column(column, n, name)
        dims = {
            k: _column(v, n, f"disaggregation[{k!r}]") for k, v in (disaggregation or {}).items()
        }
        return cls._build(n, data, dims, mags, exp)

    @classmethod
    def concat(cls, tables: Iterable[ObservationTable]) -> ObservationTable:
        """One table with the rows of several, in order.

        Examples:
            >>> a = ObservationTable.from_rows([Observation(indicator="x", country="KHM", value=1)])
            >>> b = ObservationTable.from_rows([Observation(indicator="x", country="LAO", value=Decimal("0.5"))])
            >>> [o.value for o in ObservationTable.concat([a, b])]
            [Decimal('1'), Decimal('0.5')]
        """
        parts = list(tables)
        for i, t in enumerate(parts):
            if not isinstance(t, ObservationTable):
                raise TypeError(f"concat() takes ObservationTables; item {i} is {type(t).__name__}")
        if not parts:
            return cls.empty()
        n = sum(t._n for t in parts)
        if all(cols_.is_python(t._mags) for t in parts) and n < cols_.SMALL_ROWS:
            return cls._concat_python(parts, n)
        import numpy as np

        parts = [t._as_numpy() for t in parts]
        exponent = min(t._exponent for t in parts)
        mags = [cols_.rescale(t._mags, t._exponent - exponent) for t in parts]
        if any(m.dtype == object for m in mags):
            joined = np.empty(sum(len(m) for m in mags), dtype=object)
            joined[:] = [int(v) for m in mags for v in m.tolist()]
        else:
            joined = np.concatenate(mags)
        names = list(dict.fromkeys(name for t in parts for name in t._cols))
        cols = {}
        for name in names:
            pieces = []
            for t in parts:
                if name in t._cols:
                    pieces.append(t._cols[name])
                else:
                    default = None if name.startswith(_DIM) else _DEFAULTS.get(name)
                    pieces.append((np.zeros(t._n, dtype=np.uint8), (default,)))
            codes, cats = cols_.merge_categories(pieces)
            if name in _OPTIONAL or name.startswith(_DIM):
                codes, cats = _default_first(codes, cats, _DEFAULTS.get(name))
            cols[name] = (codes, cats)
        return cls._make(n, cols, joined, exponent)

    @classmethod
    def _concat_python(cls, parts: list[ObservationTable], n: int) -> ObservationTable:
        exponent = min(t._exponent for t in parts)
        joined: list[int] = []
        for t in parts:
            joined.extend(cols_.rescale(t._mags, t._exponent - exponent))
        names = list(dict.fromkeys(name for t in parts for name in t._cols))
        cols = {}
        for name in names:
            pieces: list[tuple[Any, tuple[Any, ...]]] = []
            for t in parts:
                if name in t._cols:
                    pieces.append(t._cols[name])
                else:
                    default = None if name.startswith(_DIM) else _DEFAULTS.get(name)
                    pieces.append(([0] * t._n, (default,)))
            codes, cats = cols_.merge_categories(pieces)
            if name in _OPTIONAL or name.startswith(_DIM):
                codes, cats = _default_first(codes, cats, _DEFAULTS.get(name))
            cols[name] = (codes, cats)
        return cls._make(n, cols, joined, exponent)

    def _as_numpy(self) -> ObservationTable:
        """This table with numpy columns (itself when it has them already)."""
        if not cols_.is_python(self._mags):
            return self
        cols = {
            name: (cols_.numpy_codes(codes, len(cats)), cats)
            for name, (codes, cats) in self._cols.items()
        }
        return self._make(self._n, cols, cols_.numpy_magnitudes(self._mags), self._exponent)

    # -- size and rows ------------------------------------------------------------------
    def __len__(self) -> int:
        return self._n

    def __repr__(self) -> str:
        inds = self._cols["indicator"][1]
        return f"<ObservationTable: {self._n} rows, {len(inds)} indicators>"

    def __iter__(self) -> Iterator[Observation]:
        for i in range(self._n):
            yield self._row(i)

    def __getitem__(self, index: int) -> Observation:
        if isinstance(index, bool) or not isinstance(index, int):
            raise TypeError(f"index a table with an int, got {type(index).__name__}")
        if not -self._n <= index < self._n:
            raise IndexError(f"row {index} is out of range for a table of {self._n} rows")
        return self._row(index % self._n if self._n else index)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ObservationTable):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def _cat(self, name: str, i: int) -> Any:
        col = self._cols.get(name)
        if col is None:
            return _DEFAULTS.get(name)
        return col[1][int(col[0][i])]

    def _row(self, i: int) -> Observation:
        kind = int(self._cols["kind"][0][i])
        value: Value = None
        if kind in (_NUMBER, _MONEY, _BOOL):
            number = cols_.unscale(int(self._mags[i]), self._exponent)
            if kind == _NUMBER:
                value = number
            elif kind == _MONEY:
                value = Money(number, self._cat("currency", i))
            else:
                value = number != 0
        elif kind == _TEXT:
            value = self._cat("text", i)
        dims = tuple(
            (name[len(_DIM) :], code)
            for name in self._cols
            if name.startswith(_DIM) and (code := self._cat(name, i)) is not None
        )
        fields = {name: self._cat(name, i) for name in _OPTIONAL if name != "text"}
        return Observation(
            indicator=self._cat("indicator", i),
            country=self._cat("country", i),
            period=self._cat("period", i),
            value=value,
            unit=self._cat("unit", i),
            basis=self._cat("basis", i),
            disaggregation=dims,
            **fields,
        )

    # -- queries ------------------------------------------------------------------------
    @property
    def indicators(self) -> tuple[str, ...]:
        """The indicator ids present, in order of first appearance.

        Examples:
            >>> t = ObservationTable.from_rows([Observation(indicator="npa.adopted", country="KHM", value=True)])
            >>> t.indicators
            ('npa.adopted',)
        """
        return self._present("indicator")

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The disaggregation dimensions some row is broken down by, sorted.

        Examples:
            >>> t = ObservationTable.from_rows([Observation(indicator="x", country="KHM", value=1, disaggregation={"sex": "male"})])
            >>> t.dimensions
            ('sex',)
        """
        return tuple(sorted(name[len(_DIM) :] for name in self._cols if name.startswith(_DIM)))

    def _present(self, name: str) -> tuple[Any, ...]:
        codes, cats = self._cols[name]
        if cols_.is_python(codes):
            seen = set(codes)
            return tuple(c for i, c in enumerate(cats) if i in seen)
        import numpy as np

        used = np.zeros(len(cats), dtype=bool)
        used[codes] = True
        return tuple(c for c, u in zip(cats, used.tolist(), strict=True) if u)

    def _take(self, index: Any) -> ObservationTable:
        cols = {
            name: (cols_.take(codes, index), cats) for name, (codes, cats) in self._cols.items()
        }
        return self._make(len(index), cols, cols_.take(self._mags, index), self._exponent)

    def _mask(self, name: str, keep: Callable[[Any], bool]) -> Any:
        if cols_.is_python(self._mags):
            codes, cats = self._cols.get(name) or ([0] * self._n, (_DEFAULTS.get(name),))
            kept = [bool(keep(c)) for c in cats]
            return [kept[c] for c in codes]
        import numpy as np

        codes, cats = self._cols.get(name) or (
            np.zeros(self._n, dtype=np.uint8),
            (_DEFAULTS.get(name),),
        )
        wanted = np.asarray([bool(keep(c)) for c in cats], dtype=bool)
        if not len(cats):
            return np.zeros(self._n, dtype=bool)
        mask: npt.NDArray[Any] = wanted[codes]
        return mask

    def filter(
        self,
        *,
        indicator: str | Iterable[str] | None = None,
        country: object = None,
        period: Period | None = None,
        disaggregation: Mapping[str, str | Iterable[str] | None] | None = None,
        predicate: Callable[[Observation], bool] | None = None,
    ) -> ObservationTable:
        """The rows that match every criterion given.

        Args:
            indicator: An indicator id or several.
            country: A country (code, name or :class:`~commit_mef.Country`), a
                :class:`CountryPair`, or several; a country also matches the
                bilateral facts it is part of.
            period: Keep rows whose period overlaps this one (rows with no
                period are dropped).
            disaggregation: ``{dimension: code}`` (or several codes, or
                ``None`` for rows not broken down by it).
            predicate: A function of the :class:`Observation`; slow (it builds
                each row), so apply it after the vectorised criteria.

        Examples:
            >>> t = ObservationTable.from_columns(
            ...     indicator="x", country=["KHM", "KHM+VNM", "LAO"], period=[2013, 2014, 2015],
            ...     magnitude=[1, 2, 3], disaggregation={"sex": ["male", "female", None]},
            ... )
            >>> len(t.filter(country="VNM")), len(t.filter(period=Period.years(2014, 2020)))
            (1, 2)
            >>> len(t.filter(disaggregation={"sex": None})), len(t.filter(predicate=lambda o: o.value > 1))
            (1, 2)
        """
        masks = []
        if indicator is not None:
            ids = {indicator} if isinstance(indicator, str) else set(indicator)
            masks.append(self._mask("indicator", ids.__contains__))
        if country is not None:
            wanted = _places(country)
            singles = {p for p in wanted if isinstance(p, Country)}
            masks.append(
                self._mask(
                    "country",
                    lambda p: (
                        p in wanted
                        or (isinstance(p, CountryPair) and bool(singles & set(p.countries)))
                    ),
                )
            )
        if period is not None:
            if not isinstance(period, Period):
                raise TypeError(f"filter(period=...) takes a Period, got {period!r}")
            masks.append(self._mask("period", lambda p: p is not None and p.overlaps(period)))
        for dim, codes in (disaggregation or {}).items():
            allowed = {codes} if codes is None or isinstance(codes, str) else set(codes)
            masks.append(self._mask(_DIM + dim, allowed.__contains__))
        if cols_.is_python(self._mags):
            rows = [i for i, keep in enumerate(zip(*masks, strict=True)) if all(keep)]
            result = self._take(rows if masks else list(range(self._n)))
        else:
            import numpy as np

            mask = np.ones(self._n, dtype=bool)
            for m in masks:
                mask &= m
            result = self._take(np.flatnonzero(mask))
        if predicate is not None:
            keep = [i for i, obs in enumerate(result) if predicate(obs)]
            result = result._take(keep)
        return result

    def group_by(self, *keys: str) -> dict[tuple[Any, ...], ObservationTable]:
        """Split the table by the values of some columns.

        Keys are ``"indicator"``, ``"country"``, ``"period"``, ``"unit"``,
        ``"basis"``, ``"currency"``, ``"year"`` (the calendar year of a period
        inside one year; ``None`` otherwise) or a disaggregation dimension.

        Returns:
            A dict from key tuples to sub-tables, in order of first appearance.

        Examples:
            >>> t = ObservationTable.from_columns(
            ...     indicator="x", country=["KHM", "LAO", "KHM"], period=2014, magnitude=[1, 2, 3],
            ... )
            >>> {key[0].alpha_3: len(sub) for key, sub in t.group_by("country").items()}
            {'KHM': 2, 'LAO': 1}
        """
        if not keys:
            raise ValueError("group_by() needs at least one key, such as group_by('country')")
        columns = [self._key_column(key) for key in keys]
        groups, first, k = cols_.group_codes(((c, len(cats)) for c, cats in columns), self._n)
        if cols_.is_python(groups):
            members: list[list[int]] = [[] for _ in range(k)]
            for row, g in enumerate(groups):
                members[g].append(row)
            return {
                tuple(cats[codes[rows[0]]] for codes, cats in columns): self._take(rows)
                for rows in sorted(members, key=lambda rows: rows[0])
            }
        import numpy as np

        order = np.argsort(groups, kind="stable")
        bounds = np.searchsorted(groups[order], np.arange(k + 1))
        ranked = sorted(range(k), key=lambda g: int(first[g]))
        out: dict[tuple[Any, ...], ObservationTable] = {}
        for g in ranked:
            row = int(first[g])
            key = tuple(cats[int(codes[row])] for codes, cats in columns)
            out[key] = self._take(order[bounds[g] : bounds[g + 1]])
        return out

    def key_column(self, key: str) -> tuple[Any, tuple[Any, ...]]:
        """The dictionary-encoded column of a key: ``(codes, categories)``.

        Accepts the keys :meth:`group_by` does.

        Examples:
            >>> t = ObservationTable.from_columns(indicator="x", country="KHM", period=[2013, 2014], magnitude=[1, 2])
            >>> codes, cats = t.key_column("year")
            >>> codes.tolist(), cats
            ([0, 1], (2013, 2014))
        """
        codes, cats = self._key_column(key)
        return cols_.numpy_codes(codes, len(cats)), cats

    def _key_column(self, key: str) -> tuple[Any, tuple[Any, ...]]:
        """:meth:`key_column` in the table's own backend (lists for small tables)."""
        python = cols_.is_python(self._mags)
        if key == "year":
            codes, cats = self._cols["period"]
            years = tuple(
                p.start.year if p is not None and p.start.year == p.end.year else None for p in cats
            )
            uniq = tuple(dict.fromkeys(years))
            if python:
                positions = [uniq.index(y) for y in years]
                return [positions[c] for c in codes], uniq
            import numpy as np

            remap = np.asarray([uniq.index(y) for y in years], dtype=cols_.code_dtype(len(uniq)))
            return remap[codes] if len(cats) else codes, uniq
        if key == "kind":
            raise ValueError("'kind' is internal; filter by value type with predicate=...")
        if key in self._cols:
            return self._cols[key]
        if _DIM + key in self._cols:
            return self._cols[_DIM + key]
        if key in _OPTIONAL:
            return cols_.zeros(self._n, python=python), (_DEFAULTS.get(key),)
        # an unknown name is a disaggregation dimension no row is broken down by
        return cols_.zeros(self._n, python=python), (None,)

    # -- export -------------------------------------------------------------------------
    @property
    def exponent(self) -> int:
        """The power of ten the stored magnitudes are scaled by.

        Examples:
            >>> ObservationTable.from_columns(indicator="x", country="KHM", magnitude=[5], exponent=-2).exponent
            -2
        """
        return self._exponent

    def columns(self) -> dict[str, Any]:
        """The table's storage, without copying: numpy arrays and their categories.

        Schema (``n`` rows):

        * ``"magnitude"``: ``int64`` array (or ``object`` array of Python
          ints when a value does not fit), the number ``m * 10**exponent`` for
          numbers and money, 1/0 (scaled) for yes/no, 0 otherwise;
        * ``"exponent"``: that power of ten, an ``int``;
        * ``"kind"``: ``(codes, ("none", "number", "money", "bool", "text"))``;
        * one ``(codes, categories)`` pair, codes an unsigned integer array, for
          each key: ``"indicator"`` (str), ``"country"`` (:class:`~commit_mef.Country`
          or :class:`CountryPair`), ``"period"`` (:class:`~commit_mef.Period` or
          ``None``), ``"unit"``, ``"basis"`` (:class:`Basis`), ``"currency"``
          (ISO code or ``None``), ``"dim:<dimension>"`` per dimension, and each
          optional column some row uses (``"id"``, ``"text"``, ``"source"``,
          ``"flags"``, ``"subset_of"``, ``"stated"``, ``"recipient"``,
          ``"approximate"``, ``"as_written"``, ``"details"``); in optional
          columns code 0 is the default (``None``, ``()`` or ``False``).

        ``pandas.Categorical.from_codes(codes, categories)`` rebuilds a column.

        Examples:
            >>> t = ObservationTable.from_columns(indicator="x", country=["KHM", "LAO"], magnitude=[5, 6])
            >>> cols = t.columns()
            >>> cols["magnitude"].tolist(), cols["exponent"], cols["country"][0].tolist()
            ([5, 6], 0, [0, 1])
        """
        return self._as_numpy()._storage()

    def _storage(self) -> dict[str, Any]:
        """:meth:`columns` in the table's own backend (lists for small tables)."""
        out: dict[str, Any] = dict(self._cols)
        out["magnitude"] = self._mags
        out["exponent"] = self._exponent
        return out

    def to_columns(self) -> dict[str, list[Any]]:
        """The table as plain Python lists, one per column, for any dataframe library.

        Schema (every list has one item per row):

        * ``"id"``, ``"indicator"``: str (id may be ``None``);
        * ``"country"``: the alpha-3 code, or ``"KHM+VNM"`` for a pair;
        * ``"period_start"``, ``"period_end"``: :class:`datetime.date` or ``None``;
        * ``"kind"``: ``"number"``, ``"money"``, ``"bool"``, ``"text"`` or ``"none"``;
        * ``"amount"``: :class:`~decimal.Decimal` for numbers and money, else ``None``;
        * ``"currency"``: ISO 4217 code for money, else ``None``;
        * ``"flag"``: bool for yes/no values, else ``None``; ``"text"``: str for texts;
        * ``"unit"``, ``"basis"`` (its value, ``"total"``), ``"subset_of"``,
          ``"recipient"``, ``"as_written"``: str or ``None``; ``"approximate"``: bool;
        * ``"source"``: ``str(SourceRef)`` or ``None``; ``"flags"``: the flag codes
          joined by ``";"`` (empty string for none);
        * ``"dim.<dimension>"``: the code, or ``None``, per dimension.

        Examples:
            >>> t = ObservationTable.from_columns(indicator="x", country="KHM", period=2014, magnitude=[150], exponent=-2, currency="USD")
            >>> cols = t.to_columns()
            >>> cols["country"], cols["amount"], cols["currency"], cols["period_start"]
            (['KHM'], [Decimal('1.5')], ['USD'], [datetime.date(2014, 1, 1)])
        """
        rows = list(self)
        out: dict[str, list[Any]] = {
            "id": [o.id for o in rows],
            "indicator": [o.indicator for o in rows],
            "country": [
                o.country.code if isinstance(o.country, CountryPair) else o.country.alpha_3
                for o in rows
            ],
            "period_start": [o.period.start if o.period else None for o in rows],
            "period_end": [o.period.end if o.period else None for o in rows],
            "kind": [_KINDS[_split_value(o.value)[0]] for o in rows],
            "amount": [o.magnitude for o in rows],
            "currency": [o.currency for o in rows],
            "flag": [o.value if isinstance(o.value, bool) else None for o in rows],
            "text": [o.value if isinstance(o.value, str) else None for o in rows],
            "unit": [o.unit for o in rows],
            "basis": [o.basis.value for o in rows],
            "subset_of": [o.subset_of for o in rows],
            "recipient": [o.recipient for o in rows],
            "as_written": [o.as_written for o in rows],
            "approximate": [o.approximate for o in rows],
            "source": [str(o.source) if o.source else None for o in rows],
            "flags": [";".join(f.code for f in o.flags) for o in rows],
        }
        for dim in self.dimensions:
            out[f"dim.{dim}"] = [o.dimension(dim) for o in rows]
        return out

    def nbytes(self) -> int:
        """The bytes held by the table's arrays (the categories are not counted).

        Examples:
            >>> ObservationTable.from_columns(indicator="x", country="KHM", magnitude=[1, 2]).nbytes()
            30
        """
        table = self._as_numpy()
        total = int(table._mags.nbytes)
        for codes, _cats in table._cols.values():
            total += int(codes.nbytes)
        return total


# -- helpers ----------------------------------------------------------------------------


def _split_value(value: Value) -> tuple[int, Decimal | None, str | None, str | None]:
    """``(kind, number, currency, text)`` of a value."""
    if value is None:
        return _NONE, None, None, None
    if isinstance(value, bool):
        return _BOOL, Decimal(int(value)), None, None
    if isinstance(value, Money):
        return _MONEY, value.amount, value.currency.code, None
    if isinstance(value, Decimal):
        return _NUMBER, value, None, None
    return _TEXT, None, None, value


def _scale_all(values: Sequence[Decimal | None], *, python: bool = False) -> tuple[Any, int]:
    exps = [cols_.decimal_exponent(v) for v in values if v is not None]
    exponent = min(0, *exps) if exps else 0
    ints = [0 if v is None else cols_.scale(v, exponent) for v in values]
    return cols_.magnitude_array(ints, python=python), exponent


def _magnitudes(values: Any, n: int) -> Any:
    import numpy as np

    if len(values) != n:
        raise ValidationError(
            f"has {len(values)} values but the table has {n} rows; give one magnitude per row",
            path="ObservationTable.from_columns(magnitude=...)",
        )

    if isinstance(values, np.ndarray):
        if values.dtype.kind in "iu":
            if values.dtype.kind == "u" and values.size and int(values.max()) > cols_.INT64_MAX:
                return cols_.magnitude_array([int(v) for v in values.tolist()])
            # a copy: the table is immutable, whatever the caller does to its array later
            return values.astype(np.int64, copy=True).reshape(-1)
        if values.dtype != object:
            raise TypeError(
                f"magnitude must hold integers (scaled by 10**exponent), got a {values.dtype} "
                "array; floats are inexact: scale the amounts to integers first"
            )
        values = values.tolist()
    ints = list(values)
    for i, v in enumerate(ints):
        if isinstance(v, bool) or not isinstance(v, int):
            raise TypeError(
                f"magnitude[{i}] must be an int (scaled by 10**exponent), got "
                f"{type(v).__name__} {v!r}; pass value=[...] for Decimals"
            )
    return cols_.magnitude_array(ints)


def _length(*columns: object) -> int:
    for column in columns:
        if column is None or isinstance(column, _SCALARS):
            continue
        if hasattr(column, "__len__"):
            return len(column)
    return 1


def _optional_converter(name: str) -> Callable[[Any], Any] | None:
    if name == "flags":
        return _to_flags
    if name == "details":
        return _to_pairs
    return None


def _dimension_code(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"a disaggregation code must be a string or None, got {value!r}")
    return value


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


def _default_first(codes: Any, cats: tuple[Any, ...], default: Any) -> tuple[Any, tuple[Any, ...]]:
    """Re-encode so that category 0 is ``default`` (adding it if absent)."""
    if cats and _same(cats[0], default):
        return codes, cats
    order = [default]
    positions = []  # each category's place in order (categories are distinct)
    for c in cats:
        if _same(c, default):
            positions.append(0)
        else:
            positions.append(len(order))
            order.append(c)
    if cols_.is_python(codes):
        return [positions[c] for c in codes], tuple(order)
    import numpy as np

    remap = np.asarray(positions, dtype=cols_.code_dtype(len(order)))
    return remap[codes], tuple(order)


def _places(value: object) -> set[Place]:
    if isinstance(value, (str, Country, CountryPair)):
        return {_to_place(value)}
    if isinstance(value, Iterable):
        return {_to_place(v) for v in value}
    raise TypeError(f"filter(country=...) takes countries, got {value!r}")


@attrs.frozen
class _Encoded:
    """A column handed over already dictionary-encoded."""

    codes: npt.NDArray[Any]
    categories: tuple[Any, ...]
