"""What a shape's properties may hold: the checks a shape makes when it is built and a
change makes when it is asked for.

A shape checks itself at construction, not when the scene is put together: the error is
then raised inside the author's call (`Circle(..., fill="notacolour")`), and the scene
loader reports the line that wrote the value instead of the line of `def layout`.
"""

from __future__ import annotations

import re
from typing import Any

from mlguide.engine.anchors import anchor_problem
from mlguide.engine.fonts import FILES
from mlguide.tokens import LIGHT

COLOR_PROPS = frozenset({"fill", "stroke", "color", "on"})
HEX = re.compile(r"#[0-9a-fA-F]{6}")


def value_problem(prop: str, value: Any) -> str | None:
    """What is wrong with a value the drawing code would only trip over mid-render."""
    if prop in COLOR_PROPS and not drawable_colour(value):
        return f"unknown colour {value!r}; use a token such as 'ink' or 'accent', or '#rrggbb'"
    if prop == "weight" and value not in FILES:
        return f"unknown weight {value!r}; use one of {', '.join(FILES)}"
    if prop == "anchor":
        return anchor_problem(value)
    return None


def drawable_colour(value: Any) -> bool:
    if value is None or isinstance(value, tuple):  # a tuple: a colour mixed mid-change
        return True
    return isinstance(value, str) and bool(HEX.fullmatch(value) or hasattr(LIGHT, value))
