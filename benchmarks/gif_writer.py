"""Measure: GIF writing through imageio's pillow plugin vs Pillow directly (same frames).

Run: .venv/bin/python benchmarks/gif_writer.py   (prints bytes and seconds for both)
"""

import io
import time

import imageio.v3 as iio

from mlguide.render.animate import render_frames
from mlguide.render.encode import encode_gif, to_indexed
from mlguide.scenes import lifecycle

frames = render_frames(lifecycle.scene())
indexed, palette = to_indexed(frames.images)
flat = palette.ravel().tolist() + [0] * (768 - 3 * len(palette))

start = time.perf_counter()
buf = io.BytesIO()
iio.imwrite(
    buf,
    indexed,
    extension=".gif",
    plugin="pillow",
    mode="P",
    duration=frames.durations,
    loop=0,
    optimize=True,
    palette=bytes(flat),
)
via_imageio = buf.getvalue()
t_imageio = time.perf_counter() - start

start = time.perf_counter()
via_pillow = encode_gif(indexed, palette, frames.durations)  # what mlguide ships
t_pillow = time.perf_counter() - start

print(f"imageio pillow plugin: {len(via_imageio):>8} bytes  {t_imageio:.2f} s")
print(f"Pillow directly:       {len(via_pillow):>8} bytes  {t_pillow:.2f} s")
print(f"identical bytes: {via_imageio == via_pillow}; speed-up {t_imageio / t_pillow:.1f}x")
