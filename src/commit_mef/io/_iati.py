"""IATI 2.03 activity XML: a plan's results with targets and actuals, and its budgets by year.

One plan becomes one ``iati-activity``: each objective with targets a ``result`` (output,
outcome or impact), each target an ``indicator`` with its baseline and a ``period`` holding the
target and the actual :func:`commit_mef.progress` measures from the figures.  Budgets follow
IATI's rules: a period of at most one year, original (``type="1"``) or revised (``"2"``),
indicative (``status="1"``) or committed (``"2"``), a value date and a currency; a multi-year
budget is split by calendar year in proportion to days, and the split is stated in the
activity's description.  Needs the ``iati`` extra (lxml), imported on first use.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import attrs

from commit_mef._validators import non_empty_str
from commit_mef.errors import ExportError, Problem
from commit_mef.indicators import CountryAggregation, Direction, Indicator, MeasureKind
from commit_mef.io._exports import decimal_text, write_atomic
from commit_mef.money import Budget, Money
from commit_mef.observations import ObservationTable
from commit_mef.periods import Period
from commit_mef.plans import Plan, ResultLevel, Target

__all__ = ["IatiOrganisation", "split_budget", "to_iati", "write_iati"]

_TARGET = "IATI 2.03 activities"
_RESULT_TYPE = {ResultLevel.OUTPUT: "1", ResultLevel.OUTCOME: "2", ResultLevel.GOAL: "3"}
_MEASURE = {
    MeasureKind.COUNT: "1",
    MeasureKind.MONEY: "1",
    MeasureKind.RATIO: "1",
    MeasureKind.PERCENTAGE: "2",
    MeasureKind.MILESTONE: "3",
    MeasureKind.ORDINAL: "4",
    MeasureKind.QUALITATIVE: "5",
}


@attrs.frozen(kw_only=True)
class IatiOrganisation:
    """The organisation that publishes an IATI file (``reporting-org``).

    Attributes:
        ref: Its IATI organisation identifier (registration agency prefix and number).
        name: Its name.
        type: Its IATI OrganisationType code (``"10"`` government, ``"21"`` international
            NGO, ``"40"`` multilateral, ...).

    Examples:
        >>> IatiOrganisation(ref="XM-EXAMPLE-1", name="An example secretariat", type="40").type
        '40'
    """

    ref: str = attrs.field(validator=non_empty_str)
    name: str = attrs.field(validator=non_empty_str)
    type: str = attrs.field(validator=non_empty_str)


def _one_year(period: Period) -> bool:
    start = period.start
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        anniversary = dt.date(start.year + 1, 3, 1)
    return period.end < anniversary


def split_budget(budget: Budget) -> tuple[list[tuple[Period, Money]], str | None]:
    """A budget as IATI budget periods of at most a year, and the sentence stating any split.

    A budget of a year or less (a calendar or fiscal year) stays whole.  A longer one is
    split by calendar year in proportion to the days of each, rounded half-even to the
    currency's minor units, the last year taking what rounding leaves so the parts add up.

    Examples:
        >>> from commit_mef import Budget, Money, Period
        >>> parts, note = split_budget(Budget(amount=Money("149000000", "KHR"), period=Period.years(2011, 2014)))
        >>> [(str(p), str(m)) for p, m in parts]
        [('2011', 'KHR 37,224,503.76'), ('2012', 'KHR 37,326,488.71'), ('2013', 'KHR 37,224,503.76'), ('2014', 'KHR 37,224,503.77')]
        >>> print(note)
        KHR 149,000,000.00 over 2011-2014 split by calendar year in proportion to days: 2011 KHR 37,224,503.76, 2012 KHR 37,326,488.71, 2013 KHR 37,224,503.76, 2014 KHR 37,224,503.77
    """
    from commit_mef._validators import check_type

    check_type(budget, Budget, "split_budget()")
    if _one_year(budget.period):
        return [(budget.period, budget.amount)], None
    years = budget.period.split_by_year()
    total_days = budget.period.days
    minor = budget.amount.currency.minor_units or 0
    step = Decimal(1).scaleb(-minor)
    parts: list[tuple[Period, Money]] = []
    left = budget.amount.amount
    for i, year in enumerate(years):
        if i == len(years) - 1:
            share = left
        else:
            share = (budget.amount.amount * year.days / total_days).quantize(
                step, rounding=ROUND_HALF_EVEN
            )
        left -= share
        parts.append((year, Money(share, budget.amount.currency)))
    listed = ", ".join(f"{p} {m}" for p, m in parts)
    note = (
        f"{budget.amount} over {budget.period} split by calendar year in proportion to days: "
        f"{listed}"
    )
    return parts, note


def _text(value: object) -> str | None:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Money):
        return decimal_text(value.amount)
    if isinstance(value, (int, Decimal)):
        return decimal_text(Decimal(value))
    return None


class _Writer:
    """Builds the lxml tree, one element at a time."""

    def __init__(self, lang: str) -> None:
        try:
            from lxml import etree
        except ImportError as exc:  # pragma: no cover - the extra is installed in CI
            raise ImportError("IATI export needs lxml: pip install 'commit-mef[iati]'") from exc
        self.etree = etree
        self.lang = lang

    def sub(self, parent: Any, tag: str, **attributes: str | None) -> Any:
        attrs_ = {k.replace("_", "-"): v for k, v in attributes.items() if v is not None}
        return self.etree.SubElement(parent, tag, attrs_)

    def narrative(self, parent: Any, tag: str, text: str, **attributes: str | None) -> Any:
        element = self.sub(parent, tag, **attributes)
        self.sub(element, "narrative").text = text
        return element


def _status(plan: Plan, as_of: dt.date) -> str:
    period = plan.effective_period
    if as_of < period.start:
        return "1"  # pipeline/identification
    return "2" if as_of <= period.end else "3"  # implementation; finalisation


def _indicator(
    w: _Writer,
    result: Any,
    target: Target,
    *,
    indicator: Indicator,
    plan: Plan,
    table: ObservationTable,
    as_of: dt.date,
) -> None:
    from commit_mef.progress import progress

    direction = {Direction.INCREASE: "1", Direction.DECREASE: "0"}.get(indicator.direction)
    summable = indicator.rule.across_countries is CountryAggregation.SUM
    element = w.sub(
        result,
        "indicator",
        measure=_MEASURE[indicator.kind],
        ascending=direction,
        aggregation_status="1" if summable else "0",
    )
    title = f"{indicator.name}: {target.description}" if target.description else indicator.name
    w.narrative(element, "title", title)
    w.sub(element, "reference", vocabulary="99", code=target.id)
    qualitative = indicator.kind is MeasureKind.QUALITATIVE
    if target.baseline is not None:
        b = target.baseline
        day = b.date or (b.period.end if b.period is not None else plan.period.start)
        base = w.sub(
            element,
            "baseline",
            year=str(day.year),
            iso_date=day.isoformat(),
            value=None if qualitative else _text(b.value),
        )
        comment = "; ".join(x for x in (b.note, str(b.source or "")) if x)
        if comment:
            w.narrative(base, "comment", comment)
    period = target.period or Period(
        plan.period.start, target.deadline or plan.effective_period.end
    )
    p = w.sub(element, "period")
    w.sub(p, "period-start", iso_date=period.start.isoformat())
    w.sub(p, "period-end", iso_date=period.end.isoformat())
    if target.value is not None:
        goal = w.sub(p, "target", value=None if qualitative else _text(target.value))
        if qualitative:
            w.narrative(goal, "comment", str(target.value))
    measured = progress(target, table, plan=plan, as_of=min(as_of, period.end))
    if measured.achieved is not None:
        actual = w.sub(p, "actual", value=None if qualitative else _text(measured.achieved))
        w.narrative(actual, "comment", f"{measured.status.value} as of {measured.as_of}")


def _budgets(w: _Writer, activity: Any, budgets: list[Budget]) -> list[str]:
    notes: list[str] = []
    for budget in budgets:
        parts, note = split_budget(budget)
        if note is not None:
            notes.append(note)
        for period, amount in parts:
            element = w.sub(
                activity,
                "budget",
                type="1" if budget.status == "original" else "2",
                status="1" if budget.kind == "indicative" else "2",
            )
            w.sub(element, "period-start", iso_date=period.start.isoformat())
            w.sub(element, "period-end", iso_date=period.end.isoformat())
            value = w.sub(
                element,
                "value",
                currency=amount.currency.code,
                value_date=period.start.isoformat(),
            )
            value.text = decimal_text(amount.amount)
    return notes


def _check(plan: object, table: object, reporting_org: object, budgets: list[Any]) -> list[Problem]:
    problems: list[Problem] = []
    if not isinstance(plan, Plan):
        problems.append(Problem("plan", f"expected a Plan, got {type(plan).__name__}"))
    if reporting_org is None:
        problems.append(
            Problem(
                "reporting_org",
                "IATI needs the organisation that publishes the file; pass "
                "reporting_org=IatiOrganisation(ref=..., name=..., type=...)",
            )
        )
    elif not isinstance(reporting_org, IatiOrganisation):
        problems.append(Problem("reporting_org", "expected an IatiOrganisation"))
    if not isinstance(table, ObservationTable):
        problems.append(
            Problem("table", f"expected an ObservationTable, got {type(table).__name__}")
        )
    elif not len(table):
        problems.append(Problem("table", "the table is empty; there are no actuals to report"))
    problems += [
        Problem(f"budgets[{i}]", f"expected a Budget, got {type(b).__name__}")
        for i, b in enumerate(budgets)
        if not isinstance(b, Budget)
    ]
    if isinstance(plan, Plan):
        known = {i.id for i in plan.indicators}
        problems += [
            Problem(
                f"plan.targets[{t.id!r}].indicator", f"indicator {t.indicator!r} is not in the plan"
            )
            for t in plan.targets()
            if t.indicator not in known
        ]
    return problems


def to_iati(
    plan: Plan,
    table: ObservationTable,
    *,
    reporting_org: IatiOrganisation | None,
    budgets: Iterable[Budget] = (),
    identifier: str | None = None,
    as_of: dt.date | None = None,
    generated: dt.datetime | None = None,
    lang: str = "en",
) -> bytes:
    """An ``iati-activities`` document (IATI 2.03) for a plan, its figures and its budgets.

    Args:
        plan: The plan; each objective with targets becomes a ``result``.
        table: The figures the actuals are measured from.
        reporting_org: Who publishes the file (IATI requires one).
        budgets: The activity's budgets; multi-year ones are split by year.
        identifier: The activity's own part of its IATI identifier (after the
            organisation's ref); the plan code when ``None``.
        as_of: The day actuals are measured on and the activity status judged;
            the plan's last day when ``None``.
        generated: The ``generated-datetime`` to write; now (UTC) when ``None``.
        lang: The ``xml:lang`` of the narratives.

    Returns:
        The document, UTF-8 XML.

    Raises:
        ExportError: no reporting organisation, an empty table, a target whose indicator the
            plan lacks, a budget that is not a :class:`~commit_mef.Budget` -- every gap at once.

    Examples:
        >>> import datetime as dt
        >>> from commit_mef import Budget, Money, ObservationTable, Period, datasets
        >>> plan = datasets.plan("SPA IV")
        >>> figures = ObservationTable.from_columns(indicator="x", country="KHM", period=2015, magnitude=[1])
        >>> org = IatiOrganisation(ref="XM-EXAMPLE-1", name="An example secretariat", type="40")
        >>> xml = to_iati(plan, figures, reporting_org=org, generated=dt.datetime(2026, 1, 1),
        ...               budgets=[Budget(amount=Money("300000", "USD"), period=Period.years(2015, 2016))])
        >>> for line in xml.decode().splitlines():
        ...     if "iati-identifier" in line or "<value" in line or "split" in line:
        ...         print(line.strip())
        <iati-identifier>XM-EXAMPLE-1-SPA-IV</iati-identifier>
        <narrative>USD 300,000.00 over 2015-2016 split by calendar year in proportion to days: 2015 USD 149,794.80, 2016 USD 150,205.20</narrative>
        <value currency="USD" value-date="2015-01-01">149794.8</value>
        <value currency="USD" value-date="2016-01-01">150205.2</value>
        >>> to_iati(plan, ObservationTable.empty(), reporting_org=None)
        Traceback (most recent call last):
        ...
        commit_mef.errors.ExportError: cannot write IATI 2.03 activities: 2 problems
          IATI needs the organisation that publishes the file; pass reporting_org=IatiOrganisation(ref=..., name=..., type=...) @ reporting_org
          the table is empty; there are no actuals to report @ table
    """
    budget_list = list(budgets)
    problems = _check(plan, table, reporting_org, budget_list)
    if problems:
        raise ExportError(problems, target=_TARGET)
    assert isinstance(reporting_org, IatiOrganisation)  # noqa: S101 - _check() refused the rest
    w = _Writer(lang)
    day = as_of or plan.effective_period.end
    stamp = (generated or dt.datetime.now(dt.UTC).replace(microsecond=0)).isoformat()
    root = w.etree.Element("iati-activities", {"version": "2.03", "generated-datetime": stamp})
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    activity = w.etree.SubElement(root, "iati-activity", {lang_attr: lang})
    own = (identifier or plan.code).strip().replace(" ", "-")
    w.sub(activity, "iati-identifier").text = f"{reporting_org.ref}-{own}"
    w.narrative(
        activity,
        "reporting-org",
        reporting_org.name,
        ref=reporting_org.ref,
        type=reporting_org.type,
    )
    w.narrative(activity, "title", f"{plan.code}: {plan.title}")
    w.narrative(activity, "description", plan.description or plan.title, type="1")
    splits = w.sub(activity, "description", type="4")
    w.narrative(
        activity,
        "participating-org",
        reporting_org.name,
        ref=reporting_org.ref,
        role="2",
        type=reporting_org.type,
    )
    w.sub(activity, "activity-status", code=_status(plan, day))
    w.sub(activity, "activity-date", type="1", iso_date=plan.period.start.isoformat())
    w.sub(activity, "activity-date", type="3", iso_date=plan.effective_period.end.isoformat())
    notes = _budgets(w, activity, budget_list)
    if notes:
        for note in notes:
            w.sub(splits, "narrative").text = note
    else:
        activity.remove(splits)
    indicators = {i.id: i for i in plan.indicators}
    for objective in plan.objectives():
        if not objective.targets:
            continue
        result = w.sub(activity, "result", type=_RESULT_TYPE[objective.level])
        w.narrative(result, "title", f"{objective.description or objective.id}: {objective.title}")
        for target in objective.targets:
            _indicator(
                w,
                result,
                target,
                indicator=indicators[target.indicator],
                plan=plan,
                table=table,
                as_of=day,
            )
    return bytes(w.etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8"))


def write_iati(
    plan: Plan, table: ObservationTable, path: str | os.PathLike[str], **options: Any
) -> None:
    """Write :func:`to_iati`'s document to a file, replaced whole; nothing is written on error.

    Examples:
        >>> import pathlib, tempfile
        >>> from commit_mef import ObservationTable, datasets
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "activity.xml"
        >>> figures = ObservationTable.from_columns(indicator="x", country="KHM", period=2015, magnitude=[1])
        >>> write_iati(datasets.plan("SPA IV"), figures, path,
        ...            reporting_org=IatiOrganisation(ref="XM-EXAMPLE-1", name="Example", type="40"))
        >>> path.read_bytes().startswith(b"<?xml")
        True
    """
    from commit_mef._validators import check_path, check_type

    check_type(plan, Plan, "write_iati()")
    check_type(table, ObservationTable, "write_iati()")
    check_path(path, "write_iati()")
    write_atomic(path, to_iati(plan, table, **options))
