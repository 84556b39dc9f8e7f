"""Money: ISO 4217 currencies, exact amounts, budgets, and amounts as reports write them.

* :class:`Currency` and :func:`currency` — ISO 4217 codes with their minor units.
* :class:`Money` — an exact :class:`~decimal.Decimal` amount in one currency.
  Amounts in different currencies never mix: adding or ordering them raises
  :class:`~commit_mef.errors.CurrencyMismatchError`.  Floats are refused.
  Rounding to the currency's minor units happens for display only.
  :meth:`Money.parse` reads amounts as reports write them.
* :class:`Budget` — an allocation (never negative) over a period, with the
  equivalent a document states.

Exchange rates and conversion — :class:`~commit_mef.rates.ExchangeRate`,
:class:`~commit_mef.rates.RateTable`, :class:`~commit_mef.rates.Conversion`,
:func:`~commit_mef.rates.check_stated` and :class:`~commit_mef.rates.Finding` — live
in :mod:`commit_mef.rates`; importing them from here still works until commit-mef 0.2,
with a :class:`DeprecationWarning`.

Examples:
    >>> from commit_mef.money import Money
    >>> budget = Money.parse("2 billion LAK")
    >>> str(budget)
    'LAK 2,000,000,000.00'
    >>> from commit_mef.rates import RateTable
    >>> str(RateTable.wdi().convert(budget, "USD", over=2014).rounded())
    'USD 248,681.32'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from commit_mef._deprecation import warn_moved
from commit_mef.money._budget import Budget
from commit_mef.money._currency import Currency, currency
from commit_mef.money._money import Money

if TYPE_CHECKING:
    from commit_mef.rates import Conversion as Conversion
    from commit_mef.rates import ExchangeRate as ExchangeRate
    from commit_mef.rates import Finding as Finding
    from commit_mef.rates import RateTable as RateTable
    from commit_mef.rates import check_stated as check_stated

__all__ = [
    "Budget",
    "Currency",
    "Money",
    "currency",
]

# Moved to commit_mef.rates; deprecated here (a DeprecationWarning until 0.2).
# commit_mef.rates imports this module, so these names are looked up there on first use,
# never imported here at import time.
_MOVED_TO_RATES = frozenset({"Conversion", "ExchangeRate", "Finding", "RateTable", "check_stated"})


if not TYPE_CHECKING:  # type checkers see the five names imported above, and no others

    def __getattr__(name: str) -> Any:
        if name in _MOVED_TO_RATES:
            warn_moved(f"commit_mef.money.{name}", f"commit_mef.rates.{name}")
            return getattr(importlib.import_module("commit_mef.rates"), name)
        raise AttributeError(f"module 'commit_mef.money' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
