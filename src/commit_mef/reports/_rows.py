"""The rows of the progress-report tables: figures, totals, targets, budget lines, rates used.

Numbers are exact (:class:`~decimal.Decimal`, ``bool`` for milestones); money
shown in US$ is already rounded to cents when the model is built, so every
renderer prints the same figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from commit_mef._validators import non_empty_str
from commit_mef.reports import _summaries

__all__ = [
    "BudgetLine",
    "Figure",
    "FlagNote",
    "RateUsed",
    "TargetRow",
    "Total",
    "TrajectoryPoint",
    "format_number",
    "rates_text",
]

Value = Decimal | bool | str | None


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _flags(value: Iterable[FlagNote]) -> tuple[FlagNote, ...]:
    return tuple(value)


def _rates(value: Iterable[RateUsed]) -> tuple[RateUsed, ...]:
    return tuple(value)


def format_number(value: Decimal) -> str:
    """Format an exact number with thousands separators and no exponent.

    Examples:
        >>> format_number(Decimal("12042358000"))
        '12,042,358,000'
        >>> format_number(Decimal("6543.10"))
        '6,543.10'
        >>> format_number(Decimal("1E+3"))
        '1,000'
    """
    return f"{value:,f}"


def rates_text(rates: tuple[RateUsed, ...]) -> str:
    """The rates of one conversion on one line, rounded to 4 decimals for display.

    Examples:
        >>> rates_text((RateUsed(currency="CNY", rate=Decimal("6.46146132655007"), period="2011"),
        ...             RateUsed(currency="CNY", rate=Decimal("6.3123"), period="2012")))
        'CNY per US$: 2011 6.4615; 2012 6.3123'
    """
    by_currency: dict[str, list[str]] = {}
    for rate in rates:
        shown = rate.rate
        if shown.as_tuple().exponent < -4:  # type: ignore[operator]
            shown = shown.quantize(Decimal("0.0001"))
        by_currency.setdefault(rate.currency, []).append(f"{rate.period} {format_number(shown)}")
    return "; ".join(f"{c} per US$: {'; '.join(v)}" for c, v in by_currency.items())


@attrs.frozen(kw_only=True)
class FlagNote:
    """A data-quality flag shown next to the figure it concerns.

    Attributes:
        code: The flag's code (``"possible-double-count"``).
        severity: ``"info"``, ``"warning"`` or ``"error"``.
        note: What is wrong and what was done about it.

    Examples:
        >>> str(FlagNote(code="duplicate-fact", severity="info", note="count once"))
        'duplicate-fact (info): count once'
    """

    code: str = attrs.field(validator=non_empty_str)
    severity: str = "warning"
    note: str = ""

    def __str__(self) -> str:
        return f"{self.code} ({self.severity}): {self.note}"


@attrs.frozen(kw_only=True)
class Figure:
    """One reported figure as the report shows it.

    Attributes:
        id: The observation id (``"KHM.1.budget.mowa"``).
        indicator: The indicator id.
        indicator_name: The indicator's name.
        description: What was counted or done, in a few words.
        country: Alpha-3 code, or two joined by ``-`` for a bilateral fact.
        country_name: The COMMIT spelling (``"Lao PDR"``, ``"Cambodia-Viet Nam"``).
        period: The period the figure covers, or ``None`` when the source gives none.
        basis: ``"per-year"``, ``"total"``, ``"point"``, ``"per-event"`` or ``"per-person"``.
        value: The exact value: a ``Decimal`` count or amount, ``True``/``False`` for a
            milestone, text for a qualitative figure, ``None`` when unknown.
        unit: The unit of ``value`` (``"person"``, ``"KHR"``), ``None`` when it has none.
        as_written: The number phrase as the source prints it.
        source: Where the figure comes from.
        flags: Data-quality flags on this figure.
        subset_of: The id of a figure this one is counted among, if any (do not add them).

    Examples:
        >>> f = Figure(id="LAO.1.budget", indicator="budget.allocation",
        ...            indicator_name="Budget", country="LAO", country_name="Lao PDR",
        ...            period="2014", basis="per-year", value=Decimal("2000000000"), unit="LAK")
        >>> f.value_text
        '2,000,000,000 LAK'
    """

    id: str = attrs.field(validator=non_empty_str)
    indicator: str = attrs.field(validator=non_empty_str)
    indicator_name: str = ""
    description: str = ""
    country: str = ""
    country_name: str = ""
    period: str | None = None
    basis: str = "point"
    value: Value = None
    unit: str | None = None
    as_written: str | None = None
    source: str = ""
    flags: tuple[FlagNote, ...] = attrs.field(default=(), converter=_flags)
    subset_of: str | None = None

    @property
    def period_text(self) -> str:
        """The period for display, saying when the value is a rate (per year, event or person).

        Examples:
            >>> Figure(id="x", indicator="b", period="2011-2014", basis="per-year").period_text
            '2011-2014, per year'
            >>> Figure(id="x", indicator="b", period="2014", basis="total").period_text
            '2014'
            >>> Figure(id="x", indicator="b", basis="per-event").period_text
            'not stated, per event'
        """
        period = self.period or "not stated"
        if self.basis.startswith("per-"):
            return f"{period}, {self.basis.replace('-', ' ')}"
        return period

    @property
    def value_text(self) -> str:
        """The exact value for display (``"yes"`` for an achieved milestone).

        A qualitative figure shows ``"qualitative"``; its text is the description.

        Examples:
            >>> Figure(id="x", indicator="npa.adopted", value=True).value_text
            'yes'
            >>> Figure(id="x", indicator="a", value=None).value_text
            'unknown'
        """
        value = self.value
        if value is None:
            return "unknown"
        if value is True:
            return "yes"
        if value is False:
            return "no"
        if not isinstance(value, Decimal):
            return "qualitative"
        text = format_number(value)
        return f"{text} {plural(self.unit, value)}" if self.unit else text


@attrs.frozen(kw_only=True)
class Total:
    """A regional total of one indicator in one area, or why there is none.

    Attributes:
        indicator: The indicator id.
        name: The indicator's name.
        value: The total, or ``None`` when the indicator cannot be totalled.
        unit: The unit of ``value``.
        basis: What the total measures: ``"total"`` (a flow added up over
            ``period``) or ``"point"`` (a state as at its end: the latest value
            of a stock, milestones reached).
        countries: The countries that contributed.
        figures: How many figures went into the total.
        note: How the total was made, or why it was not (``"not aggregatable: ..."``).
        period: The span of time the total covers, as text.
        flags: Quality markers of the figures in it (``"approximate"``, ``"lower-bound"``...).
        facts: For a count of countries that achieved a milestone, the distinct facts achieved.
        pairs: How many of those facts are bilateral (between a pair of countries).
        hint: For analysts: the engine's own message when it refused, and what to pass
            instead (the JSON report carries it; the reader's formats show ``note``).

    Examples:
        >>> Total(indicator="npa.adopted", name="NPA", value=Decimal(4), unit="countries").text
        '4 countries'
        >>> Total(indicator="a", value=Decimal(6), unit="countries", facts=14, pairs=8).text
        '6 countries (14 facts; 8 of them are between two countries)'
        >>> Total(indicator="e", value=Decimal(153), unit="event", period="2011-2014").text
        '153 events'
        >>> Total(indicator="cooperation.external", name="c", note="not aggregatable").text
        'not aggregatable'
    """

    indicator: str = attrs.field(validator=non_empty_str)
    name: str = ""
    value: Decimal | None = None
    unit: str | None = None
    basis: str | None = None
    countries: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    figures: int = 0
    note: str = ""
    period: str | None = None
    flags: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    facts: int | None = None
    pairs: int | None = None
    hint: str = ""

    @property
    def text(self) -> str:
        """The total for display, or the note when there is none.

        Examples:
            >>> Total(indicator="x", value=Decimal(2500), unit="person").text
            '2,500 persons'
        """
        if self.value is None:
            return self.note or "not aggregatable"
        number = format_number(self.value)
        text = f"{number} {plural(self.unit, self.value)}" if self.unit else number
        if self.facts is not None and self.pairs:
            facts = "1 fact" if self.facts == 1 else f"{self.facts} facts"
            between = "it is" if self.facts == 1 else f"{self.pairs} of them are"
            text += f" ({facts}; {between} between two countries)"
        return text


def plural(unit: str, value: Decimal) -> str:
    """A count unit as a reader says it: ``"1 person"``, ``"2 persons"``; currency codes as they are.

    Examples:
        >>> plural("event", Decimal(210)), plural("person", Decimal(1)), plural("USD", Decimal(5))
        ('events', 'person', 'USD')
    """
    if value == 1 or (len(unit) == 3 and unit.isupper()) or unit in ("countries", "percent"):
        return unit
    if unit == "country":
        return "countries"
    return unit + "s"


@attrs.frozen(kw_only=True)
class TrajectoryPoint:
    """One period of a target's trajectory: its interim target beside what was achieved.

    Attributes:
        period: The period, as text (``"2016"``).
        target: The interim value due by its end.
        achieved: What was reached by its end (or so far), ``None`` without data.
        country: The country (alpha-3) for a national target over several
            countries; ``""`` for the target as a whole.
        complete: Whether the period had ended by the day measured.

    Examples:
        >>> TrajectoryPoint(period="2016", target=Decimal(200), achieved=Decimal(210)).complete
        True
    """

    period: str
    target: Decimal
    achieved: Decimal | None = None
    country: str = ""
    complete: bool = True


def _points(value: Iterable[TrajectoryPoint]) -> tuple[TrajectoryPoint, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class TargetRow:
    """A plan target with the progress made against it.

    Attributes:
        target: The target's id.
        indicator: The indicator it measures.
        description: What the target asks for.
        country: The country (or ``"regional"``).
        target_value: The value aimed for, as text.
        achieved: The value reached, as text, or ``None`` when no figure was reported.
        status: ``"achieved"``, ``"on track"``, ``"off track"``, ``"not started"``,
            ``"no data"``, ``"not assessed"``, or ``"not measured"`` when the target's
            figures could not be measured at all (the report goes on with the others).
        reason: Why the target could not be measured (the error, in words), or ``""``.
        basis: What the status was paced by: ``"timeline"``, ``"straight line"``
            or ``""`` where no pace applies.
        trajectory: With a timeline, the interim target and what was achieved
            per period (per country for a national target over several).

    Examples:
        >>> TargetRow(target="t1", indicator="npa.adopted", status="achieved").status
        'achieved'
        >>> row = TargetRow(target="t2", status="not measured", reason="two currencies")
        >>> row.shown_status
        'not measured: two currencies'
    """

    target: str = attrs.field(validator=non_empty_str)
    indicator: str = ""
    description: str = ""
    country: str = "regional"
    target_value: str = ""
    achieved: str | None = None
    status: str = "no data"
    reason: str = ""
    basis: str = ""
    trajectory: tuple[TrajectoryPoint, ...] = attrs.field(default=(), converter=_points)

    @property
    def shown_status(self) -> str:
        """The status as the report shows it, followed by the reason when there is one.

        Examples:
            >>> TargetRow(target="t1", status="on track").shown_status
            'on track'
        """
        return f"{self.status}: {self.reason}" if self.reason else self.status

    @property
    def label(self) -> str:
        """The target's id and what it asks for (or its indicator).

        Examples:
            >>> TargetRow(target="4.1.a", description="NRMs operational").label
            '4.1.a: NRMs operational'
        """
        return f"{self.target}: {self.description or self.indicator}".rstrip(": ")

    def trajectory_text(self) -> str:
        """The trajectory in words: each period's interim target and what was achieved.

        Examples:
            >>> TargetRow(target="t", trajectory=[
            ...     TrajectoryPoint(period="2015", target=Decimal(75), achieved=Decimal(90)),
            ...     TrajectoryPoint(period="2016", target=Decimal(200), achieved=Decimal(120),
            ...                     complete=False)]).trajectory_text()
            'by 2015: 75 (achieved 90); by 2016: 200 (so far 120)'
        """
        parts = []
        for country in dict.fromkeys(p.country for p in self.trajectory):
            steps = []
            for p in self.trajectory:
                if p.country != country:
                    continue
                got = ""
                if p.achieved is not None:
                    got = f" ({'achieved' if p.complete else 'so far'} {format_number(p.achieved)})"
                steps.append(f"by {p.period}: {format_number(p.target)}{got}")
            parts.append((f"{country}: " if country else "") + "; ".join(steps))
        return " | ".join(parts)


@attrs.frozen(kw_only=True)
class RateUsed:
    """An exchange rate a conversion in the report used.

    Attributes:
        currency: ISO 4217 code.
        rate: Local currency units per US$.
        period: The period the rate covers.
        source: Where the rate comes from.
        vintage: Which release of the source.

    Examples:
        >>> str(RateUsed(currency="LAK", rate=Decimal("8049.0"), period="2014",
        ...              source="World Bank WDI PA.NUS.FCRF", vintage="2024"))
        'LAK 8,049.0 per US$ (2014; World Bank WDI PA.NUS.FCRF, 2024)'
    """

    currency: str = attrs.field(validator=non_empty_str)
    rate: Decimal
    period: str = ""
    source: str = ""
    vintage: str = ""

    def __str__(self) -> str:
        origin = ", ".join(p for p in (self.source, self.vintage) if p)
        return f"{self.currency} {format_number(self.rate)} per US$ ({self.period}; {origin})"


@attrs.frozen(kw_only=True)
class BudgetLine:
    """One budget figure in local currency and in US$, with the rates and any finding.

    Attributes:
        figure: The observation id.
        recipient: Who receives the money, when the source says.
        period: The period it covers.
        basis: ``"per-year"`` or ``"total"`` (or ``"per-person"`` for an award).
        amount: The amount in local currency, exact.
        currency: Its ISO 4217 code.
        as_written: The amount as the source prints it.
        to: The currency the amount is converted to (``"USD"``).
        converted: The amount in ``to`` at reference rates, rounded to its minor units;
            ``None`` when it cannot be computed (see ``note``).
        method: How the conversion was made (one annual rate, a day-weighted mean).
        rates: The rates used.
        stated: The equivalent the source states, if any.
        stated_currency: The currency of ``stated``.
        stated_as_written: That equivalent as the source prints it.
        finding: What the stated-equivalent check found, ``None`` when it agrees or
            there is nothing to check.
        note: Why there is no US$ figure, when there is none (for example a rate
            flagged as not meaningful).
        flags: Data-quality flags on the figure.

    Examples:
        >>> BudgetLine(figure="LAO.1.budget", amount=Decimal(2000000000), currency="LAK").local_text
        '2,000,000,000 LAK'
    """

    figure: str = attrs.field(validator=non_empty_str)
    recipient: str | None = None
    period: str | None = None
    basis: str = "total"
    amount: Decimal
    currency: str = attrs.field(validator=non_empty_str)
    as_written: str | None = None
    to: str = "USD"
    converted: Decimal | None = None
    method: str = ""
    rates: tuple[RateUsed, ...] = attrs.field(default=(), converter=_rates)
    stated: Decimal | None = None
    stated_currency: str | None = None
    stated_as_written: str | None = None
    finding: str | None = None
    note: str = ""
    flags: tuple[FlagNote, ...] = attrs.field(default=(), converter=_flags)

    def __repr__(self) -> str:
        return _summaries.budget_line_text(self)

    #: Labels of :meth:`notes` that report a problem (renderers emphasise them).
    PROBLEM_LABELS = frozenset({"not converted", "finding"})

    def notes(self) -> tuple[tuple[str, str], ...]:
        """The line's notes as ``(label, text)`` pairs, in the order every renderer shows them.

        Examples:
            >>> BudgetLine(figure="x", amount=Decimal(5), currency="KHR", recipient="MoWA",
            ...            note="no rate").notes()
            (('recipient', 'MoWA'), ('not converted', 'no rate'))
        """
        items = (
            ("recipient", self.recipient or ""),
            ("method", self.method),
            ("rates", rates_text(self.rates) if self.rates else ""),
            ("not converted", self.note),
            ("finding", self.finding or ""),
        )
        return tuple((label, text) for label, text in items if text)

    @property
    def local_text(self) -> str:
        """The local amount for display.

        Examples:
            >>> BudgetLine(figure="x", amount=Decimal("5E+6"), currency="CNY").local_text
            '5,000,000 CNY'
        """
        return f"{format_number(self.amount)} {self.currency}"

    @property
    def converted_text(self) -> str:
        """The converted amount for display, or ``"n/a"``.

        Examples:
            >>> BudgetLine(figure="x", amount=Decimal(1), currency="THB").converted_text
            'n/a'
        """
        return "n/a" if self.converted is None else f"{format_number(self.converted)} {self.to}"

    @property
    def stated_text(self) -> str:
        """The stated equivalent for display, or ``""``.

        Examples:
            >>> BudgetLine(figure="x", amount=Decimal(1), currency="THB",
            ...            stated=Decimal("6500000"), stated_currency="USD").stated_text
            '6,500,000 USD'
        """
        if self.stated is None:
            return ""
        return f"{format_number(self.stated)} {self.stated_currency or ''}".rstrip()
