"""The error contract: whatever bad input the public API is given, it raises the package's own error.

A web service catches :class:`~commit_mef.errors.CommitMefError` once and answers
with its ``code``; anything else (a plain ``LookupError``, an ``AttributeError``
from deep inside) would be a 500.  These tests walk every public function and
constructor with bad arguments, and a table of lookups and methods with bad keys.
"""

from __future__ import annotations

import builtins
import datetime as dt
import enum
import importlib
import inspect
import pathlib
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import commit_mef
from commit_mef import errors
from commit_mef.errors import CommitMefError

#: The facades whose ``__all__`` the walk covers.  ``commit_mef.testing`` is left out:
#: its strategies are lazy (Hypothesis checks their arguments when they draw).
FACADES = [
    "commit_mef",
    "commit_mef.aggregation",
    "commit_mef.commitments",
    "commit_mef.countries",
    "commit_mef.datasets",
    "commit_mef.indicators",
    "commit_mef.io",
    "commit_mef.money",
    "commit_mef.observations",
    "commit_mef.periods",
    "commit_mef.plans",
    "commit_mef.progress",
    "commit_mef.rates",
    "commit_mef.reports",
    "commit_mef.sources",
    "commit_mef.units",
    "commit_mef.validation",
]

#: Values no public parameter accepts as they are, of every kind a JSON body can hold and more.
BAD_VALUES: list[object] = [None, "", "no such thing", 1.5, -1, True, [], {}, object()]

#: The readers of files: a path that names no file is the operating system's OSError,
#: the one exception to the contract (documented in the reference of errors).
READERS = {
    "commit_mef.io.load",
    "commit_mef.io.read_csv",
    "commit_mef.io.read_datapackage",
    "commit_mef.io.read_figures",
    "commit_mef.io.read_parquet",
    "commit_mef.io.read_template",
}


def _public_callables() -> Iterator[tuple[str, Callable[..., Any]]]:
    seen: set[int] = set()
    for name in FACADES:
        module = importlib.import_module(name)
        for attr in module.__all__:
            obj = getattr(module, attr)
            if id(obj) in seen or not callable(obj) or attr.startswith("__"):
                continue
            if isinstance(obj, type) and issubclass(obj, BaseException):
                continue  # the errors themselves
            if getattr(obj, "__module__", "").startswith("typing"):
                continue  # type aliases (TargetValue, Value, LabelStyle)
            seen.add(id(obj))
            yield f"{name}.{attr}", obj


def _required(obj: Callable[..., Any]) -> list[inspect.Parameter]:
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):  # pragma: no cover - every public callable has one
        return []
    return [
        p
        for p in signature.parameters.values()
        if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


def _call(obj: Callable[..., Any], value: object) -> None:
    args: list[object] = []
    kwargs: dict[str, object] = {}
    for p in _required(obj):
        if p.kind is p.KEYWORD_ONLY:
            kwargs[p.name] = value
        else:
            args.append(value)
    if not args and not kwargs:
        if isinstance(obj, type) and issubclass(obj, enum.Enum):
            args.append(value)
        else:
            return  # nothing to get wrong
    obj(*args, **kwargs)


CALLABLES = sorted(_public_callables())


@pytest.mark.parametrize(("name", "obj"), CALLABLES, ids=[n for n, _ in CALLABLES])
def test_every_public_callable_refuses_bad_arguments_with_a_package_error(
    name: str, obj: Callable[..., Any]
) -> None:
    escaped: list[str] = []
    refused: list[CommitMefError] = []
    for value in BAD_VALUES:
        try:
            _call(obj, value)
        except CommitMefError as exc:
            refused.append(exc)
        except OSError:
            if name not in READERS:
                raise
        except Exception as exc:
            escaped.append(f"{name}({value!r}) raised {type(exc).__name__}: {exc}")
    assert escaped == []
    assert all(str(exc) and type(exc).code for exc in refused), name


def _plan() -> commit_mef.Plan:
    return commit_mef.datasets.plan("SPA III")


def _mou() -> commit_mef.MoU:
    return commit_mef.datasets.mou()


def _indicator() -> commit_mef.Indicator:
    return commit_mef.datasets.spa3_report().indicators[0]


def _table() -> commit_mef.ObservationTable:
    return commit_mef.datasets.spa3_report().observations


def _aggregate() -> commit_mef.AggregateResult:
    report = commit_mef.datasets.spa3_report()
    indicator = next(i for i in report.indicators if i.kind is commit_mef.MeasureKind.COUNT)
    return commit_mef.aggregate(report.observations.filter(indicator=indicator.id), indicator)


#: Lookups and methods with a bad key or argument: (description, call).
LOOKUPS: list[tuple[str, Callable[[], object]]] = [
    ("Plan.indicator", lambda: _plan().indicator("no-such-indicator")),
    ("Plan.target", lambda: _plan().target("no-such-target")),
    ("Plan.area", lambda: _plan().area(99)),
    ("Plan.objective", lambda: _plan().objective("no-such-objective")),
    ("Plan.update_target", lambda: _plan().update_target("no-such-target", value=1)),
    ("MoU.section", lambda: _mou().section("XX")),
    ("MoU.commitment", lambda: _mou().commitment(99)),
    ("Indicator.dimension", lambda: _indicator().dimension("colour")),
    ("ObservationTable[...]", lambda: _table()[10**9]),
    ("ObservationTable[str]", lambda: _table()["x"]),  # type: ignore[index]
    ("ObservationTable.filter", lambda: _table().filter(period="x")),  # type: ignore[arg-type]
    ("ObservationTable.group_by()", lambda: _table().group_by()),
    ("ObservationTable.group_by(kind)", lambda: _table().group_by("kind")),
    ("AggregateResult.value", lambda: _aggregate().value(("nowhere",))),
    ("RateTable.rate", lambda: commit_mef.RateTable.wdi().rate("XXX", over=2014)),
    ("RateTable.rate(1900)", lambda: commit_mef.RateTable.wdi().rate("THB", over=1900)),
    ("RateTable.convert", lambda: commit_mef.RateTable.wdi().convert("1", "USD", over=2014)),  # type: ignore[arg-type]
    ("Money.parse", lambda: commit_mef.Money.parse("a lot of kip")),
    ("Money + Money", lambda: commit_mef.Money("1", "USD") + commit_mef.Money("1", "THB")),
    ("Period.parse", lambda: commit_mef.Period.parse("twenty fourteen")),
    ("Period.year", lambda: commit_mef.Period.year(1.5)),  # type: ignore[arg-type]
    ("fiscal_year(MYS)", lambda: commit_mef.fiscal_year("MYS", 2014)),
    ("fiscal_year(label)", lambda: commit_mef.fiscal_year("MMR", "2017-99")),
    ("ValidationReport.by_rule", lambda: commit_mef.validate(_plan()).by_rule("no-such-rule")),
    ("validate(skip=)", lambda: commit_mef.validate(_plan(), skip=("no-such-rule",))),
    ("datasets.plan", lambda: commit_mef.datasets.plan("SPA IX")),
    ("datasets.population", lambda: commit_mef.datasets.population().of("ATL", 2014)),
    ("io.loads", lambda: commit_mef.io.loads("{")),
    ("io.loads(type)", lambda: commit_mef.io.loads(commit_mef.io.dumps(_plan()), commit_mef.MoU)),
    ("io.dumps(object)", lambda: commit_mef.io.dumps(object())),
    ("io.json_schema(int)", lambda: commit_mef.io.json_schema(int)),
    ("reports.render(format)", lambda: commit_mef.reports.render(_report(), "pdf")),
    ("Observation(country=Atlantis)", lambda: commit_mef.Observation(indicator="x", country="ATL")),
    (
        "Observation(period=2014.0)",
        lambda: commit_mef.Observation(indicator="x", country="KHM", period=2014.0),
    ),
    ("Target(deadline=text)", lambda: commit_mef.Target(id="t", indicator="i", deadline="soon")),  # type: ignore[arg-type]
    (
        "ExchangeRate(per_usd=0)",
        lambda: commit_mef.ExchangeRate(
            currency="THB",
            per_usd=Decimal(0),
            period=commit_mef.Period.year(2014),
            source="s",
            vintage="v",
        ),
    ),
    ("Period(end<start)", lambda: commit_mef.Period(dt.date(2015, 1, 1), dt.date(2014, 1, 1))),
]


def _report() -> commit_mef.ProgressReport:
    return commit_mef.progress_report(_plan(), _table(), as_of=dt.date(2015, 12, 31))


@pytest.mark.parametrize(("name", "call"), LOOKUPS, ids=[n for n, _ in LOOKUPS])
def test_lookups_and_methods_refuse_bad_keys_with_a_package_error(
    name: str, call: Callable[[], object]
) -> None:
    with pytest.raises(Exception) as info:  # noqa: PT011 - any exception, checked below
        call()
    exc = info.value
    assert isinstance(exc, CommitMefError), f"{name} raised {type(exc).__name__}: {exc}"
    assert str(exc), name
    assert exc.to_dict()["code"] == type(exc).code


def test_plan_lookups_are_not_found_errors_naming_what_and_key() -> None:
    with pytest.raises(errors.NotFoundError) as info:
        _plan().indicator("no-such-indicator")
    assert (info.value.what, info.value.key, info.value.http_status) == (
        "indicator",
        "no-such-indicator",
        404,
    )
    assert info.value.available == tuple(i.id for i in _plan().indicators)
    with pytest.raises(LookupError):  # code that caught LookupError keeps working
        _plan().target("no-such-target")


def test_no_raise_site_in_the_package_raises_a_bare_builtin() -> None:
    """A plain ``raise ValueError(...)`` in the package would escape a CommitMefError handler."""
    src = pathlib.Path(commit_mef.__file__).parent
    bare = re.compile(
        r"raise (ValueError|TypeError|LookupError|KeyError|IndexError|RuntimeError|Exception)\("
    )
    found = [
        f"{path.relative_to(src)}:{n}"
        for path in sorted(src.rglob("*.py"))
        if "testing" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if bare.search(line) and "noqa: contract" not in line
    ]
    assert found == []


TEXT_READERS: list[tuple[str, Callable[[str], object]]] = [
    ("country", commit_mef.country),
    ("currency", commit_mef.currency),
    ("Period.parse", commit_mef.Period.parse),
    ("Money.parse", commit_mef.Money.parse),
    ("datasets.plan", commit_mef.datasets.plan),
    ("io.loads", commit_mef.io.loads),
]


@pytest.mark.parametrize(("name", "read"), TEXT_READERS, ids=[n for n, _ in TEXT_READERS])
@given(text=st.text(max_size=40))
def test_any_text_is_read_or_refused_with_a_package_error(
    name: str, read: Callable[[str], object], text: str
) -> None:
    refused: list[CommitMefError] = []
    try:
        read(text)
    except CommitMefError as exc:
        refused.append(exc)
    assert all(str(exc) for exc in refused), name


REFERENCE = pathlib.Path(__file__).resolve().parents[1] / "docs" / "reference" / "errors.md"


def _doc_table(marker: str) -> list[list[str]]:
    text = REFERENCE.read_text(encoding="utf-8")
    body = text.split(f"<!-- {marker}: start -->")[1].split(f"<!-- {marker}: end -->")[0]
    rows = [line.strip().strip("|").split("|") for line in body.strip().splitlines()[2:]]
    return [[cell.strip() for cell in row] for row in rows]


def test_the_table_of_error_codes_lists_every_error_class_as_it_is() -> None:
    classes = {
        name: cls
        for name in errors.__all__
        if isinstance(cls := getattr(errors, name), type) and issubclass(cls, CommitMefError)
    }
    documented: dict[str, tuple[str, int, str]] = {}
    for code, status, cls_ref, builtin in _doc_table("error-codes"):
        found = re.search(r"errors\.(\w+)`", cls_ref)
        assert found, cls_ref
        documented[found.group(1)] = (code.strip("`"), int(status), builtin.strip("`"))
    assert set(documented) == set(classes)
    for cls_name, (want_code, want_status, builtin) in documented.items():
        cls = classes[cls_name]
        assert (want_code, want_status) == (cls.code, cls.http_status), cls_name
        assert issubclass(cls, getattr(builtins, builtin)), cls_name


def test_the_table_of_problem_codes_is_the_one_in_the_code() -> None:
    assert {code.strip("`"): meaning for code, meaning in _doc_table("problem-codes")} == dict(
        errors.PROBLEM_CODES
    )
