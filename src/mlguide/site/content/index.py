"""What every page may need to know about the other posts, computed once before rendering.

Where each post lives (the permalink pattern filled in) and which file owns each URL (a URL
claimed twice, by a post, a page or an old URL, is an error naming both files, except an
imported post's old address: that redirect is skipped with a warning, so one quirk of an
old blog never stops the others from publishing); what is
published now and what waits for its date; links written as other generators write them
(`{% post_url name %}`, `{{< ref "x.md" >}}`, `other.md`), previous/next by date, related
posts by shared tags, and the tags themselves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from mlguide import limits
from mlguide.errors import Finding, MlguideError, display_path, raise_all
from mlguide.site.content.meta import PostMeta, tag_key
from mlguide.site.content.readers.common import file_slug
from mlguide.site.content.related import TopicBits, rank, topic_bits
from mlguide.site.content.slugs import slugify
from mlguide.site.permalinks import (
    DEFAULT_PATTERN,
    RESERVED_SLUGS,
    UrlParts,
    expand,
    file_of,
    read_site_path,
    tag_path,
)

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
class Redirect:
    """An old URL of a post or page (`aliases:`), which sends readers on to it."""

    old: str  # the old site path, `old-slug/` or `2019/old.html`
    meta: PostMeta  # where it leads

    @property
    def out_path(self) -> str:
        return file_of(self.old)


@dataclass(frozen=True)
class Schedule:
    """Which posts are out yet: those dated up to `now`, or all of them with `future`."""

    now: dt.datetime
    future: bool = False

    def holds(self, meta: PostMeta) -> bool:
        return not self.future and meta.dated and meta.date > self.now


def site_clock() -> dt.datetime:
    """`SOURCE_DATE_EPOCH` when it is set, as for every date of a reproducible build; else
    the time now. A build at a fixed epoch publishes the same posts every time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class SiteIndex:
    posts: tuple[PostMeta, ...]  # what is published, newest first (pages are not posts)
    everything: dict[Path, PostMeta]  # every post by resolved source path, drafts included
    names: dict[str, PostMeta]  # the names other generators link posts by
    tags: tuple[Tag, ...]  # sorted by name
    content: Path
    published: frozenset[Path]  # the sources of `posts`, as found
    drafts: bool  # drafts are published too (`--drafts`)
    # Precomputed once, so every page's navigation costs a few lookups, not a pass over all.
    listed: tuple[PostMeta, ...]  # published and not a draft: what navigation links to
    position: dict[Path, int]  # source -> index in `listed`
    topic_bits: TopicBits  # `listed` by date and by topic, for related posts
    tag_by_key: dict[str, Tag]  # tag_key(name) -> tag
    # Each post's related posts, worked out once: the cache key and the page both need them.
    _related: dict[Path, tuple[PostMeta, ...]] = field(default_factory=dict, repr=False)
    pages: tuple[PostMeta, ...] = ()  # published standalone pages, by URL
    redirects: tuple[Redirect, ...] = ()  # old URLs of published posts and pages, by URL
    held_back: tuple[PostMeta, ...] = ()  # dated after the build's clock: not published yet
    # Imported old addresses that another page now owns: no redirect there, and why.
    url_warnings: tuple[Finding, ...] = ()

    def post_at(self, path: Path) -> PostMeta | None:
        return self.everything.get(_normal(path))

    def post_named(self, name: str) -> PostMeta | None:
        return self.names.get(_link_name(name))

    def relative_name(self, source: Path) -> str:
        """A source as a path inside the content folder: `posts/2024-01-02-x.md`."""
        try:
            return _normal(source).relative_to(_normal(self.content)).as_posix()
        except ValueError:
            return source.name

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
        """Most shared tags first, then nearest in date; only posts sharing a tag, and never
        its older or newer post, which the page links already (a small blog's neighbours are
        often its related posts too): left out before the best three are taken, not after."""
        known = self._related.get(meta.source)
        if known is None:
            linked = [p.source for p in self.neighbours(meta) if p is not None]
            ranked = rank(self.topic_bits, meta, RELATED_LIMIT, linked)
            known = self._related[meta.source] = tuple(self.listed[i] for i in ranked)
        return known

    def tag_of(self, name: str) -> Tag | None:
        return self.tag_by_key.get(tag_key(name))


def newest_first(posts: Iterable[PostMeta]) -> tuple[PostMeta, ...]:
    return tuple(sorted(posts, key=lambda p: (p.date, p.url_path), reverse=True))


def build_index(
    metas: list[PostMeta],
    content: Path,
    drafts: bool,
    permalink: str = DEFAULT_PATTERN,
    schedule: Schedule | None = None,
    old_urls: OldUrls | None = None,
) -> SiteIndex:
    """`permalink`: a checked pattern (`/:year/:slug/`) for posts without a `url:` of their
    own; `schedule`: what is out yet (default: everything dated up to `site_clock()`);
    `old_urls`: addresses each post must keep answering besides its `aliases:` (see
    `with_old_urls`)."""
    schedule = schedule or Schedule(site_clock())
    metas = [place(m, content, permalink) for m in metas]
    if old_urls is not None:
        metas = [with_old_urls(m, old_urls(m)) for m in metas]
    shown = [m for m in metas if drafts or not m.draft]
    held = newest_first(m for m in shown if schedule.holds(m))
    out = [m for m in shown if not schedule.holds(m)]
    published = newest_first(m for m in out if not m.is_page)
    pages = tuple(sorted((m for m in out if m.is_page), key=lambda m: m.url_path))
    redirects, url_warnings = _check_urls((*published, *pages))
    names: dict[str, PostMeta] = {}
    ambiguous: set[str] = set()
    for meta in metas:
        for name in _names_of(meta, content):
            if names.setdefault(name, meta) is not meta:
                ambiguous.add(name)
    for name in ambiguous:
        del names[name]
    listed = tuple(p for p in published if not p.draft)
    tags = _tags(published)
    return SiteIndex(
        posts=published,
        everything={_normal(m.source): m for m in metas},
        names=names,
        tags=tags,
        content=content,
        published=frozenset(m.source for m in (*published, *pages)),
        drafts=drafts,
        listed=listed,
        position={p.source: i for i, p in enumerate(listed)},
        topic_bits=topic_bits(listed),
        tag_by_key={tag_key(t.name): t for t in tags},
        pages=pages,
        redirects=redirects,
        url_warnings=url_warnings,
        held_back=held,
    )


def place(meta: PostMeta, content: Path, permalink: str) -> PostMeta:
    """The post with its URL: its own `url:` (a pattern too), the site's pattern for a post,
    `/<slug>/` for a page."""
    pattern = meta.url or ("/:slug/" if meta.is_page else permalink)
    try:
        rel = _normal(meta.source).relative_to(_normal(content)).parts
    except ValueError:
        rel = ()
    parts = UrlParts(
        slug=meta.slug,
        date=meta.date,
        filename=file_slug(meta.source),
        section=slugify(rel[0]) if len(rel) > 1 else "",
        category=slugify(meta.categories[0]) if meta.categories else "",
    )
    return replace(meta, site_path=expand(pattern, parts))


# What a post was published at before it came here (an imported post's address on its old
# generator, `/2017/06/21/x.html`): links out there still point at it.
OldUrls = Callable[[PostMeta], Iterable[str]]


def with_old_urls(meta: PostMeta, old: Iterable[str]) -> PostMeta:
    """The placed post with `old` added to its `aliases`: each gets a redirect page and a
    `_redirects` line, exactly as an `aliases:` entry written in front matter. Each is read as
    one (`/2019/x.html`, `old-slug/`; a full URL, `?query` or `../` raises ValueError "must …"),
    kept once, and left out when it is the post's own URL: a post that kept its address needs
    no redirect. Call it after `place`, when the post's URL is final."""
    added = [read_site_path(url) for url in old]
    # An `aliases:` entry that is the post's own URL stays: that one is the author's mistake.
    kept = tuple(dict.fromkeys((*meta.aliases, *(a for a in added if a != meta.url_path))))
    return meta if kept == meta.aliases else replace(meta, aliases=kept)


def schedule_notices(index: SiteIndex) -> list[Finding]:
    """One notice per post held back by its date: when it goes live, and how to see it now."""
    return [
        Finding(
            "scheduled",
            f"held back until {meta.date.isoformat().replace('+00:00', 'Z')}: it goes live "
            "with the first build after that (`--future` builds it now)",
            meta.source,
            meta.line_of("date"),
            notice=True,
            news=True,
        )
        for meta in reversed(index.held_back)
    ]


# Folders the site's own pages and files live in (listings, tag pages, the search index,
# published pictures): a post there would be overwritten by them, or overwrite them. `index`
# too: `/index/` is a URL everyone reads as the home page.
SITE_FOLDERS = RESERVED_SLUGS
# Files of the site's own at its root: a post's URL may not name one (`404.html`), nor be a
# folder of that name (`slug: robots.txt` is `robots.txt/index.html`, where the build writes
# the file `robots.txt`). The same names as `render.feeds` and `render.sitewide` write
# (a test builds a site and holds this set to its root files).
SITE_FILES = frozenset(
    {
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "feed.xml",
        "feed.json",
        "favicon.ico",
        "favicon.svg",
        "apple-touch-icon.png",
        "_redirects",
        ".mlguide-build.json",
    }
)


def site_owner(path: str) -> str | None:
    """What of the site's own the site path is, or is inside (`robots.txt/` is a folder
    where the file `robots.txt` is written): "`robots.txt`", "`tags/` pages", "home page";
    None when it is free. The build's check, and `mlguide new`'s before it writes a post."""
    top = path.split("/", 1)[0]
    if top not in SITE_FOLDERS and path not in SITE_FILES and top not in SITE_FILES:
        return None
    if top == "index":
        return "home page"
    return f"`{top}/` pages" if top in SITE_FOLDERS else f"`{top}`"


def _check_urls(
    published: tuple[PostMeta, ...],
) -> tuple[tuple[Redirect, ...], tuple[Finding, ...]]:
    """Every file the posts, pages and their old URLs are written to has one owner; returns
    the redirects, by URL, and a warning per imported old address left without one."""
    owners: dict[str, Claim] = {}  # file, as a disk tells names apart -> its first claim
    errors = []
    warnings = []
    redirects = []
    ordered = sorted(published, key=lambda m: str(m.source))
    # Every URL first: an old URL that clashes is reported at the `aliases` that names it.
    claims = [(m, m.url_path, _url_key(m), "URL") for m in ordered]
    claims += [(m, old, _alias_key(m), "old URL") for m in ordered for old in m.aliases]
    for meta, path, key, what in claims:
        clash = _claim(owners, meta, path, what)
        if clash and what == "old URL" and _is_imported(meta, path):
            # The old blog's address, not the author's new mistake: the post keeps its new
            # URL and the rest of the site publishes; only this redirect is given up.
            line = meta.line_of(key) or meta.line_of("title") or 1
            message = f"{clash[0]}: no redirect is made there; the post is at /{meta.url_path}"
            warnings.append(Finding("old-url", message, meta.source, line))
        elif clash:
            at, at_key = (meta, key) if len(clash) == 2 else (clash[2], _url_key(clash[2]))
            message = f"{clash[0]}: {clash[1]}"
            errors.append(MlguideError(message, at.source, at.line_of(at_key) or 1))
        elif what == "old URL":
            redirects.append(Redirect(path, meta))
    raise_all(errors)
    return tuple(sorted(redirects, key=lambda r: r.old)), tuple(warnings)


def _is_imported(meta: PostMeta, path: str) -> bool:
    """An address the old blog gave the post: where its generator published it, or an
    `aliases:` entry of a post written for another generator."""
    return _is_imported_address(meta, path) or meta.dialect != "mlguide"


@dataclass(frozen=True)
class Claim:
    """A post's URL or old URL, as first claimed: the file it is written to is the post's."""

    meta: PostMeta
    what: str  # "URL" or "old URL"
    path: str  # the site path as written (`Welcome/`)


# Said of two URLs that only a case-sensitive disk tells apart.
_ONE_DISK_FILE = "on a case-insensitive disk (macOS, Windows) one page would overwrite the other"


def disk_key(file: str) -> str:
    """A site file's name as a case-insensitive disk compares it (macOS, Windows): `Welcome/`
    and `welcome/` are one folder there, and so are a name's two Unicode spellings (NFC and
    NFD). Two URLs with one key would be one file in a build made on such a disk, the page
    written last replacing the other without a word."""
    return unicodedata.normalize("NFC", file).casefold()


def _claim(
    owners: dict[str, Claim], meta: PostMeta, path: str, what: str
) -> tuple[str, str] | tuple[str, str, PostMeta] | None:
    """Why `meta` cannot have `path` as its `what` (URL or old URL), and what to do about it
    (and the post to report it at, when that is not `meta`); None: now it is its."""
    named = "`url`" if meta.url is not None else "`slug`"  # what made this post's URL
    fix = f"give one of them another {named}" if what == "URL" else "remove it from `aliases`"
    if what == "old URL" and _is_imported_address(meta, path):
        # No `aliases:` to remove: the address is where the old generator published it.
        fix = "it is where the old generator published this post; give the other one another URL"
    if (where := site_owner(path)) is not None:
        fix = f"give the post another {named}" if what == "URL" else fix
        return f"the {what} `{path}` belongs to the site's own {where}", fix
    if (where := site_owner(disk_key(path))) is not None:
        fix = f"give the post another {named}" if what == "URL" else fix
        message = f"the {what} `{path}` differs only in case from the site's own {where}"
        return f"{message}: {_ONE_DISK_FILE}", fix
    first = owners.setdefault(disk_key(file_of(path)), Claim(meta, what, path))
    if first.meta is meta and first.what == what and first.path == path:
        return None
    if file_of(first.path) != file_of(path):  # one file only where case is not told apart
        fix = "remove it from `aliases`" if first.meta is meta else fix
        claim = Claim(meta, what, path)
        if _said_by(first) and not _said_by(claim):
            # Reported at the `slug:` (or `url:`) line that made the odd URL, not at a post
            # whose URL comes from its file name, which has no line to change.
            named = "`url`" if first.meta.url is not None else "`slug`"
            message = _case_clash(claim, first.meta, first.path, first.what)
            return message, f"give one of them another {named}", first.meta
        return _case_clash(first, meta, path, what), fix
    if first.meta is meta:
        return f"the old URL `{path}` is the post's own URL", "remove it from `aliases`"
    used = "already used by" if first.what == "URL" else "already an old URL of"
    mine, theirs = str(meta.source), str(first.meta.source)
    if mine != theirs and unicodedata.normalize("NFC", mine) == unicodedata.normalize(
        "NFC", theirs
    ):
        # `café.md` twice: one name's é is one character, the other's e plus an accent (a
        # file made on macOS, say). They look the same, so the message says what differs.
        fix = "the two file names look the same but spell an accent differently (Unicode NFC "
        fix += "and NFD): rename one of them"
    return f"the {what} `{path}` is {used} {display_path(first.meta.source)}", fix


def _said_by(claim: Claim) -> bool:
    """Whether a post's URL is written in its front matter (`slug:`, `url:`…)."""
    return claim.what == "URL" and claim.meta.line_of(_url_key(claim.meta)) is not None


def _case_clash(first: Claim, meta: PostMeta, path: str, what: str) -> str:
    """`path` is `first.path` to a case-insensitive disk (or in another Unicode spelling)."""
    if unicodedata.normalize("NFC", path) == unicodedata.normalize("NFC", first.path):
        differs = "is spelled with other Unicode characters (NFC and NFD) than"
    else:
        differs = "differs only in case from"
    if first.meta is not meta:
        theirs = f"`{first.path}`, the {first.what} of {display_path(first.meta.source)}"
    elif first.what == "URL":
        theirs = f"the post's own URL `{first.path}`"
    else:
        theirs = f"its old URL `{first.path}`"
    return f"the {what} `{path}` {differs} {theirs}: {_ONE_DISK_FILE}"


def _is_imported_address(meta: PostMeta, path: str) -> bool:
    """Whether `path` is the post's address on its old generator (`PostMeta.old_url`)."""
    if meta.old_url is None:
        return False
    try:
        return read_site_path(meta.old_url) == path
    except ValueError:
        return False


def _url_key(meta: PostMeta) -> str:
    """The front matter key a post's URL comes from, for the line of an error."""
    return next((k for k in ("url", "path", "permalink") if k in meta.lines), "slug")


def _alias_key(meta: PostMeta) -> str:
    return "aliases" if "aliases" in meta.lines else "redirect_from"


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
    """One tag per topic (`tag_key`: case and word separators aside; first spelling wins);
    slugs never collide: when two names share one, a name already spelled as that slug keeps
    it, the others get a suffix derived from the name itself (stable when tags come and go)."""
    spelling: dict[str, str] = {}
    members: dict[str, list[PostMeta]] = {}
    for post in posts:
        for name in post.topics:
            key = tag_key(name)
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
