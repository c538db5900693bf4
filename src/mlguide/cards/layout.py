"""The card's design: the guide's poster language (white page, accent band, Inter, an accent
pill) arranged for any post, as frozen shapes the engine draws.

Drawn on a 1200x600 design; the 1200x630 variant keeps it centred, as the poster's does.
Top to bottom: the site's name in a pill (the six stage colours at the right), the title,
the description, and a footer with the date and up to four tag pills.

Fitting, in order of preference: the title in at most four balanced lines at the largest of
a few sizes that leaves room for two lines of description (three under a title of one or two
lines, when they fit); then one line of description; only then, at the smallest size, the
title cut with an ellipsis. Lines
are placed by the ink the engine will draw (`text_box`), so a tall accent pushes its line
down instead of touching the line above; nothing is drawn outside the content area.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from mlguide.cards.text import MAX_TAGS, TAG_WEIGHT, WEIGHTS, CardText, check_coverage, tidy
from mlguide.engine.kit.pieces import Pill, box, pill
from mlguide.engine.kit.wrap import Lines, Measure, ellipsized, pieces, set_lines, wrap
from mlguide.engine.raster import text_box
from mlguide.engine.shapes import Rect, Text
from mlguide.tokens import STAGES, TYPE

WIDTH = 1200
DESIGN_HEIGHT = 600
MARGIN = 64
FIT = WIDTH - 2 * MARGIN
BAND = 12

SITE_Y = 74  # centre of the site pill, as on the poster
SITE_SIZE = 20
MARK, MARK_GAP = 14, 6  # the six stage squares at the top right
TITLE_TOP = 124  # where the title's capitals start
# (size, most lines at that size): the sizes a title steps down through, largest first.
TITLE_STEPS = ((72, 2), (64, 3), (58, 3), (52, 4), (46, 4), (41, 4), (36, 4), (32, 4))
TITLE_LEADING = 1.16
TITLE_MAX_LINES = 4
FREE_ABOVE = 0.4  # share of the content area left empty that goes above the title
DESC_SIZE = TYPE.heading
DESC_LEADING = 1.4
DESC_MAX_LINES = 3  # under a title of one or two lines; two under a longer title, which
# keeps a card glanceable (and the densest ones under 40 KB)
DESC_GAP = 28  # from the title's descenders to the description's capitals
FOOTER_Y = 518  # centre of the date and tag pills
DATE_SIZE = 20
TAG_SIZE = TYPE.small
TAG_MAX_TEXT = 300  # a longer tag is shortened with an ellipsis
CONTENT_BOTTOM = FOOTER_Y - 48  # the title and description end above this line
MIN_GAP = 8  # least space between the ink of two lines


@dataclass(frozen=True)
class CardLayout:
    """Everything on the card. Numbers and flags beside the shapes are layout data."""

    panel: Rect
    band: Rect
    marks: tuple[Rect, ...]
    site: Pill | None
    title: tuple[Text, ...]
    description: tuple[Text, ...]
    date: Text | None
    tags: tuple[Pill, ...]
    title_size: float
    cut: tuple[str, ...]  # fields shortened with an ellipsis


def card_layout(text: CardText, size: tuple[int, int]) -> CardLayout:
    """Raise UncoveredText if a field holds characters the fonts cannot draw."""
    width, height = size
    if width != WIDTH or height < DESIGN_HEIGHT:
        raise ValueError(f"cards are {WIDTH} wide and at least {DESIGN_HEIGHT} high, not {size}")
    check_coverage(text)
    text = tidy(text)
    top = (height - DESIGN_HEIGHT) / 2
    marks = _marks(top)
    site, site_cut = _site(text.site, top, marks[0].x - 32)
    date, date_cut = _date(text.date, top)
    tags, tags_cut = _tags(text.tags, top, text_box(date)[2] + 28 if date else MARGIN)
    above = site.bg.y + site.bg.h if site else top + TITLE_TOP - 40
    block = _fit(text, top, above)
    flags = {
        "site": site_cut,
        "title": block.title_cut,
        "description": block.description_cut,
        "date": date_cut,
        "tags": tags_cut,
    }
    return CardLayout(
        box(0, 0, width, height, fill="bg", stroke=None, radius=0),
        box(0, 0, BAND, height, fill="accent", stroke=None, radius=0),
        marks,
        site,
        block.title,
        block.description,
        date,
        tags,
        block.title_size,
        tuple(name for name, was_cut in flags.items() if was_cut),
    )


def _marks(top: float) -> tuple[Rect, ...]:
    left = WIDTH - MARGIN - 6 * MARK - 5 * MARK_GAP
    return tuple(
        box(
            left + i * (MARK + MARK_GAP),
            top + SITE_Y - MARK / 2,
            MARK,
            MARK,
            fill=stage,
            stroke=None,
            radius=4,
        )
        for i, stage in enumerate(STAGES)
    )


def _site(name: str, top: float, right: float) -> tuple[Pill | None, bool]:
    if not name:
        return None, False
    shown = _at_most(name, Measure(WEIGHTS["site"], SITE_SIZE), right - MARGIN - 28)
    site = pill(MARGIN, top + SITE_Y, shown, fill="accent", size=SITE_SIZE, anchor="l")
    return site, shown != name  # the pill adds 14 on each side of its text


def _date(date: str, top: float) -> tuple[Text | None, bool]:
    if not date:
        return None, False
    shown = _at_most(date, Measure(WEIGHTS["date"], DATE_SIZE), FIT)
    text = Text(
        x=MARGIN,
        y=top + FOOTER_Y,
        text=shown,
        size=DATE_SIZE,
        weight=WEIGHTS["date"],
        color="muted",
        anchor="lm",
    )
    return text, shown != date


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
            color="accent",
            size=TAG_SIZE,
            anchor="l",
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
                if not may_break_words and _breaks_words(text.title, measure):
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
        t = Text(x=MARGIN, y=y, text=line, size=size, weight=weight, color=color, anchor="ls")
        ink_top = text_box(t)[1]
        if ink_top < above + MIN_GAP:
            t = replace(t, y=y + above + MIN_GAP - ink_top)
        out.append(t)
        above = text_box(t)[3]
    return tuple(out)


def _bottom(texts: tuple[Text, ...]) -> float:
    return max((text_box(t)[3] for t in texts), default=0.0)


def _box_of(sample: str, size: float, weight: str) -> tuple[float, float, float, float]:
    return text_box(Text(text=sample, size=size, weight=weight, anchor="ls"))
