"""`mlguide render-assets`: draw the poster and GIFs, skipping what has not changed.

Each asset's inputs (its scene, the shared engine and kit, the tokens, the fonts and the
versions of the libraries that encode) are hashed; `assets/.manifest.json` records that hash
and the hash of every file written, so an unchanged asset is skipped and a hand-edited or
missing output is redrawn.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ..errors import MlguideError
from ..output import write_file_atomically
from ..scenes import ASSETS, BY_NAME, Asset

PACKAGE = Path(__file__).resolve().parent.parent
MANIFEST = ".manifest.json"
SHARED_INPUTS = (
    "render",
    "scenes/kit.py",
    "scenes/stages.py",
    "scenes/__init__.py",
    "tokens.py",
    "fonts",
)
LIBRARIES = ("pillow", "numpy")


@dataclass(frozen=True)
class AssetResult:
    asset: Asset
    rendered: bool
    sizes: tuple[int, ...]
    frames: int
    seconds: float


def select(names: Sequence[str]) -> list[Asset]:
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        valid = ", ".join(BY_NAME)
        raise MlguideError(f"unknown asset `{unknown[0]}`; valid names: {valid}")
    return [BY_NAME[n] for n in dict.fromkeys(names)] if names else list(ASSETS)


def input_hash(asset: Asset) -> str:
    h = hashlib.sha256()
    h.update(repr((asset.name, asset.files, asset.height)).encode())
    for lib in LIBRARIES:
        h.update(f"{lib}=={version(lib)}".encode())
    paths = [PACKAGE / p for p in SHARED_INPUTS] + [PACKAGE / "scenes" / f"{asset.module}.py"]
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.is_file() and f.suffix in (".py", ".otf", ".ttf"):
                h.update(f.relative_to(PACKAGE).as_posix().encode())
                h.update(f.read_bytes())
    return h.hexdigest()


def read_manifest(out_dir: Path) -> dict[str, Any]:
    path = out_dir / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        # A damaged manifest only costs a re-render: say so and carry on.
        print(
            f"warning: {path}: unreadable manifest ({exc}); rendering everything", file=sys.stderr
        )
        return {}
    return data if isinstance(data, dict) else {}


def is_current(asset: Asset, out_dir: Path, manifest: dict[str, Any], digest: str) -> bool:
    entry = manifest.get(asset.name)
    if not isinstance(entry, dict) or entry.get("inputs") != digest:
        return False
    outputs = entry.get("outputs", {})
    for name in asset.files:
        path = out_dir / name
        if not path.is_file() or outputs.get(name) != _sha(path.read_bytes()):
            return False
    return True


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render_asset_files(
    asset: Asset, progress: Callable[[int, int], None] | None = None
) -> tuple[dict[str, bytes], int]:
    """The bytes of every file of one asset (pure: nothing is written here)."""
    from ..render.animate import render_animation, render_still
    from ..tokens import DARK

    scene = asset.scene()
    if not asset.animated:
        return {asset.files[0]: render_still(scene)}, 1

    def half(offset: int) -> Callable[[int, int], None] | None:
        """Progress over both passes (light, then dark) as one bar."""
        if progress is None:
            return None
        return lambda done, total: progress(offset * total + done, 2 * total)

    light = render_animation(scene, half(0))
    dark = render_animation(scene, half(1), palette=DARK, with_gif=False)
    assert light.gif is not None
    data = (light.gif, light.webp, light.still, dark.webp, dark.still)
    return dict(zip(asset.files, data, strict=True)), light.frames


# --- parallel rendering with progress reported from the workers ------------------------------


def _work(asset_name: str, progress_queue: Any) -> tuple[str, dict[str, bytes], int, float]:
    start = time.perf_counter()
    asset = BY_NAME[asset_name]

    def report(done: int, total: int) -> None:
        if done % 5 == 0 or done == total:
            progress_queue.put((asset_name, done, total))

    files, frames = render_asset_files(asset, report)
    return asset_name, files, frames, time.perf_counter() - start


def render_assets(
    out_dir: Path,
    names: Sequence[str] = (),
    force: bool = False,
    jobs: int | None = None,
    show: Callable[[str, int, int], None] | None = None,
) -> list[AssetResult]:
    assets = select(names)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(out_dir)
    digests = {a.name: input_hash(a) for a in assets}
    todo = [a for a in assets if force or not is_current(a, out_dir, manifest, digests[a.name])]
    results = {
        a.name: AssetResult(a, False, tuple((out_dir / f).stat().st_size for f in a.files), 0, 0.0)
        for a in assets
        if a not in todo
    }
    if todo:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
        ctx = get_context("fork")
        # Biggest first keeps both cores busy to the end.
        order = sorted(todo, key=lambda a: (not a.animated, a.name))
        with ctx.Manager() as manager, ProcessPoolExecutor(workers, mp_context=ctx) as pool:
            q = manager.Queue()
            pending: set[Future[Any]] = {pool.submit(_work, a.name, q) for a in order}
            while pending:
                done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                _drain(q, show)
                for fut in done:
                    name, files, frames, seconds = fut.result()
                    _write(out_dir, name, files, digests[name], manifest)
                    if show is not None:
                        show(name, 1, 1)
                    results[name] = AssetResult(
                        BY_NAME[name], True, tuple(len(b) for b in files.values()), frames, seconds
                    )
    return [results[a.name] for a in assets]


def _drain(q: Any, show: Callable[[str, int, int], None] | None) -> None:
    while True:
        try:
            name, done, total = q.get_nowait()
        except queue.Empty:
            return
        if show is not None:
            show(name, done, total)


def _write(
    out_dir: Path, name: str, files: dict[str, bytes], digest: str, manifest: dict[str, Any]
) -> None:
    """Files first, manifest last: a crash in between only means a re-render next time."""
    for file_name, data in files.items():
        write_file_atomically(out_dir / file_name, data)
    manifest[name] = {"inputs": digest, "outputs": {f: _sha(b) for f, b in sorted(files.items())}}
    text = json.dumps(dict(sorted(manifest.items())), indent=2, sort_keys=True) + "\n"
    write_file_atomically(out_dir / MANIFEST, text.encode())
