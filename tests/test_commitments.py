"""The MoU, its sections and commitments; loading article texts from the user's own file."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import attrs
import pytest
from hypothesis import given

from commit_mef import Commitment, LoadError, MoU, Section, ValidationError
from commit_mef.commitments import roman_to_int
from commit_mef.errors import NotFoundError
from commit_mef.testing import mous

SECTIONS = tuple(Section(number=n, theme=f"theme {n}") for n in ("I", "II", "III", "IV", "V"))


def make(**fields: object) -> MoU:
    base: dict[str, object] = {
        "title": "COMMIT MoU",
        "date": dt.date(2004, 10, 29),
        "place": "Yangon",
        "signatories": ("KHM", "CHN", "LAO", "MMR", "THA", "VNM"),
        "sections": SECTIONS,
        "article_count": 34,
    }
    base.update(fields)
    return MoU(**base)  # type: ignore[arg-type]


def test_signatories_are_countries_in_the_given_order() -> None:
    mou = make(signatories=("Cambodia", "Laos", "Vietnam"))
    assert [c.alpha_3 for c in mou.signatories] == ["KHM", "LAO", "VNM"]


def test_roman_numerals() -> None:
    assert [roman_to_int(n) for n in ("I", "II", "III", "IV", "V", "IX", "XIV")] == [
        1,
        2,
        3,
        4,
        5,
        9,
        14,
    ]
    with pytest.raises(ValidationError, match="not a Roman numeral"):
        roman_to_int("VV")


def test_commitment_defaults_and_id() -> None:
    c = Commitment(article=12)
    assert (c.id, c.section, c.summary, c.text, c.areas) == ("article-12", None, "", None, ())


@pytest.mark.parametrize(
    ("fields", "error", "match"),
    [
        ({"article": 0}, ValidationError, "1 or more"),
        ({"article": "3"}, TypeError, "must be an int"),
        ({"article": 3, "section": "6"}, ValidationError, "Roman numeral"),
        ({"article": 3, "areas": (0,)}, ValidationError, "positive plan area number"),
        ({"article": 3, "text": 5}, TypeError, "string or None"),
    ],
)
def test_bad_commitments_are_refused(
    fields: dict[str, object], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        Commitment(**fields)  # type: ignore[arg-type]


def test_mou_refuses_repeats_unknown_sections_and_articles_beyond_the_count() -> None:
    with pytest.raises(ValidationError, match="section I is listed twice"):
        make(sections=(SECTIONS[0], SECTIONS[0]))
    with pytest.raises(ValidationError, match="article 3 is listed twice"):
        make(commitments=(Commitment(article=3), Commitment(article=3)))
    with pytest.raises(ValidationError, match="names section V, which the MoU does not have"):
        make(sections=SECTIONS[:2], commitments=(Commitment(article=3, section="V"),))
    with pytest.raises(ValidationError, match="beyond the MoU's 34 articles"):
        make(commitments=(Commitment(article=35),))
    with pytest.raises(TypeError, match=r"datetime\.date"):
        make(date="2004-10-29")


def test_with_texts_fills_known_and_adds_unknown_articles() -> None:
    mou = make(commitments=(Commitment(article=2, section="I", summary="cooperate"),))
    filled = mou.with_texts({2: "Article 2 text", "1": "Article 1 text"})
    assert [c.article for c in filled.commitments] == [1, 2]
    assert filled.commitment(2) == Commitment(
        article=2, section="I", summary="cooperate", text="Article 2 text"
    )
    assert filled.commitment("article-1").text == "Article 1 text"
    assert mou.commitment(2).text is None  # the original is unchanged
    with pytest.raises(ValidationError, match="not an article number"):
        mou.with_texts({"two": "x"})
    with pytest.raises(ValidationError, match="must be a string"):
        mou.with_texts({2: 5})  # type: ignore[dict-item]


def test_lookup_errors_say_what_to_do() -> None:
    with pytest.raises(NotFoundError, match="load the article texts") as info:
        make().commitment(3)
    assert info.value.hint is not None
    assert "with_texts" in info.value.hint
    with pytest.raises(NotFoundError, match="no section VI"):
        make().section("VI")


def test_load_texts_from_a_mapping_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "mou.json"
    path.write_text(json.dumps({"1": "one", "2": "two"}), encoding="utf-8")
    loaded = make().load_texts(path)
    assert [(c.article, c.text) for c in loaded.commitments] == [(1, "one"), (2, "two")]


def test_load_texts_from_a_list_file_merges_with_what_is_known(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "mou.json"
    path.write_text(
        json.dumps([{"article": 2, "section": "III", "text": "two", "areas": [3]}]),
        encoding="utf-8",
    )
    mou = make(commitments=(Commitment(article=2, summary="protect victims"),))
    got = mou.load_texts(path).commitment(2)
    assert got == Commitment(
        article=2, section="III", summary="protect victims", text="two", areas=(3,)
    )


def test_load_texts_reports_every_problem_with_its_path(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "mou.json"
    path.write_text(
        json.dumps([{"article": 0}, "x", {"article": 2, "colour": "red"}, {"article": 3}]),
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as info:
        make().load_texts(path)
    assert [p.path for p in info.value.problems] == ["/0", "/1", "/2"]
    assert [p.location for p in info.value.problems] == ["$[0]", "$[1]", "$[2]"]
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(LoadError, match="cannot read JSON"):
        make().load_texts(bad)
    beyond = tmp_path / "beyond.json"
    beyond.write_text(json.dumps({"40": "x"}), encoding="utf-8")
    with pytest.raises(LoadError, match="beyond the MoU's 34 articles"):
        make().load_texts(beyond)


def test_shipped_mou_leaves_article_texts_empty() -> None:
    from importlib.resources import files

    data = json.loads(files("commit_mef").joinpath("data/mou.json").read_text("utf-8"))
    mou = make(
        sections=tuple(Section(number=s["number"], theme=s["theme"]) for s in data["sections"])
    )
    assert data["articles"] == []
    assert mou.commitments == ()
    assert [s.index for s in mou.sections] == [1, 2, 3, 4, 5]


@given(mous())
def test_generated_mous_round_trip_through_evolve(mou: MoU) -> None:
    assert attrs.evolve(mou) == mou
    assert all(c.section in {s.number for s in mou.sections} for c in mou.commitments)
