"""`mlguide build`: read everything, render everything, then write once, atomically."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path

import jinja2

from ..config import Config, load_config
from ..content import find_sources, load_post
from ..errors import Finding, MlguideError
from ..images import ImageFile
from ..links import check_links
from ..output import OutputFile, write_tree_atomically
from ..site import (
    RenderedPost,
    make_environment,
    render_404,
    render_feed,
    render_home,
    render_post,
    render_robots,
    render_sitemap,
)


@dataclass(frozen=True)
class PostResult:
    rendered: RenderedPost
    draft: bool
    source: Path


# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 48


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    pages: int
    files: int
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out_dir: Path
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    jobs: int | None = None


def build(options: BuildOptions,
          verify: Callable[[Path, Config], Iterable[Finding]] | None = None) -> BuildResult:
    """Build the site; `verify` (the publish checklist) runs on the staged output under --strict."""
    config = load_config(options.root, options.base_url)
    sources = find_sources(config.content_dir)
    rendered = render_posts(config, sources, options.jobs)
    if not options.drafts:
        rendered = [r for r in rendered if not r.draft]
    files, findings = assemble(config, rendered)
    if options.strict and findings:
        raise StrictBuildError(findings)

    def check_staged(staging: Path) -> None:
        if options.strict and verify is not None:
            failed = tuple(verify(staging, config))
            if failed:
                raise StrictBuildError(failed)

    count = write_tree_atomically(options.out_dir, files, before_swap=check_staged)
    return BuildResult(options.out_dir, len(rendered), count, tuple(findings))


class StrictBuildError(MlguideError):
    """`--strict` found warnings; each one is printed, the build is not published."""

    def __init__(self, findings: Iterable[Finding]):
        self.findings = tuple(findings)
        super().__init__(f"--strict: {len(self.findings)} warning(s), build not written")

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.findings,))


def render_posts(config: Config, sources: list[Path], jobs: int | None) -> list[PostResult]:
    workers = jobs or os.cpu_count() or 1
    if workers == 1 or len(sources) < PARALLEL_THRESHOLD:
        return [_render_one(config, path) for path in sources]
    chunk = max(8, len(sources) // (workers * 8))
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        return list(pool.map(_render_one, [config] * len(sources), sources, chunksize=chunk))


@cache
def _environment(config: Config) -> jinja2.Environment:
    return make_environment(config)


def _render_one(config: Config, path: Path) -> PostResult:
    post = load_post(path)
    return PostResult(render_post(post, config, _environment(config)), post.draft, path)


def assemble(config: Config, rendered: list[PostResult]) -> tuple[list[OutputFile], list[Finding]]:
    env = _environment(config)
    summaries = [r.rendered.summary for r in rendered]
    slugs: dict[str, Path] = {}
    for r in rendered:
        if (other := slugs.get(r.rendered.summary.url_path)) is not None:
            raise MlguideError(f"slug already used by {other.name}", r.source)
        slugs[r.rendered.summary.url_path] = r.source
    files: list[OutputFile] = [f for r in rendered for f in r.rendered.files]
    files += [render_home(summaries, config, env), render_404(config, env),
              render_sitemap(summaries, config), render_feed(summaries, config, env),
              render_robots(config)]
    images: set[ImageFile] = {i for r in rendered for i in r.rendered.images}
    files += [OutputFile(i.out_path, i.source.read_bytes()) for i in sorted(images, key=_key)]
    findings = [f for r in rendered for f in r.rendered.findings]
    page_sources = {r.rendered.files[0].path: r.source for r in rendered}
    findings += check_links(files, page_sources)
    return files, findings


def _key(image: ImageFile) -> str:
    return image.out_path
