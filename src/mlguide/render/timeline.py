"""Scenes and timelines: a frame is a pure function of time.

`state_at(scene, t)` applies every eased change to the frozen shapes and returns new ones, so
any frame can be drawn alone, in any order, in any process, with the same result.
Time is integer milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

from ..tokens import LIGHT, Palette
from .easing import EASINGS
from .raster import mix_values
from .shapes import Shape

Value = float | str | tuple[Any, ...] | None


@dataclass(frozen=True)
class Tween:
    """Move `prop` of shape `target` to `value` between `start` and `end` (ms).

    It starts from whatever the property is at `start`, so a timeline reads like a script:
    "at 1.2 s, fade the highlight in over 300 ms". Strings that are not colours, and
    `start == end`, switch at `end`.
    """

    target: str
    prop: str
    start: int
    end: int
    value: Value
    ease: str = "smooth"


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
            raise ValueError(f"{self.name}: duplicate shape id {dup!r}")
        self._index.update(index)
        validate_tweens(self)


def validate_tweens(scene: Scene) -> None:
    """Unknown targets, unknown properties and overlapping changes are scene bugs."""
    last_end: dict[tuple[str, str], int] = {}
    for tw in sorted(scene.tweens, key=lambda t: (t.target, t.prop, t.start)):
        if tw.target not in scene._index:
            raise ValueError(f"{scene.name}: tween targets unknown shape {tw.target!r}")
        shape = scene.shapes[scene._index[tw.target]]
        if tw.prop not in {f.name for f in fields(shape)}:
            raise ValueError(
                f"{scene.name}: {type(shape).__name__} {tw.target!r} has no {tw.prop!r}"
            )
        if tw.end < tw.start or tw.ease not in EASINGS:
            raise ValueError(f"{scene.name}: bad tween {tw}")
        key = (tw.target, tw.prop)
        if tw.start < last_end.get(key, -1):
            raise ValueError(f"{scene.name}: overlapping tweens on {key} at {tw.start} ms")
        last_end[key] = tw.end


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
    return tuple(
        replace(s, **changes[s.id]) if s.id in changes else s  # type: ignore[arg-type]
        for s in scene.shapes
    )


def frame_times(scene: Scene) -> list[int]:
    """Frame start times on a 10 ms grid (GIF delays are centiseconds): 15 fps = 70, 60, 70..."""
    if scene.duration <= 0:
        return [0]
    count = round(scene.duration * scene.fps / 1000)
    return [10 * round(i * 100 / scene.fps) for i in range(count)]


# --- composition helpers: scenes read as scripts --------------------------------------------


def set_at(target: str, prop: str, at: int, value: Value) -> Tween:
    return Tween(target, prop, at, at, value, "linear")
