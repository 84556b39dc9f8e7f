"""Bounded, clearable caches and small pickles (issue #23, point 5).

The shipped WDI table lives as long as the process, so its caches must be bounded: a service
converting over ever new periods used to keep every one (10,000 periods: 7.2 MB in the table,
7.8 MB in the engine).  And a task sent to a process pool with the table used to carry all of
it (313 KB after one use, 1.6 MB after 10,000 periods); now it carries a reference.
"""

from __future__ import annotations

import datetime as dt
import pickle
import threading

from hypothesis import given
from hypothesis import strategies as st

from commit_mef import ExchangeRate, Money, Period, RateTable, clear_caches
from commit_mef._caches import LRU
from commit_mef.rates._table import CACHE_SIZE


@given(st.integers(1, 8), st.lists(st.integers(0, 20), max_size=60))
def test_lru_keeps_the_entries_used_last(maxsize: int, keys: list[int]) -> None:
    cache: LRU[int, int] = LRU(maxsize)
    order: list[int] = []  # reference: most recent last
    for key in keys:
        if cache.get(key) is None:
            cache.put(key, key * 10)
        if key in order:
            order.remove(key)
        order.append(key)
        order = order[-maxsize:]
        assert len(cache) == len(order) <= maxsize
    assert all(cache.get(k) == k * 10 for k in order)


def test_the_wdi_cache_stays_bounded_and_clears() -> None:
    wdi = RateTable.wdi()
    start = dt.date(2001, 1, 1)
    first = wdi.convert(Money("1000", "THB"), "USD", over=Period(start, start))
    for i in range(CACHE_SIZE + 200):
        day = start + dt.timedelta(days=i)
        wdi.convert(Money("1000", "THB"), "USD", over=Period(day, day))
    assert len(wdi._cache) == CACHE_SIZE  # the bound, not 1,224
    clear_caches()
    assert len(wdi._cache) == 0
    assert wdi.convert(Money("1000", "THB"), "USD", over=Period(start, start)) == first


def test_the_shipped_table_pickles_by_reference() -> None:
    wdi = RateTable.wdi()
    wdi.convert(Money("1", "THB"), "USD", over=2014)
    data = pickle.dumps(wdi)
    assert len(data) < 200
    assert pickle.loads(data) is wdi


def test_another_table_pickles_its_rates_not_its_caches() -> None:
    rates = [
        ExchangeRate(
            currency="KHR", per_usd=str(4000 + y), period=Period.year(y), source="s", vintage="v"
        )
        for y in range(2000, 2020)
    ]
    table = RateTable(rates)
    before = len(pickle.dumps(table))
    for y in range(2000, 2020):
        for z in range(y, 2020):
            table.convert(Money("1", "KHR"), "USD", over=Period.years(y, z))
    back = pickle.loads(pickle.dumps(table))
    assert len(pickle.dumps(table)) == before
    assert back == table
    assert back is not table
    assert back.convert(Money("1", "KHR"), "USD", over="2003-2009") == table.convert(
        Money("1", "KHR"), "USD", over="2003-2009"
    )


def test_a_table_built_from_shipped_rates_pickles_by_value() -> None:
    part = RateTable([r for r in RateTable.wdi().rates if r.currency.code == "THB"])
    back = pickle.loads(pickle.dumps(part))
    assert back == part
    assert back is not RateTable.wdi()


def test_the_cache_is_safe_from_several_threads() -> None:
    cache: LRU[int, int] = LRU(64)
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(2000):
                cache.put((i * 7 + offset) % 300, i)
                cache.get((i * 3 + offset) % 300)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(cache) == 64


# -- built once under concurrent first use (#15 point 5) ---------------------------------------
_COLD_START = r"""
import json, sys, threading
from decimal import Decimal

import commit_mef
from commit_mef import Money, RateTable, country, datasets, units
from commit_mef.io._converter import converter
from commit_mef.money import currency

THREADS = 16
barrier = threading.Barrier(THREADS)
got = [None] * THREADS
errors = []

def first_use(i):
    try:
        barrier.wait()
        got[i] = {
            "registry": units.registry(),
            "quantity": Money(str(i), "USD").to_pint(),
            "currency": currency("EUR"),
            "wdi": RateTable.wdi(),
            "spa3": datasets.spa3_report(),
            "mou": datasets.mou(),
            "plan": datasets.plan("SPA III"),
            "meetings": datasets.meetings(),
            "population": datasets.population(),
            "partner": country("Saudi Arabia"),
            "converter": converter(),
        }
    except BaseException as exc:
        errors.append(repr(exc))

threads = [threading.Thread(target=first_use, args=(i,)) for i in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert not errors, errors
distinct = {
    name: len({id(g[name]) for g in got})
    for name in got[0] if name != "quantity"
}
total = sum((g["quantity"] for g in got[1:]), got[0]["quantity"])
print(json.dumps({"distinct": distinct, "total": str(total.magnitude), "unit": str(total.units)}))
"""


def test_sixteen_threads_on_a_cold_interpreter_share_every_lazy_object() -> None:
    """Sixteen threads make their first call at once: one registry, table, dataset, currency.

    Before, each thread could build its own: sixteen pint registries (whose quantities
    cannot be added), sixteen WDI tables and SPA III datasets, several EUR objects.
    """
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = str(Path(__file__).resolve().parents[1] / "src")
    done = subprocess.run(
        [sys.executable, "-c", _COLD_START],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": src},
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["distinct"] == dict.fromkeys(result["distinct"], 1)
    assert len(result["distinct"]) == 10
    assert result["total"] == str(sum(range(16)))
    assert result["unit"] == "USD"
