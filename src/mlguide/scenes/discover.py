"""Which scenes a project has: every `assets/scenes/*.py` whose name does not start with `_`.

The file name is the asset's name on the command line (`gif-03.py` is `gif-03`). Files
starting with `_` are the project's helper modules. Finding scenes reads no file, so listing
names and checking the cache stay fast.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mlguide.errors import MlguideError

NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


@dataclass(frozen=True)
class SceneFile:
    name: str
    path: Path


def discover(scenes_dir: Path) -> tuple[SceneFile, ...]:
    """The project's scenes, sorted by name; no folder means no scenes (not an error)."""
    if not scenes_dir.is_dir():
        return ()
    found = []
    for path in sorted(scenes_dir.glob("*.py"), key=lambda p: p.stem):
        if path.name.startswith("_"):
            continue
        if not NAME.fullmatch(path.stem):
            raise MlguideError(
                "a scene's file name is its asset name: use lowercase letters, digits, `-` "
                "and `_` (files starting with `_` are helpers)",
                path,
            )
        found.append(SceneFile(path.stem, path.absolute()))
    return tuple(found)


def select(scenes: Sequence[SceneFile], names: Sequence[str]) -> list[SceneFile]:
    """The scenes asked for, in the order asked (all when none are named)."""
    by_name = {s.name: s for s in scenes}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        valid = ", ".join(by_name) or "none (add a scene to assets/scenes/)"
        raise MlguideError(f"unknown asset `{unknown[0]}`; valid names: {valid}")
    return [by_name[n] for n in dict.fromkeys(names)] if names else list(scenes)
