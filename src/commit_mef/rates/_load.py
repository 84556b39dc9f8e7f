"""Reading exchange rates from files: a user's CSV table, and the shipped WDI file per currency."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

from commit_mef._paths import open_regular
from commit_mef.errors import LoadError, Problem, ValidationError
from commit_mef.money import currency
from commit_mef.periods import Period
from commit_mef.rates._rate import ExchangeRate, _rate_value, _to_period

if TYPE_CHECKING:
    from commit_mef.rates._table import RateTable

__all__ = ["LazyRates", "read_csv", "wdi_rates"]


@attrs.frozen
class LazyRates:
    """Raw rows per currency (in file order) and how to turn them into rates."""

    lines: dict[str, list[str]]
    count: int
    build: Callable[[str, list[str]], list[ExchangeRate]]


def read_csv(
    source: str | Path | IO[str], name: str | None, table: Callable[[list[ExchangeRate]], RateTable]
) -> RateTable:
    """The table ``table(rates)`` of the rates in a CSV file; every bad row is a LoadError problem."""
    if isinstance(source, (str, Path)):
        label = name or str(source)
        with (
            open_regular(source) as raw,
            io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle,
        ):
            return _rates_from_rows(csv.DictReader(handle), label, table)
    return _rates_from_rows(csv.DictReader(source), name or "<csv>", table)


def _parse_bool(text: str) -> bool:
    folded = text.strip().casefold()
    if folded in ("", "true", "yes", "1"):
        return True
    if folded in ("false", "no", "0"):
        return False
    raise ValidationError(f"expected true or false, got {text!r}")


def _rates_from_rows(
    rows: csv.DictReader[str], label: str, table: Callable[[list[ExchangeRate]], RateTable]
) -> RateTable:
    fields = set(rows.fieldnames or ())
    required = {"currency", "per_usd", "source", "vintage"}
    missing = sorted(required - fields)
    if "period" not in fields and "year" not in fields:
        missing.append("period (or year)")
    if missing:
        raise LoadError(
            [
                Problem(
                    "/header",
                    f"missing column(s): {', '.join(missing)}",
                    rule="columns",
                    code="missing",
                    expected=", ".join(sorted(required | {"period"})),
                    got=", ".join(sorted(fields)),
                )
            ],
            source=label,
        )
    problems: list[Problem] = []
    rates: list[ExchangeRate] = []
    for row in rows:
        where = f"/rows/{rows.line_num}"
        values: dict[str, Any] = {}
        for column, read in (
            ("currency", currency),
            ("per_usd", _rate_value),
            ("period", _to_period),
            ("meaningful", _parse_bool),
        ):
            raw = row.get(column)
            if column == "period" and not raw:
                raw = row.get("year")
            if column == "meaningful" and raw is None:
                continue
            try:
                values[column] = read(raw or "")
            except (ValueError, LookupError, TypeError) as exc:
                problems.append(
                    Problem(
                        f"{where}/{column}",
                        _bare_message(exc),
                        code="missing" if not raw else "invalid",
                        got=repr(raw or ""),
                    )
                )
        if "per_usd" in values and values["per_usd"] <= 0:
            problems.append(
                Problem(
                    f"{where}/per_usd",
                    f"must be above zero (local currency units per US$), got {values['per_usd']}; "
                    "a missing rate is left out of the table, not written as 0",
                    rule="rate-positive",
                    expected="a number above zero",
                    got=str(values["per_usd"]),
                )
            )
            continue
        problems.extend(
            Problem(f"{where}/{column}", "must not be empty", code="missing", rule="required")
            for column in ("source", "vintage")
            if not (row.get(column) or "").strip()
        )
        if len(values) >= 3 and not any(p.path.startswith(where + "/") for p in problems):
            rates.append(
                ExchangeRate(
                    currency=values["currency"],
                    per_usd=values["per_usd"],
                    period=values["period"],
                    source=row["source"].strip(),
                    vintage=row["vintage"].strip(),
                    meaningful=values.get("meaningful", True),
                    note=(row.get("note") or "").strip(),
                )
            )
    if problems:
        raise LoadError(problems, source=label)
    try:
        return table(rates)
    except ValidationError as exc:
        raise LoadError([Problem("", _bare_message(exc), rule=exc.rule)], source=label) from None


def _bare_message(exc: Exception) -> str:
    text = str(exc)
    path = getattr(exc, "path", None)
    return text.split(": ", 1)[1] if path and text.startswith(f"{path}: ") else text


_WDI_SOURCE = "World Bank WDI PA.NUS.FCRF"
_WDI_VINTAGE = (
    "WDI 2026-07-01 (mirror commit 4ebec5a)"  # keep in step with scripts/gen_wdi_rates.py
)
_MMK_NOTE = (
    "fixed official rate before the April 2012 managed float, some 150-200 times below "
    "the market rate"
)


_WDI_HEADER = "currency,year,per_usd,country,meaningful,note"


def wdi_rates() -> LazyRates:
    """The shipped WDI file split into lines per currency; a currency's rates are built later."""
    from importlib.resources import files

    text = files("commit_mef").joinpath("data/wdi_rates.csv").read_text("utf-8")
    # Only split the file into lines per currency here (the file is sorted by currency,
    # then year, and quotes nothing); each currency's rates are built on its first use.
    lines = text.splitlines()
    if lines[0] != _WDI_HEADER:  # pragma: no cover - guards edits to the shipped file
        raise LoadError(
            [
                Problem(
                    "/header",
                    f"expected {_WDI_HEADER!r}, got {lines[0]!r}",
                    rule="columns",
                    expected=repr(_WDI_HEADER),
                    got=repr(lines[0]),
                )
            ],
            source="commit_mef/data/wdi_rates.csv",
        )
    by_code: dict[str, list[str]] = {}
    for line in itertools.islice(lines, 1, None):
        code = line[: line.index(",")]
        group = by_code.get(code)
        if group is None:
            by_code[code] = [line]
        else:
            group.append(line)
    return LazyRates(lines=by_code, count=len(lines) - 1, build=_wdi_currency)


def _wdi_currency(code: str, lines: list[str]) -> list[ExchangeRate]:
    """The rates of one currency from its lines of the shipped WDI file."""
    cur = currency(code)
    rates = []
    for _, year, per_usd, _country, meaningful_text, note in csv.reader(lines):
        meaningful = meaningful_text == "true"
        rates.append(
            ExchangeRate(
                currency=cur,
                per_usd=Decimal(per_usd),
                period=Period.year(int(year)),
                source=_WDI_SOURCE,
                vintage=_WDI_VINTAGE,
                meaningful=meaningful,
                note=note or ("" if meaningful else _MMK_NOTE),
            )
        )
    return rates
