"""What a shape's properties may hold: the checks a shape makes when it is built and a
change makes when it is asked for.

A shape checks itself at construction, not when the scene is put together: the error is
then raised inside the author's call (`Circle(..., fill="notacolour")`), and the scene
loader reports the line that wrote the value instead of the line of `def layout`.
"""

from __future__ import annotations

import math
import numbers
import re
from typing import Any

from mlguide.engine.anchors import anchor_problem
from mlguide.engine.fonts import FILES
from mlguide.tokens import LIGHT

COLOR_PROPS = frozenset({"fill", "stroke", "color", "on"})
HEX = re.compile(r"#[0-9a-fA-F]{6}")

# A text's size in px. Under 1 px FreeType refuses the font; 2000 px is half the largest
# canvas (limits.SCENE_SIDE), and a glyph that tall is drawn at twice that (raster.SCALE).
# FreeType refused 10**6 with "invalid pixel size", a traceback mid-render.
TEXT_SIZE = (1.0, 2000.0)
# Sizes that draw nothing, or something else, when negative; a fraction of the way there.
NOT_NEGATIVE = frozenset({"w", "h", "r", "stroke_width", "radius", "width", "max_width", "scale"})
FRACTIONS = frozenset({"opacity", "progress"})
# A million px is far outside any canvas (limits.SCENE_SIDE): such a value is a slip (`1e308`)
# that Pillow turned into an overflow mid-render.
FAR = 1_000_000.0


def value_problem(prop: str, value: Any) -> str | None:
    """What is wrong with a value the drawing code would only trip over mid-render."""
    if prop in COLOR_PROPS and not drawable_colour(value):
        return f"unknown colour {value!r}; use a token such as 'ink' or 'accent', or '#rrggbb'"
    if prop == "weight" and value not in FILES:
        return f"unknown weight {value!r}; use one of {', '.join(FILES)}"
    if prop == "anchor":
        return anchor_problem(value)
    if prop == "text" and not isinstance(value, str):
        return f'{value!r} is not a text ({type(value).__name__}); write text="..."'
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return number_problem(prop, float(value))
    return None


def number_problem(prop: str, value: float) -> str | None:
    """NaN, infinity and sizes out of range: Pillow drew nothing, or crashed mid-render."""
    if not math.isfinite(value):
        return f"{value} is not a finite number"
    if abs(value) > FAR:
        return f"{value:g} is far outside any canvas (more than {FAR:,.0f} px away)"
    if prop == "size" and not TEXT_SIZE[0] <= value <= TEXT_SIZE[1]:
        low, high = TEXT_SIZE
        return f"{value:g} px is out of range; a text's size is {low:g} to {high:g} px"
    if prop in NOT_NEGATIVE and value < 0:
        return f"{value:g} is negative; write 0 or more"
    if prop in FRACTIONS and not 0 <= value <= 1:
        return f"{value:g} is outside 0..1 (0: none, 1: all)"
    return None


def drawable_colour(value: Any) -> bool:
    if value is None or isinstance(value, tuple):  # a tuple: a colour mixed mid-change
        return True
    return isinstance(value, str) and bool(HEX.fullmatch(value) or hasattr(LIGHT, value))
