"""A card's cache key: a hash of exactly what decides its pixels.

That is the tidied text and the size and palette asked for, plus the code fingerprint of
the "cards" engine (the cards modules that draw and lay out, the drawing engine, the tokens
and fonts, and the versions of Pillow and numpy: see `mlguide.store.code`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import lru_cache

from mlguide.cards.text import CardText, tidy
from mlguide.store.code import code_fingerprint
from mlguide.tokens import LIGHT, Palette


def card_key(text: CardText, size: tuple[int, int], palette: Palette = LIGHT) -> str:
    shown = {"text": _fields(text), "size": list(size), "palette": _fields(palette)}
    h = hashlib.sha256(engine_digest().encode())
    h.update(json.dumps(shown, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()


@lru_cache(maxsize=1 << 14)
def _fields(value: CardText | Palette) -> dict[str, object]:
    """Each post's text is keyed three times (hero, dark hero, social card), and by `serve`
    on every save: tidied and taken apart once. Callers only read the result."""
    return asdict(tidy(value) if isinstance(value, CardText) else value)


def engine_digest() -> str:
    """The fingerprint of the code, fonts and libraries that draw a card."""
    return code_fingerprint("cards")
