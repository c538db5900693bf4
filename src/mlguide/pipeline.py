"""Posts in, site files out: the steps `build` runs once and `serve` re-runs in part.

Rendering one post is a pure function of (config, source file, templates), so results can be
cached per source and only the changed ones redone.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from . import __version__
from .config import Config
from .content import load_post
from .errors import Finding, MlguideError
from .images import ImageFile
from .links import check_links, page_links
from .output import BUILD_MARKER, OutputFile
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


def iter_posts(config: Config, sources: list[Path], jobs: int | None) -> Iterator[PostResult]:
    """Rendered posts in source order, each as soon as it is ready (so it can be written while
    the workers go on rendering)."""
    with _fewer_gc_passes():
        workers = jobs or os.cpu_count() or 1
        if workers == 1 or len(sources) < PARALLEL_THRESHOLD:
            yield from (render_one(config, path) for path in sources)
            return
        # Imported here: a one-page site never pays for multiprocessing.
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        chunk = max(8, len(sources) // (workers * 8))
        pool = ProcessPoolExecutor(workers, mp_context=get_context("fork"))
        try:
            yield from pool.map(render_one, [config] * len(sources), sources, chunksize=chunk)
        finally:
            # On an error, queued pages are dropped rather than rendered for nothing.
            pool.shutdown(wait=True, cancel_futures=True)


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


def render_posts(config: Config, sources: list[Path], jobs: int | None) -> list[PostResult]:
    return list(iter_posts(config, sources, jobs))


def published(results: Iterable[PostResult], drafts: bool) -> list[PostResult]:
    return [r for r in results if drafts or not r.draft]


def claim_url(owners: dict[str, Path], result: PostResult) -> None:
    """Two posts with one slug would overwrite each other: name the file that came second."""
    url = result.rendered.summary.url_path
    if (other := owners.setdefault(url, result.source)) != result.source:
        raise MlguideError(f"slug already used by {other.name}", result.source)


def assemble(
    config: Config, results: list[PostResult], drafts: bool = False
) -> tuple[list[OutputFile], list[Finding]]:
    """Every output file of the site and every warning, from the rendered posts."""
    results = published(results, drafts)
    files, findings = site_files(config, results)
    return [f for r in results for f in r.rendered.files] + files, findings


def site_files(config: Config, results: list[PostResult]) -> tuple[list[OutputFile], list[Finding]]:
    """What the published posts need beyond their own pages (home, feed, sitemap, images...)
    and every warning of the site, the link check included."""
    env = environment(config)
    summaries = [r.rendered.summary for r in results]
    owners: dict[str, Path] = {}
    for r in results:
        claim_url(owners, r)
    files: list[OutputFile] = [
        render_home(summaries, config, env),
        render_404(config, env),
        render_sitemap(summaries, config),
        render_feed(summaries, config, env),
        render_robots(config),
        build_marker(config),
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
    paths = {f.path for f in files} | {f.path for r in results for f in r.rendered.files}
    findings += check_links(pages, paths, page_sources)
    return files, findings


SITE_PAGES = ("index.html", "404.html")


def build_marker(config: Config) -> OutputFile:
    """Marks the folder as an mlguide build (safe to replace) and records its base URL."""
    data = {"generator": "mlguide", "version": __version__, "base_url": config.base_url}
    return OutputFile(BUILD_MARKER, (json.dumps(data, sort_keys=True) + "\n").encode())
