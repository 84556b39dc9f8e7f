"""The shipped datasets: provenance of every file, and the loaders."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from importlib.resources import files

import pytest

from commit_mef import (
    GMS,
    CommitMefError,
    Country,
    MissingDataError,
    Money,
    Period,
    UnknownCountryError,
    aggregate,
)
from commit_mef.aggregation import AggregateResult
from commit_mef.datasets import (
    MeetingKind,
    Population,
    list_datasets,
    meetings,
    mou,
    plan,
    plans,
    population,
    rates,
    spa3_report,
)
from commit_mef.observations import Bound, CountryPair, ObservationTable
from commit_mef.plans import ResultLevel
from commit_mef.rates import RateTable

DATA = files("commit_mef").joinpath("data")


def shipped_files() -> list[str]:
    return sorted(p.name for p in DATA.iterdir() if p.is_file() and p.name not in {"PROVENANCE.md"})


def test_every_shipped_file_is_listed_in_provenance_with_its_checksum() -> None:
    listed = {d.file: d for d in list_datasets()}
    assert sorted(listed) == shipped_files()
    for info in listed.values():
        actual = hashlib.sha256(DATA.joinpath(info.file).read_bytes()).hexdigest()
        assert info.sha256 == actual, f"update the sha256 of {info.file} in PROVENANCE.md"
        assert info.source, info.file
        assert info.licence, info.file


@pytest.mark.parametrize("name", [n for n in shipped_files() if n.endswith(".json")])
def test_every_json_file_parses(name: str) -> None:
    assert isinstance(json.loads(DATA.joinpath(name).read_bytes()), dict)


def test_meetings_are_in_date_order_and_joint_meetings_point_to_each_other() -> None:
    found = meetings()
    starts = [m.period.start for m in found]
    assert starts == sorted(starts)
    by_code = {m.code: m for m in found if m.code}
    assert by_code["IMM2"].joint_with == "SOM5"
    assert by_code["SOM5"].joint_with == "IMM2"
    assert by_code["IMM1"].period == Period.parse("2004-10-29")
    assert by_code["IMM4"].country == GMS[0]
    assert [m.code for m in found if m.kind is MeetingKind.IMM] == ["IMM1", "IMM2", "IMM3", "IMM4"]


def test_the_unknown_number_of_the_2015_som_stays_unknown() -> None:
    som_2015 = [m for m in meetings() if m.kind is MeetingKind.SOM and m.period.start.year == 2015]
    assert len(som_2015) == 1
    assert som_2015[0].number is None
    assert som_2015[0].code is None


def test_population_covers_the_six_countries_from_2000() -> None:
    pop = population()
    for member in GMS:
        for year in range(2000, 2025):
            assert pop.of(member, year) > 1_000_000
    assert pop.of("China", 2014) > 1_300_000_000


def test_population_rate_is_exact_per_100k() -> None:
    pop = Population.from_rows([("KHM", 2014, 16_000_000)])
    assert pop.rate(160, "KHM", 2014) == Decimal(1)
    assert pop.rate(160, "KHM", 2014, per=1_000_000) == Decimal(10)


def test_missing_population_says_what_the_table_has() -> None:
    with pytest.raises(
        MissingDataError, match=r"Thailand in 1990; the table has 2000-\d{4}"
    ) as info:
        population().of("THA", 1990)
    assert info.value.dataset == "population"
    with pytest.raises(MissingDataError, match="no figures for it"):
        population().of("FRA", 2014)
    with pytest.raises(UnknownCountryError):
        population().of("Atlantis", 2014)


# -- plans and the MoU ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["SPA III", "spa3", "SPAIII", "spa iii", "SPA-3", "COMMIT SPA III"]
)
def test_plan_accepts_the_common_spellings_of_a_code(code: str) -> None:
    assert plan(code).code == "SPA III"


def test_an_unknown_plan_lists_the_shipped_ones() -> None:
    with pytest.raises(MissingDataError, match="the package has SPA I, SPA II, SPA III, SPA IV"):
        plan("SPA V")
    with pytest.raises(MissingDataError):
        plan("NPA")
    with pytest.raises(TypeError):
        plan(3)  # type: ignore[arg-type]


def test_spa3_runs_2011_2013_extended_to_2014_with_five_areas() -> None:
    spa3 = plan("SPA III")
    assert spa3.period == Period.years(2011, 2013)
    assert spa3.extension == Period.year(2014)
    assert spa3.effective_period == Period.years(2011, 2014)
    assert [a.number for a in spa3.areas] == [1, 2, 3, 4, 5]
    assert [len(a.objectives) for a in spa3.areas] == [4, 4, 3, 3, 4]
    assert list(spa3.targets()) == []  # no targets were published


def test_spa4_has_only_what_the_record_gives_area_4_outcomes_and_outputs() -> None:
    spa4 = plan("SPA IV")
    assert spa4.period == Period.years(2015, 2018)
    (area,) = spa4.areas
    assert area.number == 4
    levels = [(o.id, o.level, o.parent) for o in area.objectives]
    assert levels == [
        ("spa4.4.1", ResultLevel.OUTCOME, None),
        ("spa4.4.1.1", ResultLevel.OUTPUT, "spa4.4.1"),
        ("spa4.4.2", ResultLevel.OUTCOME, None),
        ("spa4.4.2.1", ResultLevel.OUTPUT, "spa4.4.2"),
        ("spa4.4.2.2", ResultLevel.OUTPUT, "spa4.4.2"),
    ]


def test_spa1_and_spa2_have_no_invented_areas() -> None:
    assert [p.code for p in plans()] == ["SPA I", "SPA II", "SPA III", "SPA IV"]
    assert plan("SPA I").areas == ()
    assert plan("SPA II").areas == ()
    assert plan("SPA I").adopted is None  # only the month is known


def test_the_mou_keeps_unknown_article_texts_empty() -> None:
    m = mou()
    assert m.article_count == 34
    assert m.commitments == ()
    assert [c.alpha_3 for c in m.signatories] == [c.alpha_3 for c in GMS]
    assert m.with_texts({1: "my own copy of article 1"}).commitment(1).text == (
        "my own copy of article 1"
    )


# -- the SPA III report -------------------------------------------------------------------------
def test_the_loader_carries_same_as_and_bound() -> None:
    report = {o.id: o for o in spa3_report()}
    assert report["LAO.1.agreement.chn_2014"].same_as == "CHN.1.agreement.lao_2014"
    assert report["VNM.1.budget.per_year"].same_as == "VNM.1.budget.total"
    assert report["VNM.1.budget.per_year"].subset_of is None
    assert report["VNM.1.training"].bound is Bound.LOWER
    assert report["CHN.3.training.relief_staff"].bound is Bound.UPPER
    assert report["KHM.1.budget.mowa"].bound is None


def test_every_observation_has_a_source_line_and_a_known_indicator() -> None:
    report = spa3_report()
    ids = {i.id for i in report.indicators}
    for obs in report:
        assert obs.indicator in ids
        assert obs.source is not None
        assert obs.source.document == "spa3-final-report"
        assert obs.source.line is not None


def test_the_known_data_quality_problems_travel_with_their_figures() -> None:
    flags = {o.id: {f.code for f in o.flags} for o in spa3_report()}
    assert "ambiguous-thousands-separator" in flags["MMR.1.budget"]
    assert "stated-equivalent-inconsistent" in flags["VNM.1.budget.total"]
    assert "contradiction" in flags["CHN.1.offices.blo"]
    assert "contradiction" in flags["CHN.3.offices.blo"]
    assert "per-event-count" in flags["KHM.1.training.regional_per_event.government"]
    assert "growth-claim-inconsistent" in flags["THA.1.budget.2015"]
    assert "inconsistent-counts" in flags["LAO.2.training.investigators_prosecutors"]


def test_thailand_budget_year_2015_is_its_fiscal_year() -> None:
    obs = next(o for o in spa3_report() if o.id == "THA.1.budget.2015")
    assert obs.period == Period.parse("2014-10-01/2015-09-30")


def test_the_myanmar_budget_records_the_reading_that_fits_the_stated_dollars() -> None:
    obs = next(o for o in spa3_report() if o.id == "MMR.1.budget")
    assert str(obs.value) == "MMK 12,042,358,000.00"
    assert obs.as_written == "MMK 12.042.358 million"


# -- the questions the issue says a user answers in a few lines -------------------------------
def code(place: Country | CountryPair) -> str:
    return place.alpha_3 if isinstance(place, Country) else place.code


def test_budget_per_country_in_usd_with_the_rates_and_each_stated_check() -> None:
    from commit_mef.rates import check_stated

    report = spa3_report()
    table = rates()
    budgets = report.observations_of("budget.allocation").filter(
        predicate=lambda o: code(o.country) != "MMR" and o.subset_of is None
    )
    result = aggregate(
        budgets,
        report.indicator("budget.allocation"),
        by=("country",),
        currency="USD",
        rates=table,
        prorate=True,
    )
    totals = {code(row.key[0]): row.value for row in result}
    assert set(totals) == {"KHM", "CHN", "LAO", "THA", "VNM"}
    # Lao PDR: one figure, LAK 2 billion in 2014, at the 2014 WDI rate
    lao = totals["LAO"]
    assert isinstance(lao, Decimal)
    assert lao == (Decimal(2_000_000_000) / table.rate("LAK", 2014)).quantize(lao)
    assert result.conversions  # the rates used travel with the result
    verdicts = {
        o.id: check_stated(o.value, o.stated, table, over=o.period)  # type: ignore[arg-type]
        for o in report.observations_of("budget.allocation")
        if o.stated is not None and code(o.country) != "MMR"
    }
    assert verdicts["VNM.1.budget.total"] is not None
    flagged = {k for k, v in verdicts.items() if v is not None}
    assert flagged == {"VNM.1.budget.total"}


def test_people_trained_per_area_and_country() -> None:
    report = spa3_report()
    trained = report.observations_of("training.people_trained").filter(
        predicate=lambda o: o.basis.value == "total" and o.subset_of is None
    )
    by_country = aggregate(trained, report.indicator("training.people_trained"), by=("country",))
    lao = next(row.value for row in by_country if code(row.key[0]) == "LAO")
    expected = sum(
        (o.value for o in trained if code(o.country) == "LAO" and isinstance(o.value, Decimal)),
        start=Decimal(0),
    )
    assert lao == expected
    per_area: dict[int | None, Decimal] = {}
    for obs in trained:
        assert obs.source is not None
        assert isinstance(obs.value, Decimal)
        per_area[obs.source.area] = per_area.get(obs.source.area, Decimal(0)) + obs.value
    assert set(per_area) <= {1, 2, 3, 4, 5}
    assert sum(per_area.values()) == sum(row.value for row in by_country)  # type: ignore[misc]


def test_which_countries_adopted_a_national_plan_of_action_and_for_what_period() -> None:
    npas = {
        code(o.country): dict(o.details).get("covers")
        for o in spa3_report().observations_of("npa.adopted")
    }
    assert npas == {
        "KHM": "2014-2018",
        "CHN": "2013-2020",
        "LAO": "2013-2015",
        "MMR": "2012-2016",
        "THA": "2011-2016",
        "VNM": "2011-2015",
    }


def test_agreements_between_each_pair_of_countries() -> None:
    pairs: dict[str, set[str]] = {}
    for obs in spa3_report().observations_of("agreement.signed"):
        if obs.is_bilateral:
            pairs.setdefault(str(obs.country), set()).add(dict(obs.details).get("kind", ""))
    assert "MoU" in pairs[next(k for k in pairs if "Cambodia" in k and "Viet Nam" in k)]
    assert any("China" in k and "Lao PDR" in k for k in pairs)


# The distinct agreements of each pair, as the text gives them (line numbers of
# tests/sources/spa3-final-report.txt). An agreement "formalized" without a name is read as the named
# agreement of the pair where there is one; instruments of different kinds (an MoU, SOPs, a plan of
# action) are different agreements.
AGREEMENTS_PER_PAIR = {
    "CHN+LAO": 1,  # 113 and 123: the 2014 agreement; 121: "formalized" with China, read as it
    "CHN+VNM": 1,  # 147: Viet Nam's MoU with China
    "KHM+THA": 1,  # 101: the 2003 MoU amended in 2014; 139: "formalized" with Cambodia, read as it
    "KHM+VNM": 2,  # 101: the 2005 MoU amended in 2012; 147 and 249: the SOPs
    "LAO+THA": 2,  # 121 and 139: agreements "formalized" (both blocks); 277: MoU on Labour Cooperation
    "LAO+VNM": 2,  # 121 "formalized" and 147 the MoU, one agreement; 249: "similar systems" agreed
    "MMR+THA": 1,  # 139 and 231: the SOPs on return and repatriation
    "THA+VNM": 2,  # 139 "formalized" and 147 the MoU, one agreement; 139, 147 and 249: the SOPs
}


def test_the_distinct_agreements_of_each_pair_are_the_ones_the_text_names() -> None:
    """Per pair, the agreement.signed facts less those whose ``same_as`` target is present give
    the numbers a reader counts in the text; the regional count agrees."""
    rows = list(spa3_report().observations_of("agreement.signed"))
    present = {o.id for o in rows}
    distinct: dict[str, int] = {}
    for obs in rows:
        if obs.is_bilateral and obs.same_as not in present:
            distinct[code(obs.country)] = distinct.get(code(obs.country), 0) + 1
    assert distinct == AGREEMENTS_PER_PAIR
    (row,) = regional("agreement.signed")
    single = sum(1 for o in rows if not o.is_bilateral)  # China's treaties, action plans, plans
    assert (row.pairs, row.facts) == (len(AGREEMENTS_PER_PAIR), sum(distinct.values()) + single)


def test_the_myanmar_dollars_imply_a_rate_weaker_than_every_meaningful_year() -> None:
    """US$ 11.6 million for MMK 12,042.358 million is about 1,038 kyat per US$; the official rates
    are meaningful from 2012 and all stronger, so over 2012-2014 the stated figure is about 18% low
    (the numbers the flag note gives)."""
    from commit_mef.rates import check_stated

    obs = next(o for o in spa3_report() if o.id == "MMR.1.budget")
    assert isinstance(obs.value, Money)
    assert obs.stated is not None
    implied = obs.value.amount / obs.stated.amount
    assert round(implied) == 1038
    table = rates()
    annual = {year: table.rate("MMK", year) for year in (2012, 2013, 2014)}
    assert {y: round(r) for y, r in annual.items()} == {2012: 641, 2013: 934, 2014: 984}
    assert all(r < implied for r in annual.values())
    finding = check_stated(obs.value, obs.stated, table, over=Period.years(2012, 2014))
    assert finding is not None
    assert f"{finding.deviation:.0%}" in ("-18%", "18%")
    assert round(finding.expected.amount / 100_000) == 141  # about US$ 14.1 million
    note = next(f.note for f in obs.flags if f.code == "stated-equivalent-inconsistent")
    for number in ("1,038", "641", "934", "984", "853", "14.1 million", "18%"):
        assert number in note, number


# -- every indicator, the whole region ---------------------------------------------------------
# Why a total of the shipped figures may be refused: each is a decision the data cannot take
# (multiply a per-event count, drop a part or its whole, list texts, pick rates or a currency,
# accept a rate marked not meaningful). Anything else, a cell holding two values, is a data error.
EXPECTED_REFUSALS = (
    "given per event",
    "given per person",
    "is flagged as a subset of",
    "is qualitative",
    "the observations are in 6 currencies",
    "is marked not meaningful",
)


@pytest.mark.parametrize(
    ("indicator", "by"),
    [
        pytest.param(
            i.id,
            by,
            id=f"{i.id}-{'-'.join(by) or 'region'}",
        )
        for i in spa3_report().indicators
        for by in ((), ("country",))
    ],
)
def test_every_indicator_totals_or_refuses_for_a_decision_left_to_the_user(
    indicator: str, by: tuple[str, ...]
) -> None:
    """All the figures, and the figures once the user's decisions are taken (no per-event or
    per-person rate, no part beside its whole): totalled, or refused for one of those decisions."""
    report = spa3_report()
    every = report.observations_of(indicator)
    decided = every.filter(
        predicate=lambda o: o.basis.value not in ("per-event", "per-person") and o.subset_of is None
    )
    money: list[tuple[str | None, RateTable | None]] = [(None, None)]
    if indicator == "budget.allocation":
        money.append(("USD", RateTable.wdi()))
    for rows in (every, decided):
        for currency, rate_table in money:
            found = refusal(rows, indicator, by, currency=currency, rates=rate_table)
            assert found is None or any(r in found for r in EXPECTED_REFUSALS), found


def refusal(
    rows: ObservationTable,
    indicator: str,
    by: tuple[str, ...],
    *,
    currency: str | None,
    rates: RateTable | None,
) -> str | None:
    """Why :func:`aggregate` refuses these rows, or ``None`` when it totals them."""
    try:
        aggregate(rows, spa3_report().indicator(indicator), by=by, currency=currency, rates=rates)
    except CommitMefError as exc:
        return str(exc)
    return None


def regional(indicator: str, table: ObservationTable | None = None) -> AggregateResult:
    """The regional total (``by=()``) of one indicator, of all its figures or of ``table``."""
    report = spa3_report()
    rows = report.observations_of(indicator) if table is None else table
    return aggregate(rows, report.indicator(indicator), by=())


def test_the_regional_totals_count_each_fact_once() -> None:
    report = spa3_report()
    agreements = regional("agreement.signed")
    (row,) = agreements
    assert (row.value, row.facts, row.pairs) == (6, 16, 8)  # 22 figures, 6 of them repeats
    assert any("counted once" in a for a in agreements.assumptions)
    (row,) = regional("policy.adopted")
    assert (row.value, row.facts) == (4, 9)  # Myanmar's guidelines, in Areas 2 and 3
    events = regional("events.held")
    assert events.value() == Decimal(213)  # Myanmar's 37 national trainings counted once
    assert "lower-bound" in events.rows[0].flags  # China's "at least 6" (and 8) a year
    assert regional("offices.blo").value() == Decimal(8)  # China's 8 BLOs, Areas 1 and 3
    trained = report.observations_of("training.people_trained").filter(
        predicate=lambda o: o.basis.value == "total" and o.subset_of is None
    )
    people = regional("training.people_trained", trained)
    assert people.value() == Decimal(18468)  # every figure once: no total read into a breakdown
    assert {"lower-bound", "upper-bound"} <= set(people.rows[0].flags)
    by_country = aggregate(trained, report.indicator("training.people_trained"), by=("country",))
    assert {code(r.key[0]): r.value for r in by_country}["MMR"] == Decimal(2830)  # 12 included


def test_the_regional_budget_per_currency_and_in_usd() -> None:
    report = spa3_report()
    budget = report.indicator("budget.allocation")
    rows = report.observations_of("budget.allocation")
    per_currency = aggregate(rows, budget, by=("currency",), prorate=True)
    assert {r.key[0]: r.value for r in per_currency} == {
        "CNY": Decimal(220_000_000),
        "KHR": Decimal(596_000_000),
        "LAK": Decimal(2_000_000_000),
        "MMK": Decimal(12_042_358_000),
        "THB": Decimal(706_820_000),  # budget years 2014 and 2015
        "VND": Decimal(270_000_000_000),  # the yearly average is the same money
    }
    with pytest.raises(CommitMefError, match="MMK rate over 2011-2014 is marked not meaningful"):
        aggregate(rows, budget, by=(), currency="USD", rates=RateTable.wdi(), prorate=True)
    usd = aggregate(
        rows.filter(predicate=lambda o: code(o.country) != "MMR"),
        budget,
        by=(),
        currency="USD",
        rates=RateTable.wdi(),
        prorate=True,
    )
    total = usd.value()
    assert isinstance(total, Decimal)
    assert total.quantize(Decimal("0.01")) == Decimal("69558225.19")
