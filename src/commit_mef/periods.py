"""Periods of time and the fiscal calendars of the COMMIT countries.

A :class:`Period` is an inclusive range of dates.  Budgets are reported over
calendar years, multi-year totals, or a country's fiscal year, and fiscal
years differ by country and have changed over time (Myanmar twice, Lao PDR
once): :func:`fiscal_year` answers from dated calendar data, never from a
fixed rule.

Examples:
    >>> from commit_mef import Period, fiscal_year
    >>> Period.parse("2011-2014").days
    1461
    >>> fiscal_year("THA", 2015)
    Period(start=datetime.date(2014, 10, 1), end=datetime.date(2015, 9, 30))
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Literal

import attrs

from commit_mef.countries import Country, country
from commit_mef.errors import PeriodError, UnknownFiscalYearError

__all__ = [
    "FiscalCalendar",
    "FiscalYear",
    "Period",
    "fiscal_calendar",
    "fiscal_year",
]

_ONE_DAY = dt.timedelta(days=1)


def _check_date(name: str) -> attrs._ValidatorType[dt.date]:
    def check(_inst: object, _attr: attrs.Attribute[dt.date], value: dt.date) -> None:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise TypeError(
                f"Period.{name} must be a datetime.date (not a datetime or string), got "
                f"{type(value).__name__} {value!r}; use Period.parse() for text"
            )

    return check


def _check_order(inst: Period, _attr: attrs.Attribute[dt.date], end: dt.date) -> None:
    if end < inst.start:
        raise PeriodError(
            f"end {end.isoformat()} is before start {inst.start.isoformat()}; swap the two",
            path="Period.end",
        )


_YEAR = r"(\d{4})"
_DATE = r"(\d{4}-\d{2}-\d{2})"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^{_YEAR}$"), "year"),
    (re.compile(rf"^{_YEAR}\s*[-–—]\s*{_YEAR}$"), "years"),
    (re.compile(rf"^{_YEAR}-(\d{{2}})$"), "month"),
    (re.compile(rf"^{_DATE}$"), "day"),
    (re.compile(rf"^{_DATE}\s*(?:/|\.\.)\s*{_DATE}$"), "range"),
)


@attrs.frozen(order=True)
class Period:
    """An inclusive range of dates, from ``start`` to ``end``.

    ``Period.parse`` reads ``"2014"``, ``"2011-2014"``, ``"2013-05"``,
    ``"2014-10-01"`` and ``"2014-10-01/2015-09-30"``; ``str()`` writes the
    shortest of those forms, so ``Period.parse(str(p)) == p``.

    Args:
        start: The first day.
        end: The last day (inclusive); not before ``start``.

    Raises:
        TypeError: ``start`` or ``end`` is not a :class:`datetime.date`.
        PeriodError: ``end`` is before ``start``.

    Examples:
        >>> import datetime as dt
        >>> p = Period(dt.date(2014, 10, 1), dt.date(2015, 9, 30))
        >>> str(p), p.days
        ('2014-10-01/2015-09-30', 365)
        >>> [str(piece) for piece in p.split_by_year()]
        ['2014-10-01/2014-12-31', '2015-01-01/2015-09-30']
        >>> Period(dt.date(2015, 1, 1), dt.date(2014, 1, 1))
        Traceback (most recent call last):
        ...
        commit_mef.errors.PeriodError: Period.end: end 2014-01-01 is before start 2015-01-01; swap the two
    """

    start: dt.date = attrs.field(validator=_check_date("start"))
    end: dt.date = attrs.field(validator=[_check_date("end"), _check_order])

    # -- construction -----------------------------------------------------------------
    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year ``year``.

        Examples:
            >>> str(Period.year(2014))
            '2014'
        """
        _check_year(year)
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def years(cls, first: int, last: int) -> Period:
        """The calendar years ``first`` to ``last``, both included.

        Raises:
            PeriodError: ``last`` is before ``first``.

        Examples:
            >>> Period.years(2011, 2014).days
            1461
        """
        _check_year(first)
        _check_year(last)
        if last < first:
            raise PeriodError(f"last year {last} is before first year {first}; swap the two")
        return cls(dt.date(first, 1, 1), dt.date(last, 12, 31))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month ``month`` of ``year``.

        Examples:
            >>> str(Period.month(2013, 5))
            '2013-05'
        """
        _check_year(year)
        if not 1 <= month <= 12:
            raise PeriodError(f"month {month} is not between 1 and 12")
        first = dt.date(year, month, 1)
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        return cls(first, following - _ONE_DAY)

    @classmethod
    def day(cls, day: dt.date) -> Period:
        """The single day ``day``.

        Examples:
            >>> import datetime as dt
            >>> Period.day(dt.date(2004, 10, 29)).days
            1
        """
        return cls(day, day)

    @classmethod
    def coerce(cls, value: object, *, field: str = "period") -> Period:
        """A period from what people pass: a Period, a year, a date (one day) or text.

        The one place the package turns ``2014``, ``"2011-2014"`` or a date into
        a :class:`Period`; fields and arguments that take periods call it.

        Args:
            value: The period, a calendar year, a day, or text :meth:`parse` reads.
            field: The name used in the error message.

        Raises:
            TypeError: ``value`` is none of these (a bool or a float among them).
            PeriodError: the text cannot be parsed or names an impossible period.

        Examples:
            >>> import datetime as dt
            >>> [str(Period.coerce(v)) for v in (2014, "2011-2014", dt.date(2014, 10, 1))]
            ['2014', '2011-2014', '2014-10-01']
            >>> Period.coerce(2014.0, field="Observation.period")
            Traceback (most recent call last):
            ...
            TypeError: Observation.period must be a Period, a year (2014), a datetime.date or text such as '2011-2014'; got float 2014.0
        """
        if isinstance(value, Period):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return cls.year(value)
        if isinstance(value, str):
            return cls.parse(value)
        if isinstance(value, dt.datetime):
            return cls.day(value.date())
        if isinstance(value, dt.date):
            return cls.day(value)
        raise TypeError(
            f"{field} must be a Period, a year (2014), a datetime.date or text such as "
            f"'2011-2014'; got {type(value).__name__} {value!r}"
        )

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a period from text.

        Accepted forms: ``"2014"`` (a year), ``"2011-2014"`` (years, an en dash
        works too), ``"2013-05"`` (a month), ``"2014-10-01"`` (a day) and
        ``"2014-10-01/2015-09-30"`` or ``"2014-10-01..2015-09-30"`` (a range).

        Raises:
            TypeError: ``text`` is not a string.
            PeriodError: the text is in none of these forms, names an impossible
                date, or ends before it starts.

        Examples:
            >>> Period.parse("2011–2014") == Period.years(2011, 2014)
            True
            >>> Period.parse("2014-02-30")
            Traceback (most recent call last):
            ...
            commit_mef.errors.PeriodError: period '2014-02-30': day is out of range for month
            >>> Period.parse("FY2015")
            Traceback (most recent call last):
            ...
            commit_mef.errors.PeriodError: period 'FY2015': expected '2014', '2011-2014', '2013-05', '2014-10-01' or '2014-10-01/2015-09-30'; for a fiscal year use fiscal_year(country, year)
        """
        if not isinstance(text, str):
            raise TypeError(f"Period.parse() takes a string, got {type(text).__name__}")
        stripped = text.strip()
        for pattern, kind in _PATTERNS:
            match = pattern.match(stripped)
            if match is None:
                continue
            try:
                return _build(kind, match.groups())
            except PeriodError as exc:
                raise PeriodError(f"period {text!r}: {_bare(exc)}") from None
            except ValueError as exc:
                raise PeriodError(f"period {text!r}: {exc}") from None
        raise PeriodError(
            f"period {text!r}: expected '2014', '2011-2014', '2013-05', '2014-10-01' or "
            "'2014-10-01/2015-09-30'; for a fiscal year use fiscal_year(country, year)"
        )

    # -- queries ------------------------------------------------------------------------
    @property
    def days(self) -> int:
        """The number of days, both ends included.

        Examples:
            >>> Period.year(2012).days
            366
        """
        return (self.end - self.start).days + 1

    @property
    def is_whole_years(self) -> bool:
        """Whether the period runs from a 1 January to a 31 December.

        Examples:
            >>> Period.years(2011, 2013).is_whole_years, Period.month(2013, 5).is_whole_years
            (True, False)
        """
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31)

    def contains(self, other: dt.date | Period) -> bool:
        """Whether a date, or every day of another period, lies inside this one.

        Examples:
            >>> import datetime as dt
            >>> Period.years(2011, 2014).contains(dt.date(2013, 6, 1))
            True
            >>> Period.year(2014).contains(Period.years(2014, 2015))
            False
        """
        if isinstance(other, Period):
            return self.start <= other.start and other.end <= self.end
        if isinstance(other, dt.date):
            if isinstance(other, dt.datetime):
                other = other.date()
            return self.start <= other <= self.end
        raise TypeError(f"contains() takes a date or a Period, got {type(other).__name__}")

    def __contains__(self, other: object) -> bool:
        return isinstance(other, (dt.date, Period)) and self.contains(other)

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day.

        Examples:
            >>> Period.year(2014).overlaps(Period.parse("2014-10-01/2015-09-30"))
            True
        """
        return self.start <= other.end and other.start <= self.end

    def intersection(self, other: Period) -> Period | None:
        """The days both periods share, or ``None`` if they share none.

        Examples:
            >>> str(Period.years(2011, 2014).intersection(Period.years(2013, 2016)))
            '2013-2014'
            >>> Period.year(2011).intersection(Period.year(2013)) is None
            True
        """
        if not self.overlaps(other):
            return None
        return Period(max(self.start, other.start), min(self.end, other.end))

    def span(self, other: Period) -> Period:
        """The smallest period that contains both.

        Examples:
            >>> str(Period.year(2011).span(Period.year(2014)))
            '2011-2014'
        """
        return Period(min(self.start, other.start), max(self.end, other.end))

    def split_by_year(self) -> tuple[Period, ...]:
        """Cut the period at every 1 January; the pieces tile it exactly.

        Examples:
            >>> [str(p) for p in Period.parse("2013-05-01/2014-02-28").split_by_year()]
            ['2013-05-01/2013-12-31', '2014-01-01/2014-02-28']
        """
        pieces = []
        start = self.start
        while start.year < self.end.year:
            pieces.append(Period(start, dt.date(start.year, 12, 31)))
            start = dt.date(start.year + 1, 1, 1)
        pieces.append(Period(start, self.end))
        return tuple(pieces)

    def years_covered(self) -> range:
        """The calendar years the period touches.

        Examples:
            >>> list(Period.parse("2014-10-01/2015-09-30").years_covered())
            [2014, 2015]
        """
        return range(self.start.year, self.end.year + 1)

    def __str__(self) -> str:
        s, e = self.start, self.end
        if self.is_whole_years:
            return f"{s.year}" if s.year == e.year else f"{s.year}-{e.year}"
        if s == e:
            return s.isoformat()
        if s.day == 1 and (s.year, s.month) == (e.year, e.month) and (e + _ONE_DAY).day == 1:
            return f"{s.year}-{s.month:02d}"
        return f"{s.isoformat()}/{e.isoformat()}"


def _check_year(year: int) -> None:
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"a year must be an int, got {type(year).__name__} {year!r}")
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise PeriodError(f"year {year} is outside {dt.MINYEAR}..{dt.MAXYEAR}")


def _bare(exc: PeriodError) -> str:
    """The message of a PeriodError without its path prefix."""
    text = str(exc)
    return text.split(": ", 1)[1] if exc.path else text


def _build(kind: str, groups: tuple[str | None, ...]) -> Period:
    parts = [g for g in groups if g is not None]
    if kind == "year":
        return Period.year(int(parts[0]))
    if kind == "years":
        return Period.years(int(parts[0]), int(parts[1]))
    if kind == "month":
        return Period.month(int(parts[0]), int(parts[1]))
    if kind == "day":
        return Period.day(dt.date.fromisoformat(parts[0]))
    return Period(dt.date.fromisoformat(parts[0]), dt.date.fromisoformat(parts[1]))


# ---------------------------------------------------------------------------------------
# Fiscal calendars
# ---------------------------------------------------------------------------------------

LabelStyle = Literal["calendar", "end-year", "split"]


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


@attrs.frozen
class _Rule:
    """Regular fiscal years starting on ``month``/1 in years ``first``..``last``."""

    month: int
    style: LabelStyle
    first: int | None = None
    last: int | None = None

    def covers(self, start_year: int) -> bool:
        return (self.first is None or start_year >= self.first) and (
            self.last is None or start_year <= self.last
        )

    def year_starting(self, start_year: int) -> FiscalYear:
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
        """The start year of the fiscal year an integer label names."""
        return year - 1 if self.style == "end-year" and self.month != 1 else year


@attrs.frozen
class FiscalCalendar:
    """A country's fiscal calendar as dated data: regular rules, interim years, known gaps.

    An integer names a fiscal year the way the country does: by the year it
    ends for Thailand (budget year 2015 = 1 Oct 2014 - 30 Sep 2015), by the
    year it starts for split years (Myanmar "2017-18" = 2017), and by the
    calendar year elsewhere.  Interim years are named by their label only.

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
    rules: tuple[_Rule, ...]
    interims: tuple[FiscalYear, ...] = ()
    gaps: tuple[tuple[Period, str], ...] = ()
    sources: tuple[str, ...] = ()

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
        "FY2015-16" name the same year.

        Raises:
            TypeError: ``year`` is neither an int nor a string.
            UnknownFiscalYearError: the calendar defines no such fiscal year.

        Examples:
            >>> fiscal_calendar("LAO").lookup("FY2015/16").period
            Period(start=datetime.date(2015, 10, 1), end=datetime.date(2016, 9, 30))
        """
        if isinstance(year, bool) or not isinstance(year, (int, str)):
            raise TypeError(
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
            for rule in self.rules:
                if rule.style == "split" and rule.covers(first):
                    fy = rule.year_starting(first)
                    if _label_key(fy.label) == _label_key(_split_label(key)):
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
        spans = []
        for rule in self.rules:
            first = "" if rule.first is None else str(rule.first)
            last = "" if rule.last is None else str(rule.last)
            spans.append(f"{rule.style} years starting {first or '...'}..{last or '...'}")
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
    key = label.strip().upper().removeprefix("FY").strip()
    return " ".join(key.split()).lower()


def _split_label(key: str) -> str:
    first, second = re.split(r"[-/]", key)
    return f"{first}-{second[-2:]}"


_CALENDARS_SOURCES = {
    "KHM": ("Cambodia Law on Public Finance System 2008",),
    "CHN": ("Budget Law of the People's Republic of China",),
    "VNM": ("Viet Nam State Budget Law",),
    "THA": ("Thailand NSO Statistical Yearbook 2014", "SPA III final report"),
    "LAO": ("World Bank PEFA Lao PDR 2018",),
    "MMR": (
        "The Irrawaddy, 2017-10-31 and 2022-12-29",
        "Global New Light of Myanmar",
    ),
}


@functools.cache
def _calendars() -> dict[str, FiscalCalendar]:
    def calendar_year(code: str, name: str) -> FiscalCalendar:
        return FiscalCalendar(
            name=f"{name} fiscal calendar",
            country=code,
            rules=(_Rule(month=1, style="calendar"),),
            sources=_CALENDARS_SOURCES[code],
        )

    interim = Period.parse
    return {
        "KHM": calendar_year("KHM", "Cambodia"),
        "CHN": calendar_year("CHN", "China"),
        "VNM": calendar_year("VNM", "Viet Nam"),
        "THA": FiscalCalendar(
            name="Thailand fiscal calendar",
            country="THA",
            rules=(_Rule(month=10, style="end-year"),),
            sources=_CALENDARS_SOURCES["THA"],
        ),
        "LAO": FiscalCalendar(
            name="Lao PDR fiscal calendar",
            country="LAO",
            rules=(
                _Rule(month=10, style="split", last=2015),
                _Rule(month=1, style="calendar", first=2017),
            ),
            gaps=(
                (
                    interim("2016-10-01/2016-12-31"),
                    (
                        "the switch to calendar years in 2017; how these months were "
                        "budgeted is not confirmed"
                    ),
                ),
            ),
            sources=_CALENDARS_SOURCES["LAO"],
        ),
        "MMR": FiscalCalendar(
            name="Myanmar fiscal calendar",
            country="MMR",
            rules=(
                _Rule(month=4, style="split", last=2017),
                _Rule(month=10, style="split", first=2018, last=2020),
                _Rule(month=4, style="split", first=2022),
            ),
            interims=(
                FiscalYear(
                    label="2018 interim", period=interim("2018-04-01/2018-09-30"), interim=True
                ),
                FiscalYear(
                    label="2021-22 interim", period=interim("2021-10-01/2022-03-31"), interim=True
                ),
            ),
            sources=_CALENDARS_SOURCES["MMR"],
        ),
    }


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
    try:
        return _calendars()[found.alpha_3]
    except KeyError:
        raise UnknownFiscalYearError(
            f"no fiscal calendar is recorded for {found.name}; the package has those of the "
            "six COMMIT countries. Build a FiscalCalendar or pass a Period directly",
            calendar=f"{found.name} fiscal calendar",
            label="",
        ) from None


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
