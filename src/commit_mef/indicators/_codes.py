"""Code lists enforced: the dimensions and codes figures use, checked against their indicator."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

import attrs

from commit_mef.indicators._indicator import Indicator

__all__ = ["CodeProblem", "code_problems"]


@attrs.frozen(kw_only=True)
class CodeProblem:
    """A dimension or a code that an indicator's code lists do not allow.

    Attributes:
        rule: ``"undeclared-dimension"`` (the indicator has no such dimension) or
            ``"code-not-in-list"`` (the code is not in the dimension's code list).
        dimension: The dimension's id, as the figures name it.
        code: The code at fault; ``None`` for an undeclared dimension.
        message: What is wrong and how to fix it, in words.

    Examples:
        >>> from commit_mef.indicators import SEX, Indicator
        >>> ind = Indicator(id="trained", name="Trained", kind="count", unit="person", dimensions=(SEX,))
        >>> [p.rule for p in code_problems(ind, {"sex": ["female", "F"], "colour": ["red"]})]
        ['code-not-in-list', 'undeclared-dimension']
    """

    rule: str
    dimension: str
    code: str | None
    message: str


def code_problems(
    indicator: Indicator, used: Mapping[str, Iterable[str | None]]
) -> tuple[CodeProblem, ...]:
    """Every dimension and code in ``used`` that ``indicator`` does not allow.

    The one code-list check of the package: loading with a plan,
    :func:`~commit_mef.check_figures` and :func:`~commit_mef.aggregate` all call it.
    A dimension the indicator does not declare is refused (whether it declares
    others or none), and so is a code outside the declared dimension's
    :attr:`~commit_mef.indicators.Dimension.codes`.  ``None`` (not broken down)
    is always allowed.

    Args:
        indicator: The indicator whose dimensions hold the code lists.
        used: The codes the figures use, per dimension id.

    Returns:
        One problem per undeclared dimension and per unknown code, in the order given.

    Examples:
        >>> from commit_mef.indicators import SEX, Indicator
        >>> ind = Indicator(id="trained", name="Trained", kind="count", unit="person", dimensions=(SEX,))
        >>> code_problems(ind, {"sex": ["female", None]})
        ()
        >>> print(code_problems(ind, {"sex": ["Female"]})[0].message)
        indicator 'trained' has no sex code 'Female'; use one of female, male, other, unknown (did you mean 'female'?)
    """
    from commit_mef._validators import check_type

    check_type(indicator, Indicator, "code_problems()")
    check_type(used, Mapping, "code_problems()")
    declared = {d.id: d for d in indicator.dimensions}
    found: list[CodeProblem] = []
    for dim, codes in used.items():
        coded = list(dict.fromkeys(c for c in codes if c is not None))
        if not coded:
            continue
        dimension = declared.get(dim)
        if dimension is None:
            known = ", ".join(sorted(declared)) or "no dimensions"
            found.append(
                CodeProblem(
                    rule="undeclared-dimension",
                    dimension=dim,
                    code=None,
                    message=f"indicator {indicator.id!r} is not broken down by {dim!r} (it has "
                    f"{known}); rename the column to one of its dimensions, or declare the "
                    "dimension on the indicator",
                )
            )
            continue
        for code in coded:
            if code in dimension:
                continue
            close = _close(code, dimension.codes)
            found.append(
                CodeProblem(
                    rule="code-not-in-list",
                    dimension=dim,
                    code=code,
                    message=f"indicator {indicator.id!r} has no {dim} code {code!r}; use one of "
                    f"{_listing(dimension.codes)}"
                    + (f" (did you mean {close!r}?)" if close else ""),
                )
            )
    return tuple(found)


def _close(code: str, codes: tuple[str, ...]) -> str | None:
    """The code meant, when it differs only in case or spelling (``F``, ``Female``)."""
    lowered = {c.lower(): c for c in codes}
    if code.lower() in lowered:
        return lowered[code.lower()]
    starts = [c for c in codes if c.lower().startswith(code.lower())]
    if len(starts) == 1:
        return starts[0]
    hits = difflib.get_close_matches(code, codes, n=1)
    return hits[0] if hits else None


def _listing(codes: tuple[str, ...]) -> str:
    if len(codes) <= 12:
        return ", ".join(codes)
    return f"{', '.join(codes[:8])} ... ({len(codes)} codes)"
