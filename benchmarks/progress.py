"""Progress at scale: ``progress_all()`` (one pass) against a loop of ``progress()`` calls.

Synthetic observations: 1,000,000 rows (``--rows N`` for another size) of 10 count
indicators (people trained, a flow summed over time), 6 countries, 20 years, each a
distinct figure (no repeated line).  50 targets, 5 on each indicator, of the shapes a plan
has: a regional total binding every member (no countries named), a regional total of three
members with a yearly timeline, a national target of one country by a deadline, a national
target over two countries (each measured apart, the worst status), and a per-year target
of four members.

Measured in the same run, interleaved, medians of ``--repeat`` (default 5):

* loop: ``[progress(t, table, as_of=..., indicator=..., indicators=...) for t in targets]``;
* one pass: ``progress_all(targets, table, as_of=..., indicators=...)``;

the two results are checked EQUAL (every field of every ``Progress``).  The table is built
once, outside the timed part.  Prints the load average: the machine is shared.

Run: ``python benchmarks/progress.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from commit_mef import GMS, ObservationTable
from commit_mef.indicators import Indicator
from commit_mef.plans import InterimTarget, Target
from commit_mef.progress import Progress, progress, progress_all

INDICATORS = [
    Indicator(id=f"trained.{i}", name=f"Trained {i}", kind="count", unit="person")
    for i in range(10)
]
COUNTRIES = [c.alpha_3 for c in GMS]
AS_OF = dt.date(2013, 6, 30)


def table(n: int, seed: int = 11) -> ObservationTable:
    """``n`` rows, dictionary-encoded keys, each magnitude distinct."""
    rng = np.random.default_rng(seed)
    return ObservationTable.from_columns(
        indicator=(
            rng.integers(0, len(INDICATORS), n).astype(np.uint8),
            [i.id for i in INDICATORS],
        ),
        country=(rng.integers(0, len(COUNTRIES), n).astype(np.uint8), COUNTRIES),
        period=rng.integers(2000, 2020, n),
        magnitude=rng.permutation(n) + 1,
        unit="person",
    )


def targets() -> list[Target]:
    """Five targets on each indicator, sized so that some are met and some are behind."""
    out = []
    cell = 4 * 10**8  # about what one country reports for one indicator in one year
    for k, ind in enumerate(INDICATORS):
        steps = tuple(
            InterimTarget(period=str(2011 + y), value=cell * 3 * (y + 1) * 5 // 4 // 4 * 4)
            for y in range(4)
        )
        out += [
            Target(
                id=f"{ind.id}.all",
                indicator=ind.id,
                value=cell * 6 * 10 * (k + 5) // 10,
                period="2006-2015",
                level="regional",
            ),
            Target(
                id=f"{ind.id}.three",
                indicator=ind.id,
                value=steps[-1].value,
                period="2011-2014",
                level="regional",
                countries=tuple(COUNTRIES[k % 3 : k % 3 + 3]),
                timeline=steps,
            ),
            Target(
                id=f"{ind.id}.one",
                indicator=ind.id,
                value=cell * (10 + k),
                deadline=dt.date(2014, 12, 31),
                countries=(COUNTRIES[k % 6],),
            ),
            Target(
                id=f"{ind.id}.two",
                indicator=ind.id,
                value=cell * 5 * (k + 5) // 10,
                period="2010-2014",
                countries=(COUNTRIES[k % 6], COUNTRIES[(k + 1) % 6]),
            ),
            Target(
                id=f"{ind.id}.yearly",
                indicator=ind.id,
                value=cell * 4 * (k + 5) // 10,
                period="2009-2016",
                level="regional",
                per_year=True,
                countries=tuple(COUNTRIES[:4]),
            ),
        ]
    return out


def _time(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores)")
    built, data = _time(lambda: table(args.rows))
    goals = targets()
    by_id = {i.id: i for i in INDICATORS}
    print(
        f"{args.rows:,} observations, {len(goals)} targets over {len(INDICATORS)} "
        f"indicators; table built in {built * 1000:.0f} ms (not timed below)"
    )

    def loop() -> list[Progress]:
        return [
            progress(t, data, as_of=AS_OF, indicator=by_id[t.indicator], indicators=INDICATORS)
            for t in goals
        ]

    def one_pass() -> list[Progress]:
        return list(progress_all(goals, data, as_of=AS_OF, indicators=INDICATORS))

    loops, passes = [], []
    for _ in range(args.repeat):
        t_loop, alone = _time(loop)
        t_pass, together = _time(one_pass)
        if together != alone:
            raise SystemExit("progress_all() differs from progress() target by target")
        loops.append(t_loop)
        passes.append(t_pass)
    a, b = statistics.median(loops), statistics.median(passes)
    print(
        f"loop of progress(): median {a * 1000:,.0f} ms ({min(loops) * 1000:,.0f}-"
        f"{max(loops) * 1000:,.0f})"
    )
    print(
        f"progress_all():     median {b * 1000:,.0f} ms ({min(passes) * 1000:,.0f}-"
        f"{max(passes) * 1000:,.0f}); {b / a:.2f}x the loop, results equal"
    )
    statuses: dict[str, int] = {}
    for p in together:
        statuses[p.status.value] = statuses.get(p.status.value, 0) + 1
    print(f"statuses: {statuses}; load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
