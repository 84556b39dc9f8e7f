"""Pin the shipped SPA III dataset (``spa3_report.json``) to the text of the report.

The data file is read with :mod:`json` directly (not through the package's loaders) and checked
against ``tests/sources/spa3-final-report.txt`` in both directions:

* forward: every observation's ``as_written`` phrase occurs on the line it cites, inside the block
  of its country, and means exactly the ``value`` (or money amount) recorded;
* reverse: every number written in a country block of sections 2.2-2.6 is either used by an
  observation citing that line or listed, with a reason, in :data:`ALLOWLIST`.

So a figure added to the source, or dropped from the data, fails a test. The file itself is
written by ``scripts/gen_spa3.py`` from the tables in ``scripts/spa3/`` (one row per figure); a test
checks that the generator, run on them, writes the shipped file byte for byte.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "src" / "commit_mef" / "data" / "spa3_report.json"
SOURCE_FILE = ROOT / "tests" / "sources" / "spa3-final-report.txt"
GENERATOR = ROOT / "scripts" / "gen_spa3.py"

COUNTRY_BLOCKS = {
    "KHM": "CAMBODIA",
    "CHN": "CHINA",
    "LAO": "LAO PDR",
    "MMR": "MYANMAR",
    "THA": "THAILAND",
    "VNM": "VIET NAM",
}
AREA_SECTIONS = {"2.2": 1, "2.3": 2, "2.4": 3, "2.5": 4, "2.6": 5}

REQUIRED_FLAG_CODES = {
    "ambiguous-thousands-separator",
    "stated-equivalent-inconsistent",
    "contradiction",
    "possible-double-count",
    "inconsistent-counts",
    "growth-claim-inconsistent",
    "truncated-text",
    "per-event-count",
}
KNOWN_FLAG_CODES = REQUIRED_FLAG_CODES | {
    "action-reading",
    "bound-from-context",
    "duplicate-fact",
    "growth-claim-unverifiable",
    "partner-subnational",
    "period-from-context",
    "period-inferred",
    "period-not-stated",
    "period-past-plan",
}

# Numbers in the country blocks of sections 2.2-2.6 that are deliberately not figures of any
# observation. Keyed by (1-based line, token as it appears in the text); each entry says why.
ALLOWLIST: dict[tuple[int, str], str] = {
    (
        295,
        "2551",
    ): "Buddhist-era year in the title of Thailand's Anti-Trafficking in Persons Act B.E. 2551",
    (297, "one"): "part of the name 'One-Stop Service Centre', not a count",
}

# Multi-dot numbers are ambiguous (thousands separator or decimal point). The reading chosen for
# each is listed here; any other such number makes the parser fail.
AMBIGUOUS_READINGS: dict[str, str] = {
    # Myanmar "MMK 12.042.358 million": 12,042.358 million (about MMK 12.04 billion) is the only
    # reading that fits the stated USD 11.6 million (about 1,038 MMK per US$); the other reading,
    # 12,042,358 million, would be about a thousand times too large.
    "12.042.358": "12042.358",
}

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "once": 1,
    "two": 2,
    "twice": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
# Words that carry a number in running text (reverse check); "a"/"an" are left out on purpose.
NUMBER_WORD_RE = re.compile(
    r"\b(one|once|two|twice|three|thrice|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
    r"hundred|thousand|first|second|third|fourth|fifth|half|double|doubled|triple|tripled|dozen)\b",
    re.IGNORECASE,
)
# A digit token: "1,191" / "246 660" (grouped thousands) or "496.82" / "12.042.358" / "2014".
DIGIT_RE = re.compile(r"\d{1,3}(?:[, ]\d{3})+(?![\d,])|\d+(?:\.\d+)*")
SCALES = {"thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9}
CURRENCY_WORDS = {
    "US$": "USD",
    "USD": "USD",
    "RMB": "CNY",
    "KHR": "KHR",
    "LAK": "LAK",
    "MMK": "MMK",
    "THB": "THB",
    "VND": "VND",
    "Saudi Riyal": "SAR",
}
APPROX_MARKERS = (
    "about",
    "approximately",
    "approx.",
    "nearly",
    "almost",
    "up to ",
    "at least",
    "over ",
    "more than",
    "on average",
)
MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
# The words that make a figure a floor or a ceiling ("about", "some", "on average" make it only
# approximate). "over" is matched as a word before a number, not as in "over the duration".
BOUND_MARKERS = {
    "lower": re.compile(r"\bat least\b|\bover \d|\bmore than \d", re.IGNORECASE),
    "upper": re.compile(r"\bnearly\b|\balmost\b|\bup to\b", re.IGNORECASE),
}
PERIOD_RE = re.compile(
    r"^\d{4}(-\d{2}(-\d{2})?)?$|^\d{4}-\d{4}$|^\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}$"
)

Obs = dict[str, Any]


# ------------------------------------------------------------------------------------ loading


@functools.cache
def dataset() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@functools.cache
def source_lines() -> tuple[str, ...]:
    # The text copy escapes dollar signs as "\$" (a Markdown conversion artefact); the report itself
    # writes "US$", and so does the data.
    text = SOURCE_FILE.read_text(encoding="utf-8").replace("\\$", "$")
    return tuple(text.split("\n"))


def line_text(number: int) -> str:
    return source_lines()[number - 1]


@functools.cache
def sections() -> dict[str, tuple[int, int]]:
    """Section number -> (first line, last line), 1-based, for sections 2.2-2.7."""
    lines = source_lines()
    starts: list[tuple[str, int]] = []
    for i, text in enumerate(lines, start=1):
        m = re.match(r"^(2\.[2-7]) : ", text)
        if m:
            starts.append((m.group(1), i))
        elif text.startswith("3. Conclusion"):
            starts.append(("3", i))
    return {name: (start, starts[k + 1][1] - 1) for k, (name, start) in enumerate(starts[:-1])}


def is_heading(text: str) -> bool:
    return (
        len(text) > 3 and text == text.upper() and re.fullmatch(r"[A-Z][A-Z -]+", text) is not None
    )


@functools.cache
def blocks() -> dict[tuple[str, str], tuple[int, int]]:
    """(section, heading) -> (first, last) line of the block under the heading, 1-based."""
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for name, (start, end) in sections().items():
        heads = [i for i in range(start + 1, end + 1) if is_heading(line_text(i))]
        for k, head in enumerate(heads):
            stop = heads[k + 1] - 1 if k + 1 < len(heads) else end
            out[(name, line_text(head))] = (head + 1, stop)
    return out


def observations() -> list[Obs]:
    obs: list[Obs] = dataset()["observations"]
    return obs


def indicators() -> dict[str, dict[str, Any]]:
    return {i["id"]: i for i in dataset()["indicators"]}


def country_observations(code: str) -> list[Obs]:
    return [o for o in observations() if o["source"]["block"] == COUNTRY_BLOCKS[code]]


# ------------------------------------------------------------------------------------ parsing


def parse_number(token: str) -> Decimal:
    """Read one digit token: "1,191", "246 660", "496.82"; multi-dot tokens need a listed reading."""
    if token.count(".") > 1:
        if token not in AMBIGUOUS_READINGS:
            raise ValueError(
                f"ambiguous number {token!r}: add its chosen reading to AMBIGUOUS_READINGS"
            )
        return Decimal(AMBIGUOUS_READINGS[token])
    return Decimal(token.replace(",", "").replace(" ", ""))


def parse_count(phrase: str) -> Decimal:
    """The count a phrase states: "approximately 2,000" -> 2000, "three databases" -> 3.

    "The first workshop" / "The second workshop" each denote one event.
    """
    m = DIGIT_RE.search(phrase)
    if m:
        return parse_number(m.group(0))
    if re.match(r"^the (first|second|third) ", phrase, re.IGNORECASE):
        return Decimal(1)
    for word in re.findall(r"[A-Za-z]+", phrase):
        if word.lower() in NUMBER_WORDS:
            return Decimal(NUMBER_WORDS[word.lower()])
    raise ValueError(f"no count in {phrase!r}")


def parse_money(phrase: str) -> tuple[Decimal, str]:
    """Amount and ISO currency of a phrase: "about 149 million KHR" -> (149000000, "KHR")."""
    m = re.search(r"(" + DIGIT_RE.pattern + r")(?:\s*(thousand|million|billion))?", phrase)
    if not m:
        raise ValueError(f"no amount in {phrase!r}")
    amount = parse_number(m.group(1))
    if m.group(2):
        amount *= SCALES[m.group(2)]
    found = {
        iso
        for word, iso in CURRENCY_WORDS.items()
        if re.search(r"(?<![A-Za-z])" + re.escape(word), phrase)
    }
    if len(found) != 1:
        raise ValueError(f"expected one currency in {phrase!r}, found {sorted(found)}")
    return amount, found.pop()


def parse_time(phrase: str) -> str:
    """The period a time phrase names: "May 2013" -> "2013-05", "Between 2013 and 2014" -> "2013-2014"."""
    if m := re.search(r"(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})", phrase):
        return f"{m.group(3)}-{MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}"
    if m := re.search(r"(" + "|".join(MONTHS) + r") (\d{4})", phrase):
        return f"{m.group(2)}-{MONTHS[m.group(1)]:02d}"
    if m := re.search(r"(\d{4})\s*(?:-|and|to)\s*(\d{4})", phrase):
        return f"{m.group(1)}-{m.group(2)}"
    if m := re.fullmatch(r"(?:In )?(\d{4})", phrase):
        return m.group(1)
    raise ValueError(f"no time in {phrase!r}")


def number_tokens(text: str) -> set[str]:
    """Every number written in a text: digit tokens as written, number words lower-cased."""
    tokens = {m.group(0) for m in DIGIT_RE.finditer(text)}
    tokens |= {m.group(0).lower() for m in NUMBER_WORD_RE.finditer(text)}
    return tokens


def string_leaves(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        yield str(value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from string_leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from string_leaves(v)


def used_tokens(section: str, block: str, line: int) -> set[str]:
    """Numbers that the observations citing a line account for (as_written, period, details)."""
    used: set[str] = set()
    for o in observations():
        src = o["source"]
        if (src["section"], src["block"], src["line"]) != (section, block, line):
            continue
        texts = [o["as_written"], o["period"], o["details"]]
        if o["stated_equivalent"] is not None:
            texts.append(o["stated_equivalent"]["as_written"])
        for leaf in string_leaves(texts):
            used |= number_tokens(leaf)
    return used


# ------------------------------------------------------------------------------------ checks


def check_value(o: Obs, indicator: dict[str, Any]) -> None:
    """Assert that the recorded value is what the as_written phrase means."""
    oid = o["id"]
    kind = indicator["kind"]
    phrase: str | None = o["as_written"]
    if kind == "count":
        assert phrase is not None, f"{oid}: a count needs its as_written phrase"
        assert isinstance(o["value"], str), oid
        assert Decimal(o["value"]) == parse_count(phrase), f"{oid}: {o['value']} != {phrase!r}"
        assert o["unit"] == indicator["unit"], oid
        return
    assert o["unit"] is None, oid
    if kind == "money":
        assert phrase is not None, f"{oid}: money needs its as_written phrase"
        assert set(o["value"]) == {"amount", "currency"}, oid
        amount, currency = parse_money(phrase)
        assert (Decimal(o["value"]["amount"]), o["value"]["currency"]) == (amount, currency), oid
        return
    if kind == "milestone":
        assert o["value"] in (True, False, None), oid
    else:
        assert isinstance(o["value"], str), oid
        assert o["value"], oid
    if phrase is not None:
        assert parse_time(phrase) == o["period"], f"{oid}: {phrase!r} does not name {o['period']}"


def check_stated_equivalent(o: Obs, text: str) -> None:
    """Assert that a stated equivalent is written on the same line and read exactly."""
    stated = o["stated_equivalent"]
    if stated is None:
        return
    oid = o["id"]
    assert indicators()[o["indicator"]]["kind"] == "money", oid
    assert stated["as_written"] in text, f"{oid}: {stated['as_written']!r} not on its line"
    amount, currency = parse_money(stated["as_written"])
    assert (Decimal(stated["amount"]), stated["currency"]) == (amount, currency), oid
    assert stated["approximate"] == any(m in stated["as_written"] for m in APPROX_MARKERS), oid


def check_observation(o: Obs) -> None:
    """Assert that one observation agrees with the line of the report it cites."""
    src = o["source"]
    oid = o["id"]
    assert src["document"] == "spa3-final-report", oid
    first, last = blocks()[(src["section"], src["block"])]
    assert first <= src["line"] <= last, (
        f"{oid}: line {src['line']} outside block {src['block']} ({first}-{last})"
    )
    if src["section"] in AREA_SECTIONS:
        assert src["area"] == AREA_SECTIONS[src["section"]] == o["area"], oid
    text = line_text(src["line"])
    indicator = indicators()[o["indicator"]]
    phrase: str | None = o["as_written"]
    if phrase is not None:
        assert phrase in text, f"{oid}: {phrase!r} not on line {src['line']}"
        if any(m in phrase for m in APPROX_MARKERS):
            assert o["approximate"] is True, f"{oid}: {phrase!r} is approximate"
    check_value(o, indicator)
    check_stated_equivalent(o, text)
    if o["approximate"]:
        assert any(m in text for m in APPROX_MARKERS), (
            f"{oid}: approximate, but no qualifier on the line"
        )
    covers = o["details"].get("covers")
    if covers is not None:
        assert f"({covers})" in text, f"{oid}: plan period {covers} not on line"
    for dim, code in o["disaggregation"].items():
        assert code in indicator["dimensions"].get(dim, []), (
            f"{oid}: {dim}={code!r} not in codelist"
        )
    if o["period"] is not None:
        assert PERIOD_RE.match(o["period"]), f"{oid}: bad period {o['period']!r}"


@pytest.mark.parametrize("code", list(COUNTRY_BLOCKS))
def test_every_observation_matches_its_line(code: str) -> None:
    """Each figure of a country is written on the line it cites, inside the country's block."""
    obs = country_observations(code)
    assert obs, f"no observations for {code}"
    for o in obs:
        check_observation(o)


def test_case_study_observations_match_their_lines() -> None:
    """Figures from the case studies (section 2.7) are pinned the same way."""
    obs = [o for o in observations() if o["source"]["section"] == "2.7"]
    assert obs
    for o in obs:
        check_observation(o)


@pytest.mark.parametrize("code", list(COUNTRY_BLOCKS))
def test_every_number_in_the_country_blocks_is_accounted_for(code: str) -> None:
    """Every number in the country's blocks of sections 2.2-2.6 is in the data or allowlisted."""
    heading = COUNTRY_BLOCKS[code]
    missing: list[str] = []
    for section in AREA_SECTIONS:
        first, last = blocks()[(section, heading)]
        for line in range(first, last + 1):
            written = number_tokens(line_text(line))
            unaccounted = (
                written
                - used_tokens(section, heading, line)
                - {tok for (ln, tok) in ALLOWLIST if ln == line}
            )
            missing += [f"{section} {heading} line {line}: {tok!r}" for tok in sorted(unaccounted)]
    assert not missing, "numbers in the report not in the data:\n" + "\n".join(missing)


def test_allowlist_entries_are_still_in_the_source() -> None:
    """A stale allowlist entry would hide nothing and should go."""
    for (line, token), reason in ALLOWLIST.items():
        assert reason
        assert token in number_tokens(line_text(line)), (line, token)


def test_blocks_cover_six_countries_in_each_area() -> None:
    for section in AREA_SECTIONS:
        assert {h for (s, h) in blocks() if s == section} == set(COUNTRY_BLOCKS.values()), section


def test_ids_unique_and_references_resolve() -> None:
    obs = observations()
    ids = [o["id"] for o in obs]
    assert len(ids) == len(set(ids))
    known = set(ids)
    inds = indicators()
    assert len(inds) == len(dataset()["indicators"])
    for o in obs:
        assert o["indicator"] in inds, o["id"]
        assert ("country" in o) != ("countries" in o), o["id"]
        if "countries" in o:
            assert len(o["countries"]) == 2, o["id"]
            assert len(set(o["countries"])) == 2, o["id"]
        for link in ("subset_of", "same_as"):
            if o[link] is not None:
                assert o[link] in known, o["id"]
                assert o[link] != o["id"], o["id"]
        assert o["bound"] in (None, "lower", "upper"), o["id"]
        for f in o["flags"]:
            for rel in f.get("related", []):
                assert rel in known, (o["id"], rel)
                assert rel != o["id"], o["id"]


def place(o: Obs) -> set[str]:
    """The countries of a figure: one, or the two of a bilateral fact."""
    return set(o["countries"]) if "countries" in o else {o["country"]}


def years(period: str) -> int:
    first, _, last = period.partition("-")
    return int(last or first) - int(first) + 1


# A fact reported undated and then with its year: the undated report names the dated one, so the
# dated one is counted (the engine keeps the figure the links point to).
DATED_KEPT = {"MMR.2.policy.return_guidelines"}


def test_same_as_links_name_the_first_report_of_the_same_fact() -> None:
    """A figure reported again names the first report of it (``same_as``): a figure of the same
    indicator, of the same country or sharing a partner, earlier in the report (or, in
    :data:`DATED_KEPT`, the later report that gives the year) and not itself a
    repeat; a flag on the repeat names the first (the reading, in words); both lines are inside
    their blocks; and the two say the same, or the repeat is the yearly average of the first."""
    obs = observations()
    position = {o["id"]: k for k, o in enumerate(obs)}
    by_id = {o["id"]: o for o in obs}
    linked = [o for o in obs if o["same_as"] is not None]
    assert linked
    for o in linked:
        oid = o["id"]
        assert o["same_as"] in by_id, f"{oid}: same_as names no figure"
        first = by_id[o["same_as"]]
        assert first["indicator"] == o["indicator"], oid
        assert place(first) & place(o), f"{oid}: {place(o)} and {place(first)} share no country"
        assert first["same_as"] is None, f"{oid}: link to the first report, not to a repeat"
        if oid in DATED_KEPT:
            # the undated report names the later, dated one, which is the one counted
            assert position[first["id"]] > position[oid], oid
            assert first["period"] != o["period"], oid
            assert first["period"] is not None, oid
            assert PERIOD_RE.match(first["period"]), oid
            assert "-" not in first["period"], f"{oid}: {first['period']} is not a year"
        else:
            assert position[first["id"]] < position[oid], f"{oid}: the later report names the first"
        assert o["subset_of"] is None, f"{oid}: a repeat is not a part"
        assert any(first["id"] in f.get("related", []) for f in o["flags"]), (
            f"{oid}: no flag names {first['id']}"
        )
        for row in (o, first):
            src = row["source"]
            start, end = blocks()[(src["section"], src["block"])]
            assert start <= src["line"] <= end, row["id"]
        if o["value"] != first["value"]:
            # a restatement of one allocation as its yearly average (VND 54 billion of 270)
            assert (o["basis"], first["basis"], o["period"]) == (
                "per-year",
                "total",
                first["period"],
            )
            amount, total = Decimal(o["value"]["amount"]), Decimal(first["value"]["amount"])
            assert amount * years(o["period"]) == total, oid


def test_bounds_are_backed_by_their_phrase() -> None:
    """``bound`` is ``lower`` where the phrase says "at least", "over", "more than" and ``upper``
    where it says "nearly", "almost", "up to"; "about", "some", "on average" give no bound. A
    bound read from a qualifier elsewhere on the line carries ``bound-from-context``."""
    bounded = 0
    for o in observations():
        oid = o["id"]
        said = {b for b, marker in BOUND_MARKERS.items() if marker.search(o["as_written"] or "")}
        if o["bound"] is None:
            assert not said, f"{oid}: {o['as_written']!r} gives a bound ({said})"
            continue
        bounded += 1
        assert o["bound"] in BOUND_MARKERS, oid
        assert o["approximate"] is True, f"{oid}: a bound is approximate"
        if said:
            assert said == {o["bound"]}, f"{oid}: {o['as_written']!r} gives {said}"
            continue
        assert "bound-from-context" in {f["code"] for f in o["flags"]}, oid
        assert BOUND_MARKERS[o["bound"]].search(line_text(o["source"]["line"])), oid
    assert bounded


def test_no_count_lacks_a_code_that_the_other_counts_of_its_cell_have() -> None:
    """A figure without a code for a dimension that another figure of the same cell (indicator,
    country, period, basis) has would read as their total (SDMX _T); the report never says so,
    and where it does not give the role or level the code is ``not stated``."""
    cells: dict[tuple[str, ...], list[Obs]] = defaultdict(list)
    for o in observations():
        where = "-".join(sorted(place(o)))
        cells[(o["indicator"], where, o["period"] or "", o["basis"])].append(o)
    for key, rows in cells.items():
        for dim in indicators()[key[0]]["dimensions"]:
            missing = [o["id"] for o in rows if dim not in o["disaggregation"]]
            assert len(missing) in (0, len(rows)), f"{key}: {missing} have no {dim} code"


def test_flags_are_known_and_required_ones_present() -> None:
    seen: set[str] = set()
    for o in observations():
        for f in o["flags"]:
            assert f["code"] in KNOWN_FLAG_CODES, (o["id"], f["code"])
            assert f["severity"] in {"info", "warning", "error"}, o["id"]
            assert f["note"], o["id"]
            seen.add(f["code"])
    assert seen >= REQUIRED_FLAG_CODES, REQUIRED_FLAG_CODES - seen


def test_indicators_are_well_formed() -> None:
    for i in dataset()["indicators"]:
        assert re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", i["id"]), i["id"]
        assert i["kind"] in {
            "count",
            "money",
            "percentage",
            "ratio",
            "milestone",
            "ordinal",
            "qualitative",
        }
        assert i["direction"] in {"increase", "decrease", "maintain"}
        assert i["over_time"] in {"sum", "last", "max", "any", "all", "none"}
        assert i["across_countries"] in {"sum", "count_achieved", "weighted_mean", "none"}
        if i["kind"] == "milestone":
            assert (i["over_time"], i["across_countries"], i["unit"]) == (
                "any",
                "count_achieved",
                None,
            ), i["id"]
        if i["kind"] == "money":
            assert i["unit"] == "currency", i["id"]
        assert i["area"] is None or 1 <= i["area"] <= 5


def test_specific_readings() -> None:
    """The judgement calls on ambiguous figures, pinned explicitly."""
    by_id = {o["id"]: o for o in observations()}
    assert by_id["MMR.1.budget"]["value"] == {"amount": "12042358000", "currency": "MMK"}
    assert by_id["THA.1.budget.2015"]["period"] == "2014-10-01/2015-09-30"
    # "In 2014" read as Thailand's budget year 2014, beside its budget year 2015
    tha = by_id["THA.1.budget.2014"]
    assert (tha["period"], tha["as_written"]) == ("2013-10-01/2014-09-30", "THB 210 million")
    assert "In 2014, Thailand allocated THB 210 million" in line_text(tha["source"]["line"])
    assert "period-inferred" in {f["code"] for f in tha["flags"]}
    # Viet Nam's yearly average restates the five-year allocation: the same money, not a part
    vnm = by_id["VNM.1.budget.per_year"]
    assert (vnm["same_as"], vnm["subset_of"]) == ("VNM.1.budget.total", None)
    assert {o["id"]: o["same_as"] for o in observations() if o["same_as"]} == {
        "THA.1.agreement.khm_formalized": "KHM.1.agreement.tha_mou_amended",
        "LAO.1.agreement.chn_formalized": "CHN.1.agreement.lao_2014",
        "LAO.1.agreement.chn_2014": "CHN.1.agreement.lao_2014",
        "THA.1.agreement.lao_formalized": "LAO.1.agreement.tha_formalized",
        "VNM.1.budget.per_year": "VNM.1.budget.total",
        "VNM.1.agreement.lao_mou": "LAO.1.agreement.vnm_formalized",
        "VNM.1.agreement.tha_mou": "THA.1.agreement.vnm_formalized",
        "VNM.1.agreement.tha_sop": "THA.1.agreement.vnm_sop",
        "MMR.2.policy.return_guidelines": "MMR.3.policy.return_guidelines",
        "MMR.2.events.national_trainings": "MMR.1.events.national_trainings",
        "CHN.3.offices.blo": "CHN.1.offices.blo",
        "MMR.3.agreement.tha_sop": "THA.1.agreement.mmr_sop",
        "VNM.3.agreement.khm_sop": "VNM.1.agreement.khm_sop",
        "VNM.3.agreement.tha_sop": "THA.1.agreement.vnm_sop",
    }
    assert {o["id"]: o["bound"] for o in observations() if o["bound"]} == {
        "CHN.1.events.national_training": "lower",
        "CHN.1.events.provincial_training": "lower",
        "VNM.1.training": "lower",
        "CHN.3.training.relief_staff": "upper",
    }
    assert (
        by_id["CHN.2.training.prosecutors_investigators"]["subset_of"]
        == "CHN.2.training.law_enforcement"
    )
    for oid in (
        "KHM.1.training.regional_per_event.government",
        "KHM.1.training.regional_per_event.ngo",
    ):
        assert by_id[oid]["basis"] == "per-event"
        assert "per-event-count" in {f["code"] for f in by_id[oid]["flags"]}


# The facts the number scan cannot see (yes/no facts and texts without a number phrase), each
# pinned by a key phrase of its line, recorded as ``details.pin``.
PINNED = {
    "KHM.1.agreement.action_plans_sops": 101,
    "KHM.1.monitoring.victims_consulted": 105,
    "CHN.1.monitoring.victims_consulted": 115,
    "LAO.1.agreement.action_plans_sops": 121,
    "LAO.1.monitoring.victims_consulted": 123,
    "VNM.1.agreement.plans_of_action": 147,
    "VNM.1.activity.bilateral_meetings": 147,
    "VNM.1.institution.blo": 147,
    "CHN.3.repatriation.non_bordering": 215,
    "THA.3.repatriation.khm": 239,
    "THA.3.repatriation.chn_yunnan": 239,
    "THA.3.repatriation.lao": 239,
    "THA.3.repatriation.mmr": 239,
    "THA.3.repatriation.vnm": 239,
    "LAO.4.agreement.tha_labour_mou": 277,
    "MMR.4.law.return_penalty_revoked": 287,
    "THA.4.institution.oss": 297,
    "THA.4.law.fishing_vessels": 297,
    "LAO.5.database.national": 339,
    "MMR.5.database.integrated": 343,
}


def test_facts_without_a_number_are_pinned_by_a_phrase_of_their_line() -> None:
    """Each yes/no fact added in the second reading cites the line it is on: its ``pin`` phrase
    is on that line, inside its country's block; every pin in the data is checked the same way."""
    by_id = {o["id"]: o for o in observations()}
    assert {oid: by_id[oid]["source"]["line"] for oid in PINNED} == PINNED
    pinned = [o for o in observations() if "pin" in o["details"]]
    assert {o["id"] for o in pinned} >= set(PINNED)
    for o in pinned:
        assert o["details"]["pin"] in line_text(o["source"]["line"]), o["id"]
        check_observation(o)


def test_the_second_reading_records_the_noes_and_the_actions_as_written() -> None:
    """A "no" is a figure: Lao PDR's national database and Myanmar's integrated system are not
    yet there (false). An agreement "formalized" or "agreed", a body whose establishment was
    "initiated", a regulation "revoked" keep the text's verb in ``details.action`` and a flag."""
    by_id = {o["id"]: o for o in observations()}
    assert by_id["LAO.5.database.national"]["value"] is False
    assert by_id["MMR.5.database.integrated"]["value"] is False
    actions = {
        "LAO.1.agreement.chn_formalized": "formalized",
        "THA.1.agreement.khm_formalized": "formalized",
        "VNM.3.agreement.lao_victim_receipt": "agreed",
        "THA.1.institution.policy_committee": "initiated the establishment",
        "MMR.4.law.return_penalty_revoked": "revoked",
        "LAO.4.agreement.tha_labour_mou": "implementation continued",
    }
    for oid, action in actions.items():
        assert by_id[oid]["details"]["action"] == action, oid
        assert "action-reading" in {f["code"] for f in by_id[oid]["flags"]}, oid
    # items that may predate SPA III keep no period, as the Lao decrees do
    for oid in (
        "VNM.2.law.penal_code_119_120",
        "VNM.3.law.criminal_procedure_code",
        "CHN.5.database.information_system",
        "CHN.5.database.dna",
        "LAO.4.agreement.tha_labour_mou",
    ):
        assert by_id[oid]["period"] is None, oid
        assert "period-not-stated" in {f["code"] for f in by_id[oid]["flags"]}, oid
    # Cambodia's "per year" names no years, as China's does not
    assert "period-from-context" in {f["code"] for f in by_id["KHM.1.budget.mowa"]["flags"]}
    for oid in ("VNM.1.budget.total", "VNM.1.budget.per_year", "THA.1.budget.2015"):
        assert "period-past-plan" in {f["code"] for f in by_id[oid]["flags"]}, oid
    pairs = {
        ("MMR.2.training.law_enforcement_600", "MMR.2.training.law_enforcement_1109"),
        ("LAO.1.training.front_line_police", "LAO.2.training.law_enforcement"),
    }
    for a, b in pairs:
        for x, y in ((a, b), (b, a)):
            assert any(
                f["code"] == "possible-double-count" and y in f["related"]
                for f in by_id[x]["flags"]
            ), x
    rate = next(f for f in by_id["MMR.1.budget"]["flags"] if f["code"].startswith("stated"))
    assert "1,038 MMK per US$" in rate["note"]


def test_parsers() -> None:
    assert parse_money("about 149 million KHR") == (Decimal("149000000"), "KHR")
    assert parse_money("USD 246 660") == (Decimal("246660"), "USD")
    assert parse_money("2 billion LAK") == (Decimal("2000000000"), "LAK")
    assert parse_money("MMK 12.042.358 million") == (Decimal("12042358000"), "MMK")
    assert parse_count("1,191") == Decimal(1191)
    assert parse_count("twice per year on average") == Decimal(2)
    assert parse_time("Between 2013 and 2014") == "2013-2014"
    assert parse_time("23 September 2014") == "2014-09-23"
    with pytest.raises(ValueError, match="ambiguous number"):
        parse_number("1.234.567")


def test_file_is_canonically_formatted() -> None:
    """UTF-8, 2-space indent, trailing newline: regenerating the file gives the same bytes."""
    text = DATA_FILE.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    assert dataset()["format"] == "commit-mef/observations"
    assert dataset()["version"] == 1


@pytest.mark.skipif(not GENERATOR.exists(), reason="scripts/ is not part of the sdist")
def test_generator_writes_the_shipped_file_from_the_tables(tmp_path: Path) -> None:
    """``scripts/gen_spa3.py`` run on ``scripts/spa3/`` reproduces the data file byte for byte."""
    out = tmp_path / "spa3_report.json"
    subprocess.run(
        [sys.executable, str(GENERATOR), str(out)], check=True, capture_output=True, timeout=120
    )
    assert out.read_bytes() == DATA_FILE.read_bytes()
