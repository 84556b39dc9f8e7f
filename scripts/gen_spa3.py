"""Generate src/commit_mef/data/spa3_report.json (hand transcription of the SPA III final report).

Every figure is typed in by hand below; tests/test_data_pinning.py pins each one to its line
of tests/sources/spa3-final-report.txt.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

DEFAULT_OUT = (
    Path(__file__).resolve().parents[1] / "src" / "commit_mef" / "data" / "spa3_report.json"
)
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT

GMS = ["KHM", "CHN", "LAO", "MMR", "THA", "VNM"]
BLOCK = {
    "KHM": "CAMBODIA",
    "CHN": "CHINA",
    "LAO": "LAO PDR",
    "MMR": "MYANMAR",
    "THA": "THAILAND",
    "VNM": "VIET NAM",
}
SECTION = {1: "2.2", 2: "2.3", 3: "2.4", 4: "2.5", 5: "2.6"}
SPA3 = "2011-2014"

ROLES = [
    "government official",
    "NGO staff",
    "government official and NGO staff",
    "law enforcement official",
    "law enforcement or criminal justice official",
    "police officer",
    "police school teacher",
    "investigator or prosecutor",
    "judge or prosecutor",
    "student judge or prosecutor",
    "victim service provider",
    "relief organisation staff",
]
LEVELS = [
    "regional",
    "national",
    "provincial or municipal",
    "regional and national",
    "national and local",
]
EVENT_TYPES = [
    "training",
    "training of trainers",
    "workshop",
    "workshop or training",
    "meeting",
    "review",
]


def ind(
    id: str,
    name: str,
    kind: str,
    unit: str | None,
    direction: str,
    over_time: str,
    across: str,
    cumulative: bool,
    definition: str,
    dimensions: dict[str, list[str]] | None = None,
    area: int | None = None,
) -> dict[str, Any]:
    return {
        "id": id,
        "name": name,
        "kind": kind,
        "unit": unit,
        "direction": direction,
        "over_time": over_time,
        "across_countries": across,
        # "cumulative" means a running total of a flow since the baseline; a stock or a
        # milestone already carries its state forward through its over_time rule.
        "cumulative": cumulative and over_time == "sum",
        "definition": definition,
        "dimensions": dimensions or {},
        "area": area,
    }


INDICATORS = [
    ind(
        "budget.allocation",
        "Government budget allocated to anti-trafficking work",
        "money",
        "currency",
        "increase",
        "sum",
        "sum",
        False,
        "Money a government allocates to counter-trafficking work, in the currency the report gives, with the "
        "period it covers (per year or as a total) and the recipient.",
        None,
        1,
    ),
    ind(
        "npa.adopted",
        "National plan of action against trafficking adopted",
        "milestone",
        None,
        "increase",
        "any",
        "count_achieved",
        True,
        "A national plan of action against trafficking in persons is adopted, enacted or launched; details.covers "
        "gives the years the plan covers.",
        None,
        1,
    ),
    ind(
        "agreement.signed",
        "Cross-border agreement signed, amended or launched",
        "milestone",
        None,
        "increase",
        "any",
        "count_achieved",
        True,
        "A bilateral or multilateral instrument (MoU, SOP, agreement, treaty, plan of action) is signed, amended "
        "or launched; one observation per pair of countries, details give kind and action.",
        None,
        1,
    ),
    ind(
        "institution.established",
        "Anti-trafficking institution established",
        "milestone",
        None,
        "increase",
        "any",
        "count_achieved",
        True,
        "A national or bilateral body, department or mechanism against trafficking is set up or upgraded; "
        "details.name names it.",
        None,
        None,
    ),
    ind(
        "law.enacted",
        "Trafficking-related legal instrument enacted",
        "milestone",
        None,
        "increase",
        "any",
        "count_achieved",
        True,
        "A law, amendment, decree, sub-decree, prakas or circular relevant to trafficking is passed or put in "
        "place; false where the report says a law does not yet exist.",
        None,
        2,
    ),
    ind(
        "policy.adopted",
        "Policy, guideline or procedure adopted",
        "milestone",
        None,
        "increase",
        "any",
        "count_achieved",
        True,
        "A national policy, guideline, standard or operating procedure on trafficking is adopted or released.",
        None,
        None,
    ),
    ind(
        "convention.ratified",
        "International convention ratified",
        "milestone",
        None,
        "increase",
        "any",
        "count_achieved",
        True,
        "A country ratifies an international instrument against trafficking (UNTOC, its trafficking protocol).",
        None,
        2,
    ),
    ind(
        "training.people_trained",
        "People trained",
        "count",
        "person",
        "increase",
        "sum",
        "sum",
        False,
        "People who received anti-trafficking training or sensitisation, by role and level; a flow over the "
        "period given (or per training event where flagged).",
        {"role": ROLES, "level": LEVELS},
        None,
    ),
    ind(
        "events.held",
        "Events held",
        "count",
        "event",
        "increase",
        "sum",
        "sum",
        False,
        "Trainings, workshops, meetings or reviews held, by type and level; totals over the period or counts "
        "per year.",
        {"event_type": EVENT_TYPES, "level": LEVELS},
        None,
    ),
    ind(
        "consultation.people_consulted",
        "People affected by trafficking consulted",
        "count",
        "person",
        "increase",
        "sum",
        "sum",
        False,
        "People affected by trafficking engaged and consulted in monitoring and evaluating national "
        "anti-trafficking programmes.",
        None,
        1,
    ),
    ind(
        "offices.blo",
        "Border liaison offices in operation",
        "count",
        "office",
        "increase",
        "last",
        "sum",
        True,
        "Border Liaison Offices (BLOs) in operation at a point in time; a stock.",
        None,
        1,
    ),
    ind(
        "offices.bcatip",
        "BCATIP offices in operation",
        "count",
        "office",
        "increase",
        "last",
        "sum",
        True,
        "Border Cooperation against Trafficking in Persons (BCATIP) offices in operation; a stock.",
        None,
        1,
    ),
    ind(
        "investigations.conducted",
        "Investigations into official complicity",
        "count",
        "case",
        "increase",
        "sum",
        "sum",
        False,
        "Investigations opened into alleged complicity or corruption of officials in trafficking.",
        None,
        2,
    ),
    ind(
        "hotline.languages",
        "Languages served by the trafficking hotline",
        "count",
        "language",
        "increase",
        "last",
        "none",
        True,
        "Number of languages in which a trafficking hotline offers interpretation; a stock, not additive "
        "across countries.",
        None,
        3,
    ),
    ind(
        "community_watch.hotspot_areas",
        "Hotspot areas with community watch groups",
        "count",
        "location",
        "increase",
        "last",
        "sum",
        True,
        "Trafficking hotspot areas in which community watch groups were formed (the number of groups is not "
        "given); a stock.",
        None,
        4,
    ),
    ind(
        "databases.in_operation",
        "Anti-trafficking databases in operation",
        "count",
        "database",
        "increase",
        "last",
        "sum",
        True,
        "Government databases on trafficking and related matters created and maintained; a stock.",
        None,
        5,
    ),
    ind(
        "database.established",
        "Anti-trafficking database set up",
        "milestone",
        None,
        "increase",
        "any",
        "count_achieved",
        True,
        "A government data system or database on trafficking is developed; details.name names it.",
        None,
        5,
    ),
    ind(
        "monitoring.annual_reports",
        "Annual monitoring reports prepared",
        "milestone",
        None,
        "increase",
        "any",
        "count_achieved",
        True,
        "Annual monitoring reports on counter-trafficking interventions are prepared; null where the report "
        "does not say.",
        None,
        5,
    ),
    ind(
        "compensation.awarded",
        "Compensation awarded to a victim",
        "money",
        "currency",
        "increase",
        "sum",
        "none",
        False,
        "Money an employer or court orders paid to a trafficked person (from the case studies).",
        None,
        3,
    ),
    ind(
        "cooperation.external",
        "Cooperation outside COMMIT",
        "qualitative",
        None,
        "maintain",
        "none",
        "none",
        False,
        "Anti-trafficking cooperation with states and bodies outside the COMMIT countries; details.partners "
        "lists them (ISO alpha-3 codes for states).",
        None,
        1,
    ),
    ind(
        "activity.narrative",
        "Other reported activity",
        "qualitative",
        None,
        "maintain",
        "none",
        "none",
        False,
        "A dated activity or case the report describes without a measurable figure.",
        None,
        None,
    ),
]

FLAG_NOTES: dict[str, tuple[str, str]] = {
    "period-from-context": (
        "info",
        "The sentence gives no date; the period is the SPA III reporting period of the section.",
    ),
    "period-not-stated": (
        "info",
        "The report gives no date for this item and it may predate SPA III, so the period is left empty.",
    ),
}


def flag(code: str, severity: str, note: str, related: list[str] | None = None) -> dict[str, Any]:
    f: dict[str, Any] = {"code": code, "severity": severity, "note": note}
    if related:
        f["related"] = related
    return f


def ctx() -> dict[str, Any]:
    return flag("period-from-context", *FLAG_NOTES["period-from-context"])


def nodate() -> dict[str, Any]:
    return flag("period-not-stated", *FLAG_NOTES["period-not-stated"])


def dup(note: str, related: list[str]) -> dict[str, Any]:
    return flag("duplicate-fact", "info", note, related)


OBS: list[dict[str, Any]] = []


def pair(a: str, b: str) -> list[str]:
    return sorted([a, b], key=GMS.index)


def add(
    id: str,
    indicator: str,
    line: int,
    *,
    area: int | None = None,
    period: str | None,
    basis: str = "point",
    value: Any,
    unit: str | None = None,
    aw: str | None = None,
    approx: bool = False,
    dis: dict[str, str] | None = None,
    recipient: str | None = None,
    se: tuple[str, str, str, bool] | None = None,
    details: dict[str, Any] | None = None,
    flags: list[dict[str, Any]] | None = None,
    subset_of: str | None = None,
    countries: list[str] | None = None,
    country: str | None = None,
    block: str | None = None,
    section: str | None = None,
) -> None:
    reporter = id.split(".", maxsplit=1)[0]
    if area is None and section is None:
        area = int(id.split(".")[1])
    o: dict[str, Any] = {"id": id, "indicator": indicator}
    if countries:
        o["countries"] = countries
    else:
        o["country"] = country or reporter
    o["area"] = area
    o["period"] = period
    o["basis"] = basis
    o["value"] = value
    o["unit"] = unit
    o["as_written"] = aw
    o["approximate"] = approx
    o["disaggregation"] = dis or {}
    o["recipient"] = recipient
    o["stated_equivalent"] = (
        None
        if se is None
        else {"amount": se[0], "currency": se[1], "as_written": se[2], "approximate": se[3]}
    )
    o["details"] = details or {}
    o["source"] = {
        "document": "spa3-final-report",
        "section": section or SECTION[area],  # type: ignore[index]
        "area": area,
        "block": block or BLOCK[reporter],
        "line": line,
    }
    o["flags"] = flags or []
    o["subset_of"] = subset_of
    OBS.append(o)


def money(amount: str, currency: str) -> dict[str, str]:
    return {"amount": amount, "currency": currency}


def agr(kind: str, action: str, **more: Any) -> dict[str, Any]:
    d: dict[str, Any] = {"kind": kind, "action": action}
    d.update(more)
    return d


def ext(
    id: str,
    line: int,
    summary: str,
    partners: list[str],
    period: str = SPA3,
    flags: list[dict[str, Any]] | None = None,
) -> None:
    add(
        id,
        "cooperation.external",
        line,
        period=period,
        value=summary,
        details={"partners": partners},
        flags=flags,
    )


P = "person"
E = "event"
GOVNGO = "government official and NGO staff"
RN = "regional and national"

# ---------------------------------------------------------------- Area 1 (2.2)
# CAMBODIA
add("KHM.1.npa", "npa.adopted", 99, period=SPA3, value=True, details={"covers": "2014-2018"})
add(
    "KHM.1.budget.mowa",
    "budget.allocation",
    99,
    period=SPA3,
    basis="per-year",
    value=money("149000000", "KHR"),
    aw="about 149 million KHR",
    approx=True,
    recipient="Ministry of Women's Affairs",
    se=("37000", "USD", "US$ 37,000", False),
    details={"purpose": "anti-trafficking work"},
)
add(
    "KHM.1.events.regional_training",
    "events.held",
    99,
    period=SPA3,
    basis="per-year",
    value="2",
    unit=E,
    aw="twice per year on average",
    approx=True,
    dis={"event_type": "training", "level": "regional"},
)
PER_EVENT_NOTE = (
    "The report gives this count per regional training event (held about twice a year), not as a "
    "total; do not sum it or multiply it out without the number of events."
)
add(
    "KHM.1.training.regional_per_event.government",
    "training.people_trained",
    99,
    period=SPA3,
    basis="per-event",
    value="5",
    unit=P,
    aw="5 government officials",
    dis={"role": "government official", "level": "regional"},
    flags=[
        flag(
            "per-event-count",
            "warning",
            PER_EVENT_NOTE,
            ["KHM.1.events.regional_training", "KHM.1.training.regional_per_event.ngo"],
        )
    ],
)
add(
    "KHM.1.training.regional_per_event.ngo",
    "training.people_trained",
    99,
    period=SPA3,
    basis="per-event",
    value="4",
    unit=P,
    aw="4 non-government organisation (NGO) staff",
    dis={"role": "NGO staff", "level": "regional"},
    flags=[
        flag(
            "per-event-count",
            "warning",
            PER_EVENT_NOTE,
            ["KHM.1.events.regional_training", "KHM.1.training.regional_per_event.government"],
        )
    ],
)
add(
    "KHM.1.events.regional_tot",
    "events.held",
    99,
    period=SPA3,
    basis="total",
    value="1",
    unit=E,
    aw="a regional training of trainers workshop",
    dis={"event_type": "training of trainers", "level": "regional"},
)
add(
    "KHM.1.training.regional_tot.government",
    "training.people_trained",
    99,
    period=SPA3,
    basis="total",
    value="4",
    unit=P,
    aw="4 government officials",
    dis={"role": "government official", "level": "regional"},
    details={"programme": "regional training of trainers workshop"},
)
add(
    "KHM.1.training.regional_tot.ngo",
    "training.people_trained",
    99,
    period=SPA3,
    basis="total",
    value="2",
    unit=P,
    aw="2 NGO staff",
    dis={"role": "NGO staff", "level": "regional"},
    details={"programme": "regional training of trainers workshop"},
)
add(
    "KHM.1.events.national_tot",
    "events.held",
    99,
    period=SPA3,
    basis="per-year",
    value="3",
    unit=E,
    aw="three times per year",
    approx=True,
    dis={"event_type": "training of trainers", "level": "national"},
    details={"programme": "Strategies for Combating Human Trafficking"},
)
add(
    "KHM.1.training.national",
    "training.people_trained",
    99,
    period=SPA3,
    basis="total",
    value="454",
    unit=P,
    aw="454",
    dis={"role": GOVNGO, "level": "national"},
)
add(
    "KHM.1.agreement.vnm_mou_amended",
    "agreement.signed",
    101,
    period="2012",
    value=True,
    aw="2012",
    countries=pair("KHM", "VNM"),
    details=agr(
        "MoU",
        "amended",
        originally_signed=2005,
        subject="bilateral cooperation against trafficking",
    ),
)
add(
    "KHM.1.agreement.tha_mou_amended",
    "agreement.signed",
    101,
    period="2014",
    value=True,
    aw="2014",
    countries=pair("KHM", "THA"),
    details=agr(
        "MoU",
        "amended",
        originally_signed=2003,
        subject="bilateral cooperation against trafficking",
    ),
)
add(
    "KHM.1.institution.ncctip",
    "institution.established",
    103,
    period=SPA3,
    value=True,
    details={
        "name": "National Committee on Counter Trafficking in Persons",
        "note": "inter-ministerial coordinating body under the Ministry of Interior",
    },
)
ext(
    "KHM.1.cooperation.external",
    103,
    "cooperation with states and bodies outside COMMIT, including through ASEAN",
    ["ASEAN"],
)

# CHINA
add(
    "CHN.1.npa",
    "npa.adopted",
    109,
    period="2013",
    value=True,
    aw="2013",
    details={"covers": "2013-2020"},
)
add(
    "CHN.1.budget.local_governments",
    "budget.allocation",
    109,
    period=SPA3,
    basis="per-year",
    value=money("50000000", "CNY"),
    aw="50 million RMB",
    recipient="local governments (distributed by the Central Government)",
    se=("8000000", "USD", "USD 8 million", False),
    flags=[ctx()],
)
add(
    "CHN.1.budget.mps_special_fund",
    "budget.allocation",
    109,
    period=SPA3,
    basis="per-year",
    value=money("5000000", "CNY"),
    aw="5 million RMB",
    recipient="Ministry of Public Security (special fund)",
    se=("800000", "USD", "USD 800 thousand", False),
    flags=[ctx()],
)
CHN_DC = [
    "CHN.1.training.regional_national",
    "CHN.2.training.law_enforcement",
    "CHN.2.training.prosecutors_investigators",
]
CHN_DC_NOTE = (
    "China's 2,000 (Area 1), 3,000 and 1,000 (Area 2) trained may overlap, and the 1,000 are counted "
    "among the 3,000; do not add them."
)
add(
    "CHN.1.training.regional_national",
    "training.people_trained",
    111,
    period=SPA3,
    basis="total",
    value="2000",
    unit=P,
    aw="approximately 2,000",
    approx=True,
    dis={"role": GOVNGO, "level": RN},
    flags=[ctx(), flag("possible-double-count", "warning", CHN_DC_NOTE, CHN_DC[1:])],
)
add(
    "CHN.1.events.national_training",
    "events.held",
    111,
    period=SPA3,
    basis="per-year",
    value="6",
    unit=E,
    aw="at least 6",
    approx=True,
    dis={"event_type": "training", "level": "national"},
)
add(
    "CHN.1.events.provincial_training",
    "events.held",
    111,
    period=SPA3,
    basis="per-year",
    value="8",
    unit=E,
    aw="8 provincial/municipal trainings",
    approx=True,
    dis={"event_type": "training", "level": "provincial or municipal"},
    details={"note": "'at least' is read as applying to this count too"},
)
add(
    "CHN.1.agreement.extradition_treaties",
    "agreement.signed",
    113,
    period=SPA3,
    value=True,
    aw="2011-2014",
    details=agr(
        "treaty",
        "signed",
        subject="extradition",
        partners=None,
        note="the report says 'a number of' bilateral treaties without naming partners or a count",
    ),
)
add(
    "CHN.1.agreement.lao_2014",
    "agreement.signed",
    113,
    period="2014",
    value=True,
    aw="2014",
    countries=pair("CHN", "LAO"),
    details=agr(
        "agreement", "signed", name="Agreement on preventing and combating trafficking in persons"
    ),
    flags=[
        dup(
            "The same China-Lao PDR agreement of 2014 is reported in both countries' blocks; count it once.",
            ["LAO.1.agreement.chn_2014"],
        )
    ],
)
ext(
    "CHN.1.cooperation.external",
    113,
    "police cooperation on cases and intelligence with Russia, the UK, Australia and Malaysia; joint investigations "
    "with Hong Kong SAR and Macau SAR; channels such as INTERPOL; work with UN agencies",
    [
        "RUS",
        "GBR",
        "AUS",
        "MYS",
        "HKG",
        "MAC",
        "INTERPOL",
        "UNODC",
        "UNICEF",
        "ILO",
        "IOM",
        "UN-ACT",
    ],
    flags=[ctx()],
)
add(
    "CHN.1.offices.blo_2007",
    "offices.blo",
    115,
    period="2007",
    value="3",
    unit="office",
    aw="3 Border Liaison Offices",
    details={"borders": ["VNM"]},
)
BLO_NOTE = (
    "Area 1 puts China's 8 BLOs on the China-Viet Nam border, Area 3 puts 8 BLOs along the borders with "
    "Viet Nam, Myanmar and Lao PDR; the two statements disagree on where the offices are."
)
add(
    "CHN.1.offices.blo",
    "offices.blo",
    115,
    period=SPA3,
    value="8",
    unit="office",
    aw="increased to 8",
    details={"borders": ["VNM"]},
    flags=[flag("contradiction", "warning", BLO_NOTE, ["CHN.3.offices.blo"])],
)

# LAO PDR
add(
    "LAO.1.npa",
    "npa.adopted",
    119,
    period="2013-05",
    value=True,
    aw="May 2013",
    details={"covers": "2013-2015"},
)
add(
    "LAO.1.budget",
    "budget.allocation",
    119,
    period="2014",
    basis="per-year",
    value=money("2000000000", "LAK"),
    aw="2 billion LAK",
    se=("246660", "USD", "USD 246 660", False),
    details={"note": "the allocation was increased to this amount in 2014"},
)
add(
    "LAO.1.institution.nscct",
    "institution.established",
    119,
    period=SPA3,
    value=True,
    details={
        "name": "National Steering Committee on Counter-Trafficking",
        "note": "supports Lao migrant workers vulnerable to trafficking",
    },
    flags=[ctx()],
)
add(
    "LAO.1.events.workshops_trainings",
    "events.held",
    119,
    period=SPA3,
    basis="total",
    value="52",
    unit=E,
    aw="52",
    dis={"event_type": "workshop or training", "level": RN},
    flags=[ctx()],
)
add(
    "LAO.1.training.victim_protection",
    "training.people_trained",
    119,
    period=SPA3,
    basis="total",
    value="78",
    unit=P,
    aw="78 participants",
    details={
        "programme": "victim protection and ethics",
        "coverage": "9 districts in Vientiane capital",
    },
    flags=[ctx()],
)
add(
    "LAO.1.training.victim_identification",
    "training.people_trained",
    119,
    period=SPA3,
    basis="total",
    value="440",
    unit=P,
    aw="440 participants",
    details={
        "programme": "victim identification",
        "coverage": "Savannakhet, Champassak and Salavan provinces",
    },
    flags=[ctx()],
)
add(
    "LAO.1.training.front_line_police",
    "training.people_trained",
    119,
    period=SPA3,
    basis="total",
    value="1175",
    unit=P,
    aw="1175 police officers",
    dis={"role": "police officer"},
    details={"programme": "front line officers", "coverage": "17 provinces"},
    flags=[ctx()],
)
add(
    "LAO.1.training.police_school_teachers",
    "training.people_trained",
    119,
    period=SPA3,
    basis="total",
    value="76",
    unit=P,
    aw="76 police school teachers",
    dis={"role": "police school teacher"},
    details={"programme": "front line officers"},
    flags=[ctx()],
)
add(
    "LAO.1.training.sop",
    "training.people_trained",
    119,
    period=SPA3,
    basis="total",
    value="105",
    unit=P,
    aw="105 participants",
    details={
        "programme": "standard operating procedures",
        "coverage": "northern, central and southern Lao PDR",
    },
    flags=[ctx()],
)
for partner in ["CHN", "THA", "VNM"]:
    add(
        f"LAO.1.agreement.{partner.lower()}_formalized",
        "agreement.signed",
        121,
        period=SPA3,
        value=True,
        countries=pair("LAO", partner),
        details=agr(
            "agreement",
            "signed",
            note="cross-border agreement formalised and monitored, with action plans and SOPs",
        ),
        flags=[ctx()],
    )
add(
    "LAO.1.events.plan_reviews",
    "events.held",
    121,
    period=SPA3,
    basis="total",
    value="2",
    unit=E,
    aw="reviewed twice",
    dis={"event_type": "review"},
    details={"subject": "implementation plans of the cross-border agreements"},
    flags=[ctx()],
)
ext(
    "LAO.1.cooperation.external",
    121,
    "cooperation with states and bodies outside COMMIT",
    ["International Police System 1247", "ASEAN", "AAPTIP"],
    flags=[ctx()],
)
add(
    "LAO.1.law.decree_156",
    "law.enacted",
    123,
    period=None,
    value=True,
    details={
        "name": "Decree 156/PM establishing the National Steering Committee on Human Trafficking"
    },
    flags=[nodate()],
)
add(
    "LAO.1.law.decree_27",
    "law.enacted",
    123,
    period=None,
    value=True,
    details={"name": "Decree 27/PM on fighting inequality in society"},
    flags=[nodate()],
)
add(
    "LAO.1.agreement.chn_2014",
    "agreement.signed",
    123,
    period="2014",
    value=True,
    aw="2014",
    countries=pair("LAO", "CHN"),
    details=agr(
        "agreement",
        "signed",
        name="Agreement on cooperation in preventing and combating trafficking in persons",
    ),
    flags=[
        dup(
            "The same China-Lao PDR agreement of 2014 is reported in both countries' blocks; count it once.",
            ["CHN.1.agreement.lao_2014"],
        )
    ],
)
add(
    "LAO.1.consultation",
    "consultation.people_consulted",
    123,
    period=SPA3,
    basis="total",
    value="681",
    unit=P,
    aw="681",
    details={"means": "consultations and inspections by the National Steering Committee"},
)

# MYANMAR
add(
    "MMR.1.npa",
    "npa.adopted",
    127,
    period=SPA3,
    value=True,
    details={"covers": "2012-2016", "duration_as_written": "5-year"},
    flags=[ctx()],
)
add(
    "MMR.1.budget",
    "budget.allocation",
    127,
    period=SPA3,
    basis="total",
    value=money("12042358000", "MMK"),
    aw="MMK 12.042.358 million",
    se=("11600000", "USD", "USD 11.6 million", False),
    details={"growth_claim_as_written": "more than doubled"},
    flags=[
        flag(
            "ambiguous-thousands-separator",
            "warning",
            "Written '12.042.358 million': recorded as 12,042.358 million MMK (about 12.04 billion), the only reading "
            "that fits the stated US$ 11.6 million at about 1,038 MMK per US$; the other reading, 12,042,358 million "
            "MMK, would be about 1,000 times larger.",
        ),
        flag(
            "growth-claim-unverifiable",
            "info",
            "The report says the allocation more than doubled but gives no earlier figure to compare with.",
        ),
    ],
)
add(
    "MMR.1.institution.atip_division",
    "institution.established",
    127,
    period="2013",
    value=True,
    aw="2013",
    details={
        "name": "Anti-Trafficking in Persons Division (ATIP)",
        "note": "upgraded from the Anti-Trafficking in Persons Unit (ATU) with a wider mandate",
    },
)
MMR_DC_1109 = (
    "Myanmar reports 1,109 trained in Area 1 (officials and NGOs) and again 1,109 in Area 2 (law "
    "enforcement personnel); they are probably the same people counted twice."
)
MMR_DC_37 = (
    "Myanmar reports 37 national training programmes in both Area 1 and Area 2; they are probably the "
    "same programmes counted twice."
)
add(
    "MMR.1.training.regional_national",
    "training.people_trained",
    129,
    period=SPA3,
    basis="total",
    value="1109",
    unit=P,
    aw="1109",
    dis={"role": GOVNGO, "level": RN},
    flags=[
        ctx(),
        flag(
            "possible-double-count", "warning", MMR_DC_1109, ["MMR.2.training.law_enforcement_1109"]
        ),
    ],
)
for lvl, ev, n, aw in [
    ("regional", "meeting", "18", "18 meetings"),
    ("regional", "workshop", "3", "3 workshops"),
    ("regional", "training", "8", "8 training programmes"),
    ("national", "meeting", "10", "10 meetings"),
    ("national", "workshop", "3", "3 workshops"),
    ("national", "training", "37", "37 training programmes"),
]:
    oid = f"MMR.1.events.{lvl}_{ev}s"
    fl = (
        [flag("possible-double-count", "warning", MMR_DC_37, ["MMR.2.events.national_trainings"])]
        if n == "37"
        else []
    )
    add(
        oid,
        "events.held",
        129,
        period=SPA3,
        basis="total",
        value=n,
        unit=E,
        aw=aw,
        dis={"event_type": ev, "level": lvl},
        flags=fl,
    )
ext(
    "MMR.1.cooperation.external",
    131,
    "joint plan with the US; work with the ASEAN Heads of Specialist Units and AAPTIP",
    ["USA", "ASEAN Heads of Specialist Units", "AAPTIP"],
    flags=[ctx()],
)
add(
    "MMR.1.institution.bcatip_tha",
    "institution.established",
    131,
    period=SPA3,
    value=True,
    countries=pair("MMR", "THA"),
    details={
        "name": "Border Cooperation on Anti-Trafficking in Persons (BCATIP) mechanism with Thailand"
    },
    flags=[ctx()],
)
add(
    "MMR.1.institution.blo_chn",
    "institution.established",
    131,
    period=SPA3,
    value=True,
    countries=pair("MMR", "CHN"),
    details={"name": "Border Liaison Offices with China"},
    flags=[ctx()],
)

# THAILAND
add("THA.1.npa", "npa.adopted", 135, period=SPA3, value=True, details={"covers": "2011-2016"})
add(
    "THA.1.institution.policy_committee",
    "institution.established",
    135,
    period=SPA3,
    value=True,
    details={
        "name": "Policy Committee on Combating Human Trafficking and Illegal Fishing",
        "note": "the report says the government initiated its establishment",
    },
)
THA_GROWTH = (
    "The report calls the rise from THB 210 million (calendar 2014) to THB 496.82 million (budget year "
    "2015) a doubling, but it is a factor of about 2.37 and compares a calendar year with a fiscal year."
)
add(
    "THA.1.budget.2014",
    "budget.allocation",
    135,
    period="2014",
    basis="per-year",
    value=money("210000000", "THB"),
    aw="THB 210 million",
    recipient="government agencies implementing the anti-trafficking plan of action",
    se=("6500000", "USD", "about 6.5 million USD", True),
    details={"growth_claim_as_written": "doubled"},
    flags=[flag("growth-claim-inconsistent", "warning", THA_GROWTH, ["THA.1.budget.2015"])],
)
add(
    "THA.1.budget.2015",
    "budget.allocation",
    135,
    period="2014-10-01/2015-09-30",
    basis="per-year",
    value=money("496820000", "THB"),
    aw="THB 496.82 million",
    recipient="government agencies implementing the anti-trafficking plan of action",
    se=("15530000", "USD", "about USD 15.53 million", True),
    details={
        "budget_year_as_written": "budget year 2015 (from 1 October 2014 - 30 September 2015)",
        "growth_claim_as_written": "doubled",
    },
    flags=[flag("growth-claim-inconsistent", "warning", THA_GROWTH, ["THA.1.budget.2014"])],
)
add(
    "THA.1.training.regional_national",
    "training.people_trained",
    137,
    period=SPA3,
    basis="total",
    value="389",
    unit=P,
    aw="389",
    dis={"role": GOVNGO, "level": RN},
)
ext(
    "THA.1.cooperation.external",
    139,
    "cooperation through ASEAN SOMTC, AAPTIP and the Bali Process",
    ["ASEAN SOMTC", "AAPTIP", "Bali Process"],
    flags=[ctx()],
)
add(
    "THA.1.agreement.vnm_sop",
    "agreement.signed",
    139,
    period=SPA3,
    value=True,
    countries=pair("THA", "VNM"),
    details=agr("SOP", "launched", subject="repatriation and reintegration of trafficking victims"),
    flags=[
        ctx(),
        dup(
            "Probably the same Thailand-Viet Nam SOPs that Viet Nam reports in Areas 1 and 3; count once.",
            ["VNM.1.agreement.tha_sop", "VNM.3.agreement.tha_sop"],
        ),
    ],
)
add(
    "THA.1.agreement.mmr_sop",
    "agreement.signed",
    139,
    period=SPA3,
    value=True,
    countries=pair("THA", "MMR"),
    details=agr("SOP", "launched", subject="repatriation and reintegration of trafficking victims"),
    flags=[
        ctx(),
        dup(
            "Probably the same Myanmar-Thailand SOPs that Myanmar reports in Area 3; count once.",
            ["MMR.3.agreement.tha_sop"],
        ),
    ],
)
for partner in ["LAO", "KHM", "VNM"]:
    add(
        f"THA.1.agreement.{partner.lower()}_formalized",
        "agreement.signed",
        139,
        period=SPA3,
        value=True,
        countries=pair("THA", partner),
        details=agr(
            "agreement",
            "signed",
            note="cross-border agreement formalised to coordinate cross-border cases",
        ),
        flags=[ctx()],
    )
add(
    "THA.1.offices.bcatip",
    "offices.bcatip",
    139,
    period="2012-2013",
    value="3",
    unit="office",
    aw="three Border Cooperation against Trafficking in Persons (BCATIP) offices",
    details={
        "border": ["MMR"],
        "locations": ["ChiagRai-Tachileik", "Ranong-Kautung", "Maesot-Myawaddy"],
        "locations_note": "place names spelt as in the report",
        "note": "established between 2012 and 2013",
    },
)

# VIET NAM
add("VNM.1.npa", "npa.adopted", 143, period=SPA3, value=True, details={"covers": "2011-2015"})
VNM_PERIOD = flag(
    "period-inferred",
    "info",
    "The report says 'over a period of 5 years' without naming the years; the 2011-2015 period of the "
    "national plan of action in the same paragraph is assumed.",
)
add(
    "VNM.1.budget.total",
    "budget.allocation",
    143,
    period="2011-2015",
    basis="total",
    value=money("270000000000", "VND"),
    aw="VND 270 billion",
    se=("20000000", "USD", "nearly USD 20 million", True),
    recipient="various counter-trafficking efforts",
    details={"duration_as_written": "5 years"},
    flags=[
        flag(
            "stated-equivalent-inconsistent",
            "warning",
            "The stated 'nearly USD 20 million' implies about 13,500 VND per US$, but official 2011-2015 rates "
            "(20,500-21,700) give about US$ 12.5-13 million, so the stated equivalent is about 50% too high.",
        ),
        VNM_PERIOD,
    ],
)
add(
    "VNM.1.budget.per_year",
    "budget.allocation",
    143,
    period="2011-2015",
    basis="per-year",
    value=money("54000000000", "VND"),
    aw="VND 54 billion/year on average",
    approx=True,
    recipient="various counter-trafficking efforts",
    flags=[
        dup(
            "The same allocation as VND 270 billion over 5 years, restated as a yearly average; do not add them.",
            ["VNM.1.budget.total"],
        ),
        VNM_PERIOD,
    ],
    # Counted within the total, so aggregate() refuses to add the two.
    subset_of="VNM.1.budget.total",
)
add(
    "VNM.1.training",
    "training.people_trained",
    145,
    period=SPA3,
    basis="total",
    value="1000",
    unit=P,
    aw="over 1,000 participants",
    approx=True,
    dis={"level": "national and local"},
    details={"programme": "training of trainers, inter-agency and specialised courses"},
    flags=[ctx()],
)
for partner in ["LAO", "THA", "CHN"]:
    add(
        f"VNM.1.agreement.{partner.lower()}_mou",
        "agreement.signed",
        147,
        period=SPA3,
        value=True,
        countries=pair("VNM", partner),
        details=agr("MoU", "signed"),
        flags=[ctx()],
    )
add(
    "VNM.1.agreement.khm_sop",
    "agreement.signed",
    147,
    period=SPA3,
    value=True,
    countries=pair("VNM", "KHM"),
    details=agr("SOP", "signed"),
    flags=[
        ctx(),
        dup(
            "Probably the same Cambodia-Viet Nam SOPs reported again in Area 3; count once.",
            ["VNM.3.agreement.khm_sop"],
        ),
    ],
)
add(
    "VNM.1.agreement.tha_sop",
    "agreement.signed",
    147,
    period=SPA3,
    value=True,
    countries=pair("VNM", "THA"),
    details=agr("SOP", "signed"),
    flags=[
        ctx(),
        dup(
            "Probably the same Thailand-Viet Nam SOPs reported in Thailand's block and in Area 3; count once.",
            ["THA.1.agreement.vnm_sop", "VNM.3.agreement.tha_sop"],
        ),
    ],
)
ext(
    "VNM.1.cooperation.external",
    147,
    "cooperation with states and bodies outside COMMIT through ASEAN",
    ["ASEAN"],
    flags=[ctx()],
)

# ---------------------------------------------------------------- Area 2 (2.3)
add(
    "KHM.2.policy.explanatory_notes",
    "policy.adopted",
    157,
    period="2012",
    value=True,
    aw="2012",
    details={
        "name": "Explanatory Notes on the 2008 Law on Suppression of Human Trafficking and Sexual Exploitation"
    },
)
add(
    "KHM.2.training.law_enforcement",
    "training.people_trained",
    157,
    period=SPA3,
    basis="total",
    value="1191",
    unit=P,
    aw="1,191",
    dis={"role": "law enforcement official"},
    details={"programme": "investigation techniques, victim identification and support"},
)
add(
    "KHM.2.training.judges_prosecutors_tot",
    "training.people_trained",
    159,
    period=SPA3,
    basis="total",
    value="5",
    unit=P,
    aw="five",
    dis={"role": "judge or prosecutor"},
    details={"programme": "training of trainers"},
    flags=[ctx()],
)
add(
    "KHM.2.training.judges_prosecutors_sensitised",
    "training.people_trained",
    159,
    period=SPA3,
    basis="total",
    value="178",
    unit=P,
    aw="178",
    dis={"role": "judge or prosecutor"},
    details={"programme": "one-day awareness raising training"},
    flags=[ctx()],
)
add(
    "KHM.2.training.judges_prosecutors_full",
    "training.people_trained",
    159,
    period=SPA3,
    basis="total",
    value="70",
    unit=P,
    aw="70",
    dis={"role": "judge or prosecutor"},
    details={"programme": "full training on technical aspects of trafficking crimes"},
    flags=[ctx()],
    subset_of="KHM.2.training.judges_prosecutors_sensitised",
)
add(
    "KHM.2.training.student_judges",
    "training.people_trained",
    159,
    period=SPA3,
    basis="total",
    value="55",
    unit=P,
    aw="55",
    dis={"role": "student judge or prosecutor"},
    flags=[ctx()],
)

add(
    "CHN.2.law.criminal_law_amendment_8",
    "law.enacted",
    163,
    period="2011",
    value=True,
    aw="2011",
    details={
        "name": "PRC Criminal Law Amendment (eight)",
        "passed_by": "NPC Standing Committee",
        "changes": [
            "criminalises illegal removal and sale of human organs (Article 234)",
            "forced labour: statutory sentence raised from 3 years to 10 years (Article 244)",
            "assisting in organising prostitution (Article 358)",
        ],
    },
)
add(
    "CHN.2.training.law_enforcement",
    "training.people_trained",
    165,
    period=SPA3,
    basis="total",
    value="3000",
    unit=P,
    aw="3,000",
    dis={"role": "law enforcement or criminal justice official"},
    flags=[ctx(), flag("possible-double-count", "warning", CHN_DC_NOTE, [CHN_DC[0], CHN_DC[2]])],
)
add(
    "CHN.2.training.prosecutors_investigators",
    "training.people_trained",
    165,
    period=SPA3,
    basis="total",
    value="1000",
    unit=P,
    aw="1,000",
    dis={"role": "investigator or prosecutor"},
    subset_of="CHN.2.training.law_enforcement",
    flags=[ctx(), flag("possible-double-count", "warning", CHN_DC_NOTE, [CHN_DC[0], CHN_DC[1]])],
)

add(
    "LAO.2.law.trafficking_law",
    "law.enacted",
    171,
    period=SPA3,
    value=False,
    details={
        "name": "specific law on human trafficking",
        "note": "not yet enacted; trafficking is criminalised in the Penal Code and other laws",
    },
)
add(
    "LAO.2.institution.dpa",
    "institution.established",
    173,
    period="2011",
    value=True,
    aw="2011",
    details={
        "name": "Department of Prevention and Anti-Trafficking (DPA), Ministry of Public Security"
    },
)
LAO_INC = (
    "Lao PDR reports 2,047 investigators and prosecutors trained, more than the 1,874 law enforcement "
    "officials trained in the same paragraph; the groups overlap or one figure is wrong."
)
add(
    "LAO.2.training.law_enforcement",
    "training.people_trained",
    175,
    period=SPA3,
    basis="total",
    value="1874",
    unit=P,
    aw="1,874",
    dis={"role": "law enforcement official"},
    flags=[
        ctx(),
        flag(
            "inconsistent-counts", "warning", LAO_INC, ["LAO.2.training.investigators_prosecutors"]
        ),
    ],
)
add(
    "LAO.2.training.investigators_prosecutors",
    "training.people_trained",
    175,
    period=SPA3,
    basis="total",
    value="2047",
    unit=P,
    aw="2,047",
    dis={"role": "investigator or prosecutor"},
    flags=[
        ctx(),
        flag("inconsistent-counts", "warning", LAO_INC, ["LAO.2.training.law_enforcement"]),
    ],
)

add(
    "MMR.2.policy.return_guidelines",
    "policy.adopted",
    179,
    period=SPA3,
    value=True,
    details={"name": "national guidelines on return and repatriation of trafficked victims"},
    flags=[
        ctx(),
        dup(
            "The same national guidelines are reported in Area 3 with the year 2012.",
            ["MMR.3.policy.return_guidelines"],
        ),
    ],
)
add(
    "MMR.2.training.law_enforcement_600",
    "training.people_trained",
    179,
    period=SPA3,
    basis="total",
    value="600",
    unit=P,
    aw="600",
    dis={"role": "law enforcement official"},
    flags=[ctx()],
)
add(
    "MMR.2.training.regional_criminal_justice",
    "training.people_trained",
    179,
    period=SPA3,
    basis="total",
    value="12",
    unit=P,
    aw="12 law enforcement-related officers",
    dis={"role": "law enforcement official", "level": "regional"},
    flags=[ctx()],
)
add(
    "MMR.2.events.national_trainings",
    "events.held",
    179,
    period=SPA3,
    basis="total",
    value="37",
    unit=E,
    aw="37 national training programmes",
    dis={"event_type": "training", "level": "national"},
    flags=[
        ctx(),
        flag("possible-double-count", "warning", MMR_DC_37, ["MMR.1.events.national_trainings"]),
    ],
)
add(
    "MMR.2.training.law_enforcement_1109",
    "training.people_trained",
    179,
    period=SPA3,
    basis="total",
    value="1109",
    unit=P,
    aw="1,109",
    dis={"role": "law enforcement official"},
    flags=[
        ctx(),
        flag("possible-double-count", "warning", MMR_DC_1109, ["MMR.1.training.regional_national"]),
    ],
)
add(
    "MMR.2.investigations.complicity",
    "investigations.conducted",
    179,
    period=SPA3,
    basis="total",
    value="2",
    unit="case",
    aw="Two investigations",
    details={"subject": "alleged complicity and corruption within law enforcement"},
    flags=[ctx()],
)
add(
    "MMR.2.law.ward_village_tract_act",
    "law.enacted",
    181,
    period="2012-03",
    value=True,
    aw="March 2012",
    details={
        "name": "Wards and Village Tracts Administration Act",
        "note": "makes forced labour, including recruiting children into the army, a criminal offence",
        "penalty": "imprisonment for up to one year, a fine, or both",
        "related_provisions": ["Penal Code, Section 374", "2008 Constitution, Section 359"],
    },
)

add(
    "THA.2.convention.untoc",
    "convention.ratified",
    185,
    period="2013",
    value=True,
    aw="2013",
    details={"name": "United Nations Convention against Transnational Organized Crime (UNTOC)"},
)
add(
    "THA.2.convention.tip_protocol",
    "convention.ratified",
    185,
    period="2013",
    value=True,
    aw="2013",
    details={
        "name": "Protocol to Prevent, Suppress and Punish Trafficking in Persons (Palermo Protocol)"
    },
)
add(
    "THA.2.training.law_enforcement",
    "training.people_trained",
    187,
    period=SPA3,
    basis="total",
    value="164",
    unit=P,
    aw="164",
    dis={"role": "law enforcement official"},
)

add(
    "VNM.2.convention.untoc",
    "convention.ratified",
    191,
    period=SPA3,
    value=True,
    details={"name": "United Nations Convention against Transnational Organized Crime (UNTOC)"},
)
add(
    "VNM.2.law.trafficking_law",
    "law.enacted",
    191,
    period="2011-03",
    value=True,
    aw="March 2011",
    details={
        "name": "Law against Trafficking in Persons",
        "note": "with related decrees and circulars developed under it",
    },
)
add(
    "VNM.2.law.penal_code_119_120",
    "law.enacted",
    191,
    period=SPA3,
    value=True,
    details={
        "name": "Penal Code Articles 119 and 120, expanded to define sex and labour trafficking"
    },
    flags=[ctx()],
)
add(
    "VNM.2.law.joint_circular",
    "law.enacted",
    193,
    period="2013",
    value=True,
    aw="2013",
    details={
        "name": "joint circular on criminal penalties for trafficking crimes",
        "issued_by": [
            "Supreme People's Court",
            "Supreme People's Procuracy",
            "Ministry of Public Security",
            "Ministry of National Defence",
            "Ministry of Justice",
        ],
    },
)

# ---------------------------------------------------------------- Area 3 (2.4)
add(
    "KHM.3.policy.minimum_standards",
    "policy.adopted",
    207,
    period=SPA3,
    value=True,
    details={
        "name": "Minimum Standards for the Protection of the Rights of Victims of Human Trafficking"
    },
    flags=[ctx()],
)
add(
    "KHM.3.policy.victim_rights",
    "policy.adopted",
    207,
    period=SPA3,
    value=True,
    details={"name": "Policy on the Protection of the Rights of Victims of Human Trafficking"},
    flags=[ctx()],
)
add(
    "KHM.3.institution.mosvy_department",
    "institution.established",
    209,
    period=SPA3,
    value=True,
    details={"name": "Department of Anti-Human Trafficking and Reintegration, MoSVY"},
    flags=[ctx()],
)
add(
    "KHM.3.policy.male_victims_reintegration",
    "policy.adopted",
    209,
    period=SPA3,
    value=True,
    details={
        "name": "Operational Standard Procedures on Reintegration Support to Male Trafficking Victims"
    },
    flags=[ctx()],
)
add(
    "KHM.3.training.victim_service_providers",
    "training.people_trained",
    209,
    period=SPA3,
    basis="total",
    value="401",
    unit=P,
    aw="401",
    dis={"role": "victim service provider"},
    flags=[ctx()],
)

add(
    "CHN.3.training.relief_staff",
    "training.people_trained",
    213,
    period=SPA3,
    basis="total",
    value="1000",
    unit=P,
    aw="Nearly 1,000",
    approx=True,
    dis={"role": "relief organisation staff", "level": "national and local"},
    details={
        "organisations_as_written": "over 500 relief organizations and service agencies",
        "trainer": "Civil Affairs",
    },
    flags=[ctx()],
)
add(
    "CHN.3.offices.blo",
    "offices.blo",
    215,
    period=SPA3,
    value="8",
    unit="office",
    aw="8 BLOs",
    details={"borders": ["VNM", "MMR", "LAO"]},
    flags=[ctx(), flag("contradiction", "warning", BLO_NOTE, ["CHN.1.offices.blo"])],
)

add(
    "LAO.3.policy.victim_identification_guidelines",
    "policy.adopted",
    223,
    period=SPA3,
    value=True,
    details={"name": "Victim Identification Guidelines"},
    flags=[ctx()],
)
add(
    "LAO.3.policy.front_line_officer_guidelines",
    "policy.adopted",
    223,
    period=SPA3,
    value=True,
    details={"name": "Front Line Officer Guidelines"},
    flags=[ctx()],
)
add(
    "LAO.3.activity.ssi",
    "activity.narrative",
    225,
    period="2013",
    value=(
        "Shelter for Self-improvement Initiative: shelter staff trained on work with victims and shelter facilities improved"
    ),
    aw="2013",
)

add(
    "MMR.3.policy.return_guidelines",
    "policy.adopted",
    229,
    period="2012",
    value=True,
    aw="2012",
    details={
        "name": "National Guidelines on the Return/Repatriation and Reintegration of Trafficked Victims"
    },
    flags=[
        dup(
            "The same national guidelines are reported in Area 2 without a year.",
            ["MMR.2.policy.return_guidelines"],
        )
    ],
)
add(
    "MMR.3.agreement.tha_sop",
    "agreement.signed",
    231,
    period=SPA3,
    value=True,
    countries=pair("MMR", "THA"),
    details=agr("SOP", "launched", subject="return and repatriation of trafficking victims"),
    flags=[
        ctx(),
        dup(
            "Probably the same Myanmar-Thailand SOPs that Thailand reports in Area 1; count once.",
            ["THA.1.agreement.mmr_sop"],
        ),
    ],
)

add(
    "THA.3.policy.victim_identification",
    "policy.adopted",
    235,
    period=SPA3,
    value=True,
    details={"name": "policy on victim identification among vulnerable populations"},
    flags=[ctx()],
)
add(
    "THA.3.hotline.languages",
    "hotline.languages",
    235,
    period=SPA3,
    value="5",
    unit="language",
    aw="5 languages",
    details={"languages": ["Burmese", "Chinese", "English", "Khmer", "Vietnamese"]},
    flags=[ctx()],
)

add(
    "VNM.3.law.decree_09",
    "law.enacted",
    245,
    period=SPA3,
    value=True,
    details={"name": "Decree 09/NĐ-CP on supporting victims"},
    flags=[ctx()],
)
add(
    "VNM.3.law.decree_62",
    "law.enacted",
    245,
    period=SPA3,
    value=True,
    details={
        "name": "Decree No. 62/NĐ-CP on identifying and protecting trafficked victims and their families"
    },
    flags=[ctx()],
)
add(
    "VNM.3.law.circular_01",
    "law.enacted",
    245,
    period=SPA3,
    value=True,
    details={
        "name": "Circular No. 01/TTLT (MPS, MOD, MOLISA, MOFA) on identifying, receiving and returning victims"
    },
    flags=[ctx()],
)
add(
    "VNM.3.law.criminal_procedure_code",
    "law.enacted",
    247,
    period=SPA3,
    value=True,
    details={"name": "Criminal Procedure Code provisions against holding victims in custody"},
    flags=[ctx()],
)
add(
    "VNM.3.agreement.khm_sop",
    "agreement.signed",
    249,
    period=SPA3,
    value=True,
    countries=pair("VNM", "KHM"),
    details=agr("SOP", "launched", subject="identification and receipt of victims"),
    flags=[
        ctx(),
        dup(
            "Probably the same Cambodia-Viet Nam SOPs reported in Area 1; count once.",
            ["VNM.1.agreement.khm_sop"],
        ),
    ],
)
add(
    "VNM.3.agreement.tha_sop",
    "agreement.signed",
    249,
    period=SPA3,
    value=True,
    countries=pair("VNM", "THA"),
    details=agr("SOP", "launched", subject="identification and receipt of victims"),
    flags=[
        ctx(),
        dup(
            "Probably the same Thailand-Viet Nam SOPs reported in Area 1 and in Thailand's block; count once.",
            ["VNM.1.agreement.tha_sop", "THA.1.agreement.vnm_sop"],
        ),
    ],
)
add(
    "VNM.3.agreement.lao_victim_receipt",
    "agreement.signed",
    249,
    period=SPA3,
    value=True,
    countries=pair("VNM", "LAO"),
    details=agr(
        "agreement",
        "signed",
        subject="identification and receipt of victims (similar system agreed)",
    ),
    flags=[ctx()],
)

# ---------------------------------------------------------------- Area 4 (2.5)
add(
    "KHM.4.policy.labour_migration",
    "policy.adopted",
    261,
    period="2014",
    value=True,
    aw="2014",
    details={"name": "Labor Migration Management Policy"},
)
add(
    "KHM.4.law.prakas_working_conditions",
    "law.enacted",
    261,
    period="2014",
    value=True,
    aw="2014",
    details={
        "name": "Prakas on working conditions and occupational safety and health in entertainment businesses"
    },
)
add(
    "KHM.4.law.sub_decree_190",
    "law.enacted",
    261,
    period="2011",
    value=True,
    aw="2011",
    details={
        "name": "Sub-Decree No. 190 on sending Cambodian workers abroad through private recruitment agencies"
    },
)

add(
    "LAO.4.events.prevention_workshop",
    "events.held",
    279,
    period="2013",
    basis="total",
    value="1",
    unit=E,
    aw="a workshop",
    dis={"event_type": "workshop"},
    details={"subject": "re-thinking prevention of trafficking"},
)
add(
    "LAO.4.law.decree_169",
    "law.enacted",
    281,
    period="2013-2014",
    value=True,
    aw="Between 2013 and 2014",
    details={"name": "Decree 169/Government on Social Welfare"},
)
add(
    "LAO.4.law.decree_1777",
    "law.enacted",
    281,
    period="2013-2014",
    value=True,
    aw="Between 2013 and 2014",
    details={"name": "Decree 1777/MLSF on the establishment and work of social welfare"},
)

add(
    "MMR.4.community_watch",
    "community_watch.hotspot_areas",
    285,
    period=SPA3,
    value="42",
    unit="location",
    aw="42 hotspot areas",
    details={"note": "community watch groups formed; the number of groups is not given"},
    flags=[ctx()],
)

# ---------------------------------------------------------------- Area 5 (2.6)
add(
    "KHM.5.databases",
    "databases.in_operation",
    315,
    period=SPA3,
    value="3",
    unit="database",
    aw="three databases",
    details={
        "databases": [
            "MoI hotline calls",
            "MoJ prosecutions and convictions",
            "MoLVT legal labour migration",
        ]
    },
)
add(
    "KHM.5.annual_monitoring_reports",
    "monitoring.annual_reports",
    323,
    period=SPA3,
    value=None,
    flags=[
        ctx(),
        flag(
            "truncated-text",
            "warning",
            "The report's sentence on annual monitoring reports breaks off before its verb, so whether "
            "they were prepared is unknown; the value is left empty.",
        ),
    ],
)
add(
    "CHN.5.database.information_system",
    "database.established",
    327,
    period=SPA3,
    value=True,
    details={
        "name": "National Public Security Department Information System (missing and trafficked children)"
    },
    flags=[ctx()],
)
add(
    "CHN.5.database.dna",
    "database.established",
    327,
    period=SPA3,
    value=True,
    details={"name": "National Public Security Department DNA Database"},
    flags=[ctx()],
)
add(
    "THA.5.database.msdhs",
    "database.established",
    349,
    period=SPA3,
    value=True,
    details={
        "name": "MSDHS database on the prevention and suppression of human trafficking",
        "structure": "2 parts: legal proceedings against offenders (Royal Thai Police) and trafficked victims (MSDHS)",
    },
    flags=[ctx()],
)
add(
    "THA.5.events.data_entry_workshop_1",
    "events.held",
    351,
    period="2014",
    basis="total",
    value="1",
    unit=E,
    aw="The first workshop",
    dis={"event_type": "workshop"},
    details={"participants": "social workers and data entry operators of MSDHS agencies"},
)
add(
    "THA.5.events.data_entry_workshop_2",
    "events.held",
    351,
    period="2014",
    basis="total",
    value="1",
    unit=E,
    aw="The second workshop",
    dis={"event_type": "workshop"},
    details={
        "participants": "police and data entry officers of the Anti-Human Trafficking Division"
    },
)
add(
    "VNM.5.database.mps",
    "database.established",
    355,
    period=SPA3,
    value=True,
    details={"name": "Ministry of Public Security anti-trafficking database software"},
    flags=[ctx()],
)

# ---------------------------------------------------------------- Case studies (2.7)
CS = "EFFECTIVE BILATERAL COOPERATION"
add(
    "KHM.cs.compensation.saudi_arabia",
    "compensation.awarded",
    367,
    section="2.7",
    block=CS,
    country="KHM",
    period="2013-12-01/2014-09-23",
    basis="per-person",
    value=money("2400", "SAR"),
    aw="2,400 Saudi Riyal",
    se=("600", "USD", "approx. USD 600", True),
    details={
        "per": "worker",
        "equivalent_as_written": "two months of salary",
        "also_paid": "return flights to Bangkok",
        "payer": "employer in Saudi Arabia",
        "partners": ["SAU"],
    },
    flags=[
        ctx(),
        flag(
            "stated-equivalent-inconsistent",
            "warning",
            "The Saudi riyal is pegged at 3.75 per US$, so SAR 2,400 is US$ 640, not the stated about US$ 600.",
        ),
    ],
)
add(
    "KHM.cs.activity.repatriation",
    "activity.narrative",
    367,
    section="2.7",
    block=CS,
    countries=pair("KHM", "THA"),
    period="2014-09-23",
    value="Cambodian workers deceived into construction work in Saudi Arabia were sheltered by the Royal Thai "
    "Embassy in Riyadh and repatriated through Cambodia-Thailand cooperation",
    aw="23 September 2014",
    details={
        "partners": ["SAU"],
        "shelter_as_written": "over one month",
        "timeline": "left home in December 2013; two more workers joined in January 2014; "
        "paid one third of the promised salary",
    },
)
add(
    "MMR.cs.activity.indonesia",
    "activity.narrative",
    377,
    section="2.7",
    block="MULTI-STAKEHOLDER COOPERATION",
    period=None,
    value="male trafficking victims from Rakhine State, forced to work on Thai fishing boats, repatriated "
    "from Indonesia by the Department of Social Welfare, IOM and the Myanmar embassy",
    details={"partners": ["IDN", "THA", "IOM"]},
    flags=[nodate()],
)


def main() -> None:
    ids = [o["id"] for o in OBS]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    doc = {
        "format": "commit-mef/observations",
        "version": 1,
        "source": {
            "id": "spa3-final-report",
            "title": "Final Report on the Implementation of the COMMIT Sub-Regional Plan of Action III",
            "publisher": "COMMIT / UN-ACT",
            "year": None,
        },
        "indicators": INDICATORS,
        "observations": OBS,
    }
    OUT.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(OBS)} observations, {len(INDICATORS)} indicators to {OUT}")


if __name__ == "__main__":
    main()
