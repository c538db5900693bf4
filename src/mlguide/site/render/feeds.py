"""Machine-readable files: Atom and JSON feeds, the sitemap, robots.txt and the build marker.

Every value in them comes from validated settings and front matter, which reject control
characters, so each file always parses as XML; text is escaped here, not trusted. A feed
carries each post's description, or with `feed: full` its whole text, whose links are made
absolute (a feed reader shows it away from the site).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

import jinja2

from mlguide import __version__
from mlguide.paths import BUILD_MARKER
from mlguide.site.config.loader import Config
from mlguide.site.content.index import SiteIndex
from mlguide.site.content.meta import PostMeta
from mlguide.site.outputs import OutputFile
from mlguide.site.permalinks import absolute
from mlguide.site.render.templating import render_template


def escape(text: str) -> str:
    """XML text: what `xml.sax.saxutils.escape` does, without importing it (it imports
    `urllib.request`, and with it `http.client` and `ssl`: a tenth of a small build's
    start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


FEED_LENGTH = 20  # entries per feed: what readers fetch on every poll
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    updated: dt.datetime | None


# `href`, `src` and `poster` attributes, and each URL of a `srcset`, in rendered HTML.
_URL_ATTR = re.compile(r'\b(href|src|poster|data-src)="([^"]*)"')
_SRCSET = re.compile(r'\b(srcset|data-srcset)="([^"]*)"')


@dataclass(frozen=True)
class Feed:
    """One feed of the site, written as Atom (`<path>feed.xml`) and JSON Feed (`feed.json`)."""

    folder: str  # "" for the site's feed, `tags/ml/` for a tag's
    title: str
    page_url: str  # the page the feed follows
    posts: Sequence[PostMeta]  # newest first


def site_feeds(index: SiteIndex, config: Config) -> list[Feed]:
    """The site's feed and one per tag: the same kind, full text or summary."""
    feeds = [Feed("", config.title, config.base_url, index.posts)]
    feeds += [
        Feed(
            tag.url_path,
            f"{config.title}: {tag.name}",
            absolute(config.base_url, tag.url_path),
            tag.posts,
        )
        for tag in index.tags
    ]
    return feeds


def render_feeds(
    feed: Feed, config: Config, env: jinja2.Environment, bodies: Mapping[PostMeta, str]
) -> list[OutputFile]:
    """`bodies`: each post's rendered text (`feed: full`), its links relative to its page."""
    entries = list(feed.posts[:FEED_LENGTH])
    content = {
        p: absolute_links(bodies[p], absolute(config.base_url, p.url_path))
        for p in entries
        if bodies.get(p)
    }
    return [
        render_feed(
            feed.folder + "feed.xml", feed.title, feed.page_url, entries, config, env, content
        ),
        render_json_feed(feed, entries, config, content),
    ]


def render_feed(
    path: str,
    title: str,
    page_url: str,
    posts: Sequence[PostMeta],
    config: Config,
    env: jinja2.Environment,
    content: Mapping[PostMeta, str] | None = None,
) -> OutputFile:
    """An Atom feed of the newest posts (`posts` are newest first)."""
    entries = list(posts[:FEED_LENGTH])
    text = render_template(
        env,
        "feed.xml.j2",
        feed_title=title,
        feed_url=absolute(config.base_url, path),
        page_url=page_url,
        posts=entries,
        content=content or {},
        updated=max((p.updated for p in entries), default=EPOCH),
    )
    return OutputFile(path, text.encode())


def render_json_feed(
    feed: Feed, entries: Sequence[PostMeta], config: Config, content: Mapping[PostMeta, str]
) -> OutputFile:
    """JSON Feed 1.1 (jsonfeed.org): the same entries as the Atom feed beside it."""
    path = feed.folder + "feed.json"
    author = {"name": config.author or config.title, "url": config.author_link}
    data: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.page_url,
        "feed_url": absolute(config.base_url, path),
        "language": config.language,
        "authors": [author],
        "items": [_json_item(p, config, content.get(p)) for p in entries],
    }
    if config.description:
        data["description"] = config.description
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return OutputFile(path, text.encode())


def _json_item(post: PostMeta, config: Config, html: str | None) -> dict[str, object]:
    url = absolute(config.base_url, post.url_path)
    item: dict[str, object] = {
        "id": url,
        "url": url,
        "title": post.title,
        "summary": post.description,
        "date_published": _rfc3339(post.date),
        "date_modified": _rfc3339(post.updated),
    }
    item["content_html" if html else "content_text"] = html or post.description
    if post.authors:
        item["authors"] = [{"name": name} for name in post.authors]
    if post.topics:
        item["tags"] = list(post.topics)
    return item


def _rfc3339(value: dt.datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def absolute_links(html: str, page_url: str) -> str:
    """Every URL of rendered HTML resolved against the page it was written for."""

    def one(match: re.Match[str]) -> str:
        return f'{match.group(1)}="{_resolve(match.group(2), page_url)}"'

    def each(match: re.Match[str]) -> str:
        items = []
        for item in match.group(2).split(","):
            url, _, size = item.strip().partition(" ")
            items.append(f"{_resolve(url, page_url)} {size}".strip())
        return f'{match.group(1)}="{", ".join(items)}"'

    return _SRCSET.sub(each, _URL_ATTR.sub(one, html))


def _resolve(url: str, page_url: str) -> str:
    """`#part` stays on the page it belongs to: in a reader, that is the post's URL."""
    return urljoin(page_url, url.replace("&amp;", "&")).replace("&", "&amp;")


def render_sitemap(entries: Sequence[SitemapEntry]) -> OutputFile:
    body = "".join(
        f"<url><loc>{escape(e.url)}</loc>"
        + (f"<lastmod>{e.updated.date().isoformat()}</lastmod>" if e.updated else "")
        + "</url>\n"
        for e in sorted(entries, key=lambda e: e.url)
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{body}</urlset>\n"
    )
    return OutputFile("sitemap.xml", text.encode())


def render_robots(config: Config) -> OutputFile:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {absolute(config.base_url, 'sitemap.xml')}\n"
    return OutputFile("robots.txt", text.encode())


def build_marker(config: Config, index: SiteIndex) -> OutputFile:
    """Marks the folder as an mlguide build (safe to replace) and records how it was built,
    which `mlguide check` reads back: its URL, and which posts it published (drafts, and
    the posts its clock held back)."""
    data: dict[str, object] = {
        "generator": "mlguide",
        "version": __version__,
        "base_url": config.base_url,
        "drafts": index.drafts,
    }
    if index.held_back:  # by name, not by the clock: the same content builds the same marker
        data["held_back"] = sorted(index.relative_name(m.source) for m in index.held_back)
    return OutputFile(BUILD_MARKER, (json.dumps(data, sort_keys=True) + "\n").encode())
