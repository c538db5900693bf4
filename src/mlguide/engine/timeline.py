"""Scenes and timelines: a frame is a pure function of time.

`state_at(scene, t)` applies every eased change to the frozen shapes and returns new ones, so
any frame can be drawn alone, in any order, in any process, with the same result.
Time is integer milliseconds. Scenes are usually written with `compose` (sequence, parallel,
stagger), which compiles to the flat, explicit `Tween` table defined here.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from typing import Any

from mlguide.engine.easing import EASINGS
from mlguide.engine.origin import Origin, scene_error
from mlguide.engine.raster import color_of, is_color, mix_values
from mlguide.engine.shapes import Shape
from mlguide.engine.values import value_problem
from mlguide.tokens import DARK, LIGHT, Palette

Value = float | str | tuple[Any, ...] | None


@dataclass(frozen=True)
class Tween:
    """Move `prop` of shape `target` to `value` between `start` and `end` (ms).

    It starts from whatever the property is at `start`, so a timeline reads like a script:
    "at 1.2 s, fade the highlight in over 300 ms". Strings that are not colours, and
    `start == end`, switch at `end`. `origin` is the scene line that asked for it (errors).
    """

    target: str
    prop: str
    start: int
    end: int
    value: Value
    ease: str = "smooth"
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Scene:
    name: str
    width: int
    height: int
    duration: int  # ms; 0 for a still
    shapes: tuple[Shape, ...]
    tweens: tuple[Tween, ...] = ()
    background: str = "bg"
    fps: int = 15
    _index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        index = {s.id: i for i, s in enumerate(self.shapes)}
        if len(index) != len(self.shapes):
            seen: set[str] = set()
            dup = next(s.id for s in self.shapes if s.id in seen or seen.add(s.id))  # type: ignore[func-returns-value]
            raise scene_error(f"{self.name}: duplicate shape id {dup!r}", None)
        self._index.update(index)
        for shape in self.shapes:
            for f in fields(shape):
                problem = value_problem(f.name, getattr(shape, f.name))
                if problem is not None:
                    raise scene_error(f"{shape.id}: {problem}", None)
        validate_tweens(self)


def validate_tweens(scene: Scene) -> None:
    """Unknown targets, unknown properties and overlapping changes are scene bugs, reported
    at the line that asked for the change when it is known."""
    last: dict[tuple[str, str], Tween] = {}
    for tw in sorted(scene.tweens, key=lambda t: (t.target, t.prop, t.start)):
        if tw.target not in scene._index:
            raise scene_error(f"a change targets unknown shape {tw.target!r}", tw.origin)
        shape = scene.shapes[scene._index[tw.target]]
        if tw.prop not in {f.name for f in fields(shape)}:
            kind = type(shape).__name__
            raise scene_error(f"{kind} {tw.target!r} has no property {tw.prop!r}", tw.origin)
        if tw.end < tw.start or tw.start < 0:
            raise scene_error(f"a change of {tw.target}.{tw.prop} ends before it starts", tw.origin)
        if tw.ease not in EASINGS:
            raise scene_error(f"unknown easing {tw.ease!r}", tw.origin)
        problem = value_problem(tw.prop, tw.value)
        if problem is not None:
            raise scene_error(problem, tw.origin)
        key = (tw.target, tw.prop)
        before = last.get(key)
        if before is not None and tw.start < before.end:
            raise scene_error(
                f"{tw.target}.{tw.prop} changes again at {tw.start} ms while an earlier change "
                f"runs until {before.end} ms",
                tw.origin,
            )
        last[key] = tw


def state_at(scene: Scene, t: int, palette: Palette = LIGHT) -> tuple[Shape, ...]:
    """The shapes at time `t` (colours met mid-change are blended in `palette`)."""
    changes: dict[str, dict[str, Value]] = {}
    for tw in sorted(scene.tweens, key=lambda tw: (tw.start, tw.end)):
        if t < tw.start:
            continue
        shape = scene.shapes[scene._index[tw.target]]
        current = changes.get(tw.target, {}).get(tw.prop, getattr(shape, tw.prop))
        if t >= tw.end:
            value = tw.value
        else:
            progress = EASINGS[tw.ease]((t - tw.start) / (tw.end - tw.start))
            value = mix_values(current, tw.value, progress, palette)
        changes.setdefault(tw.target, {})[tw.prop] = value
    return tuple(_changed(s, changes[s.id]) if s.id in changes else s for s in scene.shapes)


def _changed(shape: Shape, values: dict[str, Value]) -> Shape:
    """A copy with `values` set and not checked again: a value met mid-change may lie past
    its ends (an easing that overshoots makes an opacity of 1.02), and the ends were checked
    when the scene was made. Checking every shape of every frame would also cost time."""
    new = copy.copy(shape)
    for name, value in values.items():
        object.__setattr__(new, name, value)
    return new


def frame_times(scene: Scene) -> list[int]:
    """Frame start times on a 10 ms grid (GIF delays are centiseconds): 15 fps = 70, 60, 70..."""
    if scene.duration <= 0:
        return [0]
    count = round(scene.duration * scene.fps / 1000)
    return [10 * round(i * 100 / scene.fps) for i in range(count)]


def loop_seam(scene: Scene) -> str | None:
    """What differs between the last frame and the first (None: the loop has no seam).

    Numbers may differ by float noise (an orbit ends at cos(270°) ≈ 0); colours count as equal
    when they are the same pixels in both palettes, whether written as a token or as RGB.
    """
    last = frame_times(scene)[-1]
    for first, end in zip(scene.shapes, state_at(scene, last), strict=True):
        for f in fields(first):
            a, b = getattr(first, f.name), getattr(end, f.name)
            if not _same(a, b):
                return (
                    f"{first.id}.{f.name} is {b!r} at the last frame ({last} ms) "
                    f"but {a!r} at the first"
                )
    return None


def _same(a: Any, b: Any) -> bool:
    if a == b:
        return True
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) < 1e-6
    if is_color(a) and is_color(b):
        return all(color_of(a, p) == color_of(b, p) for p in (LIGHT, DARK))
    return False
