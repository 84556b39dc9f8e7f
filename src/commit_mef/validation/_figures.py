"""Figures checked against their plan: indicator, unit, country, period, duplicates, codes, basis."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from commit_mef.countries import GMS
from commit_mef.indicators import Indicator, MeasureKind, code_problems
from commit_mef.observations import Basis, Observation, ObservationTable
from commit_mef.plans import Plan, Target
from commit_mef.validation._report import RULES, Issue

__all__ = ["FigureChecker", "describe"]

_MEMBERS = frozenset(c.alpha_3 for c in GMS)
_TAKES = {
    MeasureKind.COUNT: "a number",
    MeasureKind.MONEY: "an amount with its currency",
    MeasureKind.PERCENTAGE: "a number (a percentage)",
    MeasureKind.RATIO: "a number (a rate)",
    MeasureKind.MILESTONE: "yes or no",
    MeasureKind.ORDINAL: "a level of its scale",
    MeasureKind.QUALITATIVE: "a text",
}


def describe(obs: Observation) -> str:
    """A figure named the way a user reads it: indicator, place and period."""
    place = str(obs.country)
    period = "no period" if obs.period is None else str(obs.period)
    return f"the {obs.indicator!r} figure of {place}, {period}"


def _what(value: object) -> str:
    from commit_mef.money import Money

    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Money):
        return f"the amount {value}"
    if isinstance(value, Decimal):
        return f"the number {value}"
    return f"the text {value!r}"


def _close(word: str, words: Iterable[str]) -> list[str]:
    return difflib.get_close_matches(word, list(words), n=3, cutoff=0.6)


class FigureChecker:
    """One run of the figure rules over a table; issues in row order, then per rule."""

    def __init__(self, plan: Plan, skip: frozenset[str]) -> None:
        self.plan = plan
        self.skip = skip
        self.issues: list[Issue] = []
        self.indicators: dict[str, Indicator] = {}
        for ind in plan.indicators:
            self.indicators.setdefault(ind.id, ind)
        self.targets: dict[str, list[Target]] = {}
        for target in plan.targets():
            self.targets.setdefault(target.indicator, []).append(target)
        self.period = plan.effective_period

    def add(self, rule: str, path: str, message: str) -> None:
        if rule not in self.skip:
            self.issues.append(
                Issue(rule=rule, severity=RULES[rule].severity, path=path, message=message)
            )

    def run(self, table: ObservationTable) -> list[Issue]:
        """Check every figure of ``table``; return the issues found."""
        seen: dict[tuple[Any, ...], int] = {}
        ids: dict[str, int] = {}
        codes = self.code_problems(table)
        for i, obs in enumerate(table):
            where = f"figures[{i}]"
            ind = self.indicators.get(obs.indicator)
            if ind is None:
                self.unknown_indicator(obs, where)
            else:
                self.check_value(obs, ind, where)
                self.check_basis(obs, ind, where)
                for dim, message, rule in self.codes_of(obs, codes.get(obs.indicator, {})):
                    self.add(rule, f"{where}.disaggregation.{dim}", f"{describe(obs)}: {message}")
            self.check_place_and_period(obs, where)
            self.check_repeats(obs, i, where, seen, ids)
        return self.issues

    # -- indicator and value ------------------------------------------------------------
    def unknown_indicator(self, obs: Observation, where: str) -> None:
        close = _close(obs.indicator, self.indicators)
        hint = (
            f"did you mean {' or '.join(map(repr, close))}?"
            if close
            else "fix the id or add the indicator to the plan"
        )
        self.add(
            "figure-unknown-indicator",
            f"{where}.indicator",
            f"{describe(obs)} measures an indicator the plan {self.plan.code} does not define; "
            + hint,
        )

    def check_value(self, obs: Observation, ind: Indicator, where: str) -> None:
        from commit_mef.money import Money

        value = obs.value
        if value is None:  # not reported: nothing to check
            return
        kind = ind.kind
        fits: bool
        if kind is MeasureKind.MONEY:
            fits = isinstance(value, Money)
        elif kind is MeasureKind.MILESTONE:
            fits = isinstance(value, bool)
        elif kind is MeasureKind.QUALITATIVE:
            fits = isinstance(value, str)
        elif kind is MeasureKind.ORDINAL:
            fits = isinstance(value, Decimal) or (
                isinstance(value, str) and ind.scale is not None and value in ind.scale
            )
        else:
            fits = isinstance(value, Decimal) and not isinstance(value, bool)
        if not fits:
            self.add(
                "figure-unit-mismatch",
                f"{where}.value",
                f"{describe(obs)} is {_what(value)}, but indicator {ind.id!r} "
                f"({kind.value}) takes {_TAKES[kind]}",
            )
            return
        if isinstance(value, Money):
            code = value.currency.code
            if ind.unit not in ("currency", code):
                self.add(
                    "figure-currency-mismatch",
                    f"{where}.currency",
                    f"{describe(obs)} is in {code}, but indicator {ind.id!r} is in {ind.unit}; "
                    f"give the amount in {ind.unit}",
                )
        elif kind is MeasureKind.COUNT and obs.unit != ind.unit:
            self.count_unit(obs, ind, where)

    def count_unit(self, obs: Observation, ind: Indicator, where: str) -> None:
        if obs.unit is None:
            message = f"{describe(obs)} gives no unit; the indicator counts {ind.unit!r}"
        else:
            message = (
                f"{describe(obs)} is counted in {obs.unit!r}, but indicator {ind.id!r} counts "
                f"{ind.unit!r}; write {ind.unit!r}"
            )
        self.add("figure-unit-mismatch", f"{where}.unit", message)

    def check_basis(self, obs: Observation, ind: Indicator, where: str) -> None:
        if obs.value is None:
            return
        for target in self.targets.get(ind.id, ()):
            if obs.basis in (Basis.PER_EVENT, Basis.PER_PERSON):
                self.add(
                    "figure-basis",
                    f"{where}.basis",
                    f"{describe(obs)} is an amount {obs.basis.value.replace('-', ' ')}, a rate "
                    f"that is never summed, so it cannot count toward target {target.id!r}; "
                    "give the total or the amount per year",
                )
                return
            several = obs.period is not None and len(obs.period.years_covered()) > 1
            if target.per_year and obs.basis is Basis.TOTAL and several:
                self.add(
                    "figure-basis",
                    f"{where}.basis",
                    f"{describe(obs)} is a total over several years, but target {target.id!r} "
                    "is set per year; give one figure per year, or mark it per year if it is "
                    "an amount for each year",
                )
                return

    # -- codes ------------------------------------------------------------------------
    def code_problems(
        self, table: ObservationTable
    ) -> dict[str, dict[tuple[str, str | None], Any]]:
        """Per indicator, the (dimension, code) pairs its code lists refuse, with the problem."""
        used: dict[str, dict[str, set[str]]] = {}
        for obs in table:
            if obs.disaggregation and obs.indicator in self.indicators:
                dims = used.setdefault(obs.indicator, {})
                for dim, code in obs.disaggregation:
                    dims.setdefault(dim, set()).add(code)
        out: dict[str, dict[tuple[str, str | None], Any]] = {}
        for ind_id, dims in used.items():
            ordered = {d: sorted(codes) for d, codes in dims.items()}
            for problem in code_problems(self.indicators[ind_id], ordered):
                out.setdefault(ind_id, {})[(problem.dimension, problem.code)] = problem
        return out

    @staticmethod
    def codes_of(
        obs: Observation, problems: dict[tuple[str, str | None], Any]
    ) -> Iterable[tuple[str, str, str]]:
        if not problems:
            return
        for dim, code in obs.disaggregation:
            problem = problems.get((dim, None)) or problems.get((dim, code))
            if problem is not None:
                yield dim, problem.message, problem.rule

    # -- place, period, repeats -------------------------------------------------------------
    def check_place_and_period(self, obs: Observation, where: str) -> None:
        partners = [c for c in obs.countries if c.alpha_3 not in _MEMBERS]
        if partners:
            names = " and ".join(c.name for c in partners)
            self.add(
                "figure-partner-country",
                f"{where}.country",
                f"{describe(obs)} is of {names}, a partner and not one of the six COMMIT "
                "members; it is kept, and counts in regional totals unless you filter it out",
            )
        if obs.period is not None and not self.period.overlaps(obs.period):
            self.add(
                "figure-outside-period",
                f"{where}.period",
                f"{describe(obs)} is outside the plan period {self.period} of "
                f"{self.plan.code}; check the year, or the plan the figure belongs to",
            )

    def check_repeats(
        self,
        obs: Observation,
        i: int,
        where: str,
        seen: dict[tuple[Any, ...], int],
        ids: dict[str, int],
    ) -> None:
        if obs.id is not None:
            first = ids.setdefault(obs.id, i)
            if first != i:
                self.add(
                    "figure-duplicate-id",
                    f"{where}.id",
                    f"{describe(obs)} has the id {obs.id!r} of figures[{first}]; give each "
                    "figure its own id",
                )
        if obs.same_as is not None or obs.id is not None:  # linked, or told apart by its id
            return
        key = (
            obs.indicator,
            str(obs.country),
            obs.period,
            repr(obs.value),
            obs.unit,
            obs.basis,
            obs.disaggregation,
            obs.recipient,
            obs.bound,
            obs.subset_of,
        )
        first = seen.setdefault(key, i)
        if first != i:
            self.add(
                "figure-duplicate",
                where,
                f"{describe(obs)} repeats figures[{first}] in every field; remove one, or link "
                "two reports of one fact with same_as",
            )
