"""SDMX export: the DSD's codes, SDMX-ML and SDMX-CSV read back by sdmx1, SDG 16.2.2, bad input."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import sdmx
from hypothesis import given
from hypothesis import strategies as st

from _spa4 import spa4_figures
from commit_mef import Observation, ObservationTable, Period, datasets
from commit_mef.errors import ExportError
from commit_mef.io import (
    protect_small_cells,
    sdmx_period,
    sdmx_records,
    sdmx_structure,
    to_sdg_16_2_2,
    to_sdmx,
    write_sdmx,
)


def _read(path: Path, msg: sdmx.message.DataMessage, fmt: str | None = None) -> object:
    with open(path, "rb") as handle:
        return sdmx.read_sdmx(
            handle, structure=msg.data[0].structured_by, dataflow=msg.dataflow, format=fmt
        )


def _round_trip(msg: sdmx.message.DataMessage, tmp_path: Path) -> None:
    write_sdmx(msg, tmp_path / "data.xml")
    write_sdmx(msg, tmp_path / "data.csv", format="csv")
    from_xml = _read(tmp_path / "data.xml", msg)
    from_csv = _read(tmp_path / "data.csv", msg, "csv")
    expected = sdmx_records(msg)
    assert sdmx_records(from_xml) == expected  # type: ignore[arg-type]
    assert sdmx_records(from_csv) == expected  # type: ignore[arg-type]
    assert all(
        a.compare(b)
        for a, b in zip(msg.data[0].obs, from_xml.data[0].obs, strict=True)  # type: ignore[attr-defined]
    )


def test_the_spa3_report_round_trips_through_sdmx_ml_and_csv(tmp_path: Path) -> None:
    table = datasets.spa3_report().observations
    with pytest.raises(ExportError) as info:
        to_sdmx(table)
    refused = {p.path for p in info.value.problems}
    rows = list(table)
    assert refused == {
        f"/table/{i}"
        for i, o in enumerate(rows)
        if o.period is None or isinstance(o.value, str) or o.value is None
    }
    msg = to_sdmx(table, omit_unsupported=True)
    assert len(msg.data[0].obs) == len(rows) - len(refused)
    _round_trip(msg, tmp_path)
    records = sdmx_records(msg)
    # every figure is carried as it is: a money amount in its own currency, exactly
    kept = [o for o in rows if f"/table/{rows.index(o)}" not in refused]
    for obs, record in zip(kept, records, strict=True):
        if isinstance(obs.value, bool):
            assert record["OBS_VALUE"] == (1 if obs.value else 0)
        else:
            amount = getattr(obs.value, "amount", obs.value)
            assert record["OBS_VALUE"] == amount
        assert record["REF_AREA"] == getattr(obs.country, "alpha_3", None) or "_" in str(
            record["REF_AREA"]
        )


def test_the_dsd_has_the_issue_s_dimensions_and_attributes() -> None:
    msg = to_sdmx(spa4_figures())
    dsd = msg.data[0].structured_by
    assert [d.id for d in dsd.dimensions] == [
        "INDICATOR",
        "REF_AREA",
        "SEX",
        "AGE",
        "FORM_OF_EXPLOITATION",
        "TIME_PERIOD",
    ]
    assert [a.id for a in dsd.attributes] == [
        "UNIT_MEASURE",
        "UNIT_MULT",
        "BASIS",
        "OBS_STATUS",
        "CONF_STATUS",
        "COMMENT_OBS",
        "SOURCE",
    ]
    sex = dsd.dimensions.get("SEX").local_representation.enumerated
    assert {c.id for c in sex} == {"_T"}
    indicators = dsd.dimensions.get("INDICATOR").local_representation.enumerated
    assert {str(c.name) for c in indicators} == {o.indicator for o in spa4_figures()}


def test_the_tutorial_spa4_figures_round_trip(tmp_path: Path) -> None:
    msg = to_sdmx(spa4_figures(), area="m49")
    _round_trip(msg, tmp_path)
    assert {r["REF_AREA"] for r in sdmx_records(msg)} == {"116", "418", "764"}
    assert {r["COMMENT_OBS"] for r in sdmx_records(msg)} == {"illustrative"}


def test_codes_outside_the_code_list_are_listed_and_nothing_is_written(tmp_path: Path) -> None:
    table = ObservationTable.from_columns(
        indicator="victims.detected",
        country=["KHM", "LAO"],
        period=2015,
        magnitude=[1, 2],
        unit="person",
        disaggregation={"sex": ["woman", "female"], "age_band": ["18+", "adult"]},
    )
    path = tmp_path / "out.xml"
    with pytest.raises(ExportError) as info:
        write_sdmx(table, path)
    assert [p.path for p in info.value.problems] == [
        "/table/0/disaggregation/sex",
        "/table/1/disaggregation/age_band",
    ]
    assert "CL_SEX" in str(info.value)
    assert "CL_AGE" in str(info.value)
    assert not path.exists()


def test_an_empty_table_is_refused() -> None:
    with pytest.raises(ExportError, match="empty"):
        to_sdmx(ObservationTable.empty())


def test_two_ids_that_become_one_code_are_refused() -> None:
    table = ObservationTable.from_columns(
        indicator=["a.b", "a-b"], country="KHM", period=2015, magnitude=[1, 2]
    )
    with pytest.raises(ExportError, match="both become the SDMX code 'A_B'"):
        to_sdmx(table)


def test_flags_and_status_attributes() -> None:
    obs = Observation(
        indicator="x", country="THA", period=2014, value=5, approximate=True, unit="person"
    )
    record = sdmx_records(to_sdmx(ObservationTable.from_rows([obs])))[0]
    assert record["OBS_STATUS"] == "E"
    assert record["UNIT_MULT"] == "0"
    assert record["UNIT_MEASURE"] == "PERSON"
    assert record["BASIS"] == "TOTAL"


def test_a_per_year_amount_says_so() -> None:
    spa3 = datasets.spa3_report().observations
    records = sdmx_records(to_sdmx(spa3, omit_unsupported=True))
    khm = [r for r in records if r["INDICATOR"] == "BUDGET_ALLOCATION" and r["REF_AREA"] == "KHM"]
    assert [(r["OBS_VALUE"], r["UNIT_MEASURE"], r["BASIS"]) for r in khm] == [
        (Decimal(149_000_000), "KHR", "PER_YEAR")
    ]


@pytest.mark.parametrize(
    ("period", "text"),
    [
        ("2014", "2014"),
        ("2011-2014", "2011-01-01/P4Y"),
        ("2014-10-01/2015-09-30", "2014-10-01/P12M"),
        ("2014-01-01/2014-03-31", "2014-Q1"),
        ("2014-03", "2014-03"),
        ("2014-03-15/2014-03-15", "2014-03-15"),
        ("2013-12-01/2014-09-23", "2013-12-01/P297D"),
    ],
)
def test_sdmx_period(period: str, text: str) -> None:
    assert sdmx_period(Period.parse(period)) == text


def test_suppressed_cells_carry_the_confidentiality_status(tmp_path: Path) -> None:
    table = ObservationTable.from_columns(
        indicator="victims.detected",
        country="KHM",
        period=2015,
        unit="person",
        magnitude=[40, 4, 36],
        disaggregation={"sex": [None, "female", "male"]},
    )
    msg = to_sdmx(protect_small_cells(table))
    records = sdmx_records(msg)
    assert [(r["SEX"], r["OBS_VALUE"], r["CONF_STATUS"]) for r in records] == [
        ("_T", Decimal(40), "F"),
        ("F", None, "C"),
        ("M", None, "D"),
    ]
    _round_trip(msg, tmp_path)
    flagged = sdmx_records(to_sdmx(protect_small_cells(table, mode="flag")))
    assert [(r["OBS_VALUE"], r["CONF_STATUS"]) for r in flagged][1:] == [
        (Decimal(4), "C"),
        (Decimal(36), "D"),
    ]


def test_sdg_16_2_2_counts_and_rates_from_the_shipped_population(tmp_path: Path) -> None:
    pop = datasets.population()
    counts = {"KHM": 100, "LAO": 50, "VNM": 400}  # made-up counts
    table = ObservationTable.from_columns(
        indicator="victims.detected",
        country=list(counts),
        period=2015,
        magnitude=list(counts.values()),
        unit="person",
    )
    msg = to_sdg_16_2_2(table)
    records = sdmx_records(msg)
    numbers = {r["REF_AREA"]: r["OBS_VALUE"] for r in records if r["SERIES"] == "VC_HTF_DETV"}
    rates = {r["REF_AREA"]: r["OBS_VALUE"] for r in records if r["SERIES"] == "VC_HTF_DETVR"}
    assert numbers == {"116": 100, "418": 50, "704": 400}
    for code, m49 in (("KHM", "116"), ("LAO", "418"), ("VNM", "704")):
        assert rates[m49] == pop.rate(counts[code], code, 2015).quantize(Decimal("0.0001"))
    assert {r["UNIT_MEASURE"] for r in records} == {"NUMBER", "PER_100000_POP"}
    assert {(r["SEX"], r["AGE"]) for r in records} == {("_T", "_T")}
    _round_trip(msg, tmp_path)


def test_sdg_16_2_2_sex_age_and_form_codes() -> None:
    table = ObservationTable.from_columns(
        indicator="victims.detected",
        country="THA",
        period=2016,
        magnitude=[3, 4],
        unit="person",
        disaggregation={
            "sex": ["female", "male"],
            "age_band": ["0-17", "18+"],
            "form_of_exploitation": ["forced-labour", "sexual-exploitation"],
        },
    )
    records = sdmx_records(to_sdg_16_2_2(table))
    assert [(r["SERIES"], r["SEX"], r["AGE"]) for r in records] == [
        ("VC_HTF_DETVFL", "F", "Y0T17"),
        ("VC_HTF_DETVFLR", "F", "Y0T17"),
        ("VC_HTF_DETVSX", "M", "Y_GE18"),
        ("VC_HTF_DETVSXR", "M", "Y_GE18"),
    ]


def test_sdg_16_2_2_refuses_what_it_cannot_map_listing_each() -> None:
    rows = [
        Observation(indicator="victims.detected", country="KHM", period="2011-2014", value=5),
        Observation(indicator="victims.detected", country=("KHM", "VNM"), period=2014, value=5),
        Observation(
            indicator="victims.detected",
            country="LAO",
            period=2014,
            value=5,
            disaggregation={"form_of_exploitation": "begging"},
        ),
        Observation(indicator="victims.detected", country="THA", period=2031, value=5),
    ]
    with pytest.raises(ExportError) as info:
        to_sdg_16_2_2(ObservationTable.from_rows(rows))
    assert [p.path for p in info.value.problems] == [f"/table/{i}" for i in range(4)]
    text = str(info.value)
    assert "calendar year" in text
    assert "bilateral" in text
    assert "begging" in text
    assert "population" in text
    with pytest.raises(ExportError, match="no figure of indicator"):
        to_sdg_16_2_2(ObservationTable.from_rows(rows), indicator="other")


@given(
    st.lists(
        st.tuples(st.sampled_from(["KHM", "LAO", "THA"]), st.integers(0, 10**12)),
        min_size=1,
        max_size=8,
        unique_by=lambda t: t[0],
    )
)
def test_any_count_table_round_trips_through_sdmx_ml(rows: list[tuple[str, int]]) -> None:
    table = ObservationTable.from_columns(
        indicator="victims.detected",
        country=[c for c, _ in rows],
        period=2015,
        magnitude=[n for _, n in rows],
        unit="person",
    )
    msg = to_sdmx(table)
    back = sdmx.read_sdmx(
        __import__("io").BytesIO(sdmx.to_xml(msg)), structure=msg.data[0].structured_by
    )
    assert isinstance(back, sdmx.message.DataMessage)
    assert sdmx_records(back) == sdmx_records(msg)
    assert [r["OBS_VALUE"] for r in sdmx_records(msg)] == [n for _, n in rows]


def test_the_structure_file_lets_a_reader_read_the_data(tmp_path: Path) -> None:
    msg = to_sdmx(datasets.spa3_report().observations, omit_unsupported=True)
    (tmp_path / "structure.xml").write_bytes(sdmx.to_xml(sdmx_structure(msg)))
    write_sdmx(msg, tmp_path / "data.xml")
    with open(tmp_path / "structure.xml", "rb") as handle:
        structures = sdmx.read_sdmx(handle)
    assert isinstance(structures, sdmx.message.StructureMessage)
    dsd = structures.structure["COMMIT_INDICATORS"]
    with open(tmp_path / "data.xml", "rb") as handle:
        back = sdmx.read_sdmx(handle, structure=dsd)
    assert isinstance(back, sdmx.message.DataMessage)
    assert sdmx_records(back) == sdmx_records(msg)
    assert {cl.id for cl in structures.codelist.values()} >= {
        "CL_INDICATOR",
        "CL_REF_AREA",
        "CL_SEX",
    }
