"""The rule registry: rules added from outside, with their checks, kept once and listed in RULES."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeAlias

from commit_mef.errors import InvalidTypeError, NotFoundError, ValidationError
from commit_mef.validation._report import _REGISTRY, BUILT_IN, RULES, Rule

if TYPE_CHECKING:
    from commit_mef.observations import ObservationTable
    from commit_mef.plans import Plan

__all__ = ["Check", "checks", "register_rule", "unregister_rule"]

Check: TypeAlias = "Callable[[Plan, ObservationTable | None], Iterable[tuple[str, str]]]"
"""A rule's check: given the plan (and the figures, for a ``figures`` rule), each breach as
``(path, message)``."""

_LOCK = threading.Lock()
_CHECKS: dict[str, Check] = {}


def register_rule(
    rule: Rule,
    check: Callable[[Plan, ObservationTable | None], Iterable[tuple[str, str]]],
    *,
    replace: bool = False,
) -> Rule:
    """Add a validation rule and its check to the one registry plan and figure validation use.

    The rule is listed in :data:`RULES` from then on, :func:`validate` (and
    :func:`check_figures`, for a rule of scope ``"figures"``) applies it after
    the built-in rules, and ``skip=`` accepts its id.  Registration is
    explicit and thread-safe; an id is never overwritten silently.

    Args:
        rule: The rule: a kebab-case id, a severity, a one-sentence summary and its
            scope (``"plan"``, the default, or ``"figures"``).
        check: Called as ``check(plan, figures)`` (``figures`` is ``None`` for a plan
            rule); yields one ``(path, message)`` per breach.
        replace: Replace a rule registered before under the same id (never a built-in one).

    Returns:
        The rule registered.

    Raises:
        TypeError: ``rule`` is not a :class:`Rule` or ``check`` is not callable.
        ValidationError: the id is a built-in rule's, or is taken and ``replace`` is false.

    Examples:
        >>> from commit_mef.plans import Plan
        >>> def untitled_areas(plan, _figures):
        ...     for i, area in enumerate(plan.areas):
        ...         if area.title.startswith("Area "):
        ...             yield f"plan.areas[{i}].title", f"area {area.number} has no real title"
        >>> register_rule(Rule("area-title", "warning", "Areas have real titles."), untitled_areas)
        Rule(id='area-title', severity=<Severity.WARNING: 'warning'>, summary='Areas have real titles.', scope='plan')
        >>> "area-title" in RULES
        True
        >>> register_rule(Rule("area-title", "info", "Again."), untitled_areas)
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: Rule.id: a validation rule 'area-title' is registered already; choose another id, or replace it on purpose with replace=True
        >>> unregister_rule("area-title")
    """
    if not isinstance(rule, Rule):
        raise InvalidTypeError(f"register_rule() takes a Rule, got {type(rule).__name__}")
    if not callable(check):
        raise InvalidTypeError(f"a rule's check must be callable, got {type(check).__name__}")
    with _LOCK:
        if rule.id in BUILT_IN:
            raise ValidationError(
                f"{rule.id!r} is a built-in validation rule and cannot be replaced; "
                "give your rule its own id",
                path="Rule.id",
            )
        if rule.id in _REGISTRY and not replace:
            raise ValidationError(
                f"a validation rule {rule.id!r} is registered already; choose another id, "
                "or replace it on purpose with replace=True",
                path="Rule.id",
            )
        _REGISTRY[rule.id] = rule
        _CHECKS[rule.id] = check
    return rule


def unregister_rule(rule_id: str) -> None:
    """Remove a rule :func:`register_rule` added.

    Raises:
        ValidationError: the rule is built in.
        NotFoundError: no rule has that id (a LookupError).

    Examples:
        >>> unregister_rule("duplicate-id")
        Traceback (most recent call last):
        ...
        commit_mef.errors.ValidationError: Rule.id: 'duplicate-id' is a built-in validation rule and cannot be removed
    """
    from commit_mef._validators import check_type

    check_type(rule_id, str, "unregister_rule()")
    with _LOCK:
        if rule_id in BUILT_IN:
            raise ValidationError(
                f"{rule_id!r} is a built-in validation rule and cannot be removed", path="Rule.id"
            )
        if rule_id not in _REGISTRY:
            raise NotFoundError(
                f"no validation rule {rule_id!r} is registered",
                what="validation rule",
                key=rule_id,
                available=sorted(_REGISTRY),
            )
        del _REGISTRY[rule_id]
        del _CHECKS[rule_id]


def checks(scope: str) -> list[tuple[Rule, Check]]:
    """The registered (not built-in) rules of ``scope`` with their checks, in registration order."""
    with _LOCK:
        return [(RULES[i], c) for i, c in _CHECKS.items() if RULES[i].scope == scope]
