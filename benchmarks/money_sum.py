"""Summing 100,000 Money values of one currency vs the same values as plain Decimal (goal <= 15x)."""

from __future__ import annotations

import random
import timeit
from decimal import Decimal

from commit_mef.money import Money

N = 100_000


def main() -> None:
    rng = random.Random(7)
    decimals = [Decimal(rng.randrange(1, 10**9)) / 100 for _ in range(N)]
    monies = [Money(d, "KHR") for d in decimals]
    if sum(monies).amount != sum(decimals):
        raise SystemExit("the two sums disagree")
    base = min(timeit.repeat(lambda: sum(decimals), number=5, repeat=5)) / 5
    money = min(timeit.repeat(lambda: sum(monies), number=5, repeat=5)) / 5
    print(f"sum of {N:,} Decimal: {base * 1e3:.1f} ms")
    print(f"sum of {N:,} Money:   {money * 1e3:.1f} ms")
    print(f"ratio Money / Decimal: {money / base:.1f}x (goal <= 15x)")


if __name__ == "__main__":
    main()
