"""`mlguide render-assets`: draw the project's scenes into assets/, skipping what has not changed.

Scenes are found in `assets/scenes/` by file name. Each asset's key (its scene file, the
project modules it imports, and the engine's code fingerprint: `scenes/inputs.py`) is made
without running any scene; `assets/.manifest.json` (the store's format for files made in the
project: `mlguide.store.made`) records it with the digest of every file written, so an
unchanged asset is skipped and a hand-edited or missing output is redrawn. Data files a scene
asks for while it is drawn (`scene.data(...)`, scenes/reads.py) are recorded in its entry's
`reads`, so editing one draws it again. A scene that fails
is reported at its line and its old files stay as they were; the other scenes still render.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from mlguide.cards.store import card_files
from mlguide.errors import Finding, MlguideError, display_path
from mlguide.fileio import write_file_atomically
from mlguide.paths import SHEETS_DIR, ProjectPaths
from mlguide.scenes import deadline
from mlguide.scenes.deadline import STUCK_EXIT, stop_process_when_stuck
from mlguide.scenes.discover import RESERVED, SceneFile, discover, select
from mlguide.scenes.inputs import ImportGraph, source_reads
from mlguide.scenes.outputs import (
    damaged_manifest,
    recorded_files,
    refused_outputs,
    unreadable_manifest,
)
from mlguide.site.config.loader import load_config
from mlguide.store.files import file_state
from mlguide.store.made import Made, check_manifest_path, is_current, read_manifest, write_manifest
from mlguide.store.store import Store, open_store
from mlguide.tokens import Palette, themed_key
from mlguide.workers import WorkerDied, worker_pool

Show = Callable[[str, int, int], None]


@dataclass(frozen=True)
class AssetResult:
    name: str
    rendered: bool
    sizes: tuple[int, ...]  # bytes of each file, in the order the figure declares them
    frames: int = 0
    seconds: float = 0.0
    error: MlguideError | None = None  # the scene failed: nothing of it was written
    findings: tuple[Finding, ...] = ()  # warnings (a label the fonts cannot draw)
    files: tuple[str, ...] = ()  # the names in assets/ the sizes are of


# What `render-assets` draws besides scenes (commands/cards.py): named in its messages.
OTHER_NAMES = tuple(RESERVED)


def card_file_names() -> str:
    """What `--list` shows of the cards: every file a post's cards are written to, from the
    one place that names them, so a new one (the dark hero) is never left out."""
    return "generated/cards/" + ", ".join(card_files("<slug>"))


def render_assets(
    paths: ProjectPaths,
    names: Sequence[str] = (),
    force: bool = False,
    jobs: int | None = None,
    show: Show | None = None,
) -> list[AssetResult]:
    """Render what changed (everything with `force`), in parallel; one result per asset."""
    scenes = select(discover(paths.scenes), names, also=OTHER_NAMES)
    out_dir = paths.assets
    check_manifest_path(out_dir)
    unreadable = unreadable_manifest(out_dir)
    if unreadable is not None:  # read as empty, every picture looked like the author's own
        raise unreadable
    damaged = damaged_manifest(out_dir)
    if damaged is not None and not force:
        raise damaged  # read as empty, every picture looked like the author's own file
    store = open_store(paths.cache, paths.root)
    manifest = read_manifest(out_dir) if damaged is None else {}  # no record: all drawn anew
    graph = ImportGraph(paths.scenes)
    palettes = theme_palettes(paths)
    keys: dict[str, str] = {}
    results: dict[str, AssetResult] = {}
    for s in scenes:
        try:
            keys[s.name] = themed_key(graph.digest(s.path), palettes)
        except MlguideError as exc:  # a file it is made from cannot be read: its error alone
            results[s.name] = AssetResult(s.name, False, (), error=exc)
    todo = []
    for s in scenes:
        if s.name not in keys:
            continue
        made = manifest.get(s.name)
        if force or not is_current(made, keys[s.name], out_dir, paths.root, store.digests):
            todo.append(s)
        else:
            assert made is not None
            sizes = tuple(_size(out_dir / name) for name in made.outputs)
            results[s.name] = AssetResult(s.name, False, sizes, files=tuple(made.outputs))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    rendered = _in_workers(todo, workers, show, palettes) if todo else []
    drawn = {
        n: (paths.scenes / f"{n}.py", tuple(o[0])) for n, o in rendered if isinstance(o, tuple)
    }
    everyone = [s.name for s in discover(paths.scenes)]  # the scenes not drawn now claim too
    # A damaged manifest redrawn with --force: each scene's declared files count as its own.
    recorded = recorded_files(manifest) if damaged is None else {n: d[1] for n, d in drawn.items()}
    refused = refused_outputs(out_dir, drawn, recorded, everyone)
    for name, outcome in rendered:
        outcome = refused.get(name, outcome)  # a file it may not write: nothing is written
        if isinstance(outcome, MlguideError):
            results[name] = AssetResult(name, False, (), error=outcome)
            continue
        files, frames, seconds, findings, data_files = outcome
        for file_name, data in files.items():
            write_file_atomically(out_dir / file_name, data)
        sources = [*graph.inputs(_scene(scenes, name).path), *data_files]
        reads = source_reads(paths, sources, store.digests)
        _record(paths, manifest, name, files, keys[name], reads, store)
        if show is not None:  # only now: a scene whose files were refused is not done
            show(name, 1, 1)
        sizes = tuple(len(data) for data in files.values())
        results[name] = AssetResult(
            name, True, sizes, frames, seconds, findings=findings, files=tuple(files)
        )
    store.save_digests()
    return [results[s.name] for s in scenes]


def theme_palettes(paths: ProjectPaths) -> tuple[Palette, Palette]:
    """The site's light and dark palettes (`theme:` in mlguide.yml): scenes are drawn in them."""
    tokens = load_config(paths.config).theme.tokens
    return tokens.light, tokens.dark


def _scene(scenes: Sequence[SceneFile], name: str) -> SceneFile:
    return next(s for s in scenes if s.name == name)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def draw_now(
    paths: ProjectPaths,
    name: str,
    on_preview: Callable[[list[Path]], None] | None = None,
) -> AssetResult:
    """Draw one asset now, in this process, whatever the manifest says: for `serve`, after a
    save. The light WebP and still are written first and `on_preview` gets their paths (a
    page can show them), then the GIF and the dark variants, then the manifest entry.
    Raises MlguideError at the scene's line; nothing is written then."""
    from mlguide.scenes.draw import draw_files
    from mlguide.scenes.load import load_asset
    from mlguide.scenes.reads import reading_data

    (scene,) = select(discover(paths.scenes), [name], also=OTHER_NAMES)
    start = time.perf_counter()
    graph = ImportGraph(paths.scenes)
    store = open_store(paths.cache, paths.root)
    palettes = theme_palettes(paths)
    key = themed_key(graph.digest(scene.path), palettes)  # before drawing: a save may follow
    sources = graph.inputs(scene.path)
    drawn: dict[str, bytes] = {}
    frames = 1
    findings: list[Finding] = []
    from mlguide.scenes.load import author_errors

    with author_errors(scene.path), reading_data() as data_files:
        asset = load_asset(scene)
        damaged = unreadable_manifest(paths.assets) or damaged_manifest(paths.assets)
        if damaged is not None:
            raise damaged
        manifest = read_manifest(paths.assets)
        claim = {name: (scene.path, asset.files)}
        scene_names = [s.name for s in discover(paths.scenes)]
        for error in refused_outputs(
            paths.assets, claim, recorded_files(manifest), scene_names
        ).values():
            raise error
        for file in draw_files(asset, warn=findings.append, palettes=palettes):
            write_file_atomically(paths.assets / file.name, file.data)
            drawn[file.name], frames = file.data, file.frames
            if on_preview is not None and len(drawn) == min(2, len(asset.files)):
                on_preview([paths.assets / f for f in drawn])
    reads = source_reads(paths, [*sources, *data_files.files], store.digests)
    files = {f: drawn[f] for f in asset.files}
    _record(paths, read_manifest(paths.assets), name, files, key, reads, store)
    store.save_digests()
    sizes = tuple(len(data) for data in files.values())
    seconds = time.perf_counter() - start
    return AssetResult(
        name, True, sizes, frames, seconds, findings=tuple(findings), files=tuple(files)
    )


def size_lines(result: AssetResult, assets: Path) -> list[str]:
    """One line per picture an asset drew: where it is and how big, its dark variant beside
    it (`assets/x.webp  75 KB (light), 76 KB (dark)`), so the summary says what each number
    is. Names the figure did not declare a dark twin for stand alone."""
    sizes = dict(zip(result.files, result.sizes, strict=True))
    dark_of = {f: light for f in result.files for light in _lights_of(f) if light in sizes}
    rows = []
    for name in result.files:
        if name in dark_of:
            continue  # shown beside its light twin
        twin = next((f for f, light in dark_of.items() if light == name), None)
        dark = f" (light), {_kb(sizes[twin])} (dark)" if twin is not None else ""
        rows.append((display_path(assets / name), _kb(sizes[name]), dark))
    width = max((len(where) for where, _, _ in rows), default=0)
    return [f"  {where:<{width}}  {size:>6}{dark}" for where, size, dark in rows]


def _lights_of(name: str) -> list[str]:
    """The names `name` is the dark variant of, if it is one: `x-dark.webp` -> `x.webp`,
    `x-narrow-dark-still.png` -> `x-narrow-still.png`."""
    return [
        name[:i] + name[i + 5 :] for i in _find_all(name, "-dark") if name[i + 5 : i + 6] in "-."
    ]


def _find_all(text: str, part: str) -> list[int]:
    return [i for i in range(len(text)) if text.startswith(part, i)]


def _kb(size: int) -> str:
    return f"{size / 1024:.0f} KB"


@dataclass(frozen=True)
class Listing:
    name: str
    description: str
    files: tuple[str, ...]
    error: MlguideError | None = None


def list_assets(paths: ProjectPaths, names: Sequence[str] = ()) -> list[Listing]:
    """What each scene declares (its scene file runs; its layout does not)."""
    from mlguide.scenes.load import author_errors, load_asset

    out = []
    for scene in select(discover(paths.scenes), names, also=OTHER_NAMES):
        try:
            with author_errors(scene.path):
                asset = load_asset(scene)
        except MlguideError as exc:
            out.append(Listing(scene.name, "", (), exc))
            continue
        out.append(Listing(scene.name, asset.description, asset.files))
    return out


Sheet = tuple[str, Path | MlguideError]


def write_sheets(paths: ProjectPaths, names: Sequence[str] = ()) -> list[Sheet]:
    """A contact sheet of key frames per scene, into the cache folder (not published)."""
    from mlguide.engine.sheet import contact_sheet
    from mlguide.scenes.load import author_errors, build_scene, load_asset

    out: list[Sheet] = []
    palette = theme_palettes(paths)[0]
    for scene in select(discover(paths.scenes), names, also=OTHER_NAMES):
        try:
            with author_errors(scene.path):
                data = contact_sheet(build_scene(load_asset(scene)), palette=palette)
        except MlguideError as exc:
            out.append((scene.name, exc))
            continue
        target = paths.cache / SHEETS_DIR / f"{scene.name}.png"
        write_file_atomically(target, data)
        out.append((scene.name, target))
    return out


# --- drawing, here or in worker processes ---------------------------------------------------

# The files, in the declared order; distinct frames; seconds; warnings; the data files read.
Outcome = tuple[dict[str, bytes], int, float, tuple[Finding, ...], tuple[Path, ...]] | MlguideError


def _draw(
    scene: SceneFile,
    progress: Callable[[int, int], None] | None,
    palettes: tuple[Palette, Palette],
) -> Outcome:
    """Every file of one scene, or the error that stopped it (at the author's line)."""
    from mlguide.scenes.draw import draw_files
    from mlguide.scenes.load import author_errors, load_asset
    from mlguide.scenes.reads import reading_data

    start = time.perf_counter()
    findings: list[Finding] = []
    try:
        # Any failure is this scene's alone (the others are still drawn), at its line.
        with author_errors(scene.path), reading_data() as reads:
            asset = load_asset(scene)
            drawn = {f.name: f for f in draw_files(asset, progress, findings.append, palettes)}
    except MlguideError as exc:
        return exc
    files = {name: drawn[name].data for name in asset.files}  # in the declared order
    frames = drawn[asset.files[0]].frames
    return files, frames, time.perf_counter() - start, tuple(findings), tuple(reads.files)


_progress: Any = None  # each worker's end of the progress queue (set as the worker starts)
_palettes: Any = None  # and the site's palettes


def _init_worker(progress_queue: Any, palettes: tuple[Palette, Palette]) -> None:
    global _progress, _palettes
    _progress, _palettes = progress_queue, palettes


def _work(scene: SceneFile) -> tuple[str, Outcome]:
    def report(done: int, total: int) -> None:
        if done % 5 == 0 or done == total:
            _progress.put((scene.name, done, total))

    with stop_process_when_stuck():  # a call that never returns: this worker ends
        return scene.name, _draw(scene, report, _palettes)


def _in_workers(
    todo: Sequence[SceneFile], workers: int, show: Show | None, palettes: tuple[Palette, Palette]
) -> list[tuple[str, Outcome]]:
    """Scenes are drawn in worker processes, one too with `-j 1`: a scene that ends its
    process (`os._exit`, a crash in C) or is stuck in a call that never returns (ended by its
    watchdog, scenes/deadline.py) is that scene's error, and the scenes not yet drawn go on
    in a new pool. In this process, `os._exit` ended mlguide silently, and a `time.sleep`
    of days held it for days. A fork costs a few milliseconds, not seen beside a scene's
    drawing (measured: docs/pictures.md)."""
    out: list[tuple[str, Outcome]] = []
    left = list(todo)
    while left:
        try:
            _in_pool(left, workers, show, palettes, out)
        except WorkerDied as exc:
            if not exc.working:
                raise
            for scene in exc.working:
                out.append((scene.name, MlguideError(_ended(exc.exitcode), scene.path)))
        finished = {name for name, _ in out}
        left = [s for s in left if s.name not in finished]
    return out


def _ended(exitcode: int | None) -> str:
    """Why the process drawing a scene ended before it was done."""
    clock = STUCK_EXIT.get(exitcode) if exitcode is not None else None
    if clock is not None:
        seconds = deadline.WALL_SECONDS if clock == "wall-clock time" else deadline.SCENE_SECONDS
        return (
            f"the scene did not finish in {seconds:g} s of {clock}: it is inside one call "
            "that does not return (`time.sleep`, `input()`, a network read?); a scene's code "
            "is stopped at this limit"
        )
    return (
        f"the process drawing this scene ended (exit {exitcode}) before it was "
        "done: a scene must not end the program (`os._exit`), or the engine crashed"
    )


def _in_pool(
    todo: Sequence[SceneFile],
    workers: int,
    show: Show | None,
    palettes: tuple[Palette, Palette],
    out: list[tuple[str, Outcome]],
) -> None:
    q = get_context("fork").SimpleQueue()  # inherited by the forked workers
    with worker_pool(min(workers, len(todo)), _init_worker, (q, palettes)) as pool:
        for name, outcome in pool.imap_unordered(_work, todo, tick=lambda: _drain(q, show)):
            _drain(q, show)
            out.append((name, outcome))
        _drain(q, show)


def _drain(q: Any, show: Show | None) -> None:
    """Progress, short of the end: a scene is done when its files are written (or refused:
    then it never is), which `render_assets` says."""
    while not q.empty():
        name, done, total = q.get()
        if show is not None and done < total:
            show(name, done, total)


def _record(
    paths: ProjectPaths,
    manifest: dict[str, Made],
    name: str,
    files: dict[str, bytes],
    key: str,
    reads: dict[str, str],
    store: Store,
) -> None:
    """Write the manifest after the files (a crash in between only costs a re-render): what
    `name` was drawn from and its files, in the order the figure declares them. Entries of
    scenes that no longer exist are dropped."""
    outputs = {}
    for file_name, data in files.items():
        sha = hashlib.sha256(data).hexdigest()
        path = paths.assets / file_name
        store.digests.remember(path, file_state(path), sha)
        outputs[file_name] = sha
    manifest[name] = Made(key, outputs, reads)
    known = {s.name for s in discover(paths.scenes)}
    write_manifest(paths.assets, {k: v for k, v in manifest.items() if k in known})
