"""Three steps light up in turn. Copy me to assets/scenes/NAME.py and make me yours."""

from dataclasses import dataclass

from mlguide import scene

# `narrow`: phones get their own portrait layout, so no label is under 12 CSS px there.
FIGURE = scene.Animation("Three steps light up in turn: plan, build, ship", narrow=(480, 520))
STEPS = (("Plan", "what, and for whom"), ("Build", "small, tested"), ("Ship", "behind a flag"))


@dataclass(frozen=True)
class Stage:
    name: scene.Pill
    note: scene.Text


@dataclass(frozen=True)
class Parts:
    header: scene.Header
    stages: tuple[Stage, ...]
    arrows: tuple[scene.Path, ...]


def layout(canvas: scene.Canvas) -> Parts:
    """The first frame, which is also the still: the whole story at once. Called once for the
    wide canvas and once for the narrow one (`canvas.narrow`): the same parts, placed anew."""
    f = scene.frame_for(canvas)
    title = scene.header(
        "accent", "Hello · a starter figure", "Plan it, build it, ship it", frame=f
    )
    if f.narrow:  # one step under the other
        spots = [(f.width / 2, title.bottom + 70 + i * 130) for i in range(3)]
    else:  # side by side
        spots = [(x, 270.0) for x in (240, 480, 720)]
    stages = [
        Stage(
            scene.pill(x, y, name, "accent", size=30),
            scene.label(x, y + 52, note, f.body, color="muted"),
        )
        for (x, y), (name, note) in zip(spots, STEPS, strict=True)
    ]
    if f.narrow:
        arrows = [scene.arrow([(x, y + 76), (x, y + 104)]) for (x, y) in spots[:2]]
    else:
        arrows = [
            scene.arrow([(a.name.right + 16, 270), (b.name.bg.x - 16, 270)])
            for a, b in zip(stages, stages[1:], strict=False)
        ]
    return Parts(title, tuple(stages), tuple(arrows))


def light(s: Stage) -> scene.Step:
    return scene.par(
        scene.tween(s.name.bg, 300, "ease-out", fill="accent"),
        scene.tween(s.name.text, 300, "ease-out", color="accent_ink", on="accent"),
        scene.fade_in(s.note, 400),
    )


def timeline(p: Parts) -> scene.Step:
    """Rewind to grey, then light each step in turn and draw the arrow on to the next."""
    (first, second, third), draw = p.stages, [scene.tween(a, 400, progress=1.0) for a in p.arrows]
    return scene.loop(
        scene.seq(light(first), draw[0], light(second), draw[1], light(third)),
        hold=1500,
        rewind=[
            scene.to([s.name.bg for s in p.stages], fill="surface_2"),
            scene.to([s.name.text for s in p.stages], color="muted", on="surface_2"),
            scene.to(p.arrows, progress=0.0),
            scene.hidden([s.note for s in p.stages]),
        ],
        linger=2000,
    )
