"""Which scenes a project has: every `assets/scenes/*.py` whose name does not start with `_`.

The file name is the asset's name on the command line (`gif-03.py` is `gif-03`). Files
starting with `_` are the project's helper modules. Finding scenes reads no file, so listing
names and checking the cache stay fast.

Every `.py` there, helpers included, must be a regular file of the folder itself: Python
imports it and the cache key reads it, so a FIFO would hang both, a folder or a loop of links
fails inside the import machinery, and a link to a file elsewhere would import its helpers
from another folder than the one whose files make its cache key. Each is one error naming
the file, found by looking at the entries (`stat`), before any of them is read.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mlguide import limits
from mlguide.errors import MlguideError, raise_all
from mlguide.fileio import file_kind, size_text

NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
# What `render-assets` draws besides scenes, by the same kind of name: a scene so named would
# be shadowed by it (`render-assets cards` drew only the post cards, `--list` showed two).
RESERVED = {"cards": "the post cards"}


@dataclass(frozen=True)
class SceneFile:
    name: str
    path: Path


def discover(scenes_dir: Path) -> tuple[SceneFile, ...]:
    """The project's scenes, sorted by name; no folder means no scenes (not an error)."""
    if not scenes_dir.is_dir():
        return ()
    found = []
    entries = sorted(scenes_dir.glob("*.py"), key=lambda p: p.stem)
    raise_all([e for e in (_refused(path, scenes_dir) for path in entries) if e is not None])
    for path in entries:
        if path.name.startswith("_"):
            continue
        if not NAME.fullmatch(path.stem):
            raise MlguideError(
                "a scene's file name is its asset name: use lowercase letters, digits, `-` "
                "and `_` (files starting with `_` are helpers)",
                path,
            )
        if path.stem in RESERVED:
            raise MlguideError(
                f"`{path.stem}` is the name of {RESERVED[path.stem]} (`mlguide render-assets "
                f"{path.stem}` draws them): give the scene another file name",
                path,
            )
        found.append(SceneFile(path.stem, path.absolute()))
    return tuple(found)


def _refused(path: Path, scenes_dir: Path) -> MlguideError | None:
    """Why `path` cannot be imported as a scene or a helper, or None."""
    kind = file_kind(path)
    if kind is not None:
        return MlguideError(f"is {kind}, not a Python file: scenes and helpers are files", path)
    real = path.resolve()  # file_kind has seen it resolve: no loop
    if real.parent != scenes_dir.resolve():
        return MlguideError(
            f"a link to `{real}`, outside assets/scenes/: copy the file here (a scene imports "
            "its helpers from, and is cached by, its own folder)",
            path,
        )
    size = path.stat().st_size
    if size > limits.SCENE_BYTES:
        return MlguideError(
            f"the file is larger than {size_text(limits.SCENE_BYTES)}, the most a scene may be",
            path,
        )
    return None


def select(
    scenes: Sequence[SceneFile], names: Sequence[str], also: Sequence[str] = ()
) -> list[SceneFile]:
    """The scenes asked for, in the order asked (all when none are named). `also` names
    what the command draws besides scenes (the cards), so the message lists every name."""
    by_name = {s.name: s for s in scenes}
    unknown = list(dict.fromkeys(n for n in names if n not in by_name and n not in also))
    if unknown:
        known = [*by_name, *also]
        valid = ", ".join(known) or "none (add a scene to assets/scenes/)"
        raise MlguideError(f"{_unknown(unknown, known)}valid names: {valid}")
    wanted = [n for n in names if n in by_name]
    return [by_name[n] for n in dict.fromkeys(wanted)] if names else list(scenes)


def _unknown(unknown: Sequence[str], known: Sequence[str]) -> str:
    """Every name asked for that is no asset, each with its likely spelling: naming only the
    first made the author fix one typo per run."""
    if len(unknown) == 1:
        return f"unknown asset `{unknown[0]}`; {_close(unknown[0], known, '{}? ')}"
    listed = ", ".join(f"`{n}`{_close(n, known, ' ({}?)')}" for n in unknown)
    return f"unknown assets {listed}; "


def _close(name: str, known: Sequence[str], form: str) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
    return form.format(f"did you mean `{close[0]}`") if close else ""
