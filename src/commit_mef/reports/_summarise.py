"""Building the summary of a progress report from its sections: what a reader needs first.

Per area two or three headline lines (milestones reached, counts the engine
totals with their caveats, what is reported but not added up) and a country x
milestone matrix; target status per country; the data-quality notes grouped so
that each note is written once with the figures it concerns.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from commit_mef.reports._model import AreaSection, Figure, Total
from commit_mef.reports._summary import Headline, MilestoneMatrix, QualityNote

if TYPE_CHECKING:
    from commit_mef.indicators import Indicator

__all__ = ["about", "headline", "plain_source", "quality_notes", "target_lines"]

_CAVEATS = {
    "approximate": "approximate",
    "lower-bound": "some lower bounds",
    "upper-bound": "some upper bounds",
    "possible-double-count": "possible double counts",
}

_COMMIT = re.compile(r"\s*\((?:mirror )?commit [0-9a-f]{6,40}\)")


def plain_source(text: str) -> str:
    """A rates source without the code-level detail a reader cannot use (a commit hash).

    Examples:
        >>> plain_source("World Bank WDI PA.NUS.FCRF, WDI 2026-07-01 (mirror commit 4ebec5a)")
        'World Bank WDI PA.NUS.FCRF, WDI 2026-07-01'
    """
    return _COMMIT.sub("", text)


def _country_names(codes: Iterable[str]) -> list[str]:
    from commit_mef.countries import country

    return [country(c).name for c in codes]


def about(  # noqa: PLR0917 - private, called once; the rates are named with the budgets
    plan: str,
    plan_title: str,
    period: str,
    countries: Sequence[str],
    figures: int,
    source: str,
) -> tuple[str, ...]:
    """What the plan is and which period and data the report covers."""
    lines = [f"{plan_title or plan} ({plan}), plan period {period}." if period else plan_title]
    names = _country_names(countries)
    who = f" from {len(names)} countries ({', '.join(names)})" if len(names) > 1 else ""
    if len(names) == 1:
        who = f" from {names[0]}"
    figs = "1 figure" if figures == 1 else f"{figures:,} figures"
    origin = f", from: {source}" if source else ""
    lines.append(f"This report covers {figs} reported{who}{origin}.")
    return tuple(line for line in lines if line)


def _caveats(total: Total) -> str:
    words = [_CAVEATS.get(f, f.replace("-", " ")) for f in total.flags]
    return f" ({'; '.join(words)})" if words else ""


def _milestone_line(totals: Sequence[Total]) -> str:
    if not totals:
        return ""
    parts = []
    for t in totals[:3]:
        facts = ""
        if t.facts is not None and t.pairs:
            facts = f"; {t.facts} in all, {t.pairs} bilateral"
        parts.append(f"{t.name or t.indicator} ({t.text.split(' (')[0]}{facts})")
    more = f"; {len(totals) - 3} more in the table" if len(totals) > 3 else ""
    return "Milestones reached: " + "; ".join(parts) + more + "."


def _count_line(totals: Sequence[Total]) -> str:
    if not totals:
        return ""
    parts = [f"{t.name or t.indicator}: {t.text}{_caveats(t)}" for t in totals[:3]]
    return "Counted: " + "; ".join(parts) + "."


def _refused_line(area: AreaSection, refused: Sequence[Total]) -> str:
    if not refused:
        return ""
    parts = []
    for t in refused[:3]:
        figs = [f for f in area.figures if f.indicator == t.indicator]
        n = len({f.country for f in figs})
        who = "1 country" if n == 1 else f"{n} countries"
        n_figs = "1 figure" if len(figs) == 1 else f"{len(figs)} figures"
        parts.append(f"{t.name or t.indicator} ({n_figs}, {who})")
    more = f", and {len(refused) - 3} more" if len(refused) > 3 else ""
    return "Reported one by one, not added up: " + ", ".join(parts) + more + "."


def _cell(facts: list[tuple[bool, str]]) -> str:
    national = [value for value, partner in facts if not partner]
    partners = sorted({partner for value, partner in facts if partner and value})
    parts = []
    if any(national):
        parts.append("yes")
    elif national:
        parts.append("no")
    if partners:
        parts.append("with " + ", ".join(partners))
    return "; ".join(parts)


def _matrix(
    area: AreaSection, milestones: Sequence[str], countries: Sequence[str]
) -> MilestoneMatrix | None:
    if not milestones:
        return None
    names = dict(zip(countries, _country_names(countries), strict=True))
    cells: dict[tuple[str, str], list[tuple[bool, str]]] = {}
    for figure in area.figures:
        if figure.indicator not in milestones or not isinstance(figure.value, bool):
            continue
        members = figure.country.replace("-", "+").split("+")
        for member in members:
            partners = [m for m in members if m != member]
            partner = ", ".join(names.get(p, p) for p in partners)
            cells.setdefault((member, figure.indicator), []).append((figure.value, partner))
    rows = [c for c in countries if any((c, m) in cells for m in milestones)]
    titles = {f.indicator: f.indicator_name or f.indicator for f in area.figures}
    return MilestoneMatrix(
        milestones=[titles[m] for m in milestones],
        countries=[names[c] for c in rows],
        cells=[[_cell(cells.get((c, m), [])) for m in milestones] for c in rows],
    )


def headline(
    area: AreaSection, indicators: dict[str, Indicator], countries: Sequence[str]
) -> Headline:
    """Two or three lines on what an area achieved, and its milestones by country."""
    from commit_mef.indicators import MeasureKind

    def kind(total: Total) -> MeasureKind | None:
        indicator = indicators.get(total.indicator)
        return None if indicator is None else indicator.kind

    totals = sorted(area.totals, key=lambda t: -t.figures)
    reached = [t for t in totals if kind(t) is MeasureKind.MILESTONE and t.value is not None]
    counted = [t for t in totals if kind(t) is MeasureKind.COUNT and t.value is not None and t.unit]
    # what several countries reported that a reader might expect added up (texts are listed)
    refused = [
        t
        for t in totals
        if t.value is None
        and kind(t) not in (MeasureKind.MONEY, MeasureKind.QUALITATIVE)
        and len(t.countries) > 1
    ]
    lines = [_milestone_line(reached), _count_line(counted), _refused_line(area, refused)]
    milestones = [
        ind for ind in dict.fromkeys(f.indicator for f in area.figures)
        if indicators.get(ind) is not None and indicators[ind].kind is MeasureKind.MILESTONE
    ]  # fmt: skip
    if not any(lines):
        lines = ["Reported: descriptions only (see the detail)."]
    return Headline(
        area=area.number,
        heading=area.heading,
        lines=[line for line in lines if line],
        matrix=_matrix(area, milestones, countries),
    )


def target_lines(plan: str, areas: Sequence[AreaSection]) -> tuple[str, ...]:
    """Target status per country, one plain sentence each (or why there is none)."""
    rows = [t for a in areas for t in a.targets]
    if not rows:
        none = f"{plan} sets no targets with values, so no target status is given."
        return (none,)
    per: dict[str, Counter[str]] = {}
    for row in rows:
        per.setdefault(row.country, Counter())[row.status] += 1
    out = []
    for country, counts in per.items():
        label = country
        if len(country) == 3 and country.isupper():
            label = _country_names([country])[0]
        statuses = ", ".join(f"{n} {status}" for status, n in counts.most_common())
        out.append(f"{label}: {statuses}.")
    return tuple(out)


def _label(area: AreaSection, figure: Figure) -> str:
    where = area.heading.split(":")[0]
    what = figure.indicator_name or figure.indicator
    detail = (
        f", {figure.description}" if figure.description and len(figure.description) < 60 else ""
    )
    return f"{figure.country_name or figure.country} ({where}): {what}{detail}"


def quality_notes(areas: Sequence[AreaSection]) -> tuple[QualityNote, ...]:
    """Every data-quality flag written once, listing the figures it concerns."""
    grouped: dict[tuple[str, str, str], tuple[list[str], list[str]]] = {}
    for area in areas:
        for figure in area.figures:
            for flag in figure.flags:
                ids, labels = grouped.setdefault((flag.code, flag.severity, flag.note), ([], []))
                if figure.id not in ids:
                    ids.append(figure.id)
                    labels.append(_label(area, figure))
    order = {"error": 0, "warning": 1, "info": 2}
    keys = sorted(grouped, key=lambda k: (order.get(k[1], 3), k[0]))
    return tuple(
        QualityNote(
            number=i,
            code=code,
            severity=severity,
            note=note,
            figures=grouped[code, severity, note][0],
            labels=grouped[code, severity, note][1],
        )
        for i, (code, severity, note) in enumerate(keys, start=1)
    )
