"""What every page may need to know about the other posts, computed once before rendering.

URLs and their owners (a slug used twice is an error naming both files), links written as
other generators write them (`{% post_url name %}`, `{{< ref "x.md" >}}`, `other.md`),
previous/next by date, related posts by shared tags, and the tags themselves.
"""

from __future__ import annotations

import hashlib
import heapq
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from mlguide import limits
from mlguide.errors import MlguideError, display_path, raise_all
from mlguide.site.content.meta import PostMeta
from mlguide.site.content.slugs import slugify
from mlguide.site.permalinks import RESERVED_SLUGS, tag_path

RELATED_LIMIT = 3
_TAG_WORDS = {"+": " plus ", "#": " sharp ", "&": " and ", "@": " at "}


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str
    posts: tuple[PostMeta, ...]  # newest first

    @property
    def url_path(self) -> str:
        return tag_path(self.slug)


@dataclass(frozen=True)
class SiteIndex:
    posts: tuple[PostMeta, ...]  # what is published, newest first
    everything: dict[Path, PostMeta]  # every post by resolved source path, drafts included
    names: dict[str, PostMeta]  # the names other generators link posts by
    tags: tuple[Tag, ...]  # sorted by name
    content: Path
    published: frozenset[Path]  # the sources of `posts`, as found
    drafts: bool  # drafts are published too (`--drafts`)
    # Precomputed once, so every page's navigation costs a few lookups, not a pass over all.
    listed: tuple[PostMeta, ...]  # published and not a draft: what navigation links to
    position: dict[Path, int]  # source -> index in `listed`
    by_topic: dict[str, tuple[int, ...]]  # casefolded topic -> positions in `listed`
    stamps: tuple[float, ...]  # `listed` dates as timestamps
    tag_by_key: dict[str, Tag]  # casefolded name -> tag
    # Each post's related posts, worked out once: the cache key and the page both need them.
    _related: dict[Path, tuple[PostMeta, ...]] = field(default_factory=dict, repr=False)

    def post_at(self, path: Path) -> PostMeta | None:
        return self.everything.get(_normal(path))

    def post_named(self, name: str) -> PostMeta | None:
        return self.names.get(_link_name(name))

    def is_published(self, meta: PostMeta) -> bool:
        return meta.source in self.published

    def neighbours(self, meta: PostMeta) -> tuple[PostMeta | None, PostMeta | None]:
        """(newer, older) among published posts that are not drafts."""
        i = self.position.get(meta.source)
        if i is None:
            return None, None
        listed = self.listed
        return (listed[i - 1] if i > 0 else None, listed[i + 1] if i + 1 < len(listed) else None)

    def related(self, meta: PostMeta) -> tuple[PostMeta, ...]:
        """Most shared tags first, then nearest in date; only posts sharing a tag."""
        known = self._related.get(meta.source)
        if known is None:
            known = self._related[meta.source] = self._rank(meta, RELATED_LIMIT)
        return known

    def _rank(self, meta: PostMeta, limit: int) -> tuple[PostMeta, ...]:
        topics = {t.casefold() for t in meta.topics}
        shared = Counter(chain.from_iterable(self.by_topic.get(t, ()) for t in topics))
        shared.pop(self.position.get(meta.source, -1), None)
        ranked = shared.most_common()  # by count, sorted in C
        if not ranked:
            return ()
        cutoff = ranked[min(limit, len(ranked)) - 1][1]
        # Only the posts that can still make the top `limit` need their dates compared.
        contenders = [(i, n) for i, n in ranked if n >= cutoff]
        when, listed, stamps = meta.date.timestamp(), self.listed, self.stamps
        best = heapq.nsmallest(
            limit,
            contenders,
            key=lambda item: (-item[1], abs(stamps[item[0]] - when), listed[item[0]].url_path),
        )
        return tuple(listed[i] for i, _ in best)

    def tag_of(self, name: str) -> Tag | None:
        return self.tag_by_key.get(name.casefold())


def newest_first(posts: Iterable[PostMeta]) -> tuple[PostMeta, ...]:
    return tuple(sorted(posts, key=lambda p: (p.date, p.url_path), reverse=True))


def build_index(metas: list[PostMeta], content: Path, drafts: bool) -> SiteIndex:
    published = newest_first(m for m in metas if drafts or not m.draft)
    _check_urls(published)
    names: dict[str, PostMeta] = {}
    ambiguous: set[str] = set()
    for meta in metas:
        for name in _names_of(meta, content):
            if names.setdefault(name, meta) is not meta:
                ambiguous.add(name)
    for name in ambiguous:
        del names[name]
    listed = tuple(p for p in published if not p.draft)
    by_topic: dict[str, list[int]] = {}
    for i, post in enumerate(listed):
        for topic in {t.casefold() for t in post.topics}:
            by_topic.setdefault(topic, []).append(i)
    tags = _tags(published)
    return SiteIndex(
        posts=published,
        everything={_normal(m.source): m for m in metas},
        names=names,
        tags=tags,
        content=content,
        published=frozenset(m.source for m in published),
        drafts=drafts,
        listed=listed,
        position={p.source: i for i, p in enumerate(listed)},
        by_topic={k: tuple(v) for k, v in by_topic.items()},
        stamps=tuple(p.date.timestamp() for p in listed),
        tag_by_key={t.name.casefold(): t for t in tags},
    )


def _check_urls(posts: tuple[PostMeta, ...]) -> None:
    owners: dict[str, PostMeta] = {}
    errors = []
    for meta in sorted(posts, key=lambda m: str(m.source)):
        line = meta.line_of("slug") or 1
        top = meta.url_path.strip("/").split("/", 1)[0]
        if top in RESERVED_SLUGS:
            errors.append(
                MlguideError(
                    f"the URL `{meta.url_path}` belongs to the site's own "
                    f"{'home page' if top == 'index' else f'`{top}/` pages'}: give the post "
                    "another `slug`",
                    meta.source,
                    line,
                )
            )
            continue
        first = owners.setdefault(meta.url_path, meta)
        if first is not meta:
            errors.append(
                MlguideError(
                    f"the URL `{meta.url_path}` is already used by {display_path(first.source)}: "
                    "give one of them another `slug`",
                    meta.source,
                    line,
                )
            )
    raise_all(errors)


def _link_name(name: str) -> str:
    name = name.strip().strip("/")
    name = re.sub(r"\.(md|markdown|html?)$", "", name, flags=re.I)
    return re.sub(r"(^|/)index$", "", name)


def _normal(path: Path) -> Path:
    """An absolute path with `..` folded, without asking the file system (fast, and the same
    for a path written two ways)."""
    return Path(os.path.normpath(os.path.abspath(path)))


def _names_of(meta: PostMeta, content: Path) -> set[str]:
    try:
        rel = _normal(meta.source).relative_to(_normal(content)).as_posix()
    except ValueError:
        rel = meta.source.name
    full = _link_name(rel)
    return {full, full.rsplit("/", 1)[-1]}


def tag_slug(name: str) -> str:
    """`C++` and `C` are different tags: symbols become words before slugifying. A name
    transliterated into a very long slug (each CJK character is a word) is cut to the
    length of a tag (the cut ones are told apart by a suffix, as any two sharing a slug)."""
    for symbol, word in _TAG_WORDS.items():
        name = name.replace(symbol, word)
    return slugify(name)[: limits.TAG_CHARS].rstrip("-")


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
    suffixed: list[tuple[str, str]] = []
    for slug, keys in by_slug.items():
        for key in keys:
            if len(keys) == 1 or spelling[key] == slug:
                slugs[key] = slug
            else:
                suffixed.append((slug, key))
    # A suffixed slug may be another tag's own (`café` -> `cafe-850f7d`, and a tag spelled
    # `cafe-850f7d`): the suffix grows until the slug is free. Sorted, so the same tags get
    # the same slugs in every build.
    taken = set(slugs.values())
    for slug, key in sorted(suffixed):
        digest = hashlib.sha256(spelling[key].encode()).hexdigest()
        for size in range(6, len(digest) + 1, 2):
            candidate = f"{slug}-{digest[:size]}"
            if candidate not in taken:
                break
        taken.add(candidate)
        slugs[key] = candidate
    return tuple(
        sorted(
            (Tag(spelling[k], slugs[k], tuple(members[k])) for k in spelling),
            key=lambda t: (t.name.casefold(), t.slug),
        )
    )
