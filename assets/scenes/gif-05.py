"""GIF 5, the train-and-tune loop (Step 8): a marker goes round Train → Measure → Adjust →
Repeat; each lap adds a run to a validation curve that plateaus inside the noise floor."""

from __future__ import annotations

import math
from dataclasses import dataclass

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
    at,
    box,
    caption,
    dot,
    fade_in,
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
    wait,
)

FIGURE = Animation(
    "The train-and-tune loop (Step 8): stop at the noise floor",
    file="ml-model-gif-05-train-tune",
)
SCORES = (0.52, 0.65, 0.735, 0.785, 0.812, 0.824, 0.829, 0.831)
NODES = (("Train", -90), ("Measure", 0), ("Adjust", 90), ("Repeat", 180))
CX, CY, R = 236, 332, 118  # the loop
PX, PY, PW, PH = 470, 150, W - MARGIN - 470, 350  # the chart panel
LO, HI = 0.45, 0.95
LAP = 820
LEAD = 60  # a node lights up this long before the marker reaches it


def point(run: int, score: float) -> tuple[float, float]:
    x0, x1 = PX + 64, PX + PW - 40
    y0, y1 = PY + PH - 56, PY + 40
    return (x0 + (x1 - x0) * run / (len(SCORES) - 1), y0 + (y1 - y0) * (score - LO) / (HI - LO))


POINTS = tuple(point(i, s) for i, s in enumerate(SCORES))
BAND_LO, BAND_HI = point(0, 0.80)[1], point(0, 0.85)[1]
BASE_Y = point(0, 0.70)[1]


@dataclass(frozen=True)
class Parts:
    header: Header
    ring: Circle
    marker: Circle  # under the nodes it passes
    nodes: tuple[Pill, ...]
    count: Text
    panel: tuple[Rect, Text, Text]
    band: tuple[Rect, Text]
    baseline: tuple[Path, Text]
    curve: Path
    runs: tuple[Circle, ...]
    stop: Pill


def layout() -> Parts:
    def node(name: str, deg: float) -> Pill:
        x, y = CX + R * math.cos(math.radians(deg)), CY + R * math.sin(math.radians(deg))
        return pill(x, y, name, fill="surface", color="ink", size=TYPE.small, stroke="train")

    return Parts(
        header("train", "Step 8 · Train", "Loop until validation gains sink into the noise"),
        Circle(x=CX, y=CY, r=R, fill=None, stroke="border", stroke_width=3),
        dot(CX, CY - R, 11, fill="train"),
        tuple(node(name, deg) for name, deg in NODES),
        label(CX, CY, "run 8", TYPE.heading, "bold", color="train"),
        (
            box(PX, PY, PW, PH, fill="bg", stroke="border"),
            caption(PX + 20, PY + 22, "validation score"),
            caption(PX + PW - 20, PY + PH - 22, "runs →", anchor="rm"),
        ),
        (
            box(
                PX + 2, BAND_HI, PW - 4, BAND_LO - BAND_HI, fill="surface_2", stroke=None, radius=0
            ),
            caption(PX + 20, BAND_HI - 10, "noise floor", weight="semibold", anchor="ls"),
        ),
        (
            line([(PX + 64, BASE_Y), (PX + PW - 20, BASE_Y)], dashed=True),
            label(
                PX + PW - 20, BASE_Y + 14, "Step 1 baseline", TYPE.small, color="muted", anchor="ra"
            ),
        ),
        line(POINTS, color="train", width=3.5),
        tuple(dot(x, y, 6, fill="train") for x, y in POINTS),
        pill(PX + PW - 20, BAND_HI - 28, "Stop: gains < noise", fill="danger", anchor="r"),
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
    """One round of the loop; at "Measure" the run is plotted and the curve grows to it."""
    seg = [math.dist(a, b) for a, b in zip(POINTS, POINTS[1:], strict=False)]
    measured = LEAD + LAP // 4
    grow = tween(p.curve, 200, "out_cubic", progress=sum(seg[:i]) / sum(seg))
    return par(
        at(LEAD, orbit(p.marker, CX, CY, R, LAP)),
        *(at(k * LAP // 4, pulse(node)) for k, node in enumerate(p.nodes)),
        at(measured - 200, grow) if i else wait(0),
        at(measured, fade_in(p.runs[i], 150), snap(p.count, text=f"run {i + 1}")),
    )


def timeline(p: Parts) -> Step:
    return loop(
        par(
            at(400 - LEAD, stagger([lap(p, i) for i in range(len(SCORES))], LAP)),
            at(400 + len(SCORES) * LAP, fade_in(p.stop, 300)),
        ),
        hold=1500,
        rewind=[hidden(p.stop, p.runs), to(p.curve, progress=0.0)],
        snap=[to(p.count, text="run 0")],
        linger=2100,
    )
