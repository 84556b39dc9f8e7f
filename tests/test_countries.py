"""Country lookup: codes, names, aliases, COMMIT spellings and bad input."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import GMS, Country, UnknownCountryError, country


def test_gms_is_the_six_members_in_report_order() -> None:
    assert [c.alpha_3 for c in GMS] == ["KHM", "CHN", "LAO", "MMR", "THA", "VNM"]
    assert [c.name for c in GMS] == [
        "Cambodia",
        "China",
        "Lao PDR",
        "Myanmar",
        "Thailand",
        "Viet Nam",
    ]
    assert [c.currency for c in GMS] == ["KHR", "CNY", "LAK", "MMK", "THB", "VND"]


@pytest.mark.parametrize(
    ("query", "alpha_3"),
    [
        ("Laos", "LAO"),
        ("Lao PDR", "LAO"),
        ("LA", "LAO"),
        ("lao", "LAO"),
        ("418", "LAO"),
        ("Lao People's Democratic Republic", "LAO"),
        ("Vietnam", "VNM"),
        ("Viet Nam", "VNM"),
        ("vn", "VNM"),
        ("Burma", "MMR"),
        ("PRC", "CHN"),
        ("  china ", "CHN"),
        ("kingdom of cambodia", "KHM"),
        ("THAILAND", "THA"),
    ],
)
def test_aliases_codes_and_names_resolve_case_insensitively(query: str, alpha_3: str) -> None:
    assert country(query).alpha_3 == alpha_3


def test_members_found_through_pycountry_keep_the_commit_spelling() -> None:
    assert country("Lao People's Democratic Republic") is country("LAO")
    assert country("704").name == "Viet Nam"


@pytest.mark.parametrize(
    ("query", "name", "currency"),
    [
        ("SAU", "Saudi Arabia", "SAR"),
        ("Malaysia", "Malaysia", "MYR"),
        ("RU", "Russian Federation", "RUB"),
    ],
)
def test_any_iso_country_works(query: str, name: str, currency: str) -> None:
    found = country(query)
    assert (found.name, found.currency) == (name, currency)


def test_a_country_without_a_recorded_currency_has_none() -> None:
    assert country("ATA").currency is None  # Antarctica


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("Cambodja", "Cambodia"),
        ("Thailnd", "Thailand"),
        ("Viet Namm", "Viet Nam"),
        ("Myanmr", "Myanmar"),
    ],
)
def test_unknown_names_suggest_close_matches(query: str, suggestion: str) -> None:
    with pytest.raises(UnknownCountryError) as info:
        country(query)
    assert suggestion in info.value.suggestions
    assert info.value.query == query
    assert suggestion in str(info.value)


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("KHMR", "two or three letters"),
        ("1160", "three digits"),
        ("K", "two or three letters"),
        ("12", "three digits"),
    ],
)
def test_empty_strings_and_codes_of_other_lengths_say_what_is_expected(
    query: str, hint: str
) -> None:
    with pytest.raises(UnknownCountryError, match=hint):
        country(query)


@pytest.mark.parametrize("query", [764, None, 3.5, b"THA", ["THA"]])
def test_non_strings_raise_type_error(query: object) -> None:
    with pytest.raises(TypeError, match="takes a string"):
        country(query)  # type: ignore[arg-type]


def test_a_country_passes_through_unchanged() -> None:
    assert country(GMS[2]) is GMS[2]


@given(st.text(max_size=12))
def test_any_text_either_resolves_or_raises_unknown_country(text: str) -> None:
    try:
        found = country(text)
    except UnknownCountryError as exc:
        error: UnknownCountryError | None = exc
    else:
        error = None
        assert isinstance(found, Country)
        assert country(found.alpha_3) == found
        assert country(found.alpha_2) == found
        assert country(found.numeric) == found
    if error is not None:
        assert error.query == text


@given(st.sampled_from(GMS), st.sampled_from(["alpha_2", "alpha_3", "numeric", "name"]))
def test_every_code_of_a_member_round_trips(member: Country, attr: str) -> None:
    value = getattr(member, attr)
    assert country(value) is member
    assert country(value.lower()) is member


def test_importing_the_package_loads_neither_pint_nor_pycountry() -> None:
    code = (
        "import sys, commit_mef; commit_mef.GMS; commit_mef.fiscal_year('THA', 2015);"
        "bad = [m for m in ('pint', 'pycountry', 'cattrs') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
