"""A contact sheet of cards, for review: each card at half size with its name beneath.

Like the scenes' sheets (`render/sheet.py`), for a pull request or a look before publishing:
every card of a set side by side shows at once a title that wraps badly, a cramped footer or
an ellipsis that came too soon.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import numpy as np
from PIL import Image, ImageDraw

from mlguide.cards.draw import HERO, card_png
from mlguide.cards.text import CardText
from mlguide.engine.encode import encode_png
from mlguide.engine.fonts import font
from mlguide.engine.raster import color_of
from mlguide.tokens import LIGHT, Palette

COLUMNS = 3
SHRINK = 2
PAD = 20
CAPTION = 30


def cards_sheet(
    cards: Mapping[str, CardText], size: tuple[int, int] = HERO, palette: Palette = LIGHT
) -> bytes:
    """A PNG of every card in `cards` (name -> text), in order, COLUMNS to a row."""
    thumb = (size[0] // SHRINK, size[1] // SHRINK)
    cols = max(1, min(COLUMNS, len(cards)))
    rows = -(-len(cards) // cols)
    cell_w, cell_h = thumb[0] + PAD, thumb[1] + CAPTION + PAD
    sheet = Image.new("RGB", (cols * cell_w + PAD, rows * cell_h + PAD), color_of("surface_2"))
    draw = ImageDraw.Draw(sheet)
    label = font("mono-bold", 16)
    for i, (name, text) in enumerate(cards.items()):
        x, y = PAD + (i % cols) * cell_w, PAD + (i // cols) * cell_h
        with Image.open(io.BytesIO(card_png(text, size, palette))) as card:
            small = card.convert("RGB").resize(thumb, Image.Resampling.LANCZOS)
        sheet.paste(small, (x, y))
        draw.rectangle((x - 1, y - 1, x + thumb[0], y + thumb[1]), outline=color_of("border"))
        draw.text((x, y + thumb[1] + 7), name, font=label, fill=color_of("ink"))
    return encode_png(np.asarray(sheet))  # palette-encoded: a third of the RGB bytes
