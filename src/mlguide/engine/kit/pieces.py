"""Pieces of a figure: header, pill, box, label, arrow, dot, tick, strike; text measuring.

Each returns frozen shapes, or a small frozen part with named shapes (`pill.bg`,
`pill.text`), so a timeline can say what it moves. Layout numbers are canvas pixels; the
default canvas is 960x540 at 15 fps, what every GIF of the guide uses. A `Frame` is a canvas
with its margin and type sizes: `WIDE`, or `narrow_frame(...)` for a phone's portrait
layout, whose sizes stay at 12 CSS px or more when a 480 px canvas is shown 328 px wide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mlguide.engine.anchors import anchor_problem
from mlguide.engine.arguments import KeywordsChecked, keywords_checked
from mlguide.engine.fonts import font
from mlguide.engine.kit.place import Box
from mlguide.engine.kit.wrap import Measure, balanced
from mlguide.engine.shapes import Circle, Point, Polyline, Rect, Text, numbers_checked
from mlguide.tokens import TYPE

W, H = 960, 540
MARGIN = 48
FPS = 15
NARROW_W = 480  # the phone canvas: shown 328-512 px wide


@dataclass(frozen=True)
class Frame(KeywordsChecked):
    """A canvas, its margin and its type sizes (canvas px)."""

    width: float
    height: float
    margin: float
    title: float
    heading: float
    body: float
    small: float
    narrow: bool = False

    @property
    def inner(self) -> float:
        """The width between the margins."""
        return self.width - 2 * self.margin

    @property
    def right(self) -> float:
        return self.width - self.margin

    @property
    def content(self) -> Box:
        """The canvas inside its margins: what `align_to(part, f.content, "top-left")` uses."""
        return Box(self.margin, self.margin, self.inner, self.height - 2 * self.margin)


WIDE = Frame(W, H, MARGIN, TYPE.title, TYPE.heading, TYPE.body, TYPE.small)


@keywords_checked
@numbers_checked
def narrow_frame(height: float, width: float = NARROW_W) -> Frame:
    """A phone canvas: 18 px is the smallest text (12.3 CSS px at 328 px wide)."""
    return Frame(width, height, 24, 27, 23, 20, 18, narrow=True)


@keywords_checked
@numbers_checked
def measure(text: str, weight: str = "regular", size: float = TYPE.body) -> float:
    """Width in canvas pixels, measured at 4x for sub-pixel accuracy (layout from widths)."""
    return float(font(weight, round(size * 4)).getlength(text)) / 4


_PILL_ANCHORS: dict[str, float] = {"left": 0.0, "center": 0.5, "right": 1.0}


@dataclass(frozen=True)
class Pill(KeywordsChecked):
    bg: Rect
    text: Text

    @property
    def width(self) -> float:
        return self.bg.w

    @property
    def right(self) -> float:
        return self.bg.x + self.bg.w


@dataclass(frozen=True)
class Header(KeywordsChecked):
    kicker: Pill
    title: Text
    more: tuple[Text, ...] = ()  # the title's further lines (narrow frames wrap it)
    bottom: float = 116  # canvas y under the header: where the figure's body may start


@keywords_checked
@numbers_checked
def header(
    stage: str, kicker: str, title: str, width: float = W, frame: Frame | None = None
) -> Header:
    """A stage pill ("Steps 3–6 · Data") above the figure's title, the same in every figure.
    In a narrow frame the title wraps onto balanced lines instead of shrinking."""
    if frame is not None and frame.narrow:
        m = frame.margin
        lines = balanced(title, Measure("bold", frame.title), frame.inner)
        step = round(frame.title * 1.22)
        texts = tuple(
            label(m, 92 + i * step, line, size=frame.title, weight="bold", anchor="baseline-left")
            for i, line in enumerate(lines)
        )
        return Header(
            pill(m, 38, kicker, fill=stage, anchor="left", size=frame.small),
            texts[0],
            texts[1:],
            bottom=92 + (len(lines) - 1) * step + 18,
        )
    return Header(
        pill(MARGIN, 46, kicker, fill=stage, anchor="left"),
        label(
            MARGIN,
            104,
            title,
            size=TYPE.title,
            weight="bold",
            anchor="baseline-left",
            max_width=width - 2 * MARGIN,
        ),
    )


@keywords_checked
@numbers_checked
def pill(
    x: float,
    y: float,
    text: str,
    fill: str,
    color: str = "accent_ink",
    size: float = TYPE.small,
    anchor: str = "center",
    on: str = "bg",
    stroke: str | None = None,
) -> Pill:
    """A rounded label sized to its text, centred on y; `anchor` "left", "center" or "right"
    puts that edge (or its centre) at x."""
    w = measure(text, "bold", size) + 28
    h = size + 16
    problem = anchor_problem(anchor, _PILL_ANCHORS)
    if problem is not None:
        raise ValueError(f"pill: {problem}")
    left = x - w * _PILL_ANCHORS[anchor]
    edge = 2 if stroke else 0
    return Pill(
        Rect(
            x=left,
            y=y - h / 2,
            w=w,
            h=h,
            fill=fill,
            radius=h / 2,
            on=on,
            stroke=stroke,
            stroke_width=edge,
        ),
        Text(x=left + w / 2, y=y, text=text, size=size, weight="bold", color=color, on=fill),
    )


@numbers_checked
def box(
    x: float,
    y: float,
    w: float,
    h: float,
    fill: str | None = "surface",
    stroke: str | None = "border",
    radius: float = 14,
    stroke_width: float = 2,
    **kw: Any,
) -> Rect:
    width = stroke_width if stroke else 0
    return Rect(
        x=x, y=y, w=w, h=h, fill=fill, stroke=stroke, stroke_width=width, radius=radius, **kw
    )


@numbers_checked
def label(
    x: float,
    y: float,
    text: str,
    size: float = TYPE.body,
    weight: str = "regular",
    color: str = "ink",
    on: str = "bg",
    anchor: str = "center",
    max_width: float = 0,
    **kw: Any,
) -> Text:
    """Text centred on (x, y) unless `anchor` says otherwise; `on` is the colour beneath it
    (fades blend toward it, and the contrast test reads it). `max_width` shrinks to fit."""
    return Text(
        x=x,
        y=y,
        text=text,
        size=size,
        weight=weight,
        color=color,
        on=on,
        anchor=anchor,
        max_width=max_width,
        **kw,
    )


@numbers_checked
def caption(x: float, y: float, text: str, anchor: str = "left", **kw: Any) -> Text:
    """Small bold muted text: the name of a panel, an axis, a group."""
    kw = {"size": TYPE.small, "weight": "bold", "color": "muted", **kw}
    return label(x, y, text, anchor=anchor, **kw)


@numbers_checked
def arrow(points: Sequence[Point], color: str = "muted", width: float = 3, **kw: Any) -> Polyline:
    """A polyline with an arrowhead at its last point; tween `progress` to draw it."""
    return Polyline(points=tuple(points), color=color, width=width, arrow=True, **kw)


@numbers_checked
def line(points: Sequence[Point], color: str = "muted", width: float = 2, **kw: Any) -> Polyline:
    return Polyline(points=tuple(points), color=color, width=width, **kw)


@numbers_checked
def dot(x: float, y: float, r: float, fill: str, **kw: Any) -> Circle:
    return Circle(x=x, y=y, r=r, fill=fill, **kw)


@numbers_checked
def check_mark(
    cx: float, cy: float, size: float = 12, color: str = "success", **kw: Any
) -> Polyline:
    """A tick that can draw itself (tween `progress` from 0 to 1)."""
    pts = (
        (cx - size * 0.55, cy),
        (cx - size * 0.12, cy + size * 0.42),
        (cx + size * 0.6, cy - size * 0.45),
    )
    return Polyline(points=pts, color=color, width=3.2, **kw)


@numbers_checked
def strike(x0: float, x1: float, y: float, color: str = "danger", **kw: Any) -> Polyline:
    """A line through a label that draws itself from left to right."""
    return Polyline(points=((x0, y), (x1, y)), color=color, width=3, **kw)
