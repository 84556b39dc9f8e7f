"""The columnar observation table: the public class, its storage and the methods users call.

:class:`ObservationTable` holds the columns and the few operations the others
are made of (``_make``, ``_take``, ``_as_numpy``, ``_storage``).  Its public
methods keep their documentation here and delegate the work: building a table
to ``_encoding``, reading one to ``_queries``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal  # noqa: F401 - the docstring examples use it
from typing import TYPE_CHECKING, Any, TypedDict, cast

from commit_mef.errors import InvalidTypeError, OutOfRangeError
from commit_mef.observations import _columns as cols_
from commit_mef.observations import _encoding, _export, _queries
from commit_mef.observations._encoding import DIM
from commit_mef.observations._observation import Basis, Observation
from commit_mef.periods import Period

if TYPE_CHECKING:
    import numpy.typing as npt

    from commit_mef._display import Summary
    from commit_mef.countries import Country
    from commit_mef.observations._observation import CountryPair


class TableColumns(TypedDict):
    """What :meth:`ObservationTable.columns` returns: the table's storage, by column name.

    Besides these keys there is one ``"dim:<dimension>"`` column per
    disaggregation dimension (read it with ``.get()``, or with
    :meth:`ObservationTable.key_column`), and each optional column some row
    uses (``"id"``, ``"text"``, ``"source"``, ``"flags"``, ``"subset_of"``,
    ``"same_as"``, ``"stated"``, ``"recipient"``, ``"approximate"``,
    ``"bound"``, ``"as_written"``, ``"details"``).

    Examples:
        >>> cols = ObservationTable.from_columns(indicator="x", country="KHM", magnitude=[5]).columns()
        >>> cols["exponent"], cols["indicator"][1]
        (0, ('x',))
    """

    magnitude: npt.NDArray[Any]
    exponent: int
    kind: tuple[npt.NDArray[Any], tuple[str, ...]]
    indicator: tuple[npt.NDArray[Any], tuple[str, ...]]
    country: tuple[npt.NDArray[Any], tuple[Country | CountryPair, ...]]
    period: tuple[npt.NDArray[Any], tuple[Period | None, ...]]
    unit: tuple[npt.NDArray[Any], tuple[str | None, ...]]
    basis: tuple[npt.NDArray[Any], tuple[Basis, ...]]
    currency: tuple[npt.NDArray[Any], tuple[str | None, ...]]


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

    # _rows_by_indicator: a cache of the row numbers of each indicator, built on first use
    __slots__ = ("_cols", "_exponent", "_mags", "_n", "_rows_by_indicator")

    _n: int
    _rows_by_indicator: tuple[npt.NDArray[Any], list[int], dict[str, int]]
    _cols: dict[str, tuple[npt.NDArray[Any], tuple[Any, ...]]]
    _mags: npt.NDArray[Any]
    _exponent: int

    def __init__(self) -> None:
        raise InvalidTypeError(
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
        return _encoding.from_rows(cls, rows)

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

        A key column may also come already dictionary-encoded, and then no row is
        touched in Python: a ``(codes, categories)`` pair (codes a numpy integer
        array), a pandas ``Categorical`` or categorical ``Series``, or an Arrow
        dictionary array (plain Arrow arrays are encoded by pyarrow); missing
        values become ``None``.  A single value for every row is stored once, not
        once a row.  Integer columns (years) are encoded in linear time.

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
            ValidationError: columns of different lengths, both or neither
                of ``value`` and ``magnitude``, or codes outside their categories.
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
            >>> import numpy as np
            >>> t = ObservationTable.from_columns(
            ...     indicator="training.people_trained",
            ...     country=(np.array([0, 1, 0]), ["KHM", "LAO"]),
            ...     period=np.array([2014, 2014, 2015]),
            ...     magnitude=np.array([10, 20, 30]),
            ...     unit="person",
            ... )
            >>> [(o.country.alpha_3, o.period.start.year) for o in t]
            [('KHM', 2014), ('LAO', 2014), ('KHM', 2015)]
        """
        return _encoding.from_columns(
            cls,
            indicator=indicator,
            country=country,
            period=period,
            value=value,
            magnitude=magnitude,
            exponent=exponent,
            currency=currency,
            unit=unit,
            basis=basis,
            disaggregation=disaggregation,
            **extra,
        )

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
                raise InvalidTypeError(
                    f"concat() takes ObservationTables; item {i} is {type(t).__name__}"
                )
        return _encoding.concat(cls, parts)

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
        return self._summary().text()

    def _repr_html_(self) -> str:
        """The table as a small HTML table for Jupyter: its counts and its first rows."""
        return self._summary().html()

    def _summary(self) -> Summary:
        return _queries.summary(self)

    def __iter__(self) -> Iterator[Observation]:
        for i in range(self._n):
            yield _queries.observation_at(self, i)

    def __getitem__(self, index: int) -> Observation:
        if isinstance(index, bool) or not isinstance(index, int):
            raise InvalidTypeError(f"index a table with an int, got {type(index).__name__}")
        if not -self._n <= index < self._n:
            raise OutOfRangeError(
                f"row {index} is out of range for a table of {self._n} rows",
                what="row",
                key=index,
            )
        return _queries.observation_at(self, index % self._n if self._n else index)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ObservationTable):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    # -- queries ------------------------------------------------------------------------
    @property
    def indicators(self) -> tuple[str, ...]:
        """The indicator ids present, in order of first appearance.

        Examples:
            >>> t = ObservationTable.from_rows([Observation(indicator="npa.adopted", country="KHM", value=True)])
            >>> t.indicators
            ('npa.adopted',)
        """
        return _queries.present(self, "indicator")

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The disaggregation dimensions some row is broken down by, sorted.

        Examples:
            >>> t = ObservationTable.from_rows([Observation(indicator="x", country="KHM", value=1, disaggregation={"sex": "male"})])
            >>> t.dimensions
            ('sex',)
        """
        return tuple(sorted(name[len(DIM) :] for name in self._cols if name.startswith(DIM)))

    def _take(self, index: Any, same: Mapping[str, int] | None = None) -> ObservationTable:
        """The rows at ``index``; ``same`` names columns known to hold one code at those rows."""
        cols = {
            name: (
                cols_.take(codes, index)
                if same is None or name not in same
                else cols_.fill(same[name], len(index), like=codes),
                cats,
            )
            for name, (codes, cats) in self._cols.items()
        }
        return self._make(len(index), cols, cols_.take(self._mags, index), self._exponent)

    def filter(
        self,
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
            value_min: Keep rows whose value is at least this, inclusive.  A
                number (``int``, ``Decimal`` or ``str``; a float is refused)
                compares the rows holding a plain number; a
                :class:`~commit_mef.Money` compares the money rows in its
                currency; every other row is left out.  Exact: compared on the
                stored scaled integers, vectorised, no row built.
            value_max: Keep rows whose value is at most this, inclusive (as
                ``value_min``; both must be numbers or Money of one currency).
            values: Keep rows whose value equals one of these, exactly
                (``Decimal("1.50")`` equals ``1.5``): numbers match plain
                numbers, Money matches money of its currency, ``True`` /
                ``False`` match yes/no values and a ``str`` matches a text.

        Examples:
            >>> t = ObservationTable.from_columns(
            ...     indicator="x", country=["KHM", "KHM+VNM", "LAO"], period=[2013, 2014, 2015],
            ...     magnitude=[1, 2, 3], disaggregation={"sex": ["male", "female", None]},
            ... )
            >>> len(t.filter(country="VNM")), len(t.filter(period=Period.years(2014, 2020)))
            (1, 2)
            >>> len(t.filter(disaggregation={"sex": None})), len(t.filter(predicate=lambda o: o.value > 1))
            (1, 2)
            >>> len(t.filter(value_min=2)), len(t.filter(value_max="1.5")), len(t.filter(values=[1, 3]))
            (2, 1, 2)
        """
        return _queries.filter_rows(
            self,
            indicator=indicator,
            country=country,
            period=period,
            disaggregation=disaggregation,
            predicate=predicate,
            value_min=value_min,
            value_max=value_max,
            values=values,
        )

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
        return _queries.group_by(self, keys)

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
        return _queries.key_column(self, key)

    # -- export -------------------------------------------------------------------------
    @property
    def exponent(self) -> int:
        """The power of ten the stored magnitudes are scaled by.

        Examples:
            >>> ObservationTable.from_columns(indicator="x", country="KHM", magnitude=[5], exponent=-2).exponent
            -2
        """
        return self._exponent

    def columns(self) -> TableColumns:
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
        return cast("TableColumns", self._as_numpy()._storage())

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
        return _export.to_columns(self)

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
