"""Strategies for observations and observation tables."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from commit_mef.countries import GMS
from commit_mef.io import CsvLayout
from commit_mef.money import Money
from commit_mef.observations import Basis, Bound, CountryPair, Observation, ObservationTable
from commit_mef.periods import Period
from commit_mef.testing._base import periods

__all__ = [
    "country_pairs",
    "csv_layouts",
    "observation_tables",
    "observations",
]


def country_pairs() -> st.SearchStrategy[CountryPair]:
    """Pairs of two different COMMIT countries.

    Examples:
        >>> from hypothesis import find
        >>> find(country_pairs(), lambda p: p.first.alpha_3 == "KHM").first.name
        'Cambodia'
    """
    return (
        st.tuples(st.sampled_from(GMS), st.sampled_from(GMS))
        .filter(lambda ab: ab[0] != ab[1])
        .map(lambda ab: CountryPair(*ab))
    )


def _amounts() -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False
    )


@st.composite
def observations(
    draw: st.DrawFn,
    indicator: str | None = None,
    kind: str | None = None,
) -> Observation:
    """Observations of every value kind, or of one: ``"number"``, ``"money"``, ``"bool"``, ``"text"``.

    Examples:
        >>> from hypothesis import find
        >>> find(observations(kind="money"), lambda o: o.currency == "THB").currency
        'THB'
    """
    kind = kind or draw(st.sampled_from(("number", "money", "bool", "text", "none")))
    value: object
    unit = None
    if kind == "number":
        value = draw(_amounts())
        unit = "person"
    elif kind == "money":
        value = Money(draw(_amounts()), draw(st.sampled_from(("KHR", "THB", "USD", "VND"))))
    elif kind == "bool":
        value = draw(st.booleans())
    elif kind == "text":
        value = draw(st.text(min_size=1, max_size=20))
    else:
        value = None
    place = draw(st.one_of(st.sampled_from(GMS), country_pairs()))
    return Observation(
        indicator=indicator or draw(st.sampled_from(("a", "b", "c"))),
        country=place,
        period=draw(st.one_of(st.none(), periods(), st.integers(2000, 2020).map(Period.year))),
        value=value,
        unit=unit,
        basis=draw(st.sampled_from(list(Basis))),
        disaggregation=draw(
            st.dictionaries(st.sampled_from(("sex", "age")), st.sampled_from(("x", "y")))
        ),
        id=draw(st.one_of(st.none(), st.text("abc.", min_size=1, max_size=6))),
        recipient=draw(st.one_of(st.none(), st.just("Ministry"))),
        approximate=draw(st.booleans()),
        bound=draw(st.one_of(st.none(), st.sampled_from(list(Bound)))),
        same_as=draw(st.one_of(st.none(), st.sampled_from(("other.fact", "x.y")))),
    )


def observation_tables(
    indicator: str | None = None, kind: str | None = None, max_size: int = 20
) -> st.SearchStrategy[ObservationTable]:
    """Tables of :func:`observations`.

    Examples:
        >>> from hypothesis import find
        >>> len(find(observation_tables(), lambda t: len(t) >= 2))
        2
    """
    return st.lists(observations(indicator, kind), max_size=max_size).map(
        ObservationTable.from_rows
    )


_SEPARATOR_PAIRS = (
    (".", ""),
    (".", ","),
    (".", " "),
    (".", "'"),
    (",", ""),
    (",", "."),
    (",", " "),
)


def csv_layouts() -> st.SearchStrategy[CsvLayout]:
    """CSV layouts of a user's file: renamed columns, and the number formats files use.

    Examples:
        >>> from hypothesis import find
        >>> find(csv_layouts(), lambda l: l.decimal == ",").number("3,5")
        Decimal('3.5')
    """
    headers = st.text("abcdefghij ", min_size=1, max_size=8).map(
        lambda h: f"{h.strip() or 'x'} col"
    )
    fields = st.sampled_from(("indicator", "country", "period", "value", "currency", "unit"))
    columns = st.dictionaries(fields, headers, max_size=3).filter(
        lambda d: len(set(d.values())) == len(d)
    )
    return st.builds(
        lambda cols, seps: CsvLayout(columns=cols, decimal=seps[0], thousands=seps[1]),
        columns,
        st.sampled_from(_SEPARATOR_PAIRS),
    )
