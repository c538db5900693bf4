"""Machine-readable files: Atom feeds, the sitemap, robots.txt and the build marker.

Every value in them comes from validated settings and front matter, which reject control
characters, so each file always parses as XML; text is escaped here, not trusted.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

import jinja2

from mlguide import __version__
from mlguide.paths import BUILD_MARKER
from mlguide.site.config.loader import Config
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


def render_feed(
    path: str,
    title: str,
    page_url: str,
    posts: Sequence[PostMeta],
    config: Config,
    env: jinja2.Environment,
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
        updated=max((p.updated for p in entries), default=EPOCH),
    )
    return OutputFile(path, text.encode())


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


def build_marker(config: Config, drafts: bool) -> OutputFile:
    """Marks the folder as an mlguide build (safe to replace) and records how it was built,
    which `mlguide check` reads back."""
    data = {
        "generator": "mlguide",
        "version": __version__,
        "base_url": config.base_url,
        "drafts": drafts,
    }
    return OutputFile(BUILD_MARKER, (json.dumps(data, sort_keys=True) + "\n").encode())
