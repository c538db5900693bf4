"""GIF 5, the train-and-tune loop (Step 8): a marker goes round Train → Measure → Adjust →
Repeat; each lap adds a run to a validation curve that plateaus inside the noise floor."""

from __future__ import annotations

import math

from ..render.shapes import Circle, Path, Shape
from ..render.timeline import Scene, Tween
from ..tokens import TYPE
from .kit import (
    MARGIN,
    W,
    box,
    dot,
    header,
    hidden_until,
    label,
    make_scene,
    orbit,
    pill,
    rewind,
)

SCORES = (0.52, 0.65, 0.735, 0.785, 0.812, 0.824, 0.829, 0.831)
NODES = (("Train", -90), ("Measure", 0), ("Adjust", 90), ("Repeat", 180))
CX, CY, R = 236, 332, 118
PX, PY, PW, PH = 470, 150, W - MARGIN - 470, 350  # chart panel
LO, HI = 0.45, 0.95
RESET = 1500
LAP = 820


def _pt(run: int, score: float) -> tuple[float, float]:
    x0, x1 = PX + 64, PX + PW - 40
    y0, y1 = PY + PH - 56, PY + 40
    return (x0 + (x1 - x0) * run / (len(SCORES) - 1), y0 + (y1 - y0) * (score - LO) / (HI - LO))


def scene() -> Scene:
    shapes: list[Shape] = header(
        "train", "Step 8 · Train", "Loop until validation gains sink into the noise"
    )
    shapes.append(Circle("ring", CX, CY, r=R, fill=None, stroke="border", stroke_width=3))
    shapes.append(dot("marker", CX, CY - R, 11, fill="train"))  # under the nodes it passes
    for i, (name, deg) in enumerate(NODES):
        x = CX + R * math.cos(math.radians(deg))
        y = CY + R * math.sin(math.radians(deg))
        shapes += pill(
            f"node-{i}", x, y, name, fill="surface", color="ink", size=TYPE.small, stroke="train"
        )
    shapes.append(label("runs", CX, CY, "run 8", size=TYPE.heading, weight="bold", color="train"))
    # The chart: noise-floor band, baseline, curve and run dots.
    band_lo, band_hi = _pt(0, 0.80)[1], _pt(0, 0.85)[1]
    shapes += [
        box("panel", PX, PY, PW, PH, fill="bg", stroke="border"),
        label(
            "y-label",
            PX + 20,
            PY + 22,
            "validation score",
            size=TYPE.small,
            weight="bold",
            color="muted",
            anchor="lm",
        ),
        label(
            "x-label",
            PX + PW - 20,
            PY + PH - 22,
            "runs →",
            size=TYPE.small,
            weight="bold",
            color="muted",
            anchor="rm",
        ),
        box(
            "band",
            PX + 2,
            band_hi,
            PW - 4,
            band_lo - band_hi,
            fill="surface_2",
            stroke=None,
            radius=0,
        ),
        label(
            "band-label",
            PX + 20,
            band_hi - 10,
            "noise floor",
            size=TYPE.small,
            weight="semibold",
            color="muted",
            anchor="ls",
        ),
        Path(
            "baseline",
            points=(_pt(0, 0.70), (PX + PW - 20, _pt(0, 0.70)[1])),
            color="muted",
            width=2,
            dashed=True,
        ),
        label(
            "baseline-label",
            PX + PW - 20,
            _pt(0, 0.70)[1] + 14,
            "Step 1 baseline",
            size=TYPE.small,
            color="muted",
            anchor="ra",
        ),
    ]
    points = tuple(_pt(i, s) for i, s in enumerate(SCORES))
    shapes.append(Path("curve", points=points, color="train", width=3.5))
    for i, p in enumerate(points):
        shapes.append(dot(f"run-{i}", p[0], p[1], 6, fill="train"))
    shapes += pill(
        "stop",
        PX + PW - 20,
        band_hi - 28,
        "Stop: gains < noise",
        fill="danger",
        size=TYPE.small,
        anchor="r",
    )

    tweens: list[Tween] = [rewind("curve", "progress", RESET, 0.0)]
    hidden_until(tweens, ["stop-bg", "stop-text"], RESET, RESET + 400 + len(SCORES) * LAP, 300)
    seg = [math.dist(a, b) for a, b in zip(points, points[1:], strict=False)]
    total = sum(seg)
    t = RESET + 400
    for i in range(len(SCORES)):
        lap = t + i * LAP
        tweens += orbit("marker", CX, CY, R, lap, LAP)
        measured = lap + LAP // 4  # the marker reaches "Measure"
        hidden_until(tweens, [f"run-{i}"], RESET, measured, 150)
        if i:
            tweens.append(
                Tween(
                    "curve", "progress", measured - 200, measured, sum(seg[:i]) / total, "out_cubic"
                )
            )
        if i == 0:
            tweens += rewind_text("runs", RESET)
        tweens.append(Tween("runs", "text", measured, measured, f"run {i + 1}"))
        for k in range(len(NODES)):  # light each node while the marker passes it
            at = lap + k * LAP // 4
            tweens += [
                Tween(f"node-{k}-bg", "fill", at - 60, at + 60, "train"),
                Tween(f"node-{k}-text", "color", at - 60, at + 60, "accent_ink"),
                Tween(f"node-{k}-text", "on", at - 60, at + 60, "train"),
                Tween(f"node-{k}-bg", "fill", at + 80, at + 180, "surface"),
                Tween(f"node-{k}-text", "color", at + 80, at + 180, "ink"),
                Tween(f"node-{k}-text", "on", at + 80, at + 180, "surface"),
            ]
    end = t + len(SCORES) * LAP + 2400
    return make_scene("train-tune", shapes, tweens, duration=end)


def rewind_text(ident: str, reset: int) -> list[Tween]:
    return [Tween(ident, "text", reset, reset, "run 0")]
