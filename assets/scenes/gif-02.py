"""GIF 2, problem framing (Steps 1–2): a one-page brief fills in, then a feasibility gate
asks its three questions. The first time, one answer is "no" and the gate says NO-GO (the
point of Step 2: fix data or scope first); once that is fixed, the gate says GO."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from mlguide.scene import (
    NARROW_W,
    Animation,
    Canvas,
    Circle,
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
    check_mark,
    dot,
    fade_in,
    fade_out,
    frame_for,
    header,
    hidden,
    label,
    line,
    loop,
    measure,
    par,
    pill,
    seq,
    snap,
    to,
    tween,
)

FIGURE = Animation(
    "Problem framing (Steps 1–2): the brief and the feasibility gate",
    file="ml-model-gif-02-problem-framing",
    narrow=(NARROW_W, 740),
)
BRIEF = (
    ("Decision", "Who gets a retention offer"),
    ("Metric", "Recall at 80% precision"),
    ("Baseline", "Last year’s manual list"),
    ("Constraints", "Scores daily · no raw PII"),
)
GATE = ("Labeled examples?", "Signal in the data?", "MVP metric in time?")
FAILS = 1  # the question answered "no" the first time round
RULE = ("Any “no” is a NO-GO:", "fix data or scope first")


Card = tuple[Rect, Text, Text]  # box, title, step number


@dataclass(frozen=True)
class Row:
    key: Text
    value: Text
    x: float  # where the value settles


@dataclass(frozen=True)
class Question:
    dot: Circle
    tick: Polyline
    cross: tuple[Polyline, Polyline]
    text: Text


@dataclass(frozen=True)
class Parts:
    header: Header
    brief: Card
    rows: tuple[Row, ...]
    to_gate: Polyline
    gate: Card
    questions: tuple[Question, ...]
    stamp: Pill
    rule: tuple[Text, Text]
    go_width: float  # the stamp's width for "GO" (wider for "NO-GO")
    nogo_width: float


def panel(
    f: Frame, x: float, y: float, w: float, h: float, title: str, step: str, fill: str, **edge: Any
) -> Card:
    """A card with its title at the left and its step number at the right."""
    heading = partial(label, y=y + 36, weight="bold", on=fill)
    return (
        box(x, y, w, h, fill=fill, **edge),
        heading(x + 22, text=title, size=f.heading, anchor="left"),
        heading(x + w - 22, text=step, size=f.small, color="problem", anchor="right"),
    )


def question(f: Frame, x: float, y: float, text: str) -> Question:
    r = 14
    return Question(
        dot(x + r + 2, y, r, fill="surface", stroke="success", stroke_width=2.5),
        check_mark(x + r + 2, y, 12),
        (
            line([(x + r - 4, y - 6), (x + r + 8, y + 6)], color="danger", width=3, opacity=0.0),
            line([(x + r + 8, y - 6), (x + r - 4, y + 6)], color="danger", width=3, opacity=0.0),
        ),
        label(x + 2 * r + 14, y, text, f.body, anchor="left"),
    )


def layout(canvas: Canvas) -> Parts:
    f = frame_for(canvas)
    head = header(
        "problem", "Steps 1–2 · Problem", "Write the brief, then pass the feasibility gate", frame=f
    )
    m = f.margin
    stamp_size = 28
    go_w = measure("GO", "bold", stamp_size) + 28
    nogo_w = measure("NO-GO", "bold", stamp_size) + 28
    if f.narrow:  # the brief above the gate, each row on one line
        by, bh = head.bottom + 8, 232
        key_x, value_x = m + 20, m + 168
        rows = tuple(
            Row(
                label(
                    key_x,
                    by + 88 + i * 38,
                    key.upper(),
                    f.small,
                    "bold",
                    "muted",
                    on="surface",
                    anchor="left",
                ),
                label(
                    value_x,
                    by + 88 + i * 38,
                    value,
                    f.body,
                    "semibold",
                    on="surface",
                    anchor="left",
                    max_width=f.right - 16 - value_x,
                ),
                value_x,
            )
            for i, (key, value) in enumerate(BRIEF)
        )
        brief = panel(f, m, by, f.inner, bh, "One-page brief", "Step 1", "surface")
        gy = by + bh + 44
        gate = panel(
            f,
            m,
            gy,
            f.inner,
            f.height - gy - 24,
            "Feasibility gate",
            "Step 2",
            "bg",
            stroke="problem",
            stroke_width=3,
        )
        to_gate = arrow([(m + f.inner / 2, by + bh + 8), (m + f.inner / 2, gy - 10)], width=3)
        questions = tuple(question(f, m + 20, gy + 88 + i * 46, t) for i, t in enumerate(GATE))
        stamp_y = gy + 88 + 3 * 46 + 22
        stamp = pill(m + 20, stamp_y, "GO", fill="success", size=stamp_size, anchor="left")
        note = partial(label, m + 20 + nogo_w + 18, size=f.small, color="muted", anchor="left")
        rule = (note(stamp_y - 13, RULE[0]), note(stamp_y + 13, RULE[1]))
    else:
        bx, by, bw, bh = m, 140, 430, 360
        gx = 560
        gw = f.right - gx
        rows = tuple(
            Row(
                label(
                    bx + 24,
                    by + 86 + i * 66,
                    key.upper(),
                    f.small,
                    "bold",
                    "muted",
                    on="surface",
                    anchor="left",
                ),
                label(
                    bx + 24,
                    by + 112 + i * 66,
                    value,
                    f.body,
                    "semibold",
                    on="surface",
                    anchor="left",
                    max_width=bw - 48,
                ),
                bx + 24,
            )
            for i, (key, value) in enumerate(BRIEF)
        )
        brief = panel(f, bx, by, bw, bh, "One-page brief", "Step 1", "surface")
        gate = panel(
            f, gx, by, gw, bh, "Feasibility gate", "Step 2", "bg", stroke="problem", stroke_width=3
        )
        to_gate = arrow([(bx + bw + 12, by + bh / 2), (gx - 14, by + bh / 2)], width=3)
        questions = tuple(question(f, gx + 22, by + 92 + i * 50, t) for i, t in enumerate(GATE))
        stamp_y = by + 92 + 3 * 50 + 10
        stamp = pill(gx + 22, stamp_y, "GO", fill="success", size=stamp_size, anchor="left")
        note = partial(label, gx + 22, size=f.small, color="muted", anchor="left")
        rule = (note(stamp_y + 46, RULE[0]), note(stamp_y + 72, RULE[1]))
    return Parts(head, brief, rows, to_gate, gate, questions, stamp, rule, go_w, nogo_w)


def answer(q: Question, yes: bool) -> Step:
    """The question shows, then its answer: a tick (yes) or a red cross (no)."""
    if yes:
        return par(
            fade_in((q.text, q.tick), 250),
            at(
                300,
                tween(q.tick, 260, "out_cubic", progress=1.0),
                tween(q.dot, 200, fill="surface"),
            ),
        )
    return par(
        fade_in(q.text, 250),
        at(300, tween(q.dot, 200, stroke="danger"), fade_in(q.cross, 200)),
    )


def stamp(p: Parts, text: str, fill: str, width: float) -> Step:
    """The verdict pops in: its text, colour and width at once, then a small bounce."""
    return seq(
        par(
            snap(p.stamp.text, text=text),
            snap(p.stamp.bg, fill=fill, w=width),
            snap(p.stamp.text, x=p.stamp.bg.x + width / 2),
            snap(p.stamp.text, on=fill),
            fade_in(p.stamp, 200),
        ),
        tween(p.stamp.text, 360, "out_back", scale=1.0),
    )


def timeline(p: Parts) -> Step:
    failing = p.questions[FAILS]
    fill_in = [
        seq(fade_in(r.key, 200), par(fade_in(r.value, 320), tween(r.value, 320, x=r.x)))
        for r in p.rows
    ]
    first_pass = [answer(q, i != FAILS) for i, q in enumerate(p.questions)]
    return loop(
        seq(
            at(300, seq(*(beat(650, f) for f in fill_in))),
            at(200, tween(p.to_gate, 300, progress=1.0)),
            *(beat(650, a) for a in first_pass),
            beat(
                1800,
                stamp(p, "NO-GO", "danger", p.nogo_width),
                at(200, tween(p.rule, 250, color="danger")),
            ),
            # the data or scope is fixed: the "no" becomes a "yes", and the gate opens
            beat(
                1000,
                fade_out(p.stamp, 200),
                fade_out(failing.cross, 200),
                at(250, tween(failing.dot, 200, stroke="success", fill="surface")),
                at(
                    250,
                    fade_in(failing.tick, 1),
                    tween(failing.tick, 300, "out_cubic", progress=1.0),
                ),
                at(250, tween(p.rule, 300, color="muted")),
            ),
            snap(p.stamp.text, scale=1.6),
            stamp(p, "GO", "success", p.go_width),
        ),
        hold=2000,
        rewind=[
            hidden(p.rows, [(q.text, q.tick) for q in p.questions], p.stamp),
            to([q.dot for q in p.questions], fill="bg"),
            to(p.to_gate, progress=0.0),
        ],
        snap=[
            *(to(r.value, x=r.x - 12.0) for r in p.rows),
            to([q.tick for q in p.questions], progress=0.0),
            to(p.stamp.text, scale=1.6),
        ],
        linger=2200,
    )
