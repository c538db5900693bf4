"""Scene to frames to files: the one pipeline every poster and GIF goes through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .encode import encode_gif, encode_indexed_png, encode_png, encode_webp, to_indexed
from .raster import draw_frame
from .timeline import Scene, frame_times, state_at

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Frames:
    images: list[np.ndarray]
    durations: list[int]  # ms, multiples of 10


def draw_at(scene: Scene, t: int) -> np.ndarray:
    return np.asarray(draw_frame(state_at(scene, t), scene.width, scene.height, scene.background))


def render_frames(scene: Scene, progress: Progress | None = None) -> Frames:
    """Every frame of the timeline; a frame whose shapes did not change is not drawn again
    but held longer (holds cost no drawing and, in the GIF, no bytes)."""
    times = frame_times(scene)
    ends = [*times[1:], max(scene.duration, 10)]
    images: list[np.ndarray] = []
    durations: list[int] = []
    previous = None
    for i, (t, end) in enumerate(zip(times, ends, strict=True)):
        state = state_at(scene, t)
        if state == previous:
            durations[-1] += end - t
        else:
            images.append(
                np.asarray(draw_frame(state, scene.width, scene.height, scene.background))
            )
            durations.append(end - t)
            previous = state
        if progress is not None:
            progress(i + 1, len(times))
    return Frames(images, durations)


@dataclass(frozen=True)
class AnimationFiles:
    gif: bytes
    webp: bytes
    still: bytes
    frames: int


def render_animation(scene: Scene, progress: Progress | None = None) -> AnimationFiles:
    frames = render_frames(scene, progress)
    indexed, palette = to_indexed(frames.images)
    gif = encode_gif(indexed, palette, frames.durations)
    webp = encode_webp(indexed, palette, frames.durations)
    still = encode_indexed_png(indexed[0], palette)  # exactly the GIF's first frame
    return AnimationFiles(gif, webp, still, len(frames.images))


def render_still(scene: Scene) -> bytes:
    return encode_png(draw_at(scene, 0))
