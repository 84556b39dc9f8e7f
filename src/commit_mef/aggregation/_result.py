"""The result types of aggregate(): one row per group, and the result with its provenance."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from commit_mef._display import HTML_ROWS, Summary, clean, counts, plural
from commit_mef._validators import check_type
from commit_mef.countries import Country
from commit_mef.errors import GroupNotFoundError, NotFoundError
from commit_mef.indicators import AggregationRule
from commit_mef.observations import Basis, CountryPair
from commit_mef.periods import Period

if TYPE_CHECKING:
    from commit_mef.rates import Conversion

__all__ = ["AggregateResult", "AggregateRow", "KeyItem"]

#: What one item of a group's key may be: a country or pair, a year, a period, a code.
KeyItem = Country | CountryPair | int | Period | str | None
_NAMED_AXES = frozenset({"country", "year", "period", "currency"})


def _item(item: object) -> str:
    """A key item as a reader names it: a country's COMMIT name, a period as text."""
    if isinstance(item, Country):
        return item.name
    return str(item)


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
        by: The axes :attr:`key` follows, one per item (the result's ``by``; an
            :class:`AggregateResult` fills it in).  The key items are named by
            :attr:`group`, :attr:`country`, :attr:`year`, :attr:`currency` and
            :meth:`dimension`.

    Examples:
        >>> row = AggregateRow(key=(2014,), value=Decimal("5"), rows=2, by=("year",))
        >>> row.value, row.ids, row.flags
        (Decimal('5'), (), ())
        >>> row.year, row.country, row.group
        (2014, None, {'year': 2014})
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
    by: tuple[str, ...] = ()

    def __repr__(self) -> str:
        key = ", ".join(f"{axis}={item}" for axis, item in self._key_text())
        return clean(f"<AggregateRow {key or 'total'}: {self._facts()}>", width=200)

    def _key_text(self) -> list[tuple[str, str]]:
        axes = self.by or tuple(f"key[{i}]" for i in range(len(self.key)))
        return [(axis, _item(item)) for axis, item in zip(axes, self.key, strict=False)]

    def _facts(self) -> str:
        parts = [plural(self.rows, "observation")]
        if self.basis is not None:
            parts.append(self.basis.value)
        if self.period is not None:
            parts.append(str(self.period))
        if self.credited:
            parts.append("credited " + ", ".join(c.alpha_3 for c in self.credited))
        parts.extend(self.flags)
        return f"{self.value} ({', '.join(parts)})"

    @property
    def group(self) -> dict[str, KeyItem]:
        """The group's key, by axis name (``{"country": Country(...), "year": 2014}``).

        Examples:
            >>> AggregateRow(key=("KHM", None), value=1, rows=1, by=("currency", "sex")).group
            {'currency': 'KHM', 'sex': None}
        """
        return dict(zip(self.by, self.key, strict=False))

    @property
    def country(self) -> Country | CountryPair | None:
        """The country (or pair) of the group, or ``None`` when not grouped by country.

        Examples:
            >>> from commit_mef import country
            >>> AggregateRow(key=(country("LAO"),), value=1, rows=1, by=("country",)).country.name
            'Lao PDR'
        """
        value = self.group.get("country")
        return value if isinstance(value, (Country, CountryPair)) else None

    @property
    def year(self) -> int | None:
        """The calendar year of the group, or ``None`` when not grouped by year.

        Examples:
            >>> AggregateRow(key=(2014,), value=1, rows=1, by=("year",)).year
            2014
        """
        value = self.group.get("year")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def currency(self) -> str | None:
        """The ISO 4217 code of the group, or ``None`` when not grouped by currency.

        Examples:
            >>> AggregateRow(key=("THB",), value=1, rows=1, by=("currency",)).currency
            'THB'
        """
        value = self.group.get("currency")
        return value if isinstance(value, str) else None

    def dimension(self, name: str) -> str | None:
        """The code of dimension ``name`` for the group (``None``: the figures have no code).

        A group's period is ``group["period"]``; :attr:`period` is the span its
        figures cover.

        Raises:
            NotFoundError: the result is not grouped by that dimension.

        Examples:
            >>> row = AggregateRow(key=("female",), value=1, rows=1, by=("sex",))
            >>> row.dimension("sex")
            'female'
            >>> row.dimension("age")
            Traceback (most recent call last):
            ...
            commit_mef.errors.NotFoundError: the aggregate is not grouped by 'age' (it is by: sex)
        """
        if name not in self.by or name in _NAMED_AXES:
            raise NotFoundError(
                f"the aggregate is not grouped by {name!r} (it is by: {', '.join(self.by) or 'nothing'})",
                what="dimension",
                key=name,
                available=self.by,
            )
        value = self.group[name]
        return value if isinstance(value, str) else None


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

    def __attrs_post_init__(self) -> None:
        check_type(self.rows, tuple, "AggregateResult(rows=)")
        check_type(self.by, tuple, "AggregateResult(by=)")
        for row in self.rows:
            check_type(row, AggregateRow, "AggregateResult(rows=) item")
        if any(row.by != self.by for row in self.rows):  # each row names its key's axes
            rows = tuple(attrs.evolve(row, by=self.by) for row in self.rows)
            object.__setattr__(self, "rows", rows)

    def __repr__(self) -> str:
        return self._summary().text()

    def _repr_html_(self) -> str:
        """The result as a small HTML table for Jupyter: its rule, unit and first groups."""
        return self._summary().html()

    def _summary(self) -> Summary:
        rule = f"{self.rule.over_time.value} over time, {self.rule.across_countries.value} across countries"
        lines = [
            f"{plural(len(self.rows), 'group')}, "
            + (f"unit {self.unit}, " if self.unit else "")
            + f"rule {rule}",
            *([f"over {self.over}"] if self.over is not None else []),
            counts((len(self.conversions), "conversion"), (len(self.assumptions), "assumption")),
            *(f"assumes: {text}" for text in self.assumptions[:2]),
        ]
        axes = self.by or ("total",)
        return Summary(
            kind="AggregateResult",
            name=f"{self.indicator} by {', '.join(self.by) or 'nothing (one total)'}",
            lines=lines,
            header=(*axes, "value", "observations", "flags"),
            rows=(
                (
                    *([t for _, t in row._key_text()] or ["total"]),
                    str(row.value),
                    str(row.rows),
                    ", ".join(row.flags),
                )
                for row in self.rows[:HTML_ROWS]
            ),
            total=len(self.rows),
            noun="group",
        )

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
