"""Drawing timelines and trajectories: one layout of plain shapes, written as SVG or as PNG.

The layout is computed once, in the coordinates of a fixed canvas, as a list of
shapes; :func:`svg` writes them as deterministic SVG text (coordinates rounded to
a tenth, no dates, no ids drawn at random), and :func:`png` paints the same
shapes with matplotlib's Agg canvas (the ``plot`` extra, imported here only, on
first use).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import textwrap
from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape
from typing import Any

import attrs

from commit_mef.reports._rows import TrajectoryPoint
from commit_mef.reports._timeline import MARK_KINDS, TimelineChart

__all__ = ["NARROW_WIDTH", "Shape", "png", "svg", "timeline_shapes", "trajectory_shapes"]

#: The narrow drawings' width, for a phone: at 12 units, their text shows at 12 px or more
#: in a box at least this wide (a 390 px phone gives them 359 px, even beside a scrollbar).
NARROW_WIDTH = 344

_FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif"
_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b")

_BAR_STYLE: dict[str, dict[str, Any]] = {
    "plan": {"fill": "#78909c", "h": 12},
    "extension": {"fill": "#cfd8dc", "stroke": "#78909c", "dash": "3 2", "h": 12},
    "target": {"fill": "#e3f2fd", "stroke": "#1976d2", "h": 10},
    "planned": {"fill": "#fff8e1", "stroke": "#8d6e63", "dash": "4 2", "h": 14},
    "actual": {"fill": "#6d4c41", "h": 6},
    "under way": {"fill": "#bcaaa4", "stroke": "#6d4c41", "h": 6},
    "dropped": {"fill": "#e0e0e0", "stroke": "#9e9e9e", "dash": "2 2", "h": 6},
}
_BAR_NAMES = {
    "plan": "plan period",
    "extension": "extension",
    "target": "target period",
    "planned": "activity planned",
    "actual": "activity done (actual dates)",
    "under way": "activity under way",
    "dropped": "activity dropped",
}
_MARK_NAMES = {
    "deadline": "target due",
    "interim": "interim target",
    "reached": "reached",
    "missed": "missed",
    "SOM": "Senior Officials' Meeting",
    "IMM": "Inter-Ministerial Meeting",
}


@attrs.frozen
class Shape:
    """One thing to paint: ``rect``, ``line``, ``circle``, ``polygon`` or ``text``.

    ``points`` holds the coordinates (x, y, width, height for a rect; x1, y1, x2,
    y2 for a line; cx, cy, r for a circle; x0, y0, x1, y1... for a polygon; x, y
    for a text).
    """

    kind: str
    points: tuple[float, ...]
    fill: str = "none"
    stroke: str = "none"
    width: float = 1.0
    dash: str = ""
    text: str = ""
    size: float = 11.0
    anchor: str = "start"
    bold: bool = False
    title: str = ""


@attrs.frozen
class Canvas:
    """The shapes of one drawing and the size of its canvas."""

    width: int
    height: int
    shapes: tuple[Shape, ...]
    title: str = ""


def _f(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _svg_shape(s: Shape) -> str:
    paint = f'fill="{s.fill}" stroke="{s.stroke}"'
    if s.stroke != "none":
        paint += f' stroke-width="{_f(s.width)}"'
    if s.dash:
        paint += f' stroke-dasharray="{s.dash}"'
    title = f"<title>{escape(s.title, quote=False)}</title>" if s.title else ""
    p = s.points
    if s.kind == "rect":
        body = f'<rect x="{_f(p[0])}" y="{_f(p[1])}" width="{_f(p[2])}" height="{_f(p[3])}" {paint}'
    elif s.kind == "line":
        body = f'<line x1="{_f(p[0])}" y1="{_f(p[1])}" x2="{_f(p[2])}" y2="{_f(p[3])}" {paint}'
    elif s.kind == "circle":
        body = f'<circle cx="{_f(p[0])}" cy="{_f(p[1])}" r="{_f(p[2])}" {paint}'
    elif s.kind == "polygon":
        pts = " ".join(f"{_f(p[i])},{_f(p[i + 1])}" for i in range(0, len(p), 2))
        body = f'<polygon points="{pts}" {paint}'
    else:
        weight = ' font-weight="bold"' if s.bold else ""
        return (
            f'<text x="{_f(p[0])}" y="{_f(p[1])}" font-size="{_f(s.size)}" '
            f'text-anchor="{s.anchor}" fill="{s.fill}"{weight}>{title}'
            f"{escape(s.text, quote=False)}</text>"
        )
    return f"{body}>{title}</{s.kind}>" if title else f"{body}/>"


def svg(canvas: Canvas) -> str:
    """The canvas as SVG text: the same shapes give the same bytes."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {canvas.width} {canvas.height}" '
        f'width="{canvas.width}" height="{canvas.height}" font-family="{_FONT}" '
        f'role="img" aria-label="{escape(canvas.title, quote=True)}">'
    )
    body = [f"<title>{escape(canvas.title, quote=False)}</title>"] if canvas.title else []
    body += [_svg_shape(s) for s in canvas.shapes]
    return "\n".join([head, *body, "</svg>"]) + "\n"


def png(canvas: Canvas, *, dpi: int = 100) -> bytes:
    """The canvas painted with matplotlib (the ``plot`` extra) as PNG bytes."""
    try:
        import matplotlib as mpl
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.patches import Circle, Polygon, Rectangle
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "drawing PNG needs matplotlib: pip install 'commit-mef[plot]' (SVG needs nothing)"
        ) from exc
    with mpl.rc_context({"font.family": "sans-serif"}):
        fig = Figure(figsize=(canvas.width / dpi, canvas.height / dpi), dpi=dpi)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, canvas.width)
        ax.set_ylim(canvas.height, 0)
        ax.set_axis_off()
        pt = 72 / dpi  # canvas units are pixels; matplotlib sizes are points
        for z, s in enumerate(canvas.shapes):
            p = s.points
            style: dict[str, Any] = {
                "zorder": z,
                "facecolor": s.fill if s.fill != "none" else "none",
                "edgecolor": s.stroke if s.stroke != "none" else "none",
                "linewidth": s.width * pt if s.stroke != "none" else 0,
                "linestyle": (0, tuple(float(d) for d in s.dash.split())) if s.dash else "solid",
            }
            if s.kind == "rect":
                ax.add_patch(Rectangle((p[0], p[1]), p[2], p[3], **style))
            elif s.kind == "circle":
                ax.add_patch(Circle((p[0], p[1]), p[2], **style))
            elif s.kind == "polygon":
                xy = [(p[i], p[i + 1]) for i in range(0, len(p), 2)]
                ax.add_patch(Polygon(xy, closed=True, **style))
            elif s.kind == "line":
                ax.plot(
                    [p[0], p[2]],
                    [p[1], p[3]],
                    color=s.stroke,
                    linewidth=s.width * pt,
                    linestyle=style["linestyle"],
                    zorder=z,
                )
            else:
                ha = {"start": "left", "middle": "center", "end": "right"}[s.anchor]
                ax.text(
                    p[0],
                    p[1],
                    s.text,
                    fontsize=s.size * pt,
                    ha=ha,
                    va="baseline",
                    color=s.fill,
                    fontweight="bold" if s.bold else "normal",
                    zorder=z,
                )
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


# -- the timeline ----------------------------------------------------------------------------
_W, _LABEL, _PAD, _LANE, _GROUP = 1000, 330, 24, 26, 24


def _mark(kind: str, x: float, y: float, title: str) -> list[Shape]:
    pts: tuple[float, ...]
    if kind == "deadline":
        pts = (x, y - 7, x + 6, y, x, y + 7, x - 6, y)
        return [Shape("polygon", pts, fill="none", stroke="#c62828", width=2, title=title)]
    if kind == "interim":
        return [Shape("circle", (x, y, 4.5), fill="#1976d2", stroke="#ffffff", title=title)]
    if kind == "reached":
        pts = (x, y - 7, x + 6, y + 5, x - 6, y + 5)
        return [Shape("polygon", pts, fill="#2e7d32", stroke="#ffffff", title=title)]
    if kind == "missed":
        return [
            Shape("line", (x - 5, y - 5, x + 5, y + 5), stroke="#c62828", width=2.5, title=title),
            Shape("line", (x - 5, y + 5, x + 5, y - 5), stroke="#c62828", width=2.5, title=title),
        ]
    if kind == "SOM":
        return [Shape("circle", (x, y, 5.5), fill="#00838f", stroke="#ffffff", title=title)]
    return [Shape("rect", (x - 5, y - 5, 10, 10), fill="#4a148c", stroke="#ffffff", title=title)]


def bar_shape(bar: Any, mid: float, x: Callable[[dt.date], float]) -> Shape:
    """A timeline bar (its kind's style) centred on ``mid``, from its start to its end day."""
    style = _BAR_STYLE[bar.kind]
    x0, x1 = x(bar.start), x(bar.end + dt.timedelta(days=1))
    h = style["h"]
    return Shape(
        "rect",
        (x0, mid - h / 2, max(x1 - x0, 2.0), h),
        fill=style["fill"],
        stroke=style.get("stroke", "none"),
        dash=style.get("dash", ""),
        title=bar.label,
    )


def timeline_shapes(chart: TimelineChart, *, layout: str = "wide") -> Canvas:
    """Lay a timeline out on a 1000-unit-wide canvas, or a 344-unit-wide one for a phone.

    Text is at least 12 units in either, so it shows at 12 px or more in a box at least
    as wide as the canvas.
    """
    if layout == "narrow":  # imported here: the narrow layout builds on this module's parts
        from commit_mef.reports._draw_narrow import timeline_narrow

        return timeline_narrow(chart)
    return _timeline_wide(chart)


def _timeline_wide(chart: TimelineChart) -> Canvas:
    span = chart.span
    first, last = span.start.year, span.end.year
    start, stop = dt.date(first, 1, 1), dt.date(last + 1, 1, 1)
    days = (stop - start).days
    plot = _W - _LABEL - _PAD

    def x(day: dt.date) -> float:
        return _LABEL + (day - start).days / days * plot

    rows: list[tuple[str, Any]] = []
    group = None
    for lane in chart.lanes:
        if lane.group and lane.group != group:
            rows.append(("group", lane.group))
            group = lane.group
        rows.append(("lane", lane))
    top = 58
    height = top + sum(_GROUP if kind == "group" else _LANE for kind, _ in rows)
    shapes = [Shape("text", (8, 22), fill="#222222", text=chart.title, size=16, bold=True)]
    step = 1 if last - first < 12 else (2 if last - first < 24 else 5)
    for year in range(first, last + 2):
        gx = x(dt.date(year, 1, 1))
        shapes.append(Shape("line", (gx, top - 14, gx, height), stroke="#e0e0e0"))
        if year <= last and (year - first) % step == 0:
            mid = x(dt.date(year, 7, 2)) if step == 1 else gx + 2
            anchor = "middle" if step == 1 else "start"
            shapes.append(
                Shape(
                    "text", (mid, top - 18), fill="#444444", text=str(year), size=12, anchor=anchor
                )
            )
    y = top
    used_bars: list[str] = []
    used_marks: list[str] = []
    for n, (kind, item) in enumerate(rows):
        if kind == "group":
            shapes.append(Shape("text", (8, y + 16), fill="#263238", text=item, size=12, bold=True))
            y += _GROUP
            continue
        if n % 2:
            shapes.append(Shape("rect", (0, y, _W, _LANE), fill="#f7f9fa"))
        mid = y + _LANE / 2
        shapes.append(
            Shape("text", (16, mid + 4), fill="#222222", text=_clip(item.label, 47), size=12,
                  title=item.label)
        )  # fmt: skip
        for bar in item.bars:
            shapes.append(bar_shape(bar, mid, x))
            if bar.kind not in used_bars:
                used_bars.append(bar.kind)
        for mark in item.marks:
            at_end = mark.kind in ("deadline", "interim", "reached", "missed")
            mx = x(mark.day + dt.timedelta(days=1)) if at_end else x(mark.day)
            shapes += _mark(mark.kind, mx, mid, mark.label)
            if mark.text:
                shapes.append(
                    Shape("text", (mx, mid - 8), fill="#0d47a1", text=mark.text, size=12,
                          anchor="middle")
                )  # fmt: skip
            if mark.kind not in used_marks:
                used_marks.append(mark.kind)
        y += _LANE
    shapes.append(Shape("line", (_LABEL, top - 4, _W - _PAD, top - 4), stroke="#90a4ae"))
    legend, height = _legend(used_bars, used_marks, height + 14, size=12)
    return Canvas(width=_W, height=height, shapes=(*shapes, *legend), title=chart.title)


def _clip(text: str, width: int = 52) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _legend(
    bars: Sequence[str],
    marks: Sequence[str],
    y: float,
    *,
    right: float = _W - _PAD,
    size: float = 11,
) -> tuple[list[Shape], int]:
    order = {k: i for i, k in enumerate(MARK_KINDS)}
    items = [("bar", k) for k in _BAR_STYLE if k in bars]
    items += [("mark", k) for k in sorted(marks, key=order.__getitem__)]
    shapes: list[Shape] = []
    x, row = 16.0, y
    for kind, name in items:
        label = _BAR_NAMES[name] if kind == "bar" else _MARK_NAMES[name]
        width = 34 + 0.565 * size * len(label)
        if x + width > right:
            x, row = 16.0, row + size + 9
        if kind == "bar":
            style = _BAR_STYLE[name]
            shapes.append(
                Shape("rect", (x, row - 5, 18, 10), fill=style["fill"],
                      stroke=style.get("stroke", "none"), dash=style.get("dash", ""))
            )  # fmt: skip
        else:
            shapes += _mark(name, x + 9, row, "")
        shapes.append(Shape("text", (x + 24, row + 4), fill="#333333", text=label, size=size))
        x += width
    return shapes, int(row + 16)


# -- the trajectory ----------------------------------------------------------------------
_TW, _TH, _TL, _TR, _TT, _TB = 640, 300, 64, 150, 34, 44


def _ticks(top: Decimal) -> list[Decimal]:
    if top <= 0:
        return [Decimal(0), Decimal(1)]
    magnitude = Decimal(10) ** (len(str(int(top))) - 1)
    for mult in (Decimal(1), Decimal(2), Decimal(5), Decimal(10)):
        stepv = magnitude * mult / 2
        if top / stepv <= 6:
            break
    count = int(-(-top // stepv))
    return [stepv * i for i in range(count + 1)]


def _label(value: Decimal) -> str:
    return f"{value.normalize():,f}".replace(",", " ")


def trajectory_shapes(
    title: str, points: Sequence[TrajectoryPoint], *, layout: str = "wide"
) -> Canvas:
    """Interim targets against what was achieved, per period (one line per country).

    Wide: 640 units, the legend right of the plot, text at least 11 units.  Narrow (for
    a phone): 344 units, the title wrapped, the legend below the plot.  Text is at least
    12 units in either.
    """
    narrow = layout == "narrow"
    periods = list(dict.fromkeys(p.period for p in points))
    values = [p.target for p in points] + [p.achieved for p in points if p.achieved is not None]
    ticks = _ticks(max(values, default=Decimal(0)))
    top = ticks[-1]
    size = 12.0
    lines = textwrap.wrap(title, 40) if narrow else [_clip(title, 90)]
    width = NARROW_WIDTH if narrow else _TW
    left = max(_TL, 14 + 0.6 * size * max(len(_label(t)) for t in ticks)) if narrow else _TL
    head = _TT + 18 * (len(lines) - 1)
    plot_w = width - left - (16 if narrow else _TR)
    plot_h = 170 if narrow else _TH - _TT - _TB
    room = plot_w / max(len(periods), 1)  # a narrow layout labels every other period if need be
    every = next(k for k in itertools.count(1) if room * k >= 44) if narrow else 1

    def px(i: int) -> float:
        return left + (i + 0.5) * plot_w / max(len(periods), 1)

    def py(v: Decimal) -> float:
        return head + plot_h - float(v / top) * plot_h if top else head + plot_h

    shapes = [
        Shape("text", (8, 20 + 18 * k), fill="#222222", text=line, size=13, bold=True)
        for k, line in enumerate(lines)
    ]
    for t in ticks:
        shapes.append(Shape("line", (left, py(t), left + plot_w, py(t)), stroke="#e0e0e0"))
        shapes.append(
            Shape(
                "text", (left - 6, py(t) + 4), fill="#555555", text=_label(t), size=size,
                anchor="end"
            )
        )  # fmt: skip
    for i, period in enumerate(periods):
        if i % every == 0:
            shapes.append(
                Shape("text", (px(i), head + plot_h + 18), fill="#444444", text=period,
                      size=size, anchor="middle")
            )  # fmt: skip
    shapes.append(
        Shape("line", (left, head + plot_h, left + plot_w, head + plot_h), stroke="#90a4ae")
    )
    targets: dict[str, Decimal] = {}
    for p in points:
        targets.setdefault(p.period, p.target)
    xs = [
        (px(periods.index(k)), py(v), f"interim target {k}: {_label(v)}")
        for k, v in targets.items()
    ]
    shapes += _polyline(xs, "#1976d2", dash="5 3", marker="circle")
    legend = [("interim target", "#1976d2", "5 3")]
    countries = list(dict.fromkeys(p.country for p in points))
    for n, country in enumerate(countries):
        colour = _PALETTE[(n + 1) % len(_PALETTE)]
        mine = [
            (
                px(periods.index(p.period)),
                py(p.achieved),
                f"{country or 'achieved'} {p.period}: {_label(p.achieved)}"
                + ("" if p.complete else " (so far)"),
            )
            for p in points
            if p.country == country and p.achieved is not None
        ]
        shapes += _polyline(mine, colour, marker="square")
        legend.append((f"achieved{', ' + country if country else ''}", colour, ""))
    below = head + plot_h + 44  # narrow: the legend's first line, under the periods
    for k, (name, colour, dash) in enumerate(legend):
        ly = below + 20 * k if narrow else _TT + 10 + 20 * k
        lx = 8 if narrow else _TL + plot_w + 14
        shapes.append(Shape("line", (lx, ly, lx + 22, ly), stroke=colour, width=2.5, dash=dash))
        shapes.append(Shape("text", (lx + 28, ly + 4), fill="#333333", text=name, size=size))
    height = int(below + 20 * len(legend)) if narrow else _TH
    return Canvas(width=width, height=height, shapes=tuple(shapes), title=title)


def _polyline(
    points: list[tuple[float, float, str]], colour: str, *, dash: str = "", marker: str
) -> list[Shape]:
    out = [
        Shape("line", (a[0], a[1], b[0], b[1]), stroke=colour, width=2.5, dash=dash)
        for a, b in itertools.pairwise(points)
    ]
    for x, y, title in points:
        if marker == "circle":
            out.append(Shape("circle", (x, y, 4.5), fill=colour, stroke="#ffffff", title=title))
        else:
            out.append(
                Shape("rect", (x - 4, y - 4, 8, 8), fill=colour, stroke="#ffffff", title=title)
            )
    return out
