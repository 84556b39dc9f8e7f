"""Country labels of a progress report in another language (``commit-mef report --lang th``)."""

from __future__ import annotations

import attrs

from commit_mef.countries import country, language
from commit_mef.reports._model import ProgressReport

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
    return attrs.evolve(report, areas=areas, budgets=budgets)
