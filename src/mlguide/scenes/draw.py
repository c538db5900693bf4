"""A loaded asset to the bytes of its files; pure (nothing is written here).

Files come out in the order a preview wants them: for an animation the light WebP and still
first, then the GIF, then the dark-palette WebP and still, then the narrow (phone) variant's.
Before drawing, each variant's labels are checked against the smallest size a page shows
them at (engine/legibility.py); each label too small is a warning naming the scene, the
label and its size on screen, handed to the caller's `warn`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mlguide.engine.animate import encode_animation, render_frames, render_still
from mlguide.engine.legibility import (
    MIN_FINISHED_MS,
    finished_ms,
    shown_width,
    small_texts,
    summary,
)
from mlguide.engine.timeline import Scene
from mlguide.errors import Finding
from mlguide.scenes.labels import label_findings
from mlguide.scenes.load import Asset, author_errors, build_scene
from mlguide.tokens import DARK, LIGHT, Palette

Progress = Callable[[int, int], None]
Warn = Callable[[Finding], None]


@dataclass(frozen=True)
class DrawnFile:
    name: str
    data: bytes
    frames: int  # distinct frames of the animation (1 for a still)


def legibility(asset: Asset, scene: Scene, narrow: bool) -> list[Finding]:
    """A finding when labels of `scene` are under 12 CSS px where pages show it smallest."""
    if not asset.on_page:
        return []
    shown = shown_width(narrow, asset.has_narrow)
    found = small_texts(scene, shown)
    if not found:
        return []
    variant = "narrow layout" if narrow else "layout"
    fix = (
        "make them larger"
        if asset.has_narrow or narrow
        else ("make them larger, or give the figure a narrow variant for phones (docs/design.md)")
    )
    message = f"{asset.name} ({variant}): {summary(found, shown)}; {fix}"
    return [Finding("figure-text", message, asset.path, None)]


def finished_time(asset: Asset, scene: Scene) -> list[Finding]:
    """A finding when a loop shows its finished picture for less than 3 s: the reader
    needs time to read the state the story builds (and the still shows)."""
    held = finished_ms(scene)
    if not asset.animated or held >= MIN_FINISHED_MS:
        return []
    message = (
        f"{asset.name}: each loop shows the finished picture for {held / 1000:g} s; give it "
        f"at least {MIN_FINISHED_MS / 1000:g} s (`hold` + `linger` of `loop`)"
    )
    return [Finding("figure-hold", message, asset.path, None)]


def draw_files(
    asset: Asset,
    progress: Progress | None = None,
    warn: Warn | None = None,
    palettes: tuple[Palette, Palette] = (LIGHT, DARK),
) -> Iterator[DrawnFile]:
    """`warn` gets, before any file, each label the fonts cannot draw (see `labels`), each
    label too small where the picture is shown narrowest, and a loop that shows its finished
    picture too briefly. `palettes`: the site's light and dark palettes (its theme)."""
    # Whatever escapes the checks while drawing (the engine meeting a value it should have
    # refused) is this scene's error at its layout, not a traceback that stops every scene.
    with author_errors(asset.path, _layout_line(asset)):
        yield from _draw_files(asset, progress, warn, palettes)


def _draw_files(
    asset: Asset,
    progress: Progress | None,
    warn: Warn | None,
    palettes: tuple[Palette, Palette],
) -> Iterator[DrawnFile]:
    variants = [False, True] if asset.has_narrow else [False]
    scenes = [build_scene(asset, narrow) for narrow in variants]
    if warn is not None:
        for finding in label_findings(scenes[0], asset.path, _layout_line(asset)):
            warn(finding)
        for scene, narrow in zip(scenes, variants, strict=True):
            for finding in legibility(asset, scene, narrow):
                warn(finding)
        for finding in finished_time(asset, scenes[0]):
            warn(finding)
    files = iter(asset.files)
    if not asset.animated:
        for scene in scenes:
            for palette in palettes[: 2 if _has_dark(asset) else 1]:
                yield DrawnFile(next(files), render_still(scene, palette), 1)
        return
    names = list(files)
    # Per variant, per palette (light, dark): which file each encoding goes to.
    groups = [
        (
            {"webp": names[1], "still": names[2], "gif": names[0]},
            {"webp": names[3], "still": names[4]},
        )
    ]
    if asset.has_narrow:
        groups.append(
            ({"webp": names[5], "still": names[6]}, {"webp": names[7], "still": names[8]})
        )
    passes = len(scenes) * 2
    for index, (scene, group) in enumerate(zip(scenes, groups, strict=True)):
        for offset, palette in enumerate(palettes):
            frames = render_frames(scene, _share(progress, 2 * index + offset, passes), palette)
            encoded = encode_animation(frames, with_gif="gif" in group[offset])
            for kind, data in encoded:
                yield DrawnFile(group[offset][kind], data, len(frames.images))


def _layout_line(asset: Asset) -> int | None:
    return getattr(getattr(asset.layout, "__code__", None), "co_firstlineno", None)


def _has_dark(asset: Asset) -> bool:
    return bool(getattr(asset.figure, "dark", False))


def _share(progress: Progress | None, offset: int, passes: int) -> Progress | None:
    """Every pass (light, dark; wide, narrow) as one bar."""
    if progress is None:
        return None
    return lambda done, total: progress(offset * total + done, passes * total)
