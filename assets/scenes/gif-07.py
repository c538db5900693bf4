"""GIF 7, deploy and monitor (Step 10): artifact `v2.4.pkl` → container → `/predict` →
traffic; a dashboard of latency, errors, input drift and prediction drift; input drift
crosses its threshold, an alert fires: retrain or roll back."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

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
    caption,
    conveyor,
    dot,
    fade_in,
    header,
    hidden,
    label,
    line,
    loop,
    par,
    pill,
    seq,
    stagger,
    to,
    tween,
    wait,
)

FIGURE = Animation(
    "Deploy and monitor (Step 10): drift fires an alert",
    file="ml-model-gif-07-deploy-monitor",
)
NODES = (
    ("v2.4.pkl", "mono-bold"),
    ("Docker", "bold"),
    ("/predict", "mono-bold"),
    ("traffic", "bold"),
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
GAPS = (40, 40, 110)  # the last link is wide enough to show requests flowing
NODE_W = (W - 2 * MARGIN - sum(GAPS)) / 4
LEFTS = [MARGIN + i * NODE_W + sum(GAPS[:i]) for i in range(4)]
LANE = (LEFTS[2] + NODE_W + 14, LEFTS[3] - 22)  # where requests flow to traffic
TICK, HOP = 400, 140  # the monitoring clock, and how long a hop takes within a tick
CYCLES = 6


@dataclass(frozen=True)
class Node:
    box: Rect
    text: Text
    link: Path | None  # the arrow in from the previous node


@dataclass(frozen=True)
class Panel:
    box: Rect
    title: Text
    limit: Path | None
    line: Path
    series: tuple[float, ...]
    threshold: float | None

    @property
    def crossing(self) -> int | None:
        """The data point that crosses the threshold, if any."""
        limit = self.threshold
        return next((k for k, v in enumerate(self.series) if v > limit), None) if limit else None


@dataclass(frozen=True)
class Parts:
    header: Header
    nodes: tuple[Node, ...]
    requests: tuple[Circle, ...]
    panels: tuple[Panel, ...]
    alert: Pill
    then: Text
    retrain: Pill
    either: Text
    rollback: Pill


def node(i: int, text: str, weight: str) -> Node:
    x, mid = LEFTS[i], NODE_Y + NODE_H / 2
    return Node(
        box(x, NODE_Y, NODE_W, NODE_H, fill="deploy", stroke=None),
        label(x + NODE_W / 2, mid, text, weight=weight, color="accent_ink", on="deploy"),
        arrow([(x - GAPS[i - 1] + 6, mid), (x - 8, mid)], width=3) if i else None,
    )


def panel(i: int, name: str, series: tuple[float, ...], threshold: float | None) -> Panel:
    pw = (W - 2 * MARGIN - 3 * 16) / 4
    px, top, bottom = MARGIN + i * (pw + 16), PANEL_Y + 56, PANEL_Y + PANEL_H - 18
    fails = threshold is not None and max(series) > threshold
    ty = bottom - (bottom - top) * (threshold or 0)
    pts = [
        (px + 16 + (pw - 32) * k / (len(series) - 1), bottom - (bottom - top) * v)
        for k, v in enumerate(series)
    ]
    stroke, width = ("danger", 3) if fails else ("border", 2)
    return Panel(
        box(px, PANEL_Y, pw, PANEL_H, fill="bg", stroke=stroke, stroke_width=width),
        caption(px + 16, PANEL_Y + 28, name, color="danger" if fails else "muted"),
        line([(px + 16, ty), (px + pw - 16, ty)], dashed=True) if threshold is not None else None,
        line(pts, color="danger" if fails else "deploy", width=3),
        series,
        threshold,
    )


def layout() -> Parts:
    """The alert, then the two ways out, laid out left to right from their measured widths."""
    y, mid = 482.0, NODE_Y + NODE_H / 2
    big = partial(pill, y=y, size=TYPE.body, anchor="l")
    alert = big(MARGIN, text="Alert: input drift past its threshold", fill="danger")
    retrain = big(alert.right + 60, text="Retrain", fill="deploy")
    rollback = big(retrain.right + 52, text="Roll back", fill="ink", color="bg")
    return Parts(
        header("deploy", "Step 10 · Deploy", "Ship it, watch it, retrain or roll back"),
        tuple(node(i, text, weight) for i, (text, weight) in enumerate(NODES)),
        tuple(
            dot(LANE[0] + k * (LANE[1] - LANE[0]) / 3, mid, 6, fill="deploy", layer=1)
            for k in range(3)
        ),
        tuple(panel(i, *spec) for i, spec in enumerate(PANELS)),
        alert,
        label(alert.right + 30, y, "→", TYPE.heading, "bold", color="muted"),
        retrain,
        label(retrain.right + 26, y, "or", weight="semibold", color="muted"),
        rollback,
    )


def deploy(n: Node) -> Step:
    """Draw the arrow in, then light the node."""
    return seq(
        tween(n.link, 250, progress=1.0) if n.link else wait(250),
        par(tween(n.box, 250, fill="deploy"), tween(n.text, 250, color="accent_ink", on="deploy")),
    )


def monitor(p: Parts) -> Step:
    """On a clock: every TICK the requests hop one slot and each chart gains a point, so the
    frames between ticks are holds (a smaller GIF, calm motion)."""
    points = len(PANELS[0][1]) - 1
    steps: list[Step] = [conveyor(p.requests, *LANE, CYCLES, TICK, HOP)]
    for pl in p.panels:
        plot = [tween(pl.line, HOP, "out_cubic", progress=(k + 1) / points) for k in range(points)]
        steps.append(at(2 * TICK - HOP, stagger(plot, TICK)))
        if pl.crossing is not None:
            steps.append(
                at(
                    TICK + pl.crossing * TICK,
                    tween(pl.box, 200, stroke="danger", stroke_width=3.0),
                    tween((pl.line, pl.title), 200, color="danger"),
                )
            )
    alert = TICK + points * TICK + 200
    return beat(
        CYCLES * len(p.requests) * TICK + 100,
        *steps,
        at(alert, fade_in(p.alert, 250)),
        at(alert + 700, fade_in((p.then, p.retrain), 250)),
        at(alert + 1000, fade_in((p.either, p.rollback), 250)),
    )


def timeline(p: Parts) -> Step:
    lit = 300 + 3 * 550  # the last node lights up
    failing = [pl for pl in p.panels if pl.crossing is not None]
    return loop(
        par(
            at(50, stagger([deploy(n) for n in p.nodes], 550)),
            at(lit + 200, fade_in(p.requests, 200)),
            at(lit + 550, monitor(p)),
        ),
        hold=1500,
        rewind=[
            to([n.box for n in p.nodes], fill="surface"),
            to([n.text for n in p.nodes], color="muted", on="surface"),
            to([n.link for n in p.nodes if n.link], progress=0.0),
            hidden(p.requests, p.alert, p.then, p.retrain, p.either, p.rollback),
            to([pl.line for pl in p.panels], progress=0.0),
            to([pl.box for pl in failing], stroke="border", stroke_width=2.0),
            to([pl.line for pl in failing], color="deploy"),
            to([pl.title for pl in failing], color="muted"),
        ],
        linger=0,
    )
