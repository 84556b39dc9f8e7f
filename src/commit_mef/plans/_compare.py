"""Plans side by side: compare() lines up the areas, and their objectives, of several plans."""

from __future__ import annotations

import re
from typing import Literal

import attrs

from commit_mef._validators import check_type
from commit_mef.errors import ValidationError
from commit_mef.plans._lineage import MOU
from commit_mef.plans._tree import Area, Objective, Plan

__all__ = ["AreaLine", "ObjectiveLine", "PlanComparison", "compare"]

_STOP = frozenset({"and", "the", "of", "for", "in", "on", "to", "a", "an"})


@attrs.frozen(kw_only=True)
class ObjectiveLine:
    """One objective's thread through the plans of a comparison, inside its area's line.

    Attributes:
        objectives: One entry per plan, in the order given: the plan's objective on this
            line, or ``None`` where it has none.
        matched: One entry per plan: how it was put on this line (``"first"``,
            ``"continues SPA IV spa4.4.1"``, ``"same id"``, ``"by title"``), ``""`` where
            it has none.

    Examples:
        >>> o = Objective(id="4.1", title="Victims identified")
        >>> ObjectiveLine(objectives=(o, None), matched=("first", "")).title
        'Victims identified'
    """

    objectives: tuple[Objective | None, ...]
    matched: tuple[str, ...]

    @property
    def title(self) -> str:
        """The title of the line's latest objective.

        Examples:
            >>> o = Objective(id="5.1", title="Victims identified in time")
            >>> ObjectiveLine(objectives=(None, o), matched=("", "first")).title
            'Victims identified in time'
        """
        return next(o.title for o in reversed(self.objectives) if o is not None)


@attrs.frozen(kw_only=True)
class AreaLine:
    """One line of a comparison: the area of each plan that belongs to it, and how it was matched.

    Attributes:
        areas: One entry per plan, in the order given: the plan's area on this
            line, or ``None`` where it has none.
        matched: One entry per plan: how its area was put on this line
            (``"first"`` for the line's first area, ``"continues SPA III 3"``,
            ``"MoU section III"``, ``"by title"``), ``""`` where it has none.
        objectives: The objectives of the line's areas, lined up the same way
            (:class:`ObjectiveLine`): by what they continue, then by id, then by title.

    Examples:
        >>> line = AreaLine(areas=(Area(number=3, title="Protection"), None), matched=("first", ""))
        >>> line.title
        'Protection'
    """

    areas: tuple[Area | None, ...]
    matched: tuple[str, ...]
    objectives: tuple[ObjectiveLine, ...] = ()

    @property
    def title(self) -> str:
        """The title of the line's latest area.

        Examples:
            >>> AreaLine(areas=(None, Area(number=4, title="Protection")), matched=("", "first")).title
            'Protection'
        """
        return next(a.title for a in reversed(self.areas) if a is not None)


Format = Literal["text", "markdown"]


@attrs.frozen(kw_only=True)
class PlanComparison:
    """Several plans side by side: their areas lined up by what they continue, then by title.

    Attributes:
        plans: The plans' codes, in the order given.
        lines: One :class:`AreaLine` per thread of areas, in the order they first appear.

    Examples:
        >>> a = Plan(code="A", title="A", period="2011-2014", areas=(Area(number=3, title="Protection"),))
        >>> print(compare(a).render())
        Areas of A
        - A 3 Protection
    """

    plans: tuple[str, ...]
    lines: tuple[AreaLine, ...] = ()

    def render(self, format: Format = "text", *, objectives: bool = False) -> str:  # noqa: A002 - as reports.render() names it
        """The comparison as text (one line per thread) or a Markdown table (a column per plan).

        Args:
            format: ``"text"`` or ``"markdown"``.
            objectives: Also the objectives of each area line, indented under it.

        Raises:
            ValidationError: an unknown format.

        Examples:
            >>> print(PlanComparison(plans=("A", "B")).render("markdown"))
            | A | B |
            | --- | --- |
        """
        if format not in ("text", "markdown"):
            raise ValidationError(
                f"PlanComparison.render() writes 'text' or 'markdown', not {format!r}",
                path="PlanComparison.render.format",
            )
        if format == "markdown":
            rows = [
                "| " + " | ".join(self.plans) + " |",
                "| " + " | ".join("---" for _ in self.plans) + " |",
            ]
            for line in self.lines:
                cells = (_cell(a, m) for a, m in zip(line.areas, line.matched, strict=True))
                rows.append("| " + " | ".join(cells) + " |")
                for sub in line.objectives if objectives else ():
                    pairs = zip(sub.objectives, sub.matched, strict=True)
                    rows.append(
                        "| " + " | ".join(_objective_cell(o, m, "- ") for o, m in pairs) + " |"
                    )
            return "\n".join(rows)
        out = [f"Areas of {', '.join(self.plans)}"]
        for line in self.lines:
            parts = [
                f"{code} {_cell(a, m)}"
                for code, a, m in zip(self.plans, line.areas, line.matched, strict=True)
                if a is not None
            ]
            out.append("- " + "; ".join(parts))
            for sub in line.objectives if objectives else ():
                found = [
                    f"{code} {_objective_cell(o, m)}"
                    for code, o, m in zip(self.plans, sub.objectives, sub.matched, strict=True)
                    if o is not None
                ]
                out.append("  - " + "; ".join(found))
        return "\n".join(out)


def _cell(area: Area | None, matched: str) -> str:
    if area is None:
        return "-"
    how = "" if matched in ("first", "") else f" ({matched})"
    return f"{area.number} {area.title}{how}"


def _objective_cell(objective: Objective | None, matched: str, dash: str = "") -> str:
    if objective is None:
        return "-"
    how = "" if matched in ("first", "") else f" ({matched})"
    return f"{dash}{objective.id} {objective.title}{how}"


def _place_objective(
    objective: Objective,
    k: int,
    codes: tuple[str, ...],
    lines: list[list[tuple[Objective | None, str]]],
) -> tuple[int | None, str]:
    """The line ``objective`` (of plan ``k``) belongs to within its area's line, and how."""
    free = [i for i, line in enumerate(lines) if line[k][0] is None]
    for link in objective.continues:
        if link.plan in codes[:k]:
            q = codes.index(link.plan)
            for i in free:
                old = lines[i][q][0]
                if old is not None and old.id == link.ref:
                    return i, f"continues {link.plan} {link.ref}"
    for how, same in (
        ("same id", lambda a, b: a.id == b.id),
        ("by title", lambda a, b: _same_title(a.title, b.title)),
    ):
        for i in free:
            if any(old is not None and same(old, objective) for old, _ in lines[i][:k]):
                return i, how
    return None, "first"


def _objective_lines(
    areas: tuple[Area | None, ...], codes: tuple[str, ...]
) -> tuple[ObjectiveLine, ...]:
    empty: tuple[Objective | None, str] = (None, "")
    lines: list[list[tuple[Objective | None, str]]] = []
    for k, area in enumerate(areas):
        for objective in area.objectives if area is not None else ():
            found, how = _place_objective(objective, k, codes, lines)
            if found is None:
                lines.append([empty] * len(areas))
                found = len(lines) - 1
            lines[found][k] = (objective, how)
    return tuple(
        ObjectiveLine(objectives=tuple(o for o, _ in line), matched=tuple(m for _, m in line))
        for line in lines
    )


def _sections(area: Area) -> set[str]:
    """The MoU sections an area mirrors or names as what it continues."""
    return set(area.mou_sections) | {c.ref for c in area.continues if c.plan == MOU}


def _words(title: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z]+", title.casefold()) if w not in _STOP)


def _same_title(a: str, b: str) -> bool:
    """Titles that name the same thing: equal, or one's words all in the other's ("Protection")."""
    x, y = _words(a), _words(b)
    return bool(x and y) and (x <= y or y <= x)


def _place(
    area: Area, k: int, codes: tuple[str, ...], lines: list[list[tuple[Area | None, str]]]
) -> tuple[int | None, str]:
    """The line ``area`` (of plan ``k``) belongs to, and how it was matched."""
    free = [i for i, line in enumerate(lines) if line[k][0] is None]
    for link in area.continues:
        if link.plan in codes[:k]:
            q = codes.index(link.plan)
            for i in free:
                old = lines[i][q][0]
                if old is not None and str(old.number) == link.ref:
                    return i, f"continues {link.plan} {link.ref}"
    for i in free:
        for old, _ in lines[i][:k]:
            common = sorted(_sections(old) & _sections(area)) if old is not None else []
            if common:
                return i, f"MoU section {', '.join(common)}"
    for i in free:
        if any(old is not None and _same_title(old.title, area.title) for old, _ in lines[i][:k]):
            return i, "by title"
    return None, "first"


def compare(*plans: Plan) -> PlanComparison:
    """Line up the areas of several plans side by side (SPA III, SPA IV, a new plan).

    Area numbers move between plans (Protection is Area 3 in SPA III and Area 4
    in SPA IV), so areas are lined up, for each plan after the first, by what
    they continue (:attr:`~commit_mef.plans.Area.continues` naming an earlier
    plan's area), then by a shared MoU section
    (:attr:`~commit_mef.plans.Area.mou_sections`, or a ``Continues(plan="MoU",
    ref="III")``), then by title (equal, or
    the words of one within the other's: "Protection" and "Protection,
    Recovery and Reintegration"); each cell says how it was matched.  An area
    that matches nothing starts a line of its own.  Within each line the areas'
    objectives are lined up the same way (:attr:`AreaLine.objectives`): by what they
    continue (:attr:`~commit_mef.plans.Objective.continues`), then by the same id,
    then by title; ``render(objectives=True)`` shows them.

    Args:
        plans: The plans, oldest first.

    Returns:
        A :class:`PlanComparison`; :meth:`PlanComparison.render` writes it.

    Raises:
        ValidationError: no plan, or two plans with one code.
        TypeError: an argument that is not a :class:`~commit_mef.plans.Plan`.

    Examples:
        >>> from commit_mef import datasets
        >>> print(compare(datasets.plan("SPA III"), datasets.plan("SPA IV")).render())
        Areas of SPA III, SPA IV
        - SPA III 1 Policy and Cooperation
        - SPA III 2 Legal Frameworks, Law Enforcement and Justice
        - SPA III 3 Protection, Recovery and Reintegration; SPA IV 4 Protection (by title)
        - SPA III 4 Preventive Measures and Vulnerability Reduction
        - SPA III 5 Monitoring, Evaluation and Anti-Trafficking Data Systems
    """
    if not plans:
        raise ValidationError(
            "compare() needs at least one plan, such as compare(spa3, spa4)", path="compare.plans"
        )
    for i, plan in enumerate(plans):
        check_type(plan, Plan, f"compare() argument {i + 1}")
    codes = tuple(p.code for p in plans)
    if len(set(codes)) != len(codes):
        raise ValidationError(
            f"compare() got two plans with one code ({', '.join(codes)}); give each plan once, "
            "or give drafts distinct codes (attrs.evolve(draft, code='SPA V draft 2'))",
            path="compare.plans",
        )
    empty: tuple[Area | None, str] = (None, "")
    lines: list[list[tuple[Area | None, str]]] = []
    for k, plan in enumerate(plans):
        for area in plan.areas:
            found, how = _place(area, k, codes, lines)
            if found is None:
                lines.append([empty] * len(plans))
                found = len(lines) - 1
            lines[found][k] = (area, how)
    return PlanComparison(
        plans=codes,
        lines=tuple(
            AreaLine(
                areas=(areas := tuple(a for a, _ in line)),
                matched=tuple(m for _, m in line),
                objectives=_objective_lines(areas, codes),
            )
            for line in lines
        ),
    )
