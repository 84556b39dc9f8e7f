"""Generate plans.json, mou.json, meetings.json and population.csv from commit-facts.md and WDI.

Only facts stated in ../shared/sources/commit-facts.md are used; NOT FOUND stays null / empty.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "commit_mef" / "data"
FACTS = "commit-facts.md"
REPORT = "spa3-final-report"


def dump(name: str, doc: Any) -> None:
    (DATA / name).write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# ------------------------------------------------------------------ MoU
MOU = {
    "format": "commit-mef/mou",
    "version": 1,
    "title": "Memorandum of Understanding on Cooperation against Trafficking in Persons in the Greater Mekong Sub-Region",
    "date": "2004-10-29",
    "place": "Yangon",
    "place_country": "MMR",
    "meeting": "IMM1",
    "level": "ministerial",
    "signatories": ["KHM", "CHN", "LAO", "MMR", "THA", "VNM"],
    "sections": [
        {"number": "I", "theme": "Policy and Cooperation (national and international)"},
        {"number": "II", "theme": "Legal Frameworks, Law Enforcement and Justice"},
        {"number": "III", "theme": "Protection, Recovery and Reintegration"},
        {"number": "IV", "theme": "Preventive Measures"},
        {
            "number": "V",
            "theme": "Mechanism for Implementation, Monitoring and Evaluation",
            "note": "sets up the COMMIT machinery",
        },
    ],
    "section_themes_note": "working names of the section themes, not official headings",
    "article_count": 34,
    "articles": [],
    "articles_note": (
        "article numbers, the article-to-section mapping and article texts were not found in public "
        "sources; left empty rather than invented (users may load the text from their own copy)"
    ),
    "measures_named_at_signing": [
        "a network for the repatriation of victims",
        "networks between specialist police units",
        "better extradition procedures",
    ],
    "sources": [
        {
            "fact": "title, date, place, signatories",
            "source": FACTS,
            "cites": ["commit.asia/about", "2004 press release"],
        },
        {
            "fact": "five sections, 34 articles, section V machinery",
            "source": FACTS,
            "cites": ["commit.asia/about"],
        },
        {
            "fact": "section themes",
            "source": FACTS,
            "cites": ["report section 1.1", "2004 press release"],
        },
        {"fact": "measures named at signing", "source": FACTS, "cites": ["2004 press release"]},
    ],
}

# ------------------------------------------------------------------ meetings
PLACES = {
    "Yangon": "MMR",
    "Hanoi": "VNM",
    "Beijing": "CHN",
    "Vientiane": "LAO",
    "Bagan": "MMR",
    "Bangkok": "THA",
    "Phnom Penh": "KHM",
}


def meeting(
    start: str,
    end: str,
    code: str | None,
    kind: str,
    number: int | None,
    place: str,
    outcome: str | None,
    joint_with: str | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    return {
        "start": start,
        "end": end,
        "code": code,
        "kind": kind,
        "number": number,
        "place": place,
        "country": PLACES[place],
        "joint_with": joint_with,
        "outcome": outcome,
        "note": note,
    }


JOINT = "held together; the dates are those of the joint event"
MEETINGS = {
    "format": "commit-mef/meetings",
    "version": 1,
    "source": {"document": FACTS, "section": "Meetings", "cites": ["press reports"]},
    "meetings": [
        meeting(
            "2004-10-29",
            "2004-10-29",
            "IMM1",
            "IMM",
            1,
            "Yangon",
            "the six governments signed the MoU",
        ),
        meeting("2005-03-29", "2005-03-31", "SOM3", "SOM", 3, "Hanoi", "SPA I agreed"),
        meeting(
            "2007-12-12",
            "2007-12-14",
            "SOM5",
            "SOM",
            5,
            "Beijing",
            None,
            joint_with="IMM2",
            note=JOINT,
        ),
        meeting(
            "2007-12-12",
            "2007-12-14",
            "IMM2",
            "IMM",
            2,
            "Beijing",
            "first Joint Declaration (14 December); SPA II (2008-2010) adopted",
            joint_with="SOM5",
            note=JOINT,
        ),
        meeting("2008-11-05", "2008-11-07", "SOM6", "SOM", 6, "Vientiane", None),
        meeting("2010-01-20", "2010-01-21", "SOM7", "SOM", 7, "Bagan", None),
        meeting("2012-02-14", "2012-02-15", "SOM8", "SOM", 8, "Hanoi", "SPA II reviewed"),
        meeting(
            "2012-02-16",
            "2012-02-16",
            "IMM3",
            "IMM",
            3,
            "Hanoi",
            "second Joint Declaration; SPA III endorsed",
        ),
        meeting(
            "2013-02-21",
            "2013-02-22",
            "SOM9",
            "SOM",
            9,
            "Bangkok",
            None,
            note="held in the final year of SPA III (as first planned)",
        ),
        meeting(
            "2015-04-28",
            "2015-04-30",
            None,
            "SOM",
            None,
            "Phnom Penh",
            None,
            joint_with="IMM4",
            note=JOINT + "; the number of this SOM was not found",
        ),
        meeting(
            "2015-04-28",
            "2015-04-30",
            "IMM4",
            "IMM",
            4,
            "Phnom Penh",
            "SPA IV (2015-2018) adopted; third Joint Declaration",
            joint_with="SOM",
            note=JOINT,
        ),
        meeting(
            "2016-11-23",
            "2016-11-24",
            "SOM11",
            "SOM",
            11,
            "Vientiane",
            "common ASEAN-COMMIT trafficking indicators and COMMIT Guidelines on Victim Identification and "
            "Referral adopted",
        ),
        meeting("2020-12-16", "2020-12-16", "SOM14", "SOM", 14, "Hanoi", None),
    ],
    "note": "only the meetings for which public sources were found; other SOMs (1, 2, 4, 10, 12, 13) are not listed",
}

# ------------------------------------------------------------------ plans
SPA3_AREAS = [
    (
        1,
        "Policy and Cooperation",
        "I",
        [
            "national plans of action",
            "regional and national training programmes",
            "cross-border agreements",
            "engagement of states and bodies outside COMMIT",
        ],
    ),
    (
        2,
        "Legal Frameworks, Law Enforcement and Justice",
        "II",
        [
            "a comprehensive trafficking law meeting international standards",
            "training of law enforcement, including specialist units",
            "training of investigators and prosecutors",
            "victim services within the criminal-justice response",
        ],
    ),
    (
        3,
        "Protection, Recovery and Reintegration",
        "III",
        [
            "victim identification guidelines",
            "systems for return and repatriation",
            "individualised, consensual protection and (re)integration support",
        ],
    ),
    (
        4,
        "Preventive Measures and Vulnerability Reduction",
        "IV",
        [
            "community protection and surveillance networks",
            "labour laws and policies protecting all workers, including inspections and complaint mechanisms",
            "cooperation with the private sector",
        ],
    ),
    (
        5,
        "Monitoring, Evaluation and Anti-Trafficking Data Systems",
        "V",
        [
            "data systems",
            "research and data analysis",
            "annual monitoring reports",
            "a final evaluation of SPA III",
        ],
    ),
]

PLANS = {
    "format": "commit-mef/plans",
    "version": 1,
    "plans": [
        {
            "code": "SPA I",
            "title": "COMMIT Sub-Regional Plan of Action I",
            "period": "2005-2007",
            "extension": None,
            "adopted": {"meeting": "SOM3", "place": "Hanoi", "date": "2005-03", "source": FACTS},
            "structure": "a set of projects",
            "areas": None,
            "areas_note": "area list not found",
            "targets": None,
        },
        {
            "code": "SPA II",
            "title": "COMMIT Sub-Regional Plan of Action II",
            "period": "2008-2010",
            "extension": None,
            "adopted": {"meeting": "IMM2", "place": "Beijing", "date": "2007-12", "source": FACTS},
            "structure": (
                "had a separate training and capacity-building area; monitored through annual "
                "monitoring reports"
            ),
            "areas": None,
            "areas_note": "area list not found",
            "targets": None,
        },
        {
            "code": "SPA III",
            "title": "COMMIT Sub-Regional Plan of Action III",
            "period": "2011-2013",
            "extension": {
                "to": "2014",
                "note": "extended by one year, partly to leave time to develop SPA IV in 2014",
                "source": REPORT,
            },
            "adopted": {
                "meeting": "IMM3",
                "place": "Hanoi",
                "date": "2012-02-16",
                "source": FACTS,
                "note": (
                    "drafted, deliberated and agreed in mid-late 2010 (report); endorsed at IMM3 in "
                    "February 2012 (press)"
                ),
            },
            "structure": (
                "five areas mirroring the MoU sections; targets and timelines given more prominence; "
                "training folded into each area instead of a separate area"
            ),
            "areas": [
                {"number": n, "title": t, "mou_section": sec, "objectives": objs, "source": REPORT}
                for n, t, sec, objs in SPA3_AREAS
            ],
            "areas_note": "area titles and objectives paraphrased from the report",
            "targets": None,
            "targets_note": "targets, indicators, baselines and numeric target values not found; the report describes results only",
        },
        {
            "code": "SPA IV",
            "title": "COMMIT Sub-Regional Plan of Action IV",
            "period": "2015-2018",
            "extension": None,
            "extension_note": "still being implemented in 2021",
            "adopted": {
                "meeting": "IMM4",
                "place": "Phnom Penh",
                "date": "2015-04",
                "source": FACTS,
            },
            "structure": (
                "results-based, with outcomes and outputs; standard M&E reporting templates adopted in "
                "2017"
            ),
            "areas": [
                {
                    "number": 4,
                    "title": "Protection",
                    "outcomes": [
                        {
                            "code": "4.1",
                            "statement": "victims are identified",
                            "outputs": [
                                {
                                    "code": "4.1.1",
                                    "statement": (
                                        "regional identification procedures based on commonly "
                                        "agreed indicators are agreed, implemented and reviewed"
                                    ),
                                },
                            ],
                        },
                        {
                            "code": "4.2",
                            "statement": "victims receive appropriate, rights-based protection and assistance",
                            "outputs": [
                                {
                                    "code": "4.2.1",
                                    "statement": "national referral mechanisms are operational",
                                },
                                {
                                    "code": "4.2.2",
                                    "statement": "victims are protected and assisted in destination and origin countries",
                                },
                            ],
                        },
                    ],
                    "source": FACTS,
                },
            ],
            "areas_note": (
                "only area 4 is known in detail; its other outcomes, outputs, indicators and targets, and "
                "the other areas' contents, were not found"
            ),
            "themes_from_press": {
                "themes": [
                    "policy and cooperation",
                    "prevention",
                    "protection",
                    "prosecution",
                    "monitoring and evaluation",
                ],
                "status": "themes only, as listed in press reports; area numbers and contents not found",
                "source": FACTS,
            },
            "targets": None,
        },
    ],
}


def population() -> None:
    codes = {
        "KHM",
        "CHN",
        "LAO",
        "MMR",
        "THA",
        "VNM",  # GMS
        "SAU",
        "MYS",
        "RUS",
        "GBR",
        "AUS",
        "USA",
        "IDN",
        "HKG",
        "MAC",
    }  # partners named in the report
    src = (
        (ROOT.parent / "shared" / "data" / "wdi" / "sp.pop.totl" / "data.csv")
        .read_bytes()
        .decode("utf-8")
    )
    lines = src.split("\r\n")
    out = [lines[0]]
    for line in lines[1:]:
        if not line:
            continue
        row = next(csv.reader(io.StringIO(line)))
        if row[1] in codes and int(row[2]) >= 2000:
            out.append(line)
    (DATA / "population.csv").write_bytes(("\r\n".join(out) + "\r\n").encode("utf-8"))
    print(len(out) - 1, "population rows")


if __name__ == "__main__":
    dump("mou.json", MOU)
    dump("meetings.json", MEETINGS)
    dump("plans.json", PLANS)
    population()
