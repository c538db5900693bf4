"""What a card shows, tidied for drawing, and the check that the fonts can draw all of it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mlguide.engine.coverage import missing_characters
from mlguide.errors import MlguideError

MAX_TAGS = 4  # tags beyond these are never drawn, so never checked either

# The Inter weight each field is drawn in (all weights cover the same characters today, but
# the check asks the font that will draw).
WEIGHTS = {"site": "bold", "title": "bold", "description": "regular", "date": "semibold"}
TAG_WEIGHT = "bold"
NO_BREAK_SPACES = "\u00a0\u202f"


@dataclass(frozen=True)
class CardText:
    """Exactly what a card shows. `date` is already formatted for readers ("26 November
    2026"); empty fields are simply left out of the picture."""

    site: str
    title: str
    description: str = ""
    date: str = ""
    tags: tuple[str, ...] = ()


@lru_cache(maxsize=1 << 14)  # asked for the key and the font check of every post, every build
def tidy(text: CardText) -> CardText:
    """Unicode NFC (so `e` + combining accent is the single glyph `é`), whitespace runs and
    line breaks as one space (no-break spaces stay), control and invisible format characters
    (zero-width spaces, soft hyphens, direction marks) dropped, emoji dropped (`Hello world
    👋`, a title many blogs have: no text font draws them, and a title is no less readable
    without its emoji), empty and repeated tags dropped."""
    tags = tuple(dict.fromkeys(t for t in (_tidy(tag) for tag in text.tags) if t))
    return CardText(
        _tidy(text.site), _tidy(text.title), _tidy(text.description), _tidy(text.date), tags
    )


def _emoji(char: str) -> bool:
    """An emoji or pictograph no card font draws (👋, ❗, 🚀), a skin tone, or the emoji
    presentation selector; a symbol the fonts have (©, ✓) is kept."""
    code = ord(char)
    if code in (0xFE0E, 0xFE0F):
        return True
    if code < 0x2000 or unicodedata.category(char) not in ("So", "Sk"):
        return False
    return all(missing_characters(char, weight) for weight in set(WEIGHTS.values()))


def _tidy(value: str) -> str:
    out = []
    for char in unicodedata.normalize("NFC", value):
        if char in NO_BREAK_SPACES:
            out.append(char)  # kept: it glues "10 %" or "Fig. 3" together on one line
        elif char.isspace():
            out.append(" ")
        elif _emoji(char):
            continue  # decoration no text font draws: the page keeps it, the card leaves it out
        elif unicodedata.category(char) not in ("Cc", "Cf"):
            out.append(char)
    return re.sub(" {2,}", " ", "".join(out)).strip(" " + NO_BREAK_SPACES)


class UncoveredText(MlguideError):
    """A card would have to show characters that no bundled font can draw (Chinese, Arabic,
    Devanagari, emoji...). `field` is the CardText field ("site", "title", "description",
    "date" or "tags") and `chars` the characters, so the caller can point at the line that
    holds them: `error.at(post.source, post.line_of(error.field))`."""

    def __init__(
        self, field: str, chars: str, path: Path | str | None = None, line: int | None = None
    ):
        self.field = field
        self.chars = chars
        super().__init__(
            f"the generated card cannot show {self.where}: {self.reason}; give the post its "
            "own `hero` and `og_image`, or change the text",
            path,
            line,
        )

    @property
    def where(self) -> str:
        """`the title`, `the site's name`, `a tag`..."""
        return _where(self.field)

    @property
    def reason(self) -> str:
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in self.chars[:8])
        more = f" and {len(self.chars) - 8} more" if len(self.chars) > 8 else ""
        return f"the bundled fonts (Inter) have no glyphs for {shown}{more}"

    def at(self, path: Path | str | None, line: int | None) -> UncoveredText:
        """The same error, located at `path:line` (the front matter line of the field)."""
        return UncoveredText(self.field, self.chars, path, line)

    def __reduce__(self) -> tuple[type, tuple[str, str, Path | None, int | None]]:  # type: ignore[override]
        return (type(self), (self.field, self.chars, self.path, self.line))


def _where(field: str) -> str:
    return {"site": "the site's name", "tags": "a tag"}.get(field, f"the {field}")


def check_coverage(text: CardText) -> None:
    """Raise UncoveredText for the first field (in reading order) holding a character its
    font cannot draw. Only what could appear is checked: the first MAX_TAGS tags."""
    text = tidy(text)
    for field, weight in WEIGHTS.items():
        missing = missing_characters(getattr(text, field), weight)
        if missing:
            raise UncoveredText(field, missing)
    missing = missing_characters("".join(text.tags[:MAX_TAGS]), TAG_WEIGHT)
    if missing:
        raise UncoveredText("tags", missing)


def drawable(text: CardText) -> tuple[CardText | None, tuple[UncoveredText, ...]]:
    """The card the fonts can draw, and what had to be left out for it.

    A post written in a script the bundled fonts lack (Chinese, Arabic, Devanagari...) must
    still publish: its description, date or tags that cannot be drawn are left off the card,
    and so is the site's name. A card without its title would be a card of nothing, so a title
    that cannot be drawn means no card at all (None): the post publishes without one, and the
    caller says so where the author can act (`og_image`, `hero`).
    """
    left_out: list[UncoveredText] = []
    while True:
        try:
            check_coverage(text)
        except UncoveredText as exc:
            left_out.append(exc)
            if exc.field == "title":
                return None, tuple(left_out)
            if exc.field == "tags":
                drawn = tuple(t for t in text.tags if not missing_characters(t, TAG_WEIGHT))
                text = CardText(text.site, text.title, text.description, text.date, drawn)
            else:
                text = CardText(**{**text.__dict__, exc.field: ""})
            continue
        return text, tuple(left_out)
