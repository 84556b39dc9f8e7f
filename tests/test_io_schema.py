"""The JSON Schemas refuse what the loader refuses: a table of mutations of valid documents.

Issue #15 found the schemas accepting 16 of 37 mutations that :func:`commit_mef.io.loads`
refuses (unknown country and currency codes, month 13, reversed periods, empty ids).
Each row below mutates one valid document at one place; the loader must refuse it
(that is what makes it a row), and so must the document's schema.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from commit_mef import (
    Area,
    ExchangeRate,
    Money,
    Objective,
    Observation,
    ObservationTable,
    Period,
    Plan,
    SourceRef,
    Target,
    io,
)
from commit_mef.errors import CommitMefError
from commit_mef.indicators import Indicator, MeasureKind

DELETE = object()


def documents() -> dict[str, Any]:
    """One valid document of each kind the table mutates."""
    indicator = Indicator(
        id="victims", name="victims identified", kind=MeasureKind.COUNT, unit="person"
    )
    target = Target(
        id="1.1.t1",
        indicator="victims",
        value=Decimal("100"),
        deadline=dt.date(2014, 12, 31),
        countries=("KHM", "LAO"),
    )
    plan = Plan(
        code="SPA T",
        title="a test plan",
        period=Period.years(2011, 2014),
        areas=(
            Area(
                number=1,
                title="Policy",
                objectives=(Objective(id="1.1", title="plans", targets=(target,)),),
            ),
        ),
        indicators=(indicator,),
    )
    observation = Observation(
        indicator="budget",
        country="KHM",
        period="2014",
        value=Money("1.5", "USD"),
        source=SourceRef(document="spa3-final-report", section="3.1"),
        id="o1",
    )
    table = ObservationTable.from_columns(
        indicator="x", country=["KHM", "LAO"], period=[2014, "2011-2014"], magnitude=[5, 7]
    )
    rate = ExchangeRate(
        currency="THB",
        per_usd=Decimal("32.48"),
        period=Period.year(2014),
        source="WDI",
        vintage="2024",
    )
    values = {
        "money": Money("5", "USD"),
        "period": Period.parse("2014-10-01/2015-09-30"),
        "observation": observation,
        "table": table,
        "rate": rate,
        "plan": plan,
    }
    return {name: json.loads(io.dumps(value)) for name, value in values.items()}


def type_of(document: dict[str, Any]) -> type:
    import commit_mef

    found: type = getattr(commit_mef, document["type"])
    return found


#: (what is wrong, document, JSON Pointer of the place, the new value or DELETE)
MUTATIONS: list[tuple[str, str, str, Any]] = [
    # the envelope
    ("another format", "money", "/format", "commit-meff"),
    ("a future version", "money", "/version", 99),
    ("another type's data", "money", "/type", "Period"),
    ("no data", "money", "/data", DELETE),
    ("an unknown envelope key", "money", "/extra", 1),
    # money
    ("an unknown currency", "money", "/data/currency", "XXY"),
    ("a currency that is not a code", "money", "/data/currency", "US"),
    ("an amount with two points", "money", "/data/amount", "1.2.3"),
    ("a NaN amount", "money", "/data/amount", "NaN"),
    ("an infinite amount", "money", "/data/amount", "Infinity"),
    ("a binary float amount", "money", "/data/amount", 1.5),
    ("no currency", "money", "/data/currency", DELETE),
    ("an unknown money key", "money", "/data/note", "x"),
    # periods
    ("month 13", "period", "/data", "2014-13"),
    ("reversed years", "period", "/data", "2014-2011"),
    ("reversed dates", "period", "/data", "2015-01-01/2014-01-01"),
    ("February 30th", "period", "/data", "2014-02-30"),
    ("a date in month 13", "period", "/data", "2014-13-01"),
    ("five digits", "period", "/data", "20144"),
    ("an empty period", "period", "/data", ""),
    ("month 0 in a range", "period", "/data", "2014-00-01/2014-12-31"),
    # an observation
    ("an unassigned country code", "observation", "/data/country", "XXX"),
    ("Atlantis", "observation", "/data/country", "Atlantis"),
    ("a pair with an unknown partner", "observation", "/data/country", "KHM+ATL"),
    ("an empty indicator id", "observation", "/data/indicator", ""),
    ("an unknown currency in a value", "observation", "/data/value/currency", "ATL"),
    ("an unknown basis", "observation", "/data/basis", "per-decade"),
    ("month 0", "observation", "/data/period", "2014-00"),
    ("an unknown bound", "observation", "/data/bound", "sideways"),
    ("an empty source document", "observation", "/data/source/document", ""),
    # an exchange rate
    ("a rate in an unknown currency", "rate", "/data/currency", "ATL"),
    ("a rate over month 13", "rate", "/data/period", "2014-13"),
    # a columnar table
    (
        "an unknown country among the categories",
        "table",
        "/data/columns/country/categories/1",
        "ATL",
    ),
    (
        "a reversed period among the categories",
        "table",
        "/data/columns/period/categories/1",
        "2014-2011",
    ),
    (
        "an empty indicator among the categories",
        "table",
        "/data/columns/indicator/categories/0",
        "",
    ),
    # a plan
    (
        "an impossible deadline",
        "plan",
        "/data/areas/0/objectives/0/targets/0/deadline",
        "2014-02-30",
    ),
    ("a target in Atlantis", "plan", "/data/areas/0/objectives/0/targets/0/countries/1", "ATL"),
    ("an empty plan code", "plan", "/data/code", ""),
    ("an empty target id", "plan", "/data/areas/0/objectives/0/targets/0/id", ""),
    ("a reversed plan period", "plan", "/data/period", "2014-2011"),
]


def mutated(document: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(document)
    *parents, last = pointer.strip("/").split("/")
    node: Any = out
    for token in parents:
        node = node[int(token)] if isinstance(node, list) else node[token]
    if isinstance(node, list):
        node[int(last)] = value
    elif value is DELETE:
        del node[last]
    else:
        node[last] = value
    return out


DOCUMENTS = documents()
VALIDATORS: dict[str, jsonschema.Draft202012Validator] = {}


def validator(document: dict[str, Any]) -> jsonschema.Draft202012Validator:
    name = document["type"]
    if name not in VALIDATORS:
        schema = io.json_schema(type_of(document))
        jsonschema.Draft202012Validator.check_schema(schema)
        VALIDATORS[name] = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
    return VALIDATORS[name]


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_unmutated_document_loads_and_validates(name: str) -> None:
    document = DOCUMENTS[name]
    io.loads(json.dumps(document))
    validator(document).validate(document)


@pytest.mark.parametrize(
    ("what", "name", "pointer", "value"), MUTATIONS, ids=[m[0] for m in MUTATIONS]
)
def test_the_loader_refuses_the_mutation(what: str, name: str, pointer: str, value: Any) -> None:
    with pytest.raises(CommitMefError):
        io.loads(json.dumps(mutated(DOCUMENTS[name], pointer, value)))


@pytest.mark.parametrize(
    ("what", "name", "pointer", "value"), MUTATIONS, ids=[m[0] for m in MUTATIONS]
)
def test_the_schema_refuses_what_the_loader_refuses(
    what: str, name: str, pointer: str, value: Any
) -> None:
    document = mutated(DOCUMENTS[name], pointer, value)
    assert not validator(document).is_valid(document), f"the schema accepts {what}"


def test_the_mutation_table_is_the_size_the_issue_counted() -> None:
    assert len(MUTATIONS) >= 37


# -- the schema command and the published copies -------------------------------------------------
ROOT = Path(__file__).parent.parent
PUBLISHED = ROOT / "docs" / "_extra"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "commit_mef", "schema", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_the_schema_command_writes_every_document_type_with_an_id_the_docs_serve(
    tmp_path: Path,
) -> None:
    from commit_mef.io._schema import SCHEMA_BASE, document_types

    done = run("-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f"{t.__name__}.json" for t in document_types())
    assert {"Plan.json", "ObservationTable.json", "Money.json"} <= set(written)
    for name in written:
        text = (tmp_path / "out" / name).read_text(encoding="utf-8")
        schema = json.loads(text)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"].startswith(SCHEMA_BASE)
        published = PUBLISHED / schema["$id"].removeprefix(SCHEMA_BASE)
        assert published.is_file(), (
            f"{published} is missing: run commit-mef schema -o {published.parent}"
        )
        assert published.read_text(encoding="utf-8") == text, (
            f"{published} is out of date: run commit-mef schema -o {published.parent}"
        )


def test_the_schema_command_prints_one_type() -> None:
    done = run("Plan")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == io.json_schema(Plan)


def test_the_schema_command_without_arguments_lists_the_types_and_their_ids() -> None:
    done = run()
    assert done.returncode == 0, done.stderr
    assert "Plan " in done.stdout
    assert "/schema/v1/Plan.json" in done.stdout


def test_an_unknown_type_is_a_usage_error_with_a_suggestion() -> None:
    done = run("plan")
    assert done.returncode == 2
    assert "no document type 'plan'; did you mean Plan?" in done.stderr


def test_an_unwritable_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    done = run("Money", "-o", str(tmp_path / "file"))
    assert done.returncode == 2
    assert "cannot write into" in done.stderr
    assert "Traceback" not in done.stderr
