"""The scene API: everything a scene file in `assets/scenes/` needs, in one import.

A scene file is a small module that `mlguide render-assets` discovers by its file name:

    FIGURE = Animation("What the figure shows")   # or Still(...): what to write, how big
    def layout() -> Parts: ...                     # the first frame, as named parts
    def timeline(p: Parts) -> Step: ...            # animations: what changes when

`layout` returns a tree of frozen dataclasses, tuples and shapes; each shape's id is its path
in that tree (`rows[2].key`). `timeline` gets the same parts back and composes changes with
`seq`, `par`, `stagger`, `at` and `loop`; the duration follows from it. Files named `_*.py`
beside the scenes are the project's helpers, imported as plain modules.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    pill,
    strike,
)
from mlguide.engine.shapes import Circle, Path, Rect, Text
from mlguide.tokens import TYPE

__all__ = [
    # what a scene file declares
    "Animation",
    "Still",
    # shapes and the pieces that make them
    "Circle",
    "Path",
    "Rect",
    "Text",
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
    "pill",
    "strike",
    "FPS",
    "H",
    "MARGIN",
    "TYPE",
    "W",
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
class Animation:
    """A looping figure: written as a GIF (the universal fallback), a lossless animated WebP
    and a still PNG of its first frame, plus WebP and still in the dark palette."""

    description: str
    file: str = ""  # the stem of the files in assets/; empty: the scene's name
    size: tuple[int, int] = (W, H)
    fps: int = FPS

    def files(self, name: str) -> tuple[str, ...]:
        stem = self.file or name
        return (
            f"{stem}.gif",
            f"{stem}.webp",
            f"{stem}-still.png",
            f"{stem}-dark.webp",
            f"{stem}-dark-still.png",
        )


@dataclass(frozen=True)
class Still:
    """One PNG (a poster, an og:image). It has a layout and no timeline."""

    description: str
    file: str = ""  # the PNG's name in assets/; empty: "<scene name>.png"
    size: tuple[int, int] = (W, H)
    # Also a `-dark.png` in the dark palette, which pages show in dark mode (a hero). Social
    # cards (og:image) stay light: no network shows a dark variant.
    dark: bool = False

    def files(self, name: str) -> tuple[str, ...]:
        light = self.file or f"{name}.png"
        return (light, dark_name(light)) if self.dark else (light,)


def dark_name(file: str) -> str:
    """`poster.png` -> `poster-dark.png`: where a page looks for a picture's dark variant."""
    stem, dot, suffix = file.rpartition(".")
    return f"{stem}-dark.{suffix}" if dot else f"{file}-dark"


Figure = Animation | Still
