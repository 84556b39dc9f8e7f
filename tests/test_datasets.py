"""The shipped datasets: provenance of every file, and the loaders."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from importlib.resources import files

import pytest

from commit_mef import GMS, MissingDataError, Period, UnknownCountryError
from commit_mef.datasets import MeetingKind, Population, list_datasets, meetings, population

DATA = files("commit_mef").joinpath("data")


def shipped_files() -> list[str]:
    return sorted(p.name for p in DATA.iterdir() if p.is_file() and p.name not in {"PROVENANCE.md"})


def test_every_shipped_file_is_listed_in_provenance_with_its_checksum() -> None:
    listed = {d.file: d for d in list_datasets()}
    assert sorted(listed) == shipped_files()
    for info in listed.values():
        actual = hashlib.sha256(DATA.joinpath(info.file).read_bytes()).hexdigest()
        assert info.sha256 == actual, f"update the sha256 of {info.file} in PROVENANCE.md"
        assert info.source, info.file
        assert info.licence, info.file


@pytest.mark.parametrize("name", [n for n in shipped_files() if n.endswith(".json")])
def test_every_json_file_parses(name: str) -> None:
    assert isinstance(json.loads(DATA.joinpath(name).read_bytes()), dict)


def test_meetings_are_in_date_order_and_joint_meetings_point_to_each_other() -> None:
    found = meetings()
    starts = [m.period.start for m in found]
    assert starts == sorted(starts)
    by_code = {m.code: m for m in found if m.code}
    assert by_code["IMM2"].joint_with == "SOM5"
    assert by_code["SOM5"].joint_with == "IMM2"
    assert by_code["IMM1"].period == Period.parse("2004-10-29")
    assert by_code["IMM4"].country == GMS[0]
    assert [m.code for m in found if m.kind is MeetingKind.IMM] == ["IMM1", "IMM2", "IMM3", "IMM4"]


def test_the_unknown_number_of_the_2015_som_stays_unknown() -> None:
    som_2015 = [m for m in meetings() if m.kind is MeetingKind.SOM and m.period.start.year == 2015]
    assert len(som_2015) == 1
    assert som_2015[0].number is None
    assert som_2015[0].code is None


def test_population_covers_the_six_countries_from_2000() -> None:
    pop = population()
    for member in GMS:
        for year in range(2000, 2025):
            assert pop.of(member, year) > 1_000_000
    assert pop.of("China", 2014) > 1_300_000_000


def test_population_rate_is_exact_per_100k() -> None:
    pop = Population.from_rows([("KHM", 2014, 16_000_000)])
    assert pop.rate(160, "KHM", 2014) == Decimal(1)
    assert pop.rate(160, "KHM", 2014, per=1_000_000) == Decimal(10)


def test_missing_population_says_what_the_table_has() -> None:
    with pytest.raises(
        MissingDataError, match=r"Thailand in 1990; the table has 2000-\d{4}"
    ) as info:
        population().of("THA", 1990)
    assert info.value.dataset == "population"
    with pytest.raises(MissingDataError, match="no figures for it"):
        population().of("FRA", 2014)
    with pytest.raises(UnknownCountryError):
        population().of("Atlantis", 2014)
