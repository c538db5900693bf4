"""The scene API: everything a scene file in `assets/scenes/` needs, in one import.

A scene file is a small module that `mlguide render-assets` discovers by its file name:

    FIGURE = Animation("What the figure shows")   # or Still(...): what to write, how big
    def layout() -> Parts: ...                     # the first frame, as named parts
    def timeline(p: Parts) -> Step: ...            # animations: what changes when

`layout` returns a tree of frozen dataclasses, tuples and shapes; each shape's id is its path
in that tree (`rows[2].key`). `timeline` gets the same parts back and composes changes with
`seq`, `par`, `stagger`, `at` and `loop`; the duration follows from it. Files named `_*.py`
beside the scenes are the project's helpers, imported as plain modules.

Shapes take keyword arguments only (`Rect(x=10, y=20, w=200, h=80)`); text and boxes are
placed by named anchors ("center", "top-left", "baseline-left"); `next_to`, `arrange`,
`grid` and `align_to` place parts relative to each other. A scene that reads a data file asks
for it with `data("results.csv")`, so that editing the file draws the figure again.

Phones show a figure about 330 px wide, where a 960 px canvas's labels shrink to 6 px. A
figure that declares `narrow=(480, 600)` gets a second, portrait layout for phones: its
`layout(canvas)` is called once per canvas (`canvas.narrow` says which) and must return the
same parts, placed for that canvas, so the one timeline plays both. Pages serve the narrow
files to screens under 48rem. `render-assets` warns about any label smaller than 12 CSS px
where its picture is shown narrowest (docs/design.md).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from typing import Any

from mlguide.engine.arguments import KeywordsChecked, keywords_checked
from mlguide.engine.compose import (
    REWIND_MS,
    Step,
    Timeline,
    at,
    beat,
    compile_timeline,
    fade_in,
    fade_out,
    hidden,
    loop,
    par,
    seq,
    snap,
    stagger,
    to,
    tween,
    wait,
)
from mlguide.engine.easing import EASINGS
from mlguide.engine.kit.motion import conveyor, orbit, swap_text
from mlguide.engine.kit.pieces import (
    FPS,
    MARGIN,
    NARROW_W,
    WIDE,
    Frame,
    H,
    Header,
    Pill,
    W,
    arrow,
    box,
    caption,
    check_mark,
    dot,
    header,
    label,
    line,
    measure,
    narrow_frame,
    pill,
    strike,
)
from mlguide.engine.kit.place import (
    Box,
    align_to,
    arrange,
    bounds,
    grid,
    move_to,
    next_to,
    shift,
)
from mlguide.engine.shapes import Circle, Polyline, Rect, Text
from mlguide.scenes.reads import data
from mlguide.tokens import TYPE

__all__ = [
    # what a scene file declares
    "Animation",
    "Canvas",
    "Still",
    "frame_for",
    # the data files it reads (recorded: editing one draws the figure again)
    "data",
    # shapes (keyword arguments only) and the pieces that make them
    "Circle",
    "Polyline",
    "Rect",
    "Text",
    "Frame",
    "Header",
    "Pill",
    "arrow",
    "box",
    "caption",
    "check_mark",
    "dot",
    "header",
    "label",
    "line",
    "measure",
    "narrow_frame",
    "pill",
    "strike",
    "FPS",
    "H",
    "MARGIN",
    "NARROW_W",
    "TYPE",
    "W",
    "WIDE",
    # placing parts: by named anchors ("center", "top-left", "baseline-left", ...)
    "Box",
    "align_to",
    "arrange",
    "bounds",
    "grid",
    "move_to",
    "next_to",
    "shift",
    # changes, motions and their composition
    "EASINGS",
    "REWIND_MS",
    "Step",
    "Timeline",
    "at",
    "beat",
    "compile_timeline",
    "conveyor",
    "fade_in",
    "fade_out",
    "hidden",
    "loop",
    "orbit",
    "par",
    "seq",
    "snap",
    "stagger",
    "swap_text",
    "to",
    "tween",
    "wait",
]


@dataclass(frozen=True)
class Canvas(KeywordsChecked):
    """What a layout draws on: `layout(canvas)` places its parts for this size."""

    width: int
    height: int
    narrow: bool = False  # the phone (portrait) variant


@dataclass(frozen=True)
class Animation(KeywordsChecked):
    """A looping figure: written as a GIF (the universal fallback), a lossless animated WebP
    and a still PNG of its first frame, plus WebP and still in the dark palette; with
    `narrow`, the same four again for phones (no GIF: every browser with <picture> has WebP)."""

    description: str
    file: str = ""  # the stem of the files in assets/; empty: the scene's name
    size: tuple[int, int] = (W, H)
    fps: int = FPS
    narrow: tuple[int, int] | None = None  # the phone layout's canvas (layout takes a Canvas)

    def files(self, name: str) -> tuple[str, ...]:
        stem = self.file or name
        wide = (
            f"{stem}.gif",
            f"{stem}.webp",
            f"{stem}-still.png",
            f"{stem}-dark.webp",
            f"{stem}-dark-still.png",
        )
        if self.narrow is None:
            return wide
        return (
            *wide,
            f"{stem}-narrow.webp",
            f"{stem}-narrow-still.png",
            f"{stem}-narrow-dark.webp",
            f"{stem}-narrow-dark-still.png",
        )


@dataclass(frozen=True)
class Still(KeywordsChecked):
    """One PNG (a poster, an og:image). It has a layout and no timeline."""

    description: str
    file: str = ""  # the PNG's name in assets/; empty: "<scene name>.png"
    size: tuple[int, int] = (W, H)
    # Also a `-dark.png` in the dark palette, which pages show in dark mode (a hero). Social
    # cards (og:image) stay light: no network shows a dark variant.
    dark: bool = False
    narrow: tuple[int, int] | None = None  # `-narrow.png` for phones (layout takes a Canvas)
    on_page: bool = True  # False: only a social image (og:image), never shown on a phone

    def files(self, name: str) -> tuple[str, ...]:
        light = self.file or f"{name}.png"
        files = (light, dark_name(light)) if self.dark else (light,)
        if self.narrow is None:
            return files
        small = narrow_name(light)
        return (*files, small, dark_name(small)) if self.dark else (*files, small)


@keywords_checked
def frame_for(canvas: Canvas) -> Frame:
    """The frame (margin, type sizes) a layout uses on `canvas`: wide, or narrow for phones."""
    if canvas.narrow:
        return narrow_frame(canvas.height, canvas.width)
    return replace(WIDE, width=canvas.width, height=canvas.height)


def dark_name(file: str) -> str:
    """`poster.png` -> `poster-dark.png`: where a page looks for a picture's dark variant."""
    stem, dot, suffix = file.rpartition(".")
    return f"{stem}-dark.{suffix}" if dot else f"{file}-dark"


def narrow_name(file: str) -> str:
    """`poster.png` -> `poster-narrow.png`: where a page looks for a picture's phone layout."""
    stem, dot, suffix = file.rpartition(".")
    return f"{stem}-narrow.{suffix}" if dot else f"{file}-narrow"


Figure = Animation | Still


def __getattr__(name: str) -> Any:
    """`scene.Path`, the old name of `Polyline` (it shadowed `pathlib.Path` in any scene that
    also opens files), still works for a while, with a DeprecationWarning."""
    if name == "Path":
        warnings.warn(
            "mlguide.scene.Path is now Polyline (Path shadowed pathlib.Path); rename it",
            DeprecationWarning,
            stacklevel=2,
        )
        return Polyline
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
