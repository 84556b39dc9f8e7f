"""SDG indicator 16.2.2 as SDMX: detected victims (counts) and their rate per 100,000 population.

The SDG global database keeps 16.2.2 as series of the UN Statistics Division: ``VC_HTF_DETV``
(detected victims of human trafficking, number) and ``VC_HTF_DETVR`` (per 100,000 population),
with ``VC_HTF_DETVFL``/``VC_HTF_DETVFLR`` for forced labour and ``VC_HTF_DETVSX``/
``VC_HTF_DETVSXR`` for sexual exploitation; areas are UN M49 codes.  Other forms of
exploitation are not mapped: how UNODC groups them into the database's remaining series is
not something this package can confirm, so they are refused rather than guessed.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING

from commit_mef.errors import MissingDataError, Problem
from commit_mef.io._exports import check_table, decimal_text, number_of, raise_problems
from commit_mef.io._sdmx import _STANDARD, CONFIDENTIAL, SECONDARY, Layout, build_message
from commit_mef.observations import CountryPair, Observation, ObservationTable

if TYPE_CHECKING:
    from sdmx.message import DataMessage

    from commit_mef.datasets import Population

__all__ = ["SDG_SERIES", "to_sdg_16_2_2"]

_TARGET = "SDG 16.2.2"
#: Form of exploitation (``None``: all forms) -> SDG series code of the count; the rate adds ``R``.
SDG_SERIES: dict[str | None, str] = {
    None: "VC_HTF_DETV",
    "forced-labour": "VC_HTF_DETVFL",
    "sexual-exploitation": "VC_HTF_DETVSX",
}
#: Decimal places of the rates written (the counts are written exactly).
RATE_PLACES = 4


def _where(obs: Observation) -> str | None:
    """Why the figure's place or period is not SDG 16.2.2's, or ``None``."""
    if isinstance(obs.country, CountryPair):
        return "a bilateral fact; SDG 16.2.2 is reported per country"
    p = obs.period
    if p is None or (p.start.month, p.start.day, p.end.month, p.end.day, p.end.year) != (
        1,
        1,
        12,
        31,
        p.start.year,
    ):
        return f"period {p}: SDG 16.2.2 is reported per calendar year"
    return None


def _what(obs: Observation) -> str | None:
    """Why the figure is not a count SDG 16.2.2 has a series for, or ``None``."""
    suppressed = any(f.code in (CONFIDENTIAL, SECONDARY) for f in obs.flags)
    form = dict(obs.disaggregation).get("form_of_exploitation")
    other = [n for n, _ in obs.disaggregation if n not in _STANDARD]
    reason = None
    if number_of(obs) is None and not suppressed:
        reason = "not a count of persons"
    elif obs.unit not in (None, "person"):
        reason = f"a count of {obs.unit}; SDG 16.2.2 counts persons"
    elif form not in SDG_SERIES:
        reason = (
            f"form of exploitation {form!r} has no SDG series the package can confirm "
            f"(mapped: {', '.join(k for k in SDG_SERIES if k)}, or none for all forms)"
        )
    elif other:
        reason = f"broken down by {', '.join(other)}; SDG 16.2.2 has sex, age and form only"
    return reason


def _check(obs: Observation) -> str | None:
    return _where(obs) or _what(obs)


def to_sdg_16_2_2(
    table: ObservationTable,
    *,
    indicator: str = "victims.detected",
    population: Population | None = None,
) -> DataMessage:
    """Detected victims as the SDG 16.2.2 series: the counts, and their rate per 100,000.

    Each count of ``indicator`` for a country and a calendar year gives two observations:
    the count (series ``VC_HTF_DETV``, unit ``NUMBER``) and the rate (``VC_HTF_DETVR``, unit
    ``PER_100000_POP``) = count x 100,000 / the country's population that year, rounded
    half-even to four decimal places.  ``SEX`` is ``F``/``M``/``_T`` and ``AGE`` ``Y0T17``/
    ``Y_GE18``/``_T``, as for :func:`to_sdmx`; ``REF_AREA`` is the M49 code.  Every rate is
    per 100,000 of the *whole* population (the shipped table has no population by sex or
    age).  A suppressed count (small-cell protection) gives a suppressed rate.

    Args:
        table: The figures; rows of other indicators are ignored.
        indicator: The id of the detected-victims count.
        population: Denominators; the shipped World Bank table
            (:func:`commit_mef.datasets.population`) when ``None``.

    Raises:
        ExportError: no row of ``indicator``; a row that is not a calendar-year count of
            persons per country, or whose form of exploitation has no mapped series; a
            country and year without a population -- every problem at once.

    Examples:
        >>> from commit_mef import ObservationTable, datasets
        >>> t = ObservationTable.from_columns(indicator="victims.detected", country="KHM",
        ...     period=2015, magnitude=[100], unit="person")  # a made-up count
        >>> msg = to_sdg_16_2_2(t)
        >>> for o in msg.data[0].obs:
        ...     print(o.key.SERIES.value.id, o.key.REF_AREA.value.id, o.value,
        ...           o.attached_attribute["UNIT_MEASURE"].value)
        VC_HTF_DETV 116 100 NUMBER
        VC_HTF_DETVR 116 0.6401 PER_100000_POP
        >>> datasets.population().rate(100, "KHM", 2015)
        Decimal('0.64007...')
    """
    from commit_mef.datasets import population as shipped

    pop = population if population is not None else shipped()
    table = check_table(table, _TARGET).filter(indicator=indicator)
    problems: list[Problem] = []
    if not len(table):
        problems.append(Problem("table", f"no figure of indicator {indicator!r}; pass indicator="))
    layout = Layout("m49")
    layout.codes["SERIES"] = {}
    rows: list[tuple[dict[str, str], str, dict[str, str]]] = []
    for i, obs in enumerate(table):
        reason = _check(obs)
        if reason is not None:
            problems.append(Problem(f"table[{i}]", reason))
            continue
        assert obs.period is not None  # noqa: S101 - _check() refused the rest
        key = {"REF_AREA": layout.area_code(obs), "TIME_PERIOD": str(obs.period.start.year)}
        for name, value in obs.disaggregation:
            dim, codes = _STANDARD[name]
            if name != "form_of_exploitation":
                key[dim] = layout._code(dim, codes[value], value, f"table[{i}].{name}")
        series = SDG_SERIES[dict(obs.disaggregation).get("form_of_exploitation")]
        count = number_of(obs)
        try:
            people = pop.of(obs.country, obs.period.start.year)  # type: ignore[arg-type]
        except MissingDataError as exc:
            problems.append(Problem(f"table[{i}]", str(exc)))
            continue
        flags = {f.code for f in obs.flags}
        status = "C" if CONFIDENTIAL in flags else "D" if SECONDARY in flags else "F"
        common = {"UNIT_MULT": "0", "OBS_STATUS": "A", "CONF_STATUS": status}
        if obs.source is not None:
            common["SOURCE"] = str(obs.source)
        if count is None:
            values = ("NaN", "NaN")
        else:
            rate = (count * 100_000 / people).quantize(
                Decimal(1).scaleb(-RATE_PLACES), rounding=ROUND_HALF_EVEN
            )
            values = (decimal_text(count), str(rate))
        for code, value, unit in (
            (series, values[0], "NUMBER"),
            (f"{series}R", values[1], "PER_100000_POP"),
        ):
            layout.codes["SERIES"][code] = code
            rows.append(({"SERIES": code, **key}, value, {"UNIT_MEASURE": unit, **common}))
    raise_problems(problems, _TARGET)
    return build_message(rows, _SdgLayout(layout), dsd_id="SDG_16_2_2", name="SDG indicator 16.2.2")


class _SdgLayout(Layout):
    """The SDG layout: series, area, sex and age (no indicator, no form of exploitation)."""

    def __init__(self, base: Layout) -> None:
        self.__dict__.update(base.__dict__)

    def dimensions(self) -> list[str]:
        return ["SERIES", "REF_AREA", "SEX", "AGE"]
