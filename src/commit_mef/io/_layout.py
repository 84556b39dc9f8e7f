"""CSV layouts: which column holds what in a user's own file, and how its cells write numbers.

A task force's file rarely has the package's own columns.  A :class:`CsvLayout`
says where each field is (``year`` holds the period), which columns are
disaggregation dimensions (``sex``) or notes kept beside the figure, how the
file writes numbers (``1,200`` or ``1.200,5``) and yes/no answers.  The reader
of :mod:`commit_mef.io._natural` applies it row by row.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from commit_mef.errors import InvalidTypeError, ValidationError

__all__ = ["FIELDS", "CsvLayout"]

#: The fields a column of a user's file can hold, as the layout names them.
FIELDS: tuple[str, ...] = (
    "indicator",
    "country",
    "period",
    "value",
    "currency",
    "unit",
    "basis",
    "id",
    "subset_of",
    "same_as",
    "recipient",
    "as_written",
    "approximate",
    "bound",
    "source",
)
_REQUIRED = ("indicator", "country")
#: Headers read as a field without being mapped (``year`` is the period).
_ALIASES = {"year": "period", "fiscal_year": "period", "amount": "value"}
_SPACE_SEPARATORS = (" ", "\u00a0", "\u202f")
_SPACES = "[ \u00a0\u202f]"
_SEPARATORS = (".", ",", *_SPACE_SEPARATORS, "'", "")
_YES = ("yes", "y", "true")
_NO = ("no", "n", "false")


def _to_map(value: Mapping[str, str] | None) -> dict[str, str]:
    return dict(value or {})


def _to_names(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise InvalidTypeError(f"expected a tuple of column names, not the string {value!r}")
    return tuple(value)


def _to_words(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise InvalidTypeError(f"expected a tuple of words, not the string {value!r}")
    return tuple(w.strip().lower() for w in value)


def _check_columns(inst: CsvLayout, _attr: attrs.Attribute[Any], value: dict[str, str]) -> None:
    for field, header in value.items():
        if field not in FIELDS:
            raise ValidationError(
                f"{field!r} is not a field a column can hold; the fields are {', '.join(FIELDS)}",
                path=f"CsvLayout.columns[{field!r}]",
            )
        if not isinstance(header, str) or not header.strip():
            raise ValidationError(
                f"the column for {field!r} must be a header name, got {header!r}",
                path=f"CsvLayout.columns[{field!r}]",
            )
    headers = list(value.values())
    twice = sorted(h for h, n in Counter(headers).items() if n > 1)
    if twice:
        raise ValidationError(
            f"column {twice[0]!r} is given for two fields; map each column once",
            path="CsvLayout.columns",
        )


def _check_separators(inst: CsvLayout, attr: attrs.Attribute[Any], value: str) -> None:
    if value not in _SEPARATORS or (attr.name == "decimal" and value not in (".", ",")):
        allowed = "'.' or ','" if attr.name == "decimal" else "'.', ',', ' ', \"'\" or ''"
        raise ValidationError(
            f"{attr.name} separator {value!r} is not one files use; use {allowed}",
            path=f"CsvLayout.{attr.name}",
        )
    if attr.name == "thousands" and value and value == inst.decimal:
        raise ValidationError(
            f"the thousands separator {value!r} is also the decimal separator; a number "
            "like 1,200 would have two readings. Choose two different separators",
            path="CsvLayout.thousands",
        )


@attrs.frozen(kw_only=True)
class CsvLayout:
    """Where each field is in a user's CSV file, and how its cells write numbers and answers.

    Only what differs from the defaults needs saying: a column named like its
    field (``indicator``, ``country``, ``period``, ``value``, ``currency``,
    ``unit``, ``basis``, ``id``...) is read as that field, ``year`` is read as
    the period, a column named like a standard dimension (``sex``,
    ``age_band``, ``form_of_exploitation``, ``nationality``) or like a
    dimension of the plan's indicators is a dimension, and ``note`` is kept
    beside the figure.

    Cells: a blank value is *not reported* (kept, never zero); ``yes``/``no``
    (and ``true``/``false``, ``y``/``n``, any case) are answers; numbers are
    read with the file's decimal and thousands separators; a period may be a
    year, a range or a fiscal year (``FY2015``, ``FY2017/18``, or
    ``THA:FY2015``), read in the calendar of the row's country; a country may
    be a code or a name.

    Attributes:
        columns: Field -> the header of the column that holds it, where they differ
            (``{"period": "year of report"}``).
        dimensions: Further headers that are disaggregation dimensions.
        details: Further headers kept with each figure as notes (``Observation.details``).
        ignore: Headers to skip.
        decimal: The decimal separator: ``"."`` (default) or ``","``.
        thousands: The thousands separator: ``""`` (none, the default), ``","``,
            ``"."``, ``" "`` (or a no-break space) or ``"'"``.
        yes: Words read as yes.
        no: Words read as no.

    Raises:
        ValidationError: a field that does not exist, a column given twice,
            separators files do not use or one separator for both.

    Examples:
        >>> layout = CsvLayout(thousands=",")
        >>> layout.number("1,200"), layout.number("1,200.5"), layout.number("12")
        (Decimal('1200'), Decimal('1200.5'), Decimal('12'))
        >>> CsvLayout(decimal=",", thousands=".").number("1.200,5")
        Decimal('1200.5')
        >>> layout.answer("Yes"), layout.answer("no"), layout.answer("maybe")
        (True, False, None)
        >>> CsvLayout(decimal=",", thousands=",")
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: CsvLayout.thousands: the thousands separator ',' is also the decimal separator; a number like 1,200 would have two readings. Choose two different separators
    """

    columns: dict[str, str] = attrs.field(factory=dict, converter=_to_map, validator=_check_columns)
    dimensions: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    details: tuple[str, ...] = attrs.field(default=("note",), converter=_to_names)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    decimal: str = attrs.field(default=".", validator=_check_separators)
    thousands: str = attrs.field(default="", validator=_check_separators)
    yes: tuple[str, ...] = attrs.field(default=_YES, converter=_to_words)
    no: tuple[str, ...] = attrs.field(default=_NO, converter=_to_words)

    @classmethod
    def from_options(
        cls,
        columns: str | None = None,
        *,
        dimensions: Iterable[str] = (),
        decimal: str | None = None,
        thousands: str | None = None,
    ) -> CsvLayout:
        """A layout from command-line text: ``"period=Reporting year,value=Figure"``.

        Args:
            columns: Comma-separated ``field=header`` pairs (a header may hold spaces).
            dimensions: Headers that are disaggregation dimensions.
            decimal: The decimal separator (``"."`` when ``None``).
            thousands: The thousands separator (none when ``None``); ``"space"``
                names a space.

        Raises:
            ValidationError: a pair is not ``field=header``, or the layout is not valid.

        Examples:
            >>> layout = CsvLayout.from_options("period=Reporting year, value=Figure", thousands=",")
            >>> layout.columns, layout.thousands
            ({'period': 'Reporting year', 'value': 'Figure'}, ',')
            >>> CsvLayout.from_options("period")
            Traceback (most recent call last):
            ...
            commit_mef.errors.ValidationError: columns: 'period' is not field=column; write it like period=Year
        """
        mapping: dict[str, str] = {}
        for pair in (columns or "").split(","):
            if not pair.strip():
                continue
            field, sep, header = pair.partition("=")
            if not sep or not field.strip() or not header.strip():
                raise ValidationError(
                    f"{pair.strip()!r} is not field=column; write it like period=Year",
                    path="columns",
                )
            mapping[field.strip()] = header.strip()
        return cls(
            columns=mapping,
            dimensions=tuple(dimensions),
            decimal="." if decimal is None else decimal,
            thousands="" if thousands is None else (" " if thousands == "space" else thousands),
        )

    def field_of(  # noqa: PLR0911 - one return per kind of column, in the order they win
        self, header: str, known_dimensions: Iterable[str] = ()
    ) -> str | None:
        """What a header holds: a field, ``dim.<id>``, ``detail.<name>``, ``""`` (ignored) or ``None``.

        Examples:
            >>> layout = CsvLayout(columns={"period": "Reporting year"})
            >>> [layout.field_of(h, ["sex"]) for h in ("Reporting year", "indicator", "sex", "note", "colour")]
            ['period', 'indicator', 'dim.sex', 'detail.note', None]
        """
        for field, mapped in self.columns.items():
            if mapped == header:
                return field
        name = header.strip()
        if name in self.ignore:
            return ""
        if name in self.dimensions or name in known_dimensions:
            return f"dim.{name}"
        if name.startswith("dim.") and len(name) > 4:
            return name
        if name in self.details:
            return f"detail.{name}"
        lowered = name.lower()
        field = _ALIASES.get(lowered, lowered)
        if field in FIELDS and field not in self.columns:
            return field
        return None

    def number(self, text: str) -> Decimal:
        """The exact number a cell writes in this file's format.

        Raises:
            ValueError: the cell is not a number in this format (the message says why).

        Examples:
            >>> CsvLayout(thousands=" ").number("246 660")
            Decimal('246660')
            >>> CsvLayout().number("1,200")
            Traceback (most recent call last):
            ...
            commit_mef.errors.ValidationError: '1,200' is not a number as this file writes them (decimal point '.', no thousands separator); if ',' separates thousands, declare it as the file's thousands separator
        """
        cell = text.strip()
        whole, point, fraction = cell.partition(self.decimal)
        if self.thousands:
            gap = _SPACES if self.thousands in _SPACE_SEPARATORS else re.escape(self.thousands)
            if re.search(gap, whole):
                if not re.fullmatch(rf"[-+]?\d{{1,3}}(?:{gap}\d{{3}})+", whole):
                    raise ValidationError(
                        f"{text!r} is not a number: its thousands separators "
                        f"({_name(self.thousands)}) do not group the digits in threes"
                    )
                whole = re.sub(gap, "", whole)
        if not re.fullmatch(r"[-+]?\d*", whole) or not re.fullmatch(r"\d*", fraction):
            raise ValidationError(self._not_a_number(text))
        if not any(c.isdigit() for c in whole + fraction):
            raise ValidationError(self._not_a_number(text))
        from commit_mef.money._parse import bounded_decimal

        shown = cell if len(cell) <= 40 else cell[:37] + "..."
        return bounded_decimal(whole + ("." + fraction if point else ""), repr(shown))

    def _not_a_number(self, text: str) -> str:
        point = "decimal comma" if self.decimal == "," else "decimal point '.'"
        sep = (
            f"thousands separator {_name(self.thousands)}"
            if self.thousands
            else "no thousands separator"
        )
        hint = ""
        for candidate in (",", ".", " "):
            if candidate in text and candidate not in (self.decimal, self.thousands):
                hint = (
                    f"; if {_name(candidate)} separates thousands, declare it as the file's "
                    "thousands separator"
                )
                break
        return f"{text!r} is not a number as this file writes them ({point}, {sep}){hint}"

    def answer(self, text: str) -> bool | None:
        """``True`` or ``False`` for a yes/no word, ``None`` for anything else.

        Examples:
            >>> CsvLayout(yes=("oui",), no=("non",)).answer("OUI")
            True
        """
        word = text.strip().lower()
        if word in self.yes:
            return True
        if word in self.no:
            return False
        return None


def _name(sep: str) -> str:
    return {" ": "a space", "\u00a0": "a no-break space", "\u202f": "a narrow space"}.get(
        sep, repr(sep)
    )
