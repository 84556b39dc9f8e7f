"""The fiscal calendars of the six COMMIT members, as dated data with their sources."""

from __future__ import annotations

from commit_mef.periods._fiscal import FiscalCalendar, FiscalYear, FiscalYearRule
from commit_mef.periods._period import Period

__all__ = ["builtin_calendars"]

_CALENDARS_SOURCES = {
    "KHM": ("Cambodia Law on Public Finance System 2008",),
    "CHN": ("Budget Law of the People's Republic of China",),
    "VNM": ("Viet Nam State Budget Law",),
    "THA": ("Thailand NSO Statistical Yearbook 2014", "SPA III final report"),
    "LAO": ("World Bank PEFA Lao PDR 2018",),
    "MMR": (
        "The Irrawaddy, 2017-10-31 and 2022-12-29",
        "Global New Light of Myanmar",
    ),
}


def builtin_calendars() -> dict[str, FiscalCalendar]:
    """The six members' calendars, as dated data with their sources."""

    def calendar_year(code: str, name: str) -> FiscalCalendar:
        return FiscalCalendar(
            name=f"{name} fiscal calendar",
            country=code,
            rules=(FiscalYearRule(month=1, style="calendar"),),
            sources=_CALENDARS_SOURCES[code],
        )

    interim = Period.parse
    return {
        "KHM": calendar_year("KHM", "Cambodia"),
        "CHN": calendar_year("CHN", "China"),
        "VNM": calendar_year("VNM", "Viet Nam"),
        "THA": FiscalCalendar(
            name="Thailand fiscal calendar",
            country="THA",
            rules=(FiscalYearRule(month=10, style="end-year"),),
            sources=_CALENDARS_SOURCES["THA"],
        ),
        "LAO": FiscalCalendar(
            name="Lao PDR fiscal calendar",
            country="LAO",
            rules=(
                FiscalYearRule(month=10, style="split", last=2015),
                FiscalYearRule(month=1, style="calendar", first=2017),
            ),
            gaps=(
                (
                    interim("2016-10-01/2016-12-31"),
                    (
                        "the switch to calendar years in 2017; how these months were "
                        "budgeted is not confirmed"
                    ),
                ),
            ),
            sources=_CALENDARS_SOURCES["LAO"],
        ),
        "MMR": FiscalCalendar(
            name="Myanmar fiscal calendar",
            country="MMR",
            rules=(
                FiscalYearRule(month=4, style="split", last=2017),
                FiscalYearRule(month=10, style="split", first=2018, last=2020),
                FiscalYearRule(month=4, style="split", first=2022),
            ),
            interims=(
                FiscalYear(
                    label="2018 interim", period=interim("2018-04-01/2018-09-30"), interim=True
                ),
                FiscalYear(
                    label="2021-22 interim", period=interim("2021-10-01/2022-03-31"), interim=True
                ),
            ),
            sources=_CALENDARS_SOURCES["MMR"],
        ),
    }
