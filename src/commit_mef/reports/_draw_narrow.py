"""The narrow layout of a timeline, drawn for a phone: 344 units wide, every text 12 or more.

The wide timeline keeps a 330-unit column for the lane labels beside a time axis;
344 units hold no such column, so here each lane's label sits on its own line
above its bars and the time axis takes the whole width.  The title wraps, the
years are labelled every 1, 2, 5 or 10 years so that their labels never touch, a
mark's text sits on a line of its own between the label and the bars, and the
legend wraps to the width.  Same lanes, bars, marks, colours and hover titles as
the wide layout, so the two say the same thing.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable

from commit_mef.reports._draw import (
    NARROW_WIDTH,
    Canvas,
    Shape,
    _clip,
    _legend,
    _mark,
    bar_shape,
)
from commit_mef.reports._timeline import TimelineChart, TimelineLane

__all__ = ["timeline_narrow"]

_SIDE, _TEXT = 8, 12  # margin either side; the smallest text size


def _year_step(years: int, plot: float) -> int:
    """Label every 1, 2, 5 or 10 years, so that a label ("2016") gets 40 units or more."""
    return next((s for s in (1, 2, 5, 10, 20) if plot / years * s >= 40), 50)


def _lane_shapes(
    item: TimelineLane, y: float, x: Callable[[dt.date], float]
) -> tuple[list[Shape], float]:
    """One lane: its label on a line, the marks' texts on the next (if any), then the bars."""
    texts = any(m.text for m in item.marks)
    mid = y + (44 if texts else 30)
    shapes = [
        Shape("text", (_SIDE, y + 15), fill="#222222", text=_clip(item.label, 50), size=_TEXT,
              title=item.label)
    ]  # fmt: skip
    shapes.extend(bar_shape(bar, mid, x) for bar in item.bars)
    taken = -1.0  # where the last mark's text ends: a text that would touch it is left out
    for mark in item.marks:
        at_end = mark.kind in ("deadline", "interim", "reached", "missed")
        mx = x(mark.day + dt.timedelta(days=1)) if at_end else x(mark.day)
        shapes += _mark(mark.kind, mx, mid, mark.label)
        half = 0.32 * _TEXT * len(mark.text)
        at = min(max(mx, _SIDE + half), NARROW_WIDTH - _SIDE - half)  # inside the canvas
        if mark.text and at - half > taken + 4:  # the mark's hover title still says it all
            shapes.append(
                Shape("text", (at, y + 31), fill="#0d47a1", text=mark.text, size=_TEXT,
                      anchor="middle")
            )  # fmt: skip
            taken = at + half
    return shapes, mid + 12


def timeline_narrow(chart: TimelineChart) -> Canvas:
    """Lay a timeline out on a 344-unit-wide canvas, each lane's label above its bars."""
    first, last = chart.span.start.year, chart.span.end.year
    start, stop = dt.date(first, 1, 1), dt.date(last + 1, 1, 1)
    days = (stop - start).days
    plot = NARROW_WIDTH - 2 * _SIDE - 6  # room for a deadline's diamond at the far end

    def x(day: dt.date) -> float:
        return _SIDE + (day - start).days / days * plot

    lines = textwrap.wrap(chart.title, 34) or [""]
    shapes = [
        Shape("text", (_SIDE, 20 + 20 * k), fill="#222222", text=line, size=15, bold=True)
        for k, line in enumerate(lines)
    ]
    axis = 20 * len(lines) + 22  # the years' baseline
    step = _year_step(last - first + 1, plot)
    for year in range(first, last + 1, step):
        gx = x(dt.date(year, 1, 1))
        anchor = "middle" if step == 1 else "start"
        at = x(dt.date(year, 7, 2)) if step == 1 else gx + 2
        shapes.append(
            Shape("text", (at, axis), fill="#444444", text=str(year), size=_TEXT, anchor=anchor)
        )
    y = axis + 10.0
    grid_top = y
    used_bars: list[str] = []
    used_marks: list[str] = []
    group = None
    stripes: list[Shape] = []
    body: list[Shape] = []
    for n, lane in enumerate(chart.lanes):
        if lane.group and lane.group != group:
            group = lane.group
            body.append(
                Shape("text", (_SIDE, y + 17), fill="#263238", text=lane.group, size=13, bold=True)
            )
            y += 24
        lane_shapes, bottom = _lane_shapes(lane, y, x)
        if n % 2:
            stripes.append(Shape("rect", (0, y, NARROW_WIDTH, bottom - y), fill="#f7f9fa"))
        body += lane_shapes
        y = bottom
        used_bars += [k for k in dict.fromkeys(b.kind for b in lane.bars) if k not in used_bars]
        used_marks += [k for k in dict.fromkeys(m.kind for m in lane.marks) if k not in used_marks]
    years = [x(dt.date(year, 1, 1)) for year in range(first, last + 2)]
    grid = [Shape("line", (gx, grid_top, gx, y), stroke="#e0e0e0") for gx in years]
    rule = Shape("line", (_SIDE, grid_top - 4, _SIDE + plot, grid_top - 4), stroke="#90a4ae")
    legend, height = _legend(used_bars, used_marks, y + 18, right=NARROW_WIDTH - _SIDE, size=_TEXT)
    return Canvas(
        width=NARROW_WIDTH,
        height=height,
        shapes=(*shapes, *stripes, *grid, rule, *body, *legend),
        title=chart.title,
    )
