"""GIF 1, the lifecycle: a highlight travels the six stages, then Deploy loops back to Data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from _stages import STAGES, PathLayout, StageBox, StagePath, stage_path

from mlguide.scene import (
    MARGIN,
    Animation,
    Header,
    Rect,
    Step,
    Text,
    W,
    at,
    beat,
    box,
    header,
    label,
    loop,
    par,
    seq,
    snap,
    swap_text,
    tween,
)

FIGURE = Animation(
    "The lifecycle: six macro stages and the monitor & retrain loop",
    file="ml-model-gif-01-lifecycle",
)
GAP = 24
PATH = PathLayout(
    x=MARGIN,
    y=178,
    box_w=(W - 2 * MARGIN - 5 * GAP) / 6,
    box_h=112,
    gap=GAP,
    name_size=22,
    steps_size=17,
    radius=14,
    loop_drop=58,
    loop_color="deploy",
    loop_width=3.5,
    label_size=20,
)
OVERVIEW = ("Steps 1–10", "Problem → Data → Model → Train → Evaluate → Deploy")
LOOP_BACK = ("Step 10 → Step 3", "Models rot: monitoring sends you back to the data")


@dataclass(frozen=True)
class Parts:
    header: Header
    path: StagePath
    card: Rect
    kicker: Text
    detail: Text


def layout() -> Parts:
    on_card = partial(label, MARGIN + 24, on="surface", anchor="lm")
    return Parts(
        header("accent", "Steps 1–10 · The lifecycle", "Six macro stages frame the ten steps"),
        stage_path(PATH),
        box(MARGIN, 410, W - 2 * MARGIN, 84, fill="surface", stroke="border"),
        on_card(438, OVERVIEW[0], 17, "bold", "muted"),
        on_card(470, OVERVIEW[1], 21, "semibold", max_width=W - 2 * MARGIN - 48),
    )


def caption(p: Parts, kicker: str, detail: str) -> Step:
    return par(swap_text(p.kicker, kicker, 130), swap_text(p.detail, detail, 130))


def dim(s: StageBox, token: str) -> Step:
    """A quiet outline, the stage's name in its colour."""
    return par(
        tween(s.box, 270, fill="surface"),
        snap(s.box, stroke="border", stroke_width=2.0),
        tween(s.name, 270, color=token, on="surface"),
        tween(s.steps, 270, color="muted", on="surface"),
    )


def light(p: Parts, s: StageBox, i: int) -> Step:
    """Box first, caption after: far-apart changes in one frame make big GIF rectangles."""
    st = STAGES[i]
    return seq(
        par(
            tween(s.box, 200, fill=st.token),
            snap(s.box, stroke_width=0.0, stroke=None),
            tween((s.name, s.steps), 200, color="accent_ink", on=st.token),
        ),
        caption(p, f"{st.name} · {st.steps}", st.detail),
    )


def timeline(p: Parts) -> Step:
    stages = p.path.stages
    return loop(
        seq(
            beat(
                600,
                *(dim(s, st.token) for s, st in zip(stages, STAGES, strict=True)),
                snap(p.path.loop, progress=0.0),
                snap((p.path.loop_label, p.path.loop_label_bg), opacity=0.0),
            ),
            *(beat(1100, light(p, s, i)) for i, s in enumerate(stages)),
            beat(
                3000,
                tween(p.path.loop, 900, "in_out_cubic", progress=1.0),
                at(500, tween((p.path.loop_label_bg, p.path.loop_label), 300, opacity=1.0)),
                at(900, caption(p, *LOOP_BACK)),
            ),
            caption(p, *OVERVIEW),
        ),
        hold=1300,  # the overview first: it is also the still
        linger=1140,
    )
