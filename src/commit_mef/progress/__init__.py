"""Progress: how far each target has come, and carrying unmet targets into the next plan.

:func:`progress` measures one :class:`~commit_mef.plans.Target` against the
observations (:func:`progress_all` measures many, a whole plan, in one pass over
the table, each exactly as alone): the value achieved by a day (aggregated by the indicator's own
rules with :func:`~commit_mef.aggregate`), its ratio to the target counted
from the baseline, and a :class:`Status`.  :func:`carry_over` starts the next
plan from the targets that were not met, as SPA III did with SPA I and II, and
:func:`trace` follows one indicator through several plans, their targets,
baselines and figures (an :class:`IndicatorTrace`).

How the ratio is counted:

* a **flow** (summed over time: people trained, money spent) counts what was
  achieved inside the target's period up to ``as_of``: ``ratio = achieved / target``;
* a **state** (a stock, a percentage, a ratio, an ordinal level) counts the
  distance covered from the baseline: ``ratio = (achieved - baseline) / (target - baseline)``,
  which works the same way for targets that should go down;
* a **milestone** counts the countries that reached it against those the
  target binds (``True`` means every one of them).

The status is ``Status.ACHIEVED`` when the goal is met in the target's
direction (at least the value for an increase, at most for a decrease), at
the baseline too; a value that moved away from the goal since the baseline is
``Status.OFF_TRACK``;
``Status.NO_DATA`` without any observation; ``Status.NOT_STARTED``
before the target's start or with nothing achieved yet; ``Status.ON_TRACK``
while the ratio keeps pace with the share of the way due by then;
``Status.OFF_TRACK`` otherwise, and whenever the due date has passed unmet.

What is due by a day (:attr:`Progress.basis`, a :class:`Pace`):

* with a **timeline** (:attr:`~commit_mef.plans.Target.timeline`), each interim
  value is due on the last day of its period, and between two of them the
  plan's pace is the straight line joining them (from the baseline, or zero,
  at the start to the first); :attr:`Progress.periods` lists what was
  achieved by the end of each period beside its interim value
  (:class:`PeriodResult`);
* without one, a **straight line** runs from the baseline (or zero) at the
  start to the target value on its due date, so the share due is the share
  of the target's time that has passed.

:attr:`Progress.expected_value` is the value due, in the target's terms.

``commit_mef.progress`` is this module (so ``import commit_mef.progress as m``
binds it); the function is :func:`commit_mef.progress.progress`.  Calling the
module itself, as ``commit_mef.progress(...)`` did during development, still works
in the 0.1 releases, with a :class:`DeprecationWarning`; 0.2 removes it.

Examples:
    >>> import datetime as dt
    >>> import attrs
    >>> from commit_mef import ObservationTable
    >>> from commit_mef.progress import progress
    >>> from commit_mef.indicators import Indicator
    >>> from commit_mef.plans import Target
    >>> trained = Indicator(id="trained", name="Officials trained", kind="count", unit="person")
    >>> table = ObservationTable.from_columns(
    ...     indicator="trained", country="LAO", period=[2015, 2016], magnitude=[150, 110],
    ...     unit="person",
    ... )
    >>> target = Target(id="t1", indicator="trained", value=500, period="2015-2018", countries=("LAO",))
    >>> p = progress(target, table, as_of=dt.date(2016, 12, 31), indicator=trained)
    >>> p.achieved, p.ratio, p.status, p.basis.value
    (Decimal('260'), Decimal('0.52'), <Status.ON_TRACK: 'on track'>, 'straight line')

    The same figures against a timeline that expects most of the training early:

    >>> from commit_mef.plans import InterimTarget
    >>> paced = attrs.evolve(target, timeline=(
    ...     InterimTarget(period="2015", value=200), InterimTarget(period="2016", value=350),
    ...     InterimTarget(period="2017", value=450), InterimTarget(period="2018", value=500)))
    >>> p = progress(paced, table, as_of=dt.date(2016, 12, 31), indicator=trained)
    >>> p.status, p.basis.value, p.expected_value
    (<Status.OFF_TRACK: 'off track'>, 'timeline', Decimal('350'))
    >>> [(str(r.period), r.target, r.achieved, r.met) for r in p.periods[:2]]
    [('2015', Decimal('200'), Decimal('150'), False), ('2016', Decimal('350'), Decimal('260'), False)]
"""

from __future__ import annotations

import sys
import types
from typing import Any

from commit_mef._deprecation import warn_moved
from commit_mef.progress._carry import carry_over
from commit_mef.progress._many import progress_all
from commit_mef.progress._measure import progress
from commit_mef.progress._result import Pace, PeriodResult, Progress, Status
from commit_mef.progress._trace import IndicatorTrace, TraceStep, trace

__all__ = [
    "IndicatorTrace",
    "Pace",
    "PeriodResult",
    "Progress",
    "Status",
    "TraceStep",
    "carry_over",
    "progress",
    "progress_all",
    "trace",
]


class _CallableModule(types.ModuleType):
    """The module, callable for one release as the function it was named after (deprecated)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Progress:
        warn_moved("calling the module commit_mef.progress", "commit_mef.progress.progress()")
        return progress(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
