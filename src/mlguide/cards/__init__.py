"""Generated cards: a 1200x600 hero and a 1200x630 social card for every post that has no
picture of its own, drawn by the engine that draws the guide's poster, in its fonts and
design tokens.

    from mlguide.cards import CardRequest, CardText, ensure_cards

    text = CardText("ML Guide", post.title, post.description, "26 November 2026", post.tags)
    files = ensure_cards(paths.generated, [CardRequest(post.slug, text, post.source,
                                                       post.lines)])
    files[post.slug].hero   # <root>/assets/generated/cards/<slug>-1200x600.png
    files[post.slug].og     # <root>/assets/generated/cards/<slug>-1200x630.png

`card_png(text, size)` draws one card (deterministic bytes); `card_key(text, size)` is the
hash that decides whether a card on disk is current; `check_coverage(text)` raises
`UncoveredText` (an MlguideError naming the field and the characters) for text the bundled
fonts cannot draw; `card_layout(text, size)` is the shapes, for tests and review.
"""

from typing import TYPE_CHECKING, Any

from mlguide.cards.key import card_key
from mlguide.cards.sizes import HERO, OG
from mlguide.cards.store import CardFiles, CardRequest, card_files, ensure_cards
from mlguide.cards.text import CardText, UncoveredText, check_coverage, drawable

if TYPE_CHECKING:
    from mlguide.cards.draw import card_png
    from mlguide.cards.layout import CardLayout, card_layout


def __getattr__(name: str) -> Any:
    """The drawing code loads on first use: a build whose cards are all current never needs
    numpy and the rasteriser."""
    if name == "card_png":
        from mlguide.cards.draw import card_png

        return card_png
    if name in ("CardLayout", "card_layout"):
        from mlguide.cards import layout

        return getattr(layout, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "HERO",
    "OG",
    "CardFiles",
    "CardLayout",
    "CardRequest",
    "CardText",
    "UncoveredText",
    "card_files",
    "card_key",
    "card_layout",
    "card_png",
    "check_coverage",
    "drawable",
    "ensure_cards",
]
