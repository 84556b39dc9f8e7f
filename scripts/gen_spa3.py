"""Regenerate ``src/commit_mef/data/spa3_report.json`` from the tables in ``scripts/spa3/``.

Usage::

    python scripts/gen_spa3.py [OUT.json]

The figures of the *Final Report on the Implementation of the COMMIT Sub-Regional Plan of
Action III* are transcribed by hand into declarative files, described column by column in
``scripts/spa3/README.md``:

* ``figures.csv``: one row per observation, in the order of the output file;
* ``details.toml``: the details a row's columns do not hold (lists, numbers, longer notes), by id;
* ``flags.toml``: the data-quality flags (code, severity, note), by key; rows name them;
* ``indicators.toml``: the codelists and the indicators that the figures observe.

This script only reshapes those files into the JSON the package loads; it checks what a typing
slip would break (unknown keys, codes and cells) and lists every problem at once.
``tests/test_data_pinning.py`` pins each figure to its line of the report and checks that this
script, run on the tables, writes the shipped file byte for byte.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "scripts" / "spa3"
DEFAULT_OUT = ROOT / "src" / "commit_mef" / "data" / "spa3_report.json"

DOCUMENT = "spa3-final-report"
SOURCE = {
    "id": DOCUMENT,
    "title": "Final Report on the Implementation of the COMMIT Sub-Regional Plan of Action III",
    "publisher": "COMMIT / UN-ACT",
    "year": None,  # the report gives no year of publication
}
# The columns of figures.csv with a fixed meaning. Columns named after a codelist of
# indicators.toml are disaggregation columns; every other column is a text detail, written
# under "details" in column order, before the row's entry in details.toml.
CORE = (
    "id",
    "section",
    "area",
    "block",
    "line",
    "country",
    "indicator",
    "period",
    "basis",
    "value",
    "currency",
    "approximate",
    "bound",
    "as_written",
    "stated",
    "stated_currency",
    "stated_approximate",
    "stated_as_written",
    "recipient",
    "subset_of",
    "same_as",
    "flags",
)
BASES = {"point", "total", "per-year", "per-event", "per-person"}
YES = {"yes": True, "": False}  # approximate, stated_approximate
BOUNDS = {"lower", "upper"}  # a floor ("at least", "over") or a ceiling ("nearly", "up to")
MILESTONE = {"true": True, "false": False, "": None}  # an empty milestone value is unknown
NULL = "null"  # TOML has no null: a details.toml value "null" is written as JSON null

Record = dict[str, Any]


def load_toml(name: str) -> Record:
    with (TABLES / name).open("rb") as handle:
        return tomllib.load(handle)


def load_figures() -> tuple[list[str], list[dict[str, str]]]:
    with (TABLES / "figures.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    return list(reader.fieldnames or ()), rows


def indicator_record(spec: Record, codelists: dict[str, list[str]]) -> Record:
    return {
        "id": spec["id"],
        "name": spec["name"],
        "kind": spec["kind"],
        "unit": spec.get("unit"),
        "direction": spec["direction"],
        "over_time": spec["over_time"],
        "across_countries": spec["across_countries"],
        "cumulative": spec["cumulative"],
        "definition": spec["definition"],
        "dimensions": {dim: codelists[dim] for dim in spec.get("dimensions", [])},
        "area": spec.get("area"),
    }


def text(cell: str) -> str | None:
    return cell or None


def value(row: dict[str, str], kind: str) -> Any:
    if kind == "money":
        return {"amount": row["value"], "currency": row["currency"]}
    if kind == "milestone":
        return MILESTONE[row["value"]]
    return row["value"]


def stated_equivalent(row: dict[str, str]) -> Record | None:
    if not row["stated"]:
        return None
    return {
        "amount": row["stated"],
        "currency": row["stated_currency"],
        "as_written": row["stated_as_written"],
        "approximate": YES[row["stated_approximate"]],
    }


def flag_items(cell: str) -> list[tuple[str, list[str]]]:
    """``"key; key -> id id"`` -> ``[("key", []), ("key", ["id", "id"])]``."""
    items = []
    for part in cell.split(";"):
        if part.strip():
            key, _, related = part.partition("->")
            items.append((key.strip(), related.split()))
    return items


def flags(cell: str, entries: dict[str, Record]) -> list[Record]:
    out = []
    for key, related in flag_items(cell):
        entry = entries[key]
        flag = {"code": entry["code"], "severity": entry["severity"], "note": entry["note"]}
        if related:
            flag["related"] = related
        out.append(flag)
    return out


def observation(
    row: dict[str, str],
    indicator: Record,
    details: list[str],
    extra: Record,
    flag_entries: dict[str, Record],
) -> Record:
    area = int(row["area"]) if row["area"] else None
    countries = row["country"].split("-")
    where = {"countries": countries} if len(countries) > 1 else {"country": row["country"]}
    return {
        "id": row["id"],
        "indicator": row["indicator"],
        **where,
        "area": area,
        "period": text(row["period"]),
        "basis": row["basis"],
        "value": value(row, indicator["kind"]),
        "unit": indicator["unit"] if indicator["kind"] == "count" else None,
        "as_written": text(row["as_written"]),
        "approximate": YES[row["approximate"]],
        "bound": text(row["bound"]),
        "disaggregation": {dim: row[dim] for dim in indicator["dimensions"] if row[dim]},
        "recipient": text(row["recipient"]),
        "stated_equivalent": stated_equivalent(row),
        "details": {column: row[column] for column in details if row[column]}
        | {key: None if item == NULL else item for key, item in extra.items()},
        "source": {
            "document": DOCUMENT,
            "section": row["section"],
            "area": area,
            "block": row["block"],
            "line": int(row["line"]),
        },
        "flags": flags(row["flags"], flag_entries),
        "subset_of": text(row["subset_of"]),
        "same_as": text(row["same_as"]),
    }


def problems(
    row: dict[str, str],
    indicators: dict[str, Record],
    codelists: dict[str, list[str]],
    flag_entries: dict[str, Record],
) -> list[str]:
    """What in one row the generator cannot read (the pinning tests check what it means)."""
    indicator = indicators.get(row["indicator"])
    if indicator is None:
        return [f"unknown indicator {row['indicator']!r}"]
    kind = indicator["kind"]
    found = [
        f"unknown flag {key!r}" for key, _ in flag_items(row["flags"]) if key not in flag_entries
    ]
    if kind == "milestone" and row["value"] not in MILESTONE:
        found.append(f"milestone value {row['value']!r} is not true, false or empty")
    if (kind == "money") != bool(row["currency"]):
        found.append("a currency goes with a money value, and only with one")
    if row["basis"] not in BASES:
        found.append(f"basis {row['basis']!r} is not one of {sorted(BASES)}")
    if not row["line"].isdigit() or not (row["area"] == "" or row["area"].isdigit()):
        found.append(f"line {row['line']!r} and area {row['area']!r} must be numbers")
    if len(row["country"].split("-")) > 2:
        found.append(f"country {row['country']!r} is not one code or a pair")
    found += [
        f"{column} {row[column]!r} is not yes or empty"
        for column in ("approximate", "stated_approximate")
        if row[column] not in YES
    ]
    if row["bound"] and row["bound"] not in BOUNDS:
        found.append(f"bound {row['bound']!r} is not lower, upper or empty")
    if row["bound"] and row["approximate"] != "yes":
        found.append("a figure with a bound is approximate: set approximate to yes")
    for dim, codes in codelists.items():
        if row[dim] and (dim not in indicator["dimensions"] or row[dim] not in codes):
            found.append(f"{dim} {row[dim]!r} is not a code of {row['indicator']}")
    return found


def links(rows: list[dict[str, str]]) -> list[str]:
    """What is wrong with the ``subset_of`` and ``same_as`` cells.

    Each names another figure; ``same_as`` one of the same indicator that is the first report of
    the fact, not a repeat of it.
    """
    by_id = {row["id"]: row for row in rows}
    found = []
    for row in rows:
        for column in ("subset_of", "same_as"):
            target = by_id.get(row[column])
            if row[column] and (target is None or target is row):
                found.append(f"{row['id']}: {column} {row[column]!r} is not another figure's id")
        first = by_id.get(row["same_as"])
        if first is None or first is row:
            continue
        if first["indicator"] != row["indicator"]:
            found.append(f"{row['id']}: same_as names a figure of {first['indicator']}")
        if first["same_as"]:
            found.append(f"{row['id']}: same_as names {first['id']}, itself a repeat of another")
    return [f"figures.csv: {p}" for p in found]


def main(out: Path) -> None:
    spec = load_toml("indicators.toml")
    codelists: dict[str, list[str]] = spec["codelists"]
    indicators = {i["id"]: indicator_record(i, codelists) for i in spec["indicator"]}
    flag_entries = load_toml("flags.toml")
    extras = load_toml("details.toml")
    header, rows = load_figures()
    missing = [c for c in (*CORE, *codelists) if c not in header]
    if missing:
        sys.exit(f"figures.csv: missing columns {missing}")
    details = [c for c in header if c not in CORE and c not in codelists]

    errors = [
        f"indicators.toml: {i['id']} is cumulative but not a flow (over_time sum)"
        for i in indicators.values()
        if i["cumulative"] and i["over_time"] != "sum"
    ]
    ids = [row["id"] for row in rows]
    errors += [f"figures.csv: id {i!r} is used twice" for i in sorted(set(ids)) if ids.count(i) > 1]
    errors += [f"details.toml: no figure {i!r}" for i in extras if i not in ids]
    errors += links(rows)
    for number, row in enumerate(rows, start=2):
        found = problems(row, indicators, codelists, flag_entries)
        found += [
            f"{key} is both a column and in details.toml"
            for key in extras.get(row["id"], {})
            if key in details and row[key]
        ]
        errors += [f"figures.csv row {number} ({row['id']}): {p}" for p in found]
    if errors:
        sys.exit("\n".join(errors))

    doc = {
        "format": "commit-mef/observations",
        "version": 1,
        "source": SOURCE,
        "indicators": list(indicators.values()),
        "observations": [
            observation(
                row, indicators[row["indicator"]], details, extras.get(row["id"], {}), flag_entries
            )
            for row in rows
        ],
    }
    data = (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    out.write_bytes(data)
    print(f"wrote {len(rows)} observations, {len(indicators)} indicators to {out}")
    print(f"sha256 {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT)
