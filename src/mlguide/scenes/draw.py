"""A loaded asset to the bytes of its files; pure (nothing is written here).

Files come out in the order a preview wants them: for an animation the light WebP and still
first, then the GIF, then the dark-palette WebP and still.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mlguide.engine.animate import encode_animation, render_frames, render_still
from mlguide.errors import Finding
from mlguide.scenes.labels import label_findings
from mlguide.scenes.load import Asset, build_scene
from mlguide.tokens import DARK, LIGHT, Palette

Progress = Callable[[int, int], None]
Warn = Callable[[Finding], None]


@dataclass(frozen=True)
class DrawnFile:
    name: str
    data: bytes
    frames: int  # distinct frames of the animation (1 for a still)


def draw_files(
    asset: Asset,
    progress: Progress | None = None,
    warn: Warn | None = None,
    palettes: tuple[Palette, Palette] = (LIGHT, DARK),
) -> Iterator[DrawnFile]:
    """`warn` gets each label the fonts cannot draw (see `labels`), before any file.
    `palettes`: the site's light and dark palettes (its theme), in that order."""
    scene = build_scene(asset)
    if warn is not None:
        layout_line = getattr(getattr(asset.layout, "__code__", None), "co_firstlineno", None)
        for finding in label_findings(scene, asset.path, layout_line):
            warn(finding)
    if not asset.animated:
        for name, palette in zip(asset.files, palettes, strict=False):
            yield DrawnFile(name, render_still(scene, palette), 1)
        return
    gif, webp, still, dark_webp, dark_still = asset.files
    names = ({"webp": webp, "still": still, "gif": gif}, {"webp": dark_webp, "still": dark_still})
    for offset, palette in enumerate(palettes):
        frames = render_frames(scene, _share(progress, offset), palette)
        for kind, data in encode_animation(frames, with_gif=offset == 0):
            yield DrawnFile(names[offset][kind], data, len(frames.images))


def _share(progress: Progress | None, offset: int) -> Progress | None:
    """Both passes (light, then dark) as one bar."""
    if progress is None:
        return None
    return lambda done, total: progress(offset * total + done, 2 * total)
