"""Fiscal calendars as dated data (rules, interim years, gaps) and the years they define."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

import attrs

from commit_mef._registry import Registry
from commit_mef.countries import Country, country
from commit_mef.errors import (
    InvalidTypeError,
    RegistrationError,
    UnknownFiscalYearError,
    ValidationError,
)
from commit_mef.periods._period import _ONE_DAY, Period, _check_year

__all__ = [
    "FiscalCalendar",
    "FiscalYear",
    "FiscalYearRule",
    "LabelStyle",
    "fiscal_calendar",
    "fiscal_calendars",
    "fiscal_year",
    "register_fiscal_calendar",
    "unregister_fiscal_calendar",
]

#: How a calendar labels its fiscal years: ``"calendar"`` (the year, for years
#: starting in January), ``"end-year"`` (the year it ends: Thailand's budget year
#: 2015 is 2014-10-01..2015-09-30) or ``"split"`` (both years: Myanmar's "2017-18").
LabelStyle = Literal["calendar", "end-year", "split"]
_STYLES = ("calendar", "end-year", "split")


@attrs.frozen
class FiscalYear:
    """One fiscal year of a calendar: its label, its dates, and whether it is interim.

    Attributes:
        label: The label the country uses ("2015" for Thailand's budget year
            2015, "2017-18" for Myanmar, "2018 interim").
        period: The days it covers.
        interim: Whether it is a short transitional year between two calendars.

    Examples:
        >>> fy = fiscal_calendar("MMR").fiscal_years(Period.year(2018))[1]
        >>> fy.label, str(fy.period), fy.interim
        ('2018 interim', '2018-04-01/2018-09-30', True)
    """

    label: str
    period: Period
    interim: bool = False


def _check_month(inst: FiscalYearRule, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(f"FiscalYearRule.month must be an int, got {value!r}")
    if not 1 <= value <= 12:
        raise ValidationError(
            f"must be a month from 1 to 12, got {value}", path="FiscalYearRule.month"
        )


def _check_style(inst: FiscalYearRule, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in _STYLES:
        raise ValidationError(
            f"must be one of {', '.join(map(repr, _STYLES))}, got {value!r}",
            path="FiscalYearRule.style",
        )


def _check_bound(
    inst: FiscalYearRule, attribute: attrs.Attribute[int | None], value: object
) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise InvalidTypeError(
            f"FiscalYearRule.{attribute.name} must be an int or None, got {value!r}"
        )
    if (
        attribute.name == "last"
        and inst.first is not None
        and value is not None
        and value < inst.first
    ):
        raise ValidationError(
            f"the last start year {value} is before the first {inst.first}; swap them",
            path="FiscalYearRule.last",
        )


@attrs.frozen
class FiscalYearRule:
    """Regular fiscal years starting on ``month``/1, for the years starting in ``first``..``last``.

    A :class:`FiscalCalendar` is a tuple of such rules (dated: a country that
    changed its fiscal year has one rule before the switch and one after), plus
    its interim years and documented gaps.

    Attributes:
        month: The month (1-12) each fiscal year starts on, on the 1st.
        style: How the years are labelled: ``"calendar"``, ``"end-year"`` or ``"split"``.
        first: The first calendar year a fiscal year of this rule starts in, or
            ``None`` for no lower bound.
        last: The last calendar year a fiscal year of this rule starts in, or
            ``None`` for no upper bound.

    Examples:
        >>> rule = FiscalYearRule(month=4, style="split", first=2022)
        >>> rule.covers(2021), rule.covers(2024)
        (False, True)
        >>> rule.year_starting(2024).label
        '2024-25'
        >>> FiscalYearRule(month=13, style="calendar")
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: FiscalYearRule.month: must be a month from 1 to 12, got 13
    """

    month: int = attrs.field(validator=_check_month)
    style: LabelStyle = attrs.field(validator=_check_style)
    first: int | None = attrs.field(default=None, validator=_check_bound)
    last: int | None = attrs.field(default=None, validator=_check_bound)

    def __attrs_post_init__(self) -> None:
        if self.first is not None and self.last is not None and self.last < self.first:
            raise ValidationError(
                f"last start year {self.last} is before first start year {self.first}; swap them",
                path="FiscalYearRule.last",
            )

    def covers(self, start_year: int) -> bool:
        """Whether a fiscal year starting in calendar year ``start_year`` follows this rule.

        Examples:
            >>> FiscalYearRule(month=10, style="split", last=2015).covers(2016)
            False
        """
        return (self.first is None or start_year >= self.first) and (
            self.last is None or start_year <= self.last
        )

    def year_starting(self, start_year: int) -> FiscalYear:
        """The fiscal year of this rule that starts in calendar year ``start_year``.

        Examples:
            >>> str(FiscalYearRule(month=10, style="end-year").year_starting(2014).period)
            '2014-10-01/2015-09-30'
        """
        start = dt.date(start_year, self.month, 1)
        end = dt.date(start_year + 1, self.month, 1) - _ONE_DAY
        if self.style == "calendar":
            label = f"{start_year}"
        elif self.style == "end-year":
            label = f"{end.year}"
        else:
            label = f"{start_year}-{(start_year + 1) % 100:02d}"
        return FiscalYear(label=label, period=Period(start, end))

    def start_year_for(self, year: int) -> int:
        """The start year of the fiscal year an integer label names.

        Examples:
            >>> FiscalYearRule(month=10, style="end-year").start_year_for(2015)
            2014
        """
        return year - 1 if self.style == "end-year" and self.month != 1 else year


_Rule = FiscalYearRule  # the name it had while private


def _describe_rule(rule: FiscalYearRule) -> str:
    """A rule in words: "split years starting in 2015 or earlier"."""
    if rule.first is None and rule.last is None:
        return f"{rule.style} years"
    if rule.first is None:
        return f"{rule.style} years starting in {rule.last} or earlier"
    if rule.last is None:
        return f"{rule.style} years starting in {rule.first} or later"
    return f"{rule.style} years starting in {rule.first} to {rule.last}"


@attrs.frozen
class FiscalCalendar:
    """A country's fiscal calendar as dated data: regular rules, interim years, known gaps.

    An integer names a fiscal year the way the country does: by the year it
    ends for Thailand (budget year 2015 = 1 Oct 2014 - 30 Sep 2015), by the
    year it starts for split years (Myanmar "2017-18" = 2017), and by the
    calendar year elsewhere; :attr:`year_named_by` says which.  Interim years
    are named by their label only.  In files and on the command line a fiscal
    year is written ``FY`` and its label after the country's code
    (``THA:FY2015``, ``MMR:FY2017/18``), which :meth:`Period.parse` reads.

    Attributes:
        name: Display name ("Myanmar fiscal calendar").
        country: Alpha-3 code of the country.
        rules: Regular rules, oldest first.
        interims: Short transitional years between rules.
        gaps: Spans no fiscal year covers, each with a note saying why.
        sources: Where the facts come from.

    Examples:
        >>> lao = fiscal_calendar("LAO")
        >>> [fy.label for fy in lao.fiscal_years(Period.years(2015, 2017))]
        ['2014-15', '2015-16', '2017']
        >>> [str(p) for p, _note in lao.gaps]
        ['2016-10-01/2016-12-31']
    """

    name: str
    country: str
    rules: tuple[FiscalYearRule, ...]
    interims: tuple[FiscalYear, ...] = ()
    gaps: tuple[tuple[Period, str], ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def year_named_by(self) -> Literal["start", "end"]:
        """Whether an integer names a fiscal year by its end year or its start year.

        ``"end"`` or ``"start"``, per calendar.

        ``"end"`` for calendars whose years are named by the year they end in
        (Thailand: 2015 is 1 Oct 2014 - 30 Sep 2015); ``"start"`` for split years
        (Myanmar, Lao PDR until 2016: 2015 is the year starting in 2015) and for
        calendar years, which start and end in the year that names them.

        Examples:
            >>> [fiscal_calendar(c).year_named_by for c in ("KHM", "LAO", "MMR", "THA")]
            ['start', 'start', 'start', 'end']
        """
        if any(r.style == "end-year" and r.month != 1 for r in self.rules):
            return "end"
        return "start"

    def fiscal_year(self, year: int | str) -> Period:
        """The period of the fiscal year ``year`` (an integer or a label).

        Raises:
            UnknownFiscalYearError: the calendar defines no such fiscal year.

        Examples:
            >>> fiscal_calendar("MMR").fiscal_year("2018 interim")
            Period(start=datetime.date(2018, 4, 1), end=datetime.date(2018, 9, 30))
        """
        return self.lookup(year).period

    def lookup(self, year: int | str) -> FiscalYear:
        """The :class:`FiscalYear` an integer or label names.

        Labels are read loosely: "2015-16", "2015/16", "2015-2016" and
        "FY2015-16" name the same year.  A split label (first and last calendar
        year) works for every calendar whose years straddle two calendar years:
        Thailand's "2014/15" is its budget year 2015.

        Raises:
            TypeError: ``year`` is neither an int nor a string.
            UnknownFiscalYearError: the calendar defines no such fiscal year.

        Examples:
            >>> fiscal_calendar("LAO").lookup("FY2015/16").period
            Period(start=datetime.date(2015, 10, 1), end=datetime.date(2016, 9, 30))
            >>> fiscal_calendar("THA").lookup("2014/15").label
            '2015'
        """
        if isinstance(year, bool) or not isinstance(year, (int, str)):
            raise InvalidTypeError(
                f"a fiscal year is an int such as 2015 or a label such as '2017-18', "
                f"got {type(year).__name__} {year!r}"
            )
        if isinstance(year, str):
            return self._by_label(year)
        _check_year(year)
        for rule in self.rules:
            start_year = rule.start_year_for(year)
            if rule.covers(start_year):
                return rule.year_starting(start_year)
        raise UnknownFiscalYearError(
            f"the {self.name} defines no regular fiscal year labelled {year}: "
            f"{self._explain(year)}",
            calendar=self.name,
            label=str(year),
        )

    def _by_label(self, label: str) -> FiscalYear:
        key = _label_key(label)
        for interim in self.interims:
            if _label_key(interim.label) == key:
                return interim
        match = re.fullmatch(r"(\d{4})(?:[-/](\d{2}|\d{4}))?", key)
        if match:
            first = int(match.group(1))
            if match.group(2) is None:
                return self.lookup(first)
            last = _split_end(first, match.group(2))
            for rule in self.rules:
                if rule.month != 1 and rule.covers(first):
                    fy = rule.year_starting(first)
                    if fy.period.end.year == last:
                        return fy
        known = ", ".join(repr(i.label) for i in self.interims)
        raise UnknownFiscalYearError(
            f"the {self.name} defines no fiscal year labelled {label!r}; labels look like "
            f"{self._example_labels()}" + (f"; interim years: {known}" if known else ""),
            calendar=self.name,
            label=label,
        )

    def _example_labels(self) -> str:
        styles = {r.style for r in self.rules}
        examples = {
            "calendar": "'2014'",
            "end-year": "'2015' (the year it ends)",
            "split": "'2017-18'",
        }
        return " or ".join(examples[s] for s in sorted(styles))

    def _explain(self, year: int) -> str:
        spans = [_describe_rule(rule) for rule in self.rules]
        for interim in self.interims:
            if year in interim.period.years_covered():
                return (
                    f"{interim.period} is the interim year {interim.label!r}; "
                    f"the calendar has {'; '.join(spans)}"
                )
        for gap, note in self.gaps:
            if year in gap.years_covered():
                return f"{gap} is a documented gap ({note}); the calendar has {'; '.join(spans)}"
        return f"the calendar has {'; '.join(spans)}"

    def all_years(self, first: int, last: int) -> tuple[FiscalYear, ...]:
        """Every fiscal year (regular and interim) starting in calendar years ``first``..``last``.

        Examples:
            >>> [fy.label for fy in fiscal_calendar("MMR").all_years(2017, 2018)]
            ['2017-18', '2018 interim', '2018-19']
        """
        found: list[FiscalYear] = []
        for start_year in range(first, last + 1):
            found.extend(r.year_starting(start_year) for r in self.rules if r.covers(start_year))
            found.extend(i for i in self.interims if i.period.start.year == start_year)
        return tuple(sorted(found, key=lambda fy: fy.period.start))

    def fiscal_years(self, period: Period) -> tuple[FiscalYear, ...]:
        """The fiscal years that overlap ``period``, in order.

        Examples:
            >>> [fy.label for fy in fiscal_calendar("THA").fiscal_years(Period.year(2014))]
            ['2014', '2015']
        """
        candidates = self.all_years(period.start.year - 1, period.end.year)
        return tuple(fy for fy in candidates if fy.period.overlaps(period))

    def containing(self, day: dt.date) -> FiscalYear | None:
        """The fiscal year that contains ``day``, or ``None`` inside a documented gap.

        Examples:
            >>> import datetime as dt
            >>> fiscal_calendar("THA").containing(dt.date(2014, 12, 25)).label
            '2015'
            >>> fiscal_calendar("LAO").containing(dt.date(2016, 11, 1)) is None
            True
        """
        for fy in self.fiscal_years(Period.day(day)):
            return fy
        return None


def _label_key(label: str) -> str:
    key = label.strip().upper().removeprefix("FY").strip().replace("/", "-")
    return " ".join(key.split()).lower()


def _split_end(first: int, second: str) -> int:
    """The last calendar year of a split label ``first``-``second`` ("2015-16" -> 2016)."""
    if len(second) == 4:
        return int(second)
    century = first - first % 100
    end = century + int(second)
    return end if end >= first else end + 100


def _builtin_calendars() -> dict[str, FiscalCalendar]:
    from commit_mef.periods._members import builtin_calendars

    return builtin_calendars()


_REGISTRY: Registry[FiscalCalendar] = Registry("fiscal calendar", _builtin_calendars)


def register_fiscal_calendar(
    country_: str | Country, calendar: FiscalCalendar, *, replace: bool = False
) -> None:
    """Register the fiscal calendar of a country, so :func:`fiscal_year` knows it.

    The six COMMIT countries' calendars are registered already; partners (Malaysia,
    Indonesia, ...) can be added.  The registry is shared by the whole process and
    safe to use from several threads; register at start-up.

    Args:
        country_: Anything :func:`~commit_mef.country` accepts.
        calendar: The calendar; its ``country`` must be the country's alpha-3 code.
        replace: Replace a calendar already registered for that country (the
            package's own included); without it, that is an error.

    Raises:
        RegistrationError: A calendar is registered for the country already and
            ``replace`` is false, or ``calendar`` is not a :class:`FiscalCalendar`
            of that country.
        UnknownCountryError: The country is unknown.

    Examples:
        >>> malaysia = FiscalCalendar(name="Malaysia fiscal calendar", country="MYS",
        ...     rules=(FiscalYearRule(month=1, style="calendar"),))
        >>> register_fiscal_calendar("Malaysia", malaysia)
        >>> str(fiscal_year("MYS", 2020))
        '2020'
        >>> register_fiscal_calendar("MYS", malaysia)
        Traceback (most recent call last):
        ...
        commit_mef.errors.RegistrationError: fiscal calendar 'MYS' is already registered; pass replace=True to replace it, or choose another name
        >>> unregister_fiscal_calendar("MYS").name
        'Malaysia fiscal calendar'
    """
    found = country(country_)
    if not isinstance(calendar, FiscalCalendar):
        raise RegistrationError(
            f"a fiscal calendar for {found.name} must be a FiscalCalendar, "
            f"got {type(calendar).__name__}",
            registry=_REGISTRY.kind,
            name=found.alpha_3,
        )
    if calendar.country != found.alpha_3:
        raise RegistrationError(
            f"the calendar {calendar.name!r} is for country {calendar.country!r}, not "
            f"{found.alpha_3} ({found.name}); set its country to {found.alpha_3!r}",
            registry=_REGISTRY.kind,
            name=found.alpha_3,
        )
    _REGISTRY.register(found.alpha_3, calendar, replace=replace)


def unregister_fiscal_calendar(country_: str | Country) -> FiscalCalendar:
    """Remove a country's fiscal calendar from the registry and return it.

    Raises:
        RegistrationError: No calendar is registered for the country.

    Examples:
        >>> tha = unregister_fiscal_calendar("THA")
        >>> register_fiscal_calendar("THA", tha)
        >>> fiscal_calendar("THA") is tha
        True
    """
    return _REGISTRY.unregister(country(country_).alpha_3)


def fiscal_calendars() -> dict[str, FiscalCalendar]:
    """Every registered fiscal calendar by alpha-3 country code (a copy).

    Examples:
        >>> sorted(fiscal_calendars())
        ['CHN', 'KHM', 'LAO', 'MMR', 'THA', 'VNM']
    """
    return _REGISTRY.entries()


def fiscal_calendar(country_: str | Country) -> FiscalCalendar:
    """The fiscal calendar of a COMMIT country.

    Args:
        country_: Anything :func:`~commit_mef.country` accepts.

    Raises:
        UnknownCountryError: the country is unknown.
        UnknownFiscalYearError: the package records no calendar for that country.

    Examples:
        >>> fiscal_calendar("Viet Nam").name
        'Viet Nam fiscal calendar'
        >>> fiscal_calendar("MYS")
        Traceback (most recent call last):
        ...
        commit_mef.errors.UnknownFiscalYearError: no fiscal calendar is recorded for Malaysia; ...
    """
    found = country(country_)
    calendar = _REGISTRY.get(found.alpha_3)
    if calendar is None:
        raise UnknownFiscalYearError(
            f"no fiscal calendar is recorded for {found.name}; the package has those of "
            f"{', '.join(_REGISTRY.names())}. Register one with "
            f"register_fiscal_calendar({found.alpha_3!r}, FiscalCalendar(...)), "
            "or pass a Period directly",
            calendar=f"{found.name} fiscal calendar",
            label="",
        )
    return calendar


def fiscal_year(country_: str | Country, year: int | str) -> Period:
    """The dates of a country's fiscal year.

    Args:
        country_: Anything :func:`~commit_mef.country` accepts.
        year: An integer, read as the country names its fiscal years (the
            end year for Thailand, the start year for split years such as
            Myanmar's "2017-18"), or a label such as ``"2015-16"`` or
            ``"2018 interim"``.

    Returns:
        The fiscal year's period.

    Raises:
        UnknownFiscalYearError: the calendar does not define that year; the
            message names the calendar and what it does define.

    Examples:
        >>> str(fiscal_year("Thailand", 2015))
        '2014-10-01/2015-09-30'
        >>> str(fiscal_year("MMR", 2019))
        '2019-10-01/2020-09-30'
        >>> str(fiscal_year("MMR", 2022))
        '2022-04-01/2023-03-31'
        >>> str(fiscal_year("LAO", 2017))
        '2017'
        >>> fiscal_year("LAO", 2016)
        Traceback (most recent call last):
        ...
        commit_mef.errors.UnknownFiscalYearError: the Lao PDR fiscal calendar defines no regular fiscal year labelled 2016: ...
    """
    return fiscal_calendar(country_).fiscal_year(year)
