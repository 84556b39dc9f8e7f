"""Progress reports with countries labelled in a member's language (``report --lang``)."""

from __future__ import annotations

import json

import pytest

from commit_mef import GMS, country, datasets
from commit_mef.cli import main
from commit_mef.countries import MEMBER_LANGUAGES
from commit_mef.errors import UnknownLanguageError
from commit_mef.reports import ProgressReport, label_countries, progress_report, render_json


def _report() -> ProgressReport:
    data = datasets.spa3_report()
    return progress_report(data.plan, data.observations, indicators=data.indicators)


@pytest.mark.parametrize("lang", sorted(set(MEMBER_LANGUAGES.values())))
def test_every_figure_and_budget_is_labelled_in_the_language(lang: str) -> None:
    english = _report()
    labelled = label_countries(english, lang)
    for before_area, after_area in zip(english.areas, labelled.areas, strict=True):
        for before, after in zip(before_area.figures, after_area.figures, strict=True):
            assert after.country == before.country
            assert after.value == before.value
            if "+" not in before.country:
                assert after.country_name == country(before.country).name_in(lang)
    for old, new in zip(english.budgets, labelled.budgets, strict=True):
        assert new.country_name == country(old.country).name_in(lang)
        assert new.lines == old.lines


def test_a_pair_is_labelled_part_by_part() -> None:
    labelled = label_countries(_report(), "vi")
    names = {f.country: f.country_name for a in labelled.areas for f in a.figures}
    assert names["KHM+VNM"] == "Căm Bốt-Việt Nam"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(UnknownLanguageError):
        label_countries(_report(), "xx")


def test_cli_report_lang(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--lang", "th", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    names = {f["country_name"] for a in out["data"]["areas"] for f in a["figures"]}
    assert {c.name_in("th") for c in GMS} <= names
    assert main(["report", "--lang", "xx"]) == 2
    assert "unknown language code 'xx'" in capsys.readouterr().err


def test_the_json_report_keeps_its_schema_in_another_language() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from commit_mef.reports import REPORT_SCHEMA

    jsonschema.validate(render_json(label_countries(_report(), "km")), REPORT_SCHEMA)


def _by_column(text: str) -> list[str]:
    """The characters of ``text`` at each terminal column (a wide one fills two)."""
    from commit_mef.reports._text import columns

    out: list[str] = []
    for char in text:
        n = columns(char)
        if n == 0 and out:
            out[-1] += char
        out += [char] * n
    return out


@pytest.mark.parametrize("lang", ["zh", "th", "km", "lo", "my", "vi"])
def test_text_tables_line_up_in_every_script(lang: str) -> None:
    from commit_mef.reports import render_text

    lines = render_text(label_countries(_report(), lang)).splitlines()
    checked = 0
    for i, line in enumerate(lines):
        if not (line.strip().startswith("country") and "period" in line):
            continue
        dashes = lines[i + 1]
        starts = [k for k in range(1, len(dashes)) if dashes[k] == "-" and dashes[k - 1] == " "]
        for row in lines[i + 2 :]:
            if not row.startswith("  ") or row.startswith(("    ", "  Regional")):
                break
            cols = _by_column(row)
            for start in starts:  # the two columns before each column are the gap
                assert all(c == " " for c in cols[start - 2 : start]), (row, start)
            checked += 1
    assert checked > 20
