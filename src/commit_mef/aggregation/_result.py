"""The result types of aggregate(): one row per group, and the result with its provenance."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from commit_mef.countries import Country
from commit_mef.errors import GroupNotFoundError
from commit_mef.indicators import AggregationRule
from commit_mef.observations import Basis, CountryPair
from commit_mef.periods import Period

if TYPE_CHECKING:
    from commit_mef.rates import Conversion

__all__ = ["AggregateResult", "AggregateRow"]


@attrs.frozen(kw_only=True)
class AggregateRow:
    """One group of an aggregate: its key, its value, and what went into it.

    Attributes:
        key: One item per axis of ``by``: a :class:`~commit_mef.Country` or
            :class:`~commit_mef.CountryPair` for ``"country"``, an ``int`` for
            ``"year"``, a :class:`~commit_mef.Period` for ``"period"``, an ISO
            code for ``"currency"``, a code (or ``None``) for a dimension.
        value: A :class:`~decimal.Decimal` for numbers and money, a ``bool``
            for a milestone per country, an ``int`` for a count of countries
            that achieved a milestone, ``None`` where a weighted mean has a
            zero denominator.
        rows: How many observations went into it.
        ids: The ids of those observations that have one, sorted.
        countries: The countries (or pairs) that contributed, in report order.
        numerator: For a weighted mean, the aggregated numerator.
        denominator: For a weighted mean, the aggregated denominator.
        basis: What the value measures over :attr:`period`:
            :attr:`~commit_mef.Basis.TOTAL` for a flow added up over it,
            :attr:`~commit_mef.Basis.POINT` for a state (a stock's latest value,
            a milestone reached) as at its end; ``None`` when not known.
        period: The span of time the value covers (from the earliest start to
            the latest end of the figures used), if they have periods.
        flags: Quality markers of the figures that went in: ``"approximate"``,
            ``"lower-bound"`` (an "at least" or "over" figure: the true value may
            be higher), ``"upper-bound"`` ("nearly", "up to"),
            ``"possible-double-count"``, ``"not-meaningful-rate"``.
        credited: For a count of achieved milestones, the distinct countries
            credited (a bilateral fact credits both partners), in report order.
        facts: For a count of achieved milestones, how many distinct facts
            were achieved (one fact linked as the same as another counts once).
        pairs: For a count of achieved milestones, how many of those facts
            belong to a pair of countries.

    Examples:
        >>> row = AggregateRow(key=(2014,), value=Decimal("5"), rows=2)
        >>> row.value, row.ids, row.flags
        (Decimal('5'), (), ())
    """

    key: tuple[Any, ...]
    value: Decimal | bool | int | None
    rows: int
    ids: tuple[str, ...] = ()
    countries: tuple[Country | CountryPair, ...] = ()
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    basis: Basis | None = None
    period: Period | None = None
    flags: tuple[str, ...] = ()
    credited: tuple[Country, ...] = ()
    facts: int | None = None
    pairs: int | None = None


@attrs.frozen(kw_only=True)
class AggregateResult:
    """The result of :func:`~commit_mef.aggregate`: one :class:`AggregateRow` per group, and its provenance.

    Attributes:
        indicator: The id of the indicator aggregated.
        by: The axes grouped by.
        rows: One row per group, sorted by key (countries in report order).
        unit: The unit of the values: a count unit, an ISO currency code,
            ``"percent"``, ``"countries"`` for a count of the countries that
            achieved a milestone, or ``None``.
        rule: The aggregation rule applied.
        over: The period aggregated over, if one was given.
        conversions: One :class:`~commit_mef.rates.Conversion` of one unit per
            (currency, period) converted, carrying the rates used and their sources.
        assumptions: Every assumption made, in words (per-year figures counted
            once per year, prorations, rows left out, approximate inputs...).

    Examples:
        >>> result = AggregateResult(indicator="x", by=("year",), rows=(
        ...     AggregateRow(key=(2014,), value=Decimal("5"), rows=2),), unit="person",
        ...     rule=AggregationRule("sum", "sum"))
        >>> result[2014].value, result.value(2014), len(result)
        (Decimal('5'), Decimal('5'), 1)
        >>> result.as_dict()
        {(2014,): Decimal('5')}
    """

    indicator: str
    by: tuple[str, ...]
    rows: tuple[AggregateRow, ...]
    unit: str | None
    rule: AggregationRule
    over: Period | None = None
    conversions: tuple[Conversion, ...] = ()
    assumptions: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[AggregateRow]:
        return iter(self.rows)

    def __getitem__(self, key: object) -> AggregateRow:
        wanted = key if isinstance(key, tuple) else (key,)
        for row in self.rows:
            if row.key == wanted:
                return row
        raise GroupNotFoundError(self.indicator, wanted, available=len(self.rows))

    def value(self, *key: object) -> Decimal | bool | int | None:
        """The value of the group ``key`` (no arguments for ``by=()``).

        Raises:
            GroupNotFoundError: no such group (also a :class:`KeyError`), as
                for any key of an empty result.

        Examples:
            >>> AggregateResult(indicator="x", by=(), rows=(AggregateRow(key=(), value=Decimal(3), rows=1),),
            ...     unit=None, rule=AggregationRule("sum", "sum")).value()
            Decimal('3')
            >>> AggregateResult(indicator="x", by=(), rows=(), unit=None,
            ...     rule=AggregationRule("sum", "sum")).value()
            Traceback (most recent call last):
            ...
            commit_mef.errors.GroupNotFoundError: x: no group () in the aggregate, which is empty; check the filters and the period aggregated over
        """
        return self[tuple(key)].value

    def as_dict(self) -> dict[tuple[Any, ...], Decimal | bool | int | None]:
        """``{key: value}`` for every group.

        Examples:
            >>> AggregateResult(indicator="x", by=(), rows=(), unit=None,
            ...     rule=AggregationRule("sum", "sum")).as_dict()
            {}
        """
        return {row.key: row.value for row in self.rows}
