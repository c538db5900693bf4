"""GIF 6, evaluation (Step 9): the sealed test set opens once; the overall score beats the
baseline; slices appear, one fails and is flagged, with an arrow back to Step 8."""

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
    line,
    loop,
    par,
    pill,
    seq,
    snap,
    stagger,
    to,
    tween,
)

FIGURE = Animation(
    "Evaluation (Step 9): one look at the test set, sliced",
    file="ml-model-gif-06-evaluate",
)
BASELINE, OVERALL = 0.78, 0.86
SLICES = (("Region", 0.85), ("Device", 0.84), ("Cohort", 0.83), ("Language", 0.71))
BAR_X, BAR_W = 470, W - MARGIN - 470 - 70
LO, HI = 0.5, 1.0
TX, TY, TW, TH = MARGIN, 150, 300, 150  # the test set
FLAG_Y = 262 + 3 * 52 + 15


def bar_w(score: float) -> float:
    return BAR_W * (score - LO) / (HI - LO)


@dataclass(frozen=True)
class Bar:
    label: Text
    bar: Rect
    value: Text
    score: float


@dataclass(frozen=True)
class Parts:
    header: Header
    test: Rect
    test_title: Text
    seal: Pill
    rules: tuple[Text, Text]
    overall: Bar
    slices: tuple[Bar, ...]
    baseline: tuple[Path, Text]
    flag: Pill
    back_label: Pill
    back: Path


def bar(name: Text, y: float, h: float, score: float, fill: str, color: str = "ink") -> Bar:
    """A score as a bar from BAR_X, its value printed just past its end."""
    w = bar_w(score)
    return Bar(
        name,
        box(BAR_X, y, w, h, fill=fill, stroke=None, radius=6),
        label(BAR_X + w + 10, y + h / 2, f"{score:.2f}", TYPE.small, "bold", color, anchor="lm"),
        score,
    )


def slice_bar(i: int, name: str, score: float) -> Bar:
    """A slice below the baseline is drawn red (in the still, the end of the story)."""
    y, fails = 262 + i * 52, score < BASELINE
    tag = label(BAR_X - 14, y + 15, name, TYPE.small, "semibold", anchor="rm")
    return bar(tag, y, 30, score, "danger" if fails else "muted", "danger" if fails else "ink")


def layout() -> Parts:
    rule = partial(label, TX, size=TYPE.small, color="muted", anchor="lm")
    base_x = BAR_X + bar_w(BASELINE)
    flag = pill(BAR_X + bar_w(0.71) + 70, FLAG_Y, "fails", fill="danger", size=15, anchor="l")
    back = pill(MARGIN, 496, "Fix data or modeling, re-run from Step 8", fill="danger", anchor="l")
    fx = flag.text.x
    return Parts(
        header("evaluate", "Step 9 · Evaluate", "One look at the test set, sliced"),
        box(TX, TY, TW, TH, fill="surface", stroke="evaluate", stroke_width=3),
        label(TX + TW / 2, TY + 48, "Held-out test set", weight="bold", on="surface"),
        pill(TX + TW / 2, TY + 100, "opened once", fill="evaluate", on="surface"),
        (
            rule(TY + TH + 36, "No peeking during tuning."),
            rule(TY + TH + 64, "Slices catch what averages hide."),
        ),
        bar(caption(BAR_X, 160, "Overall"), 176, 34, OVERALL, "evaluate"),
        tuple(slice_bar(i, name, score) for i, (name, score) in enumerate(SLICES)),
        (
            line([(base_x, 156), (base_x, 440)], color="ink", dashed=True),
            label(base_x, 142, f"baseline {BASELINE:.2f}", TYPE.small, "semibold"),
        ),
        flag,
        back,
        arrow([(fx, FLAG_Y + 18), (fx, 496), (back.right + 10, 496)], color="danger", width=3),
    )


def grow(b: Bar, dur: int) -> Step:
    return par(
        tween(b.bar, dur, "out_cubic", w=bar_w(b.score)),
        tween(b.value, dur, "out_cubic", x=BAR_X + bar_w(b.score) + 10),
    )


def slice_in(p: Parts, b: Bar) -> Step:
    """A slice grows; one below the baseline turns red, is flagged and sends you back."""
    if b.score >= BASELINE:
        return par(fade_in((b.label, b.value), 220), grow(b, 500))
    return par(
        fade_in((b.label, b.value), 220),
        grow(b, 500),
        at(900, tween(b.bar, 200, fill="danger"), tween(b.value, 200, color="danger")),
        at(1000, fade_in(p.flag, 250)),
        at(1500, tween(p.back, 800, "in_out_cubic", progress=1.0)),
        at(2100, fade_in(p.back_label, 300)),
    )


def timeline(p: Parts) -> Step:
    bars = (p.overall, *p.slices)
    failing = [b for b in p.slices if b.score < BASELINE]
    return loop(
        seq(
            beat(
                2500,
                at(
                    900,
                    tween(p.seal.bg, 200, fill="evaluate"),
                    tween(p.seal.text, 200, on="evaluate"),
                    tween(p.test, 200, fill="surface"),
                    at(100, snap(p.seal.text, text="opened once")),
                ),
                at(1400, fade_in((p.overall.label, p.overall.value), 250), grow(p.overall, 700)),
            ),
            stagger([slice_in(p, b) for b in p.slices], 420),
        ),
        hold=1500,
        rewind=[
            hidden([(b.label, b.value) for b in bars], p.flag, p.back_label),
            to(p.seal.bg, fill="ink"),
            to(p.seal.text, on="ink"),
            to(p.test, fill="surface_2"),
            to([b.bar for b in bars], w=0.0),
            to([b.value for b in bars], x=BAR_X + 10.0),
            to([b.bar for b in failing], fill="muted"),
            to([b.value for b in failing], color="ink"),
            to(p.back, progress=0.0),
        ],
        snap=[to(p.seal.text, text="sealed")],
        linger=2300,
    )
