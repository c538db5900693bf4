"""One frame to a palette PNG in a few milliseconds, for pictures drawn by the hundred (post
cards), with exactly the palette and indices of `encode.encode_png`.

Measured on a 1200x600 card (benchmarks/cards.py): `encode_png` takes about 70 ms, 46 of
them zlib at level 9 (`optimize=True`) and 19 the remap, most of which is `Remapper`
allocating and filling a fresh 32 MB lookup table for a frame of under 2,000 colours. Here
the frame's distinct colours are matched to their nearest palette entry (the same rule and
first-index tie-break as `Remapper`, so the indices are identical) through one lookup table
kept for the process, and zlib runs at level 6: about 10 ms in all, for PNGs ~10% larger
(a caller with a byte budget gets level 9 for the few frames that need it).

A module of its own rather than a change to `encode.py`: the scenes' cache key hashes every
engine module they import, and this one changes none of their bytes.
"""

from __future__ import annotations

import io
import threading

import numpy as np

from mlguide.engine.encode import encode_indexed_png, palette_images
from mlguide.engine.palette import build_palette, pack

COMPRESS_LEVEL = 6

# Packed RGB -> palette index. Only the current frame's colours are written and read, so
# what earlier frames left in it does not matter; pages never touched stay unallocated.
_LUT = np.zeros(1 << 24, np.uint8)
_LUT_LOCK = threading.Lock()


def encode_png_fast(frame_rgb: np.ndarray, max_bytes: int | None = None) -> bytes:
    """At zlib level 6; a PNG larger than `max_bytes` is made again as `encode_png` makes it
    (level 9: about 8% smaller, ten times slower), so only the densest frames pay for it."""
    indexed, palette = index_frame(frame_rgb)
    image = palette_images(indexed[None], palette)[0]
    buf = io.BytesIO()
    image.save(buf, "PNG", compress_level=COMPRESS_LEVEL)
    if max_bytes is not None and buf.tell() > max_bytes:
        return encode_indexed_png(indexed, palette)
    return buf.getvalue()


def index_frame(frame_rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(indices, palette) exactly as `encode.to_indexed([frame_rgb])` gives them."""
    palette = build_palette([frame_rgb])
    packed = pack(frame_rgb)
    # return_counts picks the sorting path: numpy 2's default hashing is 10x slower here.
    colors, _ = np.unique(packed, return_counts=True)
    rgb = np.stack([(colors >> 16) & 255, (colors >> 8) & 255, colors & 255], 1).astype(np.int64)
    pal = palette.astype(np.int64)
    # |c - p|^2 = |c|^2 - 2 c.p + |p|^2 in exact integers: |c|^2 is the same for a whole row,
    # so leaving it out keeps argmin (and its first-index tie-break) exactly as Remapper's.
    distance = (pal * pal).sum(1)[None, :] - 2 * (rgb @ pal.T)
    nearest = distance.argmin(1).astype(np.uint8)
    with _LUT_LOCK:
        _LUT[colors] = nearest
        indices = _LUT[packed]
    return indices, palette
