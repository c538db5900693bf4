"""A content-addressed cache of rendered post pages, so unchanged pages are not parsed again.

An entry's key is the post's bytes plus everything else that shapes its page: the site's
fingerprint (mlguide's code, the templates and static files, the config, the library
versions) and every field of every other post its template is given (previous/next, related,
tags and their posts). Inside the entry are the page's other inputs as they were (every image
file looked at, every post a link resolved to): the entry is used only while all of them are
unchanged. A cache hit therefore gives the very bytes a fresh render would; a test builds both
ways and compares every file.

Entries are checksummed: a corrupt or truncated one is a miss and is rewritten. The cache never
fails a build: what cannot be read, written or removed is a miss or is left alone. It is pruned
after each build so it never exceeds twice the size of the site.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import os
import pickle
import stat
import typing
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from itertools import chain
from pathlib import Path
from typing import Any

from .content import Source
from .images import file_state
from .metadata import PostMeta
from .postpage import RenderedPost, Site, link_target
from .templating import DEFAULT_TEMPLATES

FORMAT = b"mlguide-page-cache-1\n"
PACKAGE = Path(__file__).resolve().parent
# Whatever shapes a page's bytes besides mlguide's own code.
LIBRARIES = (
    "markdown-it-py",
    "mdit-py-plugins",
    "pygments",
    "jinja2",
    "markupsafe",
    "latex2mathml",
    "anyascii",
    "pillow",
)
_SKIP_FOLDERS = {"__pycache__", "starter", "scenes"}


@dataclass(frozen=True)
class Fingerprint:
    """What the keys of one build share, worked out once: the site's digest, and a digest of
    each post and tag a template may be given. A tag holds its posts, most of the site for a
    popular one: hashing them again for every page would be quadratic."""

    site: str
    posts: dict[Path, tuple[PostMeta, str]]  # by source: the post as indexed, its digest
    tags: dict[str, str]  # by name

    def post(self, meta: PostMeta) -> str:
        known = self.posts.get(meta.source)
        return known[1] if known is not None and known[0] is meta else _digest(meta)


def fingerprint(site: Site) -> Fingerprint:
    """Everything a page's bytes depend on that is the same for every page."""
    h = hashlib.sha256(FORMAT)
    for lib in LIBRARIES:
        try:
            h.update(f"{lib}={version(lib)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{lib}=-\n".encode())
    folders = [PACKAGE, DEFAULT_TEMPLATES.resolve(), site.paths.templates]
    for folder in folders:
        for path in _files(folder):
            h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    h.update(repr(site.config).encode())
    h.update(repr(site.static).encode())
    h.update(repr((site.index.drafts, sorted(site.reserved_ids))).encode())
    index = site.index
    metas = {id(m): m for m in (*index.everything.values(), *index.posts)}
    known = {i: _digest(m) for i, m in metas.items()}
    return Fingerprint(
        h.hexdigest(),
        {m.source: (m, known[i]) for i, m in metas.items()},
        {t.name: _digest(t, known) for t in index.tags},
    )


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not _SKIP_FOLDERS & set(p.relative_to(folder).parts[:-1])
    )


def page_key(fingerprint: Fingerprint, source: Source, site: Site) -> str:
    """The post's bytes and metadata, where it lives, and all that its template is given of
    the other posts: each of them whole (every field, whatever a template shows of it)."""
    index, meta = site.index, source.meta
    newer, older = index.neighbours(meta)
    context = (
        str(meta.source),
        fingerprint.post(meta),  # not only its bytes shape it (`.authors.yml`, the config)
        tuple(fingerprint.post(p) if p else None for p in (newer, older)),
        tuple(fingerprint.post(p) for p in index.related(meta)),
        tuple(fingerprint.tags[t.name] for name in meta.topics if (t := index.tag_of(name))),
        index.is_published(meta),
    )
    text = f"{fingerprint.site}\n{source.digest}\n{context!r}"
    return hashlib.sha256(text.encode()).hexdigest()


def _digest(value: object, known: dict[int, str] | None = None) -> str:
    return hashlib.sha256(repr(_stable(value, known or {})).encode()).hexdigest()


# Values whose repr is the same in every process, and holds all of them.
_ATOMS = frozenset(
    {str, int, float, bool, type(None), bytes, dt.date, dt.datetime, dt.time, type(Path())}
)


def _stable(value: object, known: dict[int, str]) -> object:
    """`value` with every field of its dataclasses, as plain values whose repr is the same in
    every process (a set's order is not); objects already digested (`known`, by id) stand for
    themselves by their digest."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if id(value) in known:
        return ("digest", known[id(value)])
    if kind is tuple or kind is list:
        seq = typing.cast("tuple[object, ...]", value)
        if set(map(type, seq)) <= _ATOMS:  # tags, authors: as they are
            return value
        return (kind.__name__, *(_stable(v, known) for v in seq))
    if kind is dict:
        items = typing.cast("dict[object, object]", value).items()
        if set(map(type, chain.from_iterable(items))) <= _ATOMS:  # `lines`, most `params`
            return value
        return ("dict", *((_stable(k, known), _stable(v, known)) for k, v in items))
    if kind is set or kind is frozenset:
        members = typing.cast("set[object]", value)
        return ("set", *sorted(repr(_stable(v, known)) for v in members))
    if dataclasses.is_dataclass(value):
        fields = ((n, getattr(value, n)) for n in _field_names(typing.cast(Hashable, kind)))
        return (
            kind.__qualname__,
            *((n, v if type(v) in _ATOMS else _stable(v, known)) for n, v in fields),
        )
    return value  # anything else as its repr: at worst an address, a page never reused


@functools.cache
def _field_names(kind: Any) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def entry_path(folder: Path, key: str) -> Path:
    return folder / key[:2] / f"{key}.page"


def load(folder: Path, key: str, source: Source, site: Site) -> RenderedPost | None:
    """The cached page, or None: missing, damaged, or one of its inputs has changed."""
    data = _read(entry_path(folder, key))
    if data is None:
        return None
    head, digest, payload = (
        data[: len(FORMAT)],
        data[len(FORMAT) : len(FORMAT) + 32],
        data[len(FORMAT) + 32 :],
    )
    if head != FORMAT or hashlib.sha256(payload).digest() != digest:
        return None  # damaged or truncated: a miss, rewritten after rendering
    try:
        rendered = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - any unreadable entry is just a miss
        return None
    if not isinstance(rendered, RenderedPost) or not _inputs_unchanged(rendered, site):
        return None
    return replace(rendered, meta=source.meta)


def _read(path: Path) -> bytes | None:
    """An entry's bytes, or None for anything but a readable regular file (a folder, or a
    FIFO that would block the build, in a cache restored from elsewhere)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with open(fd, "rb", closefd=False) as fh:
            return fh.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def _inputs_unchanged(rendered: RenderedPost, site: Site) -> bool:
    for path, state in rendered.inputs.files.items():
        if file_state(path) != state:
            return False
    index = site.index
    for key, target in rendered.inputs.posts.items():
        kind, _, name = key.partition(":")
        meta = index.post_named(name) if kind == "name" else index.post_at(Path(name))
        if link_target(meta, index) != target:
            return False
    return True


def store(folder: Path, key: str, rendered: RenderedPost) -> None:
    """Written beside its final name and renamed: a reader never sees half an entry. Not
    synced to disk: a lost entry only costs a render."""
    payload = pickle.dumps(rendered, protocol=pickle.HIGHEST_PROTOCOL)
    path = entry_path(folder, key)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(FORMAT + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
    except OSError:
        # A cache that cannot be written is a cache that is not used.
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def prune(folder: Path, used: Iterable[str], budget: int) -> int:
    """Remove entries this build did not use, oldest first, until the cache fits `budget`
    bytes; returns the bytes left. Only regular files are entries: anything else, and what
    cannot be listed or removed, is left alone."""
    keep = {entry_path(folder, key) for key in used}
    entries = []
    total = 0
    for path, st in _entries(folder):
        total += st.st_size
        if path not in keep:
            entries.append((st.st_mtime_ns, st.st_size, path))
    for _, size, path in sorted(entries):
        if total <= budget:
            break
        try:
            path.unlink(missing_ok=True)
        except OSError:
            continue
        total -= size
    return total


def _entries(folder: Path) -> list[tuple[Path, os.stat_result]]:
    found = []
    for shard in _scan(folder):
        if shard.is_dir(follow_symlinks=False):
            for entry in _scan(Path(shard.path)):
                if not entry.name.endswith(".page"):
                    continue
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if stat.S_ISREG(st.st_mode):
                    found.append((Path(entry.path), st))
    return found


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []
