"""Is every label of a picture readable where a page shows it smallest?

A canvas is drawn once and shown at many widths; a label's size on screen is its size on the
canvas times (shown width / canvas width). The rule (docs/design.md): no text under 12 CSS px.
The narrowest place each variant is shown follows from the site's CSS (templates/style.css):

- a phone of 360 px shows a figure in its column, 360 - 2 x 16 px gutters = 328 px wide, and
  shows the narrow variant when the scene has one, else the wide picture;
- a wide picture that has a narrow variant is shown from 48rem (768 px) up, where the figure
  track is min(768 - 2 x 24, 44rem) = 704 px wide.

The check reads the finished picture (the first frame: the still shows every label) and every
text a timeline swaps in, at the size the drawing code really uses (`max_width` shrinks a
label to fit). It is pure: `render-assets` turns what it finds into warnings.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlguide.engine.fonts import fitted_size
from mlguide.engine.raster import SCALE
from mlguide.engine.shapes import Text
from mlguide.engine.timeline import Scene

MIN_CSS_PX = 12.0
PHONE_WIDTH = 360  # the narrowest phone the rule is checked at
PHONE_COLUMN = 328  # what a figure gets of it: 360 - 2 x 16 px gutters
WIDE_FROM = 704  # the narrowest a wide picture with a narrow variant is shown (768 px up)


@dataclass(frozen=True)
class SmallText:
    """A label that shows smaller than the rule allows."""

    shape: str  # the shape's id in the scene (`slices[3].label`)
    text: str
    canvas_px: float  # as drawn on the canvas
    css_px: float  # as shown

    def describe(self) -> str:
        words = self.text if len(self.text) <= 32 else self.text[:31] + "…"
        return f"“{words}” ({self.shape}) {self.css_px:g} px"


def summary(found: list[SmallText], shown: float, listed: int = 4) -> str:
    """One line for every small label of a picture: the smallest few by name."""
    count = len(found)
    names = ", ".join(s.describe() for s in found[:listed])
    more = f" and {count - listed} more" if count > listed else ""
    what = "label is" if count == 1 else "labels are"
    return (
        f"{count} {what} under {MIN_CSS_PX:g} CSS px where the picture is shown "
        f"{shown:g} px wide: {names}{more}"
    )


def shown_width(narrow_variant: bool, has_narrow: bool) -> float:
    """The narrowest width (CSS px) a page shows this picture at."""
    return WIDE_FROM if has_narrow and not narrow_variant else PHONE_COLUMN


def drawn_px(shape: Text, text: str | None = None) -> float:
    """The text's size on the canvas as drawn (after `max_width` shrinks it)."""
    words = shape.text if text is None else text
    return (
        fitted_size(words, shape.weight, shape.size * shape.scale, shape.max_width, SCALE) / SCALE
    )


def small_texts(scene: Scene, shown: float, minimum: float = MIN_CSS_PX) -> list[SmallText]:
    """Every label of `scene` under `minimum` CSS px when the canvas is shown `shown` px wide,
    smallest first; each shape once, at its smallest."""
    ratio = shown / scene.width
    texts = {s.id: s for s in scene.shapes if isinstance(s, Text)}
    found: dict[str, SmallText] = {}

    def consider(shape: Text, words: str) -> None:
        if not words.strip():
            return
        px = drawn_px(shape, words)
        css = px * ratio
        if css < minimum and (shape.id not in found or css < found[shape.id].css_px):
            found[shape.id] = SmallText(shape.id, words, round(px, 1), round(css, 1))

    for shape in texts.values():
        consider(shape, shape.text)
    for tween in scene.tweens:
        if tween.prop == "text" and tween.target in texts and isinstance(tween.value, str):
            consider(texts[tween.target], tween.value)
    return sorted(found.values(), key=lambda s: (s.css_px, s.shape))


MIN_FINISHED_MS = 3000  # each loop shows the finished picture at least this long


def finished_ms(scene: Scene) -> int:
    """How long each loop shows the finished picture (the first frame, which is also the
    still): from the last change of one loop to the first change of the next. 0 for a
    still picture."""
    if scene.duration <= 0 or not scene.tweens:
        return 0
    first = min(t.start for t in scene.tweens)
    last = max(t.end for t in scene.tweens)
    return first + max(0, scene.duration - last)
