"""A post's metadata as every stage after reading sees it: one `PostMeta`, whichever
generator's dialect the post was written in.

Reading is done by `readers/`, one module per source dialect (mlguide, Jekyll, Hugo, Zola,
Pelican, the MkDocs blog); what they share and what the renderer needs too (the title
heading, the description length) lives here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlguide.errors import Finding
from mlguide.site.permalinks import file_of, post_path

DESCRIPTION_LIMIT = 160  # what search engines show; longer fallbacks are cut on a word
# The publish checklist's range for a meta description: shorter says too little on a
# results page, longer is cut there.
DESCRIPTION_RANGE = (50, DESCRIPTION_LIMIT)
_ATX_H1 = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class PostMeta:
    """Everything known about a post before its body is rendered (picklable)."""

    source: Path
    title: str
    description: str
    description_from: str  # "description", "excerpt", "summary" or "first paragraph"
    date: dt.datetime
    updated: dt.datetime
    slug: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    draft: bool
    hero: str | None  # the author's picture (`hero: card` is `hero_card`, not a file)
    hero_alt: str
    og_image: str | None
    share_hook: str
    title_line: int | None  # the `#` heading the title came from, hidden in the body
    kind: str  # "post", or "page": standalone (About, CV), in no list, feed or tag
    dated: bool  # the date was given (a page may have none; then `date` means nothing)
    url: str | None  # its own URL from the front matter: a site path, or a pattern
    aliases: tuple[str, ...]  # old site paths that redirect to it
    lines: dict[str, int] = field(compare=False)
    params: dict[str, Any] = field(compare=False)
    # The source dialect it was read in ("mlguide", "jekyll", "hugo", "zola", "pelican",
    # "mkdocs"): rendering reads the body the way that generator meant it.
    dialect: str = "mlguide"
    old_url: str | None = None  # where its old generator published it (`/2017/06/21/x.html`)
    # Where the site's index placed it (the `permalink` pattern filled in); "" until then.
    site_path: str = ""
    hero_card: bool = False  # `hero: card`: the generated card at the top of the post
    # The plugins the old blog ran, as its config says (Jekyll's `plugins:`: `jemoji` draws
    # `:tada:`); None when no config file was read, so they cannot be known.
    old_plugins: tuple[str, ...] | None = None

    @property
    def url_path(self) -> str:
        """The URL relative to the site root: `slug/`, `2024/05/slug/`, `about.html`."""
        if self.site_path:
            return self.site_path
        if self.url and ":" not in self.url:
            return self.url
        return post_path(self.slug)

    @property
    def out_path(self) -> str:
        """The file the page is written to: `slug/index.html`, `about.html`."""
        return file_of(self.url_path)

    @property
    def is_page(self) -> bool:
        return self.kind == "page"

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key)

    @property
    def topics(self) -> tuple[str, ...]:
        """Categories and tags: what tag pages and related posts are made of. A category and
        a tag that name one topic (`Machine Learning`, `machine-learning`) are one, spelled
        as it comes first."""
        first: dict[str, str] = {}
        for name in (*self.categories, *self.tags):
            first.setdefault(tag_key(name), name)
        return tuple(first.values())


def tag_key(name: str) -> str:
    """What makes two tag names one tag: case, and spaces, dashes or underscores between
    the words, are how a category and a tag spell the same topic (`Machine Learning`,
    `machine-learning`, `machine_learning`); accents and symbols are not (`café` is not
    `cafe`, `C++` is not `C`)."""
    return "-".join(re.split(r"[\s_-]+", name.casefold().strip()))


# The date of a page that gives none: never shown, and never in the future.
UNDATED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class ReadMeta:
    meta: PostMeta
    findings: tuple[Finding, ...]


def first_heading(body: str) -> tuple[str | None, int | None]:
    """The first `# Heading` outside fenced code, and its line."""
    fence = ""
    for number, line in enumerate(body.split("\n"), 1):
        if m := _FENCE.match(line):
            marker = m.group(1)
            if not fence:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = ""
            continue
        if fence:
            continue
        if h1 := _ATX_H1.match(line):
            return h1.group(1), number
        if line.strip():
            return None, None  # the title heading must come before the text
    return None, None


def description_width(text: str) -> int:
    """Length as a results page shows it: a Chinese, Japanese or Korean character (East Asian
    wide or full-width) takes the room of two Latin ones, so 40 of them are a full
    description, not a short one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.—–- ")
    return cut + "…"
