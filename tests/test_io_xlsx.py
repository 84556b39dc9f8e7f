"""Reporting templates (xlsx): written from a plan, filled as a person fills them, read back.

Every kind of bad workbook the issue names is a LoadError listing every problem, located by
sheet, row and column, with nothing returned.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commit_mef import io
from commit_mef.errors import LoadError
from commit_mef.indicators import SEX, Indicator
from commit_mef.io import Limits
from commit_mef.io._xlsx_cells import read_number
from commit_mef.money import Money
from commit_mef.plans import Area, Objective, Plan, Target
from commit_mef.reports import progress_report, render

INDICATORS = (
    Indicator(
        id="vid.trained",
        name="Officials trained in victim identification",
        kind="count",
        unit="person",
        dimensions=(SEX,),
    ),
    Indicator(id="nrm.operational", name="Referral mechanism operational", kind="milestone"),
    Indicator(id="budget.allocation", name="Budget allocated", kind="money", unit="currency"),
    Indicator(id="cases.prosecuted", name="Share of cases prosecuted", kind="percentage"),
)
TWO = ("KHM", "LAO")


def my_plan(code: str = "MY SPA IV") -> Plan:
    """A user's own SPA IV-like plan: two areas, four kinds of indicator, two countries."""
    return Plan(
        code=code,
        title="My Sub-regional Plan of Action IV",
        period="2015-2016",
        indicators=INDICATORS,
        areas=(
            Area(
                number=1,
                title="Policy and Cooperation",
                objectives=(
                    Objective(
                        id="1.1",
                        title="Resources allocated",
                        targets=(
                            Target(
                                id="1.1.a",
                                indicator="budget.allocation",
                                value=Money("100000", "USD"),
                                period="2015-2016",
                                countries=TWO,
                            ),
                            Target(
                                id="1.1.b",
                                indicator="cases.prosecuted",
                                value=40,
                                deadline=dt.date(2016, 12, 31),
                                countries=TWO,
                            ),
                        ),
                    ),
                ),
            ),
            Area(
                number=4,
                title="Protection",
                objectives=(
                    Objective(
                        id="4.1",
                        title="Victims are identified",
                        targets=(
                            Target(
                                id="4.1.a",
                                indicator="vid.trained",
                                value=600,
                                period="2015-2016",
                                countries=TWO,
                            ),
                            Target(
                                id="4.1.b",
                                indicator="nrm.operational",
                                value=True,
                                deadline=dt.date(2016, 12, 31),
                                countries=TWO,
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    io.write_template(my_plan(), path)
    return path


def copy_of(template: Path, folder: Path, name: str = "filled.xlsx") -> Path:
    target = folder / name
    target.write_bytes(template.read_bytes())
    return target


def find_row(
    sheet: Any, indicator: str, country: str, period: str, breakdown: str = "total"
) -> int:
    """The row a person would find by reading the Indicator, Country, Period and Breakdown."""
    for row in sheet.iter_rows(min_row=5):
        cells = [c.value for c in row]
        if (
            str(cells[2]).endswith(f"({indicator})")
            and cells[3] == country
            and cells[4] == period
            and cells[5] == breakdown
        ):
            return int(row[0].row)
    raise AssertionError(f"no row for {indicator} {country} {period} {breakdown}")


def fill(path: Path, entries: list[tuple[str, str, str, str, str, Any]]) -> None:
    """Type values into a workbook: (sheet, indicator, country, period, column letter, value)."""
    book = openpyxl.load_workbook(path)
    for sheet, indicator, country, when, letter, value in entries:
        period, _, breakdown = when.partition("/")
        row = find_row(book[sheet], indicator, country, period, breakdown or "total")
        book[sheet][f"{letter}{row}"] = value
    book.save(path)


def problems(path: Path, plan: Plan | None = None) -> list[str]:
    with pytest.raises(LoadError) as caught:
        io.read_template(path, plan=plan)
    return [str(p) for p in caught.value.problems]


TYPICAL = [
    ("Area 4", "vid.trained", "Cambodia", "2015", "H", "1,200"),  # a number typed as text
    ("Area 4", "vid.trained", "Cambodia", "2015/sex: female", "H", 700),
    ("Area 4", "vid.trained", "Lao PDR", "2016", "H", 300),  # 2015 left blank
    ("Area 4", "nrm.operational", "Cambodia", "2016", "H", "Yes"),
    ("Area 4", "nrm.operational", "Cambodia", "2016", "I", dt.date(2016, 6, 30)),
    ("Area 4", "nrm.operational", "Lao PDR", "2016", "H", "no"),
    ("Area 1", "budget.allocation", "Cambodia", "2015", "H", 500_000_000),
    ("Area 1", "budget.allocation", "Lao PDR", "2016", "H", "=2000000000*4"),  # a formula
    ("Area 1", "cases.prosecuted", "Cambodia", "2016", "H", 45),
]


# -- the template -----------------------------------------------------------------------------


def test_one_sheet_per_area_one_row_per_cell_the_plan_asks_for(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["Instructions", "Area 1", "Area 4", "_commit_mef"]
    assert book["_commit_mef"].sheet_state == "veryHidden"
    area4 = book["Area 4"]
    assert area4.column_dimensions["A"].hidden
    rows = [[c.value for c in row] for row in area4.iter_rows(min_row=5)]
    # vid.trained: 2 countries x 2 years x (total + 4 sex codes); nrm: 2 x 2
    assert len(rows) == 2 * 2 * 5 + 2 * 2
    trained = [
        r for r in rows if r[2] == "Officials trained in victim identification (vid.trained)"
    ]
    assert {(r[3], r[4]) for r in trained} == {
        (c, p) for c in ("Cambodia", "Lao PDR") for p in ("2015", "2016")
    }
    assert {r[5] for r in trained} == {"total", *(f"sex: {c}" for c in SEX.codes)}
    assert {r[6] for r in trained} == {"person"}
    assert {r[1] for r in trained} == {"4.1.a"}
    assert len({r[0] for r in rows}) == len(rows)  # every row its own key


def test_units_and_currencies_are_written_out(template: Path) -> None:
    sheet = openpyxl.load_workbook(template)["Area 1"]
    assert sheet.cell(find_row(sheet, "budget.allocation", "Cambodia", "2015"), 7).value == "KHR"
    assert sheet.cell(find_row(sheet, "budget.allocation", "Lao PDR", "2016"), 7).value == "LAK"
    assert sheet.cell(find_row(sheet, "cases.prosecuted", "Lao PDR", "2016"), 7).value == "percent"


def test_data_validation_drop_downs_and_numbers_only(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    area4 = book["Area 4"]
    by_type = {(v.type, v.formula1): str(v.sqref) for v in area4.data_validations.dataValidation}
    milestone = find_row(area4, "nrm.operational", "Cambodia", "2015")
    count = find_row(area4, "vid.trained", "Lao PDR", "2016")
    assert f"H{milestone}" in by_type[("list", '"Yes,No"')]
    assert f"H{count}" in by_type[("whole", "0")]
    assert f"I{milestone}" in next(v for (t, _), v in by_type.items() if t == "date")
    area1 = book["Area 1"]
    lists = {v.formula1 for v in area1.data_validations.dataValidation if v.type == "list"}
    assert {'"KHR,USD"', '"LAK,USD"'} <= lists
    assert any(v.type == "decimal" for v in area1.data_validations.dataValidation)


def test_the_instructions_sheet_says_how_to_fill_it(template: Path) -> None:
    sheet = openpyxl.load_workbook(template)["Instructions"]
    text = "\n".join(str(c.value) for c in sheet["A"] if c.value)
    assert "MY SPA IV reporting template" in text
    assert "blank means 'not reported'" in text
    assert "Area 4: Protection (24 rows)" in text


def test_countries_periods_and_codes_narrow_the_template(tmp_path: Path) -> None:
    path = tmp_path / "lao.xlsx"
    io.write_template(
        my_plan(), path, countries=["Lao PDR"], periods=[2016], codes={"sex": ("female", "male")}
    )
    sheet = openpyxl.load_workbook(path)["Area 4"]
    rows = [[c.value for c in row][3:6] for row in sheet.iter_rows(min_row=5)]
    assert rows == [
        ["Lao PDR", "2016", "total"],
        ["Lao PDR", "2016", "sex: female"],
        ["Lao PDR", "2016", "sex: male"],
        ["Lao PDR", "2016", "total"],
    ]


def test_a_target_whose_indicator_the_plan_lacks_is_refused(tmp_path: Path) -> None:
    plan = my_plan()
    bare = Plan(code=plan.code, title=plan.title, period=plan.period, areas=plan.areas)
    with pytest.raises(ValueError, match=r"add the indicator to plan\.indicators"):
        io.write_template(bare, tmp_path / "t.xlsx")
    assert not (tmp_path / "t.xlsx").exists()


def test_writing_replaces_atomically_and_leaves_nothing_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"old")
    io.write_template(my_plan(), path)
    assert path.read_bytes().startswith(b"PK")

    def broken(*_args: object) -> None:
        raise OSError("disk full")

    path.write_bytes(b"old")
    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError, match="disk full"):
        io.write_template(my_plan(), path)
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.xlsx"]


def test_without_openpyxl_the_error_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ImportError, match=r"pip install 'commit-mef\[excel\]'"):
        io.write_template(my_plan(), tmp_path / "t.xlsx")


# -- the round trip -----------------------------------------------------------------------------


def test_round_trip_plan_template_filled_report(template: Path, tmp_path: Path) -> None:
    """Filled as a person fills it, with the usual mistakes; the one that cannot be read is listed."""
    path = copy_of(template, tmp_path)
    fill(path, TYPICAL)
    found = problems(path, my_plan())
    assert len(found) == 1
    assert "formula (=2000000000*4)" in found[0]
    assert "@ sheet 'Area 1', row" in found[0]
    assert "column Value (H)" in found[0]

    fill(path, [("Area 1", "budget.allocation", "Lao PDR", "2016", "H", 8_000_000_000)])
    table = io.read_template(path, plan=my_plan())
    got = {(o.indicator, o.country.alpha_3, str(o.period), o.disaggregation): o for o in table}  # type: ignore[union-attr]
    assert len(got) == 8  # the blanks are not reported
    assert got[("vid.trained", "KHM", "2015", ())].value == Decimal(1200)
    assert got[("vid.trained", "KHM", "2015", (("sex", "female"),))].value == Decimal(700)
    assert got[("nrm.operational", "KHM", "2016-06-30", ())].value is True
    assert got[("nrm.operational", "LAO", "2016", ())].value is False
    assert got[("budget.allocation", "LAO", "2016", ())].value == Money("8000000000", "LAK")
    assert got[("cases.prosecuted", "KHM", "2016", ())].value == Decimal(45)
    trained = got[("vid.trained", "KHM", "2015", ())]
    assert (trained.unit, trained.basis.value) == ("person", "total")
    assert trained.source is not None
    assert trained.source.area == 4
    assert trained.source.section == "Area 4"

    report = progress_report(my_plan(), table)
    rows = {(t.target, t.country): t.status for a in report.areas for t in a.targets}
    assert set(rows) == {(t.id, c) for t in my_plan().targets() for c in TWO}
    assert rows[("4.1.a", "KHM")] == "achieved"  # 1,200 of 600
    assert rows[("4.1.a", "LAO")] == "off track"  # 300 of 600 at the end
    assert rows[("4.1.b", "KHM")] == "achieved"
    assert rows[("4.1.b", "LAO")] == "off track"
    assert rows[("1.1.b", "LAO")] == "no data"
    assert report.warnings == ()
    assert [a.heading for a in report.areas] == [
        "Area 1: Policy and Cooperation",
        "Area 4: Protection",
    ]
    html = render(report, "html")
    assert "4.1.a" in html
    assert "off track" in html


def test_a_percentage_typed_with_excels_percent_format_reads_as_percent(
    template: Path, tmp_path: Path
) -> None:
    path = copy_of(template, tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["Area 1"]
    cell = sheet.cell(find_row(sheet, "cases.prosecuted", "Lao PDR", "2016"), 8)
    cell.value = 0.45
    cell.number_format = "0%"
    book.save(path)
    (obs,) = io.read_template(path)
    assert obs.value == Decimal("45.00")


def test_a_currency_chosen_from_the_drop_down_is_the_amounts(
    template: Path, tmp_path: Path
) -> None:
    path = copy_of(template, tmp_path)
    fill(
        path,
        [
            ("Area 1", "budget.allocation", "Cambodia", "2015", "H", 25000),
            ("Area 1", "budget.allocation", "Cambodia", "2015", "G", "USD"),
        ],
    )
    (obs,) = io.read_template(path)
    assert obs.value == Money("25000", "USD")


@settings(max_examples=25)
@given(st.lists(st.integers(min_value=0, max_value=10**12), min_size=4, max_size=4), st.booleans())
def test_counts_read_back_exactly_typed_or_as_text(values: list[int], as_text: bool) -> None:
    folder = Path(tempfile.gettempdir())
    path = folder / f"commit-mef-hypothesis-{os.getpid()}.xlsx"
    try:
        io.write_template(my_plan(), path, codes={"sex": ()})
        cells = [
            (country, period) for country in ("Cambodia", "Lao PDR") for period in ("2015", "2016")
        ]
        typed = [f"{v:,}" if as_text else v for v in values]
        fill(
            path,
            [
                ("Area 4", "vid.trained", c, p, "H", v)
                for (c, p), v in zip(cells, typed, strict=True)
            ],
        )
        table = io.read_template(path)
        assert sorted(o.value for o in table) == sorted(Decimal(v) for v in values)  # type: ignore[type-var]
    finally:
        path.unlink(missing_ok=True)


@given(st.decimals(min_value=0, max_value=10**15, places=2, allow_nan=False))
def test_read_number_reads_thousands_separators(value: Decimal) -> None:
    assert read_number(f"{value:,}") == value
    assert read_number(f"{value:,}".replace(",", " ")) == value
    assert read_number(str(value)) == value


# -- bad input: a LoadError listing every problem, nothing returned ------------------------------


def test_a_workbook_that_is_not_a_template(tmp_path: Path) -> None:
    path = tmp_path / "own.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "country"
    book.save(path)
    (only,) = problems(path)
    assert "not a commit-mef reporting template" in only
    assert "commit-mef template --plan" in only


def test_a_template_for_another_plan(template: Path, tmp_path: Path) -> None:
    (only,) = problems(copy_of(template, tmp_path), my_plan("SPA III"))
    assert "written for plan 'MY SPA IV', not 'SPA III'" in only


def test_a_template_the_plan_has_since_changed_under(template: Path, tmp_path: Path) -> None:
    plan = my_plan()
    changed = Plan(
        code=plan.code,
        title=plan.title,
        period=plan.period,
        areas=plan.areas,
        indicators=[i for i in plan.indicators if i.id != "cases.prosecuted"],
    )
    (only,) = problems(copy_of(template, tmp_path), changed)
    assert "indicator 'cases.prosecuted' of the template is no longer in plan" in only


def test_a_sheet_renamed_and_a_sheet_deleted(template: Path, tmp_path: Path) -> None:
    path = copy_of(template, tmp_path)
    book = openpyxl.load_workbook(path)
    book["Area 4"].title = "Protection"
    del book["Area 1"]
    book.save(path)
    found = problems(path)
    assert found == [
        (
            "the sheet is missing (renamed or deleted); copy it back from the template as it "
            "was sent, or fill in a fresh template @ sheet 'Area 1'"
        ),
        "this sheet was 'Area 4' in the template; rename it back to 'Area 4' @ sheet 'Protection'",
    ]


def test_rows_added_by_hand_copied_rows_and_merged_cells(template: Path, tmp_path: Path) -> None:
    path = copy_of(template, tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["Area 4"]
    last = sheet.max_row
    sheet.append([None, None, "Victims identified", "Lao PDR", "2016", None, "person", 12])
    copied = [c.value for c in sheet[5]]
    copied[7] = 3
    sheet.append(copied)
    sheet.merge_cells("J5:J6")
    book.save(path)
    found = problems(path)
    assert len(found) == 3
    assert any("cells J5:J6" in p and "merged" in p for p in found)
    assert any(f"row {last + 1}" in p and "added by hand" in p for p in found)
    assert any(f"row {last + 2}" in p and "repeats row 5" in p for p in found)


def test_every_cell_problem_is_listed_at_once(template: Path, tmp_path: Path) -> None:
    path = copy_of(template, tmp_path)
    fill(
        path,
        [
            ("Area 4", "vid.trained", "Cambodia", "2015", "H", "about 50"),
            ("Area 4", "vid.trained", "Cambodia", "2016", "H", "1.200"),
            ("Area 4", "vid.trained", "Lao PDR", "2015", "H", 12.5),
            ("Area 4", "vid.trained", "Lao PDR", "2016", "H", dt.date(2016, 3, 12)),
            ("Area 4", "nrm.operational", "Cambodia", "2016", "H", "Yes"),
            ("Area 4", "nrm.operational", "Cambodia", "2016", "I", "31/05/2016"),
            ("Area 4", "nrm.operational", "Lao PDR", "2016", "H", "maybe"),
            ("Area 4", "nrm.operational", "Lao PDR", "2015", "I", dt.date(2015, 3, 1)),
            ("Area 1", "cases.prosecuted", "Cambodia", "2016", "H", 140),
            ("Area 1", "budget.allocation", "Cambodia", "2016", "H", "=1+1"),
            ("Area 1", "budget.allocation", "Lao PDR", "2016", "H", -5),
        ],
    )
    found = "\n".join(problems(path))
    for expected in (
        "expected a number, got 'about 50'",
        "'1.200' is ambiguous",
        "a count is a whole number, got 12.5",
        "the cell holds a date (2016-03-12), not a number",
        "a date typed as text ('31/05/2016')",
        "expected Yes or No, got 'maybe'",
        "a date reached is given but no value",
        "a percentage is between 0 and 100, got 140",
        "the cell holds a formula (=1+1)",
        "expected 0 or more, got -5",
    ):
        assert expected in found
    assert found.count("\n") == 9


def test_a_date_outside_the_rows_period(template: Path, tmp_path: Path) -> None:
    path = copy_of(template, tmp_path)
    fill(
        path,
        [
            ("Area 4", "nrm.operational", "Cambodia", "2016", "H", "Yes"),
            ("Area 4", "nrm.operational", "Cambodia", "2016", "I", dt.date(2015, 6, 1)),
        ],
    )
    (only,) = problems(path)
    assert "2015-06-01 is outside the row's period 2016" in only


def test_an_xlsx_that_is_really_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "figures.xlsx"
    path.write_text("country,year,indicator,value\nKHM,2015,vid.trained,12\n", encoding="utf-8")
    (only,) = problems(path)
    assert "holds text (a CSV), not a workbook; rename it to figures.csv" in only


def test_a_50_mb_workbook_is_refused_by_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with open(path, "wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(50 * 1024 * 1024)
    (only,) = problems(path)
    assert "the workbook is 50.0 MiB, over the limit of 20 MiB" in only
    assert "Limits.max_workbook_bytes" in only


def test_a_zip_bomb_is_refused_by_its_unpacked_size(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"\0" * (3 * 1024 * 1024))
    with pytest.raises(LoadError, match="unpacks to 3 MiB"):
        io.read_template(path, limits=Limits(max_workbook_bytes=100_000))


def test_a_password_protected_workbook(tmp_path: Path) -> None:
    # Excel saves an encrypted workbook as an OLE compound file with an EncryptionInfo stream.
    path = tmp_path / "locked.xlsx"
    name = "EncryptionInfo".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + name + b"\0" * 1024)
    (only,) = problems(path)
    assert "protected with a password" in only
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    (only,) = problems(old)
    assert "old Excel 97-2003 (.xls) file" in only


def test_a_damaged_zip(tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x01" * 100)
    (only,) = problems(path)
    assert "not a readable xlsx workbook" in only


# -- one door for figure files ------------------------------------------------------------------


@pytest.fixture
def filled(template: Path, tmp_path: Path) -> Path:
    path = copy_of(template, tmp_path)
    fill(path, [("Area 4", "vid.trained", "Cambodia", "2015", "H", 40)])
    return path


def test_read_figures_chooses_by_extension_or_content(filled: Path, tmp_path: Path) -> None:
    table = io.read_figures(filled, plan=my_plan())
    assert [o.value for o in table] == [Decimal(40)]
    as_json = tmp_path / "figures.json"
    io.dump(table, as_json)
    assert io.read_figures(as_json) == table
    as_csv = tmp_path / "figures.csv"
    io.write_csv(table, as_csv)
    assert io.read_figures(as_csv) == table
    for source, name in ((filled, "figures.dat"), (as_json, "figures.txt"), (as_csv, "figures")):
        unnamed = tmp_path / name
        unnamed.write_bytes(source.read_bytes())
        again = io.read_figures(unnamed)
        if source is filled:  # the figures' source names the file they were read from
            assert [o.source.document for o in again] == [name]  # type: ignore[union-attr]
            again = io.read_figures(filled)
        assert again == table


def test_read_figures_refuses_a_file_that_is_not_what_its_name_says(
    filled: Path, tmp_path: Path
) -> None:
    fake = tmp_path / "figures.csv"
    fake.write_bytes(filled.read_bytes())
    with pytest.raises(
        LoadError, match=r"named \.csv but holds an Excel workbook; rename it to figures.xlsx"
    ):
        io.read_figures(fake)
    blob = tmp_path / "figures.bin"
    blob.write_bytes(bytes(range(256)))
    with pytest.raises(LoadError, match=r"figures are read from \.json, \.csv or \.xlsx files"):
        io.read_figures(blob)


# -- the command line ---------------------------------------------------------------------------


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "commit_mef", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=cwd,
    )


def test_cli_template_then_report_end_to_end(tmp_path: Path) -> None:
    plan = tmp_path / "my_plan.json"
    io.dump(my_plan(), plan)
    made = run("template", "--plan", str(plan), "-o", str(tmp_path / "figures.xlsx"))
    assert made.returncode == 0, made.stderr
    assert "wrote" in made.stdout
    fill(tmp_path / "figures.xlsx", TYPICAL[:7])
    result = run(
        "report", "--plan", str(plan), "--data", str(tmp_path / "figures.xlsx"),
        "--format", "html", "-o", str(tmp_path / "report.html"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Area 4: Protection" in html
    assert "4.1.b" in html
    assert "achieved" in html


def test_cli_lists_every_problem_of_a_workbook_without_a_traceback(
    template: Path, tmp_path: Path
) -> None:
    path = copy_of(template, tmp_path)
    fill(
        path,
        [
            ("Area 4", "vid.trained", "Cambodia", "2015", "H", "=1+1"),
            ("Area 4", "vid.trained", "Lao PDR", "2015", "H", "lots"),
        ],
    )
    result = run("report", "--data", str(path), "--plan", "SPA IV")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == f"commit-mef: error: {path}: 3 problems, nothing read"
    assert "written for plan 'MY SPA IV', not 'SPA IV'" in lines[1]
    assert "formula" in result.stderr
    assert "'lots'" in result.stderr
    checked = run("validate", str(path))
    assert checked.returncode == 1
    assert len(checked.stdout.splitlines()) == 2


def test_cli_template_needs_an_xlsx_name(tmp_path: Path) -> None:
    result = run("template", "--plan", "SPA IV", "-o", str(tmp_path / "t.csv"))
    assert result.returncode == 2
    assert "name it FILE.xlsx" in result.stderr


# -- the example workbook -----------------------------------------------------------------------


def test_the_committed_example_workbook_is_what_its_generator_makes(tmp_path: Path) -> None:
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location(
        "make_example_workbook", root / "scripts" / "make_example_workbook.py"
    )
    assert spec is not None
    assert spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    plan = generator.my_plan()
    assert io.load(generator.PLAN, Plan) == plan
    fresh = tmp_path / generator.WORKBOOK.name
    io.write_template(plan, fresh, countries=("KHM", "LAO", "VNM"))
    generator.fill(fresh)
    assert io.read_template(generator.WORKBOOK, plan=plan) == io.read_template(fresh, plan=plan)


def test_money_achieved_is_shown_to_the_cent(template: Path, tmp_path: Path) -> None:
    path = copy_of(template, tmp_path)
    fill(path, [("Area 1", "budget.allocation", "Cambodia", "2015", "H", 500_000_000)])
    report = progress_report(my_plan(), io.read_template(path))
    (row,) = [
        t for a in report.areas for t in a.targets if (t.target, t.country) == ("1.1.a", "KHM")
    ]
    assert row.achieved is not None
    assert Decimal(row.achieved) == Decimal(row.achieved).quantize(Decimal("0.01"))


def test_a_plan_without_targets_writes_no_empty_template(tmp_path: Path) -> None:
    result = run("template", "--plan", "SPA IV", "-o", str(tmp_path / "t.xlsx"))
    assert result.returncode == 2
    assert "has no targets" in result.stderr
    assert list(tmp_path.iterdir()) == []
