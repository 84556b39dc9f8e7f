"""Weighted means as a join: numerator and denominator paired per country and period, then divided."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from commit_mef.aggregation._result import AggregateResult, AggregateRow
from commit_mef.aggregation._values import sort_key
from commit_mef.errors import AggregationError
from commit_mef.indicators import AggregationRule, Indicator, MeasureKind, TimeAggregation
from commit_mef.observations import ObservationTable
from commit_mef.observations import _columns as cols_
from commit_mef.periods import Period

__all__ = ["weighted_mean"]

_AXES = ("country", "year", "period", "currency")


def weighted_mean(
    table: ObservationTable,
    indicator: Indicator,
    by: tuple[str, ...],
    rule: AggregationRule,
    *,
    indicators: Mapping[str, Indicator] | Iterable[Indicator] | None,
    aggregate: Any,
    **options: Any,
) -> AggregateResult:
    """A percentage or ratio recomputed from its numerator and denominator.

    Each side is aggregated per country, period (or year, when ``by`` names it)
    and dimension; the two are joined on that key, so a country or period
    reporting one side only is left out and named, never divided by another's
    figure.  Over time the matched pairs follow the indicator's own rule (the
    latest matched period for ``"last"``, all of them added for ``"sum"``);
    across countries the numerators and denominators are added, then divided.
    """
    num_ind, den_ind = (_part(indicator, role, indicators) for role in ("numerator", "denominator"))
    dims = tuple(a for a in by if a not in _AXES)
    time_axis = "year" if "year" in by else "period"
    inner = ("country", time_axis, *dims)
    num = aggregate(table, num_ind, inner, **options)
    den = aggregate(table, den_ind, inner, **options)
    nums = {row.key: row for row in num}
    dens = {row.key: row for row in den}
    scale = (
        Fraction(100)
        if indicator.kind is MeasureKind.PERCENTAGE
        else Fraction(indicator.factor or 1)
    )
    notes = [
        (
            f"weighted mean recomputed as {indicator.numerator} / {indicator.denominator} x "
            f"{scale}, numerator and denominator paired per country and {time_axis}"
        )
    ]
    notes += _unpaired(nums, dens, indicator)
    pairs = [(nums[k], dens[k]) for k in sorted(set(nums) & set(dens), key=_key_order)]
    if "year" not in by and "period" not in by:
        pairs = _over_time(pairs, rule)
    groups: dict[tuple[Any, ...], list[tuple[AggregateRow, AggregateRow]]] = {}
    for n_row, d_row in pairs:
        groups.setdefault(_outer_key(n_row.key, by, dims), []).append((n_row, d_row))
    rows = [_row(key, members, scale) for key, members in groups.items()]
    rows.sort(key=lambda r: tuple(sort_key(v) for v in r.key))
    return AggregateResult(
        indicator=indicator.id,
        by=by,
        rows=tuple(rows),
        unit="percent" if indicator.kind is MeasureKind.PERCENTAGE else indicator.unit,
        rule=rule,
        over=options.get("over"),
        conversions=num.conversions + den.conversions,
        assumptions=tuple(dict.fromkeys((*notes, *num.assumptions, *den.assumptions))),
    )


def _part(
    indicator: Indicator,
    role: str,
    indicators: Mapping[str, Indicator] | Iterable[Indicator] | None,
) -> Indicator:
    catalogue: dict[str, Indicator] = {}
    if isinstance(indicators, Mapping):
        catalogue.update(indicators)
    elif indicators is not None:
        catalogue.update({i.id: i for i in indicators})
    ident = getattr(indicator, role)
    found = catalogue.get(ident)
    if found is None:
        raise AggregationError(
            f"a weighted mean is recomputed from the {role} {ident!r}; pass its Indicator "
            "with indicators=[numerator, denominator]",
            indicator=indicator.id,
        )
    return found


def _unpaired(
    nums: dict[tuple[Any, ...], AggregateRow],
    dens: dict[tuple[Any, ...], AggregateRow],
    indicator: Indicator,
) -> list[str]:
    notes = []
    for keys, has, lacks in (
        (set(nums) - set(dens), indicator.numerator, indicator.denominator),
        (set(dens) - set(nums), indicator.denominator, indicator.numerator),
    ):
        for key in sorted(keys, key=_key_order):
            what = " ".join(str(k) for k in key if k is not None)
            notes.append(f"{what} reports {has} but not {lacks}: left out of the weighted mean")
    return notes


def _key_order(key: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(sort_key(v) for v in key)


def _slot_end(row: AggregateRow) -> dt.date:
    slot = row.key[1]
    if isinstance(slot, Period):
        return slot.end
    if isinstance(slot, int):
        return dt.date(slot, 12, 31)
    return row.period.end if row.period is not None else dt.date.min


def _over_time(
    pairs: list[tuple[AggregateRow, AggregateRow]], rule: AggregationRule
) -> list[tuple[AggregateRow, AggregateRow]]:
    """Per country and dimensions: every matched period (``sum``) or only the latest one."""
    if rule.over_time is TimeAggregation.SUM:
        return pairs
    latest: dict[tuple[Any, ...], tuple[AggregateRow, AggregateRow]] = {}
    for n_row, d_row in pairs:
        series = (n_row.key[0], *n_row.key[2:])
        known = latest.get(series)
        if known is None or _slot_end(n_row) > _slot_end(known[0]):
            latest[series] = (n_row, d_row)
    return list(latest.values())


def _outer_key(
    inner: tuple[Any, ...], by: tuple[str, ...], dims: tuple[str, ...]
) -> tuple[Any, ...]:
    out = []
    for axis in by:
        if axis == "country":
            out.append(inner[0])
        elif axis in ("year", "period"):
            out.append(inner[1])
        elif axis in dims:
            out.append(inner[2 + dims.index(axis)])
        else:
            out.append(None)
    return tuple(out)


def _row(
    key: tuple[Any, ...], members: list[tuple[AggregateRow, AggregateRow]], scale: Fraction
) -> AggregateRow:
    num = sum((Fraction(n.value) for n, _ in members), Fraction(0))  # type: ignore[arg-type]
    den = sum((Fraction(d.value) for _, d in members), Fraction(0))  # type: ignore[arg-type]
    value = None if den == 0 else cols_.fraction_to_decimal(num / den * scale)
    both = [row for pair in members for row in pair]
    periods = [r.period for r in both if r.period is not None]
    return AggregateRow(
        key=key,
        value=value,
        rows=sum(r.rows for r in both),
        ids=tuple(sorted(i for r in both for i in r.ids)),
        countries=tuple(sorted({c for r in both for c in r.countries}, key=sort_key)),
        numerator=cols_.fraction_to_decimal(num),
        denominator=cols_.fraction_to_decimal(den),
        period=Period(min(p.start for p in periods), max(p.end for p in periods))
        if periods
        else None,
        flags=tuple(dict.fromkeys(f for r in both for f in r.flags)),
    )
