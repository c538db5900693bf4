"""GIF 6, evaluation (Step 9): the sealed test set opens once; the overall score beats the
baseline; slices appear, one fails and is flagged, with an arrow back to Step 8."""

from __future__ import annotations

from ..render.shapes import Path, Shape
from ..render.timeline import Scene, Tween, set_at
from ..tokens import TYPE
from .kit import (
    MARGIN,
    W,
    arrow,
    box,
    header,
    hidden_until,
    label,
    make_scene,
    pill,
    pill_width,
    rewind,
)

BASELINE = 0.78
OVERALL = 0.86
SLICES = (("Region", 0.85), ("Device", 0.84), ("Cohort", 0.83), ("Language", 0.71))
BAR_X, BAR_W = 470, W - MARGIN - 470 - 70
LO, HI = 0.5, 1.0
RESET = 1500


def _w(score: float) -> float:
    return BAR_W * (score - LO) / (HI - LO)


def scene() -> Scene:
    shapes: list[Shape] = header(
        "evaluate", "Step 9 · Evaluate", "One look at the test set, sliced"
    )
    # The test set: a sealed box that opens once.
    tx, ty, tw, th = MARGIN, 150, 300, 150
    shapes += [
        box("test", tx, ty, tw, th, fill="surface", stroke="evaluate", stroke_width=3),
        label(
            "test-title",
            tx + tw / 2,
            ty + 48,
            "Held-out test set",
            size=TYPE.body,
            weight="bold",
            on="surface",
        ),
        *pill(
            "seal",
            tx + tw / 2,
            ty + 100,
            "opened once",
            fill="evaluate",
            size=TYPE.small,
            on="surface",
        ),
        label(
            "rule",
            tx,
            ty + th + 36,
            "No peeking during tuning.",
            size=TYPE.small,
            color="muted",
            anchor="lm",
        ),
        label(
            "rule-2",
            tx,
            ty + th + 64,
            "Slices catch what averages hide.",
            size=TYPE.small,
            color="muted",
            anchor="lm",
        ),
    ]
    # Overall score against the baseline, then the slices.
    base_x = BAR_X + _w(BASELINE)
    shapes += [
        label(
            "overall-label",
            BAR_X,
            160,
            "Overall",
            size=TYPE.small,
            weight="bold",
            color="muted",
            anchor="lm",
        ),
        box("overall", BAR_X, 176, _w(OVERALL), 34, fill="evaluate", stroke=None, radius=6),
        label(
            "overall-value",
            BAR_X + _w(OVERALL) + 10,
            193,
            f"{OVERALL:.2f}",
            size=TYPE.small,
            weight="bold",
            anchor="lm",
        ),
    ]
    for i, (name, score) in enumerate(SLICES):
        y = 262 + i * 52
        fails = score < BASELINE
        shapes += [
            label(
                f"slice-{i}-label",
                BAR_X - 14,
                y + 15,
                name,
                size=TYPE.small,
                weight="semibold",
                anchor="rm",
            ),
            box(
                f"slice-{i}",
                BAR_X,
                y,
                _w(score),
                30,
                fill="danger" if fails else "muted",
                stroke=None,
                radius=6,
            ),
            label(
                f"slice-{i}-value",
                BAR_X + _w(score) + 10,
                y + 15,
                f"{score:.2f}",
                size=TYPE.small,
                weight="bold",
                color="danger" if fails else "ink",
                anchor="lm",
            ),
        ]
    shapes += [
        Path("baseline", points=((base_x, 156), (base_x, 440)), color="ink", width=2, dashed=True),
        label(
            "baseline-label",
            base_x,
            142,
            f"baseline {BASELINE:.2f}",
            size=TYPE.small,
            weight="semibold",
            color="ink",
        ),
    ]
    flag_y = 262 + 3 * 52 + 15
    flag = pill("flag", BAR_X + _w(0.71) + 70, flag_y, "fails", fill="danger", size=15, anchor="l")
    flag_x = flag[1].x
    back = pill(
        "back-label",
        MARGIN,
        496,
        "Fix data or modeling, re-run from Step 8",
        fill="danger",
        size=TYPE.small,
        anchor="l",
    )
    back_right = MARGIN + pill_width(back)
    shapes += [
        *flag,
        *back,
        arrow(
            "back",
            [(flag_x, flag_y + 18), (flag_x, 496), (back_right + 10, 496)],
            color="danger",
            width=3,
        ),
    ]
    tweens: list[Tween] = []
    # The seal: "sealed" until it opens.
    tweens += [
        set_at("seal-text", "text", RESET, "sealed"),
        rewind("seal-bg", "fill", RESET, "ink"),
        rewind("seal-text", "on", RESET, "ink"),
        Tween("seal-bg", "fill", RESET + 900, RESET + 1100, "evaluate"),
        Tween("seal-text", "on", RESET + 900, RESET + 1100, "evaluate"),
        set_at("seal-text", "text", RESET + 1000, "opened once"),
        rewind("test", "fill", RESET, "surface_2"),
        Tween("test", "fill", RESET + 900, RESET + 1100, "surface"),
    ]
    t = RESET + 1400
    hidden_until(tweens, ["overall-label", "overall-value"], RESET, t, 250)
    tweens += [
        rewind("overall", "w", RESET, 0.0),
        Tween("overall", "w", t, t + 700, _w(OVERALL), "out_cubic"),
        rewind("overall-value", "x", RESET, BAR_X + 10.0),
        Tween("overall-value", "x", t, t + 700, BAR_X + _w(OVERALL) + 10, "out_cubic"),
    ]
    t += 1100
    for i, (_, score) in enumerate(SLICES):
        at = t + i * 420
        hidden_until(tweens, [f"slice-{i}-label", f"slice-{i}-value"], RESET, at, 220)
        tweens += [
            rewind(f"slice-{i}", "w", RESET, 0.0),
            Tween(f"slice-{i}", "w", at, at + 500, _w(score), "out_cubic"),
            rewind(f"slice-{i}-value", "x", RESET, BAR_X + 10.0),
            Tween(f"slice-{i}-value", "x", at, at + 500, BAR_X + _w(score) + 10, "out_cubic"),
        ]
        if score < BASELINE:
            tweens += [
                rewind(f"slice-{i}", "fill", RESET, "muted"),
                Tween(f"slice-{i}", "fill", at + 900, at + 1100, "danger"),
                rewind(f"slice-{i}-value", "color", RESET, "ink"),
                Tween(f"slice-{i}-value", "color", at + 900, at + 1100, "danger"),
            ]
            hidden_until(tweens, ["flag-bg", "flag-text"], RESET, at + 1000, 250)
            tweens += [
                rewind("back", "progress", RESET, 0.0),
                Tween("back", "progress", at + 1500, at + 2300, 1.0, "in_out_cubic"),
            ]
            hidden_until(tweens, ["back-label-bg", "back-label-text"], RESET, at + 2100, 300)
    end = t + 3 * 420 + 2300 + 2400
    return make_scene("evaluate", shapes, tweens, duration=end)
