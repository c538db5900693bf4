"""What a saved file is to the site: a post, a template, a picture, a scene or the config.

`serve` asks this first, so a save that changes nothing the site reads (an editor's swap
file, a picture mlguide itself just wrote) costs nothing.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from mlguide.paths import ProjectPaths


class ChangeKind(Enum):
    CONTENT = "content"  # a post
    TEMPLATE = "template"
    ASSET = "asset"  # a picture, in assets/ or beside a post
    SCENE = "scene"  # a scene or a helper of scenes: its pictures are drawn again
    CONFIG = "config"


def classify(paths: ProjectPaths, path: Path) -> ChangeKind | None:
    """Which part of the site a changed file belongs to (None: not ours)."""
    if path.is_dir():
        return None
    # data/ is on every page; another generator's config gives old URLs and plugins
    old = paths.old_configs()
    if (
        path == paths.config
        or any(path.is_relative_to(c) for c in old)
        or path.is_relative_to(paths.data)
    ):
        return ChangeKind.CONFIG
    if path.is_relative_to(paths.content):
        return (
            ChangeKind.CONTENT if path.suffix.lower() in (".md", ".markdown") else ChangeKind.ASSET
        )
    if path.is_relative_to(paths.templates):
        return ChangeKind.TEMPLATE
    if path.is_relative_to(paths.static):  # root files: no page shows them, assemble copies them
        return ChangeKind.CONTENT
    if path.is_relative_to(paths.generated):
        return None  # written by the rebuild itself (post cards): not a change of the author's
    if path.is_relative_to(paths.scenes):
        return ChangeKind.SCENE if path.suffix == ".py" else None
    if path.is_relative_to(paths.assets):
        return ChangeKind.ASSET
    return None
