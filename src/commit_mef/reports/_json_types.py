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
    """A quality flag on a figure or a budget line."""

    code: str
    severity: str
    note: str


class FigureJSON(TypedDict):
    """One figure the report gives; ``value`` is text for numbers (exact decimals)."""

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
    """A regional total, or the reason there is none (``value`` null, ``note`` says why)."""

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
    """A target's progress row."""

    target: str
    indicator: str
    description: str
    country: str
    target_value: str
    achieved: str | None
    status: str


class AreaJSON(TypedDict):
    """One area of the plan: objectives, figures, totals and targets."""

    number: int | None
    title: str
    objectives: list[str]
    figures: list[FigureJSON]
    totals: list[TotalJSON]
    targets: list[TargetJSON]
    targets_note: str


class RateJSON(TypedDict):
    """An exchange rate used for a conversion."""

    currency: str
    rate: str | None
    period: str
    source: str
    vintage: str


class BudgetLineJSON(TypedDict):
    """One budget line in local currency, with its conversion and any stated equivalent."""

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
    """One country's budget lines."""

    country: str
    country_name: str
    lines: list[BudgetLineJSON]


class PlanJSON(TypedDict):
    """The plan the report is on."""

    code: str
    title: str
    period: str


class ReportJSON(TypedDict):
    """The whole JSON document :func:`~commit_mef.reports.render_json` returns."""

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
