"""GIF 3, the data-prep funnel (Steps 3–6): records flow Collect → Clean & explore →
Features → Split; bad rows are flagged and dropped (still readable: they are the evidence),
the leaking `future_spend` column is struck out, and the rest splits into train /
validation / a sealed test set."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from mlguide.scene import (
    NARROW_W,
    Animation,
    Canvas,
    Frame,
    Header,
    Pill,
    Polyline,
    Rect,
    Step,
    Text,
    arrow,
    at,
    beat,
    box,
    caption,
    fade_in,
    frame_for,
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
    narrow=(NARROW_W, 880),
)
STAGES = ("3 · Collect", "4 · Clean & explore", "5 · Features", "6 · Split")
SHORT = ("3 Collect", "4 Clean", "5 Features", "6 Split")
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
SEALED = "The test set stays sealed until Step 9."
LEAK = "future_spend leaks the future: drop it"


@dataclass(frozen=True)
class Stage:
    box: Rect
    text: Text
    flow: Polyline | None  # the arrow in from the previous stage


@dataclass(frozen=True)
class Chip:
    box: Rect
    text: Text


@dataclass(frozen=True)
class Record:
    box: Rect
    text: Text
    tag: Pill | None


@dataclass(frozen=True)
class Parts:
    header: Header
    stages: tuple[Stage, ...]
    rows_title: Text
    rows: tuple[Record, ...]
    cols_title: Text
    cols: tuple[Chip, ...]
    leak_strike: Polyline
    leak_note: Text
    split_title: Text
    split: tuple[Chip, ...]
    sealed: Text


def stages(f: Frame, y: float) -> tuple[Stage, ...]:
    """The four stages along the top, sharing the spare width, joined by arrows."""
    names = SHORT if f.narrow else STAGES
    gap = 16 if f.narrow else 30
    pad = 18 if f.narrow else 28
    widths = [measure(s, "bold", f.small) + pad for s in names]
    spare = (f.inner - sum(widths) - 3 * gap) / 4
    out, x = [], float(f.margin)
    for i, (text, w) in enumerate(zip(names, widths, strict=True)):
        w += spare
        flow = arrow([(x - gap + 3, y), (x - 4, y)], width=2.5)
        out.append(
            Stage(
                box(x, y - 20, w, 40, fill="surface", stroke="border", radius=20),
                caption(x + w / 2, y, text, anchor="center", on="surface", size=f.small),
                flow if i else None,
            )
        )
        x += w + gap
    return tuple(out)


def record(f: Frame, x: float, y: float, w: float, text: str, problem: str) -> Record:
    """A row of raw data; a bad one (the still shows it flagged) is outlined red, muted,
    tagged."""
    h = 38
    mono = partial(
        label, size=f.small, weight="mono", on="surface" if not problem else "bg", anchor="left"
    )
    tag = pill(x + w - 8, y + h / 2, problem, fill="danger", size=f.small, anchor="right", on="bg")
    return Record(
        box(
            x,
            y,
            w,
            h,
            fill="bg" if problem else "surface",
            stroke="danger" if problem else "border",
            stroke_width=2,
            radius=8,
        ),
        mono(x + 12, y + h / 2, text, color="muted" if problem else "ink"),
        tag if problem else None,
    )


def column(f: Frame, x: float, y: float, name: str) -> Chip:
    w = measure(name, "mono", f.small) + 24
    color = "danger" if name == COLUMNS[-1] else "ink"  # the still shows the leak
    return Chip(
        box(x, y, w, 38, fill="surface", stroke="border", radius=8),
        label(x + 12, y + 19, name, f.small, "mono", color, on="surface", anchor="left"),
    )


def split(f: Frame, x0: float, y: float, width: float) -> tuple[Chip, ...]:
    chips, x = [], x0
    for i, (name, share, token) in enumerate(SPLIT):
        w = width * share - (6 if i < 2 else 0)
        color = "accent_ink" if token != "ink" else "bg"
        chips.append(
            Chip(
                box(x, y, w, 60, fill=token, stroke=None, radius=10),
                label(x + w / 2, y + 30, name, f.small, "bold", color=color, on=token),
            )
        )
        x += w + 6
    return tuple(chips)


def layout(canvas: Canvas) -> Parts:
    f = frame_for(canvas)
    m = f.margin
    head = header(
        "data", "Steps 3–6 · Data", "Bad rows and leaking columns never reach training", frame=f
    )
    if f.narrow:
        stage_y = head.bottom + 30
        rx, ry, rw = m, stage_y + 54, f.inner
        fx, fy = m, ry + 22 + len(ROWS) * 46 + 36
        col_at = [(fx, fy + 22), (fx + 120, fy + 22), (fx, fy + 68), (fx + 150, fy + 68)]
        leak_y = fy + 68 + 19
        note_y = leak_y + 44
        sy = note_y + 74
        split_w = f.inner
    else:
        stage_y = 156
        rx, ry, rw = m, 206, 440
        fx, fy = 540, 206
        col_at = [(fx + 150 * (i % 2), fy + 22 + (i // 2) * 48) for i in range(4)]
        leak_y = fy + 22 + 48 + 19
        note_y = leak_y + 45
        sy = 420
        split_w = f.right - fx
    cols = tuple(column(f, x, y, name) for (x, y), name in zip(col_at, COLUMNS, strict=True))
    leak = cols[-1].box
    return Parts(
        head,
        stages(f, stage_y),
        caption(rx, ry, "Raw records", size=f.small),
        tuple(
            record(f, rx, ry + 22 + i * 46, rw, text, problem)
            for i, (text, problem) in enumerate(ROWS)
        ),
        caption(fx, fy, "Feature columns", size=f.small),
        cols,
        strike(leak.x + 6, leak.x + leak.w - 6, leak_y),
        caption(fx, note_y, LEAK, color="danger", size=f.small),
        caption(fx, sy - 22, "Split", size=f.small),
        split(f, fx, sy, split_w),
        label(fx, sy + 88, SEALED, f.small, "semibold", "muted", anchor="left"),
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
    """Flag a bad row: tag it, outline it in red, mute its text (still readable)."""
    assert r.tag is not None
    return par(
        fade_in(r.tag, 220),
        at(200, tween(r.box, 300, fill="bg", stroke="danger")),
        at(200, tween(r.text, 300, color="muted", on="bg")),
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
        hold=2000,
        rewind=[
            hidden(p.rows_title, [(r.box, r.text, r.tag) for r in p.rows], p.cols_title, p.cols),
            hidden(p.leak_note, p.split_title, p.split, p.sealed),
            to(p.leak_strike, progress=0.0),
            to(leak, color="ink"),
        ],
        snap=[
            to([r.box for r in bad], fill="surface", stroke="border"),
            to([r.text for r in bad], color="ink", on="surface"),
        ],
        linger=1800,
    )
