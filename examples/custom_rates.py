"""Your own exchange rates: a RateTable built in code and one read from CSV.

All the rates in this script are MADE UP to show the mechanics; use rates you can cite.
The CSV file is written to a temporary folder, which is removed at the end.

Run it with ``python examples/custom_rates.py``; it needs no network.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import commit_mef as cm

RATES_CSV = """\
currency,per_usd,period,source,vintage,meaningful,note
LAK,8000,2014,Bank of the Lao PDR (made-up example),2015-01,true,
LAK,8150,2015,Bank of the Lao PDR (made-up example),2016-01,true,
MMK,5.5,2011,Central Bank of Myanmar (made-up example),2012-01,false,fixed official rate
"""


def in_code() -> cm.RateTable:
    """A table built from ExchangeRate values."""
    fy2015 = cm.fiscal_year("Thailand", 2015)
    thb = cm.ExchangeRate(
        currency="THB",
        per_usd="33.5",
        period=fy2015,
        source="Ministry of Finance (made-up example)",
        vintage="2015-10",
    )
    khr = [
        cm.ExchangeRate(
            currency="KHR",
            per_usd=rate,
            period=cm.Period.year(year),
            source="National Bank of Cambodia (made-up example)",
            vintage="2016-01",
        )
        for year, rate in [(2014, "4040"), (2015, "4070")]
    ]
    return cm.RateTable([thb, *khr])


def main() -> None:
    """Build two tables, convert with them and combine one with the shipped table."""
    rates = in_code()
    print("A table built in code (made-up rates):")
    for rate in rates:
        print(f"  {rate}")
    fy2015 = cm.fiscal_year("Thailand", 2015)
    thb = cm.Money.parse("THB 496.82 million")
    print(f"  {thb} over budget year 2015 -> {rates.convert(thb, 'USD', over=fy2015).rounded()}")
    conversion = rates.conversion(cm.Money("8110000", "KHR"), "USD", over="2014-2015")
    print(f"  {conversion.source} over 2014-2015 -> {conversion.result.rounded()}")
    print(f"  ({conversion.method})")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rates.csv"
        path.write_text(RATES_CSV, encoding="utf-8")
        mine = cm.RateTable.from_csv(path)
    print("\nA table read from CSV (made-up rates):")
    for rate in mine:
        print(f"  {rate}")
    lak = cm.Money.parse("2 billion LAK")
    print(f"  {lak} in 2014 -> {mine.convert(lak, 'USD', over=2014).rounded()}")
    try:
        mine.convert(cm.Money("1000000", "MMK"), "USD", over=2011)
    except cm.RateNotMeaningfulError as exc:
        print(f"  refused: {exc}")

    wdi = cm.RateTable.wdi()
    combined = cm.RateTable(
        r for r in wdi if not (r.currency.code == "LAK" and r.period.start.year in (2014, 2015))
    ).with_rates(*(r for r in mine if r.currency.code == "LAK"))
    print("\nThe World Bank table with your LAK rates for 2014-2015:")
    for year in (2013, 2014, 2015):
        print(f"  LAK per US$ in {year}: {combined.rate('LAK', over=year)}")


if __name__ == "__main__":
    main()
