"""Cards on disk: draw what is missing or stale into `<generated>/cards/`, skip the rest.

Each post's three cards are one entry of the folder's manifest (`mlguide.store.made`): the
key of what they show (`card_key` of each) and the digest of each file written. They are drawn
again when the key changed (their text, the code, fonts, tokens or library versions), when a
file is missing, or when a file is not the bytes recorded (edited by hand). Digests come from
the store's memo, so a build whose cards are current reads none of them. Files are written
atomically as they are drawn, and the manifest last, so an interrupted run costs a redraw at
most. PNGs in the folder that no request needs are removed: the folder belongs to mlguide.
When every card is current nothing at all is written.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mlguide.cards.key import card_key
from mlguide.cards.sizes import HERO, OG
from mlguide.cards.text import CardText, UncoveredText, check_coverage
from mlguide.errors import MlguideError, raise_all
from mlguide.fileio import write_file_atomically
from mlguide.store.files import Digests, file_state
from mlguide.store.made import Made, check_manifest_path, is_current, read_manifest, write_manifest
from mlguide.tokens import DARK, LIGHT, Palette
from mlguide.workers import worker_pool

FOLDER = "cards"
# A post's slug as a URL holds it (`tool-2.0`, `Foo_Bar` kept from an imported blog): never
# a path, so never a way out of the cards folder.
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")
PARALLEL_FROM = 8  # fewer cards than this are drawn here: a pool costs more than it saves
BATCH = 4  # cards per task sent to a worker

Progress = Callable[[int, int], None]
Job = tuple[str, CardText, tuple[int, int], Palette]  # file name, text, size, palette


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


def _kinds(light: Palette, dark: Palette) -> tuple[tuple[tuple[int, int], Palette], ...]:
    """What each of a post's card files is: its size and palette, in card_files' order."""
    return ((HERO, light), (OG, light), (HERO, dark))


def ensure_cards(
    generated: Path,
    cards: Sequence[CardRequest],
    jobs: int | None = None,
    progress: Progress | None = None,
    force: bool = False,
    digests: Digests | None = None,
    palettes: tuple[Palette, Palette] = (LIGHT, DARK),
) -> dict[str, CardFiles]:
    """Every requested card on disk and current; returns each slug's files. With `force`,
    every card is drawn again whatever the manifest says (`render-assets --force`).

    `progress(done, total)` is called as cards are drawn (`total` counts only those that
    need drawing). With `jobs` > 1 (default: one per CPU) and at least PARALLEL_FROM cards to
    draw, worker processes draw them. Cards whose text the fonts cannot draw are skipped;
    after everything else is done, their errors are raised together (UncoveredText, or an
    ErrorGroup of them), each at its post's front matter line when the request says where.
    `palettes` (light, dark) are the site's theme: a new accent redraws every card.
    """
    folder = generated / FOLDER
    digests = digests if digests is not None else Digests()  # the store's memo, or none
    _check_slugs(cards)
    check_manifest_path(folder)
    manifest = _records(folder)
    errors: list[MlguideError] = []
    wanted: dict[str, tuple[str, dict[str, Job]]] = {}  # slug -> (key, its files' jobs)
    kinds = _kinds(*palettes)
    for request in cards:
        try:
            check_coverage(request.text)
        except UncoveredText as exc:
            if exc.field != "site":
                errors.append(exc.at(request.source, request.lines.get(exc.field)))
            elif not any(e.field == "site" for e in errors if isinstance(e, UncoveredText)):
                errors.append(exc)  # the same for every post: said once, placed by the caller
            continue
        jobs_of = {
            name: (name, request.text, size, palette)
            for name, (size, palette) in zip(card_files(request.slug), kinds, strict=True)
        }
        keys = [card_key(text, size, palette) for _, text, size, palette in jobs_of.values()]
        wanted[request.slug] = (_joined(keys), jobs_of)
    todo = [
        job
        for slug, (key, jobs_of) in wanted.items()
        if force or not is_current(manifest.get(slug), key, folder, generated, digests)
        for job in jobs_of.values()
    ]
    drawn: dict[str, str] = {}  # file name -> digest
    for name, data in _draw_all(todo, jobs, progress):
        path = folder / name
        write_file_atomically(path, data)
        drawn[name] = _sha(data)
        digests.remember(path, file_state(path), drawn[name])
    for slug, (key, jobs_of) in wanted.items():
        if any(name in drawn for name in jobs_of):
            manifest[slug] = Made(key, {name: drawn[name] for name in jobs_of})
    keep = {name for r in cards for name in card_files(r.slug)}
    _remove_orphans(folder, keep)
    write_manifest(folder, {slug: manifest[slug] for slug in wanted if slug in manifest})
    raise_all(errors)
    out = {}
    for r in cards:
        names = card_files(r.slug)
        hero, og, dark = (folder / name for name in names)
        out[r.slug] = CardFiles(hero, og, any(n in drawn for n in names), dark)
    return out


def _records(folder: Path) -> dict[str, Made]:
    """The manifest's entries that can be a post's cards: its three file names, nothing
    read. Anything else in it (not JSON, a merge conflict left in it, JSON nested past
    Python's limit, an entry edited by hand to name `../x` or a NUL) is no record, so those
    cards are drawn again and the record written anew; never an error, never a traceback.

    Why redraw and not an error, as a damaged `assets/.manifest.json` is
    (`scenes.outputs.damaged_manifest`): there the record is what tells a scene's picture
    from the author's own file beside it, and without it a picture could be lost. This folder
    is mlguide's alone, every card in it can be drawn again from its post, and drawing one
    gives the same bytes: a redraw costs a second or two and loses nothing, while an error
    would ask the author to mend by hand a file the next build mends itself. A card is only
    ever replaced by the card its post asks for now; one that cannot be drawn (its text) is
    left as it is."""
    try:
        manifest = read_manifest(folder)
    except RecursionError:  # `[[[[…` deeper than Python's limit: not a record either
        return {}
    return {
        slug: made
        for slug, made in manifest.items()
        if SLUG.fullmatch(slug) and set(made.outputs) == set(card_files(slug)) and not made.reads
    }


def _joined(keys: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()


def _check_slugs(cards: Sequence[CardRequest]) -> None:
    seen: set[str] = set()
    for r in cards:
        if not SLUG.fullmatch(r.slug):
            raise ValueError(f"a card's slug is letters, digits, `.`, `_`, `~` and `-`: {r.slug!r}")
        if r.slug in seen:
            raise ValueError(f"two cards requested for the slug {r.slug!r}")
        seen.add(r.slug)


def _remove_orphans(folder: Path, keep: set[str]) -> None:
    if not folder.is_dir():
        return
    for path in folder.glob("*.png"):
        if path.name not in keep:
            path.unlink(missing_ok=True)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- drawing, here or in worker processes ---------------------------------------------------


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
