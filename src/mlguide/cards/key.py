"""A card's cache key: a hash of exactly what decides its pixels.

That is the tidied text and the size and palette asked for, plus every file the drawing
runs: the cards package and every mlguide module it imports (the engine, the kit, the
tokens), the fonts, and the versions of Pillow and numpy. The file list comes from the same
import graph that keys the scenes (`assets/inputs.py`), read with `ast`, so a new helper
module joins the key the moment the cards import it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from mlguide.cards.text import CardText, tidy
from mlguide.scenes import inputs
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
    """The hash of the code, fonts and libraries that draw a card. Computed once per process
    (and package folder): a running process draws with the code it loaded, so that is the
    code its keys must describe."""
    return _digest(inputs.PACKAGE)


@lru_cache(maxsize=4)
def _digest(package: Path) -> str:
    cards = package / "cards"
    # The graph's "scenes folder" is where it looks for modules that are not mlguide's:
    # the cards import none, so pointing it at their own folder finds nothing extra.
    return inputs.ImportGraph(cards).digest(cards / "draw.py")


def forget_digest() -> None:
    """For tests that edit a copy of the package."""
    _digest.cache_clear()
