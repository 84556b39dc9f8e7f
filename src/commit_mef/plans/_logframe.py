"""Logframe parts of a plan: a target's disaggregated parts, and assumptions and risks."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import attrs

from commit_mef._validators import non_empty_str, reject_unknown, to_enum
from commit_mef.errors import InvalidTypeError, ValidationError

_T = TypeVar("_T")

if TYPE_CHECKING:
    from commit_mef.money import Money
    from commit_mef.plans._leaves import Target

# The same alias as commit_mef.plans.TargetValue (a string, resolved by the JSON converter).
TargetValue: TypeAlias = "Decimal | Money | bool | str"

__all__ = [
    "Assumption",
    "AssumptionKind",
    "TargetPart",
    "assumption_tuple",
    "check_links",
    "check_parts",
    "part_tuple",
    "text_items",
]


def _part_value(value: object) -> object:
    from commit_mef.plans._leaves import _to_value

    found = _to_value(value)
    if found is None:
        raise InvalidTypeError(
            "TargetPart.value must be a number, a Money or a level name, got None; give the "
            "part's value, or leave the part out"
        )
    return found


@attrs.frozen(kw_only=True)
class TargetPart:
    """The share of a target that falls on one code of a dimension ("1,500 of them children").

    Attributes:
        dimension: The id of the disaggregation dimension (``"age"``, ``"sex"``), one the
            target's indicator declares.
        code: The code within it (``"child"``, ``"female"``).
        value: The part of the target's value for that code, in the target's terms (a number
            for a number, money in the target's currency).

    Raises:
        ValidationError: an empty dimension or code.
        TypeError: a float, or another value of the wrong type.

    Examples:
        >>> TargetPart(dimension="age", code="child", value=1500).value
        Decimal('1500')
        >>> TargetPart(dimension="age", code="", value=1)
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: TargetPart.code: must not be empty
    """

    dimension: str = attrs.field(validator=non_empty_str)
    code: str = attrs.field(validator=non_empty_str)
    value: TargetValue = attrs.field(converter=_part_value)


def part_tuple(value: Iterable[TargetPart]) -> tuple[TargetPart, ...]:
    """The parts as a tuple, each a :class:`TargetPart`."""
    return _items_of(
        value,
        TargetPart,
        "Target.parts",
        "parts=(TargetPart(dimension='age', code='child', value=1500),)",
    )


def _items_of(value: Any, kind: type[_T], field: str, example: str) -> tuple[_T, ...]:
    """``value`` as a tuple of ``kind``; a single item, a text or a non-iterable is refused."""
    article = "an" if kind.__name__[0] in "AEIOU" else "a"
    if isinstance(value, (str, kind)) or not isinstance(value, Iterable):
        raise InvalidTypeError(
            f"{field} must be a tuple of {kind.__name__}, not a single value; write {example}"
        )
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, kind):
            raise InvalidTypeError(
                f"{field}[{i}] must be {article} {kind.__name__}, got {type(item).__name__} {item!r}"
            )
    return items


def _amount(value: object) -> tuple[str | None, Decimal] | None:
    """A value as (currency or None, amount) when it can be added, else None."""
    if isinstance(value, (bool, str)):
        return None
    if isinstance(value, Decimal):
        return None, value
    currency = getattr(value, "currency", None)
    amount = getattr(value, "amount", None)
    if currency is not None and isinstance(amount, Decimal):
        return str(currency.code), amount
    return None  # pragma: no cover - the converter admits nothing else


def check_parts(target: Target) -> list[tuple[str, str]]:
    """The breaches of a target's parts, as ``(path, message)``; empty when they fit.

    A code is given once per dimension; each part is in the target's terms (a number for a
    number, the same currency for money); the parts of one dimension add up to no more than
    the target's value (they may cover only some codes: "1,500 of them children").
    """
    found: list[tuple[str, str]] = []
    if not target.parts:
        return found
    total = None if target.value is None else _amount(target.value)
    if target.value is not None and total is None:
        return [
            (
                "Target.parts",
                (
                    f"target {target.id!r} aims at {target.value!r}, which has no parts to add up; "
                    "give parts only to a number or an amount of money, or drop parts=..."
                ),
            )
        ]
    sums: dict[str, Decimal] = {}
    seen: set[tuple[str, str]] = set()
    for i, part in enumerate(target.parts):
        path = f"Target.parts[{i}]"
        key = (part.dimension, part.code)
        if key in seen:
            found.append(
                (
                    f"{path}.code",
                    (
                        f"target {target.id!r} gives the {part.dimension} code {part.code!r} twice; "
                        "give each code once"
                    ),
                )
            )
            continue
        seen.add(key)
        amount = _amount(part.value)
        if amount is None or (total is not None and amount[0] != total[0]):
            terms = "a number" if total is None or total[0] is None else f"money in {total[0]}"
            found.append(
                (
                    f"{path}.value",
                    (
                        f"the {part.dimension} {part.code!r} part of target {target.id!r} is "
                        f"{part.value!r}; write it in the target's terms ({terms})"
                    ),
                )
            )
            continue
        sums[part.dimension] = sums.get(part.dimension, Decimal(0)) + amount[1]
    if total is not None:
        for dimension, added in sums.items():
            if added > total[1]:
                found.append(
                    (
                        "Target.parts",
                        (
                            f"the {dimension} parts of target {target.id!r} add up to {added}, more "
                            f"than its value {total[1]}; lower a part or raise the target"
                        ),
                    )
                )
    return found


class AssumptionKind(enum.Enum):
    """Whether a condition is assumed to hold, or is a risk that it will not.

    Examples:
        >>> AssumptionKind("risk")
        <AssumptionKind.RISK: 'risk'>
    """

    _missing_ = reject_unknown

    ASSUMPTION = "assumption"
    RISK = "risk"


def _to_kind(value: object) -> AssumptionKind:
    return to_enum(AssumptionKind, value, "Assumption.kind")


def _check_text(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"Assumption.{attr.name} must be a string, got {type(value).__name__}"
        )


@attrs.frozen(kw_only=True)
class Assumption:
    """A condition a result depends on (logframe's "assumptions and risks" column).

    On an objective it says what must hold for the objective to be reached (``link=False``),
    or for it to lead on to its parent, the link between the two levels (``link=True``: an
    output's assumption that, once the output is delivered, the outcome follows).

    Attributes:
        text: The condition, as the plan words it.
        kind: ``"assumption"`` (expected to hold) or ``"risk"`` (that it may not).
        link: Whether it conditions the link to the objective's parent rather than the
            objective itself.
        mitigation: What the plan does about a risk, if it says.

    Raises:
        ValidationError: an empty text, or an unknown kind.

    Examples:
        >>> a = Assumption(text="Governments keep the shelters funded", kind="risk",
        ...                link=True, mitigation="Budget lines agreed at the SOM")
        >>> a.kind, a.link
        (<AssumptionKind.RISK: 'risk'>, True)
        >>> Assumption(text="x", kind="hope")
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: Assumption.kind: 'hope' is not a AssumptionKind; use one of 'assumption', 'risk'
    """

    text: str = attrs.field(validator=non_empty_str)
    kind: AssumptionKind = attrs.field(default=AssumptionKind.ASSUMPTION, converter=_to_kind)
    link: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    mitigation: str = attrs.field(default="", validator=_check_text)


def assumption_tuple(value: Iterable[Assumption]) -> tuple[Assumption, ...]:
    """The assumptions as a tuple, each an :class:`Assumption`."""
    return _items_of(
        value, Assumption, "Objective.assumptions", "assumptions=(Assumption(text='...'),)"
    )


def text_items(owner: str) -> Any:
    """A validator: every item of a tuple of texts is a non-blank string (``responsible``)."""

    def check(_inst: object, attr: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise ValidationError(
                    f"each entry must be a non-empty text (a body such as 'national task "
                    f"force'), got {item!r}; drop it or name the body",
                    path=f"{owner}.{attr.name}[{i}]",
                )

    return check


def check_links(objective_id: str, parent: str | None, items: tuple[Assumption, ...]) -> None:
    """Refuse an assumption on the link to a parent when the objective has none."""
    if parent is not None:
        return
    for i, item in enumerate(items):
        if item.link:
            raise ValidationError(
                f"objective {objective_id!r} has an assumption on the link to its parent, but "
                "no parent; set parent='...' or make it link=False",
                path=f"Objective.assumptions[{i}].link",
            )
