"""Text set in lines by the font's own widths: wrapped, balanced, and cut short only on request.

Widths are those the raster draws: the font at `round(size * SCALE)` pixels, divided by
SCALE. With the BASIC layout engine (no kerning, no shaping) a string's width is the sum of
its characters' advances, so a line is measured by adding cached advances; tests check the
sum against Pillow's own measure.

Lines break after spaces and after a hyphen or dash between two letters or digits. A word
wider than the whole line is broken between characters, after `/`, `_` or `.` when one of
those is close to the edge. An ellipsis (…) replaces the end of the text only when it needs
more lines than it may take.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlguide.engine.fonts import font
from mlguide.engine.raster import SCALE

ELLIPSIS = "…"
_BREAK_AFTER = "-‐–—"  # a break may follow these between two word characters
_SOFT_BREAKS = "/_."  # preferred places to break a word that cannot fit on a line
_BALANCE_STEPS = 12


@dataclass(frozen=True)
class Lines:
    """A text set in lines; `cut` is true when the end was replaced by an ellipsis."""

    lines: tuple[str, ...]
    cut: bool = False


class Measure:
    """Widths of strings in one font and size, in canvas pixels, from cached advances."""

    def __init__(self, weight: str, size: float):
        self.px = max(1, round(size * SCALE))
        self.font = font(weight, self.px)
        self.advances = _advances(weight, self.px)

    def __call__(self, text: str) -> float:
        adv = self.advances
        total = 0.0
        for char in text:
            w = adv.get(char)
            if w is None:
                w = adv[char] = float(self.font.getlength(char))
            total += w
        return total / SCALE

    def exceeds(self, text: str, start: int, width: float) -> bool:
        """`self(text[start:]) > width`, the same sum in the same order, without copying
        the rest of the text and without adding more than a line's worth of it."""
        adv = self.advances
        total = 0.0
        limit = width * SCALE
        for i in range(start, len(text)):
            char = text[i]
            w = adv.get(char)
            if w is None:
                w = adv[char] = float(self.font.getlength(char))
            total += w
            if total > limit and total / SCALE > width:
                return True
        return total / SCALE > width


_ADVANCES: dict[tuple[str, int], dict[str, float]] = {}


def _advances(weight: str, px: int) -> dict[str, float]:
    return _ADVANCES.setdefault((weight, px), {})


def pieces(text: str) -> list[str]:
    """The text split where a line may break: each piece keeps its trailing space (or the
    hyphen it ends with). Joining them gives the text back."""
    out: list[str] = []
    start = 0
    for i in range(len(text)):
        if _breaks_after(text, start, i):
            out.append(text[start : i + 1])
            start = i + 1
    if start < len(text):
        out.append(text[start:])
    return out


def _breaks_after(text: str, start: int, i: int) -> bool:
    char, after = text[i], text[i + 1 : i + 2]
    if char == " ":
        return after != " "
    return char in _BREAK_AFTER and i > start and text[i - 1].isalnum() and after.isalnum()


def wrap(text: str, measure: Measure, width: float) -> list[str]:
    """Greedy: each line takes as many pieces as fit in `width`; a piece wider than the
    line is broken between characters. Every returned line fits."""
    return [text[a:b].rstrip(" ") for a, b in _spans(text, measure, width)]


def _spans(
    text: str, measure: Measure, width: float, most: int | None = None
) -> list[tuple[int, int]]:
    """Where each greedy line starts and ends in `text` (trailing spaces included); with
    `most`, it stops once it has found more lines than that (the caller only needs to know).

    Linear in the text: a word no line can hold is broken by positions, each line measured
    once, never by slicing or measuring the rest of the word again (a title of 20,000
    letters without a space took two minutes that way)."""
    spans: list[tuple[int, int]] = []
    start = pos = 0
    used = 0.0  # width of the line so far, up to the end of its last piece's word
    for piece in pieces(text):
        if most is not None and len(spans) > most:
            return spans
        core = piece.rstrip(" ")
        core_w, space_w = measure(core), measure(piece[len(core) :])
        if pos > start and used + core_w <= width:
            used += core_w + space_w
            pos += len(piece)
            continue
        if pos > start:
            spans.append((start, pos))
            start = pos
        if core_w > width:  # a word no line can hold: break it between characters
            cut = 0  # how much of the word is on earlier lines
            while not _fits(core, cut, measure, width):
                end = _prefix_end(core, cut, measure, width)
                spans.append((pos, pos + end - cut))
                pos += end - cut
                start = pos
                cut = end
                if most is not None and len(spans) > most:
                    return spans
            core_w = measure(core[cut:])
            piece = piece[cut:]
        used = core_w + space_w
        pos += len(piece)
    if pos > start and text[start:pos].strip(" "):
        spans.append((start, pos))
    return spans


def _fits(word: str, start: int, measure: Measure, width: float) -> bool:
    """`word[start:]` fits in `width`; looks at no more characters than a line holds."""
    return not measure.exceeds(word, start, width)


def balanced(text: str, measure: Measure, width: float) -> list[str]:
    """As many lines as `wrap` gives, with the narrowest width that still gives that many:
    lines of similar length instead of a long first line and a lonely last word."""
    lines = wrap(text, measure, width)
    widest_piece = max((measure(p.rstrip(" ")) for p in pieces(text)), default=0.0)
    if len(lines) < 2 or widest_piece > width:
        return lines  # one line, or a word broken by force: nothing to balance
    lo = max(widest_piece, measure(text) / len(lines)) - 1
    hi, best = width, lines
    for _ in range(_BALANCE_STEPS):
        mid = (lo + hi) / 2
        trial = wrap(text, measure, mid)
        if len(trial) == len(lines):
            best, hi = trial, mid
        else:
            lo = mid
    return best


def set_lines(
    text: str, measure: Measure, width: float, max_lines: int, balance: bool = True
) -> Lines:
    """The text in at most `max_lines` lines of `width`; if it needs more, the last line
    ends with an ellipsis where the text still fits."""
    if not text.strip(" "):
        return Lines(())
    if max_lines < 1:
        return Lines((), True)
    spans = _spans(text, measure, width, max_lines)
    if len(spans) <= max_lines:
        lines = balanced(text, measure, width) if balance else wrap(text, measure, width)
        return Lines(tuple(lines))
    kept = [text[a:b].rstrip(" ") for a, b in spans[: max_lines - 1]]
    rest = text[spans[max_lines - 1][0] :]
    return Lines((*kept, ellipsized(rest, measure, width)), True)


def ellipsized(text: str, measure: Measure, width: float) -> str:
    """The longest start of `text` (whole pieces if it can) that fits with an ellipsis."""
    text = text.strip(" ")
    room = width - measure(ELLIPSIS)
    kept, used = "", 0.0
    for piece in pieces(text):
        core = piece.rstrip(" ")
        if used + measure(core) > room:
            break
        kept += piece
        used += measure(piece)
    if not kept:
        kept = _longest_prefix(text, measure, room)
    words = kept.rstrip(" ").split(" ")
    if len(words) > 2 and len(words[-1]) <= 2 and words[-1].isalpha():
        kept = " ".join(words[:-1])  # "...what they say A…" reads worse than "...say…"
    return kept.rstrip(" ,.;:–—-") + ELLIPSIS


def _longest_prefix(word: str, measure: Measure, width: float) -> str:
    """The longest start of `word` that fits (at least one character, or nothing fits at
    all); cut after a `/`, `_` or `.` instead when that keeps most of the line."""
    return word[: _prefix_end(word, 0, measure, width)]


def _prefix_end(word: str, start: int, measure: Measure, width: float) -> int:
    """Where the longest run of `word` from `start` that fits ends (see `_longest_prefix`);
    looks at no more characters than a line holds."""
    n, used = start + 1, measure(word[start : start + 1])
    while n < len(word) and used + measure(word[n]) <= width:
        used += measure(word[n])
        n += 1
    head = word[start:n]
    soft = max(head.rfind(c) for c in _SOFT_BREAKS)
    if 0 < soft < len(head) - 1 and measure(head[: soft + 1]) >= 0.6 * width:
        return start + soft + 1
    return n
