"""GIF 1, the lifecycle: the ten steps drop into the six macro stages that frame them, then
Deploy loops back to Data ("monitor & retrain").

The hero poster already shows the six stages; this figure adds what the text right above it
says: "Steps 1–10 zoom in inside that frame", step by step."""

from __future__ import annotations

from dataclasses import dataclass

from _stages import STAGES

from mlguide.scene import (
    NARROW_W,
    Animation,
    Canvas,
    Frame,
    Header,
    Polyline,
    Rect,
    Step,
    Text,
    arrow,
    at,
    beat,
    box,
    fade_in,
    frame_for,
    header,
    hidden,
    label,
    loop,
    par,
    seq,
    stagger,
    to,
    tween,
)

FIGURE = Animation(
    "The lifecycle: the ten steps inside the six macro stages, and the monitor & retrain loop",
    file="ml-model-gif-01-lifecycle",
    size=(960, 480),
    narrow=(NARROW_W, 600),
)
# The ten steps, short, by stage (the article's headings say them in full).
STEPS = (
    ("1 Define", "2 Feasibility"),
    ("3 Collect", "4 Clean", "5 Features", "6 Split"),
    ("7 Choose",),
    ("8 Tune",),
    ("9 Test once",),
    ("10 Monitor",),
)
LOOP_LABEL = "monitor & retrain"
DROP = 14  # how far a step chip falls into place


@dataclass(frozen=True)
class Chip:
    bg: Rect
    text: Text


@dataclass(frozen=True)
class StageColumn:
    box: Rect
    name: Text
    chips: tuple[Chip, ...]
    link: Polyline | None  # the arrow in from the previous stage


@dataclass(frozen=True)
class Parts:
    header: Header
    stages: tuple[StageColumn, ...]
    loop: Polyline
    loop_label: Text


def chip(x: float, y: float, w: float, h: float, text: str, token: str, f: Frame) -> Chip:
    """A step inside its stage: the stage's colour as an outline, the step's name in ink."""
    return Chip(
        box(x, y, w, h, fill="bg", stroke=token, stroke_width=2, radius=h / 2),
        label(x + 12, y + h / 2, text, f.small, "semibold", anchor="left", max_width=w - 20),
    )


def wide(f: Frame) -> Parts:
    """Six columns: each stage's box, its steps stacked under it; the loop runs underneath."""
    gap = 14
    col = (f.inner - 5 * gap) / 6
    top, box_h, chip_h = 136, 58, 34
    columns = []
    for i, (stage, steps) in enumerate(zip(STAGES, STEPS, strict=True)):
        x = f.margin + i * (col + gap)
        mid = top + box_h / 2
        columns.append(
            StageColumn(
                box(x, top, col, box_h, fill=stage.token, stroke=None, radius=12),
                label(x + col / 2, mid, stage.name, f.body, "bold", "accent_ink", on=stage.token),
                tuple(
                    chip(x, top + box_h + 14 + k * (chip_h + 8), col, chip_h, s, stage.token, f)
                    for k, s in enumerate(steps)
                ),
                arrow([(x - gap + 2, mid), (x - 3, mid)], width=2.5) if i else None,
            )
        )
    data, deploy = columns[1].box, columns[5].chips[-1].bg
    low = 428
    dx, px = data.x + data.w / 2, deploy.x + deploy.w / 2
    bottom = columns[1].chips[-1].bg
    return Parts(
        header("accent", "Steps 1–10 · The lifecycle", "Ten steps inside six stages", frame=f),
        tuple(columns),
        arrow(
            [(px, deploy.y + deploy.h + 6), (px, low), (dx, low), (dx, bottom.y + bottom.h + 8)],
            color="deploy",
            width=3.5,
        ),
        label((dx + px) / 2, low - 20, LOOP_LABEL, f.body, "bold", "deploy"),
    )


def narrow(f: Frame, head: Header) -> Parts:
    """One row per stage: its box at the left, its steps beside it (two to a line); the loop
    runs up the left edge, from Deploy back to Data."""
    left, box_w, gap = f.margin + 30, 132, 10
    chip_h, line = 36, 44
    chips_x = left + box_w + 12
    chip_w = (f.right - chips_x - 8) / 2
    y = head.bottom + 16
    columns = []
    for i, (stage, steps) in enumerate(zip(STAGES, STEPS, strict=True)):
        lines = (len(steps) + 1) // 2
        h = max(48, lines * line - (line - chip_h))
        columns.append(
            StageColumn(
                box(left, y, box_w, h, fill=stage.token, stroke=None, radius=12),
                label(
                    left + box_w / 2,
                    y + h / 2,
                    stage.name,
                    f.body,
                    "bold",
                    "accent_ink",
                    on=stage.token,
                ),
                tuple(
                    chip(
                        chips_x + (k % 2) * (chip_w + 8),
                        y + (h - (lines * line - (line - chip_h))) / 2 + (k // 2) * line,
                        chip_w,
                        chip_h,
                        s,
                        stage.token,
                        f,
                    )
                    for k, s in enumerate(steps)
                ),
                arrow([(left + box_w / 2, y - gap + 1), (left + box_w / 2, y - 3)], width=2.5)
                if i
                else None,
            )
        )
        y += h + gap + 8
    data, deploy = columns[1].box, columns[5].box
    edge = f.margin + 6
    return Parts(
        head,
        tuple(columns),
        arrow(
            [
                (left - 6, deploy.y + deploy.h / 2),
                (edge, deploy.y + deploy.h / 2),
                (edge, data.y + data.h / 2),
                (left - 6, data.y + data.h / 2),
            ],
            color="deploy",
            width=3.5,
        ),
        label(
            f.margin,
            deploy.y + deploy.h + 30,
            "↺ " + LOOP_LABEL + ": Deploy back to Data",
            f.small,
            "bold",
            "deploy",
            anchor="left",
        ),
    )


def layout(canvas: Canvas) -> Parts:
    f = frame_for(canvas)
    if f.narrow:
        return narrow(
            f,
            header("accent", "Steps 1–10 · The lifecycle", "Ten steps inside six stages", frame=f),
        )
    return wide(f)


def drop(ch: Chip) -> Step:
    return par(
        fade_in(ch, 200),
        tween(ch.bg, 260, "out_cubic", y=ch.bg.y),
        tween(ch.text, 260, "out_cubic", y=ch.text.y),
    )


def timeline(p: Parts) -> Step:
    chips = [ch for c in p.stages for ch in c.chips]

    def light(c: StageColumn, token: str) -> Step:
        return seq(
            par(
                tween(c.box, 220, fill=token),
                tween(c.name, 220, color="accent_ink", on=token),
            ),
            stagger([drop(ch) for ch in c.chips], 200),
        )

    return loop(
        seq(
            *(beat(900, light(c, st.token)) for c, st in zip(p.stages, STAGES, strict=True)),
            beat(
                2200,
                tween(p.loop, 900, "in_out_cubic", progress=1.0),
                at(600, fade_in(p.loop_label, 300)),
            ),
        ),
        hold=2000,
        rewind=[
            hidden(chips, p.loop_label),
            to([c.box for c in p.stages], fill="surface"),
            *(
                to(c.name, color=st.token, on="surface")
                for c, st in zip(p.stages, STAGES, strict=True)
            ),
            to(p.loop, progress=0.0),
        ],
        snap=[
            *(to(ch.bg, y=ch.bg.y - DROP) for ch in chips),
            *(to(ch.text, y=ch.text.y - DROP) for ch in chips),
        ],
        linger=2000,
    )
