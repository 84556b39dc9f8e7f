"""Several indicators in one pass over the rows: the checks proven on the whole table, one group-by.

``aggregate(table, [a, b, c], ...)`` on a numpy table first tries this path, which
touches each row a handful of times whatever the number of indicators: no split of
the table per indicator, one combined key with the indicator as its leading digit,
one count and one exact sum per (indicator, country, period, basis, currency,
quality) combination, and each indicator's run placing and converting only its own
combinations.

The checks on the rows are kept whole.  Those that only count (kinds, bases, units,
currencies) are counted per indicator in one pass and handed to each indicator's run,
which raises exactly what it raises alone, in the same order.  The one-value-per-cell
rules and the entry checks are *proven* on the whole table with the indicator among
their keys (no budget line of any indicator overlaps, no stock is given twice, no
count is negative, no id is used twice ...): a proof that holds for the whole table
holds for each indicator's rows.  Where a proof does not hold, or the rows need what
the proofs do not cover (rows with no value, disaggregation dimensions and
breakdowns beside their totals, ``same_as`` and ``subset_of`` links, weighted means,
ordinal scales), :func:`one_pass` gives ``None`` and the call runs indicator by
indicator, which finds and words the problem as before.  Either way the results are
those of one call per indicator.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from commit_mef.aggregation._many import SharedFactors, SharedRun
from commit_mef.aggregation._prepare import _first_overlap, _line_groups, quality_codes
from commit_mef.aggregation._rules import time_family
from commit_mef.aggregation._values import Combinations, ids_per_group
from commit_mef.indicators import CountryAggregation, Indicator, MeasureKind, code_problems
from commit_mef.observations import ObservationTable
from commit_mef.observations import _columns as cols_
from commit_mef.observations._group_sums import group_sums

if TYPE_CHECKING:
    from commit_mef.aggregation._result import AggregateResult
    from commit_mef.indicators import AggregationRule

__all__ = ["one_pass"]

_NONE = 0  # the kind code of a row with no value
_MONEY = MeasureKind.MONEY


class _OnePassRun(SharedRun):
    """One indicator's run, its counts and combinations read from the whole-table pass."""

    def __init__(
        self, *args: Any, kinds: list[int], bases: list[tuple[Any, int]], units: list[Any],
        currencies: list[Any], combos: Combinations, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self._kinds, self._bases, self._combos = kinds, bases, combos
        self._units, self._currencies = units, currencies

    def check_rows(self) -> ObservationTable:
        self.check_kinds(self._kinds)
        self.check_basis_counts(self._bases)
        self.check_units(
            {
                "unit": (list(range(len(self._units))), tuple(self._units)),
                "currency": (list(range(len(self._currencies))), tuple(self._currencies)),
            }
        )
        return self.table

    def combinations(self, table: ObservationTable) -> Combinations:
        return self._combos


def one_pass(
    table: ObservationTable,
    listed: Sequence[Indicator],
    by: Sequence[str],
    *,
    shared: SharedFactors,
    **options: Any,
) -> dict[str, AggregateResult] | None:
    """The results of a many-indicator call in one pass, or ``None`` where it must go one by one."""
    calls = _calls(table, listed, by, options)
    if calls is None:
        return None
    cols = table._storage()
    families = {time_family(ind, rule) for ind, (_a, rule) in zip(listed, calls, strict=True)}
    if not families <= {"flow", "stock", "milestone"}:
        return None
    if not _entries_proven(table, cols, listed):
        return None
    base = _base(table)
    if not _cells_proven(table, cols, listed, families, base):
        return None
    return _run(
        table, cols=cols, listed=listed, calls=calls, base=base, shared=shared, options=options
    )


def _calls(
    table: ObservationTable, listed: Sequence[Indicator], by: Sequence[str], options: Any
) -> list[tuple[tuple[str, ...], AggregationRule]] | None:
    """Each indicator's axes and rule, or ``None`` where the call must go one by one."""
    from commit_mef.aggregation._aggregate import check_call

    if not len(table) or cols_.is_python(table._mags) or table.dimensions:
        return None
    cols = table._storage()
    if any(
        link in cols and any(c is not None for c in cols[link][1])
        for link in ("same_as", "subset_of")
    ):
        return None
    money = [ind.kind is _MONEY for ind in listed]
    if any(money) and not all(money):
        return None
    try:  # an argument refused is raised in its turn by the runs one by one
        calls = [
            check_call(
                table, ind, by, over=options["over"], currency=options["currency"],
                rule=options["rule"],
            )
            for ind in listed
        ]  # fmt: skip
    except Exception:
        return None
    for ind, (axes, rule) in zip(listed, calls, strict=True):
        if (
            not set(axes) <= {"country", "year", "period", "currency"}  # a dimension: one by one
            or rule.across_countries is CountryAggregation.WEIGHTED_MEAN
            or (ind.kind is MeasureKind.ORDINAL and ind.scale is not None)
            or code_problems(ind, {})
        ):
            return None
    return calls


def _entries_proven(
    table: ObservationTable, cols: dict[str, Any], listed: Sequence[Indicator]
) -> bool:
    """Whether the entry checks (units of counts, numbers in range, ids once) hold for all rows."""
    import numpy as np

    kinds = {ind.kind for ind in listed}
    if not kinds & {MeasureKind.COUNT, MeasureKind.PERCENTAGE}:
        return _ids_once(cols)
    ind_codes, ind_cats = cols["indicator"]
    called = np.zeros(len(ind_cats), dtype=bool)
    for ind in listed:
        if ind.id in ind_cats:
            called[ind_cats.index(ind.id)] = True
    mine = called[ind_codes]
    ok = True
    if MeasureKind.COUNT in kinds:
        ucodes, ucats = table._key_column("unit")
        none_units = [i for i, u in enumerate(ucats) if u is None]
        ok = not (none_units and (mine & np.isin(ucodes, none_units)).any())
    if ok and kinds & {MeasureKind.COUNT, MeasureKind.PERCENTAGE}:
        exponent, mags = cols["exponent"], cols["magnitude"]
        if mags.dtype == object or exponent > 0:
            return False  # huge or scaled-up magnitudes: checked one by one
        one = 10 ** (-exponent) if exponent < 0 else 1
        bad = (mags < 0) | (mags % one != 0) if MeasureKind.COUNT in kinds else mags < 0
        if MeasureKind.PERCENTAGE in kinds:
            bad = bad | (mags > 100 * one)
        ok = not (mine & bad).any()
    return bool(ok) and _ids_once(cols)


def _ids_once(cols: dict[str, Any]) -> bool:
    """Whether no id names two rows (of any indicator)."""
    if "id" not in cols:
        return True
    codes, cats = cols["id"]
    counts = cols_.bincount(codes, len(cats))
    return not any(c > 1 and cats[i] is not None for i, c in enumerate(counts))


def _base(table: ObservationTable) -> tuple[Any, int]:
    """One key per row of (indicator, country, period), the leading digits of the pass's keys."""
    cols = [table._key_column(name) for name in ("indicator", "country", "period")]
    wide = [(codes, len(cats)) for codes, cats in cols if len(cats) > 1]
    key, radix = cols_.mixed_key(wide, len(table))
    return key, radix


def _cells_proven(
    table: ObservationTable,
    cols: dict[str, Any],
    listed: Sequence[Indicator],
    families: set[str],
    base: tuple[Any, int],
) -> bool:
    """Whether the one-value-per-cell rules hold for every indicator (the indicator a key)."""
    n = len(table)
    money = listed[0].kind is _MONEY
    if families == {"flow"} and money:
        pcats = table._key_column("period")[1]
        dated = sorted((p for p in pcats if p is not None), key=lambda p: (p.start, p.end))
        if all(b.start > a.end for a, b in itertools.pairwise(dated)):
            # disjoint periods: a budget line breaks the rule only by holding one twice
            codes, cats = table._key_column("recipient")
            return cols_.all_distinct([base, (codes, len(cats))], n)
    if "milestone" in families or ("flow" in families and not money):
        keys = [(cols[k][0], len(cols[k][1])) for k in cols if k not in ("magnitude", "exponent")]
        if not cols_.all_distinct(keys, n):
            return False
    if "stock" in families and _line_groups(table, ("indicator", "country", "period"))[2] != n:
        return False
    line = ("indicator", "country", "recipient") if money else ("indicator", "country")
    return "flow" not in families or _first_overlap(table, line) is None


def _run(
    table: ObservationTable,
    *,
    cols: dict[str, Any],
    listed: Sequence[Indicator],
    calls: list[tuple[tuple[str, ...], AggregationRule]],
    base: tuple[Any, int],
    shared: SharedFactors,
    options: dict[str, Any],
) -> dict[str, AggregateResult]:
    """Count and sum every combination once, then each indicator's run on its own slice.

    The key's leading digits are the (indicator, country, period) key the proofs used;
    the kind and the unit are its last digits, so each indicator's rows per kind,
    basis, unit and currency are read from its combinations, not counted again, and
    within an indicator the combinations come in the order a run alone finds them.
    """
    money = listed[0].kind is _MONEY
    names = ["basis"] + (["currency"] if money else [])
    rest = [table._key_column(k) for k in names]
    quality, levels = quality_codes(table)
    if levels > 1:
        names.append("quality")
        rest.append((quality, tuple(range(levels))))
    names += ["kind", "unit"]
    rest += [(cols["kind"][0], tuple(range(5))), table._key_column("unit")]
    codes, counts, sums, groups = group_sums(
        [base, *((c, len(cats)) for c, cats in rest)],
        len(table),
        cols["magnitude"],
        rows="id" in cols,
        consume=True,  # the base key is not needed after: the key is built in its place
    )
    ids = ids_per_group(cols, groups, len(counts))
    lead, country, period = _split_base(codes[0], table)
    at = {
        name: (codes[j + 1], cats)
        for j, (name, (_c, cats)) in enumerate(zip(names, rest, strict=True))
    }
    at["country"] = (country, table._key_column("country")[1])
    at["period"] = (period, table._key_column("period")[1])
    kind_codes = at["kind"][0]
    position = {name: i for i, name in enumerate(cols["indicator"][1])}
    out: dict[str, AggregateResult] = {}
    for ind, (axes, rule) in zip(listed, calls, strict=True):
        code = position.get(ind.id)
        lo = bisect.bisect_left(lead, code) if code is not None else 0
        hi = bisect.bisect_right(lead, code) if code is not None else 0
        kinds = [0] * 5
        for k, c in zip(kind_codes[lo:hi], counts[lo:hi], strict=True):
            kinds[k] += c
        valued = [g for g in range(lo, hi) if kind_codes[g] != _NONE]  # no value: left out
        shown = ["country", "period", *(n for n in names if n not in ("kind", "unit"))]
        decoded = {name: [at[name][1][at[name][0][g]] for g in valued] for name in shown}
        bases = dict.fromkeys(at["basis"][1], 0)
        for basis, c in zip(decoded["basis"], (counts[g] for g in valued), strict=True):
            bases[basis] += c
        combos = Combinations(
            columns=decoded,
            dims={},
            counts=[counts[g] for g in valued],
            sums=[sums[g] for g in valued],
            ids=[ids[g] for g in valued],
            exponent=cols["exponent"],
        )
        out[ind.id] = _OnePassRun(
            table, ind, axes, rule,
            over=options["over"], currency=options["currency"], rates=options["rates"],
            prorate=options["prorate"], allow_not_meaningful=options["allow_not_meaningful"],
            shared=shared, kinds=kinds, bases=list(bases.items()),
            units=_present(at["unit"][1], at["unit"][0], valued),
            currencies=_present(at["currency"][1], at["currency"][0], valued) if money else [],
            combos=combos,
        ).run()  # fmt: skip
    return out


def _split_base(base: list[int], table: ObservationTable) -> tuple[list[int], ...]:
    """The (indicator, country, period) codes of each group, read off its base key."""
    cards = [len(table._key_column(n)[1]) for n in ("indicator", "country", "period")]
    out: list[list[int]] = [[], [], []]
    for i in reversed(range(3)):
        if cards[i] > 1:
            out[i] = [b % cards[i] for b in base]
            base = [b // cards[i] for b in base]
        else:
            out[i] = [0] * len(base)
    return out[0], out[1], out[2]


def _present(cats: tuple[Any, ...], codes: list[int], groups: list[int]) -> list[Any]:
    """The categories the given combinations use, in the categories' order."""
    used = {codes[g] for g in groups}
    return [c for i, c in enumerate(cats) if i in used]
