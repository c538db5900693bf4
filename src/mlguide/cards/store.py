"""Cards on disk: draw what is missing or stale into `<generated>/cards/`, skip the rest.

`<generated>/cards/.manifest.json` records, for every file, the key of what it shows
(`card_key`) and the hash of the bytes written. A card is drawn again when its key changed
(its text, the code, fonts, tokens or library versions), when its file is missing, or when
the file is not the bytes recorded (edited by hand). Files are written atomically, one by
one as they are drawn, and the manifest last, so an interrupted run costs a redraw at most.
PNGs in the folder that no request needs are removed: the folder belongs to mlguide. When
every card is current nothing at all is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlguide.cards.key import card_key
from mlguide.cards.sizes import HERO, OG
from mlguide.cards.text import CardText, UncoveredText, check_coverage
from mlguide.errors import MlguideError, raise_all
from mlguide.fileio import write_file_atomically
from mlguide.images import file_state, inspect_image
from mlguide.tokens import DARK, LIGHT, Palette
from mlguide.workers import worker_pool

FOLDER = "cards"
MANIFEST = ".manifest.json"
# A post's slug as a URL holds it (`tool-2.0`, `Foo_Bar` kept from an imported blog): never
# a path, so never a way out of the cards folder.
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")
PARALLEL_FROM = 8  # fewer cards than this are drawn here: a pool costs more than it saves
BATCH = 4  # cards per task sent to a worker

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CardRequest:
    """One post's cards. `source` and `lines` (front matter key -> line, e.g. the post's
    `meta.lines`) only place errors: a title the fonts cannot draw is reported at
    `source:lines["title"]`, a tag at `lines["tags"]`. The site's name is not the post's, so
    its error carries no place; check it once against the config (see `check_coverage`)."""

    slug: str
    text: CardText
    source: Path | None = None
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class CardFiles:
    hero: Path  # 1200x600, for the top of the post
    og: Path  # 1200x630, for og:image
    drawn: bool  # at least one of them was drawn by this call
    hero_dark: Path | None = None  # the hero in the dark palette, for dark mode


def card_files(slug: str) -> tuple[str, str, str]:
    """The file names of a post's hero, social card and dark hero inside `<generated>/cards/`.
    The social card has no dark variant: networks show one picture to everyone."""
    hero = f"{slug}-{HERO[0]}x{HERO[1]}"
    return f"{hero}.png", f"{slug}-{OG[0]}x{OG[1]}.png", f"{hero}-dark.png"


# What each of a post's card files is: its size and palette, in card_files' order.
_KINDS = ((HERO, LIGHT), (OG, LIGHT), (HERO, DARK))


def ensure_cards(
    generated: Path,
    cards: Sequence[CardRequest],
    jobs: int | None = None,
    progress: Progress | None = None,
    force: bool = False,
    checked: Path | None = None,
) -> dict[str, CardFiles]:
    """Every requested card on disk and current; returns each slug's files. With `force`,
    every card is drawn again whatever the manifest says (`render-assets --force`).

    `checked` is a file in the project's cache that remembers each card's file state (see
    `images.file_state`) from when its bytes last matched the manifest, so a build whose
    cards are all current reads none of them (3,000 files for a 1,000-post blog).

    `progress(done, total)` is called as cards are drawn (`total` counts only those that
    need drawing). With `jobs` > 1 (default: one per CPU) and at least PARALLEL_FROM cards to
    draw, worker processes draw them. Cards whose text the fonts cannot draw are skipped;
    after everything else is done, their errors are raised together (UncoveredText, or an
    ErrorGroup of them), each at its post's front matter line when the request says where.
    """
    folder = generated / FOLDER
    _check_slugs(cards)
    manifest = _read_manifest(folder)
    errors: list[MlguideError] = []
    wanted: dict[str, tuple[str, CardText, tuple[int, int], Palette]] = {}
    for request in cards:
        try:
            check_coverage(request.text)
        except UncoveredText as exc:
            if exc.field != "site":
                errors.append(exc.at(request.source, request.lines.get(exc.field)))
            elif not any(e.field == "site" for e in errors if isinstance(e, UncoveredText)):
                errors.append(exc)  # the same for every post: said once, placed by the caller
            continue
        for name, (size, palette) in zip(card_files(request.slug), _KINDS, strict=True):
            wanted[name] = (card_key(request.text, size, palette), request.text, size, palette)
    known = _read_checked(checked) if checked else {}
    before = dict(known)
    todo = [
        (name, text, size, palette)
        for name, (key, text, size, palette) in wanted.items()
        if force or not _current(folder / name, manifest.get(name), key, known)
    ]
    drawn = set()
    for name, data in _draw_all(todo, jobs, progress):
        write_file_atomically(folder / name, data)
        manifest[name] = {"key": wanted[name][0], "sha256": _sha(data)}
        _remember(known, folder / name, manifest[name]["sha256"])
        drawn.add(name)
    keep = {name for r in cards for name in card_files(r.slug)}
    _remove_orphans(folder, keep)
    _write_manifest(folder, {name: manifest[name] for name in sorted(manifest) if name in wanted})
    if checked:
        _write_checked(checked, {n: v for n, v in known.items() if n in wanted}, before)
    raise_all(errors)
    out = {}
    for r in cards:
        names = card_files(r.slug)
        hero, og, dark = (folder / name for name in names)
        out[r.slug] = CardFiles(hero, og, any(n in drawn for n in names), dark)
    return out


def _check_slugs(cards: Sequence[CardRequest]) -> None:
    seen: set[str] = set()
    for r in cards:
        if not SLUG.fullmatch(r.slug):
            raise ValueError(f"a card's slug is letters, digits, `.`, `_`, `~` and `-`: {r.slug!r}")
        if r.slug in seen:
            raise ValueError(f"two cards requested for the slug {r.slug!r}")
        seen.add(r.slug)


def _current(path: Path, entry: Any, key: str, known: dict[str, list[Any]]) -> bool:
    """The file holds exactly the bytes recorded for exactly this key: known from its file
    state when it has not changed since it was last checked, else asked through the image
    lookup, which the pages ask next (so a card is read once per build, not twice)."""
    if not isinstance(entry, dict) or entry.get("key") != key:
        return False
    sha = entry.get("sha256")
    state = file_state(path)
    if state is not None and known.get(path.name) == [*state, sha]:
        return True
    try:
        current = inspect_image(path).sha256 == sha
    except (OSError, RuntimeError, MlguideError):  # gone, a symlink loop, not a picture
        return False
    if current:
        _remember(known, path, sha)
    return current


def _remember(known: dict[str, list[Any]], path: Path, sha: Any) -> None:
    state = file_state(path)
    if state is not None:
        known[path.name] = [*state, sha]


def _read_checked(path: Path) -> dict[str, list[Any]]:
    """A missing or damaged record only means the cards are read once more."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, list) and len(v) == 5}


def _write_checked(path: Path, known: dict[str, list[Any]], before: dict[str, list[Any]]) -> None:
    if known == before:
        return
    with contextlib.suppress(OSError, MlguideError):  # a cache: a build never fails for it
        write_file_atomically(path, json.dumps(known, sort_keys=True).encode(), durable=False)


def _read_manifest(folder: Path) -> dict[str, Any]:
    """The recorded cards; a missing or damaged manifest only means every card is drawn."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Only when it changed: nothing in the folder is touched when every card is current
    (`serve` watches assets/, and a rewrite would look like an edit)."""
    data = (json.dumps(manifest, indent=2) + "\n").encode()
    path = folder / MANIFEST
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        if not manifest:
            return  # no cards and no manifest yet: create nothing
    write_file_atomically(path, data)


def _remove_orphans(folder: Path, keep: set[str]) -> None:
    if not folder.is_dir():
        return
    for path in folder.glob("*.png"):
        if path.name not in keep:
            path.unlink(missing_ok=True)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- drawing, here or in worker processes ---------------------------------------------------

Job = tuple[str, CardText, tuple[int, int], Palette]


def _draw_all(
    todo: list[Job], jobs: int | None, progress: Progress | None
) -> Iterator[tuple[str, bytes]]:
    if not todo:
        return
    from mlguide.cards.draw import card_png

    workers = max(1, min(jobs or os.cpu_count() or 1, -(-len(todo) // BATCH)))
    if workers == 1 or len(todo) < PARALLEL_FROM:
        for done, (name, text, size, palette) in enumerate(todo, 1):
            yield name, card_png(text, size, palette)
            if progress is not None:
                progress(done, len(todo))
        return
    batches = [todo[i : i + BATCH] for i in range(0, len(todo), BATCH)]
    done = 0
    with worker_pool(workers) as pool:
        for drawn in pool.imap_unordered(_draw_batch, batches):
            for name, data in drawn:
                yield name, data
                done += 1
                if progress is not None:
                    progress(done, len(todo))


def _draw_batch(batch: list[Job]) -> list[tuple[str, bytes]]:
    from mlguide.cards.draw import card_png

    return [(name, card_png(text, size, palette)) for name, text, size, palette in batch]
