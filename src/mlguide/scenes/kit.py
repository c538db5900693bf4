"""Building blocks every scene shares: header, boxes, pills, arrows, text swaps, loop closing.

Scenes compose these; nothing here draws. Layout numbers are in canvas pixels (960x540).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import fields
from typing import Any

from ..render.fonts import font
from ..render.shapes import Circle, Path, Point, Rect, Shape, Text
from ..render.timeline import Scene, Tween, set_at
from ..tokens import TYPE

W, H = 960, 540
MARGIN = 48
FPS = 15


def measure(text: str, weight: str = "regular", size: float = TYPE.body) -> float:
    return float(font(weight, round(size * 4)).getlength(text)) / 4


def header(stage: str, kicker: str, title: str) -> list[Shape]:
    """Stage pill ("Steps 3–6 · Data") above the scene title, identical in every GIF."""
    shapes: list[Shape] = list(pill("kicker", MARGIN, 46, kicker, fill=stage, anchor="l"))
    shapes.append(
        Text(
            "title",
            MARGIN,
            104,
            text=title,
            size=TYPE.title,
            weight="bold",
            color="ink",
            anchor="ls",
            max_width=W - 2 * MARGIN,
        )
    )
    return shapes


def pill(
    ident: str,
    x: float,
    y: float,
    text: str,
    fill: str,
    color: str = "accent_ink",
    size: float = TYPE.small,
    anchor: str = "m",
    on: str = "bg",
    stroke: str | None = None,
) -> list[Shape]:
    """A rounded label; `anchor` l/m/r places its left edge, centre or right edge at x."""
    w = measure(text, "bold", size) + 28
    h = size + 16
    left = {"l": x, "m": x - w / 2, "r": x - w}[anchor]
    return [
        Rect(
            f"{ident}-bg",
            left,
            y - h / 2,
            w=w,
            h=h,
            fill=fill,
            radius=h / 2,
            on=on,
            stroke=stroke,
            stroke_width=2 if stroke else 0,
        ),
        Text(
            f"{ident}-text",
            left + w / 2,
            y,
            text=text,
            size=size,
            weight="bold",
            color=color,
            on=fill,
        ),
    ]


def pill_width(shapes: Sequence[Shape]) -> float:
    """The width of a pill made by `pill` (its background rectangle comes first)."""
    background = shapes[0]
    assert isinstance(background, Rect)
    return background.w


def box(
    ident: str,
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
    return Rect(
        ident,
        x,
        y,
        w=w,
        h=h,
        fill=fill,
        stroke=stroke,
        stroke_width=stroke_width if stroke else 0,
        radius=radius,
        **kw,
    )


def label(
    ident: str,
    x: float,
    y: float,
    text: str,
    size: float = TYPE.body,
    weight: str = "regular",
    color: str = "ink",
    on: str = "bg",
    anchor: str = "mm",
    max_width: float = 0,
    **kw: Any,
) -> Text:
    return Text(
        ident,
        x,
        y,
        text=text,
        size=size,
        weight=weight,
        color=color,
        on=on,
        anchor=anchor,
        max_width=max_width,
        **kw,
    )


def arrow(
    ident: str, points: Sequence[Point], color: str = "muted", width: float = 3, **kw: Any
) -> Path:
    return Path(ident, points=tuple(points), color=color, width=width, arrow=True, **kw)


def dot(ident: str, x: float, y: float, r: float, fill: str, **kw: Any) -> Circle:
    return Circle(ident, x, y, r=r, fill=fill, **kw)


def swap_text(ident: str, at: int, text: str, fade: int = 160) -> list[Tween]:
    """Fade a text out, change it while invisible, fade it back in."""
    return [
        Tween(ident, "opacity", at, at + fade, 0.0),
        set_at(ident, "text", at + fade, text),
        Tween(ident, "opacity", at + fade, at + 2 * fade, 1.0),
    ]


def close_loop(
    shapes: Sequence[Shape], tweens: Sequence[Tween], at: int, dur: int = 500
) -> list[Tween]:
    """Return every property the timeline touched to its first-frame value, so the last
    frame flows into the first. Text and other discrete values switch at the start."""
    initial = {s.id: s for s in shapes}
    touched = sorted({(t.target, t.prop) for t in tweens})
    out: list[Tween] = []
    for target, prop in touched:
        value = getattr(initial[target], prop)
        if isinstance(value, int | float) or prop in _COLOR_PROPS:
            out.append(Tween(target, prop, at, at + dur, value))
        else:
            out.append(set_at(target, prop, at, value))
    return out


_COLOR_PROPS = {f.name for cls in (Rect, Circle, Text, Path) for f in fields(cls)} & {
    "fill",
    "stroke",
    "color",
    "on",
}


def make_scene(
    name: str,
    shapes: Sequence[Shape],
    tweens: Sequence[Tween],
    duration: int,
    loop_at: int | None = None,
    width: int = W,
    height: int = H,
) -> Scene:
    """A scene whose last frame equals its first (closing tweens from `loop_at`)."""
    closing = close_loop(shapes, tweens, loop_at) if loop_at is not None else []
    return Scene(name, width, height, duration, tuple(shapes), (*tweens, *closing), fps=FPS)


def check_mark(
    ident: str, cx: float, cy: float, size: float = 12, color: str = "success", **kw: Any
) -> Path:
    """A tick that can draw itself (tween `progress` from 0 to 1)."""
    pts = (
        (cx - size * 0.55, cy),
        (cx - size * 0.12, cy + size * 0.42),
        (cx + size * 0.6, cy - size * 0.45),
    )
    return Path(ident, points=pts, color=color, width=3.2, **kw)


def strike(ident: str, x0: float, x1: float, y: float, color: str = "danger", **kw: Any) -> Path:
    """A line through a label that draws itself from left to right."""
    return Path(ident, points=((x0, y), (x1, y)), color=color, width=3, **kw)


RESET_FADE = 140  # ~2 frames: a long whole-scene fade costs ~20 KB a frame


def rewind(target: str, prop: str, reset: int, value: float | str) -> Tween:
    """Return a property to its start-of-story value as the scene rewinds at `reset`."""
    return Tween(target, prop, reset - RESET_FADE, reset, value)


def hidden_until(
    tweens: list[Tween], ids_: Iterable[str], reset: int, at: int, dur: int = 280
) -> None:
    """Fade out so that it is gone at `reset` (the scene rewinds), fade back in at `at`."""
    for i in ids_:
        tweens += [
            Tween(i, "opacity", reset - RESET_FADE, reset, 0.0),
            Tween(i, "opacity", at, at + dur, 1.0),
        ]


def orbit(
    target: str,
    cx: float,
    cy: float,
    r: float,
    start: int,
    dur: int,
    from_deg: float = -90,
    sweep_deg: float = 360,
    segments: int = 24,
) -> list[Tween]:
    """Move a shape along a circular arc: short linear x/y tweens, smooth at 15 fps."""
    out: list[Tween] = []
    for k in range(segments):
        t0 = start + round(dur * k / segments)
        t1 = start + round(dur * (k + 1) / segments)
        angle = math.radians(from_deg + sweep_deg * (k + 1) / segments)
        out += [
            Tween(target, "x", t0, t1, cx + r * math.cos(angle), "linear"),
            Tween(target, "y", t0, t1, cy + r * math.sin(angle), "linear"),
        ]
    return out


def conveyor(
    ids_: Sequence[str],
    x0: float,
    x1: float,
    start: int,
    cycles: int,
    step: int = 300,
    move: int | None = None,
) -> list[Tween]:
    """Dots spaced evenly on [x0, x1) moving right one slot per `step`; a dot leaving at x1
    reappears at x0. After whole cycles every dot is back where it began (loops cleanly).
    Each dot starts at slot i (x0 + i * gap, as placed by the scene). With `move`, each step's
    motion takes only the last `move` ms of the step (the dots hop on a clock)."""
    n = len(ids_)
    gap = (x1 - x0) / n
    glide = step if move is None else move
    ease = "linear" if move is None else "out_cubic"
    out: list[Tween] = []
    for i, ident in enumerate(ids_):
        for k in range(cycles * n):
            end = start + (k + 1) * step
            at = end - glide
            slot = (i + k) % n
            if slot == n - 1:  # leaves at the end, re-enters at the start
                out += [
                    Tween(ident, "x", at, end, x1, ease),
                    Tween(ident, "opacity", at, end, 0.0, ease),
                    set_at(ident, "x", end, x0),
                    Tween(ident, "opacity", end, end + 1, 1.0, "linear"),
                ]
            else:
                out.append(Tween(ident, "x", at, end, x0 + (slot + 1) * gap, ease))
    return out
