"""The errors :mod:`commit_mef` raises.

Every error derives from :class:`CommitMefError` and also from the builtin
exception a caller would naturally catch (:class:`ValueError`,
:class:`LookupError` or :class:`TypeError`), so ``except ValueError`` keeps
working in code that does not know this package.  Each error carries typed
fields (the offending value, the path in a document, the readings or matches)
besides its message, and survives :mod:`pickle` and :func:`copy.copy`.

The contract a service builds on: every class has a stable, machine-readable
:attr:`~CommitMefError.code` and an HTTP-style :attr:`~CommitMefError.http_status`
(bad input 400 or 422, not found 404, conflict 409), listed in the reference's
table of codes; the message speaks the user's language, and advice for the
programmer (which argument to pass) is kept apart in :attr:`~CommitMefError.hint`.
:meth:`~CommitMefError.to_dict` gives all of it as JSON-ready data.

Examples:
    >>> from commit_mef.errors import CommitMefError, UnknownCountryError
    >>> err = UnknownCountryError("Laoss", suggestions=("Lao PDR",))
    >>> isinstance(err, LookupError) and isinstance(err, CommitMefError)
    True
    >>> print(err)
    unknown country 'Laoss'; did you mean: Lao PDR?
    >>> err.suggestions
    ('Lao PDR',)
    >>> err.code, err.http_status
    ('unknown-country', 404)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from commit_mef._errors_extra import ExportError, RegistrationError, UnknownLanguageError
from commit_mef._problems import (
    PROBLEM_CODES,
    CommitMefError,
    LoadError,
    Problem,
    location_of,
    pointer_of,
)

__all__ = [
    "AggregationError",
    "CommitMefError",
    "CurrencyMismatchError",
    "ExportError",
    "GroupNotFoundError",
    "InvalidTypeError",
    "LoadError",
    "MissingDataError",
    "MissingRateError",
    "NotFoundError",
    "OutOfRangeError",
    "PROBLEM_CODES",
    "ParseError",
    "PeriodError",
    "Problem",
    "RateNotMeaningfulError",
    "RegistrationError",
    "TimelineError",
    "UnknownCountryError",
    "UnknownCurrencyError",
    "UnknownFiscalYearError",
    "UnknownLanguageError",
    "ValidationError",
    "location_of",
    "pointer_of",
]


def _suggest(suggestions: Sequence[str]) -> str:
    return f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""


class ValidationError(CommitMefError, ValueError):
    """A value is structurally invalid: wrong range, wrong form, inconsistent fields.

    Args:
        message: What is wrong and how to fix it.
        path: Where, as a path into the object or document (``plan.areas[2].title``).
        rule: The id of the validation rule that failed, if any.
        hint: Advice for the programmer (an argument or method), kept out of the message.

    Examples:
        >>> err = ValidationError("must not be empty", path="plan.code", rule="required")
        >>> print(err)
        plan.code: must not be empty
        >>> err.rule
        'required'
    """

    code: ClassVar[str] = "invalid-value"
    http_status: ClassVar[int] = 422

    path: str | None
    rule: str | None

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        rule: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.rule = rule
        if hint is not None:
            self.hint = hint


class PeriodError(ValidationError):
    """A period is impossible (end before start) or cannot be parsed.

    Examples:
        >>> from commit_mef import Period
        >>> Period.parse("2014-2011")
        Traceback (most recent call last):
        ...
        commit_mef.errors.PeriodError: period '2014-2011': last year 2011 is before first year 2014; swap the two
    """

    code: ClassVar[str] = "invalid-period"
    http_status: ClassVar[int] = 422


class UnknownFiscalYearError(PeriodError):
    """A fiscal calendar does not define the fiscal year asked for.

    Args:
        message: What was asked and what the calendar does define.
        calendar: The name of the calendar.
        label: The year or label that was asked for.

    Examples:
        >>> from commit_mef import fiscal_year
        >>> fiscal_year("MMR", 2021)
        Traceback (most recent call last):
        ...
        commit_mef.errors.UnknownFiscalYearError: the Myanmar fiscal calendar defines no regular fiscal year labelled 2021: ...
    """

    code: ClassVar[str] = "unknown-fiscal-year"
    http_status: ClassVar[int] = 404

    calendar: str
    label: str

    def __init__(self, message: str, *, calendar: str, label: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.calendar = calendar
        self.label = label


class UnknownCountryError(CommitMefError, LookupError):
    """No country matches a query.

    Args:
        query: What was looked up.
        suggestions: Close matches, best first.

    Examples:
        >>> from commit_mef import country
        >>> country("Cambodja")
        Traceback (most recent call last):
        ...
        commit_mef.errors.UnknownCountryError: unknown country 'Cambodja'; did you mean: Cambodia?
    """

    code: ClassVar[str] = "unknown-country"
    http_status: ClassVar[int] = 404

    query: str
    suggestions: tuple[str, ...]

    def __init__(self, query: str, *, suggestions: Iterable[str] = (), reason: str = "") -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        detail = f" ({reason})" if reason else ""
        super().__init__(f"unknown country {query!r}{detail}{_suggest(self.suggestions)}")

    def __str__(self) -> str:  # LookupError would repr() the message
        return str(self.args[0])


class UnknownCurrencyError(CommitMefError, LookupError):
    """No ISO 4217 currency matches a code.

    Args:
        query: What was looked up.
        suggestions: Close matches, best first.

    Examples:
        >>> print(UnknownCurrencyError("KIP", suggestions=("LAK",)))
        unknown currency 'KIP': expected an ISO 4217 code; did you mean: LAK?
    """

    code: ClassVar[str] = "unknown-currency"
    http_status: ClassVar[int] = 404

    query: str
    suggestions: tuple[str, ...]

    def __init__(self, query: str, *, suggestions: Iterable[str] = ()) -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        super().__init__(
            f"unknown currency {query!r}: expected an ISO 4217 code{_suggest(self.suggestions)}"
        )

    def __str__(self) -> str:
        return str(self.args[0])


class CurrencyMismatchError(CommitMefError, TypeError):
    """Two amounts in different currencies were combined.

    Args:
        left: Currency code of the left operand.
        right: Currency code of the right operand.
        operation: What was attempted (``"+"``, ``"<"``, ``"sum"``).

    Examples:
        >>> err = CurrencyMismatchError("KHR", "USD", "+")
        >>> print(err)
        cannot apply '+' to KHR and USD: convert one side to the other's currency first
        >>> err.hint
        'convert with RateTable.convert(money, to=..., over=...)'
    """

    code: ClassVar[str] = "currency-mismatch"
    http_status: ClassVar[int] = 409

    left: str
    right: str
    operation: str

    def __init__(self, left: str, right: str, operation: str) -> None:
        self.left = left
        self.right = right
        self.operation = operation
        super().__init__(
            f"cannot apply {operation!r} to {left} and {right}: "
            "convert one side to the other's currency first"
        )
        self.hint = "convert with RateTable.convert(money, to=..., over=...)"


class MissingRateError(CommitMefError, LookupError):
    """A rate table has no rate for a currency over a period.

    Args:
        currency: The ISO 4217 code.
        period: The period asked for, as text.
        available: The span the table does cover for that currency, as text, if any.

    Examples:
        >>> err = MissingRateError("MMK", "2022", available="1960-2020")
        >>> print(err)
        no exchange rate for MMK over 2022 (the table covers 1960-2020); add a rate for that period or choose a period the table covers
        >>> err.hint
        'add rates with RateTable.with_rates([ExchangeRate(...)])'
    """

    code: ClassVar[str] = "missing-rate"
    http_status: ClassVar[int] = 404

    currency: str
    period: str
    available: str | None

    def __init__(self, currency: str, period: str, *, available: str | None = None) -> None:
        self.currency = currency
        self.period = period
        self.available = available
        cover = f" (the table covers {available})" if available else " (the table has none for it)"
        super().__init__(
            f"no exchange rate for {currency} over {period}{cover}; add a rate for that "
            "period or choose a period the table covers"
        )
        self.hint = "add rates with RateTable.with_rates([ExchangeRate(...)])"

    def __str__(self) -> str:
        return str(self.args[0])


class MissingDataError(CommitMefError, LookupError):
    """A shipped or user table has no figure for the key asked for.

    Args:
        message: What was asked and what the table does have.
        dataset: The name of the table (``"population"``).
        key: The key that was missing, as text.

    Examples:
        >>> print(MissingDataError("no population for Atlantis", dataset="population", key="ATL"))
        no population for Atlantis
    """

    code: ClassVar[str] = "missing-data"
    http_status: ClassVar[int] = 404

    dataset: str
    key: str

    def __init__(self, message: str, *, dataset: str, key: str) -> None:
        self.dataset = dataset
        self.key = key
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class InvalidTypeError(CommitMefError, TypeError):
    """An argument or field has the wrong type (a float where money is expected, a list for a tuple).

    Raised where the package checks what it is given; the message names the field
    and the type it takes.

    Args:
        message: Which field, what it takes and what came instead.
        hint: Advice for the programmer (how to pass the value exactly), if any.

    Examples:
        >>> from commit_mef import Money
        >>> Money(1.5, "USD")
        Traceback (most recent call last):
        ...
        commit_mef.errors.InvalidTypeError: Money.amount got the float 1.5; floats are inexact: ...
        >>> issubclass(InvalidTypeError, TypeError)
        True
    """

    code: ClassVar[str] = "invalid-type"
    http_status: ClassVar[int] = 422

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class NotFoundError(CommitMefError, LookupError):
    """A lookup by id, number or name found nothing (an indicator of a plan, an area, a rule).

    Args:
        message: What was looked up where, and what there is.
        what: The kind of thing looked up (``"indicator"``, ``"area"``).
        key: What was looked up, as text.
        available: What there is, as text, when it is short enough to list.
        hint: Advice for the programmer (a method that adds what is missing), if any.

    Examples:
        >>> err = NotFoundError("plan 'SPA III' has no indicator 'x'", what="indicator", key="x")
        >>> print(err)
        plan 'SPA III' has no indicator 'x'
        >>> err.code, err.http_status, isinstance(err, LookupError)
        ('not-found', 404, True)
    """

    code: ClassVar[str] = "not-found"
    http_status: ClassVar[int] = 404

    what: str
    key: str
    available: tuple[str, ...]

    def __init__(
        self,
        message: str,
        *,
        what: str,
        key: object,
        available: Iterable[object] = (),
        hint: str | None = None,
    ) -> None:
        self.what = what
        self.key = str(key)
        self.available = tuple(str(a) for a in available)
        if hint is not None:
            self.hint = hint
        super().__init__(message)

    def __str__(self) -> str:  # LookupError would repr() the message
        return str(self.args[0])


class OutOfRangeError(NotFoundError, IndexError):
    """A position is outside a sequence (a row number past the end of a table).

    Examples:
        >>> err = OutOfRangeError("row 7 is out of range for a table of 3 rows", what="row", key=7)
        >>> isinstance(err, IndexError), err.code
        (True, 'out-of-range')
    """

    code: ClassVar[str] = "out-of-range"
    http_status: ClassVar[int] = 404


class RateNotMeaningfulError(CommitMefError, ValueError):
    """A rate exists but is marked as not meaningful for conversion.

    Myanmar's official rate before 2012 was a fixed public-sector rate some
    150-200 times below the market rate; converting with it gives meaningless
    US$ figures, so it is refused unless the caller overrides.

    Args:
        currency: The ISO 4217 code.
        period: The period asked for, as text.
        reason: Why the rate is not meaningful.

    Examples:
        >>> err = RateNotMeaningfulError("MMK", "2011", reason="fixed official rate")
        >>> print(err)
        the MMK rate over 2011 is marked not meaningful (fixed official rate); supply a market rate, or allow not-meaningful rates explicitly to use it anyway
        >>> err.hint
        'pass allow_not_meaningful=True to use it anyway'
    """

    code: ClassVar[str] = "rate-not-meaningful"
    http_status: ClassVar[int] = 409

    currency: str
    period: str
    reason: str

    def __init__(self, currency: str, period: str, *, reason: str) -> None:
        self.currency = currency
        self.period = period
        self.reason = reason
        super().__init__(
            f"the {currency} rate over {period} is marked not meaningful ({reason}); supply "
            "a market rate, or allow not-meaningful rates explicitly to use it anyway"
        )
        self.hint = "pass allow_not_meaningful=True to use it anyway"


class ParseError(CommitMefError, ValueError):
    """Text could not be read as the value asked for, or could be read several ways.

    Args:
        message: What went wrong and how to fix it.
        text: The text that failed.
        readings: Where the text is ambiguous, each possible reading.
        hint: Advice for the programmer (an argument that picks a reading), if any.

    Examples:
        >>> err = ParseError("ambiguous", text="MMK 1.234 million", readings=("a", "b"))
        >>> err.readings
        ('a', 'b')
    """

    code: ClassVar[str] = "unreadable-text"
    http_status: ClassVar[int] = 400

    text: str
    readings: tuple[str, ...]

    def __init__(
        self, message: str, *, text: str, readings: Iterable[str] = (), hint: str | None = None
    ) -> None:
        self.text = text
        self.readings = tuple(readings)
        if hint is not None:
            self.hint = hint
        super().__init__(message)


class AggregationError(CommitMefError, ValueError):
    """An aggregation rule cannot apply: it would add stocks, percentages or units that do not mix.

    Args:
        message: Why the aggregation is refused and what to do instead.
        indicator: The id of the indicator concerned, if any.
        hint: Advice for the programmer (an argument to pass instead), if any.

    Examples:
        >>> print(AggregationError("cannot sum a stock over time; use over='last'", indicator="offices"))
        offices: cannot sum a stock over time; use over='last'
    """

    code: ClassVar[str] = "aggregation-refused"
    http_status: ClassVar[int] = 409

    indicator: str | None

    def __init__(
        self, message: str, *, indicator: str | None = None, hint: str | None = None
    ) -> None:
        self.indicator = indicator
        if hint is not None:
            self.hint = hint
        super().__init__(f"{indicator}: {message}" if indicator else message)


class GroupNotFoundError(CommitMefError, KeyError):
    """An aggregate has no group with the key asked for (an empty result has none at all).

    Args:
        indicator: The id of the indicator aggregated.
        key: The key asked for.
        available: How many groups the aggregate has.

    Examples:
        >>> err = GroupNotFoundError("trained", (2014,), available=0)
        >>> print(err)
        trained: no group (2014,) in the aggregate, which is empty; check the filters and the period aggregated over
        >>> err.hint
        'test len(result) first, or check the over= period and the filters'
        >>> isinstance(err, KeyError)
        True
    """

    code: ClassVar[str] = "group-not-found"
    http_status: ClassVar[int] = 404

    indicator: str
    key: tuple[object, ...]
    available: int

    def __init__(self, indicator: str, key: tuple[object, ...], *, available: int) -> None:
        self.indicator = indicator
        self.key = key
        self.available = available
        what = (
            "which is empty; check the filters and the period aggregated over"
            if not available
            else f"which has {available} group(s)"
        )
        self.hint = (
            "test len(result) first, or check the over= period and the filters"
            if not available
            else "list the groups with result.as_dict()"
        )
        super().__init__(f"{indicator}: no group {key!r} in the aggregate, {what}")

    def __str__(self) -> str:
        return str(self.args[0])


class TimelineError(ValidationError):
    """A target's timeline or an activity's schedule breaks one or more rules; lists them all.

    A :class:`ValidationError` (so also a :class:`ValueError`) whose
    ``problems`` holds every breach with its own path, so that a loader
    reports each one where it is.  ``path`` is the first problem's pointer, and
    the first line of the message names its place in the human form.

    Args:
        problems: Every problem found (at least one), each with its path and the fix.

    Examples:
        >>> err = TimelineError([Problem("Target.timeline[1].value", "falls below 200; raise it")])
        >>> print(err)
        Target.timeline[1].value: falls below 200; raise it
        >>> isinstance(err, ValidationError), err.path, len(err.problems)
        (True, '/timeline/1/value', 1)
    """

    code: ClassVar[str] = "invalid-timeline"
    http_status: ClassVar[int] = 422

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        found = tuple(problems)
        if not found:
            raise ValidationError("needs at least one problem", path="TimelineError.problems")
        first = found[0]
        also = "".join(f"\n  also: {p.message} @ {p.location}" for p in found[1:])
        super().__init__(f"{first.location}: {first.message}{also}", rule=first.rule)
        self.path = first.path
        self.problems = found
