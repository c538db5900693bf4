"""Pages that list posts: home (and its continuation pages), tags, the archive, and 404.

Page 1 of the list is the home page itself; later pages live at `page/2/`, `page/3/` … and
link to their neighbours with `rel=prev/next`. Each tag has a page and an Atom feed; the
archive lists every post by year; the 404 page lists the newest posts.

Lists are text first (title, date, reading time, tags, description): a generated card is a
picture of that same text, so a list shows a post's own hero only, never its card.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import jinja2

from mlguide.images import ImageFile
from mlguide.site.config.loader import Config
from mlguide.site.content.index import SiteIndex, Tag
from mlguide.site.content.meta import PostMeta
from mlguide.site.outputs import OutputFile
from mlguide.site.permalinks import ARCHIVE, HOME_PAGES, TAGS
from mlguide.site.render.pictures import Picture
from mlguide.site.render.post import RenderedPost
from mlguide.site.render.templating import Link, PageContext, page_context, render_page


@dataclass(frozen=True)
class TagLink:
    name: str
    url_path: str


@dataclass(frozen=True)
class Listed:
    """A post as a list shows it: its facts, and its own picture if it has one."""

    meta: PostMeta
    hero: ImageFile | None = None  # the author's `hero`, never a generated card
    hero_dark: ImageFile | None = None  # for dark mode
    minutes: int = 0  # reading time (0: not known, not shown)
    tags: tuple[TagLink, ...] = ()
    # The hero's smaller copies, so a thumbnail fetches one of them, not the original; None
    # for a hero published only as it is (SVG, an animation, a scene's narrow layout).
    thumb: Picture | None = None
    thumb_dark: Picture | None = None


# What lists show of each published post (from its rendered page).
Heroes = Mapping[PostMeta, Listed]


def listing_facts(rendered: Iterable[RenderedPost], index: SiteIndex) -> dict[PostMeta, Listed]:
    """Each rendered post as lists show it. A generated card (`hero: card`) stays off lists:
    it repeats the title, date and tags printed right beside it."""
    out = {}
    for r in rendered:
        own = r.meta.hero is not None
        tags = tuple(
            TagLink(t.name, t.url_path)
            for name in r.meta.topics
            if (t := index.tag_of(name)) is not None
        )
        out[r.meta] = Listed(
            r.meta,
            r.hero if own else None,
            r.hero_dark if own else None,
            r.minutes,
            tags,
            r.hero_picture if own else None,
            r.hero_dark_picture if own else None,
        )
    return out


def listed(posts: Iterable[PostMeta], facts: Heroes) -> list[Listed]:
    return [facts.get(p) or Listed(p) for p in posts]


RECENT = 5  # posts the 404 page lists


@dataclass(frozen=True)
class ListingPage:
    file: OutputFile
    page: PageContext


def home_path(number: int) -> str:
    return "index.html" if number == 1 else f"{HOME_PAGES}{number}/index.html"


def render_home_pages(
    posts: Sequence[PostMeta],
    heroes: Heroes,
    config: Config,
    env: jinja2.Environment,
) -> list[ListingPage]:
    every = listed(posts, heroes)
    chunks = [every[i : i + config.per_page] for i in range(0, len(every), config.per_page)]
    chunks = chunks or [[]]
    out = []
    for number, chunk in enumerate(chunks, 1):
        path = home_path(number)
        root = "../../" if number > 1 else ""
        page = page_context(
            config,
            path,
            "home",
            config.title if number == 1 else f"{config.title}, page {number}",
            config.description or config.title,
            prev_url=root + _folder(home_path(number - 1)) if number > 1 else None,
            next_url=root + _folder(home_path(number + 1)) if number < len(chunks) else None,
        )
        html = render_page(env, "home.html.j2", page, posts=chunk, number=number, pages=len(chunks))
        out.append(ListingPage(OutputFile(path, html.encode()), page))
    return out


def _folder(path: str) -> str:
    folder = path.removesuffix("index.html")
    return folder or "./"


def render_404(
    config: Config, env: jinja2.Environment, recent: Sequence[PostMeta] = ()
) -> OutputFile:
    """Served at any depth, so its links are absolute to the site's base path. It offers
    search and the `recent` posts: a reader who followed a dead link came for a post."""
    page = page_context(
        config,
        "404.html",
        "404",
        f"Page not found · {config.title}",
        "This page does not exist.",
        root=config.base_path,
        canonical=None,
        noindex=True,
    )
    html = render_page(env, "404.html.j2", page, recent=recent[:RECENT])
    return OutputFile("404.html", html.encode())


def render_tag_pages(
    tags: Sequence[Tag],
    heroes: Heroes,
    config: Config,
    env: jinja2.Environment,
) -> list[ListingPage]:
    """`/tags/` (every tag with its count) and one page per tag, newest first."""
    index = page_context(
        config,
        f"{TAGS}index.html",
        "tags",
        f"Tags · {config.title}",
        f"Every topic on {config.title}, with the number of posts about it.",
    )
    out = [
        ListingPage(
            OutputFile(
                f"{TAGS}index.html", render_page(env, "tags.html.j2", index, tags=tags).encode()
            ),
            index,
        )
    ]
    for tag in tags:
        path = tag.url_path + "index.html"
        count = len(tag.posts)
        page = page_context(
            config,
            path,
            "tag",
            f"{tag.name} · {config.title}",
            f"{count} post{'s' if count != 1 else ''} tagged “{tag.name}” on {config.title}.",
            feeds=(Link(f"{config.title}: {tag.name} (Atom)", "feed.xml"),),
        )
        html = render_page(
            env,
            "tag.html.j2",
            page,
            tag=tag,
            posts=listed(tag.posts, heroes),
        )
        out.append(ListingPage(OutputFile(path, html.encode()), page))
    return out


def render_archive(
    posts: Sequence[PostMeta], config: Config, env: jinja2.Environment
) -> ListingPage:
    years: dict[int, list[PostMeta]] = {}
    for post in posts:
        years.setdefault(post.date.year, []).append(post)
    page = page_context(
        config,
        f"{ARCHIVE}index.html",
        "archive",
        f"Archive · {config.title}",
        f"Every post on {config.title}, by year.",
    )
    html = render_page(env, "archive.html.j2", page, years=sorted(years.items(), reverse=True))
    return ListingPage(OutputFile(f"{ARCHIVE}index.html", html.encode()), page)
