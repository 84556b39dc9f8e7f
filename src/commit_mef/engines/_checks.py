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
from commit_mef.aggregation._breakdowns import CELL, breakdown_changes
from commit_mef.aggregation._naming import fail, name_row
from commit_mef.aggregation._values import sort_key
from commit_mef.engines._profile import OPTIONAL, Group, Profile
from commit_mef.indicators import Indicator, MeasureKind
from commit_mef.io._arrow import ARROW_COLUMNS
from commit_mef.observations import ObservationTable

__all__ = ["EntryChecks", "drop_same_as", "mixed_breakdowns", "needs_rows", "resolve_breakdowns"]

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


def needs_rows(profile: Profile, *, row_column: bool = False) -> str | None:
    """Why the rules need the rows themselves here (breakdowns beside totals, some repeated reports).

    A figure without a dimension beside figures with it may be their total
    (:func:`resolve_breakdowns`), and ``same_as`` links a figure to the report it
    repeats along chains (:func:`drop_same_as`): both are resolved on the few rows
    they concern where the table has the layout's ``row`` column (``row_column``)
    to tell rows apart, and row by row, by the in-process engine, without it.
    (``subset_of`` is checked on the engine, by :meth:`EntryChecks.subsets`.)
    """
    if row_column:
        return None
    if any(g.links for g in profile.valued()):
        return "figures linked with same_as, in a table with no row column to tell them apart"
    if mixed_breakdowns(profile):
        return "figures broken down beside undisaggregated ones, in a table with no row column"
    return None


def mixed_breakdowns(profile: Profile) -> bool:
    """Whether some figures are broken down by a dimension that others beside them lack."""
    valued = profile.valued()
    return any(len({g.dims[i] is not None for g in valued}) > 1 for i in range(len(profile.dims)))


class EntryChecks:
    """The one-value-per-cell checks of :func:`~commit_mef.aggregation._prepare.prepare`, on an engine."""

    def __init__(self, table: Any, profile: Profile, indicator: Indicator) -> None:
        self.table = table.filter(table.kind != "none")
        self.profile = profile
        self.ind = indicator
        self.dims = [f"dim.{d}" for d in profile.dims]

    def before_breakdowns(self, family: str) -> None:
        """The checks the in-process engine makes before it resolves breakdowns beside totals."""
        if not self.profile.valued():
            return
        kind = self.ind.kind
        if family == "milestone" or (family == "flow" and kind is not MeasureKind.MONEY):
            self.identical()
        if any(g.subsets for g in self.profile.valued()):
            self.subsets()

    def after_breakdowns(self, family: str, notes: list[str]) -> None:
        """The checks of one family's cells, on the rows left once breakdowns are resolved."""
        if not self.profile.valued():
            return
        kind = self.ind.kind
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

    def _proven(self, columns: list[str]) -> bool:
        """Whether the files' seals prove the rows distinct on ``columns`` (:class:`~commit_mef.engines._profile.Seals`).

        Rows distinct on the sealed columns are distinct on any columns among which
        each sealed one is, or holds one value in every row: ``indicator`` (the rows
        are one indicator's), and a column empty in every row.  Dropping rows (repeated
        reports, breakdowns) and giving a total its remainder's value keep them distinct.
        """
        sealed = self.profile.seals.columns if self.profile.seals is not None else ()
        constant = {"indicator"} | ({*OPTIONAL, *self.dims} - self.profile.filled)
        return bool(sealed) and all(c in columns or c in constant for c in sealed)

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
        counted = sum(g.rows for g in self.profile.valued())
        used = [c for c in keys if c not in empty]
        if self._proven(used) or all_distinct(t, used, counted):
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
        if self._proven(hashed) or all_distinct(dated_rows, hashed, sum(g.rows for g in dated)):
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


def drop_same_as(table: Any, notes: list[str]) -> tuple[Any, int] | None:
    """The table without the reports ``same_as`` links repeat, and how many were dropped.

    Only the rows with a link and the rows a link names are fetched, in the order of
    the layout's ``row`` column, and :func:`~commit_mef.aggregation._prepare.same_as_drops`
    decides on them as it does on the whole table; the rows it drops are filtered out
    on the engine by their ``row``.  None where the ``row`` numbers of the fetched rows
    are missing or repeated (the caller then resolves the links row by row).
    """
    valued = table.filter(table.kind != "none")
    linking = valued.filter(valued.same_as.notnull())
    named = linking.select(target__=linking.same_as).distinct()
    concerned = valued.filter(valued.same_as.notnull() | valued.id.isin(named.target__))
    data = concerned.order_by("row").to_pyarrow()
    numbers = data.column("row").to_pylist()
    if None in numbers or len(set(numbers)) != len(numbers):
        return None
    drop = _prepare.same_as_drops(rows_of(data))
    if not drop:
        return table, 0
    notes.append(_prepare.same_as_note(len(drop)))
    gone = [numbers[i] for i in sorted(drop)]
    return table.filter(~table.row.isin(gone)), len(drop)


def resolve_breakdowns(
    table: Any, dims: tuple[str, ...], ind: Indicator, by: tuple[str, ...], notes: list[str]
) -> tuple[Any, int, int] | None:
    """The table with each breakdown beside its total resolved, as the in-process engine does.

    Only the rows of cells (country, period, basis, unit, currency, recipient) that
    hold rows broken down by different dimensions are fetched: a window over each
    cell compares the bit masks of the dimensions its rows are coded for.  On those
    rows, in the order of the layout's ``row`` column,
    :func:`~commit_mef.aggregation._breakdowns.breakdown_changes` decides what the
    in-process engine decides on the whole table and raises what it raises: the
    parts dropped are filtered out on the engine by their ``row``, and a total
    replaced by its remainder (its value less its parts', moved after every row as
    in process) gets the remainder's value and a row number after the last.  Returns
    the table, the rows dropped and the rows added; None where the fetched rows'
    numbers are missing or repeated (the caller then resolves them row by row).
    """
    import ibis

    valued = table.filter(table.kind != "none")
    columns = [f"dim.{d}" for d in dims]
    mask = functools.reduce(
        operator.add, (valued[c].notnull().cast("int64") * (1 << i) for i, c in enumerate(columns))
    )
    cell = [c for c in CELL if c in valued.columns]
    window = ibis.window(group_by=cell) if cell else ibis.window()
    marked = valued.mutate(lo__=mask.min().over(window), hi__=mask.max().over(window))
    mixed = marked.filter(marked.lo__ != marked.hi__).drop("lo__", "hi__")
    data = mixed.order_by("row").to_pyarrow()
    numbers = data.column("row").to_pylist()
    if None in numbers or len(set(numbers)) != len(numbers):
        return None
    drop, extra = breakdown_changes(rows_of(data), ind, by, notes, dimensions=dims)
    if not drop:
        return table, 0, 0
    kept = {i for i, _ in extra}
    left = table.filter(~table.row.isin([numbers[i] for i in sorted(drop - kept)]))
    if extra:
        last = table.row.max().to_pyarrow().as_py()
        left = _remainders(left, [(numbers[i], o) for i, o in extra], first=last + 1)
    return left, len(drop), len(extra)


def _remainders(table: Any, extra: list[tuple[int, Any]], *, first: int) -> Any:
    """Totals given the value of their remainders and row numbers from ``first``, by a join.

    The join is on a small table of row numbers and values (no text, so every backend
    reads it back as it was given).
    """
    import ibis
    import pyarrow as pa

    from commit_mef.io import to_arrow

    values = to_arrow(ObservationTable.from_rows([o for _, o in extra])).column("value")
    changes = ibis.memtable(
        pa.table(
            {
                "row__": pa.array([r for r, _ in extra], pa.int64()),
                "value__": values.cast(table.schema()["value"].to_pyarrow()),
                "new__": pa.array(range(first, first + len(extra)), pa.int64()),
            }
        )
    )
    joined = table.left_join(changes, table.row == changes.row__)
    replaced = {
        "value": ibis.coalesce(joined.value__, joined.value),
        "row": ibis.coalesce(joined.new__, joined.row),
    }
    return joined.select(*[replaced.get(c, joined[c]).name(c) for c in table.columns])


def _below(a: Any, b: Any) -> bool:
    """``a < b``, where a missing bound (a group of empty values) is never below."""
    return a is not None and b is not None and a < b


#: The most rows whose hashes :func:`all_distinct` sorts in memory on DuckDB (2 GiB of them);
#: beyond, the engine counts the distinct hashes itself, out of core.
SORT_ROWS = 1 << 28


def all_distinct(table: Any, columns: list[str], rows: int) -> bool:
    """Whether no two rows agree in ``columns``, proved by distinct hashes (one scan, no group-by).

    Rows whose hashes differ differ in some column, so as many distinct hashes as
    rows proves the rows distinct; fewer (a repeat, or two keys whose hashes
    collide) answers ``False`` and the caller runs the exact query.  The hashes of
    the columns are combined by XOR, which the engines compute per row far faster
    than one hash of many columns.  On DuckDB, which runs in this process, the
    engine streams the hashes (8 bytes a row, at most :data:`SORT_ROWS` of them) into
    one array of the ``rows`` the caller counted (a wrong count costs a copy, never
    an answer) and NumPy sorts them: several times faster than the engine's own
    distinct count, a hash set of every row; elsewhere, or for more rows, the engine
    counts them.
    """
    from ibis.common.exceptions import TranslationError

    if not columns:
        return False
    if rows <= SORT_ROWS:
        relation = _duckdb_hashes(table, columns)
        if relation is not None:
            return _sorted_distinct(relation, rows)
    combined = functools.reduce(operator.xor, (table[c].hash() for c in columns))
    query = table.aggregate(n__=table.count(), d__=combined.nunique())
    try:
        found = query.to_pyarrow().to_pylist()[0]
    except TranslationError:  # a backend without a hash: the exact query decides
        return False
    return bool(found["n__"] == found["d__"])


def _duckdb_hashes(table: Any, columns: list[str]) -> Any:
    """A DuckDB relation of one unsigned hash per row of ``columns``, or None off DuckDB."""
    backend = table._find_backend(use_default=True)
    relate = getattr(backend, "_to_duckdb_relation", None)
    if backend.name != "duckdb" or relate is None:
        return None
    names = ['"' + c.replace('"', '""') + '"' for c in columns]
    combined = functools.reduce(lambda a, b: f"xor({a}, {b})", (f"hash({n})" for n in names))
    return relate(table.select(*columns)).project(f"{combined} AS h")


def _populated(n: int) -> Any:
    """An uninitialised array of ``n`` uint64, its memory mapped in one call (``MAP_POPULATE``) on Linux.

    Fresh memory touched page by page costs a fault a page: 1.4-1.8 s for the 800 MB of
    100 million hashes on the benchmark's virtual machine, against 0.2 s populated when
    mapped.  Elsewhere, or if the mapping fails, :func:`numpy.empty`.
    """
    import mmap

    import numpy as np

    flag = getattr(mmap, "MAP_POPULATE", None)
    if flag is None or n <= 0:
        return np.empty(max(n, 0), np.uint64)
    try:
        memory = mmap.mmap(-1, n * 8, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | flag)
    except OSError:
        return np.empty(n, np.uint64)
    return np.frombuffer(memory, np.uint64)  # the array keeps the mapping until it goes


def _sorted_distinct(relation: Any, rows: int) -> bool:
    """Whether a relation's hashes are all distinct: streamed into one array, sorted in place.

    The array holds the ``rows`` the caller counted; any hashes beyond are joined after.
    """
    import numpy as np

    stream = getattr(relation, "to_arrow_reader", None) or relation.fetch_record_batch
    found, filled, beyond = _populated(rows), 0, []
    for batch in stream(1 << 20):
        values = batch.column(0).to_numpy()
        room = min(len(values), rows - filled)
        found[filled : filled + room] = values[:room]
        filled += room
        if room < len(values):
            beyond.append(values[room:])
    found = np.concatenate([found[:filled], *beyond]) if beyond else found[:filled]
    found.sort()
    return not bool((found[1:] == found[:-1]).any())


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
    # lines in the report order of their country, as the in-process note names the first
    for key, slots in sorted(per.items(), key=lambda item: sort_key(item[0][0])):
        twice = [p for p, n in slots.items() if n > 1]
        if twice:
            return first[key], [twice[0]]
        dated = sorted(slots, key=lambda p: (p.start, p.end))
        for a, b in itertools.pairwise(dated):
            if b.start <= a.end:
                return first[key], [a, b]
    return None
