"""The MoU and the Sub-regional Plans of Action, as far as the public record allows."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from commit_mef._caches import built_once
from commit_mef.commitments import MoU, Section
from commit_mef.datasets._files import data_json
from commit_mef.errors import InvalidTypeError, MissingDataError
from commit_mef.plans import Area, Objective, Plan, ResultLevel

__all__ = ["mou", "plan", "plans"]

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
_ARABIC = {v: k.upper() for k, v in _ROMAN.items()}


@built_once
def mou() -> MoU:
    """The 2004 COMMIT Memorandum of Understanding.

    Its five sections carry working theme names; the article numbers and texts
    are not in the public record, so :attr:`~commit_mef.commitments.MoU.commitments`
    is empty. Load your own copy with :meth:`~commit_mef.commitments.MoU.with_texts`
    if you have one.

    Examples:
        >>> m = mou()
        >>> m.place, str(m.date), m.article_count
        ('Yangon', '2004-10-29', 34)
        >>> [s.number for s in m.sections]
        ['I', 'II', 'III', 'IV', 'V']
        >>> m.commitments
        ()
    """
    raw = data_json("mou.json")
    return MoU(
        title=raw["title"],
        date=dt.date.fromisoformat(raw["date"]),
        place=raw["place"],
        signatories=tuple(raw["signatories"]),
        sections=tuple(
            Section(number=s["number"], theme=s["theme"], note=s.get("note") or "")
            for s in raw["sections"]
        ),
        article_count=raw["article_count"],
    )


def _adopted(raw: dict[str, Any]) -> tuple[dt.date | None, str]:
    """The adoption date when a full date is known, and a sentence saying where and when."""
    adopted = raw.get("adopted") or {}
    when = adopted.get("date") or ""
    day = dt.date.fromisoformat(when) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", when) else None
    if not adopted:
        return None, ""
    if day is not None:
        when = f"{day.day} {day:%B %Y}"
    elif when:
        year, month = when.split("-")
        when = dt.date(int(year), int(month), 1).strftime("%B %Y")
    note = f"Adopted at {adopted['meeting']}, {adopted['place']}, {when}."
    if adopted.get("note"):
        note += f" {_sentence(adopted['note'])}"
    return day, note


def _sentence(text: str) -> str:
    return f"{text[0].upper()}{text[1:]}."


def _spa3_area(code: str, raw: dict[str, Any]) -> Area:
    number = raw["number"]
    return Area(
        number=number,
        title=raw["title"],
        mou_sections=(raw["mou_section"],) if raw.get("mou_section") else (),
        objectives=tuple(
            Objective(id=f"{code}.{number}.{i}", title=text, level=ResultLevel.OUTCOME)
            for i, text in enumerate(raw.get("objectives") or (), start=1)
        ),
    )


def _results_area(code: str, raw: dict[str, Any]) -> Area:
    objectives: list[Objective] = []
    for outcome in raw.get("outcomes") or ():
        objectives.append(
            Objective(
                id=f"{code}.{outcome['code']}",
                title=outcome["statement"],
                level=ResultLevel.OUTCOME,
                description=f"Outcome {outcome['code']}",
            )
        )
        objectives.extend(
            Objective(
                id=f"{code}.{output['code']}",
                title=output["statement"],
                level=ResultLevel.OUTPUT,
                parent=f"{code}.{outcome['code']}",
                description=f"Output {output['code']}",
            )
            for output in outcome.get("outputs") or ()
        )
    return Area(number=raw["number"], title=raw["title"], objectives=tuple(objectives))


def _plan(raw: dict[str, Any]) -> Plan:
    code = _slug(raw["code"])
    adopted, note = _adopted(raw)
    parts = [note, f"Structure: {raw['structure']}." if raw.get("structure") else ""]
    parts.extend(_sentence(raw[key]) for key in ("areas_note", "extension_note") if raw.get(key))
    press = raw.get("themes_from_press")
    if press:
        parts.append(f"Themes in press reports (not areas): {', '.join(press['themes'])}.")
    extension = raw.get("extension")
    areas = [
        _results_area(code, area) if "outcomes" in area else _spa3_area(code, area)
        for area in raw.get("areas") or ()
    ]
    return Plan(
        code=raw["code"],
        title=raw["title"],
        period=raw["period"],
        extension=_extension(raw["period"], extension["to"]) if extension else None,
        areas=tuple(areas),
        adopted=adopted,
        description=" ".join(p for p in parts if p),
    )


def _extension(period: str, to: str) -> str:
    """The extension as the period after the plan's own: ``2011-2013`` to ``2014`` is ``2014``."""
    last = int(period[-4:])
    end = int(to[-4:])
    return f"{last + 1}" if end == last + 1 else f"{last + 1}-{end}"


def _slug(code: str) -> str:
    """``"SPA III"`` -> ``"spa3"``: the id prefix of a plan's objectives."""
    key = _plan_key(code)
    return f"spa{key}" if key else code.lower().replace(" ", "")


def _plan_key(code: str) -> int | None:
    text = re.sub(r"[\s_-]+", "", code.strip().lower())
    match = re.fullmatch(r"(?:commit)?spa(?:n)?([ivx]+|\d+)", text)
    if not match:
        return None
    number = match.group(1)
    return int(number) if number.isdigit() else _ROMAN.get(number)


@built_once
def plans() -> tuple[Plan, ...]:
    """The Sub-regional Plans of Action SPA I-IV, oldest first.

    Only what the public record gives is filled in: SPA I and II have no area
    list, SPA III has its five areas and their objectives (paraphrased) and
    the one-year extension to 2014, SPA IV has Area 4 (protection) with its
    known outcomes and outputs. No plan has published targets.

    Examples:
        >>> [(p.code, str(p.effective_period)) for p in plans()]
        [('SPA I', '2005-2007'), ('SPA II', '2008-2010'), ('SPA III', '2011-2014'), ('SPA IV', '2015-2018')]
    """
    return tuple(_plan(raw) for raw in data_json("plans.json")["plans"])


def plan(code: str) -> Plan:
    """One plan by its code, written any common way: ``"SPA III"``, ``"spa3"``, ``"SPAIII"``.

    Raises:
        TypeError: ``code`` is not a string.
        MissingDataError: no shipped plan has that code; the message lists those that do.

    Examples:
        >>> plan("spa3").title
        'COMMIT Sub-Regional Plan of Action III'
        >>> [a.number for a in plan("SPA IV").areas]
        [4]
        >>> plan("SPA V")
        Traceback (most recent call last):
        ...
        commit_mef.errors.MissingDataError: no shipped plan 'SPA V'; the package has SPA I, SPA II, SPA III, SPA IV (SPA V's contents are not in the public record)
    """
    if not isinstance(code, str):
        raise InvalidTypeError(
            f"plan() takes a plan code such as 'SPA III', got {type(code).__name__}"
        )
    key = _plan_key(code)
    for found in plans():
        if key is not None and _plan_key(found.code) == key:
            return found
    known = ", ".join(p.code for p in plans())
    later = ""
    if key is not None and key > len(plans()):
        later = f" (SPA {_ARABIC.get(key, key)}'s contents are not in the public record)"
    raise MissingDataError(
        f"no shipped plan {code!r}; the package has {known}{later}", dataset="plans", key=code
    )
