"""The SPA III final report as a data set: its plan, its indicators and the figures it gives."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs

from commit_mef._caches import built_once
from commit_mef._display import HTML_ROWS, Summary
from commit_mef.datasets._files import data_json
from commit_mef.datasets._plans import plan
from commit_mef.errors import MissingDataError
from commit_mef.indicators import AggregationRule, Dimension, Indicator
from commit_mef.money import Money
from commit_mef.observations import Observation, ObservationTable
from commit_mef.plans import Plan
from commit_mef.sources import QualityFlag, SourceRef

__all__ = ["Dataset", "spa3_report"]


@attrs.frozen(kw_only=True)
class Dataset:
    """A plan, the indicators its figures observe, and the figures themselves.

    Attributes:
        name: Short identifier (``"spa3-final-report"``).
        title: The document the figures come from.
        plan: The plan the figures report on.
        indicators: Every indicator the figures observe, each defined once.
        observations: The figures, with their source references and flags.
        publisher: Who published the document, if known.

    Examples:
        >>> report = spa3_report()
        >>> report.plan.code, len(report.indicators) > 10, len(report.observations) > 100
        ('SPA III', True, True)
        >>> report.indicator("npa.adopted").kind
        <MeasureKind.MILESTONE: 'milestone'>
    """

    name: str
    title: str
    plan: Plan
    indicators: tuple[Indicator, ...]
    observations: ObservationTable = attrs.field(eq=False, repr=False)
    publisher: str | None = None

    def indicator(self, id_: str) -> Indicator:
        """The indicator with id ``id_``.

        Raises:
            MissingDataError: no indicator has that id; the message lists them.

        Examples:
            >>> spa3_report().indicator("budget.allocation").unit
            'currency'
            >>> spa3_report().indicator("budget")
            Traceback (most recent call last):
            ...
            commit_mef.errors.MissingDataError: no indicator 'budget' in spa3-final-report; it has ...
        """
        for found in self.indicators:
            if found.id == id_:
                return found
        known = ", ".join(i.id for i in self.indicators)
        raise MissingDataError(
            f"no indicator {id_!r} in {self.name}; it has {known}", dataset=self.name, key=id_
        )

    def observations_of(self, indicator: str) -> ObservationTable:
        """The observations of one indicator.

        Examples:
            >>> len(spa3_report().observations_of("npa.adopted"))
            6
        """
        self.indicator(indicator)
        return self.observations.filter(indicator=indicator)

    def __iter__(self) -> Iterator[Observation]:
        return iter(self.observations)

    def __repr__(self) -> str:
        return self._summary().text()

    def _repr_html_(self) -> str:
        """The data set as a small HTML table for Jupyter: its plan, counts and indicators."""
        return self._summary().html()

    def _summary(self) -> Summary:
        import numpy as np

        codes, cats = self.observations.key_column("indicator")
        per = dict(zip(cats, np.bincount(codes, minlength=len(cats)).tolist(), strict=True))
        table = self.observations._summary()
        extended = f", extended by {self.plan.extension}" if self.plan.extension else ""
        lines = [f"plan {self.plan.code}, {self.plan.period}{extended}", f"figures: {table.name}"]
        lines.extend(table.lines)
        if self.publisher:
            lines.insert(0, f"published by {self.publisher}")
        return Summary(
            kind="Dataset",
            name=f"{self.name}: {self.title}",
            lines=lines,
            header=("indicator", "kind", "unit", "figures"),
            rows=(
                (i.id, i.kind.value, i.unit or "", f"{per.get(i.id, 0):,}")
                for i in self.indicators[:HTML_ROWS]
            ),
            total=len(self.indicators),
            noun="indicator",
        )


def _indicator(raw: dict[str, Any]) -> Indicator:
    dimensions = tuple(
        Dimension(id=key, name=key.replace("_", " ").capitalize(), codes=tuple(codes))
        for key, codes in sorted((raw.get("dimensions") or {}).items())
    )
    return Indicator(
        id=raw["id"],
        name=raw["name"],
        kind=raw["kind"],
        unit=raw["unit"],
        direction=raw["direction"],
        rule=AggregationRule(
            over_time=raw["over_time"],
            across_countries=raw["across_countries"],
            cumulative=raw["cumulative"],
        ),
        definition=raw.get("definition") or "",
        dimensions=dimensions,
    )


def _money(raw: dict[str, Any] | None) -> Money | None:
    return None if raw is None else Money(raw["amount"], raw["currency"])


def _value(raw: Any) -> Decimal | Money | bool | str | None:
    if isinstance(raw, dict):
        return _money(raw)
    if isinstance(raw, str) and raw and (raw[0].isdigit() or raw[0] == "-"):
        try:
            return Decimal(raw)
        except ArithmeticError:
            return raw
    result: Decimal | Money | bool | str | None = raw
    return result


def _observation(raw: dict[str, Any]) -> Observation:
    source = raw["source"]
    place: Any = raw.get("country") or tuple(raw["countries"])
    stated = raw.get("stated_equivalent")
    details = {
        key: str(value) for key, value in (raw.get("details") or {}).items() if value is not None
    }
    if stated and stated.get("as_written"):
        details["stated_as_written"] = stated["as_written"]
    return Observation(
        id=raw["id"],
        indicator=raw["indicator"],
        country=place,
        period=raw["period"],
        value=_value(raw["value"]),
        unit=raw["unit"],
        basis=raw["basis"],
        disaggregation=raw.get("disaggregation") or {},
        source=SourceRef(
            document=source["document"],
            section=source.get("section"),
            block=source.get("block"),
            line=source.get("line"),
            area=source.get("area"),
        ),
        flags=tuple(
            QualityFlag(
                code=f["code"],
                severity=f["severity"],
                note=f.get("note") or "",
                related=tuple(f.get("related") or ()),
            )
            for f in raw.get("flags") or ()
        ),
        subset_of=raw.get("subset_of"),
        same_as=raw.get("same_as"),
        bound=raw.get("bound"),
        stated=_money(stated),
        recipient=raw.get("recipient"),
        approximate=bool(raw.get("approximate")),
        as_written=raw.get("as_written"),
        details=details,
    )


@built_once
def spa3_report() -> Dataset:
    """Every figure of the SPA III final report, with the plan and the indicators they observe.

    The figures are given country by country and area by area: budgets (as
    written, with currency, period, recipient and the stated US$ equivalent),
    people trained by role, events held, offices, agreements between pairs of
    countries, national plans of action, laws and institutions.  Each carries
    its source reference (section, country block, line of the report's text)
    and the report's known data-quality problems as flags.

    Examples:
        >>> report = spa3_report()
        >>> budget = next(o for o in report if o.id == "KHM.1.budget.mowa")
        >>> budget.value, budget.stated, budget.basis.value
        (Money('149000000', 'KHR'), Money('37000', 'USD'), 'per-year')
        >>> str(budget.source)
        'spa3-final-report §2.2, CAMBODIA, line 99'
        >>> [f.code for f in next(o for o in report if o.id == "MMR.1.budget").flags][:1]
        ['ambiguous-thousands-separator']
    """
    raw = data_json("spa3_report.json")
    source = raw["source"]
    return Dataset(
        name=source["id"],
        title=source["title"],
        publisher=source.get("publisher"),
        plan=plan("SPA III"),
        indicators=tuple(_indicator(i) for i in raw["indicators"]),
        observations=ObservationTable.from_rows(_observation(o) for o in raw["observations"]),
    )
