"""Reading an observation table: typed rows, filters, groups, key columns and plain-list export.

The methods of :class:`~commit_mef.observations.ObservationTable` that read
its storage delegate to the functions here; each works on either backend
(Python lists for small tables, numpy arrays otherwise).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from commit_mef._display import HTML_ROWS, Summary, counts
from commit_mef.countries import Country
from commit_mef.errors import InvalidTypeError, ValidationError
from commit_mef.money import Money
from commit_mef.observations import _columns as cols_
from commit_mef.observations._encoding import (
    BOOL,
    DEFAULTS,
    DIM,
    MONEY,
    NUMBER,
    OPTIONAL,
    TEXT,
)
from commit_mef.observations._observation import (
    CountryPair,
    Observation,
    Place,
    Value,
    to_place,
)
from commit_mef.observations._value_filter import value_mask
from commit_mef.periods import Period

if TYPE_CHECKING:
    import numpy.typing as npt

    from commit_mef.observations._table import ObservationTable


# -- rows -------------------------------------------------------------------------------------


def observation_at(table: ObservationTable, i: int) -> Observation:
    """Row ``i`` (``0 <= i < len(table)``) as an :class:`Observation`."""
    kind = int(table._cols["kind"][0][i])
    value: Value = None
    if kind in (NUMBER, MONEY, BOOL):
        number = cols_.unscale(int(table._mags[i]), table._exponent)
        if kind == NUMBER:
            value = number
        elif kind == MONEY:
            value = Money(number, _cat(table, "currency", i))
        else:
            value = number != 0
    elif kind == TEXT:
        value = _cat(table, "text", i)
    dims = tuple(
        (name[len(DIM) :], code)
        for name in table._cols
        if name.startswith(DIM) and (code := _cat(table, name, i)) is not None
    )
    fields = {name: _cat(table, name, i) for name in OPTIONAL if name != "text"}
    return Observation(
        indicator=_cat(table, "indicator", i),
        country=_cat(table, "country", i),
        period=_cat(table, "period", i),
        value=value,
        unit=_cat(table, "unit", i),
        basis=_cat(table, "basis", i),
        disaggregation=dims,
        **fields,
    )


def _cat(table: ObservationTable, name: str, i: int) -> Any:
    col = table._cols.get(name)
    if col is None:
        return DEFAULTS.get(name)
    return col[1][int(col[0][i])]


def present(table: ObservationTable, name: str) -> tuple[Any, ...]:
    """The categories of column ``name`` some row uses, in category order."""
    codes, cats = table._cols[name]
    if cols_.is_python(codes):
        seen = set(codes)
        return tuple(c for i, c in enumerate(cats) if i in seen)
    import numpy as np

    used = np.zeros(len(cats), dtype=bool)
    used[codes] = True
    return tuple(c for c, u in zip(cats, used.tolist(), strict=True) if u)


# -- filters and groups ----------------------------------------------------------------------


def filter_rows(
    table: ObservationTable,
    *,
    indicator: str | Iterable[str] | None = None,
    country: object = None,
    period: Period | None = None,
    disaggregation: Mapping[str, str | Iterable[str] | None] | None = None,
    predicate: Callable[[Observation], bool] | None = None,
    value_min: object = None,
    value_max: object = None,
    values: object = None,
) -> ObservationTable:
    """:meth:`ObservationTable.filter`: the rows that match every criterion given."""
    by_value = value_min is not None or value_max is not None or values is not None
    if (
        isinstance(indicator, str)
        and country is None
        and period is None
        and not disaggregation
        and predicate is None
        and not by_value
        and not cols_.is_python(table._mags)
    ):
        return _one_indicator(table, indicator)
    masks = []
    if indicator is not None:
        ids = {indicator} if isinstance(indicator, str) else set(indicator)
        masks.append(_mask(table, "indicator", ids.__contains__))
    if country is not None:
        wanted = _places(country)
        singles = {p for p in wanted if isinstance(p, Country)}
        masks.append(
            _mask(
                table,
                "country",
                lambda p: (
                    p in wanted or (isinstance(p, CountryPair) and bool(singles & set(p.countries)))
                ),
            )
        )
    if period is not None:
        if not isinstance(period, Period):
            raise InvalidTypeError(f"filter(period=...) takes a Period, got {period!r}")
        masks.append(_mask(table, "period", lambda p: p is not None and p.overlaps(period)))
    for dim, codes in (disaggregation or {}).items():
        allowed = {codes} if codes is None or isinstance(codes, str) else set(codes)
        masks.append(_mask(table, DIM + dim, allowed.__contains__))
    if by_value:
        masks.append(value_mask(table, value_min=value_min, value_max=value_max, values=values))
    if cols_.is_python(table._mags):
        rows = [i for i, keep in enumerate(zip(*masks, strict=True)) if all(keep)]
        result = table._take(rows if masks else list(range(table._n)))
    else:
        import numpy as np

        mask = np.ones(table._n, dtype=bool)
        for m in masks:
            mask &= m
        result = table._take(np.flatnonzero(mask))
    if predicate is not None:
        keep = [i for i, obs in enumerate(result) if predicate(obs)]
        result = result._take(keep)
    return result


def _one_indicator(table: ObservationTable, indicator: str) -> ObservationTable:
    """The rows of one indicator (numpy tables): the table itself, or a slice of a cached sort.

    Aggregating a table indicator by indicator filters it once per indicator; the row numbers
    of every indicator are found with one stable sort of the codes on first use, and kept with
    the (immutable) table, so each later filter takes its rows without scanning the column.
    """
    import numpy as np

    codes, cats = table._cols["indicator"]
    if indicator not in cats:
        return table._take(np.zeros(0, dtype=np.int64))
    if len(cats) == 1:
        return table
    buckets = getattr(table, "_rows_by_indicator", None)
    if buckets is None:
        order = np.argsort(codes, kind="stable")
        bounds = np.concatenate(([0], np.cumsum(np.bincount(codes, minlength=len(cats)))))
        # a column holding one code in every row is filled, not gathered, in each slice
        same = {
            name: int(col[0])
            for name, (col, _) in table._cols.items()
            if name != "indicator" and len(col) and not (col != col[0]).any()
        }
        buckets = table._rows_by_indicator = (order, bounds.tolist(), same)
    order, bounds, same = buckets
    c = cats.index(indicator)
    rows = order[bounds[c] : bounds[c + 1]]
    if len(rows) == table._n:
        return table
    return table._take(rows, same={**same, "indicator": c})


def _mask(table: ObservationTable, name: str, keep: Callable[[Any], bool]) -> Any:
    if cols_.is_python(table._mags):
        codes, cats = table._cols.get(name) or ([0] * table._n, (DEFAULTS.get(name),))
        kept = [bool(keep(c)) for c in cats]
        return [kept[c] for c in codes]
    import numpy as np

    codes, cats = table._cols.get(name) or (
        np.zeros(table._n, dtype=np.uint8),
        (DEFAULTS.get(name),),
    )
    wanted = np.asarray([bool(keep(c)) for c in cats], dtype=bool)
    if not len(cats):
        return np.zeros(table._n, dtype=bool)
    mask: npt.NDArray[Any] = wanted[codes]
    return mask


def _places(value: object) -> set[Place]:
    if isinstance(value, (str, Country, CountryPair)):
        return {to_place(value)}
    if isinstance(value, Iterable):
        return {to_place(v) for v in value}
    raise InvalidTypeError(f"filter(country=...) takes countries, got {value!r}")


def group_by(
    table: ObservationTable, keys: tuple[str, ...]
) -> dict[tuple[Any, ...], ObservationTable]:
    """:meth:`ObservationTable.group_by`: sub-tables by the values of some key columns."""
    if not keys:
        raise ValidationError(
            "group_by() needs at least one key, such as group_by('country')", path="keys"
        )
    columns = [key_column(table, key) for key in keys]
    groups, first, k = cols_.group_codes(((c, len(cats)) for c, cats in columns), table._n)
    if cols_.is_python(groups):
        members: list[list[int]] = [[] for _ in range(k)]
        for row, g in enumerate(groups):
            members[g].append(row)
        return {
            tuple(cats[codes[rows[0]]] for codes, cats in columns): table._take(rows)
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
        out[key] = table._take(order[bounds[g] : bounds[g + 1]])
    return out


def key_column(table: ObservationTable, key: str) -> tuple[Any, tuple[Any, ...]]:
    """The ``(codes, categories)`` of a key, in the table's own backend (lists for small tables)."""
    python = cols_.is_python(table._mags)
    if key == "year":
        codes, cats = table._cols["period"]
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
        raise ValidationError(
            "'kind' is internal; filter by value type with predicate=...", path="key"
        )
    if key in table._cols:
        return table._cols[key]
    if DIM + key in table._cols:
        return table._cols[DIM + key]
    if key in OPTIONAL:
        return cols_.zeros(table._n, python=python), (DEFAULTS.get(key),)
    # an unknown name is a disaggregation dimension no row is broken down by
    return cols_.zeros(table._n, python=python), (None,)


# -- display ----------------------------------------------------------------------------------


def _used(table: ObservationTable, key: str) -> tuple[Any, ...]:
    """The categories of a key column that some row uses (a filtered table keeps them all)."""
    codes, cats = table._cols[key]
    if cols_.is_python(codes):
        seen = set(codes)
        return tuple(c for i, c in enumerate(cats) if i in seen)
    import numpy as np

    hits = np.bincount(codes, minlength=len(cats)) if len(codes) else np.zeros(len(cats))
    return tuple(c for c, n in zip(cats, hits.tolist(), strict=True) if n)


def summary(table: ObservationTable) -> Summary:
    """What the table's repr and notebook table show: counts, countries, span, first rows."""
    periods = [p for p in _used(table, "period") if p is not None]
    places = [p for p in _used(table, "country") if p is not None]
    from commit_mef.countries import GMS

    order = {c.alpha_3: i for i, c in enumerate(GMS)}
    members = {c.alpha_3: c for p in places for c in _countries_of(p)}
    names = [members[a].name for a in sorted(members, key=lambda a: (order.get(a, 99), a))]
    lines = []
    if periods:
        span = Period(min(p.start for p in periods), max(p.end for p in periods))
        lines.append(f"period {span}")
    if names:
        lines.append("countries " + ", ".join(names))
    rows = []
    for i in range(min(table._n, HTML_ROWS)):
        obs = observation_at(table, i)
        value = "" if obs.value is None else str(obs.value)
        rows.append((obs.id or "", obs.indicator, str(obs.country), str(obs.period or ""), value))
    return Summary(
        kind="ObservationTable",
        name=counts(
            (table._n, "row"),
            (len(_used(table, "indicator")), "indicator"),
            (len(names), "country", "countries"),
        ),
        lines=lines,
        header=("id", "indicator", "country", "period", "value"),
        rows=rows,
        total=table._n,
    )


def _countries_of(place: Place) -> tuple[Country, ...]:
    return (place.first, place.second) if isinstance(place, CountryPair) else (place,)
