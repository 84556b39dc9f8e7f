"""What the engine tests share: aggregate() through an engine, and its comparison with in-process.

``run_on(connect)`` gives an ``aggregate`` with the in-process signature that writes the
table to Arrow, hands it to an engine and aggregates it there; the engine-audit cases of
``test_aggregation_semantics`` run through it (their module's ``aggregate`` replaced).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from commit_mef import AggregationError, ObservationTable, aggregate, engines, io
from commit_mef.errors import CommitMefError
from commit_mef.indicators import Indicator
from commit_mef.rates import RateTable
from commit_mef.testing import observation_tables

Connect = Callable[[Any], engines.Source]


def run_on(connect: Connect) -> Callable[..., Any]:
    """``aggregate`` on the engine ``connect`` makes of an Arrow table."""

    def on_engine(table: ObservationTable, indicator: Indicator, *args: Any, **kwargs: Any) -> Any:
        return engines.aggregate(connect(io.to_arrow(table)), indicator, *args, **kwargs)

    return on_engine


def outcome(run: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[str, Any]:
    """The result, or the error's class and message."""
    try:
        return "result", run(*args, **kwargs)
    except CommitMefError as exc:
        return type(exc).__name__, str(exc)


INDICATORS = [
    Indicator(id="a", name="Persons", kind="count", unit="person"),
    Indicator(id="a", name="Money", kind="money", unit="currency"),
    Indicator(id="a", name="Signed", kind="milestone"),
    Indicator(id="a", name="Share", kind="percentage"),
    Indicator(id="a", name="Stock", kind="count", unit="person", rule=("last", "sum")),
]
BYS = [(), ("country",), ("year",), ("country", "year"), ("period",), ("currency",), ("sex",)]


def property_test(connect: Connect, examples: int) -> Callable[..., None]:
    """The Hypothesis property: same result, or the same error class and reason, as in process."""

    @given(
        observation_tables(indicator="a", max_size=12),
        st.sampled_from(INDICATORS),
        st.sampled_from(BYS),
        st.booleans(),
    )
    @settings(max_examples=examples, deadline=None)
    def test(table: ObservationTable, indicator: Indicator, by: tuple[str, ...], usd: bool) -> None:
        if indicator.kind.value != "money":
            usd = False
        options: dict[str, Any] = {"currency": "USD", "rates": RateTable.wdi()} if usd else {}
        options["prorate"] = True
        expected = outcome(aggregate, table, indicator, by, **options)
        assert_same(outcome(run_on(connect), table, indicator, by, **options), expected)

    return test


def assert_same(got: tuple[str, Any], expected: tuple[str, Any]) -> None:
    """The same result, or the same error class and (for an AggregationError) the same rule."""
    if expected[0] == "result":
        assert got == expected
    else:
        assert got[0] == expected[0], (got, expected)
        if expected[0] == AggregationError.__name__:
            # one error class, one rule: the reason before the row it names
            assert _reason(got[1]) == _reason(expected[1]), (got, expected)


def _reason(message: str) -> str:
    """The rule a message states, without the row it names (engines may name another row)."""
    for marker in (
        " are counts with no unit",
        " is not a whole number",
        " is outside 0-100",
        " off the scale",
        " observations share the id",
        " rows are identical",
        " are two values of one stock",
        " overlap in time",
        " is broken down by",
        " has ",
        " is flagged as a subset of",
    ):
        if marker in message:
            return marker
    return message


def hash_checks(patch: Any, answer: bool | None = None) -> list[list[str]]:
    """Record the hash checks (``all_distinct``) the engine runs; with ``answer``, make each answer it.

    ``patch`` is a ``pytest.MonkeyPatch`` (a test's fixture, or ``MonkeyPatch.context()``).
    """
    from commit_mef.engines import _checks

    calls: list[list[str]] = []
    real = _checks.all_distinct

    def spy(table: Any, columns: list[str], rows: int) -> bool:
        calls.append(columns)
        return real(table, columns, rows) if answer is None else answer

    patch.setattr(_checks, "all_distinct", spy)
    return calls


def huge(magnitude: int, n: int) -> ObservationTable:
    """``n`` people-trained figures of ``magnitude`` each, half Cambodia's and half Lao PDR's."""
    return ObservationTable.from_columns(
        indicator="trained",
        country=["KHM", "LAO"] * (n // 2),
        period=2014,
        magnitude=[magnitude] * n,
        unit="person",
        recipient=[f"office {i}" for i in range(n)],
    )
