"""JSON rendering of a progress report, and the JSON Schema it follows.

Exact numbers are written as decimal strings (``"149000000"``) so no reader turns
them into binary floats; milestones are JSON booleans; unknown values are ``null``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from commit_mef.reports._json_types import (
    AreaJSON,
    BudgetLineJSON,
    FigureJSON,
    FlagJSON,
    RateJSON,
    ReportJSON,
    TargetJSON,
    TotalJSON,
)
from commit_mef.reports._model import (
    AreaSection,
    BudgetLine,
    Figure,
    FlagNote,
    ProgressReport,
    RateUsed,
    TargetRow,
    Total,
)

__all__ = ["FORMAT", "REPORT_SCHEMA", "to_json"]

#: The ``format`` tag of a JSON progress report.
FORMAT = "commit-mef/progress-report"

_DECIMAL = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}
_NULLABLE_DECIMAL = {"anyOf": [_DECIMAL, {"type": "null"}]}
_NULLABLE_STR = {"type": ["string", "null"]}
_STR_LIST = {"type": "array", "items": {"type": "string"}}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
    }


_FLAG = _object(
    {
        "code": {"type": "string"},
        "severity": {"enum": ["info", "warning", "error"]},
        "note": {"type": "string"},
    }
)
_FIGURE = _object(
    {
        "id": {"type": "string"},
        "indicator": {"type": "string"},
        "indicator_name": {"type": "string"},
        "description": {"type": "string"},
        "country": {"type": "string"},
        "country_name": {"type": "string"},
        "period": _NULLABLE_STR,
        "basis": {"enum": ["per-year", "total", "point", "per-event", "per-person"]},
        "value": {"anyOf": [_DECIMAL, {"type": "boolean"}, {"type": "string"}, {"type": "null"}]},
        "value_kind": {"enum": ["number", "milestone", "text", "unknown"]},
        "unit": _NULLABLE_STR,
        "as_written": _NULLABLE_STR,
        "source": {"type": "string"},
        "flags": {"type": "array", "items": {"$ref": "#/$defs/flag"}},
        "subset_of": _NULLABLE_STR,
    }
)
_TOTAL = _object(
    {
        "indicator": {"type": "string"},
        "name": {"type": "string"},
        "value": _NULLABLE_DECIMAL,
        "unit": _NULLABLE_STR,
        "basis": _NULLABLE_STR,
        "countries": _STR_LIST,
        "figures": {"type": "integer", "minimum": 0},
        "note": {"type": "string"},
        "period": _NULLABLE_STR,
        "flags": _STR_LIST,
        "facts": {"type": ["integer", "null"], "minimum": 0},
        "pairs": {"type": ["integer", "null"], "minimum": 0},
    }
)
_TARGET = _object(
    {
        "target": {"type": "string"},
        "indicator": {"type": "string"},
        "description": {"type": "string"},
        "country": {"type": "string"},
        "target_value": {"type": "string"},
        "achieved": _NULLABLE_STR,
        "status": {
            "enum": ["achieved", "on track", "off track", "not started", "no data", "not assessed"]
        },
    }
)
_AREA = _object(
    {
        "number": {"type": ["integer", "null"]},
        "title": {"type": "string"},
        "objectives": _STR_LIST,
        "figures": {"type": "array", "items": {"$ref": "#/$defs/figure"}},
        "totals": {"type": "array", "items": {"$ref": "#/$defs/total"}},
        "targets": {"type": "array", "items": {"$ref": "#/$defs/target"}},
        "targets_note": {"type": "string"},
    }
)
_RATE = _object(
    {
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "rate": _DECIMAL,
        "period": {"type": "string"},
        "source": {"type": "string"},
        "vintage": {"type": "string"},
    }
)
_BUDGET_LINE = _object(
    {
        "figure": {"type": "string"},
        "recipient": _NULLABLE_STR,
        "period": _NULLABLE_STR,
        "basis": {"type": "string"},
        "amount": _DECIMAL,
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "as_written": _NULLABLE_STR,
        "to": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "converted": _NULLABLE_DECIMAL,
        "method": {"type": "string"},
        "rates": {"type": "array", "items": {"$ref": "#/$defs/rate"}},
        "stated": _NULLABLE_DECIMAL,
        "stated_currency": _NULLABLE_STR,
        "stated_as_written": _NULLABLE_STR,
        "finding": _NULLABLE_STR,
        "note": {"type": "string"},
        "flags": {"type": "array", "items": {"$ref": "#/$defs/flag"}},
    }
)
_COUNTRY_BUDGET = _object(
    {
        "country": {"type": "string"},
        "country_name": {"type": "string"},
        "lines": {"type": "array", "items": {"$ref": "#/$defs/budget_line"}},
    }
)

#: JSON Schema (draft 2020-12) of the JSON progress report (``commit-mef report --format json``).
REPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://commit-mef.readthedocs.io/schemas/progress-report-1.json",
    "title": "commit-mef progress report",
    **_object(
        {
            "format": {"const": FORMAT},
            "version": {"const": 1},
            "title": {"type": "string"},
            "plan": _object(
                {
                    "code": {"type": "string"},
                    "title": {"type": "string"},
                    "period": {"type": "string"},
                }
            ),
            "source": {"type": "string"},
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "rates_source": {"type": "string"},
            "countries": _STR_LIST,
            "notes": _STR_LIST,
            "areas": {"type": "array", "items": {"$ref": "#/$defs/area"}},
            "budgets": {"type": "array", "items": {"$ref": "#/$defs/country_budget"}},
        }
    ),
    "$defs": {
        "flag": _FLAG,
        "figure": _FIGURE,
        "total": _TOTAL,
        "target": _TARGET,
        "area": _AREA,
        "rate": _RATE,
        "budget_line": _BUDGET_LINE,
        "country_budget": _COUNTRY_BUDGET,
    },
}


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def _flag(flag: FlagNote) -> FlagJSON:
    return {"code": flag.code, "severity": flag.severity, "note": flag.note}


def _figure(figure: Figure) -> FigureJSON:
    value = figure.value
    out: Decimal | bool | str | None
    kind: Literal["unknown", "milestone", "number", "text"]
    if value is None:
        kind, out = "unknown", None
    elif isinstance(value, bool):
        kind, out = "milestone", value
    elif isinstance(value, Decimal):
        kind, out = "number", f"{value:f}"
    else:
        kind, out = "text", value
    return {
        "id": figure.id,
        "indicator": figure.indicator,
        "indicator_name": figure.indicator_name,
        "description": figure.description,
        "country": figure.country,
        "country_name": figure.country_name,
        "period": figure.period,
        "basis": figure.basis,
        "value": out,
        "value_kind": kind,
        "unit": figure.unit,
        "as_written": figure.as_written,
        "source": figure.source,
        "flags": [_flag(f) for f in figure.flags],
        "subset_of": figure.subset_of,
    }


def _total(total: Total) -> TotalJSON:
    return {
        "indicator": total.indicator,
        "name": total.name,
        "value": _dec(total.value),
        "unit": total.unit,
        "basis": total.basis,
        "countries": list(total.countries),
        "figures": total.figures,
        "note": total.note,
        "period": total.period,
        "flags": list(total.flags),
        "facts": total.facts,
        "pairs": total.pairs,
    }


def _target(row: TargetRow) -> TargetJSON:
    return {
        "target": row.target,
        "indicator": row.indicator,
        "description": row.description,
        "country": row.country,
        "target_value": row.target_value,
        "achieved": row.achieved,
        "status": row.status,
    }


def _area(area: AreaSection) -> AreaJSON:
    return {
        "number": area.number,
        "title": area.title,
        "objectives": list(area.objectives),
        "figures": [_figure(f) for f in area.figures],
        "totals": [_total(t) for t in area.totals],
        "targets": [_target(t) for t in area.targets],
        "targets_note": area.targets_note,
    }


def _rate(rate: RateUsed) -> RateJSON:
    return {
        "currency": rate.currency,
        "rate": _dec(rate.rate),
        "period": rate.period,
        "source": rate.source,
        "vintage": rate.vintage,
    }


def _line(line: BudgetLine) -> BudgetLineJSON:
    return {
        "figure": line.figure,
        "recipient": line.recipient,
        "period": line.period,
        "basis": line.basis,
        "amount": _dec(line.amount),
        "currency": line.currency,
        "as_written": line.as_written,
        "to": line.to,
        "converted": _dec(line.converted),
        "method": line.method,
        "rates": [_rate(r) for r in line.rates],
        "stated": _dec(line.stated),
        "stated_currency": line.stated_currency,
        "stated_as_written": line.stated_as_written,
        "finding": line.finding,
        "note": line.note,
        "flags": [_flag(f) for f in line.flags],
    }


def to_json(report: ProgressReport) -> ReportJSON:
    """The report as JSON-ready data following :data:`REPORT_SCHEMA`."""
    return {
        "format": FORMAT,
        "version": 1,
        "title": report.title,
        "plan": {"code": report.plan, "title": report.plan_title, "period": report.period},
        "source": report.source,
        "currency": report.currency,
        "rates_source": report.rates_source,
        "countries": list(report.countries),
        "notes": list(report.notes),
        "areas": [_area(a) for a in report.areas],
        "budgets": [
            {
                "country": b.country,
                "country_name": b.country_name,
                "lines": [_line(line) for line in b.lines],
            }
            for b in report.budgets
        ],
    }
