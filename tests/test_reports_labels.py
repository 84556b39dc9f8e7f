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
    names = {f["country_name"] for a in out["areas"] for f in a["figures"]}
    assert {c.name_in("th") for c in GMS} <= names
    assert main(["report", "--lang", "xx"]) == 2
    assert "unknown language code 'xx'" in capsys.readouterr().err


def test_the_json_report_keeps_its_schema_in_another_language() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from commit_mef.reports import REPORT_SCHEMA

    jsonschema.validate(render_json(label_countries(_report(), "km")), REPORT_SCHEMA)
