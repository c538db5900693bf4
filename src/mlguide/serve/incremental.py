"""`serve`'s site: built once, then rebuilt after each save from the same store as `build`.

Rebuilding asks the store for every page by its key (`site.pagecache`): a page whose inputs
did not change comes back from memory, so only the pages a save affects are rendered again,
by the very rule `build` uses (the key covers every field of every post a template is given).
A save that changed only a post's text skips even that: the site prepared last stays, and
that one page is rendered (`serve.quick`). Listing pages come from the store while what they
show is unchanged; feeds and the sitemap are always made again (cheap). Only files whose bytes
changed are written, each atomically, and only after the whole rebuild succeeded, so a broken
edit leaves the last good build being served.

The preview is built into its own folder in the cache (`ProjectPaths.preview`), never into
the publishable `build/`: its pages carry the local URL. So `build` and `serve` can run side
by side in one project, as Hugo, Zola and MkDocs allow.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from mlguide.errors import Finding, MlguideError, raise_all
from mlguide.fileio import write_file_atomically
from mlguide.paths import ProjectPaths
from mlguide.serve.changes import classify
from mlguide.serve.quick import Quick, text_only_edit
from mlguide.site.content.scanstore import KIND as SOURCES
from mlguide.site.outputs import CopiedFile, SiteFile, file_digest
from mlguide.site.pagecache import KIND as PAGE
from mlguide.site.pagecache import LISTINGS
from mlguide.site.pipeline import (
    Prepared,
    Work,
    assemble,
    iter_rendered,
    plan,
    prepare,
    with_cards,
)
from mlguide.site.render.links import PageLinks
from mlguide.site.render.post import RenderedPost, Site
from mlguide.site.write.safety import check_output_folder
from mlguide.site.write.search import index_folder, remove_index
from mlguide.site.write.staging import remove_stale_staging, write_tree_atomically
from mlguide.store.store import Store, open_store


@dataclass(frozen=True)
class Rebuild:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    findings: tuple[Finding, ...]
    seconds: float


@dataclass
class IncrementalSite:
    """The serve loop's memory: the store (kept warm) and the digest of every file on disk."""

    paths: ProjectPaths
    base_url: str | None = None
    drafts: bool = False
    force: bool = False
    future: bool = False  # show posts dated after now too
    prepared: Prepared | None = None
    digests: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    store: Store | None = None
    # Search is indexed again after a save by a thread of its own, off the save-to-page path:
    # Pagefind takes about a second at 1,000 pages, and saves that come meanwhile are indexed
    # together, once.
    index_wanted: threading.Event = field(default_factory=threading.Event)
    indexer: threading.Thread | None = None
    # The last good rebuild's pages and the work that made them: a save that changed only a
    # post's text renders that page and keeps the rest (`serve.quick`).
    rendered: list[RenderedPost] = field(default_factory=list)
    work: Work | None = None
    # What the rest of a rebuild would work out again for the same bytes: the links of the
    # generated pages (the link check), each written file's digest (what to write).
    links: dict[bytes, PageLinks] = field(default_factory=dict)
    written: dict[str, tuple[SiteFile, str]] = field(default_factory=dict)

    @property
    def out_dir(self) -> Path:
        return self.paths.output

    @property
    def site(self) -> Site:
        assert self.prepared is not None, "full_build() first"
        return self.prepared.site

    def _store(self) -> Store:
        if self.store is None:
            self.store = open_store(self.paths.cache, self.paths.root, memory=True)
        return self.store

    def full_build(self) -> Rebuild:
        start = time.perf_counter()
        with self.lock:
            check_output_folder(self.paths.output, self.paths.sources(), self.force)
            remove_stale_staging(self.paths.output)  # a serve killed outright left them
            prepared = self._prepare()
            rendered, work = self._render(prepared)
            files, findings = self._assemble(prepared, rendered, work)
            write_tree_atomically(self.paths.output, files)
            self._index(prepared)
            self.prepared, self.rendered, self.work = prepared, rendered, work
            self.digests = {f.path: file_digest(f) for f in files}
            self.written = {f.path: (f, self.digests[f.path]) for f in files}
        elapsed = time.perf_counter() - start
        return Rebuild(tuple(self.digests), (), tuple(findings), elapsed)

    def rebuild(self, changed: set[Path]) -> Rebuild | None:
        """None when nothing the site depends on changed."""
        start = time.perf_counter()
        changed = {self._in_project(p) for p in changed}
        changed = {p for p in changed if classify(self.paths, p) is not None}
        if not changed:
            return None
        with self.lock:
            quick = None
            if self.prepared is not None and self.work is not None:
                quick = text_only_edit(self.prepared, self.work, changed)  # the usual save
            if quick is None:
                prepared = self._prepare()
                rendered, work = self._render(prepared)
            else:
                prepared, work = quick.prepared, quick.work
                rendered = self._render_edited(quick)
            files, findings = self._assemble(prepared, rendered, work)
            written, removed = self._write(files)
            self.prepared, self.rendered, self.work = prepared, rendered, work
        if written or removed:
            self._index_later()
        elapsed = time.perf_counter() - start
        return Rebuild(written, removed, tuple(findings), elapsed)

    def _in_project(self, path: Path) -> Path:
        """The watcher names files by their real path; the site by the project's (a project
        reached through a symlink, as macOS's /tmp is)."""
        real = self.paths.root.resolve()
        return self.paths.root / path.relative_to(real) if path.is_relative_to(real) else path

    def _prepare(self) -> Prepared:
        """Posts whose files did not change come from the store's memory as they were read
        (`scanstore`); the versions no longer on disk are let go."""
        store = self._store()
        store.used.pop(SOURCES, None)
        prepared = with_cards(
            prepare(self.paths, self.base_url, self.drafts, self.future, store),
            digests=store.digests,
        )
        store.retain(SOURCES, store.used.get(SOURCES, ()))
        store.save_digests()
        return prepared

    def _render(self, prepared: Prepared) -> tuple[list[RenderedPost], Work]:
        """Every page, from the store when its key is known; the pages no longer asked for
        are let go (memory stays the size of the site)."""
        store = self._store()
        work = plan(prepared.site, prepared.sources, store)
        rendered: list[RenderedPost] = []
        errors: list[MlguideError] = []
        for result in iter_rendered(work, jobs=None):
            if isinstance(result, MlguideError):
                errors.append(result)
            else:
                rendered.append(result)
        raise_all(errors)
        store.retain(PAGE, work.keys)
        return rendered, work

    def _render_edited(self, quick: Quick) -> list[RenderedPost]:
        """The edited posts' pages rendered again, in place among the last ones."""
        work = quick.work
        edited = Work(
            work.site,
            tuple(work.sources[i] for i in quick.edited),
            work.store,
            tuple(work.keys[i] for i in quick.edited),
            work.fingerprint,
        )
        results = list(iter_rendered(edited, jobs=1))
        raise_all([r for r in results if isinstance(r, MlguideError)])
        new = {r.meta.source: r for r in results if isinstance(r, RenderedPost)}
        self._store().retain(PAGE, work.keys)
        return [new.get(r.meta.source, r) for r in self.rendered]

    def _assemble(
        self, prepared: Prepared, rendered: list[RenderedPost], work: Work
    ) -> tuple[list[SiteFile], list[Finding]]:
        """Listing pages come from the store while what they show is unchanged (a sentence
        more in a post changes none of them): only the latest are kept in memory."""
        store = self._store()
        store.used.pop(LISTINGS, None)
        files, findings = assemble(prepared.site, rendered, work, self.links)
        store.retain(LISTINGS, store.used.get(LISTINGS, ()))
        # The preview sets its own URL: warnings about `base_url` are for `build`.
        early = [f for f in prepared.findings if f.rule != "base-url"]
        return [*(f for r in rendered for f in r.files), *files], [*early, *findings]

    def _write(self, files: list[SiteFile]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        digests = {f.path: self._digest(f) for f in files}
        written = []
        for f in files:
            if self.digests.get(f.path) != digests[f.path]:
                data = f.read() if isinstance(f, CopiedFile) else f.data
                write_file_atomically(self.paths.output / f.path, data)
                written.append(f.path)
        removed = [p for p in self.digests if p not in digests]
        for path in removed:
            (self.paths.output / path).unlink(missing_ok=True)
        self.digests = digests
        self.written = {f.path: (f, digests[f.path]) for f in files}
        return tuple(written), tuple(removed)

    def _digest(self, file: SiteFile) -> str:
        """A file kept from the last rebuild (the same frozen value: a page not rendered
        again, a listing from the store) has the digest it had."""
        last = self.written.get(file.path)
        return last[1] if last is not None and last[0] is file else file_digest(file)

    def _index_later(self) -> None:
        self.index_wanted.set()
        if self.indexer is None or not self.indexer.is_alive():
            self.indexer = threading.Thread(target=self._keep_indexing, daemon=True)
            self.indexer.start()

    def _keep_indexing(self) -> None:
        while self.index_wanted.wait(timeout=60):
            self.index_wanted.clear()
            # Not under the rebuild lock: the next save is not kept waiting. The pages are
            # written atomically, so Pagefind reads each one old or new, and indexes again.
            try:
                assert self.prepared is not None
                self._index(self.prepared)
            except MlguideError as exc:  # search is stale until the next save; say so
                sys.stderr.write(f"warning: {exc}\n")

    def _index(self, prepared: Prepared) -> None:
        """Keep search current: the preview is searched as the published site will be."""
        if prepared.site.config.search:
            posts = reversed(prepared.site.index.posts)  # oldest first, as `build` shards them
            index_folder(self.paths.output, [m.out_path for m in posts])
        else:
            remove_index(self.paths.output)
