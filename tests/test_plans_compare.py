"""compare(): the areas of several plans lined up by what they continue, MoU section, then title."""

from __future__ import annotations

import pytest

from commit_mef import datasets
from commit_mef.errors import InvalidTypeError, ValidationError
from commit_mef.plans import Area, Continues, Objective, Plan, compare


def _spa5(*areas: Area) -> Plan:
    return Plan(code="SPA V", title="SPA V", period="2019-2023", areas=areas)


def test_protection_is_area_3_in_spa3_and_area_4_in_spa4_matched_by_title() -> None:
    spa3, spa4 = datasets.plan("SPA III"), datasets.plan("SPA IV")
    result = compare(spa3, spa4)
    [line] = [line for line in result.lines if line.areas[1] is not None]
    assert [a.number for a in line.areas if a is not None] == [3, 4]
    assert line.matched == ("first", "by title")
    assert len(result.lines) == 5  # SPA IV's other areas are not published


def test_continues_goes_before_the_title_and_the_mou_section_before_the_title() -> None:
    spa3, spa4 = datasets.plan("SPA III"), datasets.plan("SPA IV")
    spa5 = _spa5(
        Area(number=2, title="Victim support", continues=(Continues(plan="SPA IV", ref=4),)),
        Area(number=1, title="Cooperation across borders", mou_sections=("I",)),
        Area(number=3, title="Policy and Cooperation, digital"),
        Area(number=6, title="Research partnerships"),
    )
    result = compare(spa3, spa4, spa5)
    by_spa5 = {
        line.areas[2].number: (line.areas[0], line.matched[2])
        for line in result.lines
        if line.areas[2] is not None
    }
    protection, how = by_spa5[2]
    assert protection is not None
    assert (protection.number, how) == (3, "continues SPA IV 4")
    policy, how = by_spa5[1]
    assert policy is not None
    assert (policy.number, how) == (1, "MoU section I")
    # Policy and Cooperation already holds SPA V's area 1: the near title starts its own line
    alone, how = by_spa5[3]
    assert (alone, how) == (None, "first")
    assert by_spa5[6] == (None, "first")


def test_renderings_name_how_each_area_was_matched() -> None:
    result = compare(datasets.plan("SPA III"), datasets.plan("SPA IV"))
    text = result.render()
    assert (
        "SPA III 3 Protection, Recovery and Reintegration; SPA IV 4 Protection (by title)" in text
    )
    table = result.render("markdown").splitlines()
    assert table[0] == "| SPA III | SPA IV |"
    assert "| 3 Protection, Recovery and Reintegration | 4 Protection (by title) |" in table
    assert "| 1 Policy and Cooperation | - |" in table
    with pytest.raises(ValidationError, match=r"render.format"):
        result.render("html")  # type: ignore[arg-type]


def test_compare_refuses_no_plan_a_duplicate_code_and_what_is_not_a_plan() -> None:
    spa4 = datasets.plan("SPA IV")
    with pytest.raises(ValidationError, match="at least one plan"):
        compare()
    with pytest.raises(ValidationError, match="two plans with one code"):
        compare(spa4, spa4)
    with pytest.raises(InvalidTypeError, match="argument 2"):
        compare(spa4, "SPA V")  # type: ignore[arg-type]


def test_an_area_that_names_an_mou_section_it_continues_lines_up_by_it() -> None:
    spa3 = datasets.plan("SPA III")
    spa5 = _spa5(Area(number=2, title="Justice", continues=(Continues(plan="MoU", ref="II"),)))
    [line] = [line for line in compare(spa3, spa5).lines if line.areas[1] is not None]
    assert line.areas[0] is not None
    assert (line.areas[0].number, line.matched[1]) == (2, "MoU section II")


# -- objectives within an area's line ------------------------------------------------------------
def test_the_objectives_of_a_successor_line_up_with_those_they_continue() -> None:
    spa4 = datasets.plan("SPA IV")
    spa5 = spa4.successor(code="SPA V", title="V", period="2019-2023")
    [line] = compare(spa4, spa5).lines
    assert [tuple(o.id if o else None for o in sub.objectives) for sub in line.objectives] == [
        (o.id, o.id) for o in spa4.area(4).objectives
    ]
    assert {sub.matched[1] for sub in line.objectives} == {
        f"continues SPA IV {o.id}" for o in spa4.area(4).objectives
    }


def test_objectives_without_links_line_up_by_id_then_by_title_and_the_rest_stand_alone() -> None:
    old = Plan(
        code="A",
        title="A",
        period="2011-2014",
        areas=(
            Area(
                number=3,
                title="Protection",
                objectives=(
                    Objective(id="3.1", title="Victims identified"),
                    Objective(id="3.2", title="Return and repatriation systems"),
                    Objective(id="3.3", title="Shelters"),
                ),
            ),
        ),
    )
    new = Plan(
        code="B",
        title="B",
        period="2015-2018",
        areas=(
            Area(
                number=4,
                title="Protection",
                objectives=(
                    Objective(id="3.1", title="Victims identified early"),
                    Objective(id="4.2", title="Systems for return and repatriation"),
                    Objective(id="4.9", title="Compensation"),
                ),
            ),
        ),
    )
    [line] = compare(old, new).lines
    got = [
        (tuple(o.id if o else None for o in sub.objectives), sub.matched) for sub in line.objectives
    ]
    assert got == [
        (("3.1", "3.1"), ("first", "same id")),
        (("3.2", "4.2"), ("first", "by title")),
        (("3.3", None), ("first", "")),
        ((None, "4.9"), ("", "first")),
    ]
    text = compare(old, new).render(objectives=True)
    assert (
        "  - A 3.2 Return and repatriation systems; B 4.2 Systems for return and repatriation (by title)"
        in text
    )
    assert "3.1" not in compare(old, new).render()  # objectives only when asked for
    markdown = compare(old, new).render("markdown", objectives=True)
    assert "| - 3.3 Shelters | - |" in markdown
