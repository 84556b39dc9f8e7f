"""ISO 4217 data the package needs beyond :mod:`pycountry`: minor units and aliases.

:mod:`pycountry` has codes, numeric codes and names but no minor units; ISO
4217 gives 2 for most currencies, so only the exceptions are listed here
(ISO 4217 list one, as published by SIX, amendment 176).
"""

from __future__ import annotations

__all__ = ["ALIASES", "MINOR_UNITS", "NO_MINOR_UNITS"]

MINOR_UNITS: dict[str, int] = {
    # no minor unit
    "BIF": 0,
    "CLP": 0,
    "DJF": 0,
    "GNF": 0,
    "ISK": 0,
    "JPY": 0,
    "KMF": 0,
    "KRW": 0,
    "PYG": 0,
    "RWF": 0,
    "UGX": 0,
    "UYI": 0,
    "VND": 0,
    "VUV": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
    # three decimals
    "BHD": 3,
    "IQD": 3,
    "JOD": 3,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "TND": 3,
    # four decimals
    "CLF": 4,
    "UYW": 4,
}
"""ISO 4217 minor units that are not 2."""

NO_MINOR_UNITS: frozenset[str] = frozenset(
    {
        "XAG",
        "XAU",
        "XBA",
        "XBB",
        "XBC",
        "XBD",
        "XDR",
        "XPD",
        "XPT",
        "XSU",
        "XTS",
        "XUA",
        "XXX",
    }
)
"""ISO 4217 codes whose minor unit is "N.A." (precious metals, units of account, test codes)."""

ALIASES: dict[str, str] = {
    "$us": "USD",
    "renminbi": "CNY",
    "rmb": "CNY",
    "u.s. dollar": "USD",
    "u.s. dollars": "USD",
    "us dollar": "USD",
    "us dollars": "USD",
    "us$": "USD",
    "usd$": "USD",
    "yuan": "CNY",
}
"""What documents write instead of the ISO code, case-folded ("RMB", "US$")."""
