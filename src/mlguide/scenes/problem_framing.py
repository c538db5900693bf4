"""GIF 2, problem framing (Steps 1–2): a one-page brief fills in, then a feasibility gate
asks its three questions and stamps GO."""

from __future__ import annotations

from ..render.shapes import Shape
from ..render.timeline import Scene, Tween, set_at
from ..tokens import TYPE
from .kit import (
    MARGIN,
    W,
    arrow,
    box,
    check_mark,
    dot,
    header,
    hidden_until,
    label,
    make_scene,
    pill,
    rewind,
)

BRIEF = (
    ("Decision", "Who gets a retention offer"),
    ("Metric", "Recall at 80% precision"),
    ("Baseline", "Last year’s manual list"),
    ("Constraints", "Scores daily · no raw PII"),
)
GATE = ("Labeled examples?", "Signal in the data?", "MVP metric in time?")
RESET = 1400


def scene() -> Scene:
    shapes: list[Shape] = header(
        "problem", "Steps 1–2 · Problem", "Write the brief, then pass the feasibility gate"
    )
    bx, by, bw, bh = MARGIN, 140, 430, 360
    shapes += [
        box("brief", bx, by, bw, bh, fill="surface", stroke="border"),
        label(
            "brief-title",
            bx + 24,
            by + 38,
            "One-page brief",
            size=TYPE.heading,
            weight="bold",
            on="surface",
            anchor="lm",
        ),
        label(
            "brief-step",
            bx + bw - 24,
            by + 38,
            "Step 1",
            size=TYPE.small,
            weight="bold",
            color="problem",
            on="surface",
            anchor="rm",
        ),
    ]
    for i, (key, value) in enumerate(BRIEF):
        y = by + 100 + i * 66
        shapes += [
            label(
                f"key-{i}",
                bx + 24,
                y - 12,
                key.upper(),
                size=15,
                weight="bold",
                color="muted",
                on="surface",
                anchor="lm",
            ),
            label(
                f"val-{i}",
                bx + 24,
                y + 14,
                value,
                size=TYPE.body,
                weight="semibold",
                on="surface",
                anchor="lm",
                max_width=bw - 48,
            ),
        ]
    gx, gw = 560, W - MARGIN - 560
    shapes += [
        arrow("to-gate", [(bx + bw + 12, by + bh / 2), (gx - 14, by + bh / 2)], width=3),
        box("gate", gx, by, gw, bh, fill="bg", stroke="problem", stroke_width=3),
        label(
            "gate-title",
            gx + 24,
            by + 38,
            "Feasibility gate",
            size=TYPE.heading,
            weight="bold",
            anchor="lm",
        ),
        label(
            "gate-step",
            gx + gw - 24,
            by + 38,
            "Step 2",
            size=TYPE.small,
            weight="bold",
            color="problem",
            anchor="rm",
        ),
    ]
    for i, question in enumerate(GATE):
        y = by + 98 + i * 54
        shapes += [
            dot(f"q-dot-{i}", gx + 38, y, 15, fill="surface", stroke="success", stroke_width=2.5),
            check_mark(f"q-tick-{i}", gx + 38, y, 13),
            label(f"q-{i}", gx + 66, y, question, size=TYPE.body, anchor="lm"),
        ]
    stamp_y = by + bh - 62
    shapes += [
        *pill("stamp", gx + 24, stamp_y, "GO", fill="success", size=30, anchor="l"),
        label(
            "nogo",
            gx + 130,
            stamp_y - 12,
            "Any “no” is a NO-GO:",
            size=TYPE.small,
            color="muted",
            anchor="lm",
        ),
        label(
            "nogo-2",
            gx + 130,
            stamp_y + 14,
            "fix data or scope first",
            size=TYPE.small,
            color="muted",
            anchor="lm",
        ),
    ]
    tweens: list[Tween] = []
    values = [f"val-{i}" for i in range(4)]
    keys = [f"key-{i}" for i in range(4)]
    t = RESET + 500
    for i, (k, v) in enumerate(zip(keys, values, strict=True)):
        at = t + i * 700
        hidden_until(tweens, [k], RESET, at - 200, 200)
        hidden_until(tweens, [v], RESET, at, 320)
        tweens += [set_at(v, "x", RESET, bx + 12.0), Tween(v, "x", at, at + 320, bx + 24.0)]
    t += 4 * 700 + 300
    for i in range(3):
        at = t + i * 650
        hidden_until(tweens, [f"q-{i}", f"q-tick-{i}"], RESET, at, 250)
        tweens += [
            set_at(f"q-tick-{i}", "progress", RESET, 0.0),
            Tween(f"q-tick-{i}", "progress", at + 300, at + 560, 1.0, "out_cubic"),
            rewind(f"q-dot-{i}", "fill", RESET, "bg"),
            Tween(f"q-dot-{i}", "fill", at + 300, at + 500, "surface"),
        ]
    t += 3 * 650 + 250
    hidden_until(tweens, ["stamp-bg", "stamp-text"], RESET, t, 220)
    tweens += [
        set_at("stamp-text", "scale", RESET, 1.6),
        Tween("stamp-text", "scale", t, t + 380, 1.0, "out_back"),
    ]
    hidden_until(tweens, ["nogo", "nogo-2"], RESET, t + 500, 300)
    tweens += [
        rewind("to-gate", "progress", RESET, 0.0),
        Tween("to-gate", "progress", RESET + 500 + 4 * 700, RESET + 500 + 4 * 700 + 300, 1.0),
    ]
    end = t + 2600
    return make_scene("problem-framing", shapes, tweens, duration=end)
