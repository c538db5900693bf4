"""Shapes as frozen dataclasses. Colours are token names, resolved only when drawing.

Every shape says what it sits `on` (a token): opacity is drawn as a blend toward that colour,
which keeps flat fills exact, GIF palettes small and lets tests check text contrast.
"""

from __future__ import annotations

from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Shape:
    id: str = ""  # scenes leave it empty: the layout names each shape by its path
    x: float = 0.0
    y: float = 0.0
    opacity: float = 1.0
    on: str = "bg"
    layer: int = 0


@dataclass(frozen=True)
class Rect(Shape):
    w: float = 0.0
    h: float = 0.0
    fill: str | None = "surface"
    stroke: str | None = None
    stroke_width: float = 0.0
    radius: float = 0.0
    dashed: bool = False


@dataclass(frozen=True)
class Circle(Shape):
    r: float = 0.0
    fill: str | None = "accent"
    stroke: str | None = None
    stroke_width: float = 0.0
    scale: float = 1.0


@dataclass(frozen=True)
class Text(Shape):
    text: str = ""
    size: float = 20.0
    weight: str = "regular"  # regular | semibold | bold | mono | mono-bold
    color: str = "ink"
    anchor: str = "mm"  # Pillow anchors: l/m/r + a/m/s/d
    max_width: float = 0.0  # > 0: the size shrinks until the text fits
    scale: float = 1.0


@dataclass(frozen=True)
class Path(Shape):
    """A polyline, drawn up to `progress` of its length (self-drawing lines and arrows)."""

    points: tuple[Point, ...] = ()
    color: str = "ink"
    width: float = 3.0
    progress: float = 1.0
    arrow: bool = False
    dashed: bool = False
    closed: bool = False
    fill: str | None = None
