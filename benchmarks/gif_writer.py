"""Measure the three ways to write the same GIF frames (one scene, one palette):
imageio's pillow plugin, Pillow's own save(), and mlguide's writer. Prints bytes and seconds.

Run: .venv/bin/python benchmarks/gif_writer.py [ASSET ...]   (default gif-01 and gif-07)
"""

import io
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import imageio.v3 as iio
import numpy as np

from mlguide.engine.animate import render_frames
from mlguide.engine.encode import encode_gif, palette_images, to_indexed
from mlguide.paths import project_paths
from mlguide.scenes.discover import discover, select
from mlguide.scenes.load import load_scene

SCENES = project_paths(Path(__file__).resolve().parent.parent).scenes


def flat_palette(palette: np.ndarray) -> bytes:
    return bytes(palette.ravel().tolist() + [0] * (768 - 3 * len(palette)))


def via_imageio(indexed: np.ndarray, palette: np.ndarray, durations: Sequence[int]) -> bytes:
    buf = io.BytesIO()
    iio.imwrite(
        buf,
        indexed,
        extension=".gif",
        plugin="pillow",
        mode="P",
        duration=list(durations),
        loop=0,
        optimize=True,
        palette=flat_palette(palette),
    )
    return buf.getvalue()


def via_pillow(indexed: np.ndarray, palette: np.ndarray, durations: Sequence[int]) -> bytes:
    images = palette_images(indexed, palette)
    buf = io.BytesIO()
    images[0].save(
        buf,
        "GIF",
        save_all=True,
        append_images=images[1:],
        duration=list(durations),
        loop=0,
        optimize=True,
        palette=flat_palette(palette),
    )
    return buf.getvalue()


WRITERS = [
    ("imageio pillow plugin", via_imageio),
    ("Pillow save()", via_pillow),
    ("mlguide writer", encode_gif),
]

for scene_file in select(discover(SCENES), sys.argv[1:] or ["gif-01", "gif-07"]):
    frames = render_frames(load_scene(scene_file))
    indexed, palette = to_indexed(frames.images)
    print(scene_file.name)
    for label, write in WRITERS:
        start = time.perf_counter()
        data = write(indexed, palette, frames.durations)
        print(f"  {label:<22} {len(data):>8} bytes  {time.perf_counter() - start:5.2f} s")
