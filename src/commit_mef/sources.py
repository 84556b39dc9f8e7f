"""Where a figure comes from, and what is known to be wrong or doubtful about it.

Every shipped figure carries a :class:`SourceRef` (document, section, country
block, line) and any number of :class:`QualityFlag` s, so that provenance
travels with the number into aggregates and reports.

Examples:
    >>> from commit_mef import QualityFlag, Severity, SourceRef
    >>> ref = SourceRef(document="spa3-final-report", section="2.2", block="CAMBODIA", line=87)
    >>> str(ref)
    'spa3-final-report §2.2, CAMBODIA, line 87'
    >>> flag = QualityFlag(code="per-event-count", severity=Severity.INFO, note="given per event")
    >>> str(flag)
    'per-event-count (info): given per event'
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from commit_mef._validators import non_empty_str, reject_unknown, to_enum

__all__ = [
    "QualityFlag",
    "Severity",
    "SourceRef",
]


class Severity(enum.Enum):
    """How much a quality flag matters.

    Examples:
        >>> Severity("warning")
        <Severity.WARNING: 'warning'>
    """

    _missing_ = reject_unknown

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@attrs.frozen(kw_only=True)
class SourceRef:
    """A reference to the place in a document a figure comes from.

    Attributes:
        document: Identifier of the document (``"spa3-final-report"``).
        section: Section number in the document (``"2.2"``), if any.
        block: Sub-block inside the section, such as the country heading.
        line: 1-based line in the document's text form, if known.
        area: The plan area the block belongs to, if any.

    Examples:
        >>> SourceRef(document="spa3-final-report", section="2.4").line is None
        True
    """

    document: str = attrs.field(validator=non_empty_str)
    section: str | None = None
    block: str | None = None
    line: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(1))
    )
    area: int | None = None

    def __str__(self) -> str:
        parts = [self.document + (f" §{self.section}" if self.section else "")]
        if self.block:
            parts.append(self.block)
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)


def _related(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _to_severity(value: object) -> Severity:
    return to_enum(Severity, value, "QualityFlag.severity")


@attrs.frozen(kw_only=True)
class QualityFlag:
    """A known data-quality problem attached to a figure.

    Attributes:
        code: A stable kebab-case code (``"stated-equivalent-inconsistent"``).
        severity: How much it matters.
        note: One sentence saying what is wrong and what was done about it.
        related: Ids of other observations the problem concerns.

    Examples:
        >>> QualityFlag(code="contradiction", note="8 BLOs on one border or three?").severity
        <Severity.WARNING: 'warning'>
    """

    code: str = attrs.field(validator=non_empty_str)
    severity: Severity = attrs.field(default=Severity.WARNING, converter=_to_severity)
    note: str = ""
    related: tuple[str, ...] = attrs.field(default=(), converter=_related)

    def __str__(self) -> str:
        return f"{self.code} ({self.severity.value}): {self.note}"
