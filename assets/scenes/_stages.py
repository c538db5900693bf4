"""The six macro stages and their steps: the facts the poster and GIF 1 share."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from mlguide.scene import Polyline, Rect, Text, arrow, box, label, measure


@dataclass(frozen=True)
class Stage:
    token: str
    name: str
    steps: str
    detail: str


STAGES = (
    Stage("problem", "Problem", "Steps 1–2", "Define the problem & KPIs, then check feasibility"),
    Stage("data", "Data", "Steps 3–6", "Collect, clean & explore, engineer features, split"),
    Stage("model", "Model", "Step 7", "Choose a modeling approach that fits the data"),
    Stage("train", "Train", "Step 8", "Train & tune until validation plateaus"),
    Stage("evaluate", "Evaluate", "Step 9", "One look at the held-out test set, sliced"),
    Stage("deploy", "Deploy", "Step 10", "Ship behind an API, monitor, retrain"),
)
LOOP_LABEL = "monitor & retrain"


@dataclass(frozen=True)
class PathLayout:
    """Where the six-stage path sits and how big its type is (poster vs GIF 1)."""

    x: float
    y: float
    box_w: float
    box_h: float
    gap: float
    name_size: float
    steps_size: float
    radius: float
    loop_drop: float  # how far below the boxes the return arrow runs
    loop_color: str
    loop_width: float
    label_size: float

    def left(self, i: int) -> float:
        return self.x + i * (self.box_w + self.gap)

    def centre(self, i: int) -> float:
        return self.left(i) + self.box_w / 2


@dataclass(frozen=True)
class StageBox:
    box: Rect
    name: Text
    steps: Text
    link: Polyline | None  # the arrow in from the previous stage


@dataclass(frozen=True)
class StagePath:
    stages: tuple[StageBox, ...]
    loop: Polyline  # Deploy back to Data
    loop_label_bg: Rect  # clears the arrow behind its label
    loop_label: Text


def stage_box(lay: PathLayout, i: int, stage: Stage) -> StageBox:
    top, h, x, cx = lay.y, lay.box_h, lay.left(i), lay.centre(i)
    mid = top + h / 2
    on_stage = partial(label, color="accent_ink", on=stage.token)
    link = arrow([(x - lay.gap + 4, mid), (x - 6, mid)], width=2.5 if lay.gap < 28 else 3)
    return StageBox(
        box(x, top, lay.box_w, h, fill=stage.token, stroke=None, radius=lay.radius),
        on_stage(cx, top + h * 0.39, stage.name, lay.name_size, "bold", max_width=lay.box_w - 14),
        on_stage(cx, top + h * 0.70, stage.steps, lay.steps_size, "semibold"),
        link if i else None,
    )


def stage_path(lay: PathLayout) -> StagePath:
    """The six stages as coloured boxes joined by arrows, and the "monitor & retrain" arrow
    from Deploy back to Data."""
    top, h = lay.y, lay.box_h
    x_data, x_deploy = lay.centre(1), lay.centre(5)
    low = top + h + lay.loop_drop
    size = lay.label_size
    label_w = measure(LOOP_LABEL, "bold", size) + 32
    label_x = (x_data + x_deploy) / 2
    return StagePath(
        tuple(stage_box(lay, i, st) for i, st in enumerate(STAGES)),
        arrow(
            [(x_deploy, top + h + 6), (x_deploy, low), (x_data, low), (x_data, top + h + 8)],
            color=lay.loop_color,
            width=lay.loop_width,
        ),
        box(label_x - label_w / 2, low - size, label_w, 2 * size, fill="bg", stroke=None, radius=0),
        label(label_x, low, LOOP_LABEL, size, weight="bold", color=lay.loop_color),
    )
