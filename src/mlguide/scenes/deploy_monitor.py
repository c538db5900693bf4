"""GIF 7, deploy and monitor (Step 10): artifact `v2.4.pkl` → container → `/predict` →
traffic; a dashboard of latency, errors, input drift and prediction drift; input drift
crosses its threshold, an alert fires: retrain or roll back."""

from __future__ import annotations

from ..render.shapes import Path, Shape
from ..render.timeline import Scene, Tween
from ..tokens import TYPE
from .kit import (
    MARGIN,
    W,
    arrow,
    box,
    conveyor,
    dot,
    header,
    hidden_until,
    label,
    make_scene,
    pill,
    pill_width,
    rewind,
)

NODES = (
    ("artifact", "v2.4.pkl", "mono-bold"),
    ("container", "Docker", "bold"),
    ("endpoint", "/predict", "mono-bold"),
    ("traffic", "traffic", "bold"),
)
# name, series (0..1, higher = worse), threshold or None
PANELS = (
    ("Latency", (0.30, 0.34, 0.31, 0.36, 0.33, 0.35, 0.32, 0.34, 0.33), None),
    ("Errors", (0.12, 0.10, 0.14, 0.11, 0.12, 0.10, 0.13, 0.12, 0.11), None),
    ("Input drift", (0.15, 0.18, 0.17, 0.24, 0.33, 0.45, 0.58, 0.72, 0.84), 0.6),
    ("Prediction drift", (0.12, 0.14, 0.13, 0.16, 0.19, 0.23, 0.30, 0.38, 0.46), 0.6),
)
NODE_Y, NODE_H = 150, 64
PANEL_Y, PANEL_H = 250, 180
RESET = 1500
TICK = 400  # the monitoring clock
HOP = 140  # how long a step of motion takes within a tick
CYCLES = 6


def scene() -> Scene:
    shapes: list[Shape] = header(
        "deploy", "Step 10 · Deploy", "Ship it, watch it, retrain or roll back"
    )
    gaps = (40, 40, 110)  # the last link is wide enough to show requests flowing
    nw = (W - 2 * MARGIN - sum(gaps)) / 4
    lefts = [MARGIN + i * nw + sum(gaps[:i]) for i in range(4)]
    for i, (ident, text, weight) in enumerate(NODES):
        x, gap = lefts[i], gaps[i - 1]
        shapes += [
            box(ident, x, NODE_Y, nw, NODE_H, fill="deploy", stroke=None),
            label(
                f"{ident}-text",
                x + nw / 2,
                NODE_Y + NODE_H / 2,
                text,
                size=TYPE.body,
                weight=weight,
                color="accent_ink",
                on="deploy",
            ),
        ]
        if i:
            shapes.append(
                arrow(
                    f"link-{i}",
                    [(x - gap + 6, NODE_Y + NODE_H / 2), (x - 8, NODE_Y + NODE_H / 2)],
                    width=3,
                )
            )
    # Requests flowing out to traffic: three dots on the last link.
    lane_x0 = lefts[2] + nw + 14
    lane_x1 = lefts[3] - 22
    dots = [f"req-{k}" for k in range(3)]
    shapes += [
        dot(
            d, lane_x0 + k * (lane_x1 - lane_x0) / 3, NODE_Y + NODE_H / 2, 6, fill="deploy", layer=1
        )
        for k, d in enumerate(dots)
    ]
    pw = (W - 2 * MARGIN - 3 * 16) / 4
    for i, (name, series, threshold) in enumerate(PANELS):
        px = MARGIN + i * (pw + 16)
        fails = threshold is not None and max(series) > threshold
        top, bottom = PANEL_Y + 56, PANEL_Y + PANEL_H - 18
        pts = tuple(
            (px + 16 + (pw - 32) * k / (len(series) - 1), bottom - (bottom - top) * v)
            for k, v in enumerate(series)
        )
        shapes += [
            box(
                f"panel-{i}",
                px,
                PANEL_Y,
                pw,
                PANEL_H,
                fill="bg",
                stroke="danger" if fails else "border",
                stroke_width=3 if fails else 2,
            ),
            label(
                f"panel-{i}-title",
                px + 16,
                PANEL_Y + 28,
                name,
                size=TYPE.small,
                weight="bold",
                color="danger" if fails else "muted",
                anchor="lm",
            ),
        ]
        if threshold is not None:
            ty = bottom - (bottom - top) * threshold
            shapes.append(
                Path(
                    f"panel-{i}-limit",
                    points=((px + 16, ty), (px + pw - 16, ty)),
                    color="muted",
                    width=2,
                    dashed=True,
                )
            )
        shapes.append(
            Path(f"panel-{i}-line", points=pts, color="danger" if fails else "deploy", width=3)
        )
    # The alert, then the two ways out, laid out left to right from their measured widths.
    row_y, x = 482.0, float(MARGIN)
    alert = pill(
        "alert",
        x,
        row_y,
        "Alert: input drift past its threshold",
        fill="danger",
        size=TYPE.body,
        anchor="l",
    )
    x += pill_width(alert) + 30
    then = label("or", x, row_y, "→", size=TYPE.heading, weight="bold", color="muted")
    x += 30
    retrain = pill("retrain", x, row_y, "Retrain", fill="deploy", size=TYPE.body, anchor="l")
    x += pill_width(retrain) + 26
    either = label("or-2", x, row_y, "or", size=TYPE.body, weight="semibold", color="muted")
    x += 26
    rollback = pill(
        "rollback", x, row_y, "Roll back", fill="ink", color="bg", size=TYPE.body, anchor="l"
    )
    shapes += [*alert, then, *retrain, either, *rollback]
    tweens: list[Tween] = []
    t = RESET + 300
    for i, (ident, _, _) in enumerate(NODES):
        at = t + i * 550
        tweens += [
            rewind(ident, "fill", RESET, "surface"),
            rewind(f"{ident}-text", "color", RESET, "muted"),
            rewind(f"{ident}-text", "on", RESET, "surface"),
            Tween(ident, "fill", at, at + 250, "deploy"),
            Tween(f"{ident}-text", "color", at, at + 250, "accent_ink"),
            Tween(f"{ident}-text", "on", at, at + 250, "deploy"),
        ]
        if i:
            tweens += [
                rewind(f"link-{i}", "progress", RESET, 0.0),
                Tween(f"link-{i}", "progress", at - 250, at, 1.0),
            ]
    hidden_until(tweens, dots, RESET, t + 3 * 550 + 200, 200)
    t += 4 * 550
    # Monitoring runs on a clock: every TICK the dots hop one slot and each chart gains a data
    # point, so the frames between ticks are holds (smaller GIF, calm motion).
    tweens += conveyor(dots, lane_x0, lane_x1, t, cycles=CYCLES, step=TICK, move=HOP)
    points = len(PANELS[0][1]) - 1
    first = t + 400  # the first data point, after the panels have appeared
    for i, (_, series, threshold) in enumerate(PANELS):
        fails = threshold is not None and max(series) > threshold
        # The empty dashboard stays on screen through the rewind: only the data restarts.
        tweens.append(rewind(f"panel-{i}-line", "progress", RESET, 0.0))
        for k in range(points):
            at = first + k * TICK + TICK - HOP
            tweens.append(
                Tween(f"panel-{i}-line", "progress", at, at + HOP, (k + 1) / points, "out_cubic")
            )
        if fails:
            assert threshold is not None
            k_cross = next(k for k, v in enumerate(series) if v > threshold)
            cross = first + (k_cross - 1) * TICK + TICK  # the tick that crosses the threshold
            tweens += [
                rewind(f"panel-{i}", "stroke", RESET, "border"),
                rewind(f"panel-{i}", "stroke_width", RESET, 2.0),
                Tween(f"panel-{i}", "stroke_width", cross, cross + 200, 3.0),
                rewind(f"panel-{i}-line", "color", RESET, "deploy"),
                rewind(f"panel-{i}-title", "color", RESET, "muted"),
                Tween(f"panel-{i}", "stroke", cross, cross + 200, "danger"),
                Tween(f"panel-{i}-line", "color", cross, cross + 200, "danger"),
                Tween(f"panel-{i}-title", "color", cross, cross + 200, "danger"),
            ]
    t = first + points * TICK + 200
    hidden_until(tweens, ["alert-bg", "alert-text"], RESET, t, 250)
    hidden_until(tweens, ["or", "retrain-bg", "retrain-text"], RESET, t + 700, 250)
    hidden_until(tweens, ["or-2", "rollback-bg", "rollback-text"], RESET, t + 1000, 250)
    end = max(t + 3400, RESET + 300 + 4 * 550 + CYCLES * len(dots) * TICK + 100)
    return make_scene("deploy-monitor", shapes, tweens, duration=end)
