"""The rules' checks on an engine table: the whole-table queries, and the rows they name.

Most checks read the one pass's groups (:mod:`commit_mef.engines._profile`); the rest
ask the engine one question over every row (distinct hashes, and only when they fall
short a group with more than one row; a window over a budget line) and, when something
is found, fetch the few rows concerned and hands them to the in-process check of
:mod:`commit_mef.aggregation._prepare`, so that the error or note is the very one
the in-process engine gives.
"""

from __future__ import annotations

import collections
import functools
import itertools
import operator
from typing import Any

from commit_mef.aggregation import _prepare
from commit_mef.aggregation._naming import fail, name_row
from commit_mef.engines._profile import OPTIONAL, Group, Profile
from commit_mef.indicators import Indicator, MeasureKind
from commit_mef.io._arrow import ARROW_COLUMNS
from commit_mef.observations import ObservationTable

__all__ = ["EntryChecks", "needs_rows"]

#: The columns of the layout that tell two rows apart (the Arrow layout's, less its derived ones).
_ALL = tuple(c for c in ARROW_COLUMNS if c not in ("period_start", "period_end", "row"))


def rows(table: Any, limit: int | None = None) -> ObservationTable:
    """The rows of an engine table, as an in-process table (a few, to name them in a message)."""
    from commit_mef.io import from_arrow

    return from_arrow(
        (table if limit is None else table.limit(limit)).to_pyarrow(), source="engine"
    )


def equal(column: Any, value: object) -> Any:
    """``column`` equals ``value``, where a missing value equals a missing one."""
    return column.isnull() if value is None else column == value


def _code(value: Any) -> Any:
    """The text of a decoded key as the layout stores it."""
    if value is None:
        return None
    code = getattr(value, "code", None) or getattr(value, "alpha_3", None)
    return code if code is not None else str(value)


def needs_rows(profile: Profile) -> str | None:
    """Why the rules need the rows themselves here (repeated reports, breakdowns beside totals).

    ``same_as`` links a figure to the report it repeats, along chains, and a figure
    without a dimension beside figures with it may be their total: these are
    resolved row by row, by the in-process engine, on the indicator's rows.
    (``subset_of`` is checked on the engine, by :meth:`EntryChecks.subsets`.)
    """
    valued = profile.valued()
    if any(g.links for g in valued):
        return "figures linked with same_as"
    for i, _dim in enumerate(profile.dims):
        coded = {g.dims[i] is not None for g in valued}
        if len(coded) > 1:
            return "figures broken down beside undisaggregated ones"
    return None


class EntryChecks:
    """The one-value-per-cell checks of :func:`~commit_mef.aggregation._prepare.prepare`, on an engine."""

    def __init__(self, table: Any, profile: Profile, indicator: Indicator) -> None:
        self.table = table.filter(table.kind != "none")
        self.profile = profile
        self.ind = indicator
        self.dims = [f"dim.{d}" for d in profile.dims]

    def run(self, family: str, notes: list[str]) -> None:
        """Every check, in the in-process order; raises the first problem found."""
        if not self.profile.valued():
            return
        self.entry()
        self.duplicate_ids()
        kind = self.ind.kind
        if family == "milestone" or (family == "flow" and kind is not MeasureKind.MONEY):
            self.identical()
        if any(g.subsets for g in self.profile.valued()):
            self.subsets()
        if family == "stock":
            self.stock_twice()
        elif family == "flow" and kind is MeasureKind.MONEY:
            self.budget_lines()
        elif family == "flow":
            self.flow_overlaps(notes)

    # -- entry ------------------------------------------------------------------------
    def entry(self) -> None:
        t, ind = self.table, self.ind
        if ind.kind is MeasureKind.COUNT:
            missing = self.profile.per(lambda g: g.unit is None).get(True, 0)
            if missing:
                first = rows(t.filter(t.unit.isnull()), 1)
                raise fail(
                    ind,
                    f"{name_row(first, 0)} and {missing - 1} other(s) are counts with no unit; "
                    f"give each its unit ({ind.unit or 'person'!r}), so that persons and offices "
                    "never add up",
                )
        bad = self._bad_number(t)
        if bad is not None:
            _prepare._check_entry(rows(t.filter(bad), 1), ind)
        self.codes()

    def _bad_number(self, t: Any) -> Any:
        """The condition of a figure off its kind's range, if the pass's bounds show one."""
        kind, scale = self.ind.kind, self.ind.scale
        fraction = (t.value % 1) != 0  # exact on DECIMAL, where a cast may round
        if kind is MeasureKind.COUNT:
            hit = any(g.fractions or _below(g.low, 0) for g in self.profile.valued())
            condition = (t.value < 0) | fraction
        elif kind is MeasureKind.PERCENTAGE:
            hit = any(_below(g.low, 0) or _below(100, g.high) for g in self.profile.valued())
            condition = (t.value < 0) | (t.value > 100)
        elif kind is MeasureKind.ORDINAL and scale is not None:
            top = len(scale) - 1
            hit = any(
                g.fractions or _below(g.low, 0) or _below(top, g.high)
                for g in self.profile.valued()
            )
            condition = fraction | (t.value < 0) | (t.value > top)
        else:
            return None
        return condition if hit else None

    def codes(self) -> None:
        """The code-list check of :func:`~commit_mef.indicators.code_problems`, on the codes used."""
        from commit_mef.indicators import code_problems

        used: dict[str, list[str]] = {}
        for i, dim in enumerate(self.profile.dims):
            coded = sorted({c for g in self.profile.valued() if (c := g.dims[i]) is not None})
            if coded:
                used[dim] = coded
        problems = code_problems(self.ind, used)
        if problems:
            first = problems[0]
            wanted = first.code if first.code is not None else used[first.dimension][0]
            column = self.table[self.dims[self.profile.dims.index(first.dimension)]]
            _prepare._check_codes(rows(self.table.filter(column == wanted), 1), self.ind)

    # -- duplicates -------------------------------------------------------------------
    def duplicate_ids(self) -> None:
        """Ids given twice, counted in Python from the ids the pass collected (no query)."""
        counts = collections.Counter(i for g in self.profile.valued() for i in g.ids)
        twice = sorted(i for i, n in counts.items() if n > 1)
        if twice:
            t = self.table
            _prepare._check_duplicate_ids(rows(t.filter(t.id == twice[0])), self.ind)

    def identical(self) -> None:
        if all(g.rows == 1 for g in self.profile.valued()):
            return  # rows that differ in a profiled key are never identical
        t = self.table
        keys = [c for c in (*_ALL, *self.dims) if c in t.columns]
        empty = {*OPTIONAL, *self.dims} - self.profile.filled  # one value in every row
        if all_distinct(t, [c for c in keys if c not in empty]):
            return
        twice = t.group_by(keys).aggregate(n__=t.count()).filter(lambda s: s.n__ > 1).limit(1)
        found = twice.to_pyarrow()
        if found.num_rows:
            n = found.column("n__")[0].as_py()
            _prepare._check_identical(rows_of(found.drop_columns(["n__"]).take([0] * n)), self.ind)

    def subsets(self) -> None:
        """No figure beside the figure it is a subset of: a semi-join of the links on the ids."""
        t = self.table
        parents = t.filter(t.id.notnull()).select(parent__=t.id)
        children = t.filter(t.subset_of.notnull())
        hit = children.semi_join(parents, children.subset_of == parents.parent__)
        found = hit.limit(1).to_pyarrow()
        if found.num_rows:
            import pyarrow as pa

            parent = t.filter(t.id == found.column("subset_of")[0].as_py()).limit(1).to_pyarrow()
            pair = pa.concat_tables([found, parent.cast(found.schema)])
            _prepare._check_subsets(rows_of(pair), self.ind)

    # -- lines of figures over time ---------------------------------------------------
    def _line_key(self, g: Group) -> tuple[Any, ...]:
        return (g.country, *g.dims)

    def _fetch(self, g: Group, periods: list[Any], extra: Any = None) -> ObservationTable:
        t = self.table
        cond = t.country == _code(g.country)
        for column, code in zip(self.dims, g.dims, strict=True):
            cond &= equal(t[column], code)
        if extra is not None:
            cond &= extra
        within = [equal(t.period, _code(p)) for p in dict.fromkeys(periods)]
        cond &= within[0] if len(within) == 1 else within[0] | within[1]
        return rows(t.filter(cond), 2)

    def stock_twice(self) -> None:
        per = self.profile.per(lambda g: (*self._line_key(g), g.period))
        for g in self.profile.valued():
            if per[(*self._line_key(g), g.period)] > 1:
                _prepare._check_stock_twice(self._fetch(g, [g.period]), self.ind)

    def flow_overlaps(self, notes: list[str]) -> None:
        found = _overlap(self.profile.valued(), self._line_key)
        if found is not None:
            g, periods = found
            _prepare._note_flow_overlaps(self._fetch(g, periods), notes)

    def budget_lines(self) -> None:
        """No two figures of one budget line (country, recipient, dimensions) over overlapping periods.

        When the periods used are disjoint, a line breaks the rule only by holding one
        period twice: the pass's counts per country, period and dimensions clear every
        cell of one row, and without recipients they are the lines themselves; else one
        query compares the rows with the distinct hashes of their line and period, and
        only a repeated hash (a repeated line, or a collision of two) costs the exact
        group-by.  Overlapping periods are found by a window over each line.
        """
        t = self.table
        line = ["country", "recipient", *self.dims]
        dated = [g for g in self.profile.valued() if g.period is not None]
        periods = sorted({g.period for g in dated}, key=lambda p: (p.start, p.end))
        if not all(b.start > a.end for a, b in itertools.pairwise(periods)):
            self._budget_overlaps(line)
            return
        cells = self.profile.per(lambda g: (*self._line_key(g), g.period), dated)
        crowded = next((g for g in dated if cells[(*self._line_key(g), g.period)] > 1), None)
        if crowded is None:
            return
        if "recipient" not in self.profile.filled:
            _prepare._check_budget_lines(self._fetch(crowded, [crowded.period]), self.ind)
            return
        dated_rows = t.filter(t.period.notnull())
        filled = self.profile.filled
        hashed = [c for c in (*line, "period") if c in ("country", "period") or c in filled]
        if all_distinct(dated_rows, hashed):
            return
        twice = dated_rows.group_by([*line, "period"]).aggregate(n__=dated_rows.count())
        hit = twice.filter(lambda s: s.n__ > 1).limit(1).to_pyarrow().to_pylist()
        if hit:
            self._budget_hit(hit[0])

    def _budget_overlaps(self, line: list[str]) -> None:
        import ibis

        t = self.table
        dated = t.filter(t.period.notnull())
        w = ibis.window(group_by=line, order_by=["period_start", "period_end"])
        marked = dated.mutate(prev__=dated.period_end.lag().over(w))
        hit = (
            marked.filter(marked.period_start <= marked.prev__)
            .select(*line, "period")
            .limit(1)
            .to_pyarrow()
            .to_pylist()
        )
        if hit:
            self._budget_hit(hit[0])

    def _budget_hit(self, hit: dict[str, Any]) -> None:
        t = self.table
        cond = equal(t.recipient, hit["recipient"]) & (t.country == hit["country"])
        for column in self.dims:
            cond &= equal(t[column], hit[column])
        near = _line_rows(t.filter(cond & t.period.notnull()), hit["period"])
        _prepare._check_budget_lines(near, self.ind)


def _below(a: Any, b: Any) -> bool:
    """``a < b``, where a missing bound (a group of empty values) is never below."""
    return a is not None and b is not None and a < b


def all_distinct(table: Any, columns: list[str]) -> bool:
    """Whether no two rows agree in ``columns``, proved by distinct hashes (one scan, no group-by).

    Rows whose hashes differ differ in some column, so as many distinct hashes as
    rows proves the rows distinct; fewer (a repeat, or two keys whose hashes
    collide) answers ``False`` and the caller runs the exact query.  The hashes of
    the columns are combined by XOR, which the engines compute per row far faster
    than one hash of many columns.
    """
    from ibis.common.exceptions import TranslationError

    if not columns:
        return False
    combined = functools.reduce(operator.xor, (table[c].hash() for c in columns))
    query = table.aggregate(n__=table.count(), d__=combined.nunique())
    try:
        found = query.to_pyarrow().to_pylist()[0]
    except TranslationError:  # a backend without a hash: the exact query decides
        return False
    return bool(found["n__"] == found["d__"])


def rows_of(data: Any) -> ObservationTable:
    """An in-process table of some Arrow rows the engine returned."""
    from commit_mef.io import from_arrow

    return from_arrow(data, source="engine")


def _line_rows(line: Any, period_text: str) -> ObservationTable:
    """Two rows of one budget line that overlap in time, the second over ``period_text``."""
    table = rows(line)
    found = _prepare._first_overlap(table, ("country", "recipient"))
    assert found is not None, period_text  # noqa: S101 - the engine found the overlap
    return table._take([found[0], found[1]])


def _overlap(groups: list[Group], line: Any) -> tuple[Group, list[Any]] | None:
    """A line of figures (and one or two of its periods) whose periods overlap or repeat."""
    per: dict[tuple[Any, ...], dict[Any, int]] = {}
    first: dict[tuple[Any, ...], Group] = {}
    for g in groups:
        if g.period is None:
            continue
        key = line(g)
        first.setdefault(key, g)
        slots = per.setdefault(key, {})
        slots[g.period] = slots.get(g.period, 0) + g.rows
    for key, slots in per.items():
        twice = [p for p, n in slots.items() if n > 1]
        if twice:
            return first[key], [twice[0]]
        dated = sorted(slots, key=lambda p: (p.start, p.end))
        for a, b in itertools.pairwise(dated):
            if b.start <= a.end:
                return first[key], [a, b]
    return None
