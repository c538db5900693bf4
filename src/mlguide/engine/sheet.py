"""A contact sheet: key frames of a scene in a grid, each with its time, as one PNG.

For review in a pull request, where a GIF does not stop and cannot be diffed: twelve
different moments of the loop, from the first frame (the still) on.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from mlguide.engine.animate import draw_at
from mlguide.engine.fonts import font
from mlguide.engine.raster import color_of
from mlguide.engine.timeline import Scene, frame_times, state_at
from mlguide.tokens import LIGHT, Palette

COLUMNS = 4
THUMB_W = 320
PAD = 16
CAPTION = 28


def key_times(scene: Scene, count: int = 12) -> list[int]:
    """Up to `count` frame times showing different pictures, from 0. Arrivals come first:
    the first frame of each hold, where a change has just landed. A scene that keeps moving
    has few of those, so evenly spread frames of the motion fill the rest."""
    times = frame_times(scene)
    states = [state_at(scene, t) for t in times]
    distinct = [i for i, st in enumerate(states) if i == 0 or st != states[i - 1]]
    arrivals = [i for i in distinct if i == 0 or i + 1 == len(states) or states[i + 1] == states[i]]
    picked = _spread(arrivals, count)
    rest = [i for i in distinct if i not in picked]
    picked |= _spread(rest, count - len(picked))
    return [times[i] for i in sorted(picked)]


def _spread(items: list[int], count: int) -> set[int]:
    if count <= 0 or not items:
        return set()
    if len(items) <= count:
        return set(items)
    return {items[round(k * (len(items) - 1) / max(count - 1, 1))] for k in range(count)}


def contact_sheet(scene: Scene, count: int = 12, palette: Palette = LIGHT) -> bytes:
    times = key_times(scene, count)
    scale = THUMB_W / scene.width
    thumb_h = round(scene.height * scale)
    cols = min(COLUMNS, len(times))
    rows = -(-len(times) // cols)
    cell_w, cell_h = THUMB_W + PAD, thumb_h + CAPTION + PAD
    sheet = Image.new("RGB", (cols * cell_w + PAD, rows * cell_h + PAD), color_of("surface_2"))
    draw = ImageDraw.Draw(sheet)
    label = font("mono-bold", 15)
    for i, t in enumerate(times):
        x, y = PAD + (i % cols) * cell_w, PAD + (i // cols) * cell_h
        frame = Image.fromarray(draw_at(scene, t, palette))
        frame = frame.resize((THUMB_W, thumb_h), Image.Resampling.LANCZOS)
        sheet.paste(frame, (x, y))
        draw.rectangle((x - 1, y - 1, x + THUMB_W, y + thumb_h), outline=color_of("border"))
        draw.text((x, y + thumb_h + 6), f"{t / 1000:.2f} s", font=label, fill=color_of("ink"))
    buf = io.BytesIO()
    sheet.save(buf, "PNG", optimize=True)
    return buf.getvalue()
