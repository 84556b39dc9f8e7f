"""The summary of a progress report: headlines per area, milestones by country, money, notes.

Plain frozen values, like the rest of the model: the builder fills them once and
every renderer prints them first, before the detail tables.  Exact numbers stay
exact here (and in the JSON report); renderers round them for display only.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from commit_mef._validators import non_empty_str

__all__ = [
    "BudgetSummary",
    "CountryMoney",
    "Headline",
    "MilestoneMatrix",
    "QualityNote",
    "Summary",
    "display_number",
]


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _rows(value: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row) for row in value)


def display_number(value: Decimal | str, *, places: int | None = None) -> str:
    """A number as a reader wants it: thousands separators, sensible rounding.

    With ``places`` the value is rounded to that many decimals; without, whole
    numbers stay whole, amounts of 1,000 or more lose their fraction, and smaller
    ones keep at most two decimals.  Text that is not a number comes back as it is.
    Exact values stay in the JSON report; this is for display.

    Examples:
        >>> display_number(Decimal("315068493.1506849315068493151"))
        '315,068,493'
        >>> display_number("0.123456"), display_number(Decimal("1401")), display_number("n/a")
        ('0.12', '1,401', 'n/a')
        >>> display_number(Decimal("36889.79"), places=2)
        '36,889.79'
    """
    if isinstance(value, str):
        text = value
        try:
            value = Decimal(text.replace(",", ""))
        except ArithmeticError:
            return text
    if not value.is_finite():
        return str(value)
    if places is None:
        whole = value == value.to_integral_value() or abs(value) >= 1000
        places = 0 if whole else 2
    shown = value.quantize(Decimal(1).scaleb(-places))
    if shown == shown.to_integral_value() and places == 0:
        shown = shown.quantize(Decimal(1))
    return f"{shown:,f}"


@attrs.frozen(kw_only=True)
class MilestoneMatrix:
    """Which country achieved which milestone in an area: a country x milestone table.

    Attributes:
        milestones: The column headings: one milestone indicator's name each.
        countries: The row headings: the countries' names, in report order.
        cells: One row per country, one cell per milestone: ``""`` when nothing is
            reported, ``"yes"`` for a national fact, the partners for bilateral
            facts (``"with Viet Nam"``), or both (``"yes; with Thailand"``).

    Examples:
        >>> m = MilestoneMatrix(milestones=["NPA adopted"], countries=["Cambodia"],
        ...                     cells=[["yes"]])
        >>> m.cells[0][0]
        'yes'
    """

    milestones: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    countries: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    cells: tuple[tuple[str, ...], ...] = attrs.field(default=(), converter=_rows)


@attrs.frozen(kw_only=True)
class Headline:
    """Two or three lines that say what an area achieved, and its milestones by country.

    Attributes:
        area: The area number (``None`` for results outside the plan's areas).
        heading: ``"Area 1: Policy and Cooperation"``.
        lines: The headline sentences, in plain language.
        matrix: The area's milestones by country, when it has milestones.

    Examples:
        >>> Headline(area=1, heading="Area 1", lines=["6 countries adopted a plan"]).lines
        ('6 countries adopted a plan',)
    """

    area: int | None = None
    heading: str = ""
    lines: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    matrix: MilestoneMatrix | None = None


@attrs.frozen(kw_only=True)
class CountryMoney:
    """One country's budgets over the plan period, in local currency and converted.

    Attributes:
        country: Alpha-3 code.
        country_name: The COMMIT spelling.
        local: The total in local currency (exact), ``None`` when it cannot be made.
        currency: The local currency's ISO 4217 code.
        converted: The total in the reporting currency, rounded to its minor units;
            ``None`` when it was not converted (see ``note``).
        covered: The part of the plan period the figures cover (``"2013-2014"``).
        figures: How many budget figures went into it.
        note: Why the amount was not converted or not totalled, in plain words.
        assumptions: How the total was made (per-year figures counted per year, ...).

    Examples:
        >>> CountryMoney(country="LAO", currency="LAK", local=Decimal("2E9")).converted is None
        True
    """

    country: str = attrs.field(validator=non_empty_str)
    country_name: str = ""
    local: Decimal | None = None
    currency: str = ""
    converted: Decimal | None = None
    covered: str = ""
    figures: int = 0
    note: str = ""
    assumptions: tuple[str, ...] = attrs.field(default=(), converter=_strs)


def _money(value: Iterable[CountryMoney]) -> tuple[CountryMoney, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class BudgetSummary:
    """Budgets over the plan period: per country, and a regional total in one currency.

    Attributes:
        currency: The reporting currency (``"USD"``).
        period: The plan period the totals cover.
        total: The regional total of the converted countries, ``None`` when none was.
        countries: One entry per country with budget figures, in report order.
        left_out: The names of the countries the total leaves out (see their notes).

    Examples:
        >>> s = BudgetSummary(currency="USD", period="2011-2014", total=Decimal("5"),
        ...                   countries=[CountryMoney(country="LAO", converted=Decimal(5))])
        >>> s.included
        ('LAO',)
    """

    currency: str = "USD"
    period: str = ""
    total: Decimal | None = None
    countries: tuple[CountryMoney, ...] = attrs.field(default=(), converter=_money)
    left_out: tuple[str, ...] = attrs.field(default=(), converter=_strs)

    @property
    def included(self) -> tuple[str, ...]:
        """The countries whose converted budgets make the regional total (alpha-3).

        Examples:
            >>> BudgetSummary().included
            ()
        """
        return tuple(c.country for c in self.countries if c.converted is not None)


@attrs.frozen(kw_only=True)
class QualityNote:
    """One data-quality note, written once, with every figure it concerns.

    Attributes:
        number: The note's number (the detail tables refer to it: "note 3").
        code: The flag's code (``"period-from-context"``).
        severity: ``"info"``, ``"warning"`` or ``"error"``.
        note: What is wrong and what was done about it.
        figures: The ids of the figures it concerns.
        labels: Those figures as a reader finds them (``"Cambodia, Area 1: Events held"``).

    Examples:
        >>> QualityNote(number=1, code="period-from-context", note="n").title
        'Period from context'
    """

    number: int
    code: str = attrs.field(validator=non_empty_str)
    severity: str = "info"
    note: str = ""
    figures: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    labels: tuple[str, ...] = attrs.field(default=(), converter=_strs)

    @property
    def title(self) -> str:
        """The code written as a heading (``"possible-double-count"`` becomes ``"Possible double count"``).

        Examples:
            >>> QualityNote(number=2, code="possible-double-count").title
            'Possible double count'
        """
        return self.code.replace("-", " ").capitalize()


def _headlines(value: Iterable[Headline]) -> tuple[Headline, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Summary:
    """What a reader needs first: what the report covers, what each area achieved, money, targets.

    Attributes:
        about: What the plan is, and which period and data the report covers.
        headlines: Per area, its headline lines and milestones by country.
        budget: Budgets over the plan period, ``None`` without budget figures.
        targets: Target status per country, in plain sentences (or why there is none).

    Examples:
        >>> Summary(about=["SPA III, 2011-2014"]).headlines
        ()
    """

    about: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    headlines: tuple[Headline, ...] = attrs.field(default=(), converter=_headlines)
    budget: BudgetSummary | None = None
    targets: tuple[str, ...] = attrs.field(default=(), converter=_strs)
