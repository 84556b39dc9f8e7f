"""SDMX: observation tables as sdmx1 ``DataMessage`` objects, written as SDMX-ML 2.1 or SDMX-CSV.

The data structure definition (DSD) is built from the table: the dimensions ``INDICATOR``,
``REF_AREA`` (ISO 3166 alpha-3 or UN M49), ``SEX``, ``AGE``, ``FORM_OF_EXPLOITATION``, one more
per other disaggregation the table uses, and ``TIME_PERIOD``; the attributes ``UNIT_MEASURE``,
``UNIT_MULT``, ``BASIS``, ``OBS_STATUS``, ``CONF_STATUS``, ``COMMENT_OBS`` and ``SOURCE``.  Needs the
``sdmx`` extra (``pip install commit-mef[sdmx]``, which installs ``sdmx1``), imported on first use.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from commit_mef.errors import ExportError, Problem, ValidationError
from commit_mef.io._exports import (
    check_table,
    decimal_text,
    number_of,
    period_months,
    raise_problems,
    write_atomic,
)
from commit_mef.money import Money
from commit_mef.observations import CountryPair, Observation, ObservationTable
from commit_mef.periods import Period

if TYPE_CHECKING:
    from sdmx.message import DataMessage

__all__ = [
    "AGENCY",
    "CONFIDENTIAL",
    "SECONDARY",
    "Layout",
    "build_message",
    "import_sdmx",
    "sdmx_id",
    "sdmx_period",
    "sdmx_records",
    "sdmx_structure",
    "to_sdmx",
    "write_sdmx",
]

_TARGET = "SDMX"
#: The maintenance agency named in the structures the package writes.
AGENCY = "COMMIT_MEF"
#: Quality flags the small-cell protection sets, and the SDMX confidentiality status of each.
CONFIDENTIAL = "small-cell-suppressed"
SECONDARY = "small-cell-secondary"
_CONF_STATUS = {CONFIDENTIAL: "C", SECONDARY: "D"}
TOTAL = "_T"

#: The standard disaggregations and their SDMX codes (SDMX cross-domain code lists).
_STANDARD: dict[str, tuple[str, dict[str, str]]] = {
    "sex": ("SEX", {"female": "F", "male": "M", "other": "_O", "unknown": "_U"}),
    "age_band": ("AGE", {"0-17": "Y0T17", "18+": "Y_GE18", "unknown": "_U"}),
    "form_of_exploitation": (
        "FORM_OF_EXPLOITATION",
        {
            code: code.upper().replace("-", "_")
            for code in (
                "sexual-exploitation",
                "forced-labour",
                "forced-marriage",
                "forced-criminal-activity",
                "begging",
                "organ-removal",
                "mixed",
                "other",
                "unknown",
            )
        },
    ),
}
_ATTRIBUTES = (
    "UNIT_MEASURE",
    "UNIT_MULT",
    "BASIS",
    "OBS_STATUS",
    "CONF_STATUS",
    "COMMENT_OBS",
    "SOURCE",
)


def import_sdmx() -> Any:
    """The ``sdmx`` module (sdmx1), or an ImportError naming the extra to install."""
    try:
        import sdmx
    except ImportError as exc:  # pragma: no cover - the extra is installed in CI
        raise ImportError(
            "SDMX export needs the sdmx1 package: pip install 'commit-mef[sdmx]'"
        ) from exc
    return sdmx


def sdmx_id(text: str) -> str:
    """An SDMX identifier for a COMMIT id or code: ``"npa.adopted"`` -> ``"NPA_ADOPTED"``.

    Examples:
        >>> sdmx_id("victims.detected"), sdmx_id("government official and NGO staff")
        ('VICTIMS_DETECTED', 'GOVERNMENT_OFFICIAL_AND_NGO_STAFF')
    """
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").upper() or "_Z"


def sdmx_period(period: Period) -> str:
    """A period as SDMX writes it: ``2014``, ``2014-Q1``, ``2014-03``, ``2014-03-15``, or a range.

    A range is its first day and an ISO 8601 duration (``2011-01-01/P4Y``, ``2013-10-01/P12M``).

    Examples:
        >>> [sdmx_period(Period.parse(p)) for p in ("2014", "2011-2014", "2014-10-01/2015-09-30")]
        ['2014', '2011-01-01/P4Y', '2014-10-01/P12M']
        >>> sdmx_period(Period.parse("2014-01-01/2014-03-31")), sdmx_period(Period.parse("2014-03"))
        ('2014-Q1', '2014-03')
    """
    from commit_mef._validators import check_type

    check_type(period, Period, "sdmx_period()")
    start, months = period.start, period_months(period)
    if start == period.end:
        return start.isoformat()
    if months is None:
        return f"{start.isoformat()}/P{period.days}D"
    calendar = {
        (12, 1): str(start.year),
        (3, start.month if start.month % 3 == 1 else 0): f"{start.year}-Q{(start.month + 2) // 3}",
        (1, start.month): f"{start:%Y-%m}",
    }
    text = calendar.get((months, start.month))
    if text is None:
        whole_years = months % 12 == 0 and start.month == 1
        text = (
            f"{start.isoformat()}/P{months // 12}Y"
            if whole_years
            else f"{start.isoformat()}/P{months}M"
        )
    return text


class Layout:
    """The code lists of one export, gathered from the rows as they are checked.

    Each dimension's codes map SDMX ids to the COMMIT text they stand for (the code's name).
    """

    def __init__(self, area: Literal["alpha_3", "m49"]) -> None:
        if area not in ("alpha_3", "m49"):
            raise ValidationError(f"area must be 'alpha_3' or 'm49', got {area!r}")
        self.area = area
        self.codes: dict[str, dict[str, str]] = {"INDICATOR": {}, "REF_AREA": {}}
        for dim, _ in _STANDARD.values():
            self.codes[dim] = {TOTAL: "Total"}
        self.extra: dict[str, str] = {}  # disaggregation name -> dimension id
        self.problems: list[Problem] = []

    def _code(self, dim: str, code: str, name: str, path: str) -> str:
        seen = self.codes.setdefault(dim, {TOTAL: "Total"}).setdefault(code, name)
        if seen != name:
            self.problems.append(
                Problem(path, f"{name!r} and {seen!r} both become the SDMX code {code!r} of {dim}")
            )
        return code

    def area_code(self, obs: Observation) -> str:
        """The REF_AREA code of a figure (a pair joins its two codes with ``_``)."""
        place = obs.country
        members = place.countries if isinstance(place, CountryPair) else (place,)
        attr = "alpha_3" if self.area == "alpha_3" else "numeric"
        code = "_".join(getattr(c, attr) for c in members)
        return self._code("REF_AREA", code, str(place), "REF_AREA")

    def key(self, i: int, obs: Observation) -> dict[str, str]:
        """The dimension values of row ``i``; a code outside a standard list is a problem."""
        key = {
            "INDICATOR": self._code(
                "INDICATOR", sdmx_id(obs.indicator), obs.indicator, "INDICATOR"
            ),
            "REF_AREA": self.area_code(obs),
        }
        key.update({dim: TOTAL for dim, _ in _STANDARD.values()})
        for name, value in obs.disaggregation:
            path = f"table[{i}].disaggregation.{name}"
            if name in _STANDARD:
                dim, codes = _STANDARD[name]
                if value not in codes:
                    self.problems.append(
                        Problem(
                            path,
                            f"{value!r} is not in the DSD's code list CL_{dim} "
                            f"({', '.join(codes)}); recode it",
                        )
                    )
                    continue
                key[dim] = self._code(dim, codes[value], value, path)
            else:
                dim = self.extra.setdefault(name, sdmx_id(name))
                key[dim] = self._code(dim, sdmx_id(value), value, path)
        return key

    def dimensions(self) -> list[str]:
        """Every dimension id, in key order (TIME_PERIOD last)."""
        return [
            "INDICATOR",
            "REF_AREA",
            *(dim for dim, _ in _STANDARD.values()),
            *self.extra.values(),
        ]


def _value(obs: Observation) -> tuple[str | None, str, str | None]:
    """(OBS_VALUE text, UNIT_MEASURE, why it cannot be written)."""
    suppressed = any(f.code in {CONFIDENTIAL, SECONDARY} for f in obs.flags)
    unit = sdmx_id(obs.unit) if obs.unit else "_Z"
    if isinstance(obs.value, Money):
        unit = obs.value.currency.code
    if suppressed and obs.value is None:
        return "NaN", unit, None
    if isinstance(obs.value, bool):
        return ("1" if obs.value else "0"), "YES_NO", None
    number = number_of(obs)
    if number is None:
        what = "an unknown value (None)" if obs.value is None else "a qualitative value (text)"
        return None, unit, f"{what}; SDMX observations hold numbers"
    return decimal_text(number), unit, None


def _attributes(obs: Observation, unit: str) -> dict[str, str]:
    flags = [f.code for f in obs.flags]
    status = next((_CONF_STATUS[f] for f in flags if f in _CONF_STATUS), "F")
    values = {
        "UNIT_MEASURE": unit,
        "UNIT_MULT": "0",
        "BASIS": sdmx_id(obs.basis.value),
        "OBS_STATUS": "E" if (obs.approximate or obs.bound is not None) else "A",
        "CONF_STATUS": status,
    }
    if flags:
        values["COMMENT_OBS"] = " ".join(flags)
    if obs.source is not None:
        values["SOURCE"] = str(obs.source)
    return values


def build_message(
    rows: Iterable[tuple[dict[str, str], str, dict[str, str]]],
    layout: Layout,
    *,
    dsd_id: str,
    name: str,
) -> DataMessage:
    """An sdmx1 DataMessage: its DSD, data flow and one flat data set of the rows."""
    sdmx = import_sdmx()
    from sdmx import message
    from sdmx.model import common, v21

    ma: dict[str, Any] = {"maintainer": common.Agency(id=AGENCY), "version": "1.0"}
    dsd = v21.DataStructureDefinition(id=dsd_id, name=name, **ma)
    concepts = common.ConceptScheme(id=f"CS_{dsd_id}", **ma)
    for order, dim in enumerate(layout.dimensions(), start=1):
        codelist = common.Codelist(id=f"CL_{dim}", **ma)
        for code, label in layout.codes.get(dim, {}).items():
            codelist.setdefault(id=code, name=label)
        dsd.dimensions.getdefault(
            id=dim,
            concept_identity=concepts.setdefault(id=dim, name=dim),
            local_representation=common.Representation(enumerated=codelist),
            order=order,
        )
    dsd.dimensions.getdefault(
        id="TIME_PERIOD",
        cls=v21.TimeDimension,
        concept_identity=concepts.setdefault(id="TIME_PERIOD", name="TIME_PERIOD"),
        order=len(layout.dimensions()) + 1,
    )
    measure = dsd.measures.getdefault(
        id="OBS_VALUE", concept_identity=concepts.setdefault(id="OBS_VALUE", name="OBS_VALUE")
    )
    attributes = {
        attr: dsd.attributes.getdefault(
            id=attr,
            concept_identity=concepts.setdefault(id=attr, name=attr),
            related_to=v21.PrimaryMeasureRelationship(),
        )
        for attr in _ATTRIBUTES
    }
    flow = v21.DataflowDefinition(id=f"DF_{dsd_id}", structure=dsd, **ma)
    dataset = v21.StructureSpecificDataSet(described_by=flow, structured_by=dsd)
    observations = []
    for key, value, attached in rows:
        for dim in layout.dimensions():  # a breakdown other rows have is a total here
            key.setdefault(dim, TOTAL)
        observations.append(
            v21.Observation(
                dimension=dsd.make_key(common.Key, key),
                value=value,
                value_for=measure,
                attached_attribute={
                    a: common.AttributeValue(value=v, value_for=attributes[a])
                    for a, v in attached.items()
                },
            )
        )
    dataset.add_obs(observations)
    header = message.Header(id=f"{dsd_id}_EXPORT", sender=common.Agency(id=AGENCY))
    del sdmx
    return message.DataMessage(header=header, dataflow=flow, data=[dataset])


def to_sdmx(
    table: ObservationTable,
    *,
    area: Literal["alpha_3", "m49"] = "alpha_3",
    omit_unsupported: bool = False,
) -> DataMessage:
    """The table as an sdmx1 ``DataMessage`` against a DSD of COMMIT indicators.

    Each figure is one observation.  Dimensions not broken down are ``_T`` (total); a pair of
    countries is one area (``KHM_VNM``); a milestone is ``1`` or ``0`` (unit ``YES_NO``);
    money is its amount with the currency as ``UNIT_MEASURE``; ``UNIT_MULT`` is ``0`` (values
    are written exactly as reported); ``BASIS`` says what the value measures over its period
    (``TOTAL``, ``PER_YEAR`` -- 149 million KHR *a year* over 2011-2014 --, ``PER_EVENT``,
    ``PER_PERSON``, ``POINT``).  ``OBS_STATUS`` is ``E`` (estimated) for approximate
    figures, else ``A``; ``CONF_STATUS`` is ``C`` for a cell the small-cell protection
    suppressed, ``D`` for one suppressed to protect it, else ``F``; ``COMMENT_OBS`` lists the
    figure's quality flags and ``SOURCE`` its source.

    Args:
        table: The figures.
        area: Code countries as ISO 3166 ``"alpha_3"`` or as UN ``"m49"`` numeric codes.
        omit_unsupported: Leave out figures SDMX cannot hold (text, unknown values, figures
            without a period) instead of refusing them.

    Returns:
        The message; its data set's ``structured_by`` is the DSD.

    Raises:
        ExportError: the table is empty; a figure has a code outside the DSD's code list
            (``sex="woman"``); two ids become one SDMX code; a figure SDMX cannot hold,
            unless ``omit_unsupported`` -- every problem at once.

    Examples:
        >>> from commit_mef import ObservationTable
        >>> t = ObservationTable.from_columns(indicator="victims.detected", country=["KHM", "KHM"],
        ...     period=2015, magnitude=[40, 12], unit="person",
        ...     disaggregation={"sex": ["female", "male"]})
        >>> msg = to_sdmx(t, area="m49")
        >>> for o in msg.data[0].obs:
        ...     print(o.key, o.value, o.attached_attribute["UNIT_MEASURE"].value)
        (INDICATOR=VICTIMS_DETECTED, REF_AREA=116, SEX=F, AGE=_T, FORM_OF_EXPLOITATION=_T, TIME_PERIOD=2015) 40 PERSON
        (INDICATOR=VICTIMS_DETECTED, REF_AREA=116, SEX=M, AGE=_T, FORM_OF_EXPLOITATION=_T, TIME_PERIOD=2015) 12 PERSON
        >>> to_sdmx(ObservationTable.from_columns(indicator="x", country="KHM", period=2015,
        ...     magnitude=[1], disaggregation={"sex": ["woman"]}))
        Traceback (most recent call last):
        ...
        commit_mef.errors.ExportError: cannot write SDMX: 1 problem
          'woman' is not in the DSD's code list CL_SEX (female, male, other, unknown); recode it @ table[0].disaggregation.sex
    """
    table = check_table(table, _TARGET)
    layout = Layout(area)
    rows: list[tuple[dict[str, str], str, dict[str, str]]] = []
    for i, obs in enumerate(table):
        key = layout.key(i, obs)
        value, unit, reason = _value(obs)
        if reason is None and obs.period is None:
            reason = "no period; SDMX files every observation under a TIME_PERIOD"
        if reason is not None:
            if not omit_unsupported:
                layout.problems.append(Problem(f"table[{i}]", reason))
            continue
        assert obs.period is not None  # noqa: S101 - checked just above
        key["TIME_PERIOD"] = sdmx_period(obs.period)
        rows.append((key, str(value), _attributes(obs, unit)))
    raise_problems(layout.problems, _TARGET)
    if not rows:
        raise ExportError([Problem("table", "no figure SDMX can hold")], target=_TARGET)
    return build_message(rows, layout, dsd_id="COMMIT_INDICATORS", name="COMMIT indicators")


def sdmx_records(msg: DataMessage) -> list[dict[str, object]]:
    """The observations of a message as plain records, to compare a message with one read back.

    Each record holds the dimension codes, ``OBS_VALUE`` as a :class:`~decimal.Decimal` (or
    ``None`` for ``NaN``) and the attributes that are not empty; SDMX-CSV read by sdmx1 gives
    ``"1.0"`` for ``"1"``, and these records are equal all the same.

    Examples:
        >>> from commit_mef import ObservationTable
        >>> t = ObservationTable.from_columns(indicator="x", country="LAO", period=2014, magnitude=[3])
        >>> sdmx_records(to_sdmx(t))
        [{'INDICATOR': 'X', 'REF_AREA': 'LAO', 'SEX': '_T', 'AGE': '_T', 'FORM_OF_EXPLOITATION': '_T', 'TIME_PERIOD': '2014', 'OBS_VALUE': Decimal('3'), 'UNIT_MEASURE': '_Z', 'UNIT_MULT': '0', 'BASIS': 'TOTAL', 'OBS_STATUS': 'A', 'CONF_STATUS': 'F'}]
    """
    from sdmx.message import DataMessage as _DataMessage

    from commit_mef._validators import check_type

    check_type(msg, _DataMessage, "sdmx_records()")
    records: list[dict[str, object]] = []
    for obs in msg.data[0].obs:
        record: dict[str, object] = {
            dim: str(getattr(kv.value, "id", kv.value)) for dim, kv in obs.key.values.items()
        }
        text = str(obs.value)
        number = None if text in ("", "NaN", "nan", "None") else Decimal(text)
        record["OBS_VALUE"] = None if number is None else Decimal(decimal_text(number))
        for name, attr in obs.attached_attribute.items():
            value = str(getattr(attr.value, "id", attr.value))
            if value:
                record[name] = value
        records.append(record)
    return records


def sdmx_structure(msg: DataMessage) -> Any:
    """The structures a reader needs for a message: its DSD, data flow and code lists.

    Write the result with ``sdmx.to_xml()`` beside the data; a reader passes its DSD as
    ``structure=`` to ``sdmx.read_sdmx()``.

    Examples:
        >>> import io as stdio, sdmx
        >>> from commit_mef import ObservationTable
        >>> msg = to_sdmx(ObservationTable.from_columns(indicator="x", country="LAO", period=2014, magnitude=[3]))
        >>> text = sdmx.to_xml(sdmx_structure(msg))
        >>> dsd = sdmx.read_sdmx(stdio.BytesIO(text)).structure["COMMIT_INDICATORS"]
        >>> back = sdmx.read_sdmx(stdio.BytesIO(sdmx.to_xml(msg)), structure=dsd)
        >>> sdmx_records(back) == sdmx_records(msg)
        True
    """
    from sdmx.message import DataMessage as _DataMessage

    from commit_mef._validators import check_type

    check_type(msg, _DataMessage, "sdmx_structure()")
    import_sdmx()
    from sdmx import message

    dsd = msg.data[0].structured_by
    structures = message.StructureMessage(
        header=message.Header(id=f"{dsd.id}_STRUCTURE", sender=msg.header.sender)
    )
    structures.add(dsd)
    if msg.dataflow is not None:
        structures.add(msg.dataflow)
    for dim in dsd.dimensions:
        codes = getattr(dim.local_representation, "enumerated", None)
        if codes is not None:
            structures.add(codes)
    return structures


def _csv_bytes(msg: DataMessage) -> bytes:
    sdmx = import_sdmx()
    from sdmx.format.csv.common import Attributes

    # sdmx1 hands SDMX-CSV values to pandas as floats: exact to 15 significant digits only
    too_long = [
        Problem(
            f"data[0].obs[{i}]",
            f"{o.value} has over 15 significant digits; SDMX-CSV would round it",
        )
        for i, o in enumerate(msg.data[0].obs)
        if o.value not in (None, "NaN") and len(Decimal(str(o.value)).as_tuple().digits) > 15
    ]
    raise_problems(too_long, "SDMX-CSV")
    frame = sdmx.to_csv(msg.data[0], rtype=__import__("pandas").DataFrame, attributes=Attributes.o)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8")


def write_sdmx(
    message_or_table: DataMessage | ObservationTable,
    path: str | os.PathLike[str],
    *,
    format: Literal["xml", "csv"] = "xml",  # noqa: A002 - the word users know
    **options: Any,
) -> None:
    """Write SDMX-ML 2.1 (structure-specific) or SDMX-CSV; the file is replaced whole.

    Args:
        message_or_table: A message from :func:`to_sdmx` (or a table, passed to it with
            ``options``).
        path: Where to write.
        format: ``"xml"`` or ``"csv"``.
        **options: For a table, :func:`to_sdmx`'s keyword arguments.

    Raises:
        ExportError: as :func:`to_sdmx`; for CSV, a value of over 15 significant digits.

    Examples:
        >>> import pathlib, tempfile, sdmx
        >>> from commit_mef import ObservationTable
        >>> t = ObservationTable.from_columns(indicator="x", country="LAO", period=2014, magnitude=[3])
        >>> msg = to_sdmx(t)
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.xml"
        >>> write_sdmx(msg, path)
        >>> with open(path, "rb") as f:
        ...     back = sdmx.read_sdmx(f, structure=msg.data[0].structured_by)
        >>> back.data[0].obs[0].compare(msg.data[0].obs[0])
        True
    """
    from sdmx.message import DataMessage as _DataMessage

    from commit_mef._validators import check_path, check_type

    check_type(message_or_table, (_DataMessage, ObservationTable), "write_sdmx()")
    check_path(path, "write_sdmx()")
    sdmx = import_sdmx()
    msg = (
        to_sdmx(message_or_table, **options)
        if isinstance(message_or_table, ObservationTable)
        else message_or_table
    )
    if format == "xml":
        data: bytes = sdmx.to_xml(msg, pretty_print=True)
    elif format == "csv":
        data = _csv_bytes(msg)
    else:
        raise ValidationError(f"format must be 'xml' or 'csv', got {format!r}")
    write_atomic(path, data)
