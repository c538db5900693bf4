"""Composition: a timeline written as data (sequence, parallel, stagger, at), not arithmetic.

The model is manim's `Succession`, `AnimationGroup` and `LaggedStart`, without manim's mutable
objects: a step is a frozen value, and `compile_timeline` turns the tree into the explicit,
flat table of `Tween`s (start and end in ms) that the engine plays and tests can assert.
Steps point at shapes (or any part holding shapes), never at id strings; every change records
the scene line that made it, so a bad change is reported there.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from mlguide.engine.arguments import keywords_checked
from mlguide.engine.easing import EASINGS
from mlguide.engine.origin import Origin, caller_origin, scene_error
from mlguide.engine.parts import shapes_of
from mlguide.engine.shapes import Shape
from mlguide.engine.timeline import Tween, Value

REWIND_MS = 140  # ~2 frames: a long whole-scene fade costs ~20 KB of GIF a frame


@dataclass(frozen=True)
class Change:
    """Set `props` of `shapes` over `dur` ms (0: switch at once)."""

    shapes: tuple[Shape, ...]
    props: tuple[tuple[str, Value], ...]
    dur: int
    ease: str
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Wait:
    ms: int


@dataclass(frozen=True)
class Seq:
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Par:
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class At:
    offset: int
    step: Step


Step = Change | Wait | Seq | Par | At


@dataclass(frozen=True)
class State:
    """A target state without timing: what `loop` rewinds to before the story starts."""

    shapes: tuple[Shape, ...]
    props: tuple[tuple[str, Value], ...]
    origin: Origin | None = field(default=None, compare=False)


# --- leaves ----------------------------------------------------------------------------------


def tween(target: Any, dur: int, ease: str = "smooth", **props: Value) -> Change:
    """Change `props` of every shape in `target` over `dur` ms, from whatever they are then."""
    origin = caller_origin()
    _check_ms(dur, origin)
    if ease not in EASINGS:
        raise scene_error(f"unknown easing {ease!r}; known: {', '.join(EASINGS)}", origin)
    return Change(*_resolve(target, props, origin), dur, ease, origin)


def snap(target: Any, **props: Value) -> Change:
    """Switch `props` at once (text, or anything changed while it is hidden)."""
    origin = caller_origin()
    return Change(*_resolve(target, props, origin), 0, "linear", origin)


@keywords_checked
def fade_in(target: Any, dur: int = 250, ease: str = "smooth") -> Change:
    return tween(target, dur, ease, opacity=1.0)


@keywords_checked
def fade_out(target: Any, dur: int = 250, ease: str = "smooth") -> Change:
    return tween(target, dur, ease, opacity=0.0)


@keywords_checked
def wait(ms: int) -> Wait:
    _check_ms(ms, caller_origin())
    return Wait(ms)


def to(target: Any, **props: Value) -> State:
    origin = caller_origin()
    return State(*_resolve(target, props, origin), origin)


@keywords_checked
def hidden(*targets: Any) -> State:
    origin = caller_origin()
    return State(*_resolve(targets, {"opacity": 0.0}, origin), origin)


def _resolve(
    target: Any, props: Mapping[str, Value], origin: Origin | None
) -> tuple[tuple[Shape, ...], tuple[tuple[str, Value], ...]]:
    shapes = shapes_of(target)
    if not shapes:
        raise scene_error(f"nothing to change: {type(target).__name__} holds no shapes", origin)
    if not props:
        raise scene_error("a change needs at least one property, e.g. opacity=1.0", origin)
    for shape in shapes:
        known = {f.name for f in fields(shape)} - {"id"}
        for prop in props:
            if prop not in known:
                raise scene_error(_unknown_property(type(shape).__name__, prop, known), origin)
    return shapes, tuple(props.items())


def _unknown_property(kind: str, prop: str, known: set[str]) -> str:
    close = difflib.get_close_matches(prop, known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"it has {', '.join(sorted(known))}"
    return f"{kind} has no property {prop!r}; {hint}"


def _check_ms(ms: int, origin: Origin | None) -> None:
    if not isinstance(ms, int) or isinstance(ms, bool) or ms < 0:
        raise scene_error(f"times are whole milliseconds >= 0, not {ms!r}", origin)


# --- composition -----------------------------------------------------------------------------


@keywords_checked
def seq(*steps: Step) -> Seq:
    """One after another (manim's Succession)."""
    return Seq(steps)


@keywords_checked
def par(*steps: Step) -> Par:
    """All at once; as long as the longest (manim's AnimationGroup)."""
    return Par(steps)


@keywords_checked
def beat(ms: int, *steps: Step) -> Par:
    """Steps together in a slot of at least `ms`: a `seq` of beats keeps a steady rhythm
    however long the changes inside each beat are."""
    _check_ms(ms, caller_origin())
    return Par((Wait(ms), *steps))


@keywords_checked
def stagger(steps: Sequence[Step], lag: int) -> Par:
    """Step i starts i * lag ms after the first (manim's LaggedStart, with the lag in ms)."""
    _check_ms(lag, caller_origin())
    return Par(tuple(At(i * lag, s) for i, s in enumerate(steps)))


@keywords_checked
def at(ms: int, step: Step, *more: Step) -> At:
    """Start `ms` after the enclosing step starts (in a `seq`: after the previous one ends);
    several steps start together."""
    _check_ms(ms, caller_origin())
    return At(ms, Par((step, *more)) if more else step)


@keywords_checked
def loop(
    story: Step,
    *,
    hold: int,
    linger: int,
    rewind: Sequence[State] = (),
    snap: Sequence[State] = (),
) -> Seq:
    """The one way an animation loops back to its first frame.

    The first frame is the layout, the whole story at once: it is also the still. It holds for
    `hold` ms; in the last REWIND_MS of that, `rewind` fades parts to where the story starts,
    and at `hold`, `snap` sets what may jump (things hidden by then). The story plays and must
    end on the layout again, which the scene builder checks; then the picture lingers.
    """
    origin = caller_origin()
    _check_ms(hold, origin)
    _check_ms(linger, origin)
    if rewind and hold < REWIND_MS:
        raise scene_error(f"hold must be at least {REWIND_MS} ms to rewind", origin)
    fades = [Change(s.shapes, s.props, REWIND_MS, "smooth", s.origin) for s in rewind]
    jumps = [Change(s.shapes, s.props, 0, "linear", s.origin) for s in snap]
    start = Par((At(hold - REWIND_MS, Par(tuple(fades))), At(hold, Par((*jumps, story)))))
    return Seq((start, Wait(linger)))


# --- compiling -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    """The compiled table: every change with absolute start and end, and the total length."""

    tweens: tuple[Tween, ...]
    length: int

    def rows(self) -> list[tuple[int, int, str, str, Value]]:
        """(start, end, shape id, property, value), in time order: what tests assert."""
        ordered = sorted(self.tweens, key=lambda t: (t.start, t.end))
        return [(t.start, t.end, t.target, t.prop, t.value) for t in ordered]


@keywords_checked
def compile_timeline(step: Step, ids: Mapping[int, str] | None = None) -> Timeline:
    """Absolute times for every change. `ids` maps shape objects (by identity) to their ids in
    the scene, as `parts.name_shapes` returns; without it, shapes keep their own `id`."""
    out: list[Tween] = []
    length = _place(step, 0, out, ids)
    return Timeline(tuple(out), length)


def length_of(step: Step) -> int:
    return _place(step, 0, [], None)


def _place(step: Step, start: int, out: list[Tween], ids: Mapping[int, str] | None) -> int:
    """Append `step`'s changes starting at `start`; return when it ends."""
    if isinstance(step, Change):
        for shape in step.shapes:
            target = _id_of(shape, ids, step.origin)
            for prop, value in step.props:
                end = start + step.dur
                out.append(Tween(target, prop, start, end, value, step.ease, step.origin))
        return start + step.dur
    if isinstance(step, Wait):
        return start + step.ms
    if isinstance(step, At):
        return _place(step.step, start + step.offset, out, ids)
    if isinstance(step, Seq):
        t = start
        for child in step.steps:
            t = _place(child, t, out, ids)
        return t
    if isinstance(step, Par):
        return max((_place(child, start, out, ids) for child in step.steps), default=start)
    raise scene_error(f"not a timeline step: {type(step).__name__}", None)


def _id_of(shape: Shape, ids: Mapping[int, str] | None, origin: Origin | None) -> str:
    if ids is None:
        return shape.id
    if id(shape) not in ids:
        raise scene_error("a change targets a shape that is not in the layout", origin)
    return ids[id(shape)]
