"""Posts in, site files out: the steps `build` runs once and `serve` re-runs in part.

Rendering one post is a pure function of (config, source file, templates), so results can be
cached per source and only the changed ones redone.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path

import jinja2

from .config import Config
from .content import load_post
from .errors import Finding, MlguideError
from .images import ImageFile
from .links import check_links, page_links
from .output import OutputFile
from .site import (
    RenderedPost,
    make_environment,
    render_404,
    render_feed,
    render_home,
    render_post,
    render_robots,
    render_sitemap,
)

# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 48


@dataclass(frozen=True)
class PostResult:
    rendered: RenderedPost
    draft: bool
    source: Path


@cache
def environment(config: Config) -> jinja2.Environment:
    return make_environment(config)


def render_one(config: Config, path: Path) -> PostResult:
    post = load_post(path)
    return PostResult(render_post(post, config, environment(config)), post.draft, path)


def render_posts(config: Config, sources: list[Path], jobs: int | None) -> list[PostResult]:
    workers = jobs or os.cpu_count() or 1
    if workers == 1 or len(sources) < PARALLEL_THRESHOLD:
        return [render_one(config, path) for path in sources]
    chunk = max(8, len(sources) // (workers * 8))
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        return list(pool.map(render_one, [config] * len(sources), sources, chunksize=chunk))


def assemble(
    config: Config, results: list[PostResult], drafts: bool = False
) -> tuple[list[OutputFile], list[Finding]]:
    """Every output file of the site and every warning, from the rendered posts."""
    results = [r for r in results if drafts or not r.draft]
    env = environment(config)
    summaries = [r.rendered.summary for r in results]
    slugs: dict[str, Path] = {}
    for r in results:
        if (other := slugs.get(r.rendered.summary.url_path)) is not None:
            raise MlguideError(f"slug already used by {other.name}", r.source)
        slugs[r.rendered.summary.url_path] = r.source
    files: list[OutputFile] = [f for r in results for f in r.rendered.files]
    files += [
        render_home(summaries, config, env),
        render_404(config, env),
        render_sitemap(summaries, config),
        render_feed(summaries, config, env),
        render_robots(config),
    ]
    images: set[ImageFile] = {i for r in results for i in r.rendered.images}
    files += [
        OutputFile(i.out_path, i.source.read_bytes())
        for i in sorted(images, key=lambda i: i.out_path)
    ]
    findings = [f for r in results for f in r.rendered.findings]
    pages = {r.rendered.files[0].path: r.rendered.links for r in results}
    pages.update({f.path: page_links(f.data) for f in files if f.path in SITE_PAGES})
    page_sources = {r.rendered.files[0].path: r.source for r in results}
    findings += check_links(pages, {f.path for f in files}, page_sources)
    return files, findings


SITE_PAGES = ("index.html", "404.html")
