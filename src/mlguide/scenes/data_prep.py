"""GIF 3, the data-prep funnel (Steps 3–6): records flow Collect → Clean & explore →
Features → Split; bad rows drop out, the leaking `future_spend` column is struck out, and the
rest splits into train / validation / a sealed test set."""

from __future__ import annotations

from ..render.shapes import Shape
from ..render.timeline import Scene, Tween
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
    measure,
    pill,
    rewind,
    strike,
)

STAGES = ("3 · Collect", "4 · Clean & explore", "5 · Features", "6 · Split")
ROWS = (  # (text, problem or "")
    ("user 1042 · 42.00 € · EU", ""),
    ("user 1042 · 42.00 € · EU", "duplicate"),
    ("user 2210 ·      — · US", "missing"),
    ("user 3381 · 4200.0 € · EU", "unit bug"),
    ("user 4107 · 18.50 € · APAC", ""),
    ("user 5230 · 63.00 € · US", ""),
)
COLUMNS = ("tenure", "plan", "usage_30d", "future_spend")
SPLIT = (("train", 0.70, "data"), ("val", 0.15, "model"), ("test · sealed", 0.15, "ink"))
RESET = 1500
STAGE_MS = 1900


def scene() -> Scene:
    shapes: list[Shape] = header(
        "data", "Steps 3–6 · Data", "Bad rows and leaking columns never reach training"
    )
    # The four stages along the top, joined by arrows.
    gap = 30
    widths = [measure(s, "bold", TYPE.small) + 28 for s in STAGES]
    spare = (W - 2 * MARGIN - sum(widths) - 3 * gap) / 4
    x = float(MARGIN)
    for i, (text, w) in enumerate(zip(STAGES, widths, strict=True)):
        w += spare
        shapes += [
            box(f"stage-{i}", x, 136, w, 40, fill="surface", stroke="border", radius=20),
            label(
                f"stage-{i}-text",
                x + w / 2,
                156,
                text,
                size=TYPE.small,
                weight="bold",
                color="muted",
                on="surface",
            ),
        ]
        if i:
            shapes.append(arrow(f"flow-{i}", [(x - gap + 5, 156), (x - 6, 156)], width=2.5))
        x += w + gap
    # Records (left), features and split (right).
    rx, ry, rw = MARGIN, 206, 440
    shapes.append(
        label(
            "rows-title",
            rx,
            ry,
            "Raw records",
            size=TYPE.small,
            weight="bold",
            color="muted",
            anchor="lm",
        )
    )
    for i, (text, problem) in enumerate(ROWS):
        y = ry + 22 + i * 46
        dim = 0.4 if problem else 1.0  # the still shows bad rows already struck out
        shapes += [
            box(f"row-{i}", rx, y, rw, 38, fill="surface", stroke="border", radius=8, opacity=dim),
            label(
                f"row-{i}-text",
                rx + 14,
                y + 19,
                text,
                size=17,
                weight="mono",
                on="surface",
                anchor="lm",
                opacity=dim,
            ),
        ]
        if problem:
            tag_w = measure(problem, "bold", 15) + 28
            shapes += [
                strike(f"row-{i}-strike", rx + 8, rx + rw - tag_w - 22, y + 19),
                *pill(
                    f"row-{i}-tag",
                    rx + rw - 10,
                    y + 19,
                    problem,
                    fill="danger",
                    size=15,
                    anchor="r",
                    on="surface",
                ),
            ]
    fx = 540
    shapes.append(
        label(
            "cols-title",
            fx,
            ry,
            "Feature columns",
            size=TYPE.small,
            weight="bold",
            color="muted",
            anchor="lm",
        )
    )
    cx = fx
    for i, col in enumerate(COLUMNS):
        w = measure(col, "mono", 17) + 24
        y = ry + 22 + (i // 2) * 48
        cx = fx if i % 2 == 0 else fx + 150
        leak = col == "future_spend"  # the still shows it already struck out
        shapes += [
            box(f"col-{i}", cx, y, w, 38, fill="surface", stroke="border", radius=8),
            label(
                f"col-{i}-text",
                cx + 12,
                y + 19,
                col,
                size=17,
                weight="mono",
                color="danger" if leak else "ink",
                on="surface",
                anchor="lm",
            ),
        ]
        if col == "future_spend":
            shapes += [
                strike("leak-strike", cx + 6, cx + w - 6, y + 19),
                label(
                    "leak-note",
                    fx,
                    y + 64,
                    "future_spend leaks the future: drop it",
                    size=TYPE.small,
                    weight="bold",
                    color="danger",
                    anchor="lm",
                ),
            ]
    sy, sw = 428, W - MARGIN - fx
    shapes.append(
        label(
            "split-title",
            fx,
            sy - 24,
            "Split",
            size=TYPE.small,
            weight="bold",
            color="muted",
            anchor="lm",
        )
    )
    sx = float(fx)
    for i, (name, share, token) in enumerate(SPLIT):
        w = sw * share - (6 if i < 2 else 0)
        shapes += [box(f"split-{i}", sx, sy, w, 64, fill=token, stroke=None, radius=10)]
        shapes.append(
            label(
                f"split-{i}-text",
                sx + w / 2,
                sy + 32,
                name.split(" · ")[0],
                size=TYPE.small,
                weight="bold",
                color="accent_ink" if token != "ink" else "bg",
                on=token,
            )
        )
        sx += w + 6
    shapes.append(
        label(
            "sealed",
            W - MARGIN,
            sy + 88,
            "test set stays sealed until Step 9",
            size=TYPE.small,
            weight="semibold",
            color="muted",
            anchor="rm",
        )
    )

    tweens: list[Tween] = []
    bad = [i for i, (_, p) in enumerate(ROWS) if p]

    def stage_on(i: int, at: int) -> None:
        light(i, at, "data", "data", "accent_ink")

    def stage_off(i: int, at: int) -> None:
        light(i, at, "surface", "border", "muted")

    def light(i: int, at: int, fill: str, stroke: str, color: str) -> None:
        tweens.extend(
            [
                Tween(f"stage-{i}", "fill", at, at + 250, fill),
                Tween(f"stage-{i}", "stroke", at, at + 250, stroke),
                Tween(f"stage-{i}-text", "color", at, at + 250, color),
                Tween(f"stage-{i}-text", "on", at, at + 250, fill),
            ]
        )

    t = RESET + 300
    # 3 · Collect: every record arrives, problems and all.
    stage_on(0, t)
    for i in range(len(ROWS)):
        hidden_until(tweens, [f"row-{i}", f"row-{i}-text"], RESET, t + 250 + i * 140, 240)
    # 4 · Clean: tags appear on the bad rows, which are struck out and fade back.
    t += STAGE_MS
    stage_off(0, t - 300)
    stage_on(1, t)
    for k, i in enumerate(bad):
        at = t + 300 + k * 350
        hidden_until(tweens, [f"row-{i}-tag-bg", f"row-{i}-tag-text"], RESET, at, 220)
        tweens += [
            rewind(f"row-{i}-strike", "progress", RESET, 0.0),
            Tween(f"row-{i}-strike", "progress", at + 250, at + 550, 1.0),
        ]
        tweens += [
            Tween(part, "opacity", at + 600, at + 900, 0.4)
            for part in (f"row-{i}", f"row-{i}-text")
        ]
    # 5 · Features: columns appear; the leaking one is struck out.
    t += STAGE_MS
    stage_off(1, t - 300)
    stage_on(2, t)
    for k in range(4):
        hidden_until(tweens, [f"col-{k}", f"col-{k}-text"], RESET, t + 200 + k * 160, 240)
    hidden_until(tweens, ["cols-title"], RESET, t, 240)
    tweens += [
        rewind("leak-strike", "progress", RESET, 0.0),
        Tween("leak-strike", "progress", t + 1000, t + 1300, 1.0),
    ]
    hidden_until(tweens, ["leak-note"], RESET, t + 1250, 250)
    tweens += [
        rewind("col-3-text", "color", RESET, "ink"),
        Tween("col-3-text", "color", t + 1000, t + 1300, "danger"),
    ]
    # 6 · Split: train / val / test grow from the left; the test set is sealed.
    t += STAGE_MS + 200
    stage_off(2, t - 300)
    stage_on(3, t)
    hidden_until(tweens, ["split-title"], RESET, t, 240)
    for k in range(3):
        hidden_until(tweens, [f"split-{k}", f"split-{k}-text"], RESET, t + 250 + k * 260, 260)
    hidden_until(tweens, ["sealed"], RESET, t + 1100, 300)
    hidden_until(tweens, ["rows-title"], RESET, RESET + 300, 240)
    end = t + 2900
    stage_off(3, end - 900)
    return make_scene("data-prep", shapes, tweens, duration=end)
