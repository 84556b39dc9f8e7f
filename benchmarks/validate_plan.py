"""Validating a large plan: 5 areas x 20 objectives x 50 targets (5,000 targets, 1,000 indicators).

Builds the plan at 1x, 2x and 4x (more objectives per area), validates each several times,
and prints the best time and the growth ratios against the 1x run of the same process.
Goal: at most 1 s at 1x on one core, and linear growth (ratios near 2 and 4).
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from decimal import Decimal

from commit_mef.commitments import Commitment
from commit_mef.indicators import Indicator
from commit_mef.money import Money
from commit_mef.plans import Area, Baseline, Objective, Plan, Target
from commit_mef.validation import validate

REPEATS = 9
AREAS, OBJECTIVES, TARGETS = 5, 20, 50
TARGETS_PER_INDICATOR = 5


def indicator(i: int) -> Indicator:
    kind = ("count", "money", "percentage", "milestone")[i % 4]
    unit = {"count": "person", "money": "USD", "percentage": None, "milestone": None}[kind]
    return Indicator(id=f"ind-{i}", name=f"Indicator {i}", kind=kind, unit=unit)


def value(kind: str, i: int) -> object:
    if kind == "count":
        return Decimal(100 + i % 50)
    if kind == "money":
        return Money(Decimal(1000 + i), "USD")
    if kind == "percentage":
        return Decimal(i % 100)
    return True


def build(scale: int) -> Plan:
    n_targets = AREAS * OBJECTIVES * scale * TARGETS
    inds = tuple(indicator(i) for i in range(n_targets // TARGETS_PER_INDICATOR))
    commitments = tuple(Commitment(article=n, areas=(1 + n % AREAS,)) for n in range(1, 35))
    areas = []
    k = 0
    for a in range(1, AREAS + 1):
        objectives = []
        for o in range(OBJECTIVES * scale):
            targets = []
            for _ in range(TARGETS):
                ind = inds[k // TARGETS_PER_INDICATOR]
                kind = ind.kind.value
                base = None if kind == "milestone" else Baseline(value=value(kind, 0))
                targets.append(
                    Target(
                        id=f"t{k}",
                        indicator=ind.id,
                        value=value(kind, k),
                        baseline=base,
                        deadline=dt.date(2015 + k % 4, 6, 30),
                        countries=("KHM",),
                        commitments=(f"article-{1 + k % 34}",),
                    )
                )
                k += 1
            objectives.append(Objective(id=f"{a}.{o}", title="Objective", targets=tuple(targets)))
        areas.append(Area(number=a, title=f"Area {a}", objectives=tuple(objectives)))
    return Plan(
        code="BENCH",
        title="Benchmark plan",
        period="2015-2018",
        areas=tuple(areas),
        indicators=inds,
        commitments=commitments,
    )


def best(plan: Plan) -> float:
    times = []
    for _ in range(REPEATS):
        gc.collect()
        start = time.perf_counter()
        report = validate(plan)
        times.append(time.perf_counter() - start)
        assert report.ok, str(report)[:500]  # noqa: S101 - the benchmark plan must be valid
    return min(times)


def main() -> None:
    base = None
    for scale in (1, 2, 4):
        plan = build(scale)
        n_targets = sum(1 for _ in plan.targets())
        seconds = best(plan)
        base = base or seconds
        print(
            f"{scale}x: {n_targets:6d} targets, {len(plan.indicators):5d} indicators  "
            f"validate {seconds * 1000:8.1f} ms  ratio to 1x {seconds / base:5.2f} "
            f"(linear: {scale})"
        )
    print("goal: 1x at most 1000 ms; ratios near 2 and 4")


if __name__ == "__main__":
    main()
