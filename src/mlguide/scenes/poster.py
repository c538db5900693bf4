"""The hero poster: title, subtitle and the six stages as a path (1200x600, and 1200x630)."""

from __future__ import annotations

from ..render.shapes import Shape
from ..render.timeline import Scene
from ..tokens import TYPE
from .kit import box, label, make_scene, pill
from .stages import PathLayout, stage_path

WIDTH = 1200
MARGIN = 64


def scene(height: int = 600) -> Scene:
    top = (height - 600) / 2  # the 630 variant keeps the same design, centred
    shapes: list[Shape] = [
        box("panel", 0, 0, WIDTH, height, fill="bg", stroke=None, radius=0),
        box("band", 0, 0, 12, height, fill="accent", stroke=None, radius=0),
        *pill("brand", MARGIN, top + 74, "ML Guide", fill="accent", size=20, anchor="l"),
        label(
            "title-1",
            MARGIN,
            top + 168,
            "10 steps to build a",
            size=TYPE.display,
            weight="bold",
            anchor="ls",
        ),
        label(
            "title-2",
            MARGIN,
            top + 236,
            "machine learning model",
            size=TYPE.display,
            weight="bold",
            anchor="ls",
            color="accent",
        ),
        label(
            "subtitle",
            MARGIN,
            top + 292,
            "The complete ML pipeline, from KPIs and data prep to monitoring",
            size=TYPE.heading,
            color="muted",
            anchor="ls",
            max_width=WIDTH - 2 * MARGIN,
        ),
    ]
    gap = 30
    w = (WIDTH - 2 * MARGIN - 5 * gap) / 6
    y, h = top + 344, 124
    shapes += stage_path(
        PathLayout(
            x=MARGIN,
            y=y,
            box_w=w,
            box_h=h,
            gap=gap,
            name_size=27,
            steps_size=20,
            radius=16,
            loop_drop=40,
            loop_color="muted",
            loop_width=3,
            label_size=21,
        )
    )
    return make_scene(f"poster-{height}", shapes, [], 0, width=WIDTH, height=height)
