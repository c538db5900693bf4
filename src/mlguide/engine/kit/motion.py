"""Motions that recur across figures, as timeline steps: text swaps, orbits, conveyors."""

from __future__ import annotations

import math
from collections.abc import Sequence

from mlguide.engine.arguments import keywords_checked
from mlguide.engine.compose import Par, Seq, Step, at, par, seq, snap, tween
from mlguide.engine.shapes import Shape, Text


@keywords_checked
def swap_text(target: Text, text: str, fade: int = 160) -> Seq:
    """Fade a text out, change it while invisible, fade it back in (2 * fade ms)."""
    return seq(
        tween(target, fade, opacity=0.0),
        snap(target, text=text),
        tween(target, fade, opacity=1.0),
    )


@keywords_checked
def orbit(
    target: Shape,
    cx: float,
    cy: float,
    r: float,
    dur: int,
    from_deg: float = -90,
    sweep_deg: float = 360,
    segments: int = 24,
) -> Par:
    """Move a shape along a circular arc: short linear x/y changes, smooth at 15 fps."""
    steps: list[Step] = []
    for k in range(segments):
        t0 = round(dur * k / segments)
        t1 = round(dur * (k + 1) / segments)
        angle = math.radians(from_deg + sweep_deg * (k + 1) / segments)
        x, y = cx + r * math.cos(angle), cy + r * math.sin(angle)
        steps.append(at(t0, tween(target, t1 - t0, "linear", x=x, y=y)))
    return par(*steps)


@keywords_checked
def conveyor(
    dots: Sequence[Shape],
    x0: float,
    x1: float,
    cycles: int,
    step: int = 300,
    move: int | None = None,
) -> Par:
    """Dots spaced evenly on [x0, x1) move right one slot per `step`; a dot leaving at x1
    re-enters at x0. After whole cycles every dot is back where it began (loops cleanly).
    Dot i starts at slot i (x0 + i * gap, as the layout placed it). With `move`, each step's
    motion takes only its last `move` ms (the dots hop on a clock)."""
    n = len(dots)
    gap = (x1 - x0) / n
    glide = step if move is None else move
    ease = "linear" if move is None else "out_cubic"
    steps: list[Step] = []
    for i, d in enumerate(dots):
        for k in range(cycles * n):
            slot = (i + k) % n
            start = (k + 1) * step - glide
            if slot == n - 1:  # leaves at the end, re-enters at the start
                leave = tween(d, glide, ease, x=x1, opacity=0.0)
                enter = par(snap(d, x=x0), tween(d, 1, "linear", opacity=1.0))
                steps.append(at(start, seq(leave, enter)))
            else:
                steps.append(at(start, tween(d, glide, ease, x=x0 + (slot + 1) * gap)))
    return par(*steps)
