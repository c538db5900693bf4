"""One post rendered into its page: body, hero, metadata for search engines and social cards.

A pure function of the post, the site index and the templates: it runs in worker processes,
and what it finds (images used, warnings, links) comes back as data.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

import jinja2
import markupsafe
from markdown_it.token import Token

from mlguide.cards import CardFiles
from mlguide.errors import Finding, MlguideError
from mlguide.images import ImageFile
from mlguide.paths import ProjectPaths
from mlguide.site import urls
from mlguide.site.config.loader import Config
from mlguide.site.config.typos import one_slip_away
from mlguide.site.content import foreign
from mlguide.site.content.index import SiteIndex
from mlguide.site.content.meta import PostMeta
from mlguide.site.content.sources import Source
from mlguide.site.outputs import OutputFile
from mlguide.site.permalinks import absolute
from mlguide.site.render import markdown
from mlguide.site.render.figures import (
    RENDER_AGAIN,
    PageImages,
    did_you_mean,
    included_text,
    inspected,
    linked_file,
    project_file,
    published_picture,
    raw_file,
    render_image,
    resolve_image,
)
from mlguide.site.render.links import PageLinks, condense, page_links
from mlguide.site.render.lookups import FileLookups
from mlguide.site.render.markdown import Ids, PageEnv
from mlguide.site.render.pictures import Picture
from mlguide.site.render.science import (
    notebook_body,
    notebook_files,
    notebook_findings,
    prepare_page,
)
from mlguide.site.render.sitewide import SiteExtras
from mlguide.site.render.templating import StaticFile, page_context, render_page
from mlguide.store.files import FileState, file_state

WORDS_PER_MINUTE = 230
POST_TEMPLATES = (
    "base.html.j2",
    "post.html.j2",
    "page.html.j2",
    "figure.html.j2",
    "picture.html.j2",
)
_TAG = re.compile(r"<[^>]+>")
_POST_LINK = re.compile(r"\.(md|markdown)$", re.I)


@dataclass(frozen=True)
class Site:
    """What rendering any page needs: built once per process (workers inherit it)."""

    config: Config
    paths: ProjectPaths
    index: SiteIndex
    env: jinja2.Environment
    static: tuple[StaticFile, ...] = ()  # fonts and other files the templates use
    reserved_ids: frozenset[str] = frozenset()  # ids the post templates write themselves
    cards: dict[Path, CardFiles] = field(default_factory=dict)  # generated, by post source
    extras: SiteExtras = SiteExtras()  # menus, data files, logo: what every template sees
    # What the pages found out about the project's files, asked once per build (a new Site,
    # as serve prepares on every change, starts with none).
    lookups: FileLookups = field(default_factory=FileLookups, compare=False, repr=False)


@dataclass(frozen=True)
class Inputs:
    """Everything outside its own source a page was made from, as it was then: the render
    cache reuses the page only while all of it is unchanged."""

    files: dict[Path, FileState]  # every file looked at, present or not
    posts: dict[str, tuple[str, bool] | None]  # link target -> (URL, published), or none


_NOTHING_READ = Inputs({}, {})


@dataclass(frozen=True)
class RenderedPost:
    meta: PostMeta
    files: tuple[OutputFile, ...]
    images: frozenset[ImageFile]
    findings: tuple[Finding, ...]
    links: PageLinks
    hero: ImageFile | None
    og: ImageFile | None
    inputs: Inputs = field(default_factory=lambda: Inputs({}, {}))
    hero_dark: ImageFile | None = None  # shown instead of the hero in dark mode
    changes: tuple[foreign.Change, ...] = ()  # other generators' syntax and what became of it
    minutes: int = 0  # reading time, which lists show too
    hero_picture: Picture | None = None  # the hero's variants, for the lists
    hero_dark_picture: Picture | None = None
    feed_body: str = ""  # the text for `feed: full` feeds, its links relative to the page

    def written(self, meta: PostMeta) -> RenderedPost:
        """The same page once on disk, as the rest of the build keeps it: without its bytes,
        nor what it read (checked against the store before it was written), with its links
        sharing their text with the other pages', and with `meta`, the post as this process
        read it, in place of the equal copy a worker sent back. At 10,000 pages those copies
        and records are 30 MB."""
        files = tuple(OutputFile(f.path, b"") for f in self.files)
        return replace(
            self,
            meta=meta if meta == self.meta else self.meta,
            files=files,
            links=self.links.shared(),
            inputs=_NOTHING_READ,
        )


def render_post(source: Source, site: Site) -> RenderedPost:
    meta = source.meta
    page = PageEnv(
        source=meta.source,
        ids=Ids(set(site.reserved_ids)),
        title_line=meta.title_line,
        dialect=meta.dialect,
        html_body=meta.source.suffix.lower() in (".html", ".htm"),
    )
    page.findings.extend(source.findings)
    try:
        return _render_post(source, site, page)
    except MlguideError as exc:
        # What the page found before its error is said with it: one run shows it all.
        exc.warnings = (*exc.warnings, *page.findings)
        raise


def _render_post(source: Source, site: Site, page: PageEnv) -> RenderedPost:
    meta = source.meta
    out_path = meta.out_path
    state = PageImages(root=urls.relative(out_path, ""), lookups=site.lookups)
    prepare_page(meta, site.config, site.paths, page, state.seen)
    posts: dict[str, tuple[str, bool] | None] = {}
    page.render_image = lambda use, env: render_image(use, env, site.paths, state, site.env)
    written: dict[tuple[str, int], str] = {}  # what the author wrote, for the link check

    def resolve_link(href: str, line: int) -> str:
        link = _resolve_link(href, line, page, out_path, site, posts, state)
        if link != href:
            written[(link, line)] = href
        return link

    page.resolve_link = resolve_link
    body_text, notebook = notebook_body(source, site.config, site.paths, page)
    first_body_finding = len(page.findings)
    text = foreign.translate(
        body_text,
        meta.source,
        foreign.Links(
            lambda name: _named(name, out_path, site, posts),
            lambda path: _site_page(path, page, out_path, site, state),
            lambda path: included_text(path, meta.source, site.paths, state),
        ),
        dialect=meta.dialect,
        plugins=meta.old_plugins,
    )
    page.findings.extend(text.findings)
    page.block_attrs = text.attributes
    page.resolve_src = lambda src, line: raw_file(
        src, line, page, out_path, site, state, meta.old_url
    )
    page.did_you_mean = lambda src: did_you_mean(src, page, site.paths, state.seen)
    card = site.cards.get(meta.source)
    # The hero is the author's picture. A generated card repeats the title, date and tags
    # printed right above it, so it is the social image (og:image) and goes on the page only
    # when the author asks for it (`hero: card`); a page (About, CV) never shows its card.
    shown_card = card if meta.hero_card and not meta.is_page else None
    state.eager = 0 if meta.hero or shown_card else 1  # no hero: the first figure is on screen
    tokens = markdown.parse(text.text, page)
    page.findings.extend(heading_findings(tokens, meta.source))
    page.findings.extend(fence_findings(tokens, text.text, meta.source))
    body = markdown.render(tokens, page)
    # The h1's formulas typeset, as a heading's are; <title>, feeds and cards keep the text.
    title_html = markdown.title_html(meta.title, page, meta.title_line or meta.line_of("title"))
    page.findings = notebook_findings(page.findings, first_body_finding, notebook, meta.source)
    hero = _image(
        meta.hero or _project_url(shown_card.hero if shown_card else None, site),
        "hero",
        meta,
        page,
        site,
        state,
    )
    if hero is not None and meta.hero and not meta.hero_alt.strip():
        page.warn("image-alt", "hero has no `hero_alt` text", meta.line_of("hero"))
    hero_dark = _variant(hero, "-dark", state) if meta.hero else None
    if hero_dark is None and shown_card is not None and shown_card.hero_dark is not None:
        hero_dark = _image(
            _project_url(shown_card.hero_dark, site), "hero", meta, page, site, state
        )
    hero_narrow = _variant(hero, "-narrow", state, same_size=False) if meta.hero else None
    hero_narrow_dark = (
        _variant(hero, "-narrow-dark", state, same_size=False) if hero_narrow else None
    )
    # The hero's variants; the file itself stays published, for the lists and og:image.
    # A hero with a narrow (phone) layout is served as drawn: its own <picture> picks it.
    hero_picture = published_picture(hero, site.paths, state) if hero and not hero_narrow else None
    hero_dark_picture = (
        published_picture(hero_dark, site.paths, state) if hero_dark and hero_picture else None
    )
    og = _image(meta.og_image, "og_image", meta, page, site, state)
    own_hero = hero if meta.hero else None  # None too when the author's picture is missing
    if og is None and own_hero is None and card is not None:
        og = _image(_project_url(card.og, site), "og_image", meta, page, site, state)
    og = og or own_hero
    minutes = reading_minutes(body)
    newer, older = site.index.neighbours(meta)
    authors = meta.authors or ((site.config.author,) if site.config.author else ())
    og_url = absolute(site.config.base_url, og.out_path) if og else None
    html_text = render_page(
        site.env,
        "page.html.j2" if meta.is_page else "post.html.j2",
        page_context(
            site.config,
            out_path,
            meta.kind,
            f"{meta.title} · {site.config.title}",
            meta.description,
        ),
        post=meta,
        title_html=markupsafe.Markup(title_html),
        body=body,
        toc=page.toc,
        hero=hero,
        hero_dark=hero_dark,
        hero_narrow=hero_narrow,
        hero_narrow_dark=hero_narrow_dark,
        hero_alt=meta.hero_alt if meta.hero else meta.title,  # a generated card shows the title
        og=og,
        og_url=og_url,
        og_alt=meta.hero_alt if (og is hero and meta.hero) else meta.title,
        reading_minutes=minutes,
        hero_picture=hero_picture,
        hero_dark_picture=hero_dark_picture if hero_picture else None,
        uses=page.uses,
        has_code="code" in page.uses,
        has_animation=state.animated > 0,
        has_math=page.math > 0,
        has_citations=any(
            mark in body
            for mark in ('class="citation', 'class="references"', 'class="crossref', "<caption")
        ),
        has_notebook='class="nb-' in body,
        authors=authors,
        structured_data=structured_data(meta, site.config, authors, og, og_url),
        newer=newer,
        older=older,
        related=() if meta.is_page else site.index.related(meta),
        tags=[] if meta.is_page else [t for n in meta.topics if (t := site.index.tag_of(n))],
    )
    data = html_text.encode()
    return RenderedPost(
        meta,
        (OutputFile(out_path, data), *notebook_files(meta, page)),
        frozenset(state.images),
        tuple(condense(page.findings)),
        page_links(data, page.links, skip=page.reported, written=written),
        hero,
        og,
        Inputs(dict(state.seen), posts),
        hero_dark,
        text.changes,
        minutes,
        hero_picture,
        hero_dark_picture if hero_picture else None,
        body if site.config.feed == "full" and not meta.is_page else "",
    )


def structured_data(
    meta: PostMeta,
    config: Config,
    authors: tuple[str, ...],
    og: ImageFile | None,
    og_url: str | None,
) -> dict[str, object]:
    """schema.org BlogPosting (a WebPage for a page) for search engines; absent facts are
    left out, never null."""
    canonical = absolute(config.base_url, meta.url_path)
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "WebPage" if meta.is_page else "BlogPosting",
        "headline": meta.title,
        "description": meta.description,
    }
    if meta.dated:
        data["datePublished"] = meta.date.date().isoformat()
        data["dateModified"] = meta.updated.date().isoformat()
    data |= {
        "author": [{"@type": "Person", "name": a, "url": config.author_link} for a in authors]
        or {"@type": "Organization", "name": config.title, "url": config.base_url},
        "publisher": {"@type": "Organization", "name": config.title, "url": config.base_url},
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "inLanguage": config.language,
    }
    if meta.tags:
        data["keywords"] = ", ".join(meta.tags)
    if og is not None and og_url is not None:
        data["image"] = {
            "@type": "ImageObject",
            "url": og_url,
            "width": og.width,
            "height": og.height,
        }
    return data


def _project_url(path: Path | None, site: Site) -> str | None:
    """A generated file as the `/x` path a post would write for it."""
    return None if path is None else "/" + path.relative_to(site.paths.root).as_posix()


def _image(
    src: str | None, key: str, meta: PostMeta, page: PageEnv, site: Site, state: PageImages
) -> ImageFile | None:
    if not src:
        return None
    return resolve_image(src, page, meta.line_of(key), site.paths, state)


def _variant(
    hero: ImageFile | None, suffix: str, state: PageImages, same_size: bool = True
) -> ImageFile | None:
    """`poster-dark.png` beside the hero `poster.png` (what `Still(dark=True)` draws), if it
    is there and the same size; or `poster-narrow.png`, its phone layout (any size: it is
    shown instead of the hero on narrow screens). Looked for even when absent: the page
    depends on it."""
    if hero is None:
        return None
    light = hero.source
    candidate = light.with_name(f"{light.stem}{suffix}{light.suffix}")
    found = state.lookups.once(("state", candidate), lambda _: file_state(candidate))
    state.seen[candidate] = found
    if found is None:
        return None
    variant = inspected(candidate, state.lookups)
    if same_size and (variant.width, variant.height) != (hero.width, hero.height):
        return None
    state.images.add(variant)
    return variant


def reading_minutes(body: str) -> int:
    """Minutes to read the rendered body, at least 1."""
    return max(1, math.ceil(len(_TAG.sub(" ", body).split()) / WORDS_PER_MINUTE))


def link_target(meta: PostMeta | None, index: SiteIndex) -> tuple[str, bool] | None:
    """What a link to a post depends on: where the post is, and whether it is published."""
    return None if meta is None else (meta.url_path, index.is_published(meta))


def _named(
    name: str, out_path: str, site: Site, seen: dict[str, tuple[str, bool] | None]
) -> str | None:
    meta = site.index.post_named(name)
    seen[f"name:{name}"] = link_target(meta, site.index)
    return None if meta is None else urls.relative(out_path, meta.url_path)


def _resolve_link(
    href: str,
    line: int,
    page: PageEnv,
    out_path: str,
    site: Site,
    seen: dict[str, tuple[str, bool] | None],
    state: PageImages,
) -> str:
    """`other.md` and `../x/index.md#part` lead to the built post, as in an editor; a link to
    another file of the project leads to its published copy."""
    if urls.is_external(href):
        return href
    path, fragment = urls.split(href)
    if not _POST_LINK.search(path):
        published = linked_file(href, page, line or None, site.paths, state)
        if published is None:
            _without_suffix(href, path, fragment, line, page, site, state)
            return href
        link = urls.relative(out_path, quote(published.out_path))  # `my notes.pdf`
        return link + (f"#{fragment}" if fragment else "")
    target = urls.source_file(href, page.source, site.paths.root, site.paths.content)
    meta = site.index.post_at(target) if target is not None else None
    if target is not None:
        seen[f"path:{target}"] = link_target(meta, site.index)
    if meta is None:
        meant = _post_meant(path, target, site, state)
        guess = f"; did you mean `{meant}{'#' + fragment if fragment else ''}`?" if meant else ""
        page.warn(
            "broken-link", f"link `{href}` points to a post that does not exist{guess}", line, href
        )
        return href
    link = urls.relative(out_path, meta.url_path) + (f"#{fragment}" if fragment else "")
    if not site.index.is_published(meta):
        held = meta in site.index.held_back
        what = f"a post held back until {meta.date.date().isoformat()}" if held else "a draft"
        # Said here, with why: the site's link check need not say "missing file" again.
        page.warn("broken-link", f"link `{href}` points to {what}", line, link)
    return link


def _without_suffix(
    href: str,
    path: str,
    fragment: str,
    line: int,
    page: PageEnv,
    site: Site,
    state: PageImages,
) -> None:
    """`[the welcome](welcome)` for `welcome.md`: a link by a post's file name without its
    `.md` leads nowhere. Said here, where the post is known, with the link to write (a slip
    in the name too: `welcom`)."""
    name = path.rpartition("/")[2]
    if not name or "." in name or urls.classify(href) is not urls.UrlKind.RELATIVE:
        return
    meant = f"{path}.md"
    target = urls.source_file(meant, page.source, site.paths.root, site.paths.content)
    if target is None:
        return
    if site.index.post_at(target) is None:
        meant = _post_meant(meant, target, site, state)
        if not meant:
            return
    suggestion = meant + (f"#{fragment}" if fragment else "")
    page.warn(
        "broken-link",
        f"link `{href}` points to a missing file; did you mean `{suggestion}`?",
        line,
        href,
    )


def _post_meant(path: str, target: Path | None, site: Site, state: PageImages) -> str:
    """The link to the post a slip away from a missing one (`welcom.md`, `Welcome.md` for
    `welcome.md`: the host's file names are case-sensitive), or "". As for a missing
    picture, the folder's listing is no input of the page: it is rendered again until the
    link is fixed."""
    if target is None:
        return ""
    state.seen[target.parent] = RENDER_AGAIN
    try:
        names = sorted(p.name for p in target.parent.iterdir() if p.is_file())
    except OSError:
        return ""
    wanted = target.name.lower()
    close = [n for n in names if n.lower() == wanted and n != target.name] + [
        n for n in names if one_slip_away(wanted, n.lower())
    ]
    posts = [n for n in close if site.index.post_at(target.parent / n) is not None]
    if not posts:
        return ""
    folder = path.rpartition("/")[0]
    return f"{folder + '/' if folder else ''}{posts[0]}"


def _site_page(
    path: str, page: PageEnv, out_path: str, site: Site, state: PageImages
) -> str | None:
    """`{{ site.baseurl }}/x`: None for a project file `/x` (links and images resolve it),
    else the site's page `x`, relative to this page so that it works under a subpath (the
    link check says if there is no such page)."""
    try:
        found = project_file(path, f"`{path}`", page, None, site.paths, state.seen, state.lookups)
        if found is not None:
            return None
    except MlguideError:  # outside the project: the link or image says so, at its line
        return None
    return urls.relative(out_path, path.lstrip("/"))


def fence_findings(tokens: list[Token], text: str, source: Path) -> list[Finding]:
    """A code block whose closing fence is missing turns the rest of the post into code,
    silently (Markdown allows it): say where it was opened."""
    lines = text.split("\n")
    found = []
    for token in tokens:
        if token.type != "fence" or not token.map or not token.markup:
            continue
        start, end = token.map
        last = lines[end - 1] if end - 1 < len(lines) else ""
        closing = last.strip().lstrip(">").strip()  # in a quote too: `> ```
        if (
            end - start >= 2
            and set(closing) == {token.markup[0]}
            and len(closing) >= len(token.markup)
        ):
            continue
        found.append(
            Finding(
                "unclosed-fence",
                f"the code block opened here ({token.markup}) is never closed, so all that "
                f"follows is shown as code: add a line with {token.markup} after the code",
                source,
                start + 1,
            )
        )
    return found


def heading_findings(tokens: list[Token], source: Path) -> list[Finding]:
    """The title is the page's h1; body headings start at h2 and never skip a level."""
    found: list[Finding] = []
    previous = 1
    for token in tokens:
        if token.type != "heading_open" or token.hidden:
            continue
        level = int(token.tag[1])
        line = token.map[0] + 1 if token.map else None
        if level == 1:
            found.append(
                Finding("heading-level", "use `##` for sections: the title is the h1", source, line)
            )
        elif level > previous + 1:
            found.append(
                Finding(
                    "heading-level",
                    f"heading level skips from h{previous} to h{level}",
                    source,
                    line,
                )
            )
        previous = level
    return found
