"""Disaggregation dimensions and the standard code lists (sex, age band, exploitation, nationality)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from commit_mef._validators import check_type, non_empty_str
from commit_mef.errors import InvalidTypeError, ValidationError

__all__ = [
    "AGE_BAND",
    "FORM_OF_EXPLOITATION",
    "NATIONALITY",
    "SEX",
    "STANDARD_DIMENSIONS",
    "Dimension",
]


def _to_codes(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise InvalidTypeError(
            f"Dimension.codes must be a tuple of strings, not the string {value!r}"
        )
    check_type(value, Iterable, "Dimension.codes")
    return tuple(value)


def _check_codes(inst: Dimension, _attr: attrs.Attribute[Any], codes: tuple[str, ...]) -> None:
    if not codes:
        raise ValidationError(
            f"dimension {inst.id!r} has no codes; list at least one", path="Dimension.codes"
        )
    seen: set[str] = set()
    for i, code in enumerate(codes):
        if not isinstance(code, str) or not code.strip():
            raise ValidationError(
                f"code {code!r} must be a non-empty string", path=f"Dimension.codes[{i}]"
            )
        if code in seen:
            raise ValidationError(
                f"code {code!r} appears twice in dimension {inst.id!r}; list each code once",
                path=f"Dimension.codes[{i}]",
            )
        seen.add(code)


@attrs.frozen(kw_only=True)
class Dimension:
    """A disaggregation dimension with its code list (sex, age band, ...).

    Attributes:
        id: Short identifier (``"sex"``).
        name: Display name.
        codes: The codes a value may take, each once.
        description: What the codes mean, where they come from.

    Examples:
        >>> d = Dimension(id="role", name="Role", codes=("police", "prosecutor", "judge"))
        >>> "judge" in d, "clerk" in d
        (True, False)
        >>> Dimension(id="role", name="Role", codes=("police", "police"))
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: Dimension.codes[1]: code 'police' appears twice in dimension 'role'; list each code once
    """

    id: str = attrs.field(validator=non_empty_str)
    name: str = attrs.field(validator=non_empty_str)
    codes: tuple[str, ...] = attrs.field(converter=_to_codes, validator=_check_codes)
    description: str = ""
    _index: frozenset[str] = attrs.field(init=False, repr=False, eq=False)

    @_index.default
    def _make_index(self) -> frozenset[str]:
        return frozenset(self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self._index


# The standard dimensions; each is documented in commit_mef.indicators, where it is public.
SEX = Dimension(
    id="sex",
    name="Sex",
    codes=("female", "male", "other", "unknown"),
    description="Sex of the person counted; 'unknown' where it was not recorded.",
)

AGE_BAND = Dimension(
    id="age_band",
    name="Age band",
    codes=("0-17", "18+", "unknown"),
    description="Child (under 18, as the Palermo Protocol defines a child) or adult.",
)

FORM_OF_EXPLOITATION = Dimension(
    id="form_of_exploitation",
    name="Form of exploitation",
    codes=(
        "sexual-exploitation",
        "forced-labour",
        "forced-marriage",
        "forced-criminal-activity",
        "begging",
        "organ-removal",
        "mixed",
        "other",
        "unknown",
    ),
    description="Forms of exploitation after the categories UNODC's Global Report uses.",
)

#: The 249 ISO 3166-1 alpha-3 codes (as pycountry 26.2.16 lists them), written out so importing this module stays cheap.
_ISO_ALPHA_3 = (
    "ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES "
    "BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE "
    "CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK "
    "DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB "
    "GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND "
    "IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN "
    "LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT "
    "MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR "
    "NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU "
    "RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN "
    "SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA "
    "UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE"
)

NATIONALITY = Dimension(
    id="nationality",
    name="Nationality",
    codes=tuple(_ISO_ALPHA_3.split()),
    description="ISO 3166-1 alpha-3 code of the person's nationality.",
)

STANDARD_DIMENSIONS: tuple[Dimension, ...] = (SEX, AGE_BAND, FORM_OF_EXPLOITATION, NATIONALITY)
