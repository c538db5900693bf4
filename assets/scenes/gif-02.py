"""GIF 2, problem framing (Steps 1–2): a one-page brief fills in, then a feasibility gate
asks its three questions and stamps GO."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from mlguide.scene import (
    MARGIN,
    TYPE,
    Animation,
    Circle,
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
    check_mark,
    dot,
    fade_in,
    header,
    hidden,
    label,
    loop,
    par,
    pill,
    seq,
    to,
    tween,
)

FIGURE = Animation(
    "Problem framing (Steps 1–2): the brief and the feasibility gate",
    file="ml-model-gif-02-problem-framing",
)
BRIEF = (
    ("Decision", "Who gets a retention offer"),
    ("Metric", "Recall at 80% precision"),
    ("Baseline", "Last year’s manual list"),
    ("Constraints", "Scores daily · no raw PII"),
)
GATE = ("Labeled examples?", "Signal in the data?", "MVP metric in time?")
BX, BY, BW, BH = MARGIN, 140, 430, 360  # the brief
GX, GW = 560, W - MARGIN - 560  # the gate


Card = tuple[Rect, Text, Text]  # box, title, step number


@dataclass(frozen=True)
class Row:
    key: Text
    value: Text


@dataclass(frozen=True)
class Question:
    dot: Circle
    tick: Path
    text: Text


@dataclass(frozen=True)
class Parts:
    header: Header
    brief: Card
    rows: tuple[Row, ...]
    to_gate: Path
    gate: Card
    questions: tuple[Question, ...]
    stamp: Pill
    nogo: tuple[Text, Text]


def panel(x: float, w: float, title: str, step: str, fill: str, **edge: Any) -> Card:
    """A card with its title at the left and its step number at the right."""
    heading = partial(label, y=BY + 38, weight="bold", on=fill)
    return (
        box(x, BY, w, BH, fill=fill, **edge),
        heading(x + 24, text=title, size=TYPE.heading, anchor="lm"),
        heading(x + w - 24, text=step, size=TYPE.small, color="problem", anchor="rm"),
    )


def row(i: int, key: str, value: str) -> Row:
    on_card = partial(label, BX + 24, on="surface", anchor="lm")
    return Row(
        on_card(BY + 88 + i * 66, key.upper(), 15, "bold", "muted"),
        on_card(BY + 114 + i * 66, value, weight="semibold", max_width=BW - 48),
    )


def question(i: int, text: str) -> Question:
    y = BY + 98 + i * 54
    return Question(
        dot(GX + 38, y, 15, fill="surface", stroke="success", stroke_width=2.5),
        check_mark(GX + 38, y, 13),
        label(GX + 66, y, text, anchor="lm"),
    )


def layout() -> Parts:
    stamp_y = BY + BH - 62
    note = partial(label, GX + 130, size=TYPE.small, color="muted", anchor="lm")
    return Parts(
        header("problem", "Steps 1–2 · Problem", "Write the brief, then pass the feasibility gate"),
        panel(BX, BW, "One-page brief", "Step 1", "surface"),
        tuple(row(i, key, value) for i, (key, value) in enumerate(BRIEF)),
        arrow([(BX + BW + 12, BY + BH / 2), (GX - 14, BY + BH / 2)], width=3),
        panel(GX, GW, "Feasibility gate", "Step 2", "bg", stroke="problem", stroke_width=3),
        tuple(question(i, text) for i, text in enumerate(GATE)),
        pill(GX + 24, stamp_y, "GO", fill="success", size=30, anchor="l"),
        (note(stamp_y - 12, "Any “no” is a NO-GO:"), note(stamp_y + 14, "fix data or scope first")),
    )


def ask(q: Question) -> Step:
    return par(
        fade_in((q.text, q.tick), 250),
        at(300, tween(q.tick, 260, "out_cubic", progress=1.0), tween(q.dot, 200, fill="surface")),
    )


def timeline(p: Parts) -> Step:
    values = [r.value for r in p.rows]
    ticks = [q.tick for q in p.questions]
    fill_in = [
        seq(fade_in(r.key, 200), par(fade_in(r.value, 320), tween(r.value, 320, x=BX + 24.0)))
        for r in p.rows
    ]
    return loop(
        seq(
            at(300, seq(*(beat(700, f) for f in fill_in))),
            at(200, tween(p.to_gate, 300, progress=1.0)),
            *(beat(650, ask(q)) for q in p.questions),
            at(
                250,
                fade_in(p.stamp, 220),
                tween(p.stamp.text, 380, "out_back", scale=1.0),
                at(500, fade_in(p.nogo, 300)),
            ),
        ),
        hold=1400,
        rewind=[
            hidden(p.rows, [(q.text, q.tick) for q in p.questions], p.stamp, p.nogo),
            to([q.dot for q in p.questions], fill="bg"),
            to(p.to_gate, progress=0.0),
        ],
        snap=[to(values, x=BX + 12.0), to(ticks, progress=0.0), to(p.stamp.text, scale=1.6)],
        linger=1800,
    )
