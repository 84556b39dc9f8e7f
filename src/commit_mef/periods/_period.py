"""The Period: an inclusive range of dates, read from text and written back as text."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import attrs

from commit_mef.errors import InvalidTypeError, PeriodError

if TYPE_CHECKING:
    from commit_mef.countries import Country

__all__ = ["Period"]

_ONE_DAY = dt.timedelta(days=1)


def _check_date(name: str) -> attrs._ValidatorType[dt.date]:
    def check(_inst: object, _attr: attrs.Attribute[dt.date], value: dt.date) -> None:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise InvalidTypeError(
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
#: The fiscal-year notation: an optional ``CODE:`` and ``FY`` before the calendar's label.
_FISCAL = re.compile(r"^(?:(?P<country>[A-Za-z]{2,3}|\d{3})\s*:\s*)?FY\s*(?P<label>\S.*)$", re.I)


@attrs.frozen(order=True, cache_hash=True)
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
            commit_mef.errors.InvalidTypeError: Observation.period must be a Period, a year (2014), a datetime.date or text such as '2011-2014'; got float 2014.0
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
        raise InvalidTypeError(
            f"{field} must be a Period, a year (2014), a datetime.date or text such as "
            f"'2011-2014'; got {type(value).__name__} {value!r}"
        )

    @classmethod
    def parse(cls, text: str, *, country: str | Country | None = None) -> Period:
        """Read a period from text.

        Accepted forms: ``"2014"`` (a year), ``"2011-2014"`` (years, an en dash
        works too), ``"2013-05"`` (a month), ``"2014-10-01"`` (a day),
        ``"2014-10-01/2015-09-30"`` or ``"2014-10-01..2015-09-30"`` (a range), and
        a fiscal year in the one notation the package reads everywhere:
        ``FY`` and the label as the country's calendar names it, after the
        country's code and a colon (``"THA:FY2015"``, ``"MMR:FY2017/18"``,
        ``"LAO:FY2015-16"``, ``"MMR:FY2018 interim"``).  The country may be left
        out of the text when ``country`` gives it (a file's row names its
        country).  See :meth:`~commit_mef.FiscalCalendar.lookup` for the labels.

        Args:
            text: The text.
            country: The country a fiscal year without a ``CODE:`` prefix belongs to.

        Raises:
            TypeError: ``text`` is not a string.
            PeriodError: the text is in none of these forms, names an impossible
                date, ends before it starts, or names a fiscal year without its
                country (:class:`~commit_mef.errors.UnknownFiscalYearError` when the
                calendar has no such year).
            UnknownCountryError: the country is unknown.

        Examples:
            >>> Period.parse("2011–2014") == Period.years(2011, 2014)
            True
            >>> str(Period.parse("THA:FY2015")), str(Period.parse("FY2017/18", country="MMR"))
            ('2014-10-01/2015-09-30', '2017-04-01/2018-03-31')
            >>> Period.parse("2014-02-30")
            Traceback (most recent call last):
            ...
            commit_mef.errors.PeriodError: period '2014-02-30': day is out of range for month
            >>> Period.parse("FY2015")
            Traceback (most recent call last):
            ...
            commit_mef.errors.PeriodError: period 'FY2015' is a fiscal year, and fiscal years differ by country; put the country's code before it, as in 'THA:FY2015'
            >>> Period.parse("2017/18")
            Traceback (most recent call last):
            ...
            commit_mef.errors.PeriodError: period '2017/18': expected '2014', '2011-2014', '2013-05', '2014-10-01', '2014-10-01/2015-09-30' or a fiscal year such as 'MMR:FY2017/18'
        """
        if not isinstance(text, str):
            raise InvalidTypeError(f"Period.parse() takes a string, got {type(text).__name__}")
        stripped = text.strip()
        fiscal = _FISCAL.match(stripped)
        if fiscal is not None:
            return _fiscal_period(text, fiscal.group("country"), fiscal.group("label"), country)
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
            f"period {text!r}: expected '2014', '2011-2014', '2013-05', '2014-10-01', "
            "'2014-10-01/2015-09-30' or a fiscal year such as 'MMR:FY2017/18'"
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
        raise InvalidTypeError(f"contains() takes a date or a Period, got {type(other).__name__}")

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
        raise InvalidTypeError(f"a year must be an int, got {type(year).__name__} {year!r}")
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


def _fiscal_period(
    text: str, code: str | None, label: str, country: str | Country | None
) -> Period:
    """The fiscal year ``label`` of the country ``code`` (or ``country``), for :meth:`Period.parse`."""
    from commit_mef.periods._fiscal import fiscal_calendar  # _fiscal imports this module

    where = code or country
    if where is None:
        raise PeriodError(
            f"period {text!r} is a fiscal year, and fiscal years differ by country; put the "
            f"country's code before it, as in 'THA:{text.strip()}'"
        )
    return fiscal_calendar(where).fiscal_year(label)
