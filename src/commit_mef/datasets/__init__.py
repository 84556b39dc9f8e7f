"""The data the package ships: MoU, plans, the SPA III final report, meetings, rates, population.

Each loader reads its file under ``commit_mef/data/`` on first use and caches the
result; ``PROVENANCE.md`` beside the files records source, vintage, licence and
checksum of each, and :func:`list_datasets` returns that record.

Examples:
    >>> from commit_mef import datasets
    >>> datasets.plan("SPA III").extension
    Period(start=datetime.date(2014, 1, 1), end=datetime.date(2014, 12, 31))
    >>> len(datasets.spa3_report().observations) > 100
    True
    >>> datasets.population().of("Myanmar", 2014) > 50_000_000
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from commit_mef.datasets._files import DatasetInfo, list_datasets
from commit_mef.datasets._meetings import Meeting, MeetingKind, meetings
from commit_mef.datasets._plans import mou, plan, plans
from commit_mef.datasets._population import Population, population
from commit_mef.datasets._report import Dataset, spa3_report

if TYPE_CHECKING:
    from commit_mef.rates import RateTable

__all__ = [
    "Dataset",
    "DatasetInfo",
    "Meeting",
    "MeetingKind",
    "Population",
    "list_datasets",
    "meetings",
    "mou",
    "plan",
    "plans",
    "population",
    "rates",
    "spa3_report",
]


def rates() -> RateTable:
    """The shipped World Bank official annual-average exchange rates (``PA.NUS.FCRF``).

    The same table as :meth:`commit_mef.rates.RateTable.wdi`; Myanmar's rates
    before 2012 are marked not meaningful and refused unless asked for.

    Examples:
        >>> from commit_mef.money import Money
        >>> rates().convert(Money("2000000000", "LAK"), "USD", over=2014).rounded()
        Money('248...', 'USD')
    """
    from commit_mef.rates import RateTable

    return RateTable.wdi()
