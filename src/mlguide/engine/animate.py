"""Scene to frames to files: the one pipeline every poster and GIF goes through."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from mlguide.engine.encode import (
    encode_gif,
    encode_indexed_png,
    encode_png,
    encode_webp,
    to_indexed,
)
from mlguide.engine.raster import draw_frame
from mlguide.engine.timeline import Scene, frame_times, state_at
from mlguide.tokens import LIGHT, Palette

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Frames:
    images: list[np.ndarray]
    durations: list[int]  # ms, multiples of 10


def draw_at(scene: Scene, t: int, palette: Palette = LIGHT) -> np.ndarray:
    shapes = state_at(scene, t, palette)
    return np.asarray(draw_frame(shapes, scene.width, scene.height, scene.background, palette))


def render_frames(
    scene: Scene, progress: Progress | None = None, palette: Palette = LIGHT
) -> Frames:
    """Every frame of the timeline; a frame whose shapes did not change is not drawn again
    but held longer (holds cost no drawing and, in the GIF, no bytes)."""
    times = frame_times(scene)
    ends = [*times[1:], max(scene.duration, 10)]
    images: list[np.ndarray] = []
    durations: list[int] = []
    previous = None
    for i, (t, end) in enumerate(zip(times, ends, strict=True)):
        state = state_at(scene, t, palette)
        if state == previous:
            durations[-1] += end - t
        else:
            frame = draw_frame(state, scene.width, scene.height, scene.background, palette)
            images.append(np.asarray(frame))
            durations.append(end - t)
            previous = state
        if progress is not None:
            progress(i + 1, len(times))
    return Frames(images, durations)


def encode_animation(frames: Frames, with_gif: bool = True) -> Iterator[tuple[str, bytes]]:
    """("webp", ...), ("still", ...), then ("gif", ...): one palette for all three, and the
    quick ones first, so a preview can show them while the GIF is still being encoded.
    The still is exactly the animation's first frame."""
    indexed, pal = to_indexed(frames.images)
    yield "webp", encode_webp(indexed, pal, frames.durations)
    yield "still", encode_indexed_png(indexed[0], pal)
    if with_gif:
        yield "gif", encode_gif(indexed, pal, frames.durations)


def render_still(scene: Scene, palette: Palette = LIGHT) -> bytes:
    return encode_png(draw_at(scene, 0, palette))
