"""Pictures older than their scene: `build` says so, since it publishes the files as they are.

An entry of `assets/.manifest.json` records the digest of each project file the scene was
drawn from. If one of them changed since, the author edited a scene and forgot to draw it:
a warning (an error under `--strict`), naming the scene file. If only mlguide's engine changed
(a new version), the pictures are still the author's intent, and a scene never drawn fails
any post that shows it on its own: notices.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mlguide.errors import Finding, MlguideError
from mlguide.fileio import read_error
from mlguide.paths import ProjectPaths
from mlguide.scenes.discover import discover
from mlguide.scenes.inputs import ImportGraph
from mlguide.scenes.outputs import damaged_manifest, unreadable_manifest
from mlguide.store.files import Digests
from mlguide.store.made import read_manifest
from mlguide.tokens import DARK, LIGHT, Palette, themed_key


def stale_scene_findings(
    paths: ProjectPaths, digests: Digests, palettes: tuple[Palette, Palette] = (LIGHT, DARK)
) -> list[Finding]:
    """`palettes`: the site's theme, which the pictures are drawn in (see `themed_key`)."""
    if not paths.scenes.is_dir():
        return []
    damaged = unreadable_manifest(paths.assets) or damaged_manifest(paths.assets)
    if damaged is not None:  # read as empty, every scene would look never drawn
        return [Finding("scenes", damaged.message, damaged.path, damaged.line)]
    manifest = read_manifest(paths.assets)
    graph = ImportGraph(paths.scenes)
    found = []
    for scene in discover(paths.scenes):
        made = manifest.get(scene.name)
        redraw = f"run `mlguide render-assets {scene.name}`"
        if made is None:
            # A post that shows its pictures fails on the missing file anyway.
            found.append(Finding("scenes", f"never drawn: {redraw}", scene.path, notice=True))
            continue
        changed = [
            path for path, sha in made.reads.items() if digests.sha256(paths.root / path) != sha
        ]
        unreadable = _unreadable(paths.root / path for path in changed)
        if unreadable is not None:  # not an edit: whether it changed is unknown
            found.append(Finding("scenes", unreadable.message, unreadable.path))
            continue
        imported = {
            p.relative_to(paths.root.resolve()).as_posix()
            for p in graph.inputs(scene.path)
            if p.is_relative_to(paths.root.resolve())
        }
        if changed or not imported <= set(made.reads):
            found.append(
                Finding("scenes", f"changed since its pictures were drawn: {redraw}", scene.path)
            )
        elif made.key != themed_key(graph.digest(scene.path), palettes):
            # The same scene in other colours: the theme changed since (a warning, as an edit).
            recoloured = made.key == graph.digest(scene.path) or palettes == (LIGHT, DARK)
            why = (
                "were drawn in other theme colours"
                if recoloured
                else "were drawn by another version of mlguide, or in other theme colours"
            )
            found.append(
                Finding(
                    "scenes", f"its pictures {why}: {redraw}", scene.path, notice=not recoloured
                )
            )
    return found


def _unreadable(files: Iterable[Path]) -> MlguideError | None:
    """Why the first of `files` that is there cannot be read (no permission), or None: its
    digest is unknown, and "changed since its pictures were drawn" would send the author to
    redraw a scene that cannot be drawn."""
    for path in files:
        try:
            with open(path, "rb"):
                pass
        except (PermissionError, IsADirectoryError) as exc:
            return read_error(exc, path)
        except OSError:
            continue  # gone: an edit (a data file deleted), said as a change
    return None
