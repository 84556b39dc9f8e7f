"""DHIS2 dataValueSets: payload shape, period notation, the mapping file, and what is refused."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _spa4 import spa4_figures
from commit_mef import Money, Observation, ObservationTable, Period, datasets, fiscal_year, io
from commit_mef.errors import ExportError, LoadError, ValidationError
from commit_mef.io import Dhis2Mapping, dhis2_period, to_dhis2, write_dhis2
from commit_mef.testing import dhis2_mappings

# The documented shape of one data value (DHIS2 Web API, dataValueSets).
_PERIOD = re.compile(
    r"\d{8}|\d{6}|\d{6}B|\d{4}Q[1-4]|\d{4}(April)?S[12]|\d{4}(April|July|Oct|Nov)?"
)
_UID = re.compile(r"[A-Za-z][A-Za-z0-9]{10}")
_KEYS = {
    "dataElement",
    "period",
    "orgUnit",
    "categoryOptionCombo",
    "attributeOptionCombo",
    "value",
    "comment",
}


def _uid(n: int) -> str:
    return f"A{n:010d}"


def _filled(template: dict[str, object]) -> Dhis2Mapping:
    """The template with made-up UIDs: what a user does once, by hand."""
    counter = iter(range(1, 10_000))
    data = {
        name: {key: _uid(next(counter)) for key in section}
        if isinstance(section, dict)
        else section
        for name, section in template.items()
    }
    return Dhis2Mapping.from_dict(data)


def _check_shape(payload: dict[str, object]) -> None:
    values = payload["dataValues"]
    assert isinstance(values, list)
    assert values
    for value in values:
        assert set(value) <= _KEYS
        assert {"dataElement", "period", "orgUnit", "value"} <= set(value)
        assert _PERIOD.fullmatch(value["period"]), value["period"]
        for key in ("dataElement", "orgUnit", "categoryOptionCombo", "attributeOptionCombo"):
            if key in value:
                assert _UID.fullmatch(value[key])
        assert isinstance(value["value"], str)
    json.dumps(payload)


@pytest.mark.parametrize(
    ("period", "label"),
    [
        ("2014", "2014"),
        ("2014-01-01/2014-03-31", "2014Q1"),
        ("2014-10-01/2014-12-31", "2014Q4"),
        ("2014-03", "201403"),
        ("2014-03-01/2014-04-30", "201402B"),
        ("2014-01-01/2014-06-30", "2014S1"),
        ("2014-07-01/2014-12-31", "2014S2"),
        ("2014-04-01/2014-09-30", "2014AprilS1"),
        ("2014-10-01/2015-09-30", "2014Oct"),
        ("2014-07-01/2015-06-30", "2014July"),
        ("2014-04-01/2015-03-31", "2014April"),
        ("2014-11-01/2015-10-31", "2014Nov"),
        ("2014-03-15/2014-03-15", "20140315"),
    ],
)
def test_dhis2_period_notation(period: str, label: str) -> None:
    assert dhis2_period(Period.parse(period)) == label


@pytest.mark.parametrize(
    "period",
    ["2011-2014", "2014-02-01/2014-03-31", "2014-03-02/2014-03-31", "2014-02-01/2015-01-31"],
)
def test_periods_dhis2_cannot_hold(period: str) -> None:
    assert dhis2_period(Period.parse(period)) is None


def test_fiscal_years_become_financial_periods() -> None:
    assert dhis2_period(fiscal_year("THA", 2015)) == "2014Oct"


@given(st.integers(1990, 2040), st.integers(1, 12))
def test_every_month_and_year_has_a_dhis2_period(year: int, month: int) -> None:
    assert dhis2_period(Period.parse(f"{year}-{month:02d}")) == f"{year}{month:02d}"
    assert dhis2_period(Period.year(year)) == str(year)


def test_the_tutorial_spa4_figures_export() -> None:
    figures = spa4_figures()
    mapping = _filled(Dhis2Mapping.template(figures))
    payload = to_dhis2(figures, mapping)
    _check_shape(payload)
    values = payload["dataValues"]
    assert [v["period"] for v in values] == ["2015"] * len(figures)
    assert sorted(v["value"] for v in values) == sorted(
        "true" if obs.value is True else str(obs.value) for obs in figures
    )
    assert {v["orgUnit"] for v in values} == {
        mapping.org_units[obs.country.alpha_3]  # type: ignore[union-attr]
        for obs in figures
    }


def test_the_spa3_report_is_refused_figure_by_figure_then_exports_what_fits() -> None:
    table = datasets.spa3_report().observations
    mapping = _filled(Dhis2Mapping.template(table))
    with pytest.raises(ExportError) as info:
        to_dhis2(table, mapping)
    reasons = {p.path: p.message for p in info.value.problems}
    rows = list(table)
    assert all(path.startswith("/table/") for path in reasons)
    multi = [i for i, o in enumerate(rows) if o.period is not None and o.period.days > 366]
    assert all(
        "multi-year" in reasons[f"/table/{i}"]
        or "pair" in reasons[f"/table/{i}"]
        or "qualitative" in reasons[f"/table/{i}"]
        or "unknown" in reasons[f"/table/{i}"]
        or "per-" in reasons[f"/table/{i}"]
        for i in multi
    )
    pairs = [i for i, o in enumerate(rows) if o.country.__class__.__name__ == "CountryPair"]
    assert pairs
    assert all("bilateral" in reasons[f"/table/{i}"] for i in pairs)
    assert "budget.allocation[THB]" in mapping.data_elements  # one data element per currency
    with pytest.raises(ExportError) as info:
        to_dhis2(table, mapping, omit_unsupported=True)
    # two distinct facts in one DHIS2 cell (two conventions ratified, two workshops held)
    clashes = [int(p.path.removeprefix("/table/")) for p in info.value.problems]
    assert all("second value" in p.message for p in info.value.problems)
    assert {rows[i].id for i in clashes} == {
        "THA.2.convention.tip_protocol",
        "THA.5.events.data_entry_workshop_2",
    }
    kept = ObservationTable.from_rows(o for i, o in enumerate(rows) if i not in clashes)
    payload = to_dhis2(kept, mapping, omit_unsupported=True)
    _check_shape(payload)
    assert len(payload["dataValues"]) == len(rows) - len(reasons) - len(clashes)
    assert "2013Oct" in {v["period"] for v in payload["dataValues"]}  # Thai budget year 2014


def test_a_mapping_missing_ids_lists_every_gap_and_writes_nothing(tmp_path: Path) -> None:
    table = ObservationTable.from_columns(
        indicator=["a", "b"],
        country=["KHM", "LAO"],
        period=2014,
        magnitude=[1, 2],
        disaggregation={"sex": ["female", None]},
    )
    mapping = Dhis2Mapping(data_elements={"a": _uid(1)}, org_units={"KHM": _uid(2)})
    path = tmp_path / "out.json"
    with pytest.raises(ExportError) as info:
        write_dhis2(table, mapping, path)
    assert [p.path for p in info.value.problems] == [
        "/mapping/category_option_combos/sex=female",
        "/mapping/data_elements/b",
        "/mapping/org_units/LAO",
    ]
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_an_empty_table_is_refused() -> None:
    with pytest.raises(ExportError, match="empty"):
        to_dhis2(ObservationTable.empty(), Dhis2Mapping(data_elements={}, org_units={}))


def test_two_figures_in_one_cell_and_two_currencies_are_refused() -> None:
    def money(code: str, amount: str) -> Observation:
        return Observation(
            indicator="budget", country="THA", period=2014, value=Money(amount, code)
        )

    table = ObservationTable.from_rows([money("THB", "1"), money("USD", "2")])
    mapping = Dhis2Mapping(data_elements={"budget": _uid(1)}, org_units={"THA": _uid(2)})
    with pytest.raises(ExportError) as info:
        to_dhis2(table, mapping)
    messages = [p.message for p in info.value.problems]
    assert any("second value" in m for m in messages)
    assert any("one currency" in m for m in messages)


def test_values_are_exact_text() -> None:
    table = ObservationTable.from_columns(
        indicator="x", country="VNM", period=2014, value=[Decimal("1E+3")]
    )
    mapping = Dhis2Mapping(data_elements={"x": _uid(1)}, org_units={"VNM": _uid(2)})
    assert to_dhis2(table, mapping)["dataValues"][0]["value"] == "1000"


def test_qualitative_and_per_event_figures_are_refused() -> None:
    rows = [
        Observation(indicator="x", country="KHM", period=2014, value="a narrative"),
        Observation(indicator="x", country="LAO", period=2014, value=None),
        Observation(indicator="x", country="MMR", period=2014, value=5, basis="per-event"),
        Observation(indicator="x", country="THA", period=None, value=5),
    ]
    mapping = _filled(Dhis2Mapping.template(ObservationTable.from_rows(rows)))
    with pytest.raises(ExportError) as info:
        to_dhis2(ObservationTable.from_rows(rows), mapping)
    assert [p.path for p in info.value.problems] == [f"/table/{i}" for i in range(4)]
    text = str(info.value)
    for reason in ("qualitative", "unknown", "per-event"):
        assert reason in text
    assert "no period" in text


def test_mapping_file_round_trip_and_bad_files(tmp_path: Path) -> None:
    table = spa4_figures()
    template = Dhis2Mapping.template(table)
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps(template), encoding="utf-8")
    with pytest.raises(LoadError) as info:
        Dhis2Mapping.read(path)
    assert len(info.value.problems) == sum(len(v) for v in template.values() if isinstance(v, dict))
    assert info.value.source == str(path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(LoadError, match="not JSON"):
        Dhis2Mapping.read(path)
    with pytest.raises(ValidationError, match="org_units\\['KHM'\\]"):
        Dhis2Mapping(data_elements={}, org_units={"KHM": "1abcdefghij"})


def test_write_dhis2_writes_the_payload(tmp_path: Path) -> None:
    figures = spa4_figures()
    mapping = _filled(Dhis2Mapping.template(figures))
    path = tmp_path / "values.json"
    write_dhis2(figures, mapping, path)
    assert json.loads(path.read_text(encoding="utf-8")) == to_dhis2(figures, mapping)


def test_io_exports_the_dhis2_api() -> None:
    assert io.to_dhis2 is to_dhis2
    assert dt.date(2014, 1, 1) in Period.year(2014)


@given(
    dhis2_mappings(),
    st.lists(
        st.tuples(
            st.sampled_from(["KHM", "CHN", "LAO", "MMR", "THA", "VNM"]), st.integers(0, 10**15)
        ),
        min_size=1,
        max_size=6,
        unique_by=lambda t: t[0],
    ),
)
def test_any_yearly_count_table_exports_its_values_exactly(
    mapping: Dhis2Mapping, rows: list[tuple[str, int]]
) -> None:
    table = ObservationTable.from_columns(
        indicator="victims.detected",
        country=[c for c, _ in rows],
        period=2015,
        magnitude=[n for _, n in rows],
        unit="person",
    )
    payload = to_dhis2(table, mapping)
    _check_shape(payload)
    assert [v["value"] for v in payload["dataValues"]] == [str(n) for _, n in rows]
    assert [v["orgUnit"] for v in payload["dataValues"]] == [mapping.org_units[c] for c, _ in rows]
