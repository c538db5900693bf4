"""The six macro stages and their steps: the facts the poster and GIF 1 share."""

from __future__ import annotations

from dataclasses import dataclass

from ..render.shapes import Shape
from .kit import arrow, box, label, measure


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


def stage_path(layout: PathLayout) -> list[Shape]:
    """The six stages as coloured boxes joined by arrows, and the "monitor & retrain" arrow
    from Deploy back to Data. Ids: box-i, name-i, steps-i, link-i, loop, loop-label(-bg)."""
    top, h = layout.y, layout.box_h
    shapes: list[Shape] = []
    for i, st in enumerate(STAGES):
        x, cx = layout.left(i), layout.centre(i)
        shapes += [
            box(
                f"box-{i}",
                x,
                top,
                layout.box_w,
                h,
                fill=st.token,
                stroke=None,
                radius=layout.radius,
            ),
            label(
                f"name-{i}",
                cx,
                top + h * 0.39,
                st.name,
                size=layout.name_size,
                weight="bold",
                color="accent_ink",
                on=st.token,
                max_width=layout.box_w - 14,
            ),
            label(
                f"steps-{i}",
                cx,
                top + h * 0.70,
                st.steps,
                size=layout.steps_size,
                weight="semibold",
                color="accent_ink",
                on=st.token,
            ),
        ]
        if i:
            mid = top + h / 2
            shapes.append(
                arrow(
                    f"link-{i}",
                    [(x - layout.gap + 4, mid), (x - 6, mid)],
                    width=2.5 if layout.gap < 28 else 3,
                )
            )
    x_data, x_deploy = layout.centre(1), layout.centre(5)
    low = top + h + layout.loop_drop
    label_w = measure("monitor & retrain", "bold", layout.label_size) + 32
    shapes += [
        arrow(
            "loop",
            [(x_deploy, top + h + 6), (x_deploy, low), (x_data, low), (x_data, top + h + 8)],
            color=layout.loop_color,
            width=layout.loop_width,
        ),
        box(
            "loop-label-bg",
            (x_data + x_deploy - label_w) / 2,
            low - layout.label_size,
            label_w,
            2 * layout.label_size,
            fill="bg",
            stroke=None,
            radius=0,
        ),
        label(
            "loop-label",
            (x_data + x_deploy) / 2,
            low,
            "monitor & retrain",
            size=layout.label_size,
            weight="bold",
            color=layout.loop_color,
        ),
    ]
    return shapes
