"""Country labels of a progress report in another language (``commit-mef report --lang th``)."""

from __future__ import annotations

import attrs

from commit_mef.countries import country, language
from commit_mef.reports._model import ProgressReport, Summary

__all__ = ["label_countries"]


def _label(code: str, lang: str) -> str:
    """The name of a country (``"KHM"``) or pair (``"KHM+VNM"``) in a language."""
    return "-".join(country(part).name_in(lang) for part in code.split("+"))


def label_countries(report: ProgressReport, lang: str) -> ProgressReport:
    """The report with every country labelled in ``lang`` (names from pycountry's catalogues).

    Codes, figures and everything else stay as they are; a country the catalogue has no
    name for keeps its COMMIT spelling.

    Args:
        report: A report from :func:`progress_report`.
        lang: A language code (``"km"``, ``"zh"``, ``"lo"``, ``"my"``, ``"th"``, ``"vi"``, ...).

    Raises:
        UnknownLanguageError: the catalogues hold no such language.

    Examples:
        >>> from commit_mef import datasets
        >>> from commit_mef.reports import progress_report
        >>> data = datasets.spa3_report()
        >>> report = label_countries(progress_report(data.plan, data.observations,
        ...                                          indicators=data.indicators), "th")
        >>> sorted({f.country_name for a in report.areas for f in a.figures})[:3]
        ['กัมพูชา', 'กัมพูชา-เวียดนาม', 'กัมพูชา-ไทย']
        >>> report.summary.budget.left_out
        ('พม่า',)
    """
    from commit_mef._validators import check_type

    check_type(report, ProgressReport, "label_countries()")
    language(lang)
    areas = tuple(
        attrs.evolve(
            area,
            figures=tuple(
                attrs.evolve(f, country_name=_label(f.country, lang)) if f.country else f
                for f in area.figures
            ),
        )
        for area in report.areas
    )
    budgets = tuple(attrs.evolve(b, country_name=_label(b.country, lang)) for b in report.budgets)
    other = tuple(attrs.evolve(b, country_name=_label(b.country, lang)) for b in report.other_money)
    codes = {part for a in report.areas for f in a.figures for part in f.country.split("+") if part}
    names = {country(c).name: country(c).name_in(lang) for c in codes}
    return attrs.evolve(
        report,
        areas=areas,
        budgets=budgets,
        other_money=other,
        summary=_summary(report.summary, names, lang),
    )


def _cell(text: str, names: dict[str, str]) -> str:
    """A matrix cell (``"yes; with Thailand, Viet Nam"``) with its partners renamed."""
    head, sep, partners = text.partition("with ")
    if not sep:
        return text
    return head + sep + ", ".join(names.get(p, p) for p in partners.split(", "))


def _summary(summary: Summary, names: dict[str, str], lang: str) -> Summary:
    headlines = []
    for h in summary.headlines:
        m = h.matrix
        if m is not None:
            m = attrs.evolve(
                m,
                countries=[names.get(c, c) for c in m.countries],
                cells=[[_cell(x, names) for x in row] for row in m.cells],
            )
        headlines.append(attrs.evolve(h, matrix=m))
    about = list(summary.about)
    for english, local in names.items():  # the list of countries the report covers
        about = [line.replace(english, local) if "(" in line else line for line in about]
    budget = summary.budget
    if budget is not None:
        money = [attrs.evolve(c, country_name=_label(c.country, lang)) for c in budget.countries]
        left = [c.country_name for c in money if c.converted is None]
        budget = attrs.evolve(budget, countries=money, left_out=left)
    return attrs.evolve(summary, headlines=headlines, about=about, budget=budget)
