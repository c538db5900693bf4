"""GIF 3, the data-prep funnel (Steps 3–6): records flow Collect → Clean & explore →
Features → Split; bad rows drop out, the leaking `future_spend` column is struck out, and the
rest splits into train / validation / a sealed test set."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from mlguide.scene import (
    MARGIN,
    TYPE,
    Animation,
    Header,
    Path,
    Pill,
    Rect,
    Step,
    Text,
    W,
    arrow,
    at,
    beat,
    box,
    caption,
    fade_in,
    header,
    hidden,
    label,
    loop,
    measure,
    par,
    pill,
    seq,
    stagger,
    strike,
    to,
    tween,
    wait,
)

FIGURE = Animation(
    "The data-prep funnel (Steps 3–6): bad rows, leakage, the split",
    file="ml-model-gif-03-data-prep",
)
STAGES = ("3 · Collect", "4 · Clean & explore", "5 · Features", "6 · Split")
ROWS = (  # (text, problem or "")
    ("user 1042 · 42.00 € · EU", ""),
    ("user 1042 · 42.00 € · EU", "duplicate"),
    ("user 2210 ·      — · US", "missing"),
    ("user 3381 · 4200.0 € · EU", "unit bug"),
    ("user 4107 · 18.50 € · APAC", ""),
    ("user 5230 · 63.00 € · US", ""),
)
COLUMNS = ("tenure", "plan", "usage_30d", "future_spend")  # the last one leaks the future
SPLIT = (("train", 0.70, "data"), ("val", 0.15, "model"), ("test", 0.15, "ink"))
RX, RY, RW = MARGIN, 206, 440  # records
FX, SY = 540, 428  # features, split
SEALED = "test set stays sealed until Step 9"
chip = partial(box, fill="surface", stroke="border", radius=8)
mono = partial(label, size=17, weight="mono", on="surface", anchor="lm")


@dataclass(frozen=True)
class Stage:
    box: Rect
    text: Text
    flow: Path | None  # the arrow in from the previous stage


@dataclass(frozen=True)
class Chip:
    box: Rect
    text: Text


@dataclass(frozen=True)
class Record:
    box: Rect
    text: Text
    strike: Path | None
    tag: Pill | None


@dataclass(frozen=True)
class Parts:
    header: Header
    stages: tuple[Stage, ...]
    rows_title: Text
    rows: tuple[Record, ...]
    cols_title: Text
    cols: tuple[Chip, ...]
    leak_strike: Path
    leak_note: Text
    split_title: Text
    split: tuple[Chip, ...]
    sealed: Text


def stages(gap: float = 30) -> tuple[Stage, ...]:
    """The four stages along the top, sharing the spare width, joined by arrows."""
    widths = [measure(s, "bold", TYPE.small) + 28 for s in STAGES]
    spare = (W - 2 * MARGIN - sum(widths) - 3 * gap) / 4
    out, x = [], float(MARGIN)
    for i, (text, w) in enumerate(zip(STAGES, widths, strict=True)):
        w += spare
        flow = arrow([(x - gap + 5, 156), (x - 6, 156)], width=2.5)
        out.append(
            Stage(
                box(x, 136, w, 40, fill="surface", stroke="border", radius=20),
                caption(x + w / 2, 156, text, anchor="mm", on="surface"),
                flow if i else None,
            )
        )
        x += w + gap
    return tuple(out)


def record(i: int, text: str, problem: str) -> Record:
    y, dim = RY + 22 + i * 46, 0.4 if problem else 1.0  # the still shows bad rows struck out
    tag_w = measure(problem, "bold", 15) + 28
    tag = pill(RX + RW - 10, y + 19, problem, fill="danger", size=15, anchor="r", on="surface")
    return Record(
        chip(RX, y, RW, 38, opacity=dim),
        mono(RX + 14, y + 19, text, opacity=dim),
        strike(RX + 8, RX + RW - tag_w - 22, y + 19) if problem else None,
        tag if problem else None,
    )


def column(i: int, name: str) -> Chip:
    x, y, w = FX + 150 * (i % 2), RY + 22 + (i // 2) * 48, measure(name, "mono", 17) + 24
    color = "danger" if name == COLUMNS[-1] else "ink"  # the still shows the leak
    return Chip(chip(x, y, w, 38), mono(x + 12, y + 19, name, color=color))


def split() -> tuple[Chip, ...]:
    chips, x, width = [], float(FX), W - MARGIN - FX
    for i, (name, share, token) in enumerate(SPLIT):
        w = width * share - (6 if i < 2 else 0)
        color = "accent_ink" if token != "ink" else "bg"
        chips.append(
            Chip(
                box(x, SY, w, 64, fill=token, stroke=None, radius=10),
                label(x + w / 2, SY + 32, name, TYPE.small, "bold", color=color, on=token),
            )
        )
        x += w + 6
    return tuple(chips)


def layout() -> Parts:
    cols = tuple(column(i, name) for i, name in enumerate(COLUMNS))
    leak = cols[-1].box
    leak_y = leak.y + 19
    return Parts(
        header("data", "Steps 3–6 · Data", "Bad rows and leaking columns never reach training"),
        stages(),
        caption(RX, RY, "Raw records"),
        tuple(record(i, text, problem) for i, (text, problem) in enumerate(ROWS)),
        caption(FX, RY, "Feature columns"),
        cols,
        strike(leak.x + 6, leak.x + leak.w - 6, leak_y),
        caption(FX, leak_y + 45, "future_spend leaks the future: drop it", color="danger"),
        caption(FX, SY - 24, "Split"),
        split(),
        label(W - MARGIN, SY + 88, SEALED, TYPE.small, "semibold", "muted", anchor="rm"),
    )


def phase(stage: Stage, length: int, content: Step) -> Step:
    """A stage lights up, its content plays, and it goes quiet 300 ms before the next."""
    return beat(
        length,
        tween(stage.box, 250, fill="data", stroke="data"),
        tween(stage.text, 250, color="accent_ink", on="data"),
        content,
        at(length - 300, tween(stage.box, 250, fill="surface", stroke="border")),
        at(length - 300, tween(stage.text, 250, color="muted", on="surface")),
    )


def drop(r: Record) -> Step:
    """Tag a bad row, strike it out, dim it."""
    return par(
        fade_in(r.tag, 220),
        at(250, tween(r.strike, 300, progress=1.0)),
        at(600, tween((r.box, r.text), 300, opacity=0.4)),
    )


def timeline(p: Parts) -> Step:
    bad = [r for r in p.rows if r.tag is not None]
    leak = p.cols[-1].text
    collect = par(
        fade_in(p.rows_title, 240),
        at(250, stagger([fade_in((r.box, r.text), 240) for r in p.rows], 140)),
    )
    features = par(
        fade_in(p.cols_title, 240),
        at(200, stagger([fade_in(c, 240) for c in p.cols], 160)),
        at(1000, tween(p.leak_strike, 300, progress=1.0), tween(leak, 300, color="danger")),
        at(1250, fade_in(p.leak_note, 250)),
    )
    division = par(
        fade_in(p.split_title, 240),
        at(250, stagger([fade_in(c, 260) for c in p.split], 260)),
        at(1100, fade_in(p.sealed, 300)),
    )
    contents: list[Step] = [
        collect,
        at(300, stagger([drop(r) for r in bad], 350)),
        features,
        division,
    ]
    lengths = (1900, 1900, 2100, 2300)
    return loop(
        seq(wait(300), *map(phase, p.stages, lengths, contents)),
        hold=1500,
        rewind=[
            hidden(p.rows_title, [(r.box, r.text, r.tag) for r in p.rows], p.cols_title, p.cols),
            hidden(p.leak_note, p.split_title, p.split, p.sealed),
            to([*(r.strike for r in bad), p.leak_strike], progress=0.0),
            to(leak, color="ink"),
        ],
        linger=600,
    )
