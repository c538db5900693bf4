"""The committed review sheet of cards is what the code draws (a reviewed golden image).

After a change to the cards' design, run `.venv/bin/python scripts/cards_sheet.py`, look at
docs/cards-sheet.png and commit it with the change.
"""

from __future__ import annotations

import io

from PIL import Image

from mlguide.cards import HERO
from mlguide.cards.sheet import COLUMNS, PAD, SHRINK, cards_sheet

from .card_samples import SAMPLES
from .conftest import REPO

SHEET = REPO / "docs" / "cards-sheet.png"


def test_the_committed_sheet_is_what_the_cards_draw_now() -> None:
    fresh = cards_sheet(SAMPLES)
    assert SHEET.read_bytes() == fresh, "redraw it: .venv/bin/python scripts/cards_sheet.py"


def test_the_sheet_holds_every_sample_at_half_size() -> None:
    with Image.open(io.BytesIO(cards_sheet(SAMPLES))) as img:
        rows = -(-len(SAMPLES) // COLUMNS)
        assert img.width == COLUMNS * (HERO[0] // SHRINK + PAD) + PAD
        assert img.height > rows * HERO[1] // SHRINK
        assert len(SAMPLES) == 12
