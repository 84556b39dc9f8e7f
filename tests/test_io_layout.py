"""Reading a user's own CSV layout: CsvLayout, honest cells, every problem at once, plan checks."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import LoadError, Money, Observation, ObservationTable, Period, ValidationError, io
from commit_mef.indicators import SEX, Indicator
from commit_mef.io import CsvLayout
from commit_mef.plans import Plan
from commit_mef.testing import csv_layouts

PLAN = Plan(
    code="SPA IV",
    title="Plan IV",
    period="2015-2018",
    indicators=(
        Indicator(id="trained", name="Trained", kind="count", unit="person", dimensions=(SEX,)),
        Indicator(id="budget", name="Budget", kind="money", unit="currency"),
        Indicator(id="budget-usd", name="Budget in US$", kind="money", unit="USD"),
        Indicator(id="npa", name="NPA adopted", kind="milestone"),
        Indicator(id="story", name="Narrative", kind="qualitative"),
    ),
)
NATURAL = "country,year,indicator,sex,value,currency,note\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "figures.csv"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path, **kw: object) -> list[str]:
    with pytest.raises(LoadError) as info:
        io.read_csv(path, **kw)  # type: ignore[arg-type]
    return [str(p) for p in info.value.problems]


def test_the_natural_layout_of_the_issue_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        NATURAL
        + 'Cambodia,2016,trained,female,"1,200",,\n'
        + "Lao PDR,2016,trained,male,35,,from the provincial office\n"
        + 'Thailand,FY2016,budget,,"496,820,000",THB,\n'
        + "Viet Nam,2017,npa,,Yes,,\n",
    )
    table = io.read_csv(path, layout=CsvLayout(thousands=","))
    rows = list(table)
    assert [(str(o.country), o.period, o.value) for o in rows] == [
        ("Cambodia", Period.year(2016), Decimal(1200)),
        ("Lao PDR", Period.year(2016), Decimal(35)),
        ("Thailand", Period.parse("THA:FY2016"), Money("496820000", "THB")),
        ("Viet Nam", Period.year(2017), True),
    ]
    assert rows[0].disaggregation == (("sex", "female"),)
    assert rows[1].details == (("note", "from the provincial office"),)


def test_a_column_mapping_reads_any_header(tmp_path: Path) -> None:
    path = write(tmp_path, "Reporting year,Country,Indicator ID,Figure\n2016,KHM,trained,12\n")
    layout = {"period": "Reporting year", "indicator": "Indicator ID", "value": "Figure"}
    (obs,) = io.read_csv(path, layout=layout)
    assert (obs.indicator, obs.country.alpha_3, obs.period, obs.value) == (  # type: ignore[union-attr]
        "trained",
        "KHM",
        Period.year(2016),
        Decimal(12),
    )


def test_a_blank_value_is_not_reported_never_zero(tmp_path: Path) -> None:
    path = write(tmp_path, NATURAL + "Cambodia,2016,trained,female,,,not collected\n")
    (obs,) = io.read_csv(path, plan=PLAN)
    assert obs.value is None
    assert obs.unit == "person"  # the plan's indicator gives the unit the file left blank


@pytest.mark.parametrize(
    ("decimal", "thousands", "cell", "expected"),
    [
        (".", ",", "1,200", "1200"),
        (".", ",", "1,234,567.25", "1234567.25"),
        (",", ".", "1.234.567,25", "1234567.25"),
        (",", " ", "246 660,5", "246660.5"),
        (",", "", "3,5", "3.5"),
        (".", "'", "1'200", "1200"),
        (".", "", "-0.75", "-0.75"),
    ],
)
def test_numbers_follow_the_files_declared_separators(
    decimal: str, thousands: str, cell: str, expected: str
) -> None:
    assert CsvLayout(decimal=decimal, thousands=thousands).number(cell) == Decimal(expected)


def test_a_thousands_separator_not_declared_is_a_problem_that_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, NATURAL + 'Cambodia,2016,trained,female,"1,200",,\n')
    (message,) = problems(path)
    assert "'1,200' is not a number" in message
    assert "declare it as the file's thousands separator" in message
    assert message.endswith("@ row 2, column 'value'")


@given(
    st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False),
    st.sampled_from([(".", ","), (",", "."), (",", " "), (".", "'"), (".", "")]),
)
def test_a_number_written_in_a_locale_reads_back_exactly(
    value: Decimal, seps: tuple[str, str]
) -> None:
    decimal, thousands = seps
    text = f"{value:,.2f}".replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    assert CsvLayout(decimal=decimal, thousands=thousands).number(text) == value


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"decimal": ",", "thousands": ","}, "also the decimal separator"),
        ({"decimal": ";"}, "decimal separator ';'"),
        ({"thousands": "_"}, "thousands separator '_'"),
        ({"columns": {"year": "Year"}}, "'year' is not a field"),
        ({"columns": {"period": "x", "value": "x"}}, "given for two fields"),
        ({"columns": {"period": ""}}, "must be a header name"),
    ],
)
def test_a_bad_layout_is_refused_naming_the_field(kw: dict[str, object], match: str) -> None:
    with pytest.raises(ValidationError, match=match) as info:
        CsvLayout(**kw)  # type: ignore[arg-type]
    assert (info.value.path or "").startswith("CsvLayout.")


def test_yes_no_words_any_case_and_fiscal_labels_in_the_rows_calendar(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "country,period,indicator,value\n"
        "THA,FY2015,npa,YES\nMMR,FY2017/18,npa,no\nLAO,FY2015-16,npa,y\nKHM,MMR:FY2018 interim,npa,False\n",
    )
    got = [(o.period, o.value) for o in io.read_csv(path, plan=PLAN)]
    assert got == [
        (Period.parse("THA:FY2015"), True),
        (Period.parse("MMR:FY2017-18"), False),
        (Period.parse("LAO:FY2015/16"), True),
        (Period.parse("MMR:FY2018 interim"), False),
    ]


def test_every_problem_in_the_file_is_reported_at_once_by_row_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        NATURAL
        + "Cambodia,2016,trained,female,12,,\n"
        + "Atlantis,2016,trained,female,abc,,\n"  # two problems in one row
        + "Thailand,2017/18,trained,female,3,,\n"
        + "Myanmar,2016,budget,,2000,KIP,\n"
        + "China,2016,npa,,maybe,,\n"
        + "Viet Nam,2016,trainde,female,5,,\n"
        + "Lao PDR,2019,trained,F,5,,\n",
    )
    found = problems(path, plan=PLAN)
    located = [m.rsplit(" @ ", 1)[1] for m in found]
    assert located == [
        "row 3, column 'country'",
        "row 3, column 'value'",
        "row 4, column 'year'",
        "row 5, column 'currency'",
        "row 6, column 'value'",
        "row 7, column 'indicator'",
        "row 8, column 'sex'",
    ]
    assert "'MMR:FY2017/18'" in found[2]
    assert "did you mean: LAK" in found[3]
    assert "did you mean 'trained'" in found[5]
    assert "did you mean 'female'" in found[6]
    for message in found:  # the user's terms: no JSON, no Python
        assert not re.search(r"\$\.|\{|\(\)|=True|lambda|Plan\.|fiscal_year\(", message), message


def test_with_a_plan_the_code_lists_and_units_are_enforced_on_load(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "country,year,indicator,sex,colour,unit,value\n"
        "KHM,2016,trained,teleportation,,person,1\n"
        "KHM,2016,trained,,blue,person,1\n"
        "KHM,2016,trained,,,persons,1\n",
    )
    rules = []
    with pytest.raises(LoadError) as info:
        io.read_csv(path, plan=PLAN, layout=CsvLayout(dimensions=("colour",)))
    rules = [(p.rule, p.location) for p in info.value.problems]
    assert rules == [
        ("code-not-in-list", "row 2, column 'sex'"),
        ("undeclared-dimension", "row 3, column 'colour'"),
        ("figure-unit-mismatch", "row 4, column 'unit'"),
    ]
    # without the plan there is nothing to check them against: they load
    assert len(io.read_csv(path, layout=CsvLayout(dimensions=("colour",)))) == 3


def test_a_partner_country_loads_with_a_plan(tmp_path: Path) -> None:
    path = write(tmp_path, NATURAL + "Malaysia,2016,trained,female,4,,\n")
    (obs,) = io.read_csv(path, plan=PLAN)
    assert obs.country.alpha_3 == "MYS"  # type: ignore[union-attr]


def test_money_takes_the_indicators_currency_when_the_file_leaves_it_blank(tmp_path: Path) -> None:
    path = write(tmp_path, NATURAL + "KHM,2016,budget-usd,,100,,\nKHM,2016,budget,,100,,\n")
    assert problems(path, plan=PLAN) == [
        "the amount 100 needs its currency (KHR, THB, USD...) @ row 3, column 'currency'"
    ]
    path = write(tmp_path, NATURAL + "KHM,2016,budget-usd,,100,,\n")
    assert [o.value for o in io.read_csv(path, plan=PLAN)] == [Money("100", "USD")]


@pytest.mark.parametrize(
    ("header", "layout", "expected"),
    [
        ("country,year,value,colour", None, ["column 'colour'", "header"]),
        ("country,year,indicator,value,period", None, ["column 'period'"]),
        ("country,indicator,value", {"period": "Year"}, ["header"]),
        ("indicator,value", None, ["header"]),
    ],
)
def test_header_problems_are_all_listed(
    tmp_path: Path, header: str, layout: dict[str, str] | None, expected: list[str]
) -> None:
    path = write(tmp_path, header + "\n")
    assert [m.rsplit(" @ ", 1)[1] for m in problems(path, layout=layout)] == expected


def test_the_packages_own_layout_is_checked_against_the_plan_too(tmp_path: Path) -> None:
    table = ObservationTable.from_rows(
        [Observation(indicator="trained", country="KHM", period=2016, value=1, unit="persons")]
    )
    path = tmp_path / "own.csv"
    io.write_csv(table, path)
    assert io.read_csv(path) == table
    assert problems(path, plan=PLAN) == [
        (
            "[figure-unit-mismatch] the 'trained' figure of Cambodia, 2016 is counted in "
            "'persons', but indicator 'trained' counts 'person'; write 'person' "
            "@ row 2, column 'unit'"
        )
    ]


def test_blank_lines_are_skipped_and_a_short_row_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, NATURAL + "KHM,2016,trained,female,1,,\n\n,,,,,,\nKHM,2016\n")
    assert problems(path) == ["expected 7 cells, got 2 @ row 5"]


def test_a_layout_that_is_neither_layout_nor_mapping_is_a_type_error(tmp_path: Path) -> None:
    path = write(tmp_path, NATURAL)
    with pytest.raises(TypeError, match="CsvLayout or a mapping"):
        io.read_csv(path, layout="year=period")  # type: ignore[arg-type]


def test_ordinal_levels_and_texts_follow_the_plans_indicator(tmp_path: Path) -> None:
    plan = PLAN.add_indicator(
        Indicator(id="level", name="Level", kind="ordinal", scale=("none", "drafted", "adopted"))
    )
    path = write(
        tmp_path,
        'country,year,indicator,value\nKHM,2016,level,drafted\nKHM,2016,story,"1,200 words"\n',
    )
    got = [o.value for o in io.read_csv(path, plan=plan)]
    assert got == [Decimal(1), "1,200 words"]


def _written(value: Decimal, layout: CsvLayout) -> str:
    text = f"{value:,f}".replace(",", "\0").replace(".", layout.decimal)
    return text.replace("\0", layout.thousands)


@given(
    csv_layouts(),
    st.lists(
        st.tuples(
            st.sampled_from(["KHM", "Lao PDR", "Thailand", "VNM", "MMR", "China"]),
            st.integers(2015, 2018),
            st.one_of(st.none(), st.decimals(min_value=0, max_value=10**9, places=0)),
            st.sampled_from(["female", "male", ""]),
        ),
        max_size=8,
        unique_by=lambda r: (r[0], r[1], r[3]),  # one figure per cell: a repeat is a duplicate
    ),
)
def test_a_file_written_in_any_layout_reads_back_the_figures(
    layout: CsvLayout, rows: list[tuple[str, int, Decimal | None, str]]
) -> None:
    import csv
    import io as stdio
    import tempfile

    names = {
        f: layout.columns.get(f, f)
        for f in ("country", "period", "indicator", "value", "unit", "currency")
    }
    out = stdio.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*names.values(), "sex"])
    for country, year, value, sex in rows:
        cell = "" if value is None else _written(value, layout)
        writer.writerow([country, str(year), "trained", cell, "person", "", sex])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        table = io.read_csv(path, layout=layout, plan=PLAN)
    assert [(o.period, o.value, dict(o.disaggregation).get("sex", "")) for o in table] == [
        (Period.year(y), v, s) for _c, y, v, s in rows
    ]
