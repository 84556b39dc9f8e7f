"""Errors of the extension points and the exports, defined apart to keep :mod:`commit_mef.errors` small.

Each is documented, pickled and shown as :mod:`commit_mef.errors` (its ``__module__``),
where users import it from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from commit_mef._problems import CommitMefError, Problem, pointer_of

__all__ = ["ExportError", "RegistrationError", "UnknownLanguageError"]


def _suggest(suggestions: Iterable[str]) -> str:
    found = tuple(suggestions)
    return f"; did you mean: {', '.join(found)}?" if found else ""


class RegistrationError(CommitMefError, ValueError):
    """An extension could not be registered: the name is taken, or the entry is malformed.

    Registries (fiscal calendars, count units, report formats) never overwrite an
    entry silently: registering a name that is already there raises this error
    unless the caller passes ``replace=True``.

    Args:
        message: What was refused and how to go on.
        registry: Which registry (``"fiscal calendar"``, ``"count unit"``, ``"report format"``).
        name: The name (country code, unit, format) that was registered.

    Examples:
        >>> from commit_mef.units import register_unit
        >>> register_unit("person")
        Traceback (most recent call last):
        ...
        commit_mef.errors.RegistrationError: count unit 'person' is already registered; pass replace=True to replace it, or choose another name
    """

    __module__ = "commit_mef.errors"  # documented, pickled and shown in tracebacks there

    code: ClassVar[str] = "registration-conflict"
    http_status: ClassVar[int] = 409

    registry: str
    name: str

    def __init__(self, message: str, *, registry: str, name: str) -> None:
        super().__init__(message)
        self.registry = registry
        self.name = name


class UnknownLanguageError(CommitMefError, LookupError):
    """A language code names no language the translation catalogues hold.

    Args:
        language: The code asked for.
        suggestions: Close codes, best first.

    Examples:
        >>> from commit_mef import country
        >>> country("TH").name_in("thai")
        Traceback (most recent call last):
        ...
        commit_mef.errors.UnknownLanguageError: unknown language code 'thai': pass an ISO 639-1 code such as 'th' (the members' languages are km, zh, lo, my, th, vi); did you mean: th?
    """

    __module__ = "commit_mef.errors"  # documented, pickled and shown in tracebacks there

    language: str
    suggestions: tuple[str, ...]

    code: ClassVar[str] = "unknown-language"
    http_status: ClassVar[int] = 404

    def __init__(self, language: str, *, suggestions: Iterable[str] = ()) -> None:
        self.language = language
        self.suggestions = tuple(suggestions)
        super().__init__(
            f"unknown language code {language!r}: pass an ISO 639-1 code such as 'th' "
            f"(the members' languages are km, zh, lo, my, th, vi){_suggest(self.suggestions)}"
        )

    def __str__(self) -> str:
        return str(self.args[0])


class ExportError(CommitMefError, ValueError):
    """An export cannot write its file: every figure or setting it cannot hold, each with its path.

    Nothing is written when this is raised.  A place is named after the export's
    argument (``table[3]``, ``mapping.org_units['LAO']``, ``reporting_org``);
    its pointer starts with that argument (``/table/3``, ``/mapping/org_units/LAO``).

    Args:
        problems: Every problem found (at least one).
        target: The format being written (``"DHIS2 dataValueSets"``).

    Examples:
        >>> err = ExportError([Problem("mapping.data_elements", "no UID for 'victims.detected'")],
        ...                   target="DHIS2 dataValueSets")
        >>> print(err)
        cannot write DHIS2 dataValueSets: 1 problem
          no UID for 'victims.detected' @ mapping.data_elements
        >>> err.problems[0].path
        '/mapping/data_elements'
    """

    __module__ = "commit_mef.errors"  # documented, pickled and shown in tracebacks there

    problems: tuple[Problem, ...]
    target: str

    code: ClassVar[str] = "export-refused"
    http_status: ClassVar[int] = 422

    def __init__(self, problems: Iterable[Problem], *, target: str) -> None:
        self.problems = tuple(_under_arguments(p) for p in problems)
        self.target = target
        n = len(self.problems)
        lines = [f"cannot write {target}: {n} problem{'s' if n != 1 else ''}"]
        lines.extend(f"  {p}" for p in self.problems)
        super().__init__("\n".join(lines))


def _under_arguments(problem: Problem) -> Problem:
    """A problem named after an export's argument (``table[3]``) with the pointer ``/table/3``.

    A problem given as a pointer, a ``$`` path or a cell of a file is kept as it is.
    """
    where = problem.location
    if where.startswith(("$", "/", "[", "row ", "line ", "header")) or where == "":
        return problem
    if problem.path != pointer_of(where):  # a location of its own beside a pointer
        return problem
    fields = {name: getattr(problem, name) for name in ("code", "expected", "got", "hint")}
    return Problem(
        pointer_of(f"$.{where}"), problem.message, problem.rule, location=where, **fields
    )
