"""The post cards as `render-assets` knows them: one entry named `cards`.

`build` draws the cards it needs anyway; drawing them here lets an author commit them with
the other pictures, redraw them all (`--force`) or review them on one sheet (`--sheet`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mlguide.cards.sheet import cards_sheet
from mlguide.errors import MlguideError
from mlguide.fileio import write_file_atomically
from mlguide.paths import ProjectPaths
from mlguide.site.pipeline import card_text, prepare, with_cards

NAME = "cards"
DESCRIPTION = "Generated hero and social card of every post without a picture of its own"


@dataclass(frozen=True)
class CardsResult:
    drawn: int  # posts whose cards were drawn now
    posts: int  # posts that have generated cards


def wanted(paths: ProjectPaths, names: Sequence[str]) -> bool:
    """Cards are drawn with everything, or when named; and only where there are posts."""
    return (not names or NAME in names) and paths.content.is_dir()


def draw_cards(
    paths: ProjectPaths,
    force: bool,
    jobs: int | None,
    progress: Callable[[int, int], None] | None,
) -> CardsResult:
    prepared = with_cards(prepare(paths, None, drafts=True), jobs, progress, force)
    cards = prepared.site.cards
    return CardsResult(sum(c.drawn for c in cards.values()), len(cards))


def write_cards_sheet(paths: ProjectPaths) -> Path:
    site = prepare(paths, None, drafts=True).site
    texts = {
        m.slug: card_text(site.config, m)
        for m in sorted(site.index.everything.values(), key=lambda m: str(m.source))
        if not m.hero
    }
    if not texts:
        raise MlguideError("no post needs a generated card: every one has a `hero`", paths.content)
    target = paths.cache / "sheets" / f"{NAME}.png"
    write_file_atomically(target, cards_sheet(texts, palette=site.config.theme.tokens.light))
    return target
