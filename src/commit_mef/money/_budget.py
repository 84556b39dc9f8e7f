"""Budgets: allocations of money over a period, original or revised, with a stated equivalent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import attrs

from commit_mef.errors import InvalidTypeError, ValidationError
from commit_mef.money._money import Money
from commit_mef.periods import Period

if TYPE_CHECKING:
    from commit_mef.rates import Finding, RateTable

__all__ = ["Budget", "BudgetKind", "BudgetStatus"]

BudgetStatus = Literal["original", "revised"]
BudgetKind = Literal["indicative", "committed"]


def _check_budget_amount(_inst: object, attr: attrs.Attribute[Money], value: Money) -> None:
    if not isinstance(value, Money):
        raise InvalidTypeError(
            f"Budget.{attr.name} must be Money, got {type(value).__name__} {value!r}; "
            "build it as Money('149000000', 'KHR') or Money.parse('149 million KHR')"
        )
    if attr.name == "amount" and value.amount < 0:
        raise ValidationError(
            f"a budget cannot be negative, got {value}; record a cut as a revised budget "
            "with the lower amount",
            path=f"Budget.{attr.name}",
            hint="status='revised', with revises= the original budget",
        )


def _check_choice(*choices: str) -> attrs._ValidatorType[str]:
    def check(_inst: object, attr: attrs.Attribute[str], value: str) -> None:
        if value not in choices:
            raise ValidationError(
                f"must be one of {', '.join(map(repr, choices))}, got {value!r}",
                path=f"Budget.{attr.name}",
            )

    return check


def _check_period(_inst: object, attr: attrs.Attribute[Period], value: Period) -> None:
    if not isinstance(value, Period):
        raise InvalidTypeError(
            f"{type(_inst).__name__}.{attr.name} must be a Period, got {type(value).__name__} "
            f"{value!r}; use Period.year(2014), Period.parse('2011-2014') or fiscal_year()"
        )


def _check_revises(inst: Budget, _attr: attrs.Attribute[Any], value: Budget | None) -> None:
    if value is not None and inst.status != "revised":
        raise ValidationError(
            "only a revised budget revises another; mark this budget as revised",
            path="Budget.revises",
            hint="set status='revised'",
        )


@attrs.frozen(kw_only=True)
class Budget:
    """An allocation of money over a period, as a plan or report states it.

    A budget follows IATI's semantics: it is ``original`` or ``revised`` (a
    revision supersedes the original; never count both) and ``indicative`` or
    ``committed``.  Its amount is never negative (a cut is a revision, not a
    negative budget), unlike :class:`Money` itself.

    Attributes:
        amount: The allocation, in the currency the document uses.
        period: What it covers: a year, a fiscal year or a multi-year total.
        recipient: Who receives it (a ministry, a programme), if stated.
        status: ``"original"`` (default) or ``"revised"``.
        kind: ``"committed"`` (default) or ``"indicative"``.
        stated: The equivalent the document states (usually in US$), if any.
        revises: The budget this one revises (``status`` must be ``"revised"``).
        note: Free text.

    Raises:
        ValidationError: the amount is negative, or a choice field has another value.

    Examples:
        >>> from commit_mef import Period
        >>> b = Budget(
        ...     amount=Money.parse("149 million KHR"),
        ...     period=Period.years(2011, 2014),
        ...     recipient="Ministry of Women's Affairs",
        ...     stated=Money.parse("US$ 37,000"),
        ... )
        >>> b.status, b.kind
        ('original', 'committed')
        >>> Budget(amount=Money(-5, "USD"), period=Period.year(2014))
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: Budget.amount: a budget cannot be negative, got USD -5.00; record a cut as a revised budget with the lower amount
    """

    amount: Money = attrs.field(validator=_check_budget_amount)
    period: Period = attrs.field(validator=_check_period)
    recipient: str | None = None
    status: BudgetStatus = attrs.field(
        default="original", validator=_check_choice("original", "revised")
    )
    kind: BudgetKind = attrs.field(
        default="committed", validator=_check_choice("indicative", "committed")
    )
    stated: Money | None = attrs.field(
        default=None, validator=attrs.validators.optional(_check_budget_amount)
    )
    revises: Budget | None = attrs.field(default=None, validator=_check_revises)
    note: str = ""

    def check(self, rates: RateTable, **kwargs: Any) -> Finding | None:
        """Check the stated equivalent against ``rates`` over the budget's period.

        Keyword arguments go to :func:`~commit_mef.rates.check_stated`.  Returns
        ``None`` when nothing is stated.

        Examples:
            >>> from commit_mef import Period
            >>> from commit_mef.rates import RateTable
            >>> b = Budget(amount=Money.parse("VND 270 billion"), period=Period.years(2011, 2015),
            ...            stated=Money.parse("nearly USD 20 million"))
            >>> print(b.check(RateTable.wdi()))
            stated USD 20,000,000.00 for VND 270,000,000,000 over 2011-2015 is 55.7% above the USD 12,842,930.10 the reference rates give (VND to USD via US$; VND: day-weighted mean of 5 rates over 2011-2015; World Bank WDI PA.NUS.FCRF, WDI 2026-07-01 (mirror commit 4ebec5a)); tolerance 10%
        """
        if self.stated is None:
            return None
        # the one call up a floor: rates import money, so money reaches rates only when run
        from commit_mef.rates import check_stated

        return check_stated(self.amount, self.stated, rates, over=self.period, **kwargs)
