"""A GIF writer that chooses, frame by frame, which pixels to leave transparent.

Pillow's writer marks every unchanged pixel transparent. Where a frame turns a large area back
to background, unchanged and changed pixels then alternate and break the LZW runs (gifsicle
-O3 was up to 7% smaller). Here each frame is encoded three ways: unchanged pixels
transparent, no transparency, and transparency only where it does not interrupt a run of the
colour just drawn. The smallest is kept. The LZW coding itself is still Pillow's
(`GifImagePlugin.getdata`); this module only decides pixels and writes the container.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

import numpy as np
from PIL import GifImagePlugin, Image

TRANSPARENT = 255  # reserved: palettes for GIFs hold at most 255 colours
NETSCAPE_LOOP_FOREVER = b"!\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"


def write_gif(indexed: np.ndarray, palette: np.ndarray, durations: Sequence[int]) -> bytes:
    """`indexed`: (frames, h, w) palette indices; durations in ms (multiples of 10)."""
    if len(palette) > TRANSPARENT:
        raise ValueError("a GIF palette here holds at most 255 colours (one index is reserved)")
    flat = palette.astype(np.uint8).ravel().tolist()
    flat += [0] * (768 - len(flat))
    frames, holds = merge_repeats(indexed, durations)
    height, width = frames[0].shape
    out = [
        b"GIF89a",
        struct.pack("<HHBBB", width, height, 0xF7, 0, 0),  # global table of 256 colours
        bytes(flat),
        NETSCAPE_LOOP_FOREVER,
        _frame(frames[0], flat, (0, 0), holds[0], transparent=False),
    ]
    for previous, frame, hold in zip(frames, frames[1:], holds[1:], strict=False):
        out.append(_delta_frame(previous, frame, flat, hold))
    out.append(b";")
    return b"".join(out)


def merge_repeats(
    indexed: np.ndarray, durations: Sequence[int]
) -> tuple[list[np.ndarray], list[int]]:
    """Identical consecutive frames become one frame shown for their total time."""
    frames, holds = [indexed[0]], [durations[0]]
    for frame, duration in zip(indexed[1:], durations[1:], strict=True):
        if np.array_equal(frame, frames[-1]):
            holds[-1] += duration
        else:
            frames.append(frame)
            holds.append(duration)
    return frames, holds


def _delta_frame(previous: np.ndarray, frame: np.ndarray, flat: list[int], hold: int) -> bytes:
    changed = frame != previous
    rows, cols = np.flatnonzero(changed.any(1)), np.flatnonzero(changed.any(0))
    y0, y1, x0, x1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    pixels, mask = frame[y0:y1, x0:x1], changed[y0:y1, x0:x1]
    offset = (x0, y0)
    candidates = [
        _frame(np.where(mask, pixels, TRANSPARENT), flat, offset, hold, transparent=True),
        _frame(pixels, flat, offset, hold, transparent=False),
        _frame(_run_friendly(pixels, mask), flat, offset, hold, transparent=True),
    ]
    return min(candidates, key=len)


def _run_friendly(pixels: np.ndarray, changed: np.ndarray) -> np.ndarray:
    """Unchanged pixels keep their colour when it equals the last changed pixel's colour in
    raster order (continuing its run), and are transparent otherwise."""
    values, mask = pixels.ravel(), changed.ravel()
    last = np.maximum.accumulate(np.where(mask, np.arange(values.size), -1))
    last_value = np.where(last >= 0, values[np.maximum(last, 0)], -1)
    keep = mask | (values == last_value)
    return np.where(keep, values, TRANSPARENT).reshape(pixels.shape)


def _frame(
    pixels: np.ndarray, flat: list[int], offset: tuple[int, int], hold: int, transparent: bool
) -> bytes:
    image = Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8), "P")
    image.putpalette(flat)
    params: dict[str, int] = {"duration": hold, "disposal": 1}  # 1: keep, draw the next on top
    if transparent:
        params["transparency"] = TRANSPARENT
    return b"".join(GifImagePlugin.getdata(image, offset, **params))
