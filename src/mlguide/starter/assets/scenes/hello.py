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
    arrows: tuple[scene.Polyline, ...]


def layout(canvas: scene.Canvas) -> Parts:
    """The first frame, which is also the still: the whole story at once. Called once for the
    wide canvas and once for the narrow one (`canvas.narrow`): the same parts, placed anew."""
    f = scene.frame_for(canvas)
    title = scene.header(
        "accent", "Hello · a starter figure", "Plan it, build it, ship it", frame=f
    )
    # Three equal columns, or one under the other on a phone; then centred under the title.
    columns, gap = (1, (0, 48)) if f.narrow else (3, (64, 0))
    row = scene.grid([stage(name, note, f) for name, note in STEPS], columns, gap)
    under_title = scene.Box(f.margin, title.bottom, f.inner, f.height - title.bottom - f.margin)
    stages = scene.align_to(row, under_title, "center")
    arrows = [link(a, b, f.narrow) for a, b in zip(stages, stages[1:], strict=False)]
    return Parts(title, stages, tuple(arrows))


def stage(name: str, note: str, f: scene.Frame) -> Stage:
    """A step's pill with its note under it, built at (0, 0) and placed as one part."""
    pill = scene.pill(0, 0, name, "accent", size=30)
    text = scene.label(0, 0, note, f.body, color="muted")
    return Stage(pill, scene.next_to(text, pill, "below", gap=12))


def link(a: Stage, b: Stage, down: bool) -> scene.Polyline:
    """The arrow from one step to the next: between the pills, or from a note down to the
    next pill."""
    start, end = scene.bounds(a.name if not down else a), scene.bounds(b.name)
    if down:
        x = start.center[0]
        return scene.arrow([(x, start.bottom + 10), (x, end.top - 10)])
    y = start.center[1]
    return scene.arrow([(start.right + 12, y), (end.left - 12, y)])


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
