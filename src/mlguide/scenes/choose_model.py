"""GIF 4, choosing a model (Step 7): data size × need for explanations; each cell lights up
with its starting model from the article's table, then "start simple"."""

from __future__ import annotations

from ..render.shapes import Shape
from ..render.timeline import Scene, Tween
from ..tokens import TYPE
from .kit import MARGIN, W, box, header, hidden_until, label, make_scene

# (column: data size, row: needs explanations) -> starting model, as in the Step 7 table.
CELLS = (
    (0, 0, "Logistic regression", "linear models"),
    (1, 0, "Random Forest", "GBT + SHAP"),
    (0, 1, "Gradient boosting", "XGBoost / LightGBM"),
    (1, 1, "Neural networks", "when data is plentiful"),
)
COLS = ("Small data", "Large data")
ROWS = ("Explain: yes", "Explain: no")
GRID_X, GRID_Y = 236, 170
GAP = 16
CELL_W = (W - MARGIN - GRID_X - GAP) / 2
CELL_H = 112
RESET = 1500
CELL_MS = 1300
FADE = 180


def scene() -> Scene:
    shapes: list[Shape] = header(
        "model", "Step 7 · Model", "Match the model to data size and explainability"
    )
    for c, name in enumerate(COLS):
        shapes.append(
            label(
                f"col-{c}",
                GRID_X + c * (CELL_W + GAP) + CELL_W / 2,
                GRID_Y - 22,
                name,
                size=TYPE.body,
                weight="bold",
                color="muted",
            )
        )
    for r, name in enumerate(ROWS):
        shapes.append(
            label(
                f"row-{r}",
                GRID_X - 20,
                GRID_Y + r * (CELL_H + GAP) + CELL_H / 2,
                name,
                size=TYPE.body,
                weight="bold",
                color="muted",
                anchor="rm",
            )
        )
    for i, (c, r, model, detail) in enumerate(CELLS):
        x = GRID_X + c * (CELL_W + GAP)
        y = GRID_Y + r * (CELL_H + GAP)
        shapes += [
            box(f"cell-{i}", x, y, CELL_W, CELL_H, fill="surface", stroke="border"),
            label(
                f"model-{i}",
                x + CELL_W / 2,
                y + CELL_H / 2 - 15,
                model,
                size=24,
                weight="bold",
                on="surface",
                max_width=CELL_W - 32,
            ),
            label(
                f"detail-{i}",
                x + CELL_W / 2,
                y + CELL_H / 2 + 19,
                detail,
                size=TYPE.small,
                color="muted",
                on="surface",
                max_width=CELL_W - 32,
            ),
        ]
    banner_y = GRID_Y + 2 * CELL_H + GAP + 36
    shapes += [
        box(
            "banner",
            GRID_X,
            banner_y,
            W - MARGIN - GRID_X,
            56,
            fill="model",
            stroke=None,
            radius=28,
        ),
        label(
            "banner-text",
            GRID_X + (W - MARGIN - GRID_X) / 2,
            banner_y + 28,
            "Start simple: upgrade only when validation justifies it",
            size=TYPE.body,
            weight="bold",
            color="accent_ink",
            on="model",
        ),
    ]
    tweens: list[Tween] = []
    hidden_until(tweens, ["banner", "banner-text"], RESET, RESET + 400 + 4 * CELL_MS, 350)
    for i, (c, r, _, _) in enumerate(CELLS):
        on = RESET + 400 + i * CELL_MS
        off = on + CELL_MS - 250
        hidden_until(tweens, [f"model-{i}", f"detail-{i}"], RESET, on + FADE, 200)
        tweens += [
            Tween(f"cell-{i}", "fill", on, on + FADE, "model"),
            Tween(f"cell-{i}", "stroke", on, on + FADE, "model"),
            Tween(f"model-{i}", "color", on, on + FADE, "accent_ink"),
            Tween(f"model-{i}", "on", on, on + FADE, "model"),
            Tween(f"detail-{i}", "color", on, on + FADE, "accent_ink"),
            Tween(f"detail-{i}", "on", on, on + FADE, "model"),
            Tween(f"col-{c}", "color", on, on + FADE, "model"),
            Tween(f"row-{r}", "color", on, on + FADE, "model"),
            Tween(f"cell-{i}", "fill", off, off + FADE, "surface"),
            Tween(f"cell-{i}", "stroke", off, off + FADE, "border"),
            Tween(f"model-{i}", "color", off, off + FADE, "ink"),
            Tween(f"model-{i}", "on", off, off + FADE, "surface"),
            Tween(f"detail-{i}", "color", off, off + FADE, "muted"),
            Tween(f"detail-{i}", "on", off, off + FADE, "surface"),
            Tween(f"col-{c}", "color", off, off + FADE, "muted"),
            Tween(f"row-{r}", "color", off, off + FADE, "muted"),
        ]
    end = RESET + 400 + 4 * CELL_MS + 2600
    return make_scene("choose-model", shapes, tweens, duration=end)
