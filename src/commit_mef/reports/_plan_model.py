"""The plan-document model: a plan's results framework as plain frozen values renderers read.

Every cell is already text (numbers with thousands separators, money with its currency, dates
in ISO form), so the text, Markdown, HTML and JSON forms show the same words.  An empty cell
is an empty string or tuple; renderers print :data:`NOT_SET` for it.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = ["NOT_SET", "CoverageRow", "FrameworkRow", "PlanArea", "PlanDocument"]

#: What a renderer prints for a part of the framework the plan leaves empty.
NOT_SET = "not set"


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _rows(value: Iterable[FrameworkRow]) -> tuple[FrameworkRow, ...]:
    return tuple(value)


def _areas(value: Iterable[PlanArea]) -> tuple[PlanArea, ...]:
    return tuple(value)


def _coverage(value: Iterable[CoverageRow]) -> tuple[CoverageRow, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class FrameworkRow:
    """One line of the results framework: a target (or an objective with none) and its columns.

    Attributes:
        outcome: The outcome (or goal) it serves, as ``"id: title"``.
        output: The output it measures, as ``"id: title"``; empty for an outcome's own target.
        target: The target's id; empty for an objective without targets.
        description: The target as the plan words it.
        indicator: The indicator's name (its id when the plan does not define it).
        unit: What the indicator counts (``"count of person"``, ``"money in USD"``).
        disaggregation: The dimensions it is broken down by.
        countries: Whom the target binds (``"national: Cambodia, Lao PDR"``).
        baseline: The baseline value, or why there is none.
        baseline_date: The day or period the baseline describes.
        baseline_source: Where the baseline comes from.
        value: The target value, with its parts (``"5,000 (age_band 0-17: 1,500)"``).
        due: Its deadline or period.
        interim: Its interim values (``"2016: 200"``).
        verification: The indicator's means of verification.
        responsible: The bodies responsible (the target's, else its objective's).
        assumptions: The objective's assumptions and risks.
        budget: The objective's budgets.
        commitments: The MoU commitments it serves, with their sections.

    Examples:
        >>> row = FrameworkRow(outcome="4.1: Victims are identified", target="4.1.a",
        ...                    value="5,000")
        >>> row.output, row.baseline
        ('', '')
    """

    outcome: str = ""
    output: str = ""
    target: str = ""
    description: str = ""
    indicator: str = ""
    unit: str = ""
    disaggregation: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    countries: str = ""
    baseline: str = ""
    baseline_date: str = ""
    baseline_source: str = ""
    value: str = ""
    due: str = ""
    interim: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    verification: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    responsible: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    assumptions: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    budget: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    commitments: tuple[str, ...] = attrs.field(default=(), converter=_strs)


@attrs.frozen(kw_only=True)
class PlanArea:
    """One area of the plan document: its title, the MoU sections it mirrors, its framework rows.

    Examples:
        >>> PlanArea(number=4, title="Protection").heading
        'Area 4: Protection'
    """

    number: int
    title: str
    mou_sections: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    rows: tuple[FrameworkRow, ...] = attrs.field(default=(), converter=_rows)

    @property
    def heading(self) -> str:
        """The area's heading (``"Area 4: Protection"``).

        Examples:
            >>> PlanArea(number=1, title="Policy").heading
            'Area 1: Policy'
        """
        return f"Area {self.number}: {self.title}"


@attrs.frozen(kw_only=True)
class CoverageRow:
    """One MoU section against the plan: the areas that mirror it and the targets that serve it.

    Examples:
        >>> CoverageRow(section="III", theme="Protection").served
        False
    """

    section: str
    theme: str = ""
    areas: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    targets: tuple[str, ...] = attrs.field(default=(), converter=_strs)

    @property
    def served(self) -> bool:
        """Whether any target serves the section.

        Examples:
            >>> CoverageRow(section="I", targets=("1.1.a",)).served
            True
        """
        return bool(self.targets)


@attrs.frozen(kw_only=True)
class PlanDocument:
    """A plan as a document: its results framework per area and its coverage of the MoU.

    Build it with :func:`plan_document`; render it with :func:`render_plan_text`,
    :func:`render_plan_markdown`, :func:`render_plan_html` or :func:`render_plan_json`.

    Attributes:
        title: The document's title.
        plan: The plan's code.
        plan_title: The plan's title.
        period: The plan's period, extension included.
        adopted: The day it was adopted, if known.
        description: The plan's own description.
        areas: The framework, area by area.
        coverage: The MoU sections against the plan's targets.
        notes: What the reader should know about the document (empty columns).

    Examples:
        >>> doc = PlanDocument(title="SPA IV", plan="SPA IV", plan_title="Plan", period="2015-2018")
        >>> doc.areas, doc.coverage
        ((), ())
    """

    title: str
    plan: str
    plan_title: str
    period: str
    adopted: str = ""
    description: str = ""
    areas: tuple[PlanArea, ...] = attrs.field(default=(), converter=_areas)
    coverage: tuple[CoverageRow, ...] = attrs.field(default=(), converter=_coverage)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_strs)
