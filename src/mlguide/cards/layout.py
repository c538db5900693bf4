"""The card's design: a colour field that gives each post an identity, and its words in
large type beside it, as frozen shapes the engine draws.

Drawn on a 1200x600 design; the 1200x630 variant keeps it centred, as the poster's does.
At the left, a field in one of the palette's colours, chosen by the post's first tag (posts
of a topic share a colour), holding the site's initials and a small symmetric pattern of
squares drawn from the title (each post its own, like an identicon). At the right, the
site's name, the title, the description and up to four tag pills. Nothing is decoration
without a meaning, and no text is under 28 px: a feed shows the card about 500 px wide,
where that is 12 px (the date is left to the page and the network, which show it).

Fitting, in order of preference: the title in at most four balanced lines at the largest of
a few sizes that leaves room for two lines of description (three under a title of one or two
lines, when they fit); then one line of description; only then, at the smallest size, the
title cut with an ellipsis. Lines
are placed by the ink the engine will draw (`text_box`), so a tall accent pushes its line
down instead of touching the line above; nothing is drawn outside the content area.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from mlguide.cards.text import MAX_TAGS, TAG_WEIGHT, WEIGHTS, CardText, check_coverage, tidy
from mlguide.engine.kit.pieces import Pill, box, pill
from mlguide.engine.kit.wrap import Lines, Measure, ellipsized, pieces, set_lines, wrap
from mlguide.engine.raster import text_box
from mlguide.engine.shapes import Rect, Text
from mlguide.tokens import STAGES

WIDTH = 1200
DESIGN_HEIGHT = 600
MARGIN = 64
FIELD_W = 300  # the colour field at the left
LEFT = FIELD_W + MARGIN  # where the words start
FIT = WIDTH - MARGIN - LEFT
BAND = FIELD_W
FIELD_COLOURS = STAGES  # six distinct colours; the initials read on white over each

SITE_Y = 84  # the site's name, at the top of the words
SITE_SIZE = 30
MARK_SIZE, MARK_TOP, MARK_TEXT = 120, 64, 54  # the initials' square
CELL, CELL_GAP, CELLS = 36, 8, 5  # the pattern: 5 x 5 squares, mirrored
PATTERN_BOTTOM = 542
TITLE_TOP = 150  # where the title's capitals start
# (size, most lines at that size): the sizes a title steps down through, largest first.
TITLE_STEPS = ((72, 2), (64, 3), (58, 3), (52, 4), (46, 4), (41, 4), (36, 4), (32, 4), (28, 4))
WHOLE_WORDS_DOWN_TO = 36  # below this, a long word is broken at a larger size instead
TITLE_LEADING = 1.16
TITLE_MAX_LINES = 4
FREE_ABOVE = 0.4  # share of the content area left empty that goes above the title
DESC_SIZE = 30
DESC_LEADING = 1.38
DESC_MAX_LINES = 3  # under a title of one or two lines; two under a longer title, which
# keeps a card glanceable (and the densest ones under 40 KB)
DESC_GAP = 26  # from the title's descenders to the description's capitals
FOOTER_Y = 528  # centre of the tag pills
TAG_SIZE = 30
TAG_MAX_TEXT = 440  # a longer tag is shortened with an ellipsis
CONTENT_BOTTOM = FOOTER_Y - 50  # the title and description end above this line
MIN_GAP = 8  # least space between the ink of two lines


@dataclass(frozen=True)
class CardLayout:
    """Everything on the card. Numbers and flags beside the shapes are layout data."""

    panel: Rect
    band: Rect  # the colour field
    marks: tuple[Rect, ...]  # the post's pattern on the field
    site: Pill | None  # the site's initials, on the field
    site_name: Text | None
    title: tuple[Text, ...]
    description: tuple[Text, ...]
    date: Text | None  # never drawn: the page and the network show the date
    tags: tuple[Pill, ...]
    title_size: float
    cut: tuple[str, ...]  # fields shortened with an ellipsis
    colour: str = "accent"  # the field's token


def card_layout(text: CardText, size: tuple[int, int]) -> CardLayout:
    """Raise UncoveredText if a field holds characters the fonts cannot draw."""
    width, height = size
    if width != WIDTH or height < DESIGN_HEIGHT:
        raise ValueError(f"cards are {WIDTH} wide and at least {DESIGN_HEIGHT} high, not {size}")
    check_coverage(text)
    text = tidy(text)
    top = (height - DESIGN_HEIGHT) / 2
    colour = field_colour(text)
    site, name, site_cut = _site(text.site, top, colour)
    tags, tags_cut = _tags(text.tags, top, LEFT)
    above = top + SITE_Y + 16 if name else top + TITLE_TOP - 40
    block = _fit(text, top, above)
    flags = {
        "site": site_cut,
        "title": block.title_cut,
        "description": block.description_cut,
        "tags": tags_cut,
    }
    return CardLayout(
        box(0, 0, width, height, fill="bg", stroke=None, radius=0),
        box(0, 0, FIELD_W, height, fill=colour, stroke=None, radius=0),
        _pattern(text.title, top, colour),
        site,
        name,
        block.title,
        block.description,
        None,
        tags,
        block.title_size,
        tuple(name for name, was_cut in flags.items() if was_cut),
        colour,
    )


def _digest(value: str) -> bytes:
    """Stable across processes and machines (Python's hash() is salted)."""
    return hashlib.sha256(value.encode()).digest()


def field_colour(text: CardText) -> str:
    """The field's colour: the first tag's (every post of a topic gets the same), else the
    site's."""
    key = text.tags[0] if text.tags else text.site
    return FIELD_COLOURS[_digest(key.lower())[0] % len(FIELD_COLOURS)]


def initials(site: str) -> str:
    """`ML Guide` -> `MG`; one word: its first letter."""
    letters = [w[0] for w in site.split() if w[:1].isalnum()]
    return "".join(letters[:2]).upper()


def _pattern(title: str, top: float, colour: str) -> tuple[Rect, ...]:
    """A 5 x 5 pattern of squares, mirrored left to right, from the title's digest: lighter
    squares of the field's colour (the page colour blended in), the same for the same title."""
    bits = int.from_bytes(_digest(title)[:4], "big")
    half = (CELLS + 1) // 2
    size = CELLS * CELL + (CELLS - 1) * CELL_GAP
    x0, y0 = MARGIN, top + PATTERN_BOTTOM - size
    cells = []
    for row in range(CELLS):
        for col in range(half):
            if not bits >> (row * half + col) & 1:
                continue
            for c in {col, CELLS - 1 - col}:
                cells.append(
                    box(
                        x0 + c * (CELL + CELL_GAP),
                        y0 + row * (CELL + CELL_GAP),
                        CELL,
                        CELL,
                        fill="bg",
                        stroke=None,
                        radius=6,
                        opacity=0.24,
                        on=colour,
                    )
                )
    return tuple(sorted(cells, key=lambda r: (r.y, r.x)))


def _site(name: str, top: float, colour: str) -> tuple[Pill | None, Text | None, bool]:
    """The initials in a square on the field, and the name above the title."""
    if not name:
        return None, None, False
    mark = initials(name)
    square = None
    if mark:
        y = top + MARK_TOP
        bg = box(MARGIN, y, MARK_SIZE, MARK_SIZE, fill="bg", stroke=None, radius=20, on=colour)
        text = Text(
            x=MARGIN + MARK_SIZE / 2,
            y=y + MARK_SIZE / 2,
            text=mark,
            size=MARK_TEXT,
            weight=WEIGHTS["site"],
            color=colour,
            on="bg",
            anchor="center",
        )
        square = Pill(bg, text)
    shown = _at_most(name, Measure(WEIGHTS["site"], SITE_SIZE), FIT)
    words = Text(
        x=LEFT,
        y=top + SITE_Y,
        text=shown,
        size=SITE_SIZE,
        weight=WEIGHTS["site"],
        color="muted",
        anchor="baseline-left",
    )
    return square, words, shown != name


def _at_most(text: str, measure: Measure, width: float) -> str:
    """The text on one line of `width`, shortened with an ellipsis if it must be."""
    return text if measure(text) <= width else ellipsized(text, measure, width)


def _tags(tags: tuple[str, ...], top: float, left: float) -> tuple[tuple[Pill, ...], bool]:
    """Pills from `left` in the tags' order; the first that would pass the right margin is
    dropped with all after it."""
    measure = Measure(TAG_WEIGHT, TAG_SIZE)
    out: list[Pill] = []
    x = left
    for tag in tags[:MAX_TAGS]:
        shown = _at_most(tag, measure, TAG_MAX_TEXT)
        p = pill(
            x,
            top + FOOTER_Y,
            shown,
            fill="surface",
            color="ink",
            size=TAG_SIZE,
            anchor="left",
            stroke="border",
        )
        if p.right > WIDTH - MARGIN:
            break
        out.append(p)
        x = p.right + 10
    shown_all = len(out) == len(tags) and all(
        p.text.text == t for p, t in zip(out, tags, strict=False)
    )
    return tuple(out), not shown_all


@dataclass(frozen=True)
class _Block:
    """The title and description as placed, and whether either was cut short."""

    title: tuple[Text, ...]
    description: tuple[Text, ...]
    title_size: float
    title_cut: bool
    description_cut: bool


def _fit(text: CardText, top: float, above: float) -> _Block:
    desc_measure = Measure(WEIGHTS["description"], DESC_SIZE)
    natural = len(wrap(text.description, desc_measure, FIT)) if text.description else 0
    for least in dict.fromkeys((min(natural, 2), min(natural, 1))):
        for may_break_words in (False, True):
            for size, max_lines in TITLE_STEPS:
                measure = Measure(WEIGHTS["title"], size)
                if not may_break_words and (
                    size < WHOLE_WORDS_DOWN_TO or _breaks_words(text.title, measure)
                ):
                    continue
                lines = set_lines(text.title, measure, FIT, max_lines)
                if lines.cut:
                    continue
                most = DESC_MAX_LINES if len(lines.lines) <= 2 else DESC_MAX_LINES - 1
                for n in range(min(natural, most), least - 1, -1):
                    block = _place(text, lines, size, n, desc_measure, top, above)
                    if block is not None:
                        return block
    # The last resort: the smallest size, as many title lines as fit, cut with an ellipsis.
    size = TITLE_STEPS[-1][0]
    for n_title in range(TITLE_MAX_LINES, 0, -1):
        lines = set_lines(text.title, Measure(WEIGHTS["title"], size), FIT, n_title)
        for n in (1, 0) if natural else (0,):
            block = _place(text, lines, size, n, desc_measure, top, above)
            if block is not None:
                return block
    raise AssertionError("one line of title always fits")  # pragma: no cover


def _breaks_words(title: str, measure: Measure) -> bool:
    return any(measure(p.rstrip(" ")) > FIT for p in pieces(title))


def _place(
    text: CardText,
    lines: Lines,
    size: float,
    n_desc: int,
    desc_measure: Measure,
    top: float,
    above: float,
) -> _Block | None:
    """The title's lines and `n_desc` lines of description, or None if they do not fit
    above the footer. Space left over is shared above and below the block."""
    title = _title(lines, size, top, above)
    desc = set_lines(text.description, desc_measure, FIT, n_desc, balance=False)
    description = _description(desc, title, top)
    free = top + CONTENT_BOTTOM - _bottom(title + description)
    if free < 0:
        return None
    shift = round(free * FREE_ABOVE)
    return _Block(_moved(title, shift), _moved(description, shift), size, lines.cut, desc.cut)


def _moved(texts: tuple[Text, ...], dy: float) -> tuple[Text, ...]:
    return tuple(replace(t, y=t.y + dy) for t in texts)


def _title(lines: Lines, size: float, top: float, above: float) -> tuple[Text, ...]:
    cap = -_box_of("H", size, WEIGHTS["title"])[1]
    return _stack(
        lines.lines, size, WEIGHTS["title"], "ink", TITLE_LEADING, top + TITLE_TOP + cap, above
    )


def _description(lines: Lines, title: tuple[Text, ...], top: float) -> tuple[Text, ...]:
    if not lines.lines:
        return ()
    weight = WEIGHTS["description"]
    cap = -_box_of("H", DESC_SIZE, weight)[1]
    if title:  # DESC_GAP below the title's descenders
        last = title[-1]
        first = last.y + _box_of("g", last.size, last.weight)[3] + DESC_GAP + cap
    else:
        first = top + TITLE_TOP + cap
    return _stack(lines.lines, DESC_SIZE, weight, "muted", DESC_LEADING, first, _bottom(title))


def _stack(
    lines: tuple[str, ...],
    size: float,
    weight: str,
    color: str,
    leading: float,
    baseline: float,
    above: float,
) -> tuple[Text, ...]:
    """Lines `leading * size` apart from `baseline` down; a line whose ink would come closer
    than MIN_GAP to the ink above it (a tall accent under a descender) moves down."""
    out: list[Text] = []
    for i, line in enumerate(lines):
        y = baseline if i == 0 else out[-1].y + leading * size
        t = Text(
            x=LEFT, y=y, text=line, size=size, weight=weight, color=color, anchor="baseline-left"
        )
        ink_top = text_box(t)[1]
        if ink_top < above + MIN_GAP:
            t = replace(t, y=y + above + MIN_GAP - ink_top)
        out.append(t)
        above = text_box(t)[3]
    return tuple(out)


def _bottom(texts: tuple[Text, ...]) -> float:
    return max((text_box(t)[3] for t in texts), default=0.0)


def _box_of(sample: str, size: float, weight: str) -> tuple[float, float, float, float]:
    return text_box(Text(text=sample, size=size, weight=weight, anchor="baseline-left"))
