"""Shapes as frozen dataclasses. Colours are token names, resolved only when drawing.

Every shape says what it sits `on` (a token): opacity is drawn as a blend toward that colour,
which keeps flat fills exact, GIF palettes small and lets tests check text contrast.

Fields are keyword-only: `Rect(10, 20, 30, 40)` would otherwise fill the hidden `id`, `x`,
`y` and `opacity` and draw nothing, silently. Positional calls are a TypeError at the
author's line, which says how to write it.
"""

from __future__ import annotations

import functools
import inspect
import numbers
import typing
from collections.abc import Callable, Hashable
from dataclasses import dataclass, fields
from typing import Any, ParamSpec, TypeVar

from mlguide.engine.arguments import init_fields, unknown_keyword
from mlguide.engine.fonts import font
from mlguide.engine.values import TEXT_SIZE, number_problem, value_problem
from mlguide.errors import MlguideError

Point = tuple[float, float]


@dataclass(frozen=True, kw_only=True)
class Shape:
    id: str = ""  # scenes leave it empty: the layout names each shape by its path
    x: float = 0.0
    y: float = 0.0
    opacity: float = 1.0
    on: str = "bg"
    layer: int = 0

    def __new__(cls, *args: Any, **kwargs: Any) -> Shape:
        if args:
            names = [f.name for f in fields(cls) if f.name not in _HIDDEN][:4]
            example = ", ".join(f"{n}=..." for n in names)
            raise TypeError(
                f"{cls.__name__}() takes keyword arguments only, "
                f"e.g. {cls.__name__}({example}); got {len(args)} positional"
            )
        if not kwargs.keys() <= init_fields(cls):  # `txt=`: at the author's line, with `text`
            raise unknown_keyword(cls.__name__, kwargs, init_fields(cls))
        return super().__new__(cls)

    def __post_init__(self) -> None:
        # Checked here, inside the author's call, so the error names the line that wrote the
        # value (scenes/load.py walks the traceback to it); the scene would only know the
        # shape's path.
        for name in _CHECKED:
            value = getattr(self, name, _ABSENT)
            problem = None if value is _ABSENT else value_problem(name, value)
            if problem is not None:
                raise MlguideError(f"{type(self).__name__} {name}: {problem}")
        for name in _numbers(typing.cast(Hashable, type(self))):
            _check_number(type(self).__name__, name, getattr(self, name))


def _check_number(owner: str, name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise MlguideError(
            f"{owner} {name}: {value!r} is not a number; write {name}={_as_number(value)}"
        )
    problem = number_problem(name, float(value))
    if problem is not None:
        raise MlguideError(f"{owner} {name}: {problem}")


P = ParamSpec("P")
R = TypeVar("R")


def numbers_checked(func: Callable[P, R]) -> Callable[P, R]:
    """A piece's number arguments (`pill(size=...)`) checked at the author's call, as a
    shape's fields are: `size="30"` failed inside text measuring with "type str doesn't
    define __round__ method"."""
    parameters = list(inspect.signature(func).parameters.values())
    checked = [(i, p.name) for i, p in enumerate(parameters) if p.annotation in ("float", "int")]

    @functools.wraps(func)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        for i, name in checked:
            value = args[i] if i < len(args) else kwargs.get(name, _ABSENT)
            if value is not _ABSENT:
                _check_number(func.__name__, name, value)
        return func(*args, **kwargs)

    return call


@functools.cache
def _numbers(kind: Any) -> tuple[str, ...]:
    """The fields of `kind` that hold a number (drawing code does arithmetic with them: a
    string there failed deep in the engine, with a traceback)."""
    return tuple(f.name for f in fields(kind) if f.type in ("float", "int"))


def _as_number(value: Any) -> str:
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return "12"


_ABSENT = object()
_CHECKED = ("text", "fill", "stroke", "color", "on", "weight", "anchor")
_HIDDEN = frozenset({"id", "opacity", "on", "layer"})


@dataclass(frozen=True, kw_only=True)
class Rect(Shape):
    w: float = 0.0
    h: float = 0.0
    fill: str | None = "surface"
    stroke: str | None = None
    stroke_width: float = 0.0
    radius: float = 0.0
    dashed: bool = False


@dataclass(frozen=True, kw_only=True)
class Circle(Shape):
    r: float = 0.0
    fill: str | None = "accent"
    stroke: str | None = None
    stroke_width: float = 0.0
    scale: float = 1.0


@dataclass(frozen=True, kw_only=True)
class Text(Shape):
    text: str = ""
    size: float = 20.0
    weight: str = "regular"  # regular | semibold | bold | mono | mono-bold
    color: str = "ink"
    anchor: str = "center"  # which point of the text is at (x, y): engine/anchors.py
    max_width: float = 0.0  # > 0: the size shrinks until the text fits
    scale: float = 1.0

    def __post_init__(self) -> None:
        super().__post_init__()
        # Pillow draws a text into one bitmap first: a text far larger than any canvas made a
        # bitmap over its decompression-bomb limit, a traceback mid-render.
        px = max(1, round(self.size * max(self.scale, 1.0)))
        lines = self.text.split("\n")
        measured = min(px, round(TEXT_SIZE[1]))  # FreeType refuses a huge size: scale up
        wide = max(font(self.weight, measured).getlength(line) for line in lines) * px / measured
        tall = px * len(lines)
        if wide * tall > TEXT_PIXELS:
            raise MlguideError(
                f"Text: {_short(self.text)!r} would be {wide:,.0f} x {tall:,} px at size "
                f"{self.size:g}, more than {TEXT_PIXELS // 1_000_000} million pixels, far "
                "beyond any canvas: shorten it or make it smaller"
            )


# Pillow draws at raster.SCALE 2, so such a text's bitmap stays under its decompression-bomb
# limit (89 million pixels); the largest canvas (limits.SCENE_SIDE squared) holds 16 million.
TEXT_PIXELS = 20_000_000


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:29] + "…"


@dataclass(frozen=True, kw_only=True)
class Polyline(Shape):
    """Connected straight segments (a line, an arrow, a tick, a closed polygon), drawn up to
    `progress` of their length: lines and arrows that draw themselves. Named so that it does
    not shadow `pathlib.Path` in a scene that also opens files."""

    points: tuple[Point, ...] = ()
    color: str = "ink"
    width: float = 3.0
    progress: float = 1.0
    arrow: bool = False
    dashed: bool = False
    closed: bool = False
    fill: str | None = None
