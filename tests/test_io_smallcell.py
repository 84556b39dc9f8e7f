"""Small-cell protection: primary cells below k, secondary cells so that none can be recovered."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commit_mef import Observation, ObservationTable, datasets
from commit_mef.io import protect_small_cells

_SEXES = ("female", "male")
_AGES = ("0-17", "18+")


def _hidden(obs: Observation) -> bool:
    return any(f.code.startswith("small-cell") for f in obs.flags)


@st.composite
def _cross_tables(draw: st.DrawFn) -> ObservationTable:
    """A total, its breakdowns by sex and age, and the sex x age cells, all consistent."""
    cells = {(s, a): draw(st.integers(0, 60)) for s in _SEXES for a in _AGES}
    rows: list[tuple[dict[str, str | None], int]] = [
        ({"sex": s, "age_band": a}, n) for (s, a), n in cells.items()
    ]
    rows += [({"sex": s, "age_band": None}, sum(cells[s, a] for a in _AGES)) for s in _SEXES]
    rows += [({"sex": None, "age_band": a}, sum(cells[s, a] for s in _SEXES)) for a in _AGES]
    rows.append(({"sex": None, "age_band": None}, sum(cells.values())))
    return ObservationTable.from_columns(
        indicator="victims.detected",
        country="KHM",
        period=2015,
        unit="person",
        magnitude=[n for _, n in rows],
        disaggregation={
            "sex": [d["sex"] for d, _ in rows],
            "age_band": [d["age_band"] for d, _ in rows],
        },
    )


def _relations(rows: list[Observation]) -> list[list[int]]:
    """Reference: every total beside the parts of one dimension, found the slow way."""
    index = {o.disaggregation: i for i, o in enumerate(rows)}
    found = []
    for key, total in index.items():
        present = {n for n, _ in key}
        for name in ("sex", "age_band"):
            if name in present:
                continue
            parts = [
                i
                for k, i in index.items()
                if dict(k).get(name) is not None and {p for p in k if p[0] != name} == set(key)
            ]
            if parts:
                found.append([total, *parts])
    return found


@given(_cross_tables(), st.integers(2, 20))
def test_no_hidden_cell_can_be_recovered_from_a_total(table: ObservationTable, k: int) -> None:
    protected = list(protect_small_cells(table, k=k))
    original = list(table)
    for members in _relations(protected):
        hidden = [i for i in members if _hidden(protected[i])]
        assert len(hidden) != 1, [protected[i].disaggregation for i in members]
    for before, after in zip(original, protected, strict=True):
        assert isinstance(before.value, Decimal)
        if 1 <= before.value < k:
            assert after.value is None
            assert [f.code for f in after.flags] == ["small-cell-suppressed"]
        elif _hidden(after):
            assert after.value is None
            assert [f.code for f in after.flags] == ["small-cell-secondary"]
        else:
            assert after == before


@given(_cross_tables())
def test_flag_mode_keeps_the_values_and_marks_the_same_cells(table: ObservationTable) -> None:
    suppressed = list(protect_small_cells(table))
    flagged = list(protect_small_cells(table, mode="flag"))
    assert [o.value for o in flagged] == [o.value for o in table]
    assert [o.flags for o in flagged] == [o.flags for o in suppressed]


def test_zero_is_protected_only_when_asked() -> None:
    table = ObservationTable.from_columns(
        indicator="x", country=["KHM", "LAO"], period=2015, unit="person", magnitude=[0, 3]
    )
    assert [o.value for o in protect_small_cells(table)] == [Decimal(0), None]
    assert [o.value for o in protect_small_cells(table, protect_zero=True)] == [None, None]


def test_only_person_counts_are_protected() -> None:
    report = datasets.spa3_report().observations
    protected = list(protect_small_cells(report))
    for before, after in zip(report, protected, strict=True):
        if before.unit != "person":
            assert after == before
    hidden = [o for o in protected if _hidden(o)]
    assert all(o.unit == "person" for o in hidden)
    assert all(
        isinstance(b.value, Decimal) and b.value < 11
        for b, a in zip(report, protected, strict=True)
        if a.flags and a.flags[-1].code == "small-cell-suppressed"
    )


@pytest.mark.parametrize(("k", "mode"), [(1, "suppress"), (True, "suppress"), (11, "hide")])
def test_bad_settings_are_refused(k: int, mode: str) -> None:
    table = ObservationTable.from_columns(indicator="x", country="KHM", period=2015, magnitude=[1])
    with pytest.raises(ValueError, match=r"k must|mode must"):
        protect_small_cells(table, k=k, mode=mode)  # type: ignore[arg-type]
