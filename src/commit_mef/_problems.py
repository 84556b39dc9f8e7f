"""The base error, the problems found in documents, and the one notation for where they are.

Kept apart from :mod:`commit_mef.errors` (which re-exports everything here, and
is where to import it from) so that neither module grows past the house limit.

Examples:
    >>> from commit_mef.errors import Problem
    >>> Problem("row 2, column 'value'", "expected a number").path
    '/rows/2/value'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

__all__ = ["PROBLEM_CODES", "CommitMefError", "LoadError", "Problem", "location_of", "pointer_of"]


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

    __module__ = "commit_mef.errors"  # documented, pickled and shown in tracebacks there

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

        A web service can answer with it as it is; ``problems`` is present on every
        error that carries problems (:class:`LoadError`, ``TimelineError``,
        ``ExportError``), each problem as :meth:`Problem.to_dict` gives it.

        Returns:
            ``{"code": ..., "status": ..., "message": ..., "hint": ...}``, and
            ``"problems": [...]`` for an error that carries problems.

        Examples:
            >>> CommitMefError("out of paper").to_dict()
            {'code': 'commit-mef-error', 'status': 400, 'message': 'out of paper', 'hint': None}
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
        if isinstance(problems, (tuple, list)):
            out["problems"] = [p.to_dict() for p in problems if isinstance(p, Problem)]
        return out


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

_INDEX = re.compile(r"\[(-?[0-9]+)\]|\[(\"(?:[^\"\\]|\\.)*\"|'[^']*')\]|\.([^.\[]+)")
_ROW = re.compile(r"^(?:row|line) ([0-9]+)(?:, (?:column )?'?([^']*?)'?)?$")


def pointer_token(token: str) -> str:
    """``token`` as one reference token of a JSON Pointer (RFC 6901: ``~`` and ``/`` escaped).

    Examples:
        >>> pointer_token("dim.age/group")
        'dim.age~1group'
    """
    return token.replace("~", "~0").replace("/", "~1")


_escape = pointer_token


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
    if location == "" or location.startswith("/"):
        return location
    text = location.strip()
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
    tokens = _tokens(rest)
    if tokens is None:  # not a path: the whole location is one token
        return "/" + _escape(text)
    return "".join(f"/{_escape(t)}" for t in tokens)


def _tokens(rest: str) -> list[str] | None:
    """The steps of a path such as ``.areas[2]["a b"]``, or ``None`` if it is not one."""
    tokens: list[str] = []
    position = 0
    for match in _INDEX.finditer(rest):
        if match.start() != position:
            return None
        index, quoted, name = match.groups()
        if index is not None:
            tokens.append(index)
        elif quoted is None:
            tokens.append(name)
        elif quoted.startswith('"'):
            try:
                tokens.append(json.loads(quoted))
            except ValueError:
                return None
        else:
            tokens.append(quoted[1:-1])
        position = match.end()
    return tokens if position == len(rest) else None


def _plain_row(tokens: list[str]) -> bool:
    """Whether ``[row]`` or ``[row, column]`` reads back from ``row 2, column 'value'``."""
    row, *column = tokens
    digits = row.isascii() and row.isdigit() and (row == "0" or not row.startswith("0"))
    return digits and all(c.strip() == c and c and repr(c) == f"'{c}'" for c in column)


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
    if tokens[:1] == ["rows"] and len(tokens) in (2, 3) and _plain_row(tokens[1:]):
        return f"row {tokens[1]}" + (f", column {tokens[2]!r}" if len(tokens) == 3 else "")
    out = "$"
    for token in tokens:
        if token.isascii() and token.isdigit():
            out += f"[{token}]"
        elif token.isidentifier():
            out += f".{token}"
        else:
            out += f"[{json.dumps(token)}]"
    return out


class Problem:
    """One problem found while loading or validating a document.

    Every problem has a place in one notation, ``path`` (JSON-Pointer-like,
    for JSON documents, table files and plans alike: ``/data/areas/2/title``,
    ``/rows/2/value``, ``/header``) with its human form beside it,
    ``location`` (``$.data.areas[2].title``, ``row 2, column 'value'``).
    Either form may be given as ``path``; the other is derived.

    Args:
        path: Where: a pointer, or a location in one of the human forms.
        message: What was expected and what was found, in the user's words.
        rule: The id of the rule that failed, if any (``"percentage-range"``).
        code: The kind of problem, one of ``PROBLEM_CODES`` (``"invalid"`` by default).
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

    __module__ = "commit_mef.errors"
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
        _check_fields(
            path=path,
            message=message,
            rule=rule,
            code=code,
            location=location,
            expected=expected,
            got=got,
            hint=hint,
        )
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


def _check_fields(**fields: object) -> None:
    """Refuse a field that is not text (``path`` and ``message`` must be; the others may be None)."""
    from commit_mef.errors import InvalidTypeError  # errors imports this module

    for name, value in fields.items():
        if isinstance(value, str) or (value is None and name not in ("path", "message")):
            continue
        kind = "a string" if name in ("path", "message") else "a string or None"
        raise InvalidTypeError(f"Problem.{name} must be {kind}, got {value!r}")


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

    __module__ = "commit_mef.errors"

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
