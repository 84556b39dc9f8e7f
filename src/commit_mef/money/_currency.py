"""Currencies: ISO 4217 codes with their minor units, and lookup by code, name or alias."""

from __future__ import annotations

import difflib

import attrs

from commit_mef._caches import built_once
from commit_mef._validators import non_empty_str
from commit_mef.errors import InvalidTypeError, UnknownCurrencyError

__all__ = ["Currency", "currency"]


@attrs.frozen(kw_only=True)
class Currency:
    """An ISO 4217 currency.

    Get one with :func:`currency`, which returns one shared instance per code.
    ``str(c)`` is the code.

    Attributes:
        code: The alphabetic code (``"VND"``).
        numeric: The numeric code, three digits (``"704"``).
        name: The ISO name (``"Dong"``).
        minor_units: Decimal places of the minor unit (0 for VND, 2 for most),
            or ``None`` where ISO 4217 gives none (gold, units of account).

    Examples:
        >>> vnd = currency("VND")
        >>> vnd.numeric, vnd.minor_units, str(vnd)
        ('704', 0, 'VND')
        >>> Currency(code="THB", numeric="764", name="Baht", minor_units=2) == currency("thb")
        True
    """

    code: str = attrs.field(validator=non_empty_str)
    numeric: str
    name: str
    minor_units: int | None = 2

    def __str__(self) -> str:
        return self.code

    def name_in(self, lang: str) -> str:
        """The currency's name in a language, from :mod:`pycountry`'s ISO 4217 catalogues.

        Where the catalogue has no translation (there is no Burmese one), the ISO name
        :attr:`name` is returned.

        Args:
            lang: A language code, as for :meth:`commit_mef.Country.name_in`.

        Raises:
            UnknownLanguageError: the catalogues hold no such language.

        Examples:
            >>> currency("THB").name_in("th"), currency("LAK").name_in("lo"), currency("CNY").name_in("zh")
            ('บาท', 'ກີບ', '人民币元')
            >>> currency("MMK").name_in("my")
            'Kyat'
        """
        from commit_mef.countries import _translate, language

        locale = language(lang)
        if locale == "en":
            return self.name
        return _translate(self.name, locale, "iso4217") or self.name


# The currencies of COMMIT reporting (the six members', the US$, and the riyal of the SPA III
# report's case study), built in so that the common case needs no
# pycountry (about 0.1 s to load); the full index reuses these very instances.
_BUILT_IN: dict[str, Currency] = {
    c.code: c
    for c in (
        Currency(code="KHR", numeric="116", name="Riel", minor_units=2),
        Currency(code="CNY", numeric="156", name="Yuan Renminbi", minor_units=2),
        Currency(code="LAK", numeric="418", name="Lao Kip", minor_units=2),
        Currency(code="MMK", numeric="104", name="Kyat", minor_units=2),
        Currency(code="THB", numeric="764", name="Baht", minor_units=2),
        Currency(code="VND", numeric="704", name="Dong", minor_units=0),
        Currency(code="USD", numeric="840", name="US Dollar", minor_units=2),
        # the SPA III report's case study pays a migrant worker in riyal
        Currency(code="SAR", numeric="682", name="Saudi Riyal", minor_units=2),
    )
}


@built_once
def _currency_index() -> tuple[dict[str, Currency], dict[str, str]]:
    """Code and numeric code -> Currency; case-folded names and aliases -> code."""
    import pycountry

    from commit_mef.money._iso4217 import ALIASES, MINOR_UNITS, NO_MINOR_UNITS

    by_code: dict[str, Currency] = {}
    names: dict[str, str] = dict(ALIASES)
    for record in pycountry.currencies:
        code: str = record.alpha_3
        minor = None if code in NO_MINOR_UNITS else MINOR_UNITS.get(code, 2)
        cur = _BUILT_IN.get(code) or Currency(
            code=code, numeric=record.numeric, name=record.name, minor_units=minor
        )
        by_code[code] = cur
        by_code.setdefault(record.numeric, cur)
        names.setdefault(" ".join(record.name.split()).casefold(), code)
    return by_code, names


def _lookup_currency(text: str) -> Currency | None:
    built_in = _BUILT_IN.get(text)
    if built_in is not None:
        return built_in
    by_code, names = _currency_index()
    key = text.strip()
    found = by_code.get(key.upper()) if len(key) == 3 else None
    if found is not None:
        return found
    folded = " ".join(key.replace("’", "'").split()).casefold()
    code = names.get(folded) or (names.get(folded[:-1]) if folded.endswith("s") else None)
    return None if code is None else by_code[code]


def currency(query: str | Currency) -> Currency:
    """Look up an ISO 4217 currency by code, numeric code, ISO name or a common alias.

    Codes match case-insensitively (``"thb"``); names and aliases too
    (``"Baht"``, ``"Saudi Riyal"``, ``"RMB"`` and ``"yuan"`` for CNY, ``"US$"``).
    A :class:`Currency` is returned unchanged.

    Args:
        query: The code or name to look up, or a :class:`Currency`.

    Returns:
        The shared :class:`Currency` instance for that code.

    Raises:
        TypeError: ``query`` is neither a string nor a :class:`Currency`.
        UnknownCurrencyError: nothing matches; the error lists close matches.

    Examples:
        >>> currency("thb").code, currency("RMB").code, currency("704").code
        ('THB', 'CNY', 'VND')
        >>> currency("KIP")
        Traceback (most recent call last):
        ...
        commit_mef.errors.UnknownCurrencyError: unknown currency 'KIP': expected an ISO 4217 code; did you mean: LAK (Lao Kip)?
        >>> currency(704)
        Traceback (most recent call last):
        ...
        commit_mef.errors.InvalidTypeError: currency() takes an ISO 4217 code such as 'THB' or a Currency; got int 704
    """
    if type(query) is Currency:
        return query
    if not isinstance(query, str):
        raise InvalidTypeError(
            "currency() takes an ISO 4217 code such as 'THB' or a Currency; "
            f"got {type(query).__name__} {query!r}"
        )
    found = _lookup_currency(query)
    if found is None:
        raise UnknownCurrencyError(query, suggestions=_currency_suggestions(query))
    return found


def _currency_suggestions(query: str) -> tuple[str, ...]:
    by_code, names = _currency_index()
    codes = {c.code: c for c in by_code.values()}
    key = query.strip()
    folded = key.casefold()
    labels: dict[str, str] = {}
    # a word of an ISO name first ("KIP" -> "Lao Kip"), then close codes, then close names
    if len(folded) >= 3:
        for name, code in names.items():
            if folded in name.split():
                labels.setdefault(code, f"{code} ({by_code[code].name})")
    for word in difflib.get_close_matches(key.upper(), list(codes), n=3, cutoff=0.67):
        labels.setdefault(word, f"{word} ({codes[word].name})")
    for name in difflib.get_close_matches(folded, list(names), n=3, cutoff=0.75):
        code = names[name]
        labels.setdefault(code, f"{code} ({by_code[code].name})")
    return tuple(labels.values())[:5]


def _to_currency(value: str | Currency) -> Currency:
    return value if type(value) is Currency else currency(value)
