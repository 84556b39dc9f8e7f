"""The types of the report's JSON rendering: one TypedDict per object of :data:`REPORT_SCHEMA`.

:func:`~commit_mef.reports.render_json` returns a :class:`ReportJSON`, so a type
checker knows every key of the document and the type of its value.

Examples:
    >>> from commit_mef.reports import ProgressReport, render_json
    >>> doc = render_json(ProgressReport(title="Demo", plan="P", plan_title="Plan", period="2011-2014"))
    >>> doc["plan"]["code"], doc["areas"]
    ('P', [])
"""

from __future__ import annotations

from typing import Literal, TypedDict

__all__ = [
    "AreaJSON",
    "BudgetJSON",
    "BudgetLineJSON",
    "FigureJSON",
    "FlagJSON",
    "PlanJSON",
    "RateJSON",
    "ReportJSON",
    "TargetJSON",
    "TotalJSON",
]


class FlagJSON(TypedDict):
    """A quality flag on a figure or a budget line.

    Examples:
        >>> sorted(FlagJSON.__required_keys__)[:3]
        ['code', 'note', 'severity']
    """

    code: str
    severity: str
    note: str


class FigureJSON(TypedDict):
    """One figure the report gives; ``value`` is text for numbers (exact decimals).

    Examples:
        >>> sorted(FigureJSON.__required_keys__)[:3]
        ['as_written', 'basis', 'country']
    """

    id: str
    indicator: str
    indicator_name: str
    description: str
    country: str
    country_name: str
    period: str | None
    basis: str
    value: str | bool | None
    value_kind: Literal["unknown", "milestone", "number", "text"]
    unit: str | None
    as_written: str | None
    source: str
    flags: list[FlagJSON]
    subset_of: str | None


class TotalJSON(TypedDict):
    """A regional total, or the reason there is none (``value`` null, ``note`` says why).

    Examples:
        >>> sorted(TotalJSON.__required_keys__)[:3]
        ['basis', 'countries', 'facts']
    """

    indicator: str
    name: str
    value: str | None
    unit: str | None
    basis: str | None
    countries: list[str]
    figures: int
    note: str
    period: str | None
    flags: list[str]
    facts: int | None
    pairs: int | None


class TargetJSON(TypedDict):
    """A target's progress row.

    Examples:
        >>> sorted(TargetJSON.__required_keys__)[:3]
        ['achieved', 'country', 'description']
    """

    target: str
    indicator: str
    description: str
    country: str
    target_value: str
    achieved: str | None
    status: str


class AreaJSON(TypedDict):
    """One area of the plan: objectives, figures, totals and targets.

    Examples:
        >>> sorted(AreaJSON.__required_keys__)[:3]
        ['figures', 'number', 'objectives']
    """

    number: int | None
    title: str
    objectives: list[str]
    figures: list[FigureJSON]
    totals: list[TotalJSON]
    targets: list[TargetJSON]
    targets_note: str


class RateJSON(TypedDict):
    """An exchange rate used for a conversion.

    Examples:
        >>> sorted(RateJSON.__required_keys__)[:3]
        ['currency', 'period', 'rate']
    """

    currency: str
    rate: str | None
    period: str
    source: str
    vintage: str


class BudgetLineJSON(TypedDict):
    """One budget line in local currency, with its conversion and any stated equivalent.

    Examples:
        >>> sorted(BudgetLineJSON.__required_keys__)[:3]
        ['amount', 'as_written', 'basis']
    """

    figure: str
    recipient: str | None
    period: str | None
    basis: str
    amount: str | None
    currency: str
    as_written: str | None
    to: str
    converted: str | None
    method: str
    rates: list[RateJSON]
    stated: str | None
    stated_currency: str | None
    stated_as_written: str | None
    finding: str | None
    note: str
    flags: list[FlagJSON]


class BudgetJSON(TypedDict):
    """One country's budget lines.

    Examples:
        >>> sorted(BudgetJSON.__required_keys__)[:3]
        ['country', 'country_name', 'lines']
    """

    country: str
    country_name: str
    lines: list[BudgetLineJSON]


class PlanJSON(TypedDict):
    """The plan the report is on.

    Examples:
        >>> sorted(PlanJSON.__required_keys__)[:3]
        ['code', 'period', 'title']
    """

    code: str
    title: str
    period: str


class ReportJSON(TypedDict):
    """The whole JSON document :func:`~commit_mef.reports.render_json` returns.

    Examples:
        >>> sorted(ReportJSON.__required_keys__)[:3]
        ['areas', 'budgets', 'countries']
    """

    format: str
    version: int
    title: str
    plan: PlanJSON
    source: str
    currency: str
    rates_source: str
    countries: list[str]
    notes: list[str]
    areas: list[AreaJSON]
    budgets: list[BudgetJSON]
