"""One palette per animation, with the flat colours kept exact, and an exact lookup remap.

Measured (shared/notes/gif-encoding.md): Pillow's per-frame palettes shimmer and cost 4-5x the
bytes; `quantize(palette=...)` shifts flat colours. So: the frequent colours go in verbatim,
median cut fills the rest, and every pixel maps to its nearest entry through a lookup table.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image

MAX_COLORS = 255  # index 255 stays free: the GIF writer's transparent pixel
# Colours covering at least this share of the sampled pixels are flat fills: kept exact.
FLAT_SHARE = 0.0002
MAX_EXACT = 200


def pack(frame: np.ndarray) -> np.ndarray:
    f = frame.astype(np.uint32)
    return (f[..., 0] << 16) | (f[..., 1] << 8) | f[..., 2]


def build_palette(frames: Sequence[np.ndarray]) -> np.ndarray:
    """(N, 3) uint8, sorted, N <= 256; deterministic for the same frames."""
    step = max(1, len(frames) // 16)
    sample = np.concatenate([pack(f).ravel() for f in frames[::step]])
    colors, counts = np.unique(sample, return_counts=True)
    if len(colors) <= MAX_COLORS:
        chosen = colors
    else:
        order = np.lexsort((colors, -counts))  # by count desc, then colour: stable
        flat = order[counts[order] >= FLAT_SHARE * sample.size][:MAX_EXACT]
        exact = colors[flat]
        rest_mask = np.ones(len(colors), bool)
        rest_mask[flat] = False
        rest = np.repeat(colors[rest_mask], np.minimum(counts[rest_mask], 64))
        filler = _median_cut(rest, MAX_COLORS - len(exact))
        chosen = np.unique(np.concatenate([exact, filler]))[:MAX_COLORS]
    return np.stack([(chosen >> 16) & 255, (chosen >> 8) & 255, chosen & 255], 1).astype(np.uint8)


def _median_cut(packed: np.ndarray, n: int) -> np.ndarray:
    if n <= 0 or packed.size == 0:
        return np.zeros(0, np.uint32)
    rgb = np.stack([(packed >> 16) & 255, (packed >> 8) & 255, packed & 255], 1).astype(np.uint8)
    strip = Image.fromarray(rgb.reshape(1, -1, 3), "RGB")
    q = strip.quantize(colors=n, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    pal = np.array((q.getpalette() or [])[: 3 * n], np.uint32).reshape(-1, 3)
    return (pal[:, 0] << 16) | (pal[:, 1] << 8) | pal[:, 2]


class Remapper:
    """Nearest palette index for every colour, computed once per distinct colour."""

    def __init__(self, palette: np.ndarray):
        self.palette = palette.astype(np.int32)
        self.lut = np.full(1 << 24, -1, np.int16)

    def indices(self, frame: np.ndarray) -> np.ndarray:
        packed = pack(frame)
        uniq = np.unique(packed)
        missing = uniq[self.lut[uniq] < 0]
        if missing.size:
            rgb = np.stack([(missing >> 16) & 255, (missing >> 8) & 255, missing & 255], 1)
            for start in range(0, len(rgb), 4096):
                chunk = rgb[start : start + 4096].astype(np.int32)
                d = ((chunk[:, None, :] - self.palette[None, :, :]) ** 2).sum(-1)
                self.lut[missing[start : start + 4096]] = d.argmin(1)
        out: np.ndarray = self.lut[packed].astype(np.uint8)
        return out
