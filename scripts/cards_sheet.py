"""Draw the twelve review cards (tests/card_samples.py) into docs/cards-sheet.png.

Run after changing the cards' design, look at the sheet, and commit it with the change:
tests/test_cards_sheet.py fails while the committed sheet is not what the code draws.
    .venv/bin/python scripts/cards_sheet.py            # docs/cards-sheet.png
    .venv/bin/python scripts/cards_sheet.py --dark     # .mlguide-cache/sheets/cards-dark.png
    .venv/bin/python scripts/cards_sheet.py --og       # .mlguide-cache/sheets/cards-og.png
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHEET = REPO / "docs" / "cards-sheet.png"
sys.path.insert(0, str(REPO))

from tests.card_samples import SAMPLES  # noqa: E402

from mlguide.cards import HERO, OG
from mlguide.cards.sheet import cards_sheet
from mlguide.fileio import write_file_atomically
from mlguide.tokens import DARK, LIGHT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dark", action="store_true", help="the dark palette (not committed)")
    parser.add_argument("--og", action="store_true", help="the 1200x630 cards (not committed)")
    args = parser.parse_args()
    if not (args.dark or args.og):
        target = SHEET
    else:
        suffix = "-dark" * args.dark + "-og" * args.og
        target = REPO / ".mlguide-cache" / "sheets" / f"cards{suffix}.png"
    data = cards_sheet(SAMPLES, OG if args.og else HERO, DARK if args.dark else LIGHT)
    write_file_atomically(target, data)
    print(f"{target.relative_to(REPO)}: {len(SAMPLES)} cards, {len(data) // 1024} KB")


if __name__ == "__main__":
    main()
