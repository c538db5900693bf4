"""GIF 4, choosing a model (Step 7): data size × need for explanations; each cell lights up
with its starting model from the article's table, then "start simple"."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from mlguide.scene import (
    MARGIN,
    TYPE,
    Animation,
    Header,
    Rect,
    Step,
    Text,
    W,
    at,
    beat,
    box,
    fade_in,
    header,
    hidden,
    label,
    loop,
    par,
    seq,
    tween,
    wait,
)

FIGURE = Animation(
    "Choosing a model (Step 7): data size × need for explanations",
    file="ml-model-gif-04-choose-model",
)
# (column: data size, row: needs explanations) -> starting model, as in the Step 7 table.
CELLS = (
    (0, 0, "Logistic regression", "linear models"),
    (1, 0, "Random Forest", "GBT + SHAP"),
    (0, 1, "Gradient boosting", "XGBoost / LightGBM"),
    (1, 1, "Neural networks", "when data is plentiful"),
)
COLS = ("Small data", "Large data")
ROWS = ("Explain: yes", "Explain: no")
BANNER = "Start simple: upgrade only when validation justifies it"
GRID_X, GRID_Y, GAP = 236, 170, 16
CELL_W, CELL_H = (W - MARGIN - GRID_X - GAP) / 2, 112
CELL_MS, FADE = 1300, 180
heading = partial(label, size=TYPE.body, weight="bold", color="muted")


@dataclass(frozen=True)
class Cell:
    box: Rect
    model: Text
    detail: Text


@dataclass(frozen=True)
class Parts:
    header: Header
    cols: tuple[Text, ...]
    rows: tuple[Text, ...]
    cells: tuple[Cell, ...]
    banner: tuple[Rect, Text]


def left(c: int) -> float:
    return GRID_X + c * (CELL_W + GAP)


def top(r: int) -> float:
    return GRID_Y + r * (CELL_H + GAP)


def cell(c: int, r: int, model: str, detail: str) -> Cell:
    cx, cy, fit = left(c) + CELL_W / 2, top(r) + CELL_H / 2, CELL_W - 32
    return Cell(
        box(left(c), top(r), CELL_W, CELL_H, fill="surface", stroke="border"),
        label(cx, cy - 15, model, 24, "bold", on="surface", max_width=fit),
        label(cx, cy + 19, detail, TYPE.small, color="muted", on="surface", max_width=fit),
    )


def layout() -> Parts:
    banner_y, banner_w = top(1) + CELL_H + 36, W - MARGIN - GRID_X  # under the grid
    return Parts(
        header("model", "Step 7 · Model", "Match the model to data size and explainability"),
        tuple(heading(left(c) + CELL_W / 2, GRID_Y - 22, name) for c, name in enumerate(COLS)),
        tuple(
            heading(GRID_X - 20, top(r) + CELL_H / 2, name, anchor="rm")
            for r, name in enumerate(ROWS)
        ),
        tuple(cell(*spec) for spec in CELLS),
        (
            box(GRID_X, banner_y, banner_w, 56, fill="model", stroke=None, radius=28),
            label(
                GRID_X + banner_w / 2,
                banner_y + 28,
                BANNER,
                weight="bold",
                color="accent_ink",
                on="model",
            ),
        ),
    )


def highlight(p: Parts, i: int) -> Step:
    """The cell takes the stage colour with its column and row headings, then lets go."""
    c, r, _, _ = CELLS[i]
    cell, headings = p.cells[i], (p.cols[c], p.rows[r])
    words = (cell.model, cell.detail)
    return par(
        tween(cell.box, FADE, fill="model", stroke="model"),
        tween(words, FADE, color="accent_ink", on="model"),
        tween(headings, FADE, color="model"),
        at(FADE, fade_in(words, 200)),
        at(
            CELL_MS - 250,
            tween(cell.box, FADE, fill="surface", stroke="border"),
            tween(cell.model, FADE, color="ink", on="surface"),
            tween(cell.detail, FADE, color="muted", on="surface"),
            tween(headings, FADE, color="muted"),
        ),
    )


def timeline(p: Parts) -> Step:
    return loop(
        seq(
            wait(400),
            *(beat(CELL_MS, highlight(p, i)) for i in range(len(CELLS))),
            fade_in(p.banner, 350),
        ),
        hold=1500,
        rewind=[hidden([(c.model, c.detail) for c in p.cells], p.banner)],
        linger=2250,
    )
