"""A card's text to the bytes of its PNG: the layout, drawn by the engine, palette-encoded."""

from __future__ import annotations

import numpy as np

from mlguide.cards.layout import card_layout
from mlguide.cards.sizes import HERO, OG
from mlguide.cards.text import CardText
from mlguide.engine.fast_png import encode_png_fast
from mlguide.engine.parts import shapes_of
from mlguide.engine.raster import draw_frame
from mlguide.tokens import LIGHT, Palette

__all__ = ["HERO", "MAX_BYTES", "OG", "card_png"]

MAX_BYTES = 40 * 1024  # a fuller card is compressed harder (benchmarks/cards.py)


def card_png(text: CardText, size: tuple[int, int], palette: Palette = LIGHT) -> bytes:
    """One card as a palette PNG; the same text and size always give the same bytes.
    Raises UncoveredText if the fonts cannot draw some of the text."""
    layout = card_layout(text, size)
    frame = draw_frame(shapes_of(layout), size[0], size[1], "bg", palette)
    return encode_png_fast(np.asarray(frame), MAX_BYTES)
