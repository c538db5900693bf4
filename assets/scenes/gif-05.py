"""GIF 5, the train-and-tune loop (Step 8): a marker goes round Train → Measure → Adjust →
Repeat; each lap adds a run to the validation curve, and its gain over the run before to a
bar chart with the noise floor drawn across it. Gains shrink; when they fall under the
noise floor, the loop stops ("Stop when validation metric gains shrink below your noise
floor")."""

from __future__ import annotations

import math
from dataclasses import dataclass

from mlguide.scene import (
    NARROW_W,
    Animation,
    Canvas,
    Circle,
    Header,
    Pill,
    Polyline,
    Rect,
    Step,
    Text,
    at,
    box,
    caption,
    dot,
    fade_in,
    frame_for,
    header,
    hidden,
    label,
    line,
    loop,
    orbit,
    par,
    pill,
    snap,
    stagger,
    to,
    tween,
)

FIGURE = Animation(
    "The train-and-tune loop (Step 8): stop when gains fall under the noise floor",
    file="ml-model-gif-05-train-tune",
    narrow=(NARROW_W, 780),
)
SCORES = (0.52, 0.65, 0.735, 0.785, 0.812, 0.824, 0.829, 0.831)
GAINS = tuple(b - a for a, b in zip(SCORES, SCORES[1:], strict=False))  # runs 2..8
NOISE = 0.01  # gains under this are noise
BASELINE = 0.70  # the Step 1 baseline
NODES = (("Train", -90), ("Measure", 0), ("Adjust", 90), ("Repeat", 180))
LO, HI = 0.45, 0.90  # the score axis
GAIN_HI = 0.14  # the gain axis
LAP = 820
LEAD = 60  # a node lights up this long before the marker reaches it


@dataclass(frozen=True)
class Gain:
    bar: Rect
    h: float  # its full height


@dataclass(frozen=True)
class Parts:
    header: Header
    ring: Circle
    marker: Circle  # under the nodes it passes
    nodes: tuple[Pill, ...]
    count: Text
    panel: tuple[Rect, Text, Text, Text]
    baseline: tuple[Polyline, Text]
    curve: Polyline
    runs: tuple[Circle, ...]
    gains: tuple[Gain, ...]
    noise: tuple[Polyline, Text]
    stop: Pill


def layout(canvas: Canvas) -> Parts:
    f = frame_for(canvas)
    m = f.margin
    head = header(
        "train", "Step 8 · Train", "Loop until validation gains sink into the noise", frame=f
    )
    if f.narrow:
        cx, r = f.width / 2, 106
        cy = head.bottom + 34 + r
        px, py, pw, ph = m, cy + r + 56, f.inner, f.height - (cy + r + 56) - 20
    else:
        cx, cy, r = 236, 330, 118
        px, py, pw, ph = 470, 134, f.right - 470, 386
    # the score chart on top, the gain bars under it
    x0, x1 = px + 56, px + pw - 24
    sy0, sy1 = py + ph * 0.50, py + 44  # score axis: y of LO and HI
    gy0 = py + ph - 40  # gain axis: y of 0
    gains_title = py + ph * 0.58
    gh = (gy0 - gains_title - 22) * GAIN_HI / max(GAINS)  # px for GAIN_HI: under the title

    def xy(run: int, score: float) -> tuple[float, float]:
        return (
            x0 + (x1 - x0) * run / (len(SCORES) - 1),
            sy0 + (sy1 - sy0) * (score - LO) / (HI - LO),
        )

    points = tuple(xy(i, s) for i, s in enumerate(SCORES))
    base_y = xy(0, BASELINE)[1]
    noise_y = gy0 - gh * NOISE / GAIN_HI
    bar_w = min(22.0, (x1 - x0) / (len(SCORES) - 1) * 0.5)
    gains = []
    for i, g in enumerate(GAINS, start=1):
        h = gh * g / GAIN_HI
        x = points[i][0]
        fill = "train" if g >= NOISE else "muted"
        gains.append(
            Gain(box(x - bar_w / 2, gy0 - h, bar_w, h, fill=fill, stroke=None, radius=3), h)
        )

    def node(name: str, deg: float) -> Pill:
        x, y = cx + r * math.cos(math.radians(deg)), cy + r * math.sin(math.radians(deg))
        return pill(x, y, name, fill="surface", color="ink", size=f.small, stroke="train")

    return Parts(
        head,
        Circle(x=cx, y=cy, r=r, fill=None, stroke="border", stroke_width=3),
        dot(cx, cy - r, 11, fill="train"),
        tuple(node(name, deg) for name, deg in NODES),
        label(cx, cy, f"run {len(SCORES)}", f.heading, "bold", color="train"),
        (
            box(px, py, pw, ph, fill="bg", stroke="border"),
            caption(px + 18, py + 22, "validation score", size=f.small),
            caption(px + 18, gains_title, "gain over the run before", size=f.small),
            caption(px + pw - 18, py + ph - 18, "runs →", anchor="right", size=f.small),
        ),
        (
            line([(x0, base_y), (x1, base_y)], dashed=True),
            label(x1, base_y + 12, "Step 1 baseline", f.small, color="muted", anchor="top-right"),
        ),
        line(points, color="train", width=3.5),
        tuple(dot(x, y, 6, fill="train") for x, y in points),
        tuple(gains),
        (
            line([(x0 - 24, noise_y), (x1 + 10, noise_y)], color="danger", width=2, dashed=True),
            label(
                x1 + 10,
                noise_y - 10,
                "noise floor",
                f.small,
                "semibold",
                "danger",
                anchor="baseline-right",
            ),
        ),
        pill(
            x1 + 10,
            noise_y - gh * 0.6,
            "Stop: gains < noise",
            fill="danger",
            anchor="right",
            size=f.small,
        ),
    )


def pulse(node: Pill) -> Step:
    """Light a node while the marker passes it, then let it go."""
    return par(
        tween(node.bg, 120, fill="train"),
        tween(node.text, 120, color="accent_ink", on="train"),
        at(
            140,
            tween(node.bg, 100, fill="surface"),
            tween(node.text, 100, color="ink", on="surface"),
        ),
    )


def lap(p: Parts, i: int) -> Step:
    """One round of the loop; at "Measure" the run is plotted, the curve grows to it and its
    gain rises as a bar."""
    points = [(d.x, d.y) for d in p.runs]
    seg = [math.dist(a, b) for a, b in zip(points, points[1:], strict=False)]
    measured = LEAD + LAP // 4
    ring = p.ring
    steps: list[Step] = [
        at(LEAD, orbit(p.marker, ring.x, ring.y, ring.r, LAP)),
        *(at(k * LAP // 4, pulse(node)) for k, node in enumerate(p.nodes)),
        at(measured, fade_in(p.runs[i], 150), snap(p.count, text=f"run {i + 1}")),
    ]
    if i:
        gain = p.gains[i - 1]
        steps.append(
            at(measured - 200, tween(p.curve, 200, "out_cubic", progress=sum(seg[:i]) / sum(seg)))
        )
        steps.append(at(measured + 100, tween(gain.bar, 300, "out_cubic", h=gain.h, y=gain.bar.y)))
    return par(*steps)


def timeline(p: Parts) -> Step:
    return loop(
        par(
            at(400 - LEAD, stagger([lap(p, i) for i in range(len(SCORES))], LAP)),
            at(500 + len(SCORES) * LAP, fade_in(p.stop, 300)),
        ),
        hold=2000,
        rewind=[
            hidden(p.stop, p.runs),
            to(p.curve, progress=0.0),
            *(to(g.bar, h=0.0, y=g.bar.y + g.h) for g in p.gains),
        ],
        snap=[to(p.count, text="run 0")],
        linger=2200,
    )
