"""The hero poster's design, drawn at two heights (poster.py, poster-og.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from _stages import PathLayout, StagePath, stage_path

from mlguide.scene import TYPE, Pill, Rect, Text, box, label, pill

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
    title = partial(label, size=TYPE.display, weight="bold", anchor="ls")
    gap = 30
    path = PathLayout(
        x=MARGIN,
        y=top + 344,
        box_w=(WIDTH - 2 * MARGIN - 5 * gap) / 6,
        box_h=124,
        gap=gap,
        name_size=27,
        steps_size=20,
        radius=16,
        loop_drop=40,
        loop_color="muted",
        loop_width=3,
        label_size=21,
    )
    return Poster(
        box(0, 0, WIDTH, height, fill="bg", stroke=None, radius=0),
        box(0, 0, 12, height, fill="accent", stroke=None, radius=0),
        pill(MARGIN, top + 74, "ML Guide", fill="accent", size=20, anchor="l"),
        (
            title(MARGIN, top + 168, "10 steps to build a"),
            title(MARGIN, top + 236, "machine learning model", color="accent"),
        ),
        label(MARGIN, top + 292, SUBTITLE, TYPE.heading, color="muted", anchor="ls", max_width=FIT),
        stage_path(path),
    )
