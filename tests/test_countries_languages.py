"""The six members' names in their own languages: lookup, ``name_in``, currencies, bad codes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import GMS, UnknownCountryError, country, currency
from commit_mef.countries import MEMBER_LANGUAGES
from commit_mef.errors import CommitMefError, UnknownLanguageError

NATIVE = {
    "KHM": "កម្ពុជា",
    "CHN": "中国",
    "LAO": "ລາວ",
    "MMR": "မြန်မာ",
    "THA": "ไทย",
    "VNM": "Việt Nam",
}


@pytest.mark.parametrize(("alpha_3", "name"), NATIVE.items())
def test_each_members_native_name_resolves(alpha_3: str, name: str) -> None:
    assert country(name).alpha_3 == alpha_3


@pytest.mark.parametrize(
    ("query", "alpha_3"),
    [
        ("\u200bកម្ពុជា\u200b", "KHM"),  # zero-width spaces ignored
        ("សាធារណ\u200bរដ្ឋ\u200bសង្គមនិយម\u200bវៀតណាម", "VNM"),
        ("ປະເທດໄທ", "THA"),  # Lao, with the word for "country"
        ("ໄທ", "THA"),  # and without it
        ("မြန်မာနိုင်ငံ", "MMR"),
        ("中國", "CHN"),  # traditional script
        ("老挝", "LAO"),
        ("马来西亚", "MYS"),  # partners resolve too
        ("VIỆT NAM", "VNM"),  # case-insensitive
        ("Vie\u0323\u0302t Nam", "VNM"),  # decomposed accents: Unicode NFC first
    ],
)
def test_native_name_variants(query: str, alpha_3: str) -> None:
    assert country(query).alpha_3 == alpha_3


def test_name_in_returns_the_catalogue_name_and_round_trips() -> None:
    for member in GMS:
        own = member.name_in(MEMBER_LANGUAGES[member.alpha_3])
        assert own != member.name
        assert country(own) == member


def test_name_in_prefers_the_short_form_and_falls_back_to_the_display_name() -> None:
    lao = country("LAO")
    assert lao.name_in("lo") == "ລາວ"
    assert lao.name_in("en") == "Lao PDR"
    assert country("CHN").name_in("my") == "China"  # the Burmese catalogue has no entry
    assert country("VNM").name_in("zh-CN") == country("VNM").name_in("zh") == "越南"
    assert country("VNM").name_in("zh_TW") == "越南"


@pytest.mark.parametrize("code", ["thai", "xx", "", "zz_ZZ", "kh"])
def test_unknown_language_code_is_a_package_error(code: str) -> None:
    with pytest.raises(UnknownLanguageError) as info:
        country("THA").name_in(code)
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, CommitMefError)
    assert repr(code) in str(info.value)
    assert "ISO 639-1" in str(info.value)


def test_unknown_language_suggests_the_code_of_a_language_name() -> None:
    with pytest.raises(UnknownLanguageError) as info:
        currency("THB").name_in("Khmer")
    assert info.value.suggestions == ("km",)


def test_currency_names_in_the_members_languages() -> None:
    assert currency("THB").name_in("th") == "บาท"
    assert currency("VND").name_in("vi") == "Đồng"
    assert currency("KHR").name_in("zh") == "瑞尔"
    assert currency("MMK").name_in("my") == "Kyat"  # no Burmese ISO 4217 catalogue
    assert currency("USD").name_in("en") == "US Dollar"


@given(st.text(alphabet="กขคงจฉชซญดตถทนบปผพฟภมยรลวศสหอฮะาำิีึืุู", min_size=1, max_size=8))
def test_any_thai_text_either_resolves_or_raises_the_package_error(text: str) -> None:
    try:
        found = country(text)
    except UnknownCountryError:
        return
    assert found.alpha_3 in {r.alpha_3 for r in GMS} or len(found.alpha_3) == 3


def test_an_english_lookup_does_not_load_the_catalogues() -> None:
    code = (
        "import commit_mef.countries as c; c.country('Laos'); c.country('Malaysia'); "
        "assert c._native_index.cache_info().currsize == 0; "
        "c.country('ລາວ'); assert c._native_index.cache_info().currsize == 1"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
