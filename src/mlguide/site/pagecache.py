"""Rendered post pages as values of the store: their key, their codec, and the check that
a page found there may be used.

A page's key is the post's bytes plus everything else that shapes its page: the site's inputs
(the site's code fingerprint, the templates and static files, the config as data, the library
versions) and every field of every other post its template is given (previous/next, related,
tags and their posts). Inside the entry are the page's other inputs as they were (every image
file looked at, every post a link resolved to): the entry is used only while all of them are
unchanged. A cache hit therefore gives the very bytes a fresh render would; a test builds both
ways and compares every file.

The store signs its entries (see `mlguide.store.store`); on top of that a page is not trusted
with paths: it is written under its own URL only, and an image it names is read from the
project only (its real path, symlinks resolved), never from the cache folder.

The listing pages (home pages, tag pages, the archive) are one more value: all of them under
one key made of the site's digest and everything the lists show of every published post, so
an edit that changes no list (a sentence more in a post) renders none of them.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import struct
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlguide.site.content.meta import PostMeta
from mlguide.site.content.sources import Source
from mlguide.site.render.listings import Listed, ListingPage
from mlguide.site.render.post import RenderedPost, Site, link_target
from mlguide.site.render.templating import DEFAULT_TEMPLATES
from mlguide.store.code import code_fingerprint
from mlguide.store.digest import digest_value
from mlguide.store.files import FileState, file_state
from mlguide.store.store import Codec

KIND = "page"
LISTINGS = "listings"
FORMAT = "page-5"  # part of every key: a new entry layout makes old entries misses


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
        return known[1] if known is not None and known[0] is meta else digest_value(meta)


def fingerprint(site: Site) -> Fingerprint:
    """Everything a page's bytes depend on that is the same for every page."""
    h = hashlib.sha256(f"{FORMAT}\n{code_fingerprint('site')}\n".encode())
    for folder in (DEFAULT_TEMPLATES.resolve(), site.paths.templates):
        for path in _files(folder):
            h.update(os.fsencode(path.relative_to(folder)) + b"\0" + path.read_bytes())
    h.update(digest_value(site.config).encode())
    h.update(digest_value(site.static).encode())
    h.update(digest_value(site.extras).encode())  # menus, data files, logo: on every page
    h.update(digest_value((site.index.drafts, sorted(site.reserved_ids))).encode())
    index = site.index
    metas = {id(m): m for m in (*index.everything.values(), *index.posts)}
    known = {i: digest_value(m) for i, m in metas.items()}
    return Fingerprint(
        h.hexdigest(),
        {m.source: (m, known[i]) for i, m in metas.items()},
        {t.name: digest_value(t, known) for t in index.tags},
    )


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


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


def page_codec(meta: PostMeta) -> Codec:
    """A page entry holds no metadata: the post's own, as read this build, is put back."""
    return Codec(encode_page, lambda data: decode_page(data, meta))


def listings_key(fp: Fingerprint, site: Site, shown: Iterable[Listed]) -> str:
    """Everything the listing pages are made from: the site's digest (templates, config,
    code), the published posts in their order, every tag with its posts, and what the lists
    show of each post (its hero, reading time, tag links)."""
    index = site.index
    facts = sorted(
        (str(listed.meta.source), *(_listed_fact(fp, listed, name) for name in LISTED_FIELDS))
        for listed in shown
    )
    context = (
        [fp.post(meta) for meta in index.posts],
        [(tag.name, fp.tags[tag.name]) for tag in index.tags],
        facts,
    )
    return hashlib.sha256(f"{FORMAT}\n{fp.site}\n{context!r}".encode()).hexdigest()


# Every field of `Listed`, each in the listings' key (a test checks none is left out). The
# post by its digest, worked out once a build; the rest by repr, as they are frozen
# dataclasses of text, numbers and paths (cheaper than digesting them field by field).
LISTED_FIELDS = ("meta", "hero", "hero_dark", "minutes", "tags", "thumb", "thumb_dark")


def _listed_fact(fp: Fingerprint, listed: Listed, name: str) -> str:
    value = getattr(listed, name)
    return fp.post(value) if isinstance(value, PostMeta) else repr(value)


def _encode_listings(pages: tuple[ListingPage, ...]) -> bytearray:
    encode, _ = _codec(tuple[ListingPage, ...])
    blobs = bytearray()
    tree = json.dumps(encode(pages, blobs), ensure_ascii=False, separators=(",", ":"))
    return _framed(tree.encode("utf-8", "surrogatepass"), blobs)


def _decode_listings(payload: bytes | memoryview) -> tuple[ListingPage, ...]:
    """Raises on anything `_encode_listings` does not write; a page outside the site is
    refused (the entry is data from a folder that may come from elsewhere)."""
    _, decode = _codec(tuple[ListingPage, ...])
    tree, blobs = _unframed(payload)
    pages = decode(tree, _Reading(blobs, {}))
    if not all(_relative(page.file.path) for page in pages):
        raise ValueError("a listing page outside the site")
    return tuple(pages)


LISTINGS_CODEC = Codec(_encode_listings, _decode_listings)


def usable(rendered: RenderedPost, site: Site) -> bool:
    """A page from the store may be used: confined to its URL and the project, and made from
    inputs that are all still as they were."""
    return _confined(rendered, site) and _inputs_unchanged(rendered, site)


def _confined(rendered: RenderedPost, site: Site) -> bool:
    """Not trusted with paths: the page's files go under its own URL, and the images it
    publishes are read from the project, never from the cache folder (where an archive could
    plant a symlink to a secret) nor through a symlink out of the project. The one exception
    is the store of picture variants (site/render/imagestore.py), whose files are made by
    the build: by their real path, so never through a symlink, and checked against the
    page's digest when they are published."""
    prefix = rendered.meta.url_path
    names = [f.path for f in rendered.files]
    if not all(name.startswith(prefix) for name in names):
        return False
    root, cache = _real_folders(site.paths.root, site.paths.cache.name)
    images = [i for i in (*rendered.images, rendered.hero, rendered.og) if i is not None]
    if not all(_relative(name) for name in (*names, *(i.out_path for i in images))):
        return False
    pictures = os.path.join(cache, "images", "")  # the picture variants' store (imagestore.py)
    for image in images:  # the same pictures on many pages: each resolved once a build
        real = site.lookups.once(("realpath", image.source), functools.partial(_real, image.source))
        if not real.startswith(root) or (real.startswith(cache) and not real.startswith(pictures)):
            return False
    return True


@functools.lru_cache(maxsize=4)
def _real_folders(root: Path, cache: str) -> tuple[str, str]:
    """The project and its cache folder, symlinks resolved, each ending in a separator;
    worked out once, not for every page."""
    real = root.resolve()
    return os.path.join(real, ""), os.path.join(real, cache, "")


def _real(path: Path, _: object) -> str:
    return os.path.realpath(path)


def _state(path: Path, _: object) -> FileState:
    return file_state(path)


def _relative(name: str) -> bool:
    """A POSIX path that stays inside the folder it is joined to."""
    return not name.startswith("/") and "\\" not in name and ".." not in name.split("/")


def _inputs_unchanged(rendered: RenderedPost, site: Site) -> bool:
    lookups = site.lookups  # a file many pages read is looked at once a build
    for path, state in rendered.inputs.files.items():
        if lookups.once(("input", path), functools.partial(_state, path)) != state:
            return False
    index = site.index
    for key, target in rendered.inputs.posts.items():
        kind, _, name = key.partition(":")
        meta = index.post_named(name) if kind == "name" else index.post_at(Path(name))
        if link_target(meta, index) != target:
            return False
    return True


# --- the entry format ------------------------------------------------------------------------
# After the checksum: the length of a JSON tree, the tree, then the bytes of every `bytes`
# value (a page's HTML), which the tree points into as [start, end]. Bytes never pass through
# JSON: no escaping, no round trip through text. The tree is read back by the dataclasses'
# type hints, checked on the way: nothing is built but what RenderedPost is declared with.

_Json = Any
_LENGTH = struct.Struct(">Q")


def _framed(text: bytes, blobs: bytearray) -> bytearray:
    """An entry: the blobs (the pages' bytes), then the JSON tree that points into them,
    then the tree's length. The tree goes after the blobs so that they are not copied: the
    listing pages of a 10,000-post site are 65 MB, and every copy counts at the build's peak."""
    blobs += text
    blobs += _LENGTH.pack(len(text))
    return blobs


def _unframed(payload: bytes | memoryview) -> tuple[Any, memoryview]:
    """The tree and the blobs of `_framed`; ValueError when the frame does not hold."""
    view = memoryview(payload)
    if len(view) < _LENGTH.size:
        raise ValueError("truncated")
    (size,) = _LENGTH.unpack_from(view, len(view) - _LENGTH.size)
    end = len(view) - _LENGTH.size
    if size > end:
        raise ValueError("truncated")
    return json.loads(bytes(view[end - size : end])), view[: end - size]


@dataclass(frozen=True)
class _Reading:
    """What decoding one entry shares: the bytes area, and each file name made a Path once
    (a page names the same picture as image, hero, and input)."""

    blobs: memoryview
    paths: dict[str, Path]

    def path(self, tree: _Json) -> Path:
        known = self.paths.get(tree)
        if known is None:
            known = self.paths[tree] = _path_of(_text(tree, self))
        return known


@functools.lru_cache(maxsize=1 << 16)
def _path_of(name: str) -> Path:
    """Each file name made a Path once per process, not once per page: the pages of a blog
    name the same pictures, cards and variants, and reading 1,000 pages back made 60,000
    Paths (a third of the time the edited build spent in the store)."""
    return Path(name)


# (encode(value, blobs), decode(tree, reading)); a dataclass's decode also takes the fields
# left out of the tree as keywords.
_Codec = tuple[Callable[[Any, bytearray], _Json], Callable[..., Any]]


def encode_page(rendered: RenderedPost) -> bytearray:
    """The page without its metadata: the post's own, as read this build, is put back."""
    encode, _ = _dataclass_codec(RenderedPost, ("meta",))
    blobs = bytearray()
    tree = json.dumps(encode(rendered, blobs), ensure_ascii=False, separators=(",", ":"))
    # A file name may hold an undecodable byte: surrogates go through as they are.
    return _framed(tree.encode("utf-8", "surrogatepass"), blobs)


def decode_page(payload: bytes | memoryview, meta: PostMeta) -> RenderedPost:
    """Raises (ValueError, TypeError, RecursionError...) on anything `encode_page` does not
    write."""
    _, decode = _dataclass_codec(RenderedPost, ("meta",))
    tree, blobs = _unframed(payload)
    rendered = decode(tree, _Reading(blobs, {}), meta=meta)
    if type(rendered) is not RenderedPost:
        raise TypeError("not a page")
    return rendered


@functools.cache
def _codec(hint: Any) -> _Codec:
    """Encoder and checking decoder for one type hint. A type it does not know is a
    TypeError here, at the first store, rather than a wrong page later."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in _PLAIN:
        return _same, _checked(hint)
    if hint is bytes:
        return _bytes_out, _bytes_in
    if hint is Path:
        return lambda value, _: str(value), lambda tree, reading: reading.path(tree)
    if origin in (types.UnionType, typing.Union) and len(args) == 2 and type(None) in args:
        return _optional(_codec(next(a for a in args if a is not type(None))))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _sequence(args[0], tuple)
    if origin is tuple and args:
        return _fixed(tuple(_codec(a) for a in args))
    if origin is frozenset and len(args) == 1:
        return _sequence(args[0], frozenset)
    if origin is dict and len(args) == 2:
        return _mapping(_codec(args[0]), _codec(args[1]), args[0] is str)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_codec(hint, ())
    raise TypeError(f"the page cache cannot hold a {hint!r}")


_PLAIN = (str, int, float, bool, type(None))  # JSON holds these as they are


@functools.cache
def _dataclass_codec(cls: type[Any], given: tuple[str, ...]) -> _Codec:
    """Fields in declaration order, as a JSON list; `given` fields are left out of it."""
    hints = typing.get_type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.name not in given]
    if not all(f.init for f in fields):
        raise TypeError(f"the page cache cannot hold {cls.__name__}: a field is not in __init__")
    parts = [(f.name, *_codec(hints[f.name])) for f in fields]

    def encode(value: Any, blobs: bytearray) -> _Json:
        if type(value) is not cls:
            raise TypeError(f"expected a {cls.__name__}, got {type(value).__name__}")
        return [enc(getattr(value, name), blobs) for name, enc, _ in parts]

    def decode(tree: _Json, reading: _Reading, **given_values: Any) -> Any:
        if type(tree) is not list:
            raise ValueError(f"not a {cls.__name__}")
        fields = {
            name: dec(item, reading) for (name, _, dec), item in zip(parts, tree, strict=True)
        }
        return cls(**given_values, **fields)

    return encode, decode


def _same(value: Any, _: bytearray) -> _Json:
    return value


def _checked(kind: type) -> Callable[[_Json, _Reading], Any]:
    def decode(tree: _Json, _: _Reading) -> Any:
        if type(tree) is not kind:
            raise ValueError(f"expected {kind.__name__}, got {type(tree).__name__}")
        return tree

    return decode


_text = _checked(str)


def _bytes_out(value: bytes, blobs: bytearray) -> _Json:
    start = len(blobs)
    blobs += value
    return [start, len(blobs)]


def _bytes_in(tree: _Json, reading: _Reading) -> bytes:
    if type(tree) is list and len(tree) == 2 and all(type(i) is int for i in tree):
        start, end = tree
        if 0 <= start <= end <= len(reading.blobs):
            return bytes(reading.blobs[start:end])
    raise ValueError("not bytes")


def _optional(inner: _Codec) -> _Codec:
    encode, decode = inner
    return (
        lambda value, blobs: None if value is None else encode(value, blobs),
        lambda tree, reading: None if tree is None else decode(tree, reading),
    )


def _sequence(hint: Any, build: Callable[[Iterable[Any]], Any]) -> _Codec:
    encode, decode = _codec(hint)
    if hint in _PLAIN:  # the common tuple[str, ...]: checked in one pass, built in C

        def decode_plain(tree: _Json, _: _Reading) -> Any:
            if type(tree) is not list or not set(map(type, tree)) <= {hint}:
                raise ValueError(f"expected a list of {hint.__name__}")
            return build(tree)

        return lambda values, _: list(values), decode_plain

    def decode_all(tree: _Json, reading: _Reading) -> Any:
        if type(tree) is not list:
            raise ValueError("expected a list")
        return build(decode(item, reading) for item in tree)

    return lambda values, blobs: [encode(v, blobs) for v in values], decode_all


def _fixed(parts: tuple[_Codec, ...]) -> _Codec:
    def encode(values: Any, blobs: bytearray) -> _Json:
        return [enc(v, blobs) for (enc, _), v in zip(parts, values, strict=True)]

    def decode(tree: _Json, reading: _Reading) -> Any:
        if type(tree) is not list:
            raise ValueError("expected a list")
        return tuple(dec(item, reading) for (_, dec), item in zip(parts, tree, strict=True))

    return encode, decode


def _mapping(keys: _Codec, values: _Codec, text_keys: bool) -> _Codec:
    """A JSON object when the keys are text, else a list of [key, value] pairs."""
    (enc_key, dec_key), (enc_value, dec_value) = keys, values
    if text_keys:

        def encode(mapping: Any, blobs: bytearray) -> _Json:
            if not all(type(k) is str for k in mapping):
                raise TypeError("a key that is not text")
            return {k: enc_value(v, blobs) for k, v in mapping.items()}

        def decode(tree: _Json, reading: _Reading) -> Any:
            if type(tree) is not dict:
                raise ValueError("expected an object")
            return {k: dec_value(v, reading) for k, v in tree.items()}

        return encode, decode

    def encode_pairs(mapping: Any, blobs: bytearray) -> _Json:
        return [[enc_key(k, blobs), enc_value(v, blobs)] for k, v in mapping.items()]

    def decode_pairs(tree: _Json, reading: _Reading) -> Any:
        if type(tree) is not list or not all(type(p) is list and len(p) == 2 for p in tree):
            raise ValueError("expected pairs")
        return {dec_key(k, reading): dec_value(v, reading) for k, v in tree}

    return encode_pairs, decode_pairs
