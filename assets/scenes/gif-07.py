"""GIF 7, deploy and monitor (Step 10): artifact `v2.4.pkl` → container → `/predict` →
traffic; a dashboard of latency, errors, input drift and prediction drift; input drift
crosses its threshold, an alert fires: retrain or roll back. Prediction drift stays well
under its threshold, so only the one panel alerts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

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
    caption,
    conveyor,
    dot,
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
    stagger,
    to,
    tween,
    wait,
)

FIGURE = Animation(
    "Deploy and monitor (Step 10): drift fires an alert",
    file="ml-model-gif-07-deploy-monitor",
    narrow=(NARROW_W, 790),
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
    ("Prediction drift", (0.12, 0.14, 0.13, 0.15, 0.17, 0.19, 0.22, 0.24, 0.26), 0.6),
)
TICK, HOP = 400, 140  # the monitoring clock, and how long a hop takes within a tick
CYCLES = 6


@dataclass(frozen=True)
class Node:
    box: Rect
    text: Text
    link: Polyline | None  # the arrow in from the previous node


@dataclass(frozen=True)
class Panel:
    box: Rect
    title: Text
    limit: tuple[Polyline, Text] | None
    line: Polyline
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
    lane: tuple[float, float]  # where requests flow to traffic


def node(
    x: float, y: float, w: float, h: float, text: str, weight: str, f: Frame, link: Polyline | None
) -> Node:
    return Node(
        box(x, y, w, h, fill="deploy", stroke=None),
        label(x + w / 2, y + h / 2, text, f.body, weight, "accent_ink", on="deploy"),
        link,
    )


def panel(
    f: Frame,
    px: float,
    py: float,
    pw: float,
    ph: float,
    name: str,
    series: tuple[float, ...],
    threshold: float | None,
) -> Panel:
    top, bottom = py + 56, py + ph - 18
    fails = threshold is not None and max(series) > threshold
    ty = bottom - (bottom - top) * (threshold or 0)
    pts = [
        (px + 16 + (pw - 32) * k / (len(series) - 1), bottom - (bottom - top) * v)
        for k, v in enumerate(series)
    ]
    stroke, width = ("danger", 3) if fails else ("border", 2)
    limit = None
    if threshold is not None:
        limit = (
            line([(px + 16, ty), (px + pw - 16, ty)], dashed=True),
            label(px + 16, ty - 8, "threshold", f.small, color="muted", anchor="baseline-left"),
        )
    return Panel(
        box(px, py, pw, ph, fill="bg", stroke=stroke, stroke_width=width),
        caption(px + 16, py + 28, name, color="danger" if fails else "muted", size=f.small),
        limit,
        line(pts, color="danger" if fails else "deploy", width=3),
        series,
        threshold,
    )


def layout(canvas: Canvas) -> Parts:
    """The pipeline, the dashboard, then the alert and the two ways out, laid out from their
    measured widths."""
    f = frame_for(canvas)
    m = f.margin
    head = header("deploy", "Step 10 · Deploy", "Ship it, watch it, retrain or roll back", frame=f)
    if f.narrow:  # the pipeline on two rows, the dashboard two by two
        nw, nh, gap = 168.0, 56.0, (f.inner - 2 * 168)
        rows = (head.bottom + 16, head.bottom + 16 + nh + 44)
        spots = [(m, rows[0]), (m + nw + gap, rows[0]), (m, rows[1]), (m + nw + gap, rows[1])]
        mids = [(x + nw / 2, y + nh / 2) for x, y in spots]
        links: list[Polyline | None] = [
            None,
            arrow([(m + nw + 8, mids[0][1]), (m + nw + gap - 8, mids[1][1])], width=3),
            arrow(
                [
                    (mids[1][0], rows[0] + nh + 6),
                    (mids[1][0], rows[0] + nh + 22),
                    (mids[2][0], rows[0] + nh + 22),
                    (mids[2][0], rows[1] - 8),
                ],
                width=3,
            ),
            arrow([(m + nw + 8, mids[2][1]), (m + nw + gap - 8, mids[3][1])], width=3),
        ]
        lane = (m + nw + 14, m + nw + gap - 22)
        panel_y, pw, ph = rows[1] + nh + 30, (f.inner - 14) / 2, 150
        panel_at = [(m + (i % 2) * (pw + 14), panel_y + (i // 2) * (ph + 14)) for i in range(4)]
        alert_y = panel_y + 2 * ph + 14 + 44
        then_y = alert_y + 54
    else:
        node_y, nh = 150.0, 64.0
        gaps = (40, 40, 110)  # the last link is wide enough to show requests flowing
        nw = (f.inner - sum(gaps)) / 4
        lefts = [m + i * nw + sum(gaps[:i]) for i in range(4)]
        spots = [(x, node_y) for x in lefts]
        mids = [(x + nw / 2, node_y + nh / 2) for x in lefts]
        links = [None] + [
            arrow([(lefts[i] - gaps[i - 1] + 6, mids[i][1]), (lefts[i] - 8, mids[i][1])], width=3)
            for i in (1, 2, 3)
        ]
        lane = (lefts[2] + nw + 14, lefts[3] - 22)
        pw, ph = (f.inner - 3 * 16) / 4, 180
        panel_at = [(m + i * (pw + 16), 250) for i in range(4)]
        alert_y = then_y = 482.0
    nodes = tuple(
        node(x, y, nw, nh, text, weight, f, link)
        for (x, y), (text, weight), link in zip(spots, NODES, links, strict=True)
    )
    big = partial(pill, size=f.body, anchor="left")
    alert = big(m, alert_y, "Alert: input drift past its threshold", fill="danger")
    if f.narrow:
        then = label(m + 10, then_y, "→", f.heading, "bold", color="muted")
        retrain = big(m + 44, then_y, "Retrain", fill="deploy")
    else:
        then = label(alert.right + 30, alert_y, "→", f.heading, "bold", color="muted")
        retrain = big(alert.right + 60, alert_y, "Retrain", fill="deploy")
    either = label(retrain.right + 26, then_y, "or", f.body, "semibold", color="muted")
    rollback = big(retrain.right + 52, then_y, "Roll back", fill="ink", color="bg")
    lane_y = mids[2][1] if f.narrow else mids[0][1]
    return Parts(
        head,
        nodes,
        tuple(
            dot(lane[0] + k * (lane[1] - lane[0]) / 3, lane_y, 6, fill="deploy", layer=1)
            for k in range(3)
        ),
        tuple(panel(f, x, y, pw, ph, *spec) for (x, y), spec in zip(panel_at, PANELS, strict=True)),
        alert,
        then,
        retrain,
        either,
        rollback,
        lane,
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
    steps: list[Step] = [conveyor(p.requests, *p.lane, CYCLES, TICK, HOP)]
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
        hold=2000,
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
        linger=1600,
    )
