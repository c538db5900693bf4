"""Frames to files: GIF (one palette, unchanged pixels not re-encoded), WebP and PNG.

No timestamps or other varying metadata are written, so the same frames give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from PIL import Image

from mlguide.engine.gifwriter import write_gif
from mlguide.engine.palette import Remapper, build_palette

WEBP_OPTIONS = dict(lossless=True, quality=100, method=4, kmin=0, kmax=0)


def to_indexed(frames: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    palette = build_palette(frames)
    remap = Remapper(palette)
    return np.stack([remap.indices(f) for f in frames]), palette


def encode_gif(indexed: np.ndarray, palette: np.ndarray, durations: Sequence[int]) -> bytes:
    """One global palette, frames cropped to what changed, transparency chosen per frame.

    Not Pillow's `save()`: its transparency choice costs up to 7% against gifsicle -O3, and
    not imageio's pillow plugin, which gives Pillow frames with a default palette that it
    remaps quadratically per frame (7x slower for the same bytes). `benchmarks/gif_writer.py`
    measures all three; imageio still reads the stacks in the tests.
    """
    if any(d % 10 for d in durations):
        raise ValueError("GIF delays are centiseconds: durations must be multiples of 10 ms")
    return write_gif(indexed, palette, durations)


def palette_images(indexed: np.ndarray, palette: np.ndarray) -> list[Image.Image]:
    flat = palette.ravel().tolist()
    flat += [0] * (768 - len(flat))
    images = []
    for frame in indexed:
        image = Image.fromarray(frame, "P")
        image.putpalette(flat)
        images.append(image)
    return images


def encode_webp(indexed: np.ndarray, palette: np.ndarray, durations: Sequence[int]) -> bytes:
    """Lossless, from the same palette frames as the GIF; kmin/kmax 0 avoid key frames that
    made Pillow's defaults 3-5x larger on flat colours (gif_report's measurement)."""
    images = [im.convert("RGB") for im in palette_images(indexed, palette)]
    buf = io.BytesIO()
    images[0].save(
        buf,
        "WEBP",
        save_all=True,
        append_images=images[1:],
        duration=list(durations),
        loop=0,
        **WEBP_OPTIONS,
    )
    return buf.getvalue()


def encode_png(frame_rgb: np.ndarray) -> bytes:
    """Palette PNG after the exact remap: flat colours exact, a fraction of the RGB size."""
    indexed, palette = to_indexed([frame_rgb])
    return encode_indexed_png(indexed[0], palette)


def encode_indexed_png(indexed: np.ndarray, palette: np.ndarray) -> bytes:
    """A frame already mapped to a palette (the GIF's first frame for its still)."""
    image = palette_images(indexed[None], palette)[0]
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    return buf.getvalue()
