"""The data the package ships: MoU, plans, the SPA III final report, meetings, rates, population.

Each loader reads its file under ``commit_mef/data/`` on first use and caches the
result; ``PROVENANCE.md`` beside the files records source, vintage, licence and
checksum of each, and :func:`list_datasets` returns that record.

Examples:
    >>> from commit_mef import datasets
    >>> len(datasets.meetings()) >= 10
    True
    >>> datasets.population().of("Myanmar", 2014) > 50_000_000
    True
"""

from __future__ import annotations

from commit_mef.datasets._files import DatasetInfo, list_datasets
from commit_mef.datasets._meetings import Meeting, MeetingKind, meetings
from commit_mef.datasets._population import Population, population

__all__ = [
    "DatasetInfo",
    "Meeting",
    "MeetingKind",
    "Population",
    "list_datasets",
    "meetings",
    "population",
]
