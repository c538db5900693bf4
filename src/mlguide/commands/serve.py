"""`mlguide serve`: build, serve, and on each change rebuild only what it affects.

A content file re-renders its own page; a template, an asset or the config re-renders every
page. Home, feed and sitemap are always reassembled (cheap). Only files whose bytes changed are
written, each atomically, and only after the whole rebuild succeeded, so a broken edit leaves
the last good build being served.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import CONFIG_NAME, Config, load_config
from ..content import find_sources
from ..errors import Finding, MlguideError
from ..output import (
    OutputFile,
    check_output_folder,
    write_file_atomically,
    write_tree_atomically,
)
from ..paths import project_paths
from ..pipeline import PostResult, assemble, environment, render_one, render_posts


@dataclass(frozen=True)
class Rebuild:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    findings: tuple[Finding, ...]
    seconds: float


@dataclass
class IncrementalSite:
    """The serve loop's memory: rendered posts and the digest of every file on disk."""

    root: Path
    out_dir: Path
    base_url: str | None = None
    drafts: bool = False
    force: bool = False
    config: Config | None = None
    posts: dict[Path, PostResult] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def full_build(self) -> Rebuild:
        start = time.perf_counter()
        with self.lock:
            paths = project_paths(self.root, self.out_dir)
            check_output_folder(paths.output, paths.sources(), self.force)
            self.config = load_config(self.root, self.base_url)
            sources = find_sources(self.config.content_dir)
            results = render_posts(self.config, sources, None)
            files, findings = assemble(self.config, results, self.drafts)
            write_tree_atomically(self.out_dir, files)
            self.posts = {r.source.resolve(): r for r in results}
            self.digests = {f.path: _digest(f) for f in files}
        return Rebuild(tuple(self.digests), (), tuple(findings), time.perf_counter() - start)

    def rebuild(self, changed: set[Path]) -> Rebuild | None:
        """None when nothing the site depends on changed."""
        start = time.perf_counter()
        kinds = {classify(self.root, p) for p in changed} - {None}
        if not kinds:
            return None
        with self.lock:
            config = load_config(self.root, self.base_url) if "config" in kinds else self.config
            assert config is not None
            if "config" in kinds or "template" in kinds:
                environment.cache_clear()  # templates are compiled per environment
            sources = [p.resolve() for p in find_sources(config.content_dir)]
            everything = kinds & {"config", "template", "asset"}
            posts = {}
            for source in sources:
                cached = self.posts.get(source)
                if everything or cached is None or source in changed:
                    posts[source] = render_one(config, source)
                else:
                    posts[source] = cached
            files, findings = assemble(config, list(posts.values()), self.drafts)
            written, removed = self._write(files)
            self.config, self.posts = config, posts
        return Rebuild(written, removed, tuple(findings), time.perf_counter() - start)

    def _write(self, files: list[OutputFile]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        digests = {f.path: _digest(f) for f in files}
        written = []
        for f in files:
            if self.digests.get(f.path) != digests[f.path]:
                write_file_atomically(self.out_dir / f.path, f.data)
                written.append(f.path)
        removed = [p for p in self.digests if p not in digests]
        for path in removed:
            (self.out_dir / path).unlink(missing_ok=True)
        self.digests = digests
        return tuple(written), tuple(removed)


def classify(root: Path, path: Path) -> str | None:
    """Which part of the site a changed file belongs to (None: not ours)."""
    root = root.resolve()
    if path.is_dir():
        return None
    if path == root / CONFIG_NAME:
        return "config"
    for folder, kind in (("content", "content"), ("templates", "template"), ("assets", "asset")):
        if path.is_relative_to(root / folder):
            if kind == "content" and path.suffix != ".md":
                return "asset"  # an image beside the Markdown
            return kind
    return None


def _digest(f: OutputFile) -> str:
    return hashlib.sha256(f.data).hexdigest()


def on_change_handler(
    site: IncrementalSite, publish: Callable[[str | None], None], log: Callable[[str], None]
) -> Callable[[set[Path]], None]:
    def handle(changed: set[Path]) -> None:
        try:
            result = site.rebuild(changed)
        except MlguideError as exc:
            log(f"error: {exc}")
            publish(str(exc))
            return
        if result is None:
            return
        for finding in result.findings:
            log(f"warning: {finding}")
        log(f"rebuilt {len(result.written)} file(s) in {result.seconds * 1000:.0f} ms")
        publish(None)

    return handle
