"""Strategies for the results of the engines: aggregates, progress, validation reports, data sets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from commit_mef.aggregation import AggregateResult, AggregateRow
from commit_mef.countries import GMS
from commit_mef.datasets import Dataset
from commit_mef.observations import Basis
from commit_mef.progress import Progress, Status
from commit_mef.sources import Severity
from commit_mef.testing._base import periods
from commit_mef.testing._observations import country_pairs, observation_tables
from commit_mef.testing._plans import aggregation_rules, plans
from commit_mef.validation import Issue, ValidationReport

__all__ = [
    "aggregate_results",
    "datasets",
    "progress_results",
    "validation_reports",
]

_IDS = st.text("abcdefghij.-_0123456789", min_size=1, max_size=12).filter(lambda s: s[0].isalpha())
_WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
_NUMBERS = st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False)
_SHARES = st.decimals(min_value=0, max_value=3, places=4, allow_nan=False)
_AXES = ("country", "year", "period", "currency", "sex")


def _key_item(axis: str) -> st.SearchStrategy[Any]:
    if axis == "country":
        return st.one_of(st.sampled_from(GMS), country_pairs())
    if axis == "year":
        return st.integers(1990, 2040)
    if axis == "period":
        return periods()
    if axis == "currency":
        return st.sampled_from(("KHR", "THB", "USD", "VND"))
    return st.one_of(st.none(), st.sampled_from(("female", "male")))


@st.composite
def _rows(draw: st.DrawFn, by: tuple[str, ...]) -> AggregateRow:
    value = draw(st.one_of(st.none(), st.booleans(), st.integers(0, 6), _NUMBERS))
    return AggregateRow(
        key=tuple(draw(_key_item(axis)) for axis in by),
        value=value,
        rows=draw(st.integers(0, 1000)),
        ids=tuple(sorted(draw(st.lists(_IDS, max_size=3, unique=True)))),
        countries=tuple(draw(st.lists(st.sampled_from(GMS), max_size=3, unique=True))),
        numerator=draw(st.one_of(st.none(), _NUMBERS)),
        denominator=draw(st.one_of(st.none(), _NUMBERS)),
        basis=draw(st.one_of(st.none(), st.sampled_from(list(Basis)))),
        period=draw(st.one_of(st.none(), periods())),
        flags=tuple(draw(st.lists(st.sampled_from(("approximate", "lower-bound")), max_size=2))),
        credited=tuple(draw(st.lists(st.sampled_from(GMS), max_size=2, unique=True))),
        facts=draw(st.one_of(st.none(), st.integers(0, 12))),
        pairs=draw(st.one_of(st.none(), st.integers(0, 6))),
    )


@st.composite
def aggregate_results(draw: st.DrawFn) -> AggregateResult:
    """Aggregate results with keys of every axis kind: countries and pairs, years, periods, codes.

    Examples:
        >>> from hypothesis import find
        >>> from commit_mef import Country
        >>> result = find(aggregate_results(), lambda r: "country" in r.by and len(r) > 0)
        >>> isinstance(result.rows[0].key[result.by.index("country")], Country)
        True
    """
    by = tuple(draw(st.lists(st.sampled_from(_AXES), max_size=3, unique=True)))
    rule = draw(aggregation_rules())
    return AggregateResult(
        indicator=draw(_IDS),
        by=by,
        rows=tuple(draw(st.lists(_rows(by), max_size=4))),
        unit=draw(st.sampled_from((None, "person", "USD", "countries", "percent"))),
        rule=rule,
        over=draw(st.one_of(st.none(), periods())),
        assumptions=tuple(draw(st.lists(_WORDS, max_size=2))),
    )


_ACHIEVED = st.one_of(st.none(), _NUMBERS, st.integers(0, 6), st.sampled_from(("low", "high")))


def _progress(parts: st.SearchStrategy[tuple[Progress, ...]]) -> st.SearchStrategy[Progress]:
    return st.builds(
        Progress,
        target=_IDS,
        indicator=_IDS,
        as_of=st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)),
        status=st.sampled_from(list(Status)),
        achieved=_ACHIEVED,
        goal=_ACHIEVED,
        baseline=_ACHIEVED,
        ratio=st.one_of(st.none(), _SHARES),
        expected=st.one_of(st.none(), _SHARES),
        rows=st.integers(0, 100),
        ids=st.lists(_IDS, max_size=2).map(tuple),
        parts=parts,
        notes=st.lists(_WORDS, max_size=2).map(tuple),
    )


def progress_results() -> st.SearchStrategy[Progress]:
    """:class:`~commit_mef.Progress` values, numbers, counts and level names alike, with parts.

    Examples:
        >>> from hypothesis import find
        >>> find(progress_results(), lambda p: isinstance(p.achieved, str)).achieved in ("low", "high")
        True
    """
    leaf = _progress(st.just(()))
    return _progress(st.lists(leaf, max_size=2).map(tuple))


def validation_reports() -> st.SearchStrategy[ValidationReport]:
    """Validation reports with issues of every severity.

    Examples:
        >>> from hypothesis import find
        >>> find(validation_reports(), lambda r: not r.ok).errors[0].severity.value
        'error'
    """
    issue = st.builds(
        Issue,
        rule=_IDS,
        severity=st.sampled_from(list(Severity)),
        path=_IDS,
        message=_WORDS.filter(str.strip),
    )
    return st.lists(issue, max_size=4).map(lambda found: ValidationReport(tuple(found)))


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    """Data sets: a plan, its indicators and a table of figures.

    Examples:
        >>> from hypothesis import find
        >>> len(find(datasets(), lambda d: len(d.observations) > 0).observations) > 0
        True
    """
    plan = draw(plans(max_areas=2, max_objectives=2, max_targets=2, max_indicators=2))
    return Dataset(
        name=draw(_IDS),
        title=draw(_WORDS.filter(str.strip)),
        plan=plan,
        indicators=plan.indicators,
        observations=draw(observation_tables(max_size=5)),
        publisher=draw(st.one_of(st.none(), st.just("COMMIT Secretariat"))),
    )
