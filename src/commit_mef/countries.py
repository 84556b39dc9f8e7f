"""Countries: the six COMMIT members and any ISO 3166-1 country.

:func:`country` turns what people write ("Laos", "VN", "704", "Burma",
"PRC") into a :class:`Country`.  The six members are built in, with
COMMIT's own spellings ("Lao PDR", "Viet Nam"); any other country comes
from :mod:`pycountry`, which is imported on first use only.

Examples:
    >>> from commit_mef import GMS, country
    >>> [c.alpha_3 for c in GMS]
    ['KHM', 'CHN', 'LAO', 'MMR', 'THA', 'VNM']
    >>> country("Laos").name
    'Lao PDR'
    >>> country("sau").name
    'Saudi Arabia'
    >>> country("ไทย").name, country("Việt Nam").name_in("th")
    ('Thailand', 'เวียดนาม')
"""

from __future__ import annotations

import difflib
import unicodedata
from typing import Any

import attrs

from commit_mef._caches import built_once
from commit_mef.errors import InvalidTypeError, UnknownCountryError, UnknownLanguageError

__all__ = [
    "Country",
    "GMS",
    "MEMBER_LANGUAGES",
    "country",
]


@attrs.frozen(order=False, cache_hash=True)
class Country:
    """A country, identified by its ISO 3166-1 codes.

    Build one with :func:`country`; two countries are equal when all their
    fields are.  ``str(c)`` is the display name (COMMIT spelling for members).

    Attributes:
        alpha_2: ISO 3166-1 alpha-2 code (``"KH"``).
        alpha_3: ISO 3166-1 alpha-3 code (``"KHM"``).
        numeric: ISO 3166-1 numeric code, three digits (``"116"``).
        name: Display name; COMMIT's spelling for members ("Lao PDR", "Viet Nam").
        official_name: The ISO official name where there is one, else the name.
        currency: ISO 4217 code of the national currency, or ``None`` where the
            package has no record of it.

    Examples:
        >>> kh = country("KH")
        >>> kh.alpha_3, kh.numeric, kh.currency
        ('KHM', '116', 'KHR')
        >>> str(kh)
        'Cambodia'
        >>> kh.official_name
        'Kingdom of Cambodia'
    """

    alpha_2: str
    alpha_3: str
    numeric: str
    name: str
    official_name: str
    currency: str | None = None

    def __str__(self) -> str:
        return self.name

    def name_in(self, lang: str) -> str:
        """The country's name in a language, from :mod:`pycountry`'s translation catalogues.

        The short form is preferred where the catalogue translates it ("ລາວ" rather than
        the full name of the Lao PDR); where the catalogue has no translation for this
        country, the display name :attr:`name` is returned.  ``"en"`` gives :attr:`name`.

        Args:
            lang: An ISO 639-1 code, with a region where the catalogues have one
                (``"th"``, ``"vi"``, ``"zh"`` = ``"zh_CN"``, ``"zh-TW"``).

        Returns:
            The name in that language.

        Raises:
            UnknownLanguageError: the catalogues hold no such language.

        Examples:
            >>> [c.name_in("vi") for c in GMS]
            ['Căm Bốt', 'Trung Quốc', 'Cộng hoà Nhân dân Dân chủ Lào', 'Miến Điện', 'Thái Lan', 'Việt Nam']
            >>> country("LAO").name_in("lo"), country("MMR").name_in("my"), country("CHN").name_in("zh")
            ('ລາວ', 'မြန်မာနိုင်ငံ', '中国')
            >>> country("CHN").name_in("my")  # the Burmese catalogue lacks it
            'China'
        """
        locale = language(lang)
        if locale == "en":
            return self.name
        import pycountry

        record = pycountry.countries.get(alpha_3=self.alpha_3)
        if record is None:  # pragma: no cover - every Country comes from pycountry's codes
            return self.name
        for attr in ("common_name", "name"):
            msgid = getattr(record, attr, None)
            found = _translate(msgid, locale, "iso3166-1") if msgid else None
            if found:
                return found
        return self.name


GMS: tuple[Country, ...] = (
    Country(
        alpha_2="KH",
        alpha_3="KHM",
        numeric="116",
        name="Cambodia",
        official_name="Kingdom of Cambodia",
        currency="KHR",
    ),
    Country(
        alpha_2="CN",
        alpha_3="CHN",
        numeric="156",
        name="China",
        official_name="People's Republic of China",
        currency="CNY",
    ),
    Country(
        alpha_2="LA",
        alpha_3="LAO",
        numeric="418",
        name="Lao PDR",
        official_name="Lao People's Democratic Republic",
        currency="LAK",
    ),
    Country(
        alpha_2="MM",
        alpha_3="MMR",
        numeric="104",
        name="Myanmar",
        official_name="Republic of the Union of Myanmar",
        currency="MMK",
    ),
    Country(
        alpha_2="TH",
        alpha_3="THA",
        numeric="764",
        name="Thailand",
        official_name="Kingdom of Thailand",
        currency="THB",
    ),
    Country(
        alpha_2="VN",
        alpha_3="VNM",
        numeric="704",
        name="Viet Nam",
        official_name="Socialist Republic of Viet Nam",
        currency="VND",
    ),
)
"""The six COMMIT member countries in the order COMMIT documents list them."""

_GMS_ALIASES: dict[str, str] = {
    "cambodia": "KHM",
    "kingdom of cambodia": "KHM",
    "kampuchea": "KHM",
    "china": "CHN",
    "prc": "CHN",
    "p.r.c.": "CHN",
    "pr china": "CHN",
    "people's republic of china": "CHN",
    "peoples republic of china": "CHN",
    "mainland china": "CHN",
    "laos": "LAO",
    "lao": "LAO",
    "lao pdr": "LAO",
    "lao p.d.r.": "LAO",
    "lao people's democratic republic": "LAO",
    "lao peoples democratic republic": "LAO",
    "myanmar": "MMR",
    "burma": "MMR",
    "republic of the union of myanmar": "MMR",
    "thailand": "THA",
    "kingdom of thailand": "THA",
    "siam": "THA",
    "viet nam": "VNM",
    "vietnam": "VNM",
    "viet-nam": "VNM",
    "socialist republic of viet nam": "VNM",
    "socialist republic of vietnam": "VNM",
}


#: The national language of each member, as ISO 639-1 codes (Chinese as pycountry's ``zh_CN``).
MEMBER_LANGUAGES: dict[str, str] = {
    "KHM": "km",
    "CHN": "zh_CN",
    "LAO": "lo",
    "MMR": "my",
    "THA": "th",
    "VNM": "vi",
}

_LANGUAGE_ALIASES = {"zh": "zh_CN", "zh_hans": "zh_CN", "zh_hant": "zh_TW"}

# Zero-width characters that Khmer and Burmese text carries between words; not part of a name.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))

# "country" written before (Lao) or after (Burmese) a name in the catalogues: "ປະເທດໄທ",
# "မြန်မာနိုင်ငံ"; people also write the name alone ("ໄທ", "မြန်မာ").
_COUNTRY_PREFIX = "ປະເທດ"
_COUNTRY_SUFFIX = "နိုင်ငံ"


def _normalise(query: str) -> str:
    text = unicodedata.normalize("NFC", query.replace("’", "'")).translate(_INVISIBLE)
    return " ".join(text.split()).casefold()


@built_once
def _locales() -> frozenset[str]:
    """The languages pycountry has a country catalogue for (read from its locales folder)."""
    from pathlib import Path

    import pycountry

    root = Path(pycountry.LOCALES_DIR)
    return frozenset(p.parent.parent.name for p in root.glob("*/LC_MESSAGES/iso3166-1.mo"))


def language(lang: str) -> str:
    """The catalogue name of a language code (``"zh-cn"`` -> ``"zh_CN"``); ``"en"`` stays.

    Raises:
        UnknownLanguageError: no catalogue holds it.
    """
    if not isinstance(lang, str):
        raise InvalidTypeError(
            f"a language is a code such as 'th', got {type(lang).__name__} {lang!r}"
        )
    parts = lang.strip().replace("-", "_").split("_")
    code = "_".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])
    code = _LANGUAGE_ALIASES.get(code.lower(), code)
    if code == "en" or code in _locales():
        return code
    import pycountry

    try:  # a language's name ("Thai", "Khmer") suggests its code
        named = getattr(pycountry.languages.lookup(lang.strip()), "alpha_2", None)
    except LookupError:
        named = None
    found = [named] if named in _locales() else []
    found = found or difflib.get_close_matches(code, sorted(_locales()), n=3, cutoff=0.6)
    raise UnknownLanguageError(lang, suggestions=found)


@built_once
def _catalogue(locale: str, domain: str) -> Any:
    import gettext

    import pycountry

    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[locale], fallback=True)


def _translate(msgid: str, locale: str, domain: str) -> str | None:
    """The catalogue's translation of ``msgid``, or ``None`` where it has none."""
    text: str = _catalogue(locale, domain).gettext(msgid)
    return text if text != msgid else None


@built_once
def _native_index() -> dict[str, Any]:
    """Names in the members' languages (and traditional Chinese) -> pycountry records.

    Built on the first lookup that misses the ISO names; the members come first, so that a
    name two catalogues share resolves to the member.
    """
    import pycountry

    members = {c.alpha_3 for c in GMS}
    records = sorted(pycountry.countries, key=lambda r: r.alpha_3 not in members)
    index: dict[str, Any] = {}
    for locale in (*MEMBER_LANGUAGES.values(), "zh_TW", "zh_HK"):
        for record in records:
            for attr in ("name", "common_name", "official_name"):
                msgid = getattr(record, attr, None)
                text = _translate(msgid, locale, "iso3166-1") if msgid else None
                if not text:
                    continue
                for form in (text, text.removeprefix(_COUNTRY_PREFIX)):
                    index.setdefault(_normalise(form.removesuffix(_COUNTRY_SUFFIX)), record)
                    index.setdefault(_normalise(form), record)
    return index


@built_once
def _gms_index() -> dict[str, Country]:
    index: dict[str, Country] = {}
    by_alpha3 = {c.alpha_3: c for c in GMS}
    for c in GMS:
        for key in (c.alpha_2, c.alpha_3, c.numeric, c.name, c.official_name):
            index[_normalise(key)] = c
    for alias, code in _GMS_ALIASES.items():
        index[alias] = by_alpha3[code]
    return index


@built_once
def _currencies() -> dict[str, str]:
    """Country alpha-3 to currency code, from the shipped table (read on first use)."""
    from importlib.resources import files

    table: dict[str, str] = {}
    text = files("commit_mef").joinpath("data/country_currencies.csv").read_text("utf-8")
    for line in text.splitlines()[1:]:
        if line.strip():
            alpha_3, code = line.split(",")[:2]
            table[alpha_3.strip()] = code.strip()
    return table


def _from_pycountry(record: Any) -> Country:
    alpha_3: str = record.alpha_3
    for member in GMS:
        if member.alpha_3 == alpha_3:
            return member
    name: str = getattr(record, "common_name", None) or record.name
    official: str = getattr(record, "official_name", None) or record.name
    return Country(
        alpha_2=record.alpha_2,
        alpha_3=alpha_3,
        numeric=record.numeric,
        name=name,
        official_name=official,
        currency=_currencies().get(alpha_3),
    )


@built_once
def _pycountry_index() -> tuple[dict[str, Any], tuple[str, ...]]:
    import pycountry

    index: dict[str, Any] = {}
    names: list[str] = []
    for record in pycountry.countries:
        for attr in ("alpha_2", "alpha_3", "numeric", "name", "official_name", "common_name"):
            value = getattr(record, attr, None)
            if value:
                index.setdefault(_normalise(value), record)
                if attr in {"name", "common_name", "official_name"}:
                    names.append(value)
    return index, tuple(names)


@built_once
def _lookup(key: str) -> Country | None:
    member = _gms_index().get(key)
    if member is not None:
        return member
    index, _ = _pycountry_index()
    record = index.get(key)
    if record is None and not key.isascii():
        record = _native_index().get(key)
    return None if record is None else _from_pycountry(record)


def _suggestions(query: str) -> tuple[str, ...]:
    _, names = _pycountry_index()
    candidates = {c.name: c.name for c in GMS}
    candidates.update({_normalise(a): _gms_index()[a].name for a in _GMS_ALIASES})
    candidates.update({_normalise(n): n for n in names})
    folded = _normalise(query)
    found = difflib.get_close_matches(folded, list(candidates), n=5, cutoff=0.75)
    if not found and len(folded) in (2, 3) and folded.isalpha():
        codes = {_normalise(c.alpha_2): c.name for c in GMS} | {
            _normalise(c.alpha_3): c.name for c in GMS
        }
        found = difflib.get_close_matches(folded, list(codes), n=3, cutoff=0.6)
        return tuple(dict.fromkeys(codes[f] for f in found))
    return tuple(dict.fromkeys(candidates.get(f, f) for f in found))


def country(query: str | Country) -> Country:
    """Look up a country by ISO code, ISO name or a common alias.

    Matching ignores case and repeated white space.  Alpha-2 (``"LA"``),
    alpha-3 (``"LAO"``), numeric (``"418"``), ISO names, official names and
    the aliases COMMIT documents use ("Laos", "Lao PDR", "Vietnam", "Burma",
    "PRC") are all accepted, and so are the names in the members' own languages
    (Khmer, Chinese, Lao, Burmese, Thai, Vietnamese) that :mod:`pycountry`'s
    translation catalogues give, read only when the ISO names miss.  A
    :class:`Country` is returned unchanged.

    Args:
        query: The text to look up, or a :class:`Country`.

    Returns:
        The matching country; for the six members, with COMMIT's spelling.

    Raises:
        TypeError: ``query`` is neither a string nor a :class:`Country`.
        UnknownCountryError: nothing matches; the error lists close matches.

    Examples:
        >>> country("Vietnam").alpha_3
        'VNM'
        >>> country("burma").name
        'Myanmar'
        >>> country("458").name
        'Malaysia'
        >>> [country(n).alpha_3 for n in ("កម្ពុជា", "中国", "ລາວ", "မြန်မာ", "ไทย", "Việt Nam")]
        ['KHM', 'CHN', 'LAO', 'MMR', 'THA', 'VNM']
        >>> country("Thailnd")
        Traceback (most recent call last):
        ...
        commit_mef.errors.UnknownCountryError: unknown country 'Thailnd'; did you mean: Thailand?
        >>> country(764)
        Traceback (most recent call last):
        ...
        commit_mef.errors.InvalidTypeError: country() takes a string such as 'THA', '764' or 'Thailand', or a Country; got int 764
    """
    if isinstance(query, Country):
        return query
    if not isinstance(query, str):
        raise InvalidTypeError(
            "country() takes a string such as 'THA', '764' or 'Thailand', or a Country; "
            f"got {type(query).__name__} {query!r}"
        )
    key = _normalise(query)
    if not key:
        raise UnknownCountryError(
            query, reason="empty; pass an ISO code such as 'KHM' or a name such as 'Cambodia'"
        )
    found = _lookup(key)
    if found is None:
        reason = ""
        if key.isdigit() and len(key) != 3:
            reason = "numeric codes have three digits, as '116'"
        elif key.isalpha() and len(key) in (1, 4):
            reason = "ISO codes have two or three letters, as 'KH' or 'KHM'"
        raise UnknownCountryError(query, suggestions=_suggestions(query), reason=reason)
    return found
