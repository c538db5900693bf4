"""The hero poster: title, subtitle and the six stages as a path (1200x600, and 1200x630)."""

from __future__ import annotations

from ..render.shapes import Shape
from ..render.timeline import Scene
from ..tokens import TYPE
from .kit import arrow, box, label, make_scene, pill
from .stages import STAGES

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
    for i, stage in enumerate(STAGES):
        x = MARGIN + i * (w + gap)
        shapes += [
            box(f"stage-{i}", x, y, w, h, fill=stage.token, stroke=None, radius=16),
            label(
                f"stage-{i}-name",
                x + w / 2,
                y + 52,
                stage.name,
                size=27,
                weight="bold",
                color="accent_ink",
                on=stage.token,
                max_width=w - 20,
            ),
            label(
                f"stage-{i}-steps",
                x + w / 2,
                y + 92,
                stage.steps,
                size=20,
                weight="semibold",
                color="accent_ink",
                on=stage.token,
            ),
        ]
        if i:
            shapes.append(
                arrow(
                    f"link-{i}",
                    [(x - gap + 5, y + h / 2), (x - 7, y + h / 2)],
                    color="muted",
                    width=3,
                )
            )
    # Deploy feeds back into Data: the loop that makes it a lifecycle.
    x_data = MARGIN + (w + gap) + w / 2
    x_deploy = MARGIN + 5 * (w + gap) + w / 2
    low = y + h + 40
    shapes += [
        arrow(
            "loop",
            [(x_deploy, y + h + 6), (x_deploy, low), (x_data, low), (x_data, y + h + 8)],
            color="muted",
            width=3,
        ),
        box(
            "loop-label-bg",
            (x_data + x_deploy) / 2 - 120,
            low - 18,
            240,
            36,
            fill="bg",
            stroke=None,
            radius=0,
        ),
        label(
            "loop-label",
            (x_data + x_deploy) / 2,
            low,
            "monitor & retrain",
            size=21,
            weight="semibold",
            color="muted",
        ),
    ]
    return make_scene(f"poster-{height}", shapes, [], 0, width=WIDTH, height=height)
