"""DHIS2 ``dataValueSets``: the JSON payload DHIS2 imports, from a table and a mapping of ids to UIDs.

DHIS2 knows nothing of COMMIT's ids: each indicator is a *data element*, each country an
*organisation unit* and each disaggregation a *category option combination*, all named by
11-character UIDs of the user's own DHIS2 instance.  A :class:`Dhis2Mapping` (a JSON file the
user fills in once, from :meth:`Dhis2Mapping.template`) says which is which.  Needs nothing
beyond the standard library.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from commit_mef._paths import open_regular
from commit_mef.errors import InvalidTypeError, LoadError, Problem, ValidationError
from commit_mef.io._exports import (
    check_table,
    decimal_text,
    number_of,
    period_months,
    raise_problems,
    write_atomic,
)
from commit_mef.money import Money
from commit_mef.observations import Basis, CountryPair, Observation, ObservationTable
from commit_mef.periods import Period

__all__ = ["Dhis2Mapping", "dhis2_period", "to_dhis2", "write_dhis2"]

_TARGET = "DHIS2 dataValueSets"
_WITHHELD = ("small-cell-suppressed", "small-cell-secondary")
_UID = re.compile(r"[A-Za-z][A-Za-z0-9]{10}")
# the financial years DHIS2 has, by first month: 2014April, 2014July, 2014Oct, 2014Nov
_FINANCIAL = {1: "", 4: "April", 7: "July", 10: "Oct", 11: "Nov"}
_SIX_MONTHS = {1: "S1", 7: "S2", 4: "AprilS1", 10: "AprilS2"}


def dhis2_period(period: Period) -> str | None:
    """A period in DHIS2's notation, or ``None`` where DHIS2 has no period type for it.

    DHIS2 holds one year or less: a day (``20140315``), a month (``201403``), two months
    (``201402B`` for March-April), a quarter (``2014Q1``), six months (``2014S1``,
    ``2014AprilS1``), a calendar year (``2014``) or a financial year named by the year it
    starts in (``2014April``, ``2014July``, ``2014Oct``, ``2014Nov``).

    Examples:
        >>> from commit_mef import Period, fiscal_year
        >>> [dhis2_period(Period.parse(p)) for p in ("2014", "2014-01-01/2014-03-31", "2014-03")]
        ['2014', '2014Q1', '201403']
        >>> dhis2_period(fiscal_year("THA", 2015))  # Thai budget year 2015: Oct 2014-Sep 2015
        '2014Oct'
        >>> dhis2_period(Period.years(2011, 2014)) is None  # DHIS2 has no multi-year period
        True
    """
    from commit_mef._validators import check_type

    check_type(period, Period, "dhis2_period()")
    start, months = period.start, period_months(period)
    if months is None:
        return f"{start:%Y%m%d}" if start == period.end else None
    label: str | None = None
    if months == 1:
        label = f"{start:%Y%m}"
    elif months == 2 and start.month % 2 == 1:
        label = f"{start.year}{(start.month + 1) // 2:02d}B"
    elif months == 3 and start.month % 3 == 1:
        label = f"{start.year}Q{(start.month + 2) // 3}"
    elif months == 6 and start.month in _SIX_MONTHS:
        label = f"{start.year}{_SIX_MONTHS[start.month]}"
    elif months == 12 and start.month in _FINANCIAL:
        label = f"{start.year}{_FINANCIAL[start.month]}"
    return label


def _freeze(value: Mapping[str, str]) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise InvalidTypeError(
            f"a Dhis2Mapping table maps ids to DHIS2 UIDs (a dict), got {type(value).__name__} "
            f"{value!r}; write {{'victims.detected': 'fbfJHSPpUQD'}}"
        )
    return MappingProxyType(dict(value))


def _check_uids(inst: Dhis2Mapping, _attr: attrs.Attribute[Any], _value: object) -> None:
    bad = [f"{path}: {uid!r}" for path, uid in inst.uids() if not _UID.fullmatch(uid)]
    if bad:
        raise ValidationError(
            "not DHIS2 UIDs (11 letters and digits, a letter first, as 'fbfJHSPpUQD'): "
            + "; ".join(bad)
            + "; copy each UID from your DHIS2 instance",
            path="Dhis2Mapping",
        )


@attrs.frozen(kw_only=True)
class Dhis2Mapping:
    """Which DHIS2 UID stands for each indicator, country and disaggregation.

    Attributes:
        data_elements: Indicator id -> data element UID; for money, ``"id[CUR]"``
            (``"budget.allocation[THB]"``) names the data element of one currency, since a
            DHIS2 data element adds up whatever it holds.
        org_units: Country alpha-3 code -> organisation unit UID.
        category_option_combos: Disaggregation key (``"age_band=0-17;sex=female"``, names
            sorted; ``""`` for figures not broken down) -> category option combination UID.
            Figures without a key here are written without one (DHIS2's default
            combination) only when they are not broken down.
        attribute_option_combo: An attribute option combination UID for every value, if any.
        data_set: The data set UID the values belong to, if any.

    Examples:
        >>> m = Dhis2Mapping(data_elements={"victims.detected": "fbfJHSPpUQD"},
        ...                  org_units={"KHM": "ImspTQPwCqd"})
        >>> m.data_elements["victims.detected"]
        'fbfJHSPpUQD'
        >>> Dhis2Mapping(data_elements={"victims.detected": "victims"}, org_units={})
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: Dhis2Mapping: not DHIS2 UIDs (11 letters and digits, a letter first, as 'fbfJHSPpUQD'): data_elements['victims.detected']: 'victims'; copy each UID from your DHIS2 instance
    """

    data_elements: Mapping[str, str] = attrs.field(converter=_freeze)
    org_units: Mapping[str, str] = attrs.field(converter=_freeze)
    category_option_combos: Mapping[str, str] = attrs.field(converter=_freeze, factory=dict)
    attribute_option_combo: str | None = None
    data_set: str | None = attrs.field(default=None, validator=_check_uids)

    def uids(self) -> list[tuple[str, str]]:
        """Every UID the mapping holds, with where it is.

        Examples:
            >>> Dhis2Mapping(data_elements={"x": "fbfJHSPpUQD"}, org_units={}).uids()
            [("data_elements['x']", 'fbfJHSPpUQD')]
        """
        found: list[tuple[str, str]] = []
        for name in ("data_elements", "org_units", "category_option_combos"):
            table: Mapping[str, str] = getattr(self, name)
            found += [(f"{name}[{key!r}]", str(uid)) for key, uid in table.items()]
        for name in ("attribute_option_combo", "data_set"):
            uid = getattr(self, name)
            if uid is not None:
                found.append((name, str(uid)))
        return found

    @staticmethod
    def template(table: ObservationTable) -> dict[str, Any]:
        """A mapping file to fill in: every id the table needs, each with an empty UID.

        Examples:
            >>> from commit_mef import ObservationTable
            >>> t = ObservationTable.from_columns(indicator="victims.detected", country=["KHM", "LAO"],
            ...     period=2015, magnitude=[4, 5], disaggregation={"sex": ["female", "male"]})
            >>> Dhis2Mapping.template(t)
            {'data_elements': {'victims.detected': ''}, 'org_units': {'KHM': '', 'LAO': ''}, 'category_option_combos': {'sex=female': '', 'sex=male': ''}, 'attribute_option_combo': None, 'data_set': None}
        """
        elements: dict[str, str] = {}
        units: dict[str, str] = {}
        combos: dict[str, str] = {}
        for obs in check_table(table, _TARGET):
            elements.setdefault(element_key(obs), "")
            for place in _countries(obs):
                units.setdefault(place, "")
            if obs.disaggregation:
                combos.setdefault(combo_key(obs), "")
        return {
            "data_elements": dict(sorted(elements.items())),
            "org_units": dict(sorted(units.items())),
            "category_option_combos": dict(sorted(combos.items())),
            "attribute_option_combo": None,
            "data_set": None,
        }

    @classmethod
    def from_dict(cls, data: object, *, source: str | None = None) -> Dhis2Mapping:
        """Read a mapping from parsed JSON, listing every problem at once.

        Raises:
            LoadError: a section is missing or not an object, a UID is empty or malformed.

        Examples:
            >>> Dhis2Mapping.from_dict({"data_elements": {"x": ""}, "org_units": []})
            Traceback (most recent call last):
            ...
            commit_mef.errors.LoadError: 2 problems
              empty UID; fill in the DHIS2 UID @ $.data_elements['x']
              expected an object of id -> UID, got list @ $.org_units
        """
        problems: list[Problem] = []
        if not isinstance(data, Mapping):
            raise LoadError([Problem("$", "expected a JSON object")], source=source)
        parts: dict[str, Any] = {}
        for name in ("data_elements", "org_units", "category_option_combos"):
            value = data.get(name, {} if name == "category_option_combos" else None)
            if not isinstance(value, Mapping):
                what = "missing" if value is None else f"got {type(value).__name__}"
                problems.append(Problem(f"$.{name}", f"expected an object of id -> UID, {what}"))
                continue
            for key, uid in value.items():
                if not isinstance(uid, str) or not uid:
                    problems.append(
                        Problem(f"$.{name}[{key!r}]", "empty UID; fill in the DHIS2 UID")
                    )
                elif not _UID.fullmatch(uid):
                    problems.append(
                        Problem(
                            f"$.{name}[{key!r}]",
                            f"{uid!r} is not a DHIS2 UID (11 letters and digits)",
                        )
                    )
            parts[name] = value
        for name in ("attribute_option_combo", "data_set"):
            uid = data.get(name)
            if uid is not None and not (isinstance(uid, str) and _UID.fullmatch(uid)):
                problems.append(Problem(f"$.{name}", f"{uid!r} is not a DHIS2 UID"))
            parts[name] = uid
        if problems:
            raise LoadError(problems, source=source)
        return cls(**parts)

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Dhis2Mapping:
        """Read a mapping file (JSON, as :meth:`template` writes it).

        Raises:
            LoadError: the file is not JSON, or any problem :meth:`from_dict` finds.

        Examples:
            >>> import json, pathlib, tempfile
            >>> path = pathlib.Path(tempfile.mkdtemp()) / "dhis2.json"
            >>> _ = path.write_text(json.dumps({"data_elements": {"x": "fbfJHSPpUQD"}, "org_units": {}}))
            >>> Dhis2Mapping.read(path).data_elements["x"]
            'fbfJHSPpUQD'
        """
        name = os.fspath(path)
        with open_regular(name) as handle:
            raw = handle.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise LoadError([Problem("$", f"not UTF-8 text: {exc}")], source=name) from exc
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise LoadError([Problem("$", f"not JSON: {exc}")], source=name) from exc
        return cls.from_dict(data, source=name)


def element_key(obs: Observation) -> str:
    """The data element key of a figure: its indicator, with the currency for money."""
    if isinstance(obs.value, Money):
        return f"{obs.indicator}[{obs.value.currency.code}]"
    return obs.indicator


def _element(obs: Observation, mapping: Dhis2Mapping) -> str | None:
    uid = mapping.data_elements.get(element_key(obs))
    return uid if uid is not None else mapping.data_elements.get(obs.indicator)


def combo_key(obs: Observation) -> str:
    """The disaggregation key of a figure in a mapping: ``"age_band=0-17;sex=female"``."""
    return ";".join(f"{name}={value}" for name, value in obs.disaggregation)


def _countries(obs: Observation) -> list[str]:
    place = obs.country
    if isinstance(place, CountryPair):
        return [c.alpha_3 for c in place.countries]
    return [place.alpha_3]


def _where_unsupported(obs: Observation) -> str | None:
    """Why DHIS2 cannot file the figure under one org unit and period, or ``None``."""
    if isinstance(obs.country, CountryPair):
        return (
            "a bilateral fact (a pair of countries); a DHIS2 org unit holds one country's figures"
        )
    if obs.period is None:
        return "no period; DHIS2 files every value under a period"
    if dhis2_period(obs.period) is None:
        years = "a multi-year total" if obs.period.days > 366 else "a period"
        return (
            f"{years} ({obs.period}) DHIS2 has no period type for; "
            "DHIS2 holds a year or less: report each year separately"
        )
    return None


def _unsupported(obs: Observation) -> str | None:
    """Why DHIS2 cannot hold the figure, or ``None``."""
    where = _where_unsupported(obs)
    if where is not None or isinstance(obs.value, bool):
        return where
    if number_of(obs) is None:
        what = "unknown value (None)" if obs.value is None else "qualitative value (text)"
        return f"a {what}; DHIS2 aggregate data elements hold numbers or yes/no"
    if obs.basis in (Basis.PER_EVENT, Basis.PER_PERSON):
        return f"an amount {obs.basis.value}, a rate DHIS2 would add up; export the total"
    return None


def _value_text(obs: Observation) -> str:
    if isinstance(obs.value, bool):
        return "true" if obs.value else "false"
    number = number_of(obs)
    assert number is not None  # noqa: S101 - _unsupported() refused the rest
    return decimal_text(number)


def _mapping_gaps(rows: list[tuple[int, Observation]], mapping: Dhis2Mapping) -> list[Problem]:
    gaps: dict[str, Problem] = {}
    for _, obs in rows:
        if _element(obs, mapping) is None:
            path = f"mapping.data_elements[{element_key(obs)!r}]"
            gaps.setdefault(path, Problem(path, "no data element UID for this indicator; add it"))
        for code in _countries(obs):
            if code not in mapping.org_units:
                path = f"mapping.org_units[{code!r}]"
                gaps.setdefault(path, Problem(path, "no org unit UID for this country; add it"))
        key = combo_key(obs)
        if key and key not in mapping.category_option_combos:
            path = f"mapping.category_option_combos[{key!r}]"
            gaps.setdefault(
                path, Problem(path, "no category option combo UID for this breakdown; add it")
            )
    return list(gaps.values())


def _data_value(obs: Observation, mapping: Dhis2Mapping) -> dict[str, str]:
    assert obs.period is not None  # noqa: S101 - _unsupported() refused the rest
    assert not isinstance(obs.country, CountryPair)  # noqa: S101 - likewise
    value = {
        "dataElement": str(_element(obs, mapping)),
        "period": str(dhis2_period(obs.period)),
        "orgUnit": mapping.org_units[obs.country.alpha_3],
    }
    combo = mapping.category_option_combos.get(combo_key(obs))
    if combo is not None:
        value["categoryOptionCombo"] = combo
    if mapping.attribute_option_combo is not None:
        value["attributeOptionCombo"] = mapping.attribute_option_combo
    value["value"] = _value_text(obs)
    if obs.source is not None:
        value["comment"] = str(obs.source)
    return value


def _cells(values: list[tuple[int, dict[str, str], Observation]]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[tuple[str, ...], int] = {}
    currencies: dict[str, tuple[str, int]] = {}
    for i, value, obs in values:
        cell = tuple(value.get(k, "") for k in ("dataElement", "period", "orgUnit"))
        cell += (value.get("categoryOptionCombo", ""), value.get("attributeOptionCombo", ""))
        if cell in seen:
            problems.append(
                Problem(
                    f"table[{i}]",
                    f"a second value for the DHIS2 cell of table[{seen[cell]}] (same data "
                    "element, period, org unit and combo); DHIS2 keeps one: add them up with "
                    "commit_mef.aggregate() first, or break them down by a dimension",
                )
            )
        seen.setdefault(cell, i)
        if isinstance(obs.value, Money):
            code = obs.value.currency.code
            first = currencies.setdefault(value["dataElement"], (code, i))
            if first[0] != code:
                problems.append(
                    Problem(
                        f"table[{i}]",
                        f"{code} where table[{first[1]}] in the same data element is in "
                        f"{first[0]}; a data element holds one currency: map "
                        f"'{obs.indicator}[{code}]' to its own, or convert first",
                    )
                )
    return problems


def to_dhis2(
    table: ObservationTable, mapping: Dhis2Mapping, *, omit_unsupported: bool = False
) -> dict[str, Any]:
    """The table as a DHIS2 ``dataValueSets`` payload (``POST /api/dataValueSets``).

    Each figure becomes one data value: ``dataElement``, ``period`` (DHIS2 notation, see
    :func:`dhis2_period`), ``orgUnit``, ``categoryOptionCombo`` (for figures broken down),
    ``attributeOptionCombo`` (if the mapping has one), ``value`` (text, as DHIS2 takes it:
    ``"440"``, ``"true"``) and ``comment`` (the figure's source).

    Args:
        table: The figures.
        mapping: The UIDs of your DHIS2 instance.
        omit_unsupported: Leave out the figures DHIS2 cannot hold instead of refusing them.
            Cells withheld by :func:`protect_small_cells` are always left out.

    Returns:
        The payload, ready for :func:`json.dumps`.

    Raises:
        ExportError: the table is empty; the mapping lacks an indicator, a country or a
            breakdown (every gap is listed); a figure DHIS2 cannot hold (a multi-year total,
            a pair of countries, a qualitative or unknown value, a per-event or per-person
            amount) unless ``omit_unsupported``; two figures fall in one DHIS2 cell; one
            data element would hold two currencies.

    Examples:
        >>> from commit_mef import ObservationTable
        >>> t = ObservationTable.from_columns(indicator="victims.detected", country="KHM",
        ...                                   period=["2014", "2011-2014"], magnitude=[40, 150])
        >>> m = Dhis2Mapping(data_elements={"victims.detected": "fbfJHSPpUQD"},
        ...                  org_units={"KHM": "ImspTQPwCqd"})
        >>> to_dhis2(t, m, omit_unsupported=True)
        {'dataValues': [{'dataElement': 'fbfJHSPpUQD', 'period': '2014', 'orgUnit': 'ImspTQPwCqd', 'value': '40'}]}
        >>> to_dhis2(t, m)
        Traceback (most recent call last):
        ...
        commit_mef.errors.ExportError: cannot write DHIS2 dataValueSets: 1 problem
          a multi-year total (2011-2014) DHIS2 has no period type for; DHIS2 holds a year or less: report each year separately @ table[1]
    """
    if not isinstance(mapping, Dhis2Mapping):
        raise InvalidTypeError(
            f"to_dhis2() takes a Dhis2Mapping, got {type(mapping).__name__}; "
            "read one with Dhis2Mapping.read(path)"
        )
    rows = list(enumerate(check_table(table, _TARGET)))
    problems = _mapping_gaps(rows, mapping)
    kept: list[tuple[int, Observation]] = []
    for i, obs in rows:
        if obs.value is None and any(f.code in _WITHHELD for f in obs.flags):
            continue  # withheld by protect_small_cells(): DHIS2 gets no value for the cell
        reason = _unsupported(obs)
        if reason is None:
            kept.append((i, obs))
        elif not omit_unsupported:
            problems.append(Problem(f"table[{i}]", reason))
    raise_problems(problems, _TARGET)
    values = [(i, _data_value(obs, mapping), obs) for i, obs in kept]
    raise_problems(_cells(values), _TARGET)
    payload: dict[str, Any] = {}
    if mapping.data_set is not None:
        payload["dataSet"] = mapping.data_set
    payload["dataValues"] = [value for _, value, _ in values]
    return payload


def write_dhis2(
    table: ObservationTable,
    mapping: Dhis2Mapping,
    path: str | os.PathLike[str],
    *,
    omit_unsupported: bool = False,
) -> None:
    """Write :func:`to_dhis2`'s payload as a JSON file (UTF-8); the file is replaced whole.

    Raises:
        ExportError: as :func:`to_dhis2`; nothing is written then.

    Examples:
        >>> import json, pathlib, tempfile
        >>> from commit_mef import ObservationTable
        >>> t = ObservationTable.from_columns(indicator="x", country="LAO", period="2014-10-01/2015-09-30", magnitude=[3])
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "values.json"
        >>> write_dhis2(t, Dhis2Mapping(data_elements={"x": "fbfJHSPpUQD"}, org_units={"LAO": "ImspTQPwCqd"}), path)
        >>> json.loads(path.read_text())["dataValues"][0]["period"]
        '2014Oct'
    """
    payload = to_dhis2(table, mapping, omit_unsupported=omit_unsupported)
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8"))
