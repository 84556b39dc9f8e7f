"""Regenerate ``country_currencies.csv`` and ``wdi_rates.csv`` in ``src/commit_mef/data/``.

Usage::

    python scripts/gen_wdi_rates.py [PATH/TO/pa.nus.fcrf/data.csv]

The World Bank table (indicator ``PA.NUS.FCRF``, official exchange rate, local
currency units per US$, period average) is keyed by *country*; the package
needs one series per *currency*.  This script:

1. writes ``country_currencies.csv``: every ISO 3166-1 country (from
   pycountry) with its current ISO 4217 currency, from :data:`CURRENCY` below
   (Antarctica has none and is left out);
2. picks, for each currency, the series of one country (:data:`PRIMARY` for
   currencies several countries share; the euro from the euro-area aggregate
   ``EMU``, from 1999), leaves out the series in :data:`EXCLUDED` (their units
   do not match the current currency code), marks Myanmar before 2012 not
   meaningful, and writes ``wdi_rates.csv`` with the values exactly as
   published (text, never through a float);
3. prints the sha256 of both files for ``PROVENANCE.md`` and every jump of more
   than 20x between consecutive years, to be reviewed by hand.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "commit_mef" / "data"
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "wdi" / "pa.nus.fcrf" / "data.csv"
# The vintage is not repeated on every row: the loader (commit_mef.rates._load._WDI_VINTAGE) carries it.
VINTAGE = "WDI 2026-07-01 (mirror commit 4ebec5a)"

# Current ISO 4217 currency of every ISO 3166-1 country (as of 2026).
_TABLE = """
ABW:AWG AFG:AFN AGO:AOA AIA:XCD ALA:EUR ALB:ALL AND:EUR ARE:AED ARG:ARS ARM:AMD ASM:USD
ATF:EUR ATG:XCD AUS:AUD AUT:EUR AZE:AZN BDI:BIF BEL:EUR BEN:XOF BES:USD BFA:XOF BGD:BDT
BGR:EUR BHR:BHD BHS:BSD BIH:BAM BLM:EUR BLR:BYN BLZ:BZD BMU:BMD BOL:BOB BRA:BRL BRB:BBD
BRN:BND BTN:BTN BVT:NOK BWA:BWP CAF:XAF CAN:CAD CCK:AUD CHE:CHF CHL:CLP CHN:CNY CIV:XOF
CMR:XAF COD:CDF COG:XAF COK:NZD COL:COP COM:KMF CPV:CVE CRI:CRC CUB:CUP CUW:XCG CXR:AUD
CYM:KYD CYP:EUR CZE:CZK DEU:EUR DJI:DJF DMA:XCD DNK:DKK DOM:DOP DZA:DZD ECU:USD EGY:EGP
ERI:ERN ESH:MAD ESP:EUR EST:EUR ETH:ETB FIN:EUR FJI:FJD FLK:FKP FRA:EUR FRO:DKK FSM:USD
GAB:XAF GBR:GBP GEO:GEL GGY:GBP GHA:GHS GIB:GIP GIN:GNF GLP:EUR GMB:GMD GNB:XOF GNQ:XAF
GRC:EUR GRD:XCD GRL:DKK GTM:GTQ GUF:EUR GUM:USD GUY:GYD HKG:HKD HMD:AUD HND:HNL HRV:EUR
HTI:HTG HUN:HUF IDN:IDR IMN:GBP IND:INR IOT:USD IRL:EUR IRN:IRR IRQ:IQD ISL:ISK ISR:ILS
ITA:EUR JAM:JMD JEY:GBP JOR:JOD JPN:JPY KAZ:KZT KEN:KES KGZ:KGS KHM:KHR KIR:AUD KNA:XCD
KOR:KRW KWT:KWD LAO:LAK LBN:LBP LBR:LRD LBY:LYD LCA:XCD LIE:CHF LKA:LKR LSO:LSL LTU:EUR
LUX:EUR LVA:EUR MAC:MOP MAF:EUR MAR:MAD MCO:EUR MDA:MDL MDG:MGA MDV:MVR MEX:MXN MHL:USD
MKD:MKD MLI:XOF MLT:EUR MMR:MMK MNE:EUR MNG:MNT MNP:USD MOZ:MZN MRT:MRU MSR:XCD MTQ:EUR
MUS:MUR MWI:MWK MYS:MYR MYT:EUR NAM:NAD NCL:XPF NER:XOF NFK:AUD NGA:NGN NIC:NIO NIU:NZD
NLD:EUR NOR:NOK NPL:NPR NRU:AUD NZL:NZD OMN:OMR PAK:PKR PAN:PAB PCN:NZD PER:PEN PHL:PHP
PLW:USD PNG:PGK POL:PLN PRI:USD PRK:KPW PRT:EUR PRY:PYG PSE:ILS PYF:XPF QAT:QAR REU:EUR
ROU:RON RUS:RUB RWA:RWF SAU:SAR SDN:SDG SEN:XOF SGP:SGD SGS:GBP SHN:SHP SJM:NOK SLB:SBD
SLE:SLE SLV:USD SMR:EUR SOM:SOS SPM:EUR SRB:RSD SSD:SSP STP:STN SUR:SRD SVK:EUR SVN:EUR
SWE:SEK SWZ:SZL SXM:XCG SYC:SCR SYR:SYP TCA:USD TCD:XAF TGO:XOF THA:THB TJK:TJS TKL:NZD
TKM:TMT TLS:USD TON:TOP TTO:TTD TUN:TND TUR:TRY TUV:AUD TWN:TWD TZA:TZS UGA:UGX UKR:UAH
UMI:USD URY:UYU USA:USD UZB:UZS VAT:EUR VCT:XCD VEN:VES VGB:USD VIR:USD VNM:VND VUT:VUV
WLF:XPF WSM:WST YEM:YER ZAF:ZAR ZMB:ZMW ZWE:ZWG
"""
CURRENCY: dict[str, str] = dict(pair.split(":") for pair in _TABLE.split())

# The country whose series stands for a currency several countries use.
PRIMARY: dict[str, str] = {
    "AUD": "AUS",
    "CHF": "CHE",
    "DKK": "DNK",
    "EUR": "EMU",  # the euro-area aggregate, from 1999
    "GBP": "GBR",
    "ILS": "ISR",
    "MAD": "MAR",
    "NOK": "NOR",
    "NZD": "NZL",
    "XAF": "CMR",
    "XCD": "GRD",
    "XCG": "CUW",  # Netherlands Antillean guilder values; XCG replaced ANG at par in 2025
    "XOF": "SEN",
    "XPF": "PYF",
}

# Series left out: their units are not those of the current currency code.
EXCLUDED: dict[str, str] = {
    "VEN": "values in bolívares fuertes (VEF), 100,000 of which make one VES",
    "ZWE": "values in Zimbabwe dollars (ZWL), not the Zimbabwe Gold (ZWG) of 2024",
}

EURO_FROM = 1999


def main(source: Path) -> None:
    missing = [c.alpha_3 for c in pycountry.countries if c.alpha_3 not in CURRENCY]
    assert missing == ["ATA"], missing  # Antarctica has no currency
    unknown = sorted(
        {code for code in CURRENCY.values() if not pycountry.currencies.get(alpha_3=code)}
    )
    assert not unknown, unknown

    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["alpha_3", "currency"])
    writer.writerows(sorted(CURRENCY.items()))
    (DATA / "country_currencies.csv").write_text(out.getvalue(), encoding="utf-8")

    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_country: dict[str, list[tuple[int, str]]] = {}
    for row in rows:
        if row["Value"].strip():
            by_country.setdefault(row["Country Code"], []).append((int(row["Year"]), row["Value"]))

    users: dict[str, list[str]] = {}
    for alpha_3, code in CURRENCY.items():
        users.setdefault(code, []).append(alpha_3)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["currency", "year", "per_usd", "country", "meaningful", "note"])
    for code in sorted(users):
        if code == "USD":
            continue  # the reference currency: 1 per US$ by definition, implicit in RateTable
        candidates = [c for c in users[code] if c in by_country and c not in EXCLUDED]
        chosen = PRIMARY.get(code)
        if chosen is None:
            if not candidates:
                continue
            if len(candidates) > 1:
                print(f"note: {code} used by {candidates}; taking {candidates[0]}", file=sys.stderr)
            chosen = candidates[0]
        series = sorted(by_country.get(chosen, ()))
        previous = None
        for year, value in series:
            if code == "EUR" and year < EURO_FROM:
                continue
            meaningful = not (chosen == "MMR" and year < 2012)
            note = "" if meaningful else "fixed official rate before the April 2012 managed float"
            writer.writerow([code, year, value, chosen, str(meaningful).lower(), note])
            if previous is not None and not 1 / 20 < float(value) / previous < 20:
                print(
                    f"review: {code} ({chosen}) jumps {previous} -> {value} in {year}",
                    file=sys.stderr,
                )
            previous = float(value)
    (DATA / "wdi_rates.csv").write_text(out.getvalue(), encoding="utf-8")

    for name in ("country_currencies.csv", "wdi_rates.csv"):
        digest = hashlib.sha256((DATA / name).read_bytes()).hexdigest()
        print(f"{name}: sha256 {digest}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE)
