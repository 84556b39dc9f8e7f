"""IATI 2.03: documents valid against the official XSD, results and budgets as IATI wants them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from _spa4 import spa4_figures, spa4_plan
from commit_mef import Budget, Money, ObservationTable, Period, datasets
from commit_mef.errors import ExportError
from commit_mef.io import IatiOrganisation, split_budget, to_iati, write_iati
from commit_mef.money import Budget as _Budget
from commit_mef.testing import iati_organisations

_SCHEMA = Path(__file__).parent / "data" / "iati-2.03" / "iati-activities-schema.xsd"
ORG = IatiOrganisation(ref="XM-EXAMPLE-1", name="An example secretariat", type="40")
WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _valid(xml: bytes) -> etree._Element:
    schema = etree.XMLSchema(etree.parse(str(_SCHEMA)))
    root = etree.fromstring(xml)
    assert schema.validate(root), schema.error_log
    return root


def _spa3_budgets() -> list[Budget]:
    """The SPA III report's budgets that are totals over their period (as reported)."""
    report = datasets.spa3_report()
    found = []
    for obs in report.observations_of("budget.allocation"):
        if obs.basis.value == "total" or (
            obs.basis.value == "per-year" and obs.period is not None and obs.period.days <= 366
        ):
            assert isinstance(obs.value, Money)
            assert obs.period is not None
            found.append(_Budget(amount=obs.value, period=obs.period, recipient=str(obs.country)))
    return found


def test_the_tutorial_spa4_plan_validates_with_targets_and_actuals() -> None:
    plan, figures = spa4_plan(), spa4_figures()
    xml = to_iati(plan, figures, reporting_org=ORG, as_of=dt.date(2015, 12, 31), generated=WHEN)
    root = _valid(xml)
    indicators = root.findall(".//result/indicator")
    assert len(indicators) == len(list(plan.targets()))
    by_ref = {i.find("reference").get("code"): i for i in indicators}
    trained = by_ref["4.1.1.b"]  # 600 more officials trained in Lao PDR; 150 in 2015
    assert trained.get("measure") == "1"
    assert trained.get("ascending") == "1"
    assert trained.get("aggregation-status") == "1"
    assert trained.find("baseline").get("value") == "440"
    assert trained.find("period/target").get("value") == "600"
    assert trained.find("period/actual").get("value") == "150"
    nrm = by_ref["4.2.1.a"]  # a milestone
    assert nrm.get("measure") == "3"
    assert nrm.get("aggregation-status") == "0"
    results = root.findall(".//result")
    assert {r.get("type") for r in results} <= {"1", "2"}
    assert root.find(".//iati-identifier").text == "XM-EXAMPLE-1-SPA-IV"
    assert root.get("version") == "2.03"


def test_the_spa3_plan_and_its_budgets_validate_with_each_budget_at_most_a_year() -> None:
    report = datasets.spa3_report()
    budgets = _spa3_budgets()
    assert budgets
    xml = to_iati(
        report.plan, report.observations, reporting_org=ORG, budgets=budgets, generated=WHEN
    )
    root = _valid(xml)
    elements = root.findall(".//budget")
    assert len(elements) >= len(budgets)
    for element in elements:
        start = dt.date.fromisoformat(element.find("period-start").get("iso-date"))
        end = dt.date.fromisoformat(element.find("period-end").get("iso-date"))
        assert (end - start).days <= 365
        value = element.find("value")
        assert value.get("value-date") == start.isoformat()
        assert len(value.get("currency")) == 3
    # the amounts written add up to the budgets, currency by currency
    for currency in {b.amount.currency.code for b in budgets}:
        written = sum(
            Decimal(e.find("value").text)
            for e in elements
            if e.find("value").get("currency") == currency
        )
        assert written == sum(
            b.amount.amount for b in budgets if b.amount.currency.code == currency
        )
    notes = root.findall(".//description[@type='4']/narrative")
    assert len(notes) == sum(1 for b in budgets if b.period.days > 366)


def test_revised_and_indicative_budgets_use_iati_codes() -> None:
    original = Budget(amount=Money("100", "USD"), period=Period.year(2016), kind="indicative")
    revised = Budget(
        amount=Money("80", "USD"), period=Period.year(2016), status="revised", revises=original
    )
    root = _valid(
        to_iati(
            spa4_plan(),
            spa4_figures(),
            reporting_org=ORG,
            budgets=[original, revised],
            generated=WHEN,
        )
    )
    assert [(b.get("type"), b.get("status")) for b in root.findall(".//budget")] == [
        ("1", "1"),
        ("2", "2"),
    ]


def test_a_plan_without_a_reporting_organisation_lists_every_gap(tmp_path: Path) -> None:
    path = tmp_path / "activity.xml"
    with pytest.raises(ExportError) as info:
        write_iati(
            spa4_plan(), ObservationTable.empty(), path, reporting_org=None, budgets=["USD 5"]
        )
    assert [p.path for p in info.value.problems] == ["/reporting_org", "/table", "/budgets/0"]
    assert [p.location for p in info.value.problems] == ["reporting_org", "table", "budgets[0]"]
    assert not path.exists()


def test_write_iati_writes_the_document(tmp_path: Path) -> None:
    path = tmp_path / "activity.xml"
    write_iati(spa4_plan(), spa4_figures(), path, reporting_org=ORG, generated=WHEN)
    assert path.read_bytes() == to_iati(
        spa4_plan(), spa4_figures(), reporting_org=ORG, generated=WHEN
    )


@given(
    st.integers(0, 10**12),
    st.integers(2000, 2030),
    st.integers(0, 5),
    st.sampled_from(["USD", "VND", "KHR"]),
)
def test_a_split_budget_adds_up_and_each_part_is_a_year_or_less(
    units: int, first: int, extra: int, code: str
) -> None:
    amount = Money(Decimal(units).scaleb(-2) if code != "VND" else Decimal(units), code)
    budget = Budget(amount=amount, period=Period.years(first, first + extra))
    parts, note = split_budget(budget)
    assert sum((m.amount for _, m in parts), Decimal(0)) == amount.amount
    assert all(p.days <= 366 for p, _ in parts)
    assert [p for p, _ in parts] == list(budget.period.split_by_year())
    assert (note is None) == (extra == 0)


def test_a_fiscal_year_budget_stays_whole() -> None:
    from commit_mef import fiscal_year

    budget = Budget(amount=Money("10", "THB"), period=fiscal_year("THA", 2015))
    parts, note = split_budget(budget)
    assert note is None
    assert parts == [(budget.period, budget.amount)]


@given(iati_organisations())
def test_any_reporting_organisation_gives_a_valid_document(org: IatiOrganisation) -> None:
    root = _valid(to_iati(spa4_plan(), spa4_figures(), reporting_org=org, generated=WHEN))
    assert root.find(".//iati-identifier").text == f"{org.ref}-SPA-IV"
    assert root.find(".//reporting-org").get("type") == org.type
