"""What every page may need to know about the other posts, computed once before rendering.

URLs and their owners (a slug used twice is an error naming both files), links written as
other generators write them (`{% post_url name %}`, `{{< ref "x.md" >}}`, `other.md`),
previous/next by date, related posts by shared tags, and the tags themselves.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import MlguideError, raise_all
from .metadata import PostMeta
from .slugs import slugify

RELATED_LIMIT = 3
_TAG_WORDS = {"+": " plus ", "#": " sharp ", "&": " and ", "@": " at "}


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str
    posts: tuple[PostMeta, ...]  # newest first

    @property
    def url_path(self) -> str:
        return f"tags/{self.slug}/"


@dataclass(frozen=True)
class SiteIndex:
    posts: tuple[PostMeta, ...]  # what is published, newest first
    everything: dict[Path, PostMeta]  # every post by resolved source path, drafts included
    names: dict[str, PostMeta]  # the names other generators link posts by
    tags: tuple[Tag, ...]  # sorted by name
    content: Path
    published: frozenset[Path]  # resolved sources of `posts`
    drafts: bool  # drafts are published too (`--drafts`)

    def post_at(self, path: Path) -> PostMeta | None:
        return self.everything.get(path.resolve())

    def post_named(self, name: str) -> PostMeta | None:
        return self.names.get(_link_name(name))

    def is_published(self, meta: PostMeta) -> bool:
        return meta.source.resolve() in self.published

    def neighbours(self, meta: PostMeta) -> tuple[PostMeta | None, PostMeta | None]:
        """(newer, older) among published posts that are not drafts."""
        listed = [p for p in self.posts if not p.draft]
        if meta not in listed:
            return None, None
        i = listed.index(meta)
        return (listed[i - 1] if i > 0 else None, listed[i + 1] if i + 1 < len(listed) else None)

    def related(self, meta: PostMeta, limit: int = RELATED_LIMIT) -> tuple[PostMeta, ...]:
        """Most shared tags first, then nearest in date; only posts sharing a tag."""
        mine = {t.casefold() for t in meta.topics}
        scored = []
        for other in self.posts:
            if other is meta or other.draft:
                continue
            shared = len(mine & {t.casefold() for t in other.topics})
            if shared:
                distance = abs((other.date - meta.date).total_seconds())
                scored.append((-shared, distance, other.url_path, other))
        return tuple(entry[3] for entry in sorted(scored)[:limit])

    def tag_of(self, name: str) -> Tag | None:
        key = name.casefold()
        return next((t for t in self.tags if t.name.casefold() == key), None)


def newest_first(posts: Iterable[PostMeta]) -> tuple[PostMeta, ...]:
    return tuple(sorted(posts, key=lambda p: (p.date, p.url_path), reverse=True))


def build_index(metas: list[PostMeta], content: Path, drafts: bool) -> SiteIndex:
    published = newest_first(m for m in metas if drafts or not m.draft)
    _check_unique_urls(published)
    names: dict[str, PostMeta] = {}
    ambiguous: set[str] = set()
    for meta in metas:
        for name in _names_of(meta, content):
            if names.setdefault(name, meta) is not meta:
                ambiguous.add(name)
    for name in ambiguous:
        del names[name]
    return SiteIndex(
        published,
        {m.source.resolve(): m for m in metas},
        names,
        _tags(published),
        content,
        frozenset(m.source.resolve() for m in published),
        drafts,
    )


def _check_unique_urls(posts: tuple[PostMeta, ...]) -> None:
    owners: dict[str, PostMeta] = {}
    errors = []
    for meta in sorted(posts, key=lambda m: str(m.source)):
        first = owners.setdefault(meta.url_path, meta)
        if first is not meta:
            errors.append(
                MlguideError(
                    f"the URL `{meta.url_path}` is already used by {first.source}: give one of "
                    "them another `slug`",
                    meta.source,
                    meta.line_of("slug"),
                )
            )
    raise_all(errors)


def _link_name(name: str) -> str:
    name = name.strip().strip("/")
    name = re.sub(r"\.(md|markdown)$", "", name, flags=re.I)
    return re.sub(r"(^|/)index$", "", name)


def _names_of(meta: PostMeta, content: Path) -> set[str]:
    try:
        rel = meta.source.resolve().relative_to(content.resolve()).as_posix()
    except ValueError:
        rel = meta.source.name
    full = _link_name(rel)
    return {full, full.rsplit("/", 1)[-1]}


def tag_slug(name: str) -> str:
    """`C++` and `C` are different tags: symbols become words before slugifying."""
    for symbol, word in _TAG_WORDS.items():
        name = name.replace(symbol, word)
    return slugify(name)


def _tags(posts: tuple[PostMeta, ...]) -> tuple[Tag, ...]:
    """One tag per name (case-insensitive, first spelling wins); slugs never collide: when
    two names share one, a name already spelled as that slug keeps it, the others get a
    suffix derived from the name itself (stable when tags come and go)."""
    spelling: dict[str, str] = {}
    members: dict[str, list[PostMeta]] = {}
    for post in posts:
        for name in post.topics:
            key = name.casefold()
            spelling.setdefault(key, name)
            members.setdefault(key, []).append(post)
    by_slug: dict[str, list[str]] = {}
    for key, name in spelling.items():
        by_slug.setdefault(tag_slug(name), []).append(key)
    slugs: dict[str, str] = {}
    for slug, keys in by_slug.items():
        for key in keys:
            plain = len(keys) == 1 or spelling[key] == slug
            suffix = hashlib.sha256(spelling[key].encode()).hexdigest()[:6]
            slugs[key] = slug if plain else f"{slug}-{suffix}"
    return tuple(
        sorted(
            (Tag(spelling[k], slugs[k], tuple(members[k])) for k in spelling),
            key=lambda t: (t.name.casefold(), t.slug),
        )
    )
