"""A post as read (its metadata, where its body starts, its digest and notices) kept in the
store by its file's state, so a build after an edit reads and parses again only the posts
that changed.

Reading the front matter of 1,000 posts (YAML, each dialect's rules, the first paragraph
parsed as Markdown for a missing description) cost an edited build 0.7 CPU seconds for one
changed file. The key names everything `scan_post` reads: the file's state (`store.files`:
while it is the same, so are the bytes), the state of a Pelican notebook's `-meta` file,
which `.authors.yml` files sit above the post (the MkDocs dialect is told by them), the
project's authors, dialect and old site's URL rules, `SOURCE_DATE_EPOCH` (the date of an
undated post) and the site code's fingerprint. A date taken from git is the file's first
commit: it does not change while the file does not (as `readers.common` already assumes).

The entry is JSON with tagged values (a tuple, a date, a path), read back by type; a value
that would not come back as it was (a time zone other than a fixed offset, a YAML type this
format does not name) is not stored, so a hit is always the value a fresh read gives.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from mlguide.errors import Finding
from mlguide.site.content.meta import PostMeta
from mlguide.store.code import code_fingerprint
from mlguide.store.digest import digest_value
from mlguide.store.files import file_state
from mlguide.store.store import Codec, Store

KIND = "source"
FORMAT = "source-3"  # part of every key: a new entry layout makes old entries misses
BUDGET = 64 << 20  # bytes of entries no build asked for that are kept (other branches' posts)
T = TypeVar("T")
_META_FIELDS = tuple(f.name for f in dataclasses.fields(PostMeta))
_FINDING_FIELDS = tuple(f.name for f in dataclasses.fields(Finding))


def source_key(path: Path, context: str) -> str | None:
    """None when the file cannot be keyed (gone, or not a regular file): read it as usual."""
    state = file_state(path)
    if state is None:
        return None
    authors = tuple((folder / ".authors.yml").is_file() for folder in path.parents[:3])
    parts = (
        FORMAT,
        str(path),
        state,
        file_state(path.with_name(path.name + "-meta")),
        authors,
        os.environ.get("SOURCE_DATE_EPOCH"),
        context,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def scan_context(*values: object) -> str:
    """What every post of one build is read with (authors, dialect, old site, content folder),
    and the code that reads it: worked out once, part of every key."""
    return f"{code_fingerprint('site')}\n{digest_value(values)}"


def stored_scan(
    store: Store | None, path: Path, context: str, read: Callable[[], T], codec: Codec
) -> T:
    """`read()`, or what the store holds for this very file state."""
    key = source_key(path, context) if store is not None else None
    if store is None or key is None:
        return read()
    return store.get_or_make(KIND, key, read, codec)


def source_codec(
    make: Callable[[PostMeta, int, str, tuple[Finding, ...]], Any],
) -> Codec:
    """The codec of `Source` (made by `make`: this module is below the one that declares
    it)."""

    def decode(data: bytes) -> Any:
        """Raises on anything `encode` does not write (the store makes it a miss)."""
        tree = json.loads(data)
        if not isinstance(tree, dict) or set(tree) != {"meta", "head", "digest", "findings"}:
            raise ValueError("not a source")
        meta = PostMeta(**_fields(_META_FIELDS, tree["meta"]))
        findings = tuple(Finding(**_fields(_FINDING_FIELDS, f)) for f in _list(tree["findings"]))
        head, digest = tree["head"], tree["digest"]
        if type(head) is not int or head < 0 or not isinstance(digest, str):
            raise ValueError("not a source")
        return make(meta, head, digest, findings)

    def encode(source: Any) -> bytes:
        tree = {
            "meta": [_out(getattr(source.meta, name)) for name in _META_FIELDS],
            "head": source.head,
            "digest": source.digest,
            "findings": [[_out(getattr(f, n)) for n in _FINDING_FIELDS] for f in source.findings],
        }
        data = json.dumps(tree, separators=(",", ":")).encode()
        back = decode(data)  # text comes back as it was: JSON escapes what it must
        if (
            back.meta != source.meta
            or back.findings != source.findings
            or (
                repr(back.meta.params) != repr(source.meta.params)  # not compared by `==`
                or back.meta.lines != source.meta.lines
            )
        ):
            raise ValueError("would not read back as it was")  # the store keeps nothing
        return data

    return Codec(encode, decode)


def _fields(names: tuple[str, ...], tree: object) -> dict[str, Any]:
    values = _list(tree)
    if len(values) != len(names):
        raise ValueError("wrong number of fields")
    return {name: _in(value) for name, value in zip(names, values, strict=True)}


def _list(tree: object) -> list[Any]:
    if type(tree) is not list:
        raise ValueError("expected a list")
    return tree


_PLAIN = (str, int, float, bool, type(None))


def _out(value: Any) -> object:
    """A value as JSON: plain values as they are, every other kind in a one-key object
    (a JSON object is never a value of its own, so a mapping is tagged too)."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple or kind is list:
        return {"tuple" if kind is tuple else "list": [_out(v) for v in value]}
    if kind is dict and all(type(k) is str for k in value):
        items = value.items()
        return {"dict": [[k, _out(v)] for k, v in items]}
    if kind is dt.datetime:
        if value.tzinfo is not None and type(value.tzinfo) is not dt.timezone:
            raise TypeError("a time zone kept by name")
        return {"datetime": value.isoformat()}
    if kind is dt.date:
        return {"date": value.isoformat()}
    if isinstance(value, Path):
        return {"path": str(value)}
    raise TypeError(f"cannot keep a {kind.__name__}")


def _in(tree: object) -> Any:
    if type(tree) in _PLAIN:
        return tree
    if type(tree) is not dict or len(tree) != 1:
        raise ValueError("not a value")
    ((tag, inner),) = tree.items()
    if tag == "tuple":
        return tuple(_in(v) for v in _list(inner))
    if tag == "list":
        return [_in(v) for v in _list(inner)]
    if tag == "dict":
        pairs = [_list(p) for p in _list(inner)]
        if not all(len(p) == 2 and type(p[0]) is str for p in pairs):
            raise ValueError("not a mapping")
        return {k: _in(v) for k, v in pairs}
    if tag in ("datetime", "date", "path") and type(inner) is str:
        return _ATOMS[tag](inner)
    raise ValueError(f"unknown tag {tag!r}")


_ATOMS: Mapping[str, Callable[[str], object]] = {
    "datetime": dt.datetime.fromisoformat,
    "date": dt.date.fromisoformat,
    "path": Path,
}
