"""aggregate() on an engine: the engine counts and sums, Python finishes exactly, by the same rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from commit_mef.aggregation._aggregate import aggregate as aggregate_in_process
from commit_mef.aggregation._aggregate import check_call
from commit_mef.aggregation._kernel import Aggregation
from commit_mef.aggregation._prepare import quality_codes
from commit_mef.aggregation._result import AggregateResult
from commit_mef.aggregation._values import Combinations
from commit_mef.aggregation._weighted import weighted_mean
from commit_mef.engines._checks import (
    EntryChecks,
    drop_same_as,
    mixed_breakdowns,
    needs_rows,
    resolve_breakdowns,
    rows,
    rows_of,
)
from commit_mef.engines._profile import Profile, SumOverflow, footers, profile
from commit_mef.engines._source import Source, from_ibis
from commit_mef.errors import InvalidTypeError
from commit_mef.indicators import AggregationRule, CountryAggregation, Indicator, MeasureKind
from commit_mef.observations import ObservationTable
from commit_mef.periods import Period

if TYPE_CHECKING:
    from commit_mef.rates import RateTable

__all__ = ["aggregate"]

#: The kinds whose entry check reads each group's least and greatest value.
_BOUNDED = (MeasureKind.COUNT, MeasureKind.PERCENTAGE, MeasureKind.ORDINAL)


class _Shape:
    """What the argument checks read of a table (its dimensions, whether it has rows)."""

    def __init__(self, dimensions: tuple[str, ...], rows: int) -> None:
        self.dimensions = dimensions
        self._rows = rows

    def __len__(self) -> int:
        return self._rows


def _source(source: object) -> Source:
    if isinstance(source, Source):
        return source
    if isinstance(source, ObservationTable):
        raise InvalidTypeError(
            "commit_mef.engines.aggregate() takes a table in an engine; for an "
            "ObservationTable call commit_mef.aggregate()"
        )
    return from_ibis(source)


def aggregate(
    source: Source | Any,
    indicator: Indicator,
    by: Sequence[str] = ("country", "year"),
    *,
    over: Period | None = None,
    currency: str | None = None,
    rates: RateTable | None = None,
    prorate: bool = False,
    rule: AggregationRule | None = None,
    indicators: Mapping[str, Indicator] | Iterable[Indicator] | None = None,
    allow_not_meaningful: bool = False,
) -> AggregateResult:
    """:func:`commit_mef.aggregate` on a table that lives in an engine (DuckDB, Spark, any Ibis backend).

    The arguments and the result are those of :func:`commit_mef.aggregate`, and so
    are the rules and the errors: the engine computes what needs every row (counts,
    exact DECIMAL(38, s) sums per country, period, basis, currency and dimension, the
    distinct hashes that rule out identical rows and repeated budget lines, a window
    over overlapping ones) and Python finishes the
    few combinations exactly (placing them in time, converting each currency and
    period slice at its rate with :class:`~fractions.Fraction`).  Figures linked with
    ``same_as`` are resolved on the few rows the links concern, fetched by the layout's
    ``row`` column, and the pass runs again without the repeats; ``subset_of`` links are
    checked on the engine.  Breakdowns beside undisaggregated totals are resolved on
    the rows of the cells that hold both (found by a window over each cell), the parts
    dropped and the remainders of totals added on the engine.  Without a ``row`` column
    (or with a row number given twice) links and breakdowns are resolved row by row:
    the indicator's rows are brought into memory and aggregated in process, with the
    same result.

    Args:
        source: A :class:`Source` (:func:`duckdb`, :func:`spark`) or an Ibis table.
        indicator: See :func:`commit_mef.aggregate`, as for the other arguments.
        by: The axes to keep.
        over: Only the part of the data in this period.
        currency: Convert money into this currency.
        rates: The rate table to convert with.
        prorate: Split figures straddling a boundary by days.
        rule: A rule instead of the indicator's own.
        indicators: The numerator and denominator of a weighted mean.
        allow_not_meaningful: Convert with rates marked not meaningful.

    Raises:
        AggregationError: as :func:`commit_mef.aggregate`, with the same message.
        MissingRateError: a conversion rate is missing.

    Examples:
        >>> import ibis, pyarrow as pa
        >>> from decimal import Decimal
        >>> from commit_mef import engines
        >>> from commit_mef.indicators import Indicator
        >>> trained = Indicator(id="trained", name="People trained", kind="count", unit="person")
        >>> data = ibis.memtable(pa.table({"indicator": ["trained"] * 3, "country": ["LAO", "LAO", "KHM"],
        ...     "period": ["2013", "2014", "2014"], "value": [Decimal(78), Decimal(440), Decimal(401)],
        ...     "unit": ["person"] * 3}))
        >>> result = engines.aggregate(data, trained, by=("country",))
        >>> {str(row.key[0]): row.value for row in result}
        {'Cambodia': Decimal('401'), 'Lao PDR': Decimal('518')}
    """
    src = _source(source)
    known = {"country", "year", "period", "currency", *src.dimensions()}
    size = 1 if isinstance(by, str) or set(by) <= known else int(src.table.count().execute())
    whole = _Shape(src.dimensions(), size)  # an unknown axis is refused only if there are rows
    axes, applied = check_call(
        cast("ObservationTable", whole), indicator, by, over=over, currency=currency, rule=rule
    )
    options: dict[str, Any] = {
        "over": over,
        "currency": currency,
        "rates": rates,
        "prorate": prorate,
        "allow_not_meaningful": allow_not_meaningful,
    }
    if applied.across_countries is CountryAggregation.WEIGHTED_MEAN:
        return weighted_mean(
            cast("ObservationTable", src),
            indicator,
            axes,
            applied,
            indicators=indicators,
            aggregate=aggregate,
            **options,
        )
    table = src.table.filter(src.table.indicator == indicator.id)
    bounds = indicator.kind in _BOUNDED
    stats = footers(table, src.parquet, seals=src.seals) if src.parquet is not None else None

    def again(t: Any) -> Profile:  # the files' footers hold for any part of their rows
        return profile(t, bounds=bounds, known=stats)

    try:
        found = again(table)
        if needs_rows(found, row_column="row" in table.columns) is not None:
            raise _RowByRow
        run = EngineAggregation(table, found, indicator, axes, applied, reprofile=again, **options)
        return run.run()
    except (_RowByRow, SumOverflow):  # a sum past 38 digits is exact in Python
        return aggregate_in_process(rows(table), indicator, axes, rule=applied, **options)


class _RowByRow(Exception):  # noqa: N818 - a signal inside this module, never raised out of it
    """The links cannot be resolved on the engine: the caller aggregates the rows in process."""


class EngineAggregation(Aggregation):
    """The in-process run with the engine's counts: its checks and its combinations replaced."""

    def __init__(
        self,
        table: Any,
        found: Profile,
        *args: Any,
        reprofile: Callable[[Any], Profile] = profile,
        **kwargs: Any,
    ) -> None:
        super().__init__(ObservationTable.empty(), *args, **kwargs)
        self.engine_table = table
        self.profile = found
        self.reprofile = reprofile  # the pass again, on the table less its repeated reports

    def check_rows(self) -> ObservationTable:
        self.check_kinds(self.profile.kinds())
        self.check_basis_counts(self.profile.per(lambda g: g.basis).items())
        notes: list[str] = []
        checks = EntryChecks(self.engine_table, self.profile, self.indicator)
        if self.profile.valued():
            checks.entry()
            checks.duplicate_ids()
        if any(g.links for g in self.profile.valued()):
            self._drop_repeats(notes)
            checks = EntryChecks(self.engine_table, self.profile, self.indicator)
        checks.before_breakdowns(self.family)
        if mixed_breakdowns(self.profile):
            self._resolve_breakdowns(notes)
            checks = EntryChecks(self.engine_table, self.profile, self.indicator)
        checks.after_breakdowns(self.family, notes)
        self.assumptions.extend(notes)
        units = list(self.profile.per(lambda g: g.unit))
        currencies = list(self.profile.per(lambda g: g.currency))
        self.check_units(
            {
                "unit": (list(range(len(units))), tuple(units)),
                "currency": (list(range(len(currencies))), tuple(currencies)),
            }
        )
        return self.table

    def _drop_repeats(self, notes: list[str]) -> None:
        """Leave out the reports ``same_as`` links repeat, on the engine; then count again."""
        dropped = drop_same_as(self.engine_table, notes)
        self._count_again(None if dropped is None else (dropped[0], dropped[1], 0))

    def _resolve_breakdowns(self, notes: list[str]) -> None:
        """Breakdowns beside their totals resolved on the rows of their cells; then count again."""
        # the dimensions some row is coded for: a column empty in every row is none, as
        # the rows read in process (io.from_arrow) have it
        dims = tuple(d for d in self.profile.dims if f"dim.{d}" in self.profile.filled)
        self._count_again(
            resolve_breakdowns(self.engine_table, dims, self.indicator, self.by, notes)
        )

    def _count_again(self, changed: tuple[Any, int, int] | None) -> None:
        """Take the table less ``dropped`` rows and with ``added`` ones, and its pass again.

        ``changed`` is None, or the second pass counts other than the rows the change
        should leave, where rows cannot be told apart by their ``row`` (a number
        missing or given twice): the indicator then goes row by row.
        """
        if changed is None:
            raise _RowByRow
        table, dropped, added = changed
        if not dropped:
            return
        before = sum(g.rows for g in self.profile.groups)
        found = self.reprofile(table)
        if sum(g.rows for g in found.groups) != before - dropped + added:
            raise _RowByRow  # a dropped row's number was another row's too
        self.engine_table, self.profile = table, found

    def combinations(self, table: ObservationTable) -> Combinations:
        groups = self.profile.valued()
        marks = _quality_bits([g.quality for g in groups])
        columns: dict[str, list[Any]] = {
            "country": [g.country for g in groups],
            "period": [g.period for g in groups],
            "basis": [g.basis for g in groups],
        }
        if self.kind == 2:  # money
            columns["currency"] = [g.currency for g in groups]
        if any(marks):
            columns["quality"] = marks
        dims = [a for a in self.by if a not in ("country", "year", "period", "currency")]
        index = {d: i for i, d in enumerate(self.profile.dims)}
        return Combinations(
            columns=columns,
            dims={d: [g.dims[index[d]] if d in index else None for g in groups] for d in dims},
            counts=[g.rows for g in groups],
            sums=[g.magnitude for g in groups],
            ids=[list(g.ids) for g in groups],
            exponent=self.profile.exponent,
        )


def _quality_bits(qualities: list[tuple[bool, str | None, str | None]]) -> list[int]:
    """The kernel's quality bits of each (approximate, bound, flags), worked out in process once each."""
    if not qualities:
        return []
    import pyarrow as pa

    distinct = list(dict.fromkeys(qualities))
    sample = pa.table(
        {
            "indicator": ["q"] * len(distinct),
            "country": ["KHM"] * len(distinct),
            "approximate": [q[0] for q in distinct],
            "bound": pa.array([q[1] for q in distinct], pa.string()),
            "flags": pa.array([q[2] for q in distinct], pa.string()),
        }
    )
    bits, _levels = quality_codes(rows_of(sample))
    found = dict(zip(distinct, (int(b) for b in bits), strict=True))
    return [found[q] for q in qualities]
