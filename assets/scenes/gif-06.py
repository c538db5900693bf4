"""GIF 6, evaluation (Step 9): the sealed test set opens once; the overall score beats the
baseline; slices appear, one fails and is flagged, with an arrow back to Step 8.

Colour carries the verdict and nothing else: passing bars are neutral (ink for the overall
score, muted for the slices), red is kept for the one slice that fails. Bars start at 0 on
a marked axis, so their lengths compare honestly."""

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
    fade_in,
    frame_for,
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
    narrow=(NARROW_W, 660),
)
BASELINE, OVERALL = 0.78, 0.86
SLICES = (("Region", 0.85), ("Device", 0.84), ("Cohort", 0.83), ("Language", 0.71))
TICKS = (0.0, 0.5, 1.0)


@dataclass(frozen=True)
class Chart:
    """Where scores are drawn: x of 0, pixels per 1.0 of score."""

    x0: float
    unit: float

    def x(self, score: float) -> float:
        return self.x0 + self.unit * score


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
    axis: tuple[Polyline, tuple[Text, ...]]
    baseline: tuple[Polyline, Text]  # behind the bars: it shows between them
    overall: Bar
    slices: tuple[Bar, ...]
    flag: Pill
    back_label: Pill
    back: Polyline
    chart: Chart


def bar(f: Frame, chart: Chart, name: str, y: float, h: float, score: float, fill: str) -> Bar:
    """A score as a bar from 0, its name at the left, its value inside its end."""
    weight = "bold" if fill == "ink" else "semibold"
    return Bar(
        label(chart.x0 - 14, y + h / 2, name, f.small, weight, anchor="right"),
        box(chart.x0, y, chart.unit * score, h, fill=fill, stroke=None, radius=4),
        label(
            chart.x(score) - 10,
            y + h / 2,
            f"{score:.2f}",
            f.small,
            "bold",
            "bg",
            on=fill,
            anchor="right",
        ),
        score,
    )


def layout(canvas: Canvas) -> Parts:
    f = frame_for(canvas)
    head = header("evaluate", "Step 9 · Evaluate", "One look at the test set, sliced", frame=f)
    m = f.margin
    if f.narrow:
        test = (m, head.bottom + 6, f.inner, 76)  # a band across the top
        title_at = (m + 20, test[1] + test[3] / 2, "left")
        seal_at = (f.right - 20, test[1] + test[3] / 2, "right")
        rules_y = test[1] + test[3] + 30
        chart = Chart(m + 108, f.inner - 108 - 40)
        bars_y, row, bar_h = rules_y + 104, 46, 30
    else:
        test = (m, 150, 300, 150)
        title_at = (m + 150, 198, "center")
        seal_at = (m + 150, 250, "center")
        rules_y = 336
        chart = Chart(480, f.right - 480 - 40)
        bars_y, row, bar_h = 168, 54, 32
    tx, ty, tw, th = test
    rule = partial(label, m, size=f.small, color="muted", anchor="left")
    overall = bar(f, chart, "Overall", bars_y, bar_h + 4, OVERALL, "ink")
    top = bars_y + row + 12  # a gap between the overall score and its slices
    slices = tuple(
        bar(f, chart, name, top + i * row, bar_h, s, "danger" if s < BASELINE else "muted")
        for i, (name, s) in enumerate(SLICES)
    )
    axis_y = top + (len(SLICES) - 1) * row + bar_h + 12
    base_x = chart.x(BASELINE)
    failing = slices[-1]
    flag_y = failing.bar.y + bar_h / 2
    flag = pill(base_x + 12, flag_y, "fails", fill="danger", size=f.small, anchor="left")
    back_y = axis_y + 68 if f.narrow else 496
    back = pill(
        m,
        back_y,
        "Fix data or modeling, re-run from Step 8",
        fill="danger",
        anchor="left",
        size=f.small,
    )
    fx = flag.bg.x + min(24, flag.bg.w / 2)  # clear of the axis label `1` below
    if f.narrow:  # down past the axis to the label's top
        back_path = [(fx, flag.bg.y + flag.bg.h + 6), (fx, back_y - back.bg.h / 2 - 8)]
    else:  # down and round to the label's end
        back_path = [(fx, flag.bg.y + flag.bg.h + 6), (fx, back_y), (back.right + 10, back_y)]
    return Parts(
        head,
        box(tx, ty, tw, th, fill="surface", stroke="border", stroke_width=2),
        label(
            title_at[0],
            title_at[1],
            "Held-out test set",
            f.body,
            "bold",
            on="surface",
            anchor=title_at[2],
        ),
        pill(
            seal_at[0],
            seal_at[1],
            "opened once",
            fill="ink",
            color="bg",
            on="surface",
            anchor=seal_at[2],
            size=f.small,
        ),
        (
            rule(rules_y, "No peeking during tuning."),
            rule(rules_y + 30, "Slices catch what averages hide."),
        ),
        (
            line(
                [(chart.x0, bars_y - 10), (chart.x0, axis_y), (chart.x(1.0), axis_y)],
                color="border",
                width=2,
            ),
            tuple(label(chart.x(t), axis_y + 20, f"{t:g}", f.small, color="muted") for t in TICKS),
        ),
        (
            line([(base_x, bars_y - 14), (base_x, axis_y)], color="ink", dashed=True),
            label(base_x, bars_y - 30, f"baseline {BASELINE:.2f}", f.small, "semibold"),
        ),
        overall,
        slices,
        flag,
        back,
        arrow(back_path, color="danger", width=3),
        chart,
    )


def grow(c: Chart, b: Bar, dur: int) -> Step:
    return par(
        tween(b.bar, dur, "out_cubic", w=c.unit * b.score),
        tween(b.value, dur, "out_cubic", x=c.x(b.score) - 10),
    )


def slice_in(p: Parts, b: Bar) -> Step:
    """A slice grows; one below the baseline turns red, is flagged and sends you back."""
    if b.score >= BASELINE:
        return par(fade_in(b.label, 220), grow(p.chart, b, 500), at(380, fade_in(b.value, 200)))
    return par(
        fade_in(b.label, 220),
        grow(p.chart, b, 500),
        at(380, fade_in(b.value, 200)),
        at(900, tween(b.bar, 200, fill="danger"), tween(b.value, 200, on="danger")),
        at(1100, fade_in(p.flag, 250)),
        at(1600, tween(p.back, 800, "in_out_cubic", progress=1.0)),
        at(2200, fade_in(p.back_label, 300)),
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
                    tween(p.seal.bg, 200, fill="ink"),
                    tween(p.seal.text, 200, color="bg", on="ink"),
                    at(100, snap(p.seal.text, text="opened once")),
                ),
                at(
                    1400,
                    fade_in(p.overall.label, 250),
                    grow(p.chart, p.overall, 700),
                    at(550, fade_in(p.overall.value, 200)),
                ),
            ),
            stagger([slice_in(p, b) for b in p.slices], 420),
        ),
        hold=2000,
        rewind=[
            hidden([(b.label, b.value) for b in bars], p.flag, p.back_label),
            to(p.seal.bg, fill="muted"),
            to(p.seal.text, on="muted"),
            to([b.bar for b in bars], w=0.0),
            to([b.value for b in bars], x=p.chart.x0 - 10.0),
            to([b.bar for b in failing], fill="muted"),
            to([b.value for b in failing], on="muted"),
            to(p.back, progress=0.0),
        ],
        snap=[to(p.seal.text, text="sealed")],
        linger=2500,
    )
