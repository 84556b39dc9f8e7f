"""Load and dump a 100,000-observation JSON file against json.loads / json.dumps.

Goal: ``commit_mef.io.loads`` (parse, check limits, validate every column, build the
table) takes at most 3x ``json.loads`` on the same bytes plus building the table
from the parsed lists with ``ObservationTable.from_columns``; ``io.dumps`` at most 3x
reading the table's columns into lists plus ``json.dumps``.  Best of 5 each.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from commit_mef import GMS, ObservationTable, io

N = 100_000


def make_table() -> ObservationTable:
    rng = random.Random(7)
    codes = [c.alpha_3 for c in GMS]
    return ObservationTable.from_columns(
        indicator=[
            rng.choice(("victims.identified", "budget.allocation", "training")) for _ in range(N)
        ],
        country=[rng.choice(codes) for _ in range(N)],
        period=[rng.randint(2004, 2024) for _ in range(N)],
        magnitude=np.asarray([rng.randint(0, 10**9) for _ in range(N)], dtype=np.int64),
        exponent=-2,
        unit="person",
        disaggregation={"sex": [rng.choice(("female", "male", None)) for _ in range(N)]},
    )


def best(fn: Callable[[], Any], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def baseline_load(data: bytes) -> ObservationTable:
    """json.loads plus building the table from the parsed lists (no checks)."""
    doc = json.loads(data)["data"]
    cols = doc["columns"]

    def expand(col: dict[str, Any]) -> Any:
        cats = np.empty(len(col["categories"]), dtype=object)
        cats[:] = col["categories"]
        return cats[np.asarray(col["codes"])]

    return ObservationTable.from_columns(
        indicator=expand(cols["indicator"]),
        country=expand(cols["country"]),
        period=expand(cols["period"]),
        unit=expand(cols["unit"]),
        magnitude=np.asarray(doc["magnitude"], dtype=np.int64),
        exponent=doc["exponent"],
        disaggregation={k: expand(v) for k, v in doc["dimensions"].items()},
    )


def baseline_dump(table: ObservationTable) -> str:
    """The table's columns as lists, then json.dumps (no encoding of categories)."""
    cols = table.columns()
    out = {
        name: {"categories": [str(c) for c in value[1]], "codes": value[0].tolist()}
        for name, value in cols.items()
        if name not in ("magnitude", "exponent")
    }
    return json.dumps({"magnitude": cols["magnitude"].tolist(), "columns": out})


def main() -> None:
    table = make_table()
    data = io.dumps(table).encode()
    if io.loads(data) != baseline_load(data):
        raise SystemExit("the two loads disagree")
    load_base = best(lambda: baseline_load(data))
    load_io = best(lambda: io.loads(data, ObservationTable))
    dump_base = best(lambda: baseline_dump(table))
    dump_io = best(lambda: io.dumps(table))
    print(f"file: {len(data) / 1e6:.1f} MB, {N:,} observations")
    print(f"load: json.loads + from_columns {load_base * 1e3:7.1f} ms")
    print(
        f"      io.loads                  {load_io * 1e3:7.1f} ms  ratio {load_io / load_base:.2f}x (goal <= 3x)"
    )
    print(f"dump: columns + json.dumps      {dump_base * 1e3:7.1f} ms")
    print(
        f"      io.dumps                  {dump_io * 1e3:7.1f} ms  ratio {dump_io / dump_base:.2f}x (goal <= 3x)"
    )


if __name__ == "__main__":
    main()
