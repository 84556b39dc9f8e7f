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

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

__all__ = [
    "AggregationError",
    "CommitMefError",
    "CurrencyMismatchError",
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
    "UnknownCountryError",
    "UnknownCurrencyError",
    "UnknownFiscalYearError",
    "ValidationError",
    "location_of",
    "pointer_of",
]


def _rebuild(cls: type[CommitMefError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """Recreate an error from its message arguments and its typed fields (pickle support)."""
    err = cls.__new__(cls)
    Exception.__init__(err, *args)
    err.__dict__.update(state)
    return err


class CommitMefError(Exception):
    """Base class of every error this package raises.

    Catch it to handle any :mod:`commit_mef` problem at once.  Each class has a
    stable :attr:`code` and an HTTP-style :attr:`http_status` (the table of codes
    is in the reference); an instance may carry a :attr:`hint` for the programmer,
    kept out of the message a user sees.

    Attributes:
        code: The stable, machine-readable name of this kind of error
            (``"unknown-country"``); it never changes within a major version.
        http_status: The HTTP status a web service would answer with: 400 (the
            input cannot be read), 422 (read but invalid), 404 (not found) or 409
            (conflicts with the data or the rules).
        hint: Advice for the programmer calling the library (an argument to pass,
            a method to call), or ``None``; never part of ``str(error)``.

    Examples:
        >>> try:
        ...     raise CommitMefError("something went wrong")
        ... except CommitMefError as exc:
        ...     print(exc, exc.code, exc.http_status)
        something went wrong commit-mef-error 400
    """

    code: ClassVar[str] = "commit-mef-error"
    http_status: ClassVar[int] = 400
    hint: str | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self) or not isinstance(other, CommitMefError):
            return NotImplemented
        return self.args == other.args and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), self.args))

    def to_dict(self) -> dict[str, Any]:
        """The error as JSON-ready data: code, status, message, hint and problems.

        A web service can answer with it as it is; ``problems`` is present on a
        :class:`LoadError` only, each problem as :meth:`Problem.to_dict` gives it.

        Returns:
            ``{"code": ..., "status": ..., "message": ..., "hint": ...}``, and
            ``"problems": [...]`` for a :class:`LoadError`.

        Examples:
            >>> UnknownCurrencyError("KIP", suggestions=("LAK",)).to_dict()["code"]
            'unknown-currency'
            >>> LoadError([Problem("row 2, column 'value'", "expected a number")]).to_dict()[
            ...     "problems"
            ... ][0]["path"]
            '/rows/2/value'
        """
        out: dict[str, Any] = {
            "code": self.code,
            "status": self.http_status,
            "message": str(self),
            "hint": self.hint,
        }
        problems = getattr(self, "problems", None)
        if isinstance(problems, tuple):
            out["problems"] = [p.to_dict() for p in problems if isinstance(p, Problem)]
        return out


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


#: The codes a :class:`Problem` carries, each with what it means.  Stable: a code is
#: never reused for another meaning; new codes may be added in minor releases.
PROBLEM_CODES: Mapping[str, str] = {
    "invalid": "a value is of the right kind but not allowed (out of range, wrong form)",
    "type": "a value is of the wrong kind (a number where text is expected)",
    "missing": "a required key, column or cell is missing or empty",
    "unknown": "a key or column the format does not have",
    "duplicate": "something given twice that may appear once (a key, a column, an id)",
    "syntax": "the text is not valid JSON or CSV",
    "limit": "the document is larger or deeper than the limits allow",
    "rule": "a validation rule failed (the rule is named in Problem.rule)",
}

_INDEX = re.compile(r"\[(-?\d+)\]|\[(\"(?:[^\"\\]|\\.)*\"|'[^']*')\]|\.([^.\[]+)")
_ROW = re.compile(r"^(?:row|line) (\d+)(?:, (?:column )?'?([^']*?)'?)?$")


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer_of(location: str) -> str:
    """The JSON-Pointer-like path (RFC 6901) of a location written in one of the human forms.

    One notation for every problem: ``/data/areas/2/title`` for a place in a JSON
    document (written ``$.data.areas[2].title``), ``/rows/2/value`` for a cell of a
    table file (``row 2, column 'value'``; rows are numbered as the file's lines),
    ``/header`` for its header, and ``/areas/2/targets/0`` for a place in a plan
    (``plan.areas[2].targets[0]``).  A pointer is returned as it is.

    Args:
        location: A location in any of the forms above.

    Returns:
        The pointer; ``""`` is the whole document.

    Examples:
        >>> pointer_of("$.data.areas[2].title")
        '/data/areas/2/title'
        >>> pointer_of("row 2, column 'value'"), pointer_of("line 3, per_usd")
        ('/rows/2/value', '/rows/3/per_usd')
        >>> pointer_of("plan.areas[2].targets[0].deadline")
        '/areas/2/targets/0/deadline'
        >>> pointer_of('$["a/b"]')
        '/a~1b'
    """
    text = location.strip()
    if text == "" or text.startswith("/"):
        return text
    if text in ("$", "header", "rates", "plan"):
        return "/header" if text == "header" else ""
    row = _ROW.match(text)
    if row:
        column = f"/{_escape(row.group(2))}" if row.group(2) else ""
        return f"/rows/{row.group(1)}{column}"
    head, _, rest = text.partition(".") if not text.startswith("$") else ("$", "", text[1:])
    if head != "$" and "[" in head:
        head, bracket, tail = head.partition("[")
        rest = f"{bracket}{tail}.{rest}" if rest else f"{bracket}{tail}"
    if head != "$":
        rest = f".{rest}" if rest and not rest.startswith("[") else rest
    tokens: list[str] = []
    position = 0
    for match in _INDEX.finditer(rest):
        if match.start() != position:
            return "/" + _escape(text)
        index, quoted, name = match.groups()
        if index is not None:
            tokens.append(index)
        elif quoted is not None:
            tokens.append(quoted[1:-1].replace('\\"', '"'))
        else:
            tokens.append(name)
        position = match.end()
    if position != len(rest):
        return "/" + _escape(text)
    return "".join(f"/{_escape(t)}" for t in tokens)


def location_of(path: str) -> str:
    """The human form of a pointer: ``row 2, column 'value'``, ``header`` or ``$.data.areas[2]``.

    Args:
        path: A pointer as :func:`pointer_of` gives it.

    Returns:
        The location as a user reads it in a message.

    Examples:
        >>> location_of("/rows/2/value"), location_of("/data/areas/2/title")
        ("row 2, column 'value'", '$.data.areas[2].title')
    """
    tokens = [_unescape(t) for t in path.split("/")[1:]] if path else []
    if tokens[:1] == ["header"]:
        return "header" if len(tokens) == 1 else f"header, column {tokens[1]!r}"
    if tokens[:1] == ["rows"] and len(tokens) in (2, 3) and tokens[1].isdigit():
        return f"row {tokens[1]}" + (f", column {tokens[2]!r}" if len(tokens) == 3 else "")
    out = "$"
    for token in tokens:
        if token.isdigit():
            out += f"[{token}]"
        elif token.isidentifier():
            out += f".{token}"
        else:
            out += "[" + '"' + token.replace('"', '\\"') + '"' + "]"
    return out


class Problem:
    """One problem found while loading or validating a document.

    Every problem has a place in one notation, :attr:`path` (JSON-Pointer-like,
    for JSON documents, table files and plans alike: ``/data/areas/2/title``,
    ``/rows/2/value``, ``/header``) with its human form beside it,
    :attr:`location` (``$.data.areas[2].title``, ``row 2, column 'value'``).
    Either form may be given as ``path``; the other is derived.

    Args:
        path: Where: a pointer, or a location in one of the human forms.
        message: What was expected and what was found, in the user's words.
        rule: The id of the rule that failed, if any (``"percentage-range"``).
        code: The kind of problem, one of :data:`PROBLEM_CODES` (``"invalid"`` by default).
        location: The human form of ``path``, when it should differ from the derived one.
        expected: What the place takes, as text (``"an ISO 4217 code"``), if known.
        got: What was found there, as text (``"'KIP'"``), if known.
        hint: Advice for the programmer (an argument or a method), kept out of the message.

    Examples:
        >>> p = Problem("$.observations[41].value.currency", "expected an ISO 4217 code, got 'KIP'")
        >>> print(p)
        expected an ISO 4217 code, got 'KIP' @ $.observations[41].value.currency
        >>> p.path, p.code
        ('/observations/41/value/currency', 'invalid')
        >>> cell = Problem("/rows/2/value", "expected a number", code="type", got="'ten'")
        >>> cell.location, cell.got
        ("row 2, column 'value'", "'ten'")
    """

    __slots__ = ("code", "expected", "got", "hint", "location", "message", "path", "rule")

    path: str
    message: str
    rule: str | None
    code: str
    location: str
    expected: str | None
    got: str | None
    hint: str | None

    def __init__(
        self,
        path: str,
        message: str,
        rule: str | None = None,
        *,
        code: str | None = None,
        location: str | None = None,
        expected: str | None = None,
        got: str | None = None,
        hint: str | None = None,
    ) -> None:
        pointer = pointer_of(path)
        self.path = pointer
        self.message = message
        self.rule = rule
        self.code = code if code is not None else ("rule" if rule else "invalid")
        if location is not None:
            self.location = location
        else:
            self.location = location_of(pointer) if pointer == path else path
        self.expected = expected
        self.got = got
        self.hint = hint

    def _fields(self) -> tuple[str | None, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def to_dict(self) -> dict[str, str | None]:
        """The problem as JSON-ready data, one key per field.

        Examples:
            >>> Problem("row 3", "expected 9 cells, got 8").to_dict()["path"]
            '/rows/3'
        """
        return {name: getattr(self, name) for name in self.__slots__}

    def __str__(self) -> str:
        rule = f"[{self.rule}] " if self.rule else ""
        return f"{rule}{self.message} @ {self.location}"

    def __repr__(self) -> str:
        extra = "".join(
            f", {name}={getattr(self, name)!r}"
            for name in ("code", "location", "expected", "got", "hint")
            if getattr(self, name) is not None
        )
        return f"Problem(path={self.path!r}, message={self.message!r}, rule={self.rule!r}{extra})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_problem, (self.to_dict(),))


def _rebuild_problem(fields: dict[str, str | None]) -> Problem:
    """Recreate a problem from its fields (pickle and copy support)."""
    problem = Problem.__new__(Problem)
    for name, value in fields.items():
        object.__setattr__(problem, name, value)
    return problem


class LoadError(CommitMefError, ValueError):
    """A file or document could not be loaded; carries every problem found, each with its path.

    Nothing is returned when this is raised: a document loads whole or not at all.

    Args:
        problems: Every problem found (at least one).
        source: The file name or a description of what was loaded.

    Examples:
        >>> err = LoadError([Problem("$.plan.code", "expected a string, got 3")], source="plan.json")
        >>> print(err)
        plan.json: 1 problem
          expected a string, got 3 @ $.plan.code
        >>> len(err.problems)
        1
    """

    code: ClassVar[str] = "unreadable-document"
    http_status: ClassVar[int] = 400

    problems: tuple[Problem, ...]
    source: str | None

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        n = len(self.problems)
        head = f"{source}: " if source else ""
        lines = [f"{head}{n} problem{'s' if n != 1 else ''}"]
        lines.extend(f"  {p}" for p in self.problems)
        super().__init__("\n".join(lines))
