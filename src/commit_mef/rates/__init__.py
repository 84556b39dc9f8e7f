"""Exchange rates: dated rate tables (WDI shipped), exact conversion via US$, stated-equivalent checks.

* :class:`ExchangeRate`, :class:`RateTable` — dated rates with their source
  and vintage; :meth:`RateTable.wdi` is the World Bank table shipped with the
  package, :meth:`RateTable.from_csv` reads your own.
* :meth:`RateTable.convert` crosses via US$ and :meth:`RateTable.conversion`
  says which rates made the result (a :class:`Conversion`);
  :meth:`RateTable.convert_fixed` converts columns of millions of amounts with
  the same exact factors.
* :func:`check_stated` — a :class:`Finding` when a document's stated
  equivalent disagrees with reference rates beyond a tolerance.
* :func:`clear_caches` — empty the bounded caches of worked-out rates and
  conversion factors (each an LRU of 1,024 entries per table).

Every name here can also be imported from :mod:`commit_mef` and (all but
:func:`clear_caches`), as before they moved here, from :mod:`commit_mef.money`.

Examples:
    >>> from commit_mef.money import Money
    >>> from commit_mef.rates import RateTable, check_stated
    >>> budget = Money.parse("2 billion LAK")
    >>> str(RateTable.wdi().convert(budget, "USD", over=2014).rounded())
    'USD 248,681.32'
    >>> check_stated(budget, Money.parse("USD 246 660"), RateTable.wdi(), over=2014) is None
    True
"""

from __future__ import annotations

from commit_mef._caches import clear_caches
from commit_mef.rates._rate import Conversion, ExchangeRate
from commit_mef.rates._stated import Finding, check_stated
from commit_mef.rates._table import RateTable

__all__ = [
    "Conversion",
    "ExchangeRate",
    "Finding",
    "RateTable",
    "check_stated",
    "clear_caches",
]
