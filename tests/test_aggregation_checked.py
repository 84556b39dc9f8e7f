"""Runs that share their row checks give what aggregate() gives, window after window."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import ObservationTable, aggregate
from commit_mef.aggregation._checked import RowChecks, aggregate_checked
from commit_mef.errors import CommitMefError
from commit_mef.indicators import Indicator
from commit_mef.periods import Period
from commit_mef.testing import indicators, observations, year_periods

# Every test of the module runs twice: small tables in Python lists, then all in numpy.
pytestmark = pytest.mark.usefixtures("table_backend")

KINDS = {"count": "number", "money": "money", "milestone": "bool"}


def _outcome(run: Callable[[], object]) -> object:
    try:
        return run()
    except CommitMefError as exc:
        return f"{type(exc).__name__}: {exc}"


@st.composite
def _cases(draw: st.DrawFn) -> tuple[Indicator, ObservationTable]:
    ind = draw(indicators(id_="x"))
    kind = KINDS.get(ind.kind.value, draw(st.sampled_from(["number", "none"])))
    rows = draw(st.lists(observations("x", kind), max_size=12))
    return ind, ObservationTable.from_rows(rows)


@given(
    _cases(),
    st.lists(st.one_of(st.none(), year_periods(2005, 2020)), min_size=1, max_size=4),
    st.sampled_from([(), ("country",)]),
)
def test_shared_checks_give_aggregates_result_for_every_window(
    case: tuple[Indicator, ObservationTable], windows: list[Period | None], by: tuple[str, ...]
) -> None:
    """The same result (or the same error) as aggregate(), each window in turn, one RowChecks."""
    ind, table = case
    checks = RowChecks()
    for over in windows:
        alone = _outcome(partial(aggregate, table, ind, by=by, over=over, prorate=True))
        shared = _outcome(
            partial(aggregate_checked, table, ind, by, checks=checks, over=over, prorate=True)
        )
        assert shared == alone
