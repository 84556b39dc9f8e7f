"""The short summary a plan shows at the prompt and in notebooks (its ``repr``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from commit_mef._display import HTML_ROWS, Summary, counts

if TYPE_CHECKING:
    from commit_mef.plans._tree import Plan

__all__ = ["plan_summary"]


def plan_summary(self: Plan) -> Summary:
    """What a plan's repr and notebook table show: its period, counts and areas."""
    period = str(self.period) + (f", extended by {self.extension}" if self.extension else "")
    if self.adopted is not None:
        period += f", adopted {self.adopted.isoformat()}"
    objectives = list(self.objectives())
    lines = [
        f"period {period}",
        counts(
            (len(self.areas), "area"),
            (len(objectives), "objective"),
            (sum(len(o.targets) for o in objectives), "target"),
            (sum(len(o.activities) for o in objectives), "activity", "activities"),
            (len(self.indicators), "indicator"),
            (len(self.commitments), "commitment"),
        ),
    ]
    if self.description:
        lines.append(self.description)
    return Summary(
        kind="Plan",
        name=f"{self.code}: {self.title}",
        lines=lines,
        header=("area", "title", "objectives", "targets"),
        rows=(
            (
                str(a.number),
                a.title,
                str(len(a.objectives)),
                str(sum(len(o.targets) for o in a.objectives)),
            )
            for a in self.areas[:HTML_ROWS]
        ),
        total=len(self.areas),
        noun="area",
    )
