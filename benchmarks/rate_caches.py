"""Memory the rate caches keep after 10,000 distinct periods, and the size of a pickled WDI table.

Run: ``python benchmarks/rate_caches.py``.  Figures are tracemalloc deltas in one process:
the rate table's own cache (``RateTable.convert`` over 10,000 periods), then the aggregation
engine's factor cache (``aggregate`` of 10,000 THB figures over 10,000 periods to US$), then
what :func:`commit_mef.clear_caches` gives back; and ``len(pickle.dumps(RateTable.wdi()))``.
"""

from __future__ import annotations

import datetime as dt
import gc
import pickle
import tracemalloc

from commit_mef import (
    Indicator,
    Money,
    Observation,
    ObservationTable,
    Period,
    RateTable,
    aggregate,
    clear_caches,
)

START = dt.date(2000, 1, 1)


def _period(i: int) -> Period:
    first = START + dt.timedelta(days=i % 3000)
    return Period(first, first + dt.timedelta(days=30 + i // 3000))


def _kept(base: int) -> float:
    gc.collect()
    return (tracemalloc.get_traced_memory()[0] - base) / 1e6


def main() -> None:
    """Print the figures."""
    wdi = RateTable.wdi()
    wdi.convert(Money("1", "THB"), "USD", over=2014)
    print(f"pickle of RateTable.wdi() after use: {len(pickle.dumps(wdi)):,} bytes")
    tracemalloc.start()
    gc.collect()
    base = tracemalloc.get_traced_memory()[0]
    for i in range(10_000):
        wdi.convert(Money("1", "THB"), "USD", over=_period(i))
    print(f"RateTable cache after 10,000 periods: {_kept(base):.1f} MB")
    budget = Indicator(id="b", name="Budget", kind="money", unit="currency")
    table = ObservationTable.from_rows(
        Observation(
            indicator="b",
            country="THA",
            period=_period(i),
            value=Money("1000", "THB"),
            recipient=f"r{i}",
        )
        for i in range(10_000)
    )
    gc.collect()
    base = tracemalloc.get_traced_memory()[0]
    result = aggregate(table, budget, by=("period",), currency="USD", rates=wdi)
    del result
    print(f"aggregation factor cache after 10,000 periods: {_kept(base):.1f} MB")
    clear_caches()
    print(f"after clear_caches(): {_kept(base):+.1f} MB")
    print(f"pickle of RateTable.wdi() after all that: {len(pickle.dumps(wdi)):,} bytes")


if __name__ == "__main__":
    main()
