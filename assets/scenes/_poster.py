"""The hero poster's design, drawn at two heights (poster.py, poster-og.py), and its phone
layout (poster.py's narrow variant)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from _stages import LOOP_LABEL, STAGES, PathLayout, StageBox, StagePath, stage_box, stage_path

from mlguide.scene import TYPE, Pill, Polyline, Rect, Text, arrow, box, label, pill

WIDTH = 1200
MARGIN = 64
FIT = WIDTH - 2 * MARGIN
SUBTITLE = "The complete ML pipeline, from KPIs and data prep to monitoring"


@dataclass(frozen=True)
class Poster:
    panel: Rect
    band: Rect
    brand: Pill
    title: tuple[Text, Text]
    subtitle: Text
    stages: StagePath


def poster(height: int) -> Poster:
    top = (height - 600) / 2  # the 630 variant keeps the same design, centred
    title = partial(label, size=TYPE.display, weight="bold", anchor="baseline-left")
    gap = 30
    path = PathLayout(
        x=MARGIN,
        y=top + 344,
        box_w=(WIDTH - 2 * MARGIN - 5 * gap) / 6,
        box_h=124,
        gap=gap,
        name_size=27,
        steps_size=21,
        radius=16,
        loop_drop=40,
        loop_color="muted",
        loop_width=3,
        label_size=21,
    )
    return Poster(
        box(0, 0, WIDTH, height, fill="bg", stroke=None, radius=0),
        box(0, 0, 12, height, fill="accent", stroke=None, radius=0),
        pill(MARGIN, top + 74, "ML Guide", fill="accent", size=21, anchor="left"),
        (
            title(MARGIN, top + 168, "10 steps to build a"),
            title(MARGIN, top + 236, "machine learning model", color="accent"),
        ),
        label(
            MARGIN,
            top + 292,
            SUBTITLE,
            TYPE.heading,
            color="muted",
            anchor="baseline-left",
            max_width=FIT,
        ),
        stage_path(path),
    )


@dataclass(frozen=True)
class NarrowPoster:
    """The poster for phones, under the post's own title: the six stages in two rows."""

    stages: tuple[StageBox, ...]
    wrap: Polyline  # from the end of the first row to the start of the second
    loop_label: Text


def poster_narrow(width: int, height: int) -> NarrowPoster:
    """Three stages a row, readable at 328 px wide (no label under 18 px on the canvas)."""
    side, gap = 30, 14
    box_w, box_h = (width - 2 * side - 2 * gap) / 3, 76
    rows = (24, 24 + box_h + 40)
    lay = partial(
        PathLayout,
        box_w=box_w,
        box_h=box_h,
        gap=gap,
        name_size=22,
        steps_size=18,
        radius=14,
        loop_drop=0,
        loop_color="muted",
        loop_width=3,
        label_size=18,
    )
    first, second = lay(x=side, y=rows[0]), lay(x=side, y=rows[1])
    stages = tuple(
        stage_box(first if i < 3 else second, i % 3, stage) for i, stage in enumerate(STAGES)
    )
    mid1, mid2 = rows[0] + box_h / 2, rows[1] + box_h / 2
    between = rows[0] + box_h + 20
    right, left = width - 12, 12
    return NarrowPoster(
        stages,
        arrow(
            [
                (first.left(2) + box_w + 4, mid1),
                (right, mid1),
                (right, between),
                (left, between),
                (left, mid2),
                (side - 6, mid2),
            ],
            width=2.5,
        ),
        label(
            side,
            rows[1] + box_h + 28,
            "↺ " + LOOP_LABEL + " loops back to Data",
            18,
            "bold",
            "muted",
            anchor="left",
        ),
    )
