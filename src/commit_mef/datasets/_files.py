"""The shipped data files: reading them once, and their provenance."""

from __future__ import annotations

import hashlib
import json
import re
from importlib.resources import files
from typing import Any

import attrs

from commit_mef._caches import built_once

__all__ = ["DatasetInfo", "data_bytes", "data_json", "list_datasets"]


def data_bytes(name: str) -> bytes:
    """The bytes of a shipped data file (``src/commit_mef/data/NAME``)."""
    return files("commit_mef").joinpath("data", name).read_bytes()


@built_once
def data_json(name: str) -> Any:
    """A shipped JSON data file, parsed once and cached (treat the result as read-only)."""
    return json.loads(data_bytes(name))


@attrs.frozen(kw_only=True)
class DatasetInfo:
    """What a shipped data file holds and where it comes from.

    Attributes:
        name: The loader's name (``"spa3_report"``).
        file: The file name under ``commit_mef/data/``.
        title: One line saying what it holds.
        source: Where the data come from.
        vintage: Which version of the source.
        licence: The licence the data carry.
        sha256: The checksum recorded in ``PROVENANCE.md``.

    Examples:
        >>> info = {d.name: d for d in list_datasets()}["population"]
        >>> "CC BY 4.0" in info.licence
        True
        >>> info.verify()
        True
    """

    name: str
    file: str
    title: str
    source: str
    vintage: str
    licence: str
    sha256: str

    def verify(self) -> bool:
        """Whether the shipped file still has the checksum its provenance records.

        Examples:
            >>> all(d.verify() for d in list_datasets())
            True
        """
        return hashlib.sha256(data_bytes(self.file)).hexdigest() == self.sha256


_LOADERS = {
    "spa3_report.json": (
        "spa3_report",
        "the figures and facts of the SPA III final report's sections 2.2-2.7, as observations",
    ),
    "plans.json": ("plans", "the Sub-regional Plans of Action SPA I-IV"),
    "mou.json": ("mou", "the 2004 COMMIT Memorandum of Understanding"),
    "meetings.json": ("meetings", "COMMIT Senior Officials' and Inter-Ministerial Meetings"),
    "population.csv": ("population", "total population, World Bank WDI SP.POP.TOTL"),
    "wdi_rates.csv": ("rates", "official exchange rates, World Bank WDI PA.NUS.FCRF"),
    "country_currencies.csv": ("country_currencies", "the ISO 4217 currency of each country"),
}


def _field(body: str, label: str) -> str:
    match = re.search(rf"^- {label}:\s*(.+?)(?=^- |\Z)", body, re.M | re.S)
    return " ".join(match.group(1).split()) if match else ""


@built_once
def list_datasets() -> tuple[DatasetInfo, ...]:
    """Every shipped data file with its provenance, as ``PROVENANCE.md`` records it.

    Returns:
        One :class:`DatasetInfo` per file listed in ``PROVENANCE.md``, in its order.

    Examples:
        >>> [d.name for d in list_datasets()][:3]
        ['spa3_report', 'plans', 'mou']
    """
    text = data_bytes("PROVENANCE.md").decode("utf-8")
    found: list[DatasetInfo] = []
    for block in re.split(r"^## ", text, flags=re.M)[1:]:
        heading, _, body = block.partition("\n")
        for file_name in re.findall(r"`?([\w.-]+\.(?:json|csv))`?", heading):
            if file_name not in _LOADERS:
                continue
            name, title = _LOADERS[file_name]
            checksum = re.search(
                rf"sha256(?: of {re.escape(file_name)})?:\s*`([0-9a-f]{{64}})`", body
            )
            found.append(
                DatasetInfo(
                    name=name,
                    file=file_name,
                    title=title,
                    source=_field(body, "Source"),
                    vintage=_field(body, "Vintage"),
                    licence=_field(body, "Licence"),
                    sha256=checksum.group(1) if checksum else "",
                )
            )
    return tuple(found)
