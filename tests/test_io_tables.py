"""commit_mef.io for the domain types: plans, MoU, money, rate tables, observation tables.

Observation tables also as CSV, Data Package and pandas.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commit_mef import (
    Basis,
    ExchangeRate,
    LoadError,
    Money,
    MoU,
    Observation,
    ObservationTable,
    Period,
    Plan,
    QualityFlag,
    RateTable,
    SourceRef,
    ValidationError,
    io,
)
from commit_mef.errors import PROBLEM_CODES, pointer_of
from commit_mef.testing import countries, indicators, mous, periods, plans

SLOW = settings(
    max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


VALIDATORS: dict[str, jsonschema.Draft202012Validator] = {}


def check_schema(value: object) -> None:
    name = type(value).__name__
    if name not in VALIDATORS:
        schema = io.json_schema(type(value))
        jsonschema.Draft202012Validator.check_schema(schema)
        VALIDATORS[name] = jsonschema.Draft202012Validator(schema)
    VALIDATORS[name].validate(json.loads(io.dumps(value)))


# -- strategies for what has none in commit_mef.testing yet ------------------------------------
CODES = ("USD", "KHR", "LAK", "THB", "VND", "MMK", "CNY")
decimals = st.decimals(
    allow_nan=False, allow_infinity=False, places=3, min_value=-(10**12), max_value=10**12
)
moneys = st.builds(Money, decimals, st.sampled_from(CODES))
values = st.none() | st.booleans() | decimals | moneys | st.text(max_size=5)
source_refs = st.none() | st.builds(
    SourceRef, document=st.sampled_from(["spa3", "mou"]), line=st.none() | st.integers(1, 99)
)
flags = st.lists(st.builds(QualityFlag, code=st.sampled_from(["a", "b"])), max_size=2).map(tuple)


@st.composite
def observations(draw: st.DrawFn) -> Observation:
    value = draw(values)
    place: Any = draw(countries())
    if draw(st.booleans()):
        other = draw(countries())
        if other != place:
            place = (place.alpha_3, other.alpha_3)
    return Observation(
        indicator=draw(st.sampled_from(["ind.a", "ind.b", "budget"])),
        country=place,
        period=draw(st.none() | periods()),
        value=value,
        unit=None if isinstance(value, Money) else draw(st.sampled_from([None, "person"])),
        basis=draw(st.sampled_from(Basis)),
        disaggregation=draw(
            st.dictionaries(
                st.sampled_from(["sex", "age"]),
                st.sampled_from(["female", "male", "0-17"]),
                max_size=2,
            )
        ),
        id=draw(st.none() | st.sampled_from(["o1", "o2"])),
        source=draw(source_refs),
        flags=draw(flags),
        approximate=draw(st.booleans()),
    )


tables = st.lists(observations(), max_size=8).map(ObservationTable.from_rows)
rates = st.builds(
    ExchangeRate,
    currency=st.sampled_from(CODES[1:]),
    per_usd=st.decimals(min_value=1, max_value=30000, places=2),
    period=st.integers(1995, 2020).map(Period.year),
    source=st.just("WDI"),
    vintage=st.just("2024"),
)
rate_tables = st.lists(rates, max_size=5, unique_by=lambda r: (r.currency, r.period)).map(RateTable)


# -- round trips and schemas -------------------------------------------------------------------
@SLOW
@given(plans())
def test_a_plan_round_trips_and_matches_its_schema(plan: Plan) -> None:
    assert plan == io.loads(io.dumps(plan), Plan)
    check_schema(plan)


@SLOW
@given(mous())
def test_an_mou_round_trips_and_matches_its_schema(mou: MoU) -> None:
    assert mou == io.loads(io.dumps(mou), MoU)
    check_schema(mou)


@given(indicators())
def test_an_indicator_round_trips(indicator: object) -> None:
    assert indicator == io.loads(io.dumps(indicator))
    check_schema(indicator)


@given(moneys)
def test_money_is_written_as_amount_and_currency(money: Money) -> None:
    assert json.loads(io.dumps(money))["data"] == {
        "amount": str(money.amount),
        "currency": money.currency.code,
    }
    assert money == io.loads(io.dumps(money))


@given(rate_tables)
def test_a_rate_table_is_written_as_a_list_of_rates(table: RateTable) -> None:
    data = json.loads(io.dumps(table))["data"]
    assert isinstance(data, list)
    assert len(data) == len(table.rates)
    assert table == io.loads(io.dumps(table), RateTable)
    check_schema(table)


@given(observations())
def test_an_observation_round_trips(obs: Observation) -> None:
    assert obs == io.loads(io.dumps(obs), Observation)
    check_schema(obs)


@SLOW
@given(tables)
def test_an_observation_table_round_trips_and_matches_its_schema(table: ObservationTable) -> None:
    assert table == io.loads(io.dumps(table), ObservationTable)
    check_schema(table)


def test_observation_values_have_one_json_kind_each() -> None:
    def value_of(value: object) -> object:
        obs = Observation(indicator="x", country="KHM", value=value)
        return json.loads(io.dumps(obs))["data"]["value"]

    assert value_of(Decimal("440")) == "440"
    assert value_of(Money("1.5", "USD")) == {"amount": "1.5", "currency": "USD"}
    assert value_of(True) is True
    assert value_of("440") == {"text": "440"}
    assert value_of(None) is None


def test_an_observation_table_file_is_columnar() -> None:
    table = ObservationTable.from_columns(
        indicator="budget",
        country=["KHM", "THA", "THA"],
        period=[2014, 2014, 2015],
        magnitude=[149, 21, 49682],
        exponent=-2,
        currency=["KHR", "THB", "THB"],
    )
    data = json.loads(io.dumps(table))["data"]
    assert data["rows"] == 3
    assert data["exponent"] == -2
    assert data["magnitude"] == [149, 21, 49682]
    assert data["columns"]["country"] == {"categories": ["KHM", "THA"], "codes": [0, 1, 1]}


# -- located errors in table files -------------------------------------------------------------
def table_doc(**changes: Any) -> dict[str, Any]:
    table = ObservationTable.from_columns(
        indicator="budget",
        country=["KHM", "THA"],
        period=2014,
        magnitude=[149, 21],
        exponent=-2,
        currency=["KHR", "THB"],
    )
    document: dict[str, Any] = json.loads(io.dumps(table))
    document["data"].update(changes)
    return document


def test_ten_million_rows_declared_but_not_present_are_refused_without_allocating() -> None:
    with pytest.raises(LoadError, match=r"declares 10,000,000 rows but this column has 2") as info:
        io.loads(json.dumps(table_doc(rows=10_000_000)))
    assert "/data/magnitude" in {p.path for p in info.value.problems}


def test_rows_over_the_limit_are_refused() -> None:
    with pytest.raises(LoadError, match=r"exceed the limit of 1 @") as info:
        io.loads(json.dumps(table_doc()), limits=io.Limits(max_rows=1))
    (problem,) = info.value.problems
    assert (problem.code, problem.got) == ("limit", "2 rows")
    assert problem.hint == "raise Limits.max_rows if you trust the file"


def test_every_problem_in_a_table_file_is_located() -> None:
    document = table_doc()
    columns = document["data"]["columns"]
    columns["currency"]["categories"][0] = "KIP"
    columns["country"]["codes"][1] = 7
    columns["period"]["codes"] = [0]
    document["data"]["magnitude"][1] = "21"
    with pytest.raises(LoadError) as info:
        io.loads(json.dumps(document))
    assert {str(p) for p in info.value.problems} == {
        "expected an integer (the number scaled by 10**exponent), got '21' @ $.data.magnitude[1]",
        "code 7 names no category (there are 2); codes count from 0 @ $.data.columns.country.codes[1]",
        "the table declares 2 rows but this column has 1 codes; every column needs one entry per row @ $.data.columns.period.codes",
        "expected an ISO 4217 code, got 'KIP' (did you mean LAK (Lao Kip)?) @ $.data.columns.currency.categories[0]",
    }


def test_a_money_row_without_a_currency_is_refused() -> None:
    document = table_doc()
    document["data"]["columns"]["currency"] = {"categories": [None], "codes": [0, 0]}
    with pytest.raises(
        LoadError, match=r"a money value needs a currency @ \$\.data\.columns\.currency"
    ):
        io.loads(json.dumps(document))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rows": -1}, r"expected a row count"),
        ({"rows": True}, r"expected a row count"),
        ({"exponent": "2"}, r"expected an integer power of ten"),
        ({"columns": []}, r"expected an object of columns"),
        ({"extra": 1}, r"unexpected keys 'extra'"),
        (
            {"columns": {"kind": {"categories": ["weird"], "codes": [0, 0]}}},
            r"required column missing",
        ),
    ],
)
def test_malformed_table_headers_are_located(change: dict[str, Any], message: str) -> None:
    with pytest.raises(LoadError, match=message):
        io.loads(json.dumps(table_doc(**change)))


def test_an_unknown_currency_in_money_is_located_as_the_issue_shows() -> None:
    obs = json.loads(io.dumps(Observation(indicator="x", country="LAO", value=Money("1", "LAK"))))
    obs["data"]["value"]["currency"] = "KIP"
    with pytest.raises(
        LoadError, match=r"expected an ISO 4217 code, got 'KIP'.* @ \$\.data\.value\.currency"
    ):
        io.loads(json.dumps(obs))


# -- fuzz: arbitrary data against every loader -------------------------------------------------
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.text(max_size=4)
    | st.sampled_from(["KHM", "2014", "USD", "1.5"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "rows",
                    "exponent",
                    "magnitude",
                    "columns",
                    "codes",
                    "categories",
                    "kind",
                    "country",
                    "amount",
                    "currency",
                    "code",
                    "id",
                    "title",
                    "areas",
                ]
            )
            | st.text(max_size=3),
            inner,
            max_size=5,
        )
    ),
    max_leaves=25,
)
TYPES = st.sampled_from(
    [
        "Plan",
        "MoU",
        "Indicator",
        "Money",
        "RateTable",
        "Observation",
        "ObservationTable",
        "Budget",
        "Target",
    ]
)


@given(TYPES, JSON)
def test_arbitrary_data_for_every_type_raises_only_load_error(type_name: str, data: object) -> None:
    document = {"format": "commit-mef", "version": 1, "type": type_name, "data": data}
    try:
        io.loads(json.dumps(document))
    except LoadError as exc:
        assert all(p.location.startswith("$") for p in exc.problems)  # noqa: PT017 - any result
        assert all(p.path == pointer_of(p.location) for p in exc.problems)  # noqa: PT017


@given(st.data())
def test_mutated_table_files_raise_only_load_error(data: st.DataObject) -> None:
    document = table_doc()
    path = data.draw(st.sampled_from(["magnitude", "columns", "rows", "exponent"]))
    document["data"][path] = data.draw(JSON)
    try:
        io.loads(json.dumps(document))
    except LoadError as exc:
        assert exc.problems  # noqa: PT017 - any result is fine


# == tabular: CSV, Data Package, pandas ==========================================================
SETTINGS = settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def sample() -> ObservationTable:
    return ObservationTable.from_rows(
        [
            Observation(indicator="budget", country="KHM", period=2014, value=Money("1.50", "USD")),
            Observation(indicator="npa", country=("KHM", "VNM"), value=True, approximate=True),
            Observation(
                indicator="note", country="LAO", value="", disaggregation={"sex": "female"}
            ),
            Observation(
                indicator="n", country="THA", period="2014-10-01/2015-09-30", value=Decimal("12")
            ),
            Observation(indicator="n", country="MMR", value=None, unit="person"),
        ]
    )


# -- round trips -------------------------------------------------------------------------------
@SETTINGS
@given(tables)
def test_csv_round_trips_exactly(tmp_path: Path, table: ObservationTable) -> None:
    io.write_csv(table, tmp_path / "obs.csv")
    assert table == io.read_csv(tmp_path / "obs.csv")


@SETTINGS
@given(tables)
def test_a_data_package_round_trips_exactly(tmp_path: Path, table: ObservationTable) -> None:
    io.write_datapackage(table, tmp_path / "pkg")
    assert table == io.read_datapackage(tmp_path / "pkg")


@SETTINGS
@given(tables)
def test_pandas_round_trips_exactly(table: ObservationTable) -> None:
    assert table == io.from_pandas(io.to_pandas(table))


def test_the_sample_round_trips_through_every_form(tmp_path: Path) -> None:
    table = sample()
    io.write_csv(table, tmp_path / "a.csv")
    io.write_datapackage(table, tmp_path / "pkg")
    assert table == io.read_csv(tmp_path / "a.csv")
    assert table == io.read_datapackage(tmp_path / "pkg")
    assert table == io.from_pandas(io.to_pandas(table))


def test_the_csv_has_the_documented_columns(tmp_path: Path) -> None:
    io.write_csv(sample(), tmp_path / "a.csv")
    lines = (tmp_path / "a.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",")[:12] == [
        "row",
        "indicator",
        "country",
        "period",
        "period_start",
        "period_end",
        "kind",
        "number",
        "amount",
        "currency",
        "boolean",
        "text",
    ]
    assert lines[0].endswith(",dim.sex")
    assert lines[1].startswith("1,budget,KHM,2014,2014-01-01,2014-12-31,money,,1.5,USD,,,")


def test_the_descriptor_describes_every_field(tmp_path: Path) -> None:
    io.write_datapackage(sample(), tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    resource = descriptor["resources"][0]
    header = (tmp_path / "observations.csv").read_text(encoding="utf-8").splitlines()[0]
    assert [f["name"] for f in resource["schema"]["fields"]] == header.split(",")
    assert descriptor["profile"] == "tabular-data-package"
    assert {
        "name": "approximate",
        "type": "boolean",
        "trueValues": ["true"],
        "falseValues": ["false"],
    } in resource["schema"]["fields"]


def test_to_pandas_gives_typed_columns() -> None:
    frame = io.to_pandas(sample())
    assert frame["value"].tolist()[0] == Decimal("1.5")
    assert frame["country"].dtype == "category"
    assert frame["approximate"].tolist() == [False, True, False, False, False]


def test_an_empty_dimension_code_cannot_be_written_to_csv(tmp_path: Path) -> None:
    table = ObservationTable.from_rows(
        [Observation(indicator="x", country="KHM", value=1, disaggregation={"sex": ""})]
    )
    with pytest.raises(ValidationError, match=r"empty code.*give the code a name"):
        io.write_csv(table, tmp_path / "a.csv")


def test_without_pandas_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'commit-mef\[pandas\]'"):
        io.to_pandas(sample())


# -- located errors ----------------------------------------------------------------------------
def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "obs.csv"
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def test_every_bad_cell_is_reported_at_once_by_row_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "indicator,country,kind,value,currency,approximate\n"
        "x,KHM,money,1.5,KIP,false\n"
        "x,KHM,number,1.5.2,,false\n"
        "x,KHM,bool,yes,,maybe\n"
        "x,KHM,weird,,,false\n",
    )
    with pytest.raises(LoadError) as info:
        io.read_csv(path)
    assert [str(p) for p in info.value.problems] == [
        "expected an ISO 4217 code, got 'KIP' (did you mean LAK (Lao Kip)?) @ row 2, column 'currency'",
        "expected a finite decimal number written as a string (\"1234.5\"), got '1.5.2' @ row 3, column 'value'",
        "expected true or false, got 'yes' @ row 4, column 'value'",
        "expected true or false, got 'maybe' @ row 4, column 'approximate'",
        "expected one of none, number, money, bool, text, got 'weird' @ row 5, column 'kind'",
    ]


def test_a_row_with_several_bad_cells_reports_every_one(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "indicator,country,period,kind,value,basis\n"
        ",Atlantis,2014-2011,number,ten,weekly\n"
        "ok,KHM,2014,number,1,total\n",
    )
    with pytest.raises(LoadError) as info:
        io.read_csv(path)
    problems = info.value.problems
    assert [p.path for p in problems] == [
        "/rows/2/value",
        "/rows/2/indicator",
        "/rows/2/country",
        "/rows/2/period",
        "/rows/2/basis",
    ]
    assert [p.location for p in problems][:2] == [
        "row 2, column 'value'",
        "row 2, column 'indicator'",
    ]
    value = problems[0]
    assert value.expected is not None
    assert "decimal number" in value.expected
    assert value.got == "'ten'"
    assert problems[1].code == "missing"
    assert problems[2].got == "'Atlantis'"
    assert all(p.code in PROBLEM_CODES for p in problems)


def test_csv_header_problems_carry_rule_expected_and_got(tmp_path: Path) -> None:
    # a 'kind' column makes it the package's own layout, whose header is checked column by column
    path = write(tmp_path, "indicator,country,kind,colour\n")
    with pytest.raises(LoadError) as info:
        io.read_csv(path)
    missing, unknown = info.value.problems
    assert (missing.path, missing.code, missing.rule) == ("/header", "missing", "columns")
    assert missing.got == "indicator, country, kind, colour"
    assert (unknown.code, unknown.got) == ("unknown", "colour")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"the file is empty"),
        ("indicator,country\n", r"no column holds the value"),
        ("indicator,country,kind,value,colour\n", r"unknown columns 'colour'"),
        (
            "indicator,country,kind,value\nx,KHM\n",
            r"row 2: expected 4 cells, got 2|expected 4 cells, got 2 @ row 2",
        ),
        ('indicator,country,kind,value\nx,KHM,number,"1\n', r"not valid CSV"),
        ("indicator,country,kind,value\nx,KHM,number,1\x00\n", r"not valid CSV|got '1\\x00'"),
        ("indicator,country,kind,value\nx,Atlantis,number,1\n", r"unknown country 'Atlantis'"),
    ],
)
def test_malformed_csv_is_a_load_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(LoadError, match=message):
        io.read_csv(write(tmp_path, text))


def test_a_csv_in_the_wrong_encoding_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "indicator,country,kind,value\nRégion,KHM,number,1\n".encode("latin-1"))
    with pytest.raises(LoadError, match=r"not valid UTF-8.*save the file as UTF-8"):
        io.read_csv(path)


def test_a_csv_with_a_bom_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbfindicator,country,kind,value\nx,KHM,number,1\n")
    assert [o.value for o in io.read_csv(path)] == [Decimal(1)]


def test_csv_rows_over_the_limit_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "indicator,country,kind,value\n" + "x,KHM,number,1\n" * 3)
    with pytest.raises(LoadError, match=r"more than 2 rows @") as info:
        io.read_csv(path, limits=io.Limits(max_rows=2))
    (problem,) = info.value.problems
    assert (problem.path, problem.code) == ("/rows/4", "limit")
    assert problem.hint == "raise Limits.max_rows if you trust the file"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"path": "../etc/passwd"}, r"expected a CSV file name inside the package directory"),
        ({"path": "https://example.org/x.csv"}, r"inside the package directory"),
        ({"path": "/abs.csv"}, r"inside the package directory"),
        ({"encoding": "latin-1"}, r"expected utf-8"),
        ({"schema": {"fields": [{"name": "indicator"}]}}, r"do not match the CSV header"),
        ({"schema": "x"}, r"expected a list of fields"),
    ],
)
def test_a_hostile_or_wrong_descriptor_is_refused(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    io.write_datapackage(sample(), tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0].update(change)
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(LoadError, match=message):
        io.read_datapackage(tmp_path)


# -- fuzz ----------------------------------------------------------------------------------------
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.binary(max_size=300)
    | st.text(alphabet=st.sampled_from(list(',"\n\x00aé1.-KHMnumbertfx')), max_size=300).map(
        str.encode
    )
)
def test_arbitrary_bytes_as_csv_raise_only_load_error(tmp_path: Path, data: bytes) -> None:
    path = write(
        tmp_path, b"indicator,country,kind,value,currency,approximate,source,flags\n" + data
    )
    try:
        io.read_csv(path)
    except LoadError as exc:
        assert exc.problems  # noqa: PT017 - any result is fine


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200), st.binary(max_size=200))
def test_arbitrary_bytes_as_a_data_package_raise_only_load_error(
    tmp_path: Path, descriptor: bytes, data: bytes
) -> None:
    (tmp_path / "datapackage.json").write_bytes(descriptor)
    (tmp_path / "observations.csv").write_bytes(data)
    with pytest.raises(LoadError):
        io.read_datapackage(tmp_path)


@settings(max_examples=100)
@given(
    st.lists(
        st.sampled_from(["x", "KHM", "money", "1.5", "", "USD", "true", "{}", "[", "[]"]),
        min_size=6,
        max_size=6,
    )
)
def test_arbitrary_dataframes_raise_only_load_error(cells: list[str]) -> None:
    frame = pd.DataFrame(
        [cells], columns=["indicator", "country", "kind", "value", "currency", "flags"]
    )
    try:
        io.from_pandas(frame)
    except LoadError as exc:
        assert exc.problems  # noqa: PT017 - any result is fine


def test_every_public_type_has_a_valid_json_schema() -> None:
    import commit_mef

    for name in commit_mef.__all__:
        cls = getattr(commit_mef, name)
        if isinstance(cls, type) and name[:1].isupper() and not issubclass(cls, BaseException):
            jsonschema.Draft202012Validator.check_schema(io.json_schema(cls))


def test_json_schema_refuses_what_is_not_a_public_type() -> None:
    with pytest.raises(TypeError, match=r"json_schema\(\) takes a public commit_mef type"):
        io.json_schema(dict)
