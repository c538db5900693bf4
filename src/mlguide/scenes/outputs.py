"""Where a scene may write: plain names inside `assets/`, never a file it does not own.

A scene's `FIGURE` names its files (`Still("…", file="poster.png")`). Taken as given, a name
like `../content/welcome.md`, `../mlguide.yml` or `/etc/x` wrote a PNG over the author's work
or outside the project. So:

- a figure's `file=` is a plain name: letters, digits, `.`, `-` and `_`, not starting with a
  dot, at most `limits.OUTPUT_NAME_CHARS` characters; a still's ends in `.png` (what it is);
- every file lands in `assets/` itself, never in a folder below or above it;
- no two scenes write the same file;
- a file already in `assets/` is written only if a scene drew it (the manifest records what
  each scene wrote): a picture you put there yourself is never overwritten, and a folder, a
  link or a pipe under that name is refused.

The first two are checked when the scene is loaded (`figure_problem`), at the `FIGURE =`
line; the last two just before anything is written (`refused_outputs`), against every scene.
"""

from __future__ import annotations

import ast
import json
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mlguide import limits
from mlguide.errors import MlguideError
from mlguide.fileio import open_regular, read_file
from mlguide.store.made import MANIFEST, Made

if TYPE_CHECKING:  # the drawing engine is imported only where a scene is looked at
    from mlguide.scene import Figure

PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def figure_problem(figure: Figure) -> str | None:
    """What is wrong with a figure's declared size, frame rate or file name, or None."""
    from mlguide.scene import Animation  # `build` checks the manifest without the engine

    size = figure.size
    if (
        not isinstance(size, tuple)
        or len(size) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in size)
    ):
        return f"`size` must be two whole numbers of pixels, like (1200, 600), not {size!r}"
    if not all(1 <= v <= limits.SCENE_SIDE for v in size):
        return (
            f"`size` {size[0]}x{size[1]}: each side must be between 1 and "
            f"{limits.SCENE_SIDE:,} pixels"
        )
    if isinstance(figure, Animation):
        fps = figure.fps
        if not isinstance(fps, int) or isinstance(fps, bool) or not 1 <= fps <= limits.SCENE_FPS:
            return f"`fps` must be a whole number from 1 to {limits.SCENE_FPS}, not {fps!r}"
    return _file_problem(figure)


def _file_problem(figure: Figure) -> str | None:
    from mlguide.scene import Still

    name = figure.file
    if not isinstance(name, str):
        return f"`file` must be a file name, not {name!r}"
    if not name:
        return None  # the scene's own name, which discovery has checked
    if len(name) > limits.OUTPUT_NAME_CHARS:
        return f"`file` is {len(name)} characters long: keep it to {limits.OUTPUT_NAME_CHARS}"
    if not PLAIN_NAME.fullmatch(name):
        return (
            f"`file` {name!r} must be a plain file name (letters, digits, `.`, `-`, `_`): a "
            "scene writes only into assets/, never into another folder"
        )
    if isinstance(figure, Still) and not name.lower().endswith(".png"):
        return f"`file` {name!r}: a Still is a PNG, so its name ends in `.png`"
    return None


def recorded_files(manifest: Mapping[str, Made]) -> dict[str, tuple[str, ...]]:
    """Each scene's files as the manifest records them."""
    return {scene: tuple(made.outputs) for scene, made in manifest.items()}


def refused_outputs(
    assets: Path,
    drawn: Mapping[str, tuple[Path, Sequence[str]]],
    recorded: Mapping[str, Iterable[str]],
    scenes: Iterable[str],
) -> dict[str, MlguideError]:
    """The scenes among `drawn` (name -> its file and the files it is about to write) that
    may not write them, each with the reason, at its `FIGURE =` line. `recorded` is what the
    manifest says each scene wrote before; `scenes` are the project's scenes now."""
    current = set(scenes)
    owners: dict[str, set[str]] = {}  # file -> the scenes that claim it now
    for scene, files in recorded.items():
        if scene in current and scene not in drawn:  # still drawn as recorded
            for name in files:
                owners.setdefault(name, set()).add(scene)
    for scene, (_, files) in drawn.items():
        for name in files:
            owners.setdefault(name, set()).add(scene)
    ever_drawn = {name for files in recorded.values() for name in files}
    refused: dict[str, MlguideError] = {}
    for scene, (path, files) in sorted(drawn.items()):
        for name in files:
            problem = _claim_problem(assets, name, scene, owners[name], ever_drawn)
            if problem is not None:
                refused[scene] = MlguideError(problem, path, figure_line(path))
                break
    return refused


def _claim_problem(
    assets: Path, name: str, scene: str, owners: set[str], ever_drawn: set[str]
) -> str | None:
    others = sorted(owners - {scene})
    if others:
        return (
            f"`{name}` is also written by the scene `{others[0]}`: give one of them another `file=`"
        )
    if not PLAIN_NAME.fullmatch(name):  # pragma: no cover - figure_problem refused it
        return f"`{name}` is not a plain file name inside assets/"
    target = assets / name
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot look at `assets/{name}`: {exc.strerror}"
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a link?)"
        return f"`assets/{name}` is {kind}: a scene writes only over pictures it drew"
    if name not in ever_drawn:
        return (
            f"`assets/{name}` exists and no scene drew it (assets/.manifest.json records what "
            "scenes write): give the figure another `file=`, or delete the file if a scene "
            "made it"
        )
    return None


def figure_line(path: Path) -> int | None:
    """The line of `FIGURE =` in a scene file (None when it cannot be found)."""
    try:
        tree = ast.parse(read_file(path, limits.SCENE_BYTES), str(path))
    except (MlguideError, SyntaxError, ValueError):
        return None
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id == "FIGURE" for t in targets):
            return node.lineno
    return None


def unreadable_manifest(assets: Path) -> MlguideError | None:
    """`assets/.manifest.json` that is there but cannot be opened (no permission, a link to
    nothing), or None. The store reads it as empty, so every scene was drawn again and each
    of its pictures called the author's own file ("delete the file if a scene made it"); even
    `--force` would replace a record it could not read. Nothing is drawn until it can be."""
    path = assets / MANIFEST
    if not os.path.lexists(path):
        return None  # nothing drawn yet
    try:
        with open_regular(path):
            return None
    except MlguideError as exc:
        return exc


REDRAW_ALL = "`mlguide render-assets --force` draws every scene again and writes it anew"


def damaged_manifest(assets: Path) -> MlguideError | None:
    """`assets/.manifest.json` that is there but cannot be read as entries (a merge conflict
    left in it, a truncated file). The store reads it as empty, which made every picture look
    like the author's own file ("no scene drew it ... delete the file"): say what is wrong
    with the manifest instead."""
    path = assets / MANIFEST
    try:
        text = read_file(path, limits.DATA_BYTES).decode("utf-8")
    except MlguideError:
        return None  # missing (nothing drawn yet) or unreadable: unreadable_manifest says so
    except UnicodeDecodeError:
        return MlguideError(f"not UTF-8 text: {REDRAW_ALL}", path, 1)
    try:
        data = json.loads(text)
    except RecursionError:  # `[[[[…` deeper than Python's limit: no record either
        return MlguideError(f"not the scenes' entries (nested too deep): {REDRAW_ALL}", path, 1)
    except json.JSONDecodeError as exc:
        conflict = " (a merge conflict?)" if "<<<<<<<" in text or ">>>>>>>" in text else ""
        line = exc.lineno
        if conflict:
            line = next(
                i for i, x in enumerate(text.splitlines(), 1) if x.startswith(("<<", "==", ">>"))
            )
        return MlguideError(f"not valid JSON{conflict}: {exc.msg}; {REDRAW_ALL}", path, line)
    if not isinstance(data, dict):
        kind = type(data).__name__
        return MlguideError(f"holds a {kind}, not the scenes' entries: {REDRAW_ALL}", path, 1)
    return None
