"""Posts in, site files out: the steps `build` runs once and `serve` re-runs in part.

1. scan: find and read every post's metadata, and index them (`prepare`);
2. render each post's page, in worker processes for large sites (`iter_rendered`);
3. assemble what the posts need together: listings, feeds, sitemap, images, link check.
Every step collects all its problems before it fails, so one run reports all of them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import os
from collections import Counter
from collections.abc import Callable, Generator, Hashable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from mlguide import limits
from mlguide.cards import CardRequest, CardText, UncoveredText, drawable, ensure_cards
from mlguide.errors import ErrorGroup, Finding, MlguideError, raise_all
from mlguide.fileio import read_file
from mlguide.images import ImageFile
from mlguide.paths import ProjectPaths
from mlguide.site.config.loader import Config, base_url_findings, load_config
from mlguide.site.content.index import (
    Schedule,
    SiteIndex,
    build_index,
    schedule_notices,
    site_clock,
)
from mlguide.site.content.meta import PostMeta
from mlguide.site.content.readers.oldsite import old_addresses
from mlguide.site.content.rootfiles import root_files
from mlguide.site.content.sources import Source, find_sources, scan_posts
from mlguide.site.outputs import CopiedFile, OutputFile, SiteFile
from mlguide.site.pagecache import KIND as PAGE
from mlguide.site.pagecache import (
    LISTINGS,
    LISTINGS_CODEC,
    Fingerprint,
    fingerprint,
    listings_key,
    page_codec,
    page_key,
    usable,
)
from mlguide.site.permalinks import absolute
from mlguide.site.render.feeds import (
    SitemapEntry,
    build_marker,
    render_feeds,
    render_robots,
    render_sitemap,
    site_feeds,
)
from mlguide.site.render.figures import image_found
from mlguide.site.render.links import PageLinks, check_links, page_links
from mlguide.site.render.listings import (
    ListingPage,
    listing_facts,
    render_404,
    render_archive,
    render_home_pages,
    render_tag_pages,
)
from mlguide.site.render.markdown import first_paragraph
from mlguide.site.render.post import POST_TEMPLATES, RenderedPost, Site, render_post
from mlguide.site.render.redirects import render_redirects
from mlguide.site.render.sitewide import icon_files, install, site_extras
from mlguide.site.render.templatenames import unused_templates
from mlguide.site.render.templating import (
    DEFAULT_TEMPLATES,
    human_date,
    make_environment,
    static_files,
    template_ids,
)
from mlguide.site.write.search import OUTPUT_DIR as SEARCH_DIR
from mlguide.store.files import Digests
from mlguide.store.store import Store
from mlguide.workers import worker_pool

Progress = Callable[[int, int], None]

# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 48


@dataclass(frozen=True)
class Prepared:
    site: Site
    sources: tuple[Source, ...]  # what gets a page (drafts only with --drafts)
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Content:
    """Every post read and indexed: what `build`, `serve`, `check` and `share` start from."""

    sources: tuple[Source, ...]  # every post, drafts included
    index: SiteIndex
    skipped: tuple[Finding, ...]  # files passed over, with why


def read_content(
    paths: ProjectPaths,
    drafts: bool,
    config: Config | None = None,
    future: bool = False,
    store: Store | None = None,
) -> Content:
    """Every post's metadata and the index, or every problem found on the way. `config`
    gives the permalink pattern; `future` publishes posts dated after the build's clock;
    `store` keeps each post as read, by its file's state."""
    found, skipped = find_sources(paths.content)
    if not found:
        raise MlguideError(
            "no posts: add a Markdown file (.md or .markdown) to the content folder",
            paths.content,
        )
    scanned = scan_posts(found, paths.content, first_paragraph, store)
    index = build_index(
        [s.meta for s in scanned],
        paths.content,
        drafts,
        (config or Config()).permalink,
        Schedule(site_clock(), future),
        old_addresses,
    )
    placed = {s.meta.source: index.post_at(s.meta.source) or s.meta for s in scanned}
    sources = tuple(replace(s, meta=placed[s.meta.source]) for s in scanned)
    return Content(sources, index, (*skipped, *schedule_notices(index), *index.url_warnings))


def prepare(
    paths: ProjectPaths,
    base_url: str | None,
    drafts: bool,
    future: bool = False,
    store: Store | None = None,
) -> Prepared:
    """Settings, every post's metadata and the index, or every problem found on the way."""
    config = load_config(paths.config, base_url)
    content = read_content(paths, drafts, config, future, store)
    index = content.index
    static = static_files(paths.templates, config.search)
    env = make_environment(config, paths.templates, static)
    extras = site_extras(config, index, paths)
    install(env, config, extras)
    ids = template_ids(env, POST_TEMPLATES)
    site = Site(config, paths, index, env, static, ids, extras=extras)
    published = tuple(s for s in content.sources if index.is_published(s.meta))
    findings = (
        *base_url_findings(config, paths.config),
        *unused_templates(paths.templates, DEFAULT_TEMPLATES),
        *(
            Finding("theme", note, paths.config, notice=True)
            for note in config.theme.tokens.adjusted
        ),
        *content.skipped,
    )
    return Prepared(site, published, findings)


def with_cards(
    prepared: Prepared,
    jobs: int | None = None,
    progress: Progress | None = None,
    force: bool = False,
    digests: Digests | None = None,
) -> Prepared:
    """Draw (or find current) the hero and social card of every post without a picture of
    its own (or whose picture is missing), drafts included: `--drafts` must not redraw
    them. Cards nothing needs are removed. Text the bundled fonts cannot draw never stops a
    build (a blog in Chinese must publish): it is left off the card with a notice, and a post
    whose title cannot be drawn gets no card, with a warning (a notice for a draft this build
    leaves out)."""
    site, config = prepared.site, prepared.site.config
    posts = sorted(site.index.everything.values(), key=lambda m: str(m.source))
    names = card_names(posts)
    requests = []
    notices: list[Finding] = []
    for m in posts:
        if m.hero and image_found(m.hero, m.source, m.dialect, site.paths):
            continue
        text, left_out = drawable(card_text(config, m))
        for gap in left_out:
            notices.extend(_left_out(gap, m, site, published=site.index.is_published(m)))
        if text is not None:
            requests.append(CardRequest(names[m.source], text, m.source, m.lines))
    notices = list(dict.fromkeys(notices))  # the site's name: said once
    tokens = config.theme.tokens
    files = ensure_cards(
        site.paths.generated,
        requests,
        jobs,
        progress,
        force,
        digests,
        (tokens.light, tokens.dark),
    )
    by_source = {m.source: files[names[m.source]] for m in posts if names[m.source] in files}
    findings = (*prepared.findings, *notices)
    return replace(prepared, site=replace(site, cards=by_source), findings=findings)


def card_names(posts: Sequence[PostMeta]) -> dict[Path, str]:
    """Each post's card name, which names its files in `assets/generated/cards/`: its slug,
    unless another post's card would have the same name, or the same but for case (one file
    on a case-insensitive disk), as two posts with one slug in two sections do
    (`/post/template/`, `/project/template/`); then each of those gets a digest of its URL
    after the slug, longer until no name is taken twice (a slug may be `intro-1c770fff`)."""
    names = {m.source: m.slug for m in posts}
    for length in (8, 16, 64):
        taken = Counter(name.casefold() for name in names.values())
        clashing = [m for m in posts if taken[names[m.source].casefold()] > 1]
        if not clashing:
            break
        for m in clashing:
            where = (m.url_path or str(m.source)).encode()
            names[m.source] = f"{m.slug}-{hashlib.sha256(where).hexdigest()[:length]}"
    return names


def card_text(config: Config, meta: PostMeta) -> CardText:
    """What a post's card shows; a page's has no date (it may have none) and no tags."""
    if meta.is_page:
        return CardText(config.title, meta.title, meta.description, "", ())
    return CardText(config.title, meta.title, meta.description, human_date(meta.date), meta.tags)


def _left_out(gap: UncoveredText, meta: PostMeta, site: Site, published: bool) -> list[Finding]:
    if gap.field == "site":
        line = _line_of_key(site.paths.config, "title")
        message = f"the generated cards leave out the site's name: {gap.reason}"
        return [Finding("card", message, site.paths.config, line, notice=True)]
    line = meta.lines.get(gap.field)
    if gap.field != "title":
        message = f"the generated card leaves out {gap.where}: {gap.reason}"
        return [Finding("card", message, meta.source, line, notice=True)]
    message = (
        f"no generated card for this post: {gap.reason}; it publishes without a social "
        "picture: set `og_image` (and `hero`) to a picture of your own"
    )
    return [Finding("card", message, meta.source, line, notice=not published)]


def _line_of_key(path: Path, key: str) -> int | None:
    try:
        lines = read_file(path, limits.CONFIG_BYTES).decode("utf-8", "replace").splitlines()
    except MlguideError:
        return None
    return next((i for i, line in enumerate(lines, 1) if line.startswith(f"{key}:")), None)


def render_or_error(source: Source, site: Site) -> RenderedPost | MlguideError:
    """A rendered page, or its problems as a value, so one bad post does not hide the rest."""
    try:
        return render_post(source, site)
    except MlguideError as exc:
        return exc


@dataclass(frozen=True)
class Work:
    """The posts to render, and the store to use (None: `--no-cache`)."""

    site: Site
    sources: tuple[Source, ...]
    store: Store | None = None
    keys: tuple[str, ...] = ()  # each source's key in the store, in the same order
    fingerprint: Fingerprint | None = None  # what the keys share (the listings' key too)


def plan(site: Site, sources: Sequence[Source], store: Store | None) -> Work:
    if store is None:
        return Work(site, tuple(sources))
    site_fingerprint = fingerprint(site)
    keys = tuple(page_key(site_fingerprint, s, site) for s in sources)
    store.touch(PAGE, keys)
    return Work(site, tuple(sources), store, keys, site_fingerprint)


def iter_rendered(
    work: Work, jobs: int | None, group: Callable[[Source], Hashable] | None = None
) -> Iterator[RenderedPost | MlguideError]:
    """Rendered posts, each as soon as it is ready (so it can be written while the workers go
    on rendering). A problem that many pages share (a broken template) is yielded once, not
    once per page.

    The order serves what waits on it. A few pages to render (an edit) are rendered first,
    then the store's pages follow, those sharing a `group` with a rendered one (a search
    shard) before the others: the group is complete early and its indexing runs beside the
    writing of the rest. Many pages to render go to the workers after the store's pages."""
    seen: set[str] = set()
    with contextlib.closing(_rendered(work, jobs, group)) as results:  # the pool stops with us
        for result in results:
            if isinstance(result, MlguideError):
                new = [e for e in result.errors if str(e) not in seen]
                seen.update(str(e) for e in new)
                if not new:
                    continue
                if len(new) < len(result.errors):
                    result = new[0] if len(new) == 1 else ErrorGroup(new)
            yield result


def _rendered(
    work: Work, jobs: int | None, group: Callable[[Source], Hashable] | None
) -> Generator[RenderedPost | MlguideError, None, None]:
    """The store's pages are loaded and handed over one at a time: each holds its page's
    bytes until it is written, and holding them all (10,000 pages of 50 KB) would cost half
    a gigabyte. So the pages to render first are told by their entry's absence, without
    reading it; an entry found unusable when it is read is rendered with the rest."""
    count = len(work.sources)
    absent = [i for i in range(count) if not _may_be_stored(work, i)]
    workers = jobs or os.cpu_count() or 1
    first = absent if workers == 1 or len(absent) < PARALLEL_THRESHOLD else []
    with _fewer_gc_passes():
        yield from (_render(work, i) for i in first)
    done = set(first)
    rest = [i for i in range(count) if i not in done]
    if group is not None and first:
        touched = {group(work.sources[i]) for i in first}
        rest.sort(key=lambda i: group(work.sources[i]) not in touched)  # stable
    misses = []
    for i in rest:
        hit = _stored(work, i)
        if hit is None:
            misses.append(i)
        else:
            yield hit
    with _fewer_gc_passes():
        if workers == 1 or len(misses) < PARALLEL_THRESHOLD:
            yield from (_render(work, i) for i in misses)
            return
        chunk = max(8, len(misses) // (workers * 8))
        with worker_pool(workers, _init_worker, (work,)) as pool:
            results = pool.imap(_render_nth, misses, chunksize=chunk)
            for i, result in zip(misses, results, strict=True):
                if work.store is not None and isinstance(result, RenderedPost):
                    work.store.remember(PAGE, work.keys[i], result)  # serve: kept warm
                yield result


def _may_be_stored(work: Work, i: int) -> bool:
    return work.store is not None and work.store.has(PAGE, work.keys[i])


def _stored(work: Work, i: int) -> RenderedPost | None:
    if work.store is None:
        return None
    source = work.sources[i]
    found = work.store.load(PAGE, work.keys[i], page_codec(source.meta))
    if not isinstance(found, RenderedPost) or not usable(found, work.site):
        return None
    return found


def _render(work: Work, i: int) -> RenderedPost | MlguideError:
    source = work.sources[i]
    result = render_or_error(source, work.site)
    if work.store is not None and isinstance(result, RenderedPost):
        work.store.save(PAGE, work.keys[i], result, page_codec(source.meta))
    return result


_worker: Work | None = None  # set once in each worker process


def _init_worker(work: Work) -> None:
    """Workers inherit the work: forked, not pickled."""
    global _worker
    _worker = work


def _render_nth(i: int) -> RenderedPost | MlguideError:
    assert _worker is not None
    return _render(_worker, i)


@contextlib.contextmanager
def _fewer_gc_passes() -> Iterator[None]:
    """Parsing a page makes tens of thousands of short-lived objects that reference counting
    frees; the cycle collector scanning them after every 700 costs 6% of the render time.
    (mypy raises the threshold for the same reason.) Forked workers inherit the setting."""
    previous = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def render_all(site: Site, sources: Sequence[Source], jobs: int | None) -> list[RenderedPost]:
    rendered: list[RenderedPost] = []
    errors: list[MlguideError] = []
    for result in iter_rendered(plan(site, sources, None), jobs):
        (errors if isinstance(result, MlguideError) else rendered).append(result)  # type: ignore[arg-type]
    raise_all(errors)
    return rendered


def assemble(
    site: Site,
    rendered: Sequence[RenderedPost],
    work: Work | None = None,
    links: dict[bytes, PageLinks] | None = None,
) -> tuple[list[SiteFile], list[Finding]]:
    """Everything the site needs beyond the post pages, and every warning of the site (the
    link check included). `rendered` is every published post's page; with the `work` that
    rendered them (its store and fingerprint), listing pages are reused while what they
    show is unchanged. `links`: the links of generated pages by their bytes, from the last
    call (`serve`), updated to this one's."""
    config, env, index = site.config, site.env, site.index
    heroes = listing_facts(rendered, index)

    def make_listings() -> tuple[ListingPage, ...]:
        return (
            *render_home_pages(index.posts, heroes, config, env),
            *render_tag_pages(index.tags, heroes, config, env),
            render_archive(index.posts, config, env),
        )

    if work is None or work.store is None or work.fingerprint is None:
        listings = make_listings()
    else:
        key = listings_key(work.fingerprint, site, heroes.values())
        listings = work.store.get_or_make(LISTINGS, key, make_listings, LISTINGS_CODEC)
    bodies = {r.meta: r.feed_body for r in rendered if r.feed_body}
    files: list[SiteFile] = [
        *(listing.file for listing in listings),
        render_404(config, env, index.posts),
        *(f for feed in site_feeds(index, config) for f in render_feeds(feed, config, env, bodies)),
        *render_redirects(index.redirects, config, env),
        render_robots(config),
        build_marker(config, index),
    ]
    newest = max((p.updated for p in index.posts), default=None)
    entries = [SitemapEntry(listing.page.canonical or "", newest) for listing in listings]
    entries += [
        SitemapEntry(absolute(config.base_url, r.meta.url_path), _lastmod(r.meta)) for r in rendered
    ]
    files.append(render_sitemap(entries))
    images: set[ImageFile] = {i for r in rendered for i in r.images}
    # Two files with the same name and bytes (a logo in two page bundles) are one picture.
    unique = {i.out_path: i for i in sorted(images, key=lambda i: (i.out_path, str(i.source)))}
    files += [CopiedFile(i.out_path, i.source, i.sha256, i.size) for i in unique.values()]
    files += [OutputFile(f.out_path, _read(f.source)) for f in site.static]
    # The project's static/ folder, at the site root as it is; never over a generated file,
    # except the drawn favicon set: a `static/favicon.ico` of the project's replaces that one.
    taken: dict[str, Path | None] = {f.path: None for f in files}
    taken |= {f.path: r.meta.source for r in rendered for f in r.files}  # named in errors
    reserved = [SEARCH_DIR] if config.search else []
    own = root_files(site.paths.static, site.paths.root, taken, reserved)
    mine = {f.path for f in own}
    files += [f for f in icon_files(config, site.extras) if f.path not in mine]
    files += own
    findings = [f for r in rendered for f in r.findings]
    try:
        findings += site_link_findings(config, rendered, files, links)
    except MlguideError as exc:  # a link out of the site: the pages' warnings are said too
        exc.warnings = (*findings, *exc.warnings)
        raise
    return files, findings


def _lastmod(meta: PostMeta) -> dt.datetime | None:
    return meta.updated if meta.dated else None  # an undated page's last change is unknown


def _read(path: Path) -> bytes:
    return read_file(path, limits.PUBLISHED_FILE_BYTES)  # a static file (a font)


def site_link_findings(
    config: Config,
    rendered: Sequence[RenderedPost],
    files: Sequence[SiteFile],
    known: dict[bytes, PageLinks] | None = None,
) -> list[Finding]:
    pages = {r.files[0].path: r.links for r in rendered}
    generated = [f for f in files if isinstance(f, OutputFile) and f.path.endswith(".html")]
    found = {f.data: (known or {}).get(f.data) or page_links(f.data) for f in generated}
    pages.update({f.path: found[f.data] for f in generated})
    if known is not None:  # only this site's pages: the memo stays its size
        known.clear()
        known.update(found)
    sources = {r.files[0].path: r.meta.source for r in rendered}
    paths = {f.path for f in files} | {f.path for r in rendered for f in r.files}
    return check_links(pages, paths, sources, config.base_path)
