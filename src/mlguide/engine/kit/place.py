"""Placing parts relative to each other: bounds, move, next to, in a row, on a grid, inside
a box. A layout then says "the note goes under its pill, 12 px apart" instead of adding up
coordinates by hand, and stays right when a label's text (and so its width) changes.

Every function takes a part (a shape, a `Pill`, any frozen dataclass of shapes, a tuple of
them) and returns a moved copy: nothing is changed in place. Sizes come from what is drawn:
a text's box is its glyphs' box at its anchor (`raster.text_box`), a circle's its radius.
Only shapes move; other values in a part (a header's `bottom`, say) are kept as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any, TypeVar

from mlguide.engine.anchors import BOX_POINTS, anchor_problem
from mlguide.engine.arguments import KeywordsChecked, keywords_checked
from mlguide.engine.raster import text_box
from mlguide.engine.shapes import Circle, Point, Polyline, Rect, Shape, Text, numbers_checked

T = TypeVar("T")

SIDES = ("right", "left", "below", "above")


@dataclass(frozen=True)
class Box(KeywordsChecked):
    """An axis-aligned box in canvas pixels: what parts are placed by."""

    x: float
    y: float
    w: float
    h: float

    @property
    def left(self) -> float:
        return self.x

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def center(self) -> Point:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def point(self, anchor: str) -> Point:
        """The named point of the box: "center", "top-left", "bottom", ..."""
        fx, fy = BOX_POINTS[_checked(anchor)]
        return (self.x + self.w * fx, self.y + self.h * fy)

    def inset(self, by: float) -> Box:
        """The box with `by` px taken off each side (negative: grown)."""
        return Box(self.x + by, self.y + by, self.w - 2 * by, self.h - 2 * by)


@keywords_checked
def bounds(part: Any) -> Box:
    """The box around everything `part` draws (a `Box` is its own bounds)."""
    edges = list(_edges(part))
    if not edges:
        raise ValueError(f"{type(part).__name__} has no shapes to place")
    left = min(e[0] for e in edges)
    top = min(e[1] for e in edges)
    right = max(e[2] for e in edges)
    bottom = max(e[3] for e in edges)
    return Box(left, top, right - left, bottom - top)


@keywords_checked
@numbers_checked
def shift(part: T, dx: float = 0.0, dy: float = 0.0) -> T:
    """`part` moved by (dx, dy)."""
    if isinstance(part, Shape):
        return replace(part, x=part.x + dx, y=part.y + dy)
    if isinstance(part, tuple):
        return tuple(shift(p, dx, dy) for p in part)  # type: ignore[return-value]
    if isinstance(part, list):
        return [shift(p, dx, dy) for p in part]  # type: ignore[return-value]
    if is_dataclass(part) and not isinstance(part, type | Box):
        changes = {f.name: shift(getattr(part, f.name), dx, dy) for f in fields(part) if f.init}
        return replace(part, **changes)
    return part


@keywords_checked
@numbers_checked
def move_to(part: T, point: Point, anchor: str = "center") -> T:
    """`part` moved so that its `anchor` point ("center", "top-left", ...) is at `point`."""
    x, y = bounds(part).point(anchor)
    return shift(part, point[0] - x, point[1] - y)


@keywords_checked
@numbers_checked
def align_to(part: T, target: Any, anchor: str = "center", inset: float = 0.0) -> T:
    """`part` placed inside `target` (a part or a `Box`) at its `anchor`, `inset` px in from
    the edges: `align_to(label, card, "top-left", inset=16)`."""
    return move_to(part, bounds(target).inset(inset).point(anchor), anchor)


@keywords_checked
@numbers_checked
def next_to(
    part: T, target: Any, side: str = "right", gap: float = 16.0, align: str = "center"
) -> T:
    """`part` beside `target`, `gap` px away on `side` ("right", "left", "below", "above").
    `align` lines them up along that side: "top", "center" or "bottom" beside it; "left",
    "center" or "right" above or below it."""
    if side not in SIDES:
        raise ValueError(f"unknown side {side!r}; use one of {', '.join(map(repr, SIDES))}")
    box, to = bounds(part), bounds(target)
    across = (
        ("top", "center", "bottom") if side in ("right", "left") else ("left", "center", "right")
    )
    if align not in across:
        raise ValueError(
            f"align {align!r} beside {side!r}; use one of {', '.join(map(repr, across))}"
        )
    fraction = across.index(align) / 2
    if side in ("right", "left"):
        x = to.right + gap if side == "right" else to.left - gap - box.w
        y = to.top + (to.h - box.h) * fraction
    else:
        y = to.bottom + gap if side == "below" else to.top - gap - box.h
        x = to.left + (to.w - box.w) * fraction
    return shift(part, x - box.x, y - box.y)


@keywords_checked
@numbers_checked
def arrange(
    parts: Sequence[T], direction: str = "right", gap: float = 16.0, align: str = "center"
) -> tuple[T, ...]:
    """The parts in a row ("right"), a column ("below") or the other way, each `gap` px
    after the one before; the first stays where it is. Place the row afterwards with
    `move_to` or `align_to` on the whole tuple."""
    if not parts:
        return ()
    out = [parts[0]]
    for part in parts[1:]:
        out.append(next_to(part, out[-1], direction, gap, align))
    return tuple(out)


@keywords_checked
@numbers_checked
def grid(
    parts: Sequence[T],
    columns: int,
    gap: float | tuple[float, float] = 16.0,
    at: Point = (0.0, 0.0),
    align: str = "center",
) -> tuple[T, ...]:
    """The parts in rows of `columns`, left to right then top to bottom, from the top-left
    point `at`. Every cell is as wide as the widest part of its column and as tall as the
    tallest of its row; `align` places each part in its cell ("center", "left", "top-left", ...)."""
    if columns < 1:
        raise ValueError("a grid has at least one column")
    gx, gy = gap if isinstance(gap, tuple) else (gap, gap)
    boxes = [bounds(p) for p in parts]
    rows = (len(parts) + columns - 1) // columns
    widths = [max((b.w for b in boxes[c::columns]), default=0.0) for c in range(columns)]
    heights = [max(b.h for b in boxes[r * columns : (r + 1) * columns]) for r in range(rows)]
    out = []
    for i, part in enumerate(parts):
        r, c = divmod(i, columns)
        cell = Box(
            at[0] + sum(widths[:c]) + gx * c,
            at[1] + sum(heights[:r]) + gy * r,
            widths[c],
            heights[r],
        )
        out.append(align_to(part, cell, align))
    return tuple(out)


def _checked(anchor: str) -> str:
    problem = anchor_problem(anchor, BOX_POINTS)
    if problem is not None:
        raise ValueError(problem)
    return anchor


def _edges(part: Any) -> Any:
    """(left, top, right, bottom) of each shape in `part`."""
    if isinstance(part, Box):
        yield (part.left, part.top, part.right, part.bottom)
    elif isinstance(part, Rect):
        yield (part.x, part.y, part.x + part.w, part.y + part.h)
    elif isinstance(part, Circle):
        r = part.r * part.scale
        yield (part.x - r, part.y - r, part.x + r, part.y + r)
    elif isinstance(part, Text):
        if part.text:
            yield text_box(part)
    elif isinstance(part, Polyline):
        if part.points:
            xs = [part.x + px for px, _ in part.points]
            ys = [part.y + py for _, py in part.points]
            yield (min(xs), min(ys), max(xs), max(ys))
    elif isinstance(part, tuple | list):
        for p in part:
            yield from _edges(p)
    elif is_dataclass(part) and not isinstance(part, type):
        for f in fields(part):
            yield from _edges(getattr(part, f.name))
