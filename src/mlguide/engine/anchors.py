"""Named anchors: which point of a text (or a box) sits at its x, y.

Authors write "center", "top-left" or "baseline-left"; only the rasteriser speaks Pillow's
two-letter codes ("mm", "la", "ls"). Names read in review and cannot be mistyped into a
valid but different code ("ml" is not "lm"); a Pillow code in a scene is an error that names
the word to write instead.
"""

from __future__ import annotations

from collections.abc import Mapping

# name -> Pillow's code. "top" is the font's ascender line and "bottom" its descender line,
# not each text's own ink: labels anchored alike in a row share their baseline.
TEXT_ANCHORS: dict[str, str] = {
    "center": "mm",
    "left": "lm",
    "right": "rm",
    "top": "ma",
    "bottom": "md",
    "top-left": "la",
    "top-right": "ra",
    "bottom-left": "ld",
    "bottom-right": "rd",
    "baseline": "ms",
    "baseline-left": "ls",
    "baseline-right": "rs",
}

# Where each name puts the point on a box: fractions of its width and height. "baseline"
# has no meaning for a box and is not here.
BOX_POINTS: dict[str, tuple[float, float]] = {
    "center": (0.5, 0.5),
    "left": (0.0, 0.5),
    "right": (1.0, 0.5),
    "top": (0.5, 0.0),
    "bottom": (0.5, 1.0),
    "top-left": (0.0, 0.0),
    "top-right": (1.0, 0.0),
    "bottom-left": (0.0, 1.0),
    "bottom-right": (1.0, 1.0),
}

_BY_CODE = {code: name for name, code in TEXT_ANCHORS.items()}


def pillow_anchor(name: str) -> str:
    """Pillow's code for a named text anchor (the name is checked when the scene is built)."""
    return TEXT_ANCHORS[name]


def anchor_problem(value: object, names: Mapping[str, object] | None = None) -> str | None:
    """What is wrong with an anchor an author wrote, or None."""
    known = TEXT_ANCHORS if names is None else names
    if isinstance(value, str) and value in known:
        return None
    hint = ""
    if isinstance(value, str) and value in _BY_CODE and _BY_CODE[value] in known:
        hint = f" (Pillow's code for {_BY_CODE[value]!r})"
    choices = ", ".join(repr(n) for n in known)
    return f"unknown anchor {value!r}{hint}; use one of {choices}"
