"""GIF 1, the lifecycle: a highlight travels the six stages, then Deploy loops back to Data."""

from __future__ import annotations

from ..render.shapes import Shape
from ..render.timeline import Scene, Tween, set_at
from .kit import MARGIN, W, box, header, label, make_scene, swap_text
from .stages import STAGES, PathLayout, stage_path

GAP = 24
BOX_W = (W - 2 * MARGIN - 5 * GAP) / 6
BOX_Y, BOX_H = 178, 112
STEP_MS = 1100
DIM_MS = 270
LIGHT_MS = 200


PATH = PathLayout(
    x=MARGIN,
    y=BOX_Y,
    box_w=BOX_W,
    box_h=BOX_H,
    gap=GAP,
    name_size=22,
    steps_size=17,
    radius=14,
    loop_drop=58,
    loop_color="deploy",
    loop_width=3.5,
    label_size=20,
)


def scene() -> Scene:
    shapes: list[Shape] = header(
        "accent", "Steps 1–10 · The lifecycle", "Six macro stages frame the ten steps"
    )
    shapes += stage_path(PATH)
    shapes += [
        box("detail-card", MARGIN, 410, W - 2 * MARGIN, 84, fill="surface", stroke="border"),
        label(
            "detail-kicker",
            MARGIN + 24,
            438,
            "Steps 1–10",
            size=17,
            weight="bold",
            color="muted",
            on="surface",
            anchor="lm",
        ),
        label(
            "detail",
            MARGIN + 24,
            470,
            "Problem → Data → Model → Train → Evaluate → Deploy",
            size=21,
            weight="semibold",
            on="surface",
            anchor="lm",
            max_width=W - 2 * MARGIN - 48,
        ),
    ]
    tweens: list[Tween] = []
    t = 1300  # hold the overview first: it is also the still frame
    # Dim every stage to a quiet outline, then light them one by one.
    for i, st in enumerate(STAGES):
        tweens += [
            Tween(f"box-{i}", "fill", t, t + DIM_MS, "surface"),
            set_at(f"box-{i}", "stroke", t, "border"),
            set_at(f"box-{i}", "stroke_width", t, 2.0),
            Tween(f"name-{i}", "color", t, t + DIM_MS, st.token),
            Tween(f"name-{i}", "on", t, t + DIM_MS, "surface"),
            Tween(f"steps-{i}", "color", t, t + DIM_MS, "muted"),
            Tween(f"steps-{i}", "on", t, t + DIM_MS, "surface"),
        ]
    tweens += [
        set_at("loop", "progress", t, 0.0),
        set_at("loop-label", "opacity", t, 0.0),
        set_at("loop-label-bg", "opacity", t, 0.0),
    ]
    t += 600
    for i, st in enumerate(STAGES):
        on = t + i * STEP_MS
        # Box first, caption after: far-apart changes in one frame make big GIF rectangles.
        tweens += [
            Tween(f"box-{i}", "fill", on, on + LIGHT_MS, st.token),
            set_at(f"box-{i}", "stroke_width", on, 0.0),
            Tween(f"name-{i}", "color", on, on + LIGHT_MS, "accent_ink"),
            Tween(f"name-{i}", "on", on, on + LIGHT_MS, st.token),
            Tween(f"steps-{i}", "color", on, on + LIGHT_MS, "accent_ink"),
            Tween(f"steps-{i}", "on", on, on + LIGHT_MS, st.token),
            *swap_text("detail-kicker", on + LIGHT_MS, f"{st.name} · {st.steps}", 130),
            *swap_text("detail", on + LIGHT_MS, st.detail, 130),
        ]
    t += 6 * STEP_MS
    tweens += [
        Tween("loop", "progress", t, t + 900, 1.0, "in_out_cubic"),
        Tween("loop-label-bg", "opacity", t + 500, t + 800, 1.0),
        Tween("loop-label", "opacity", t + 500, t + 800, 1.0),
        *swap_text("detail-kicker", t + 900, "Step 10 → Step 3", 130),
        *swap_text("detail", t + 900, "Models rot: monitoring sends you back to the data", 130),
    ]
    t += 3000
    tweens += [
        *swap_text("detail-kicker", t, "Steps 1–10", 130),
        *swap_text("detail", t, "Problem → Data → Model → Train → Evaluate → Deploy", 130),
    ]
    return make_scene("lifecycle", shapes, tweens, duration=t + 1400, loop_at=t + 300)
