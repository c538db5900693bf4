"""`mlguide serve`: build, serve, and on each change rebuild only what it affects.

A change is classified first. A template, an asset or the config re-renders every page; a
post re-renders its own page, and the pages whose navigation shows it (previous/next,
related) when its title, date or tags changed. Listings, feeds and the sitemap are always
reassembled (cheap). Only files whose bytes changed are written, each atomically, and only
after the whole rebuild succeeded, so a broken edit leaves the last good build being served.

The preview is built into its own folder in the cache (`ProjectPaths.preview`), never into the
publishable `build/`: its pages carry the local URL. So `build` and `serve` can run side by
side in one project, as Hugo, Zola and MkDocs allow.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from mlguide.errors import Finding, Interrupted, MlguideError, interrupt_exit_code, raise_all
from mlguide.fileio import write_file_atomically
from mlguide.paths import ProjectPaths, project_paths
from mlguide.site.outputs import CopiedFile, SiteFile, file_digest
from mlguide.site.pipeline import Prepared, assemble, prepare, render_or_error, with_cards
from mlguide.site.render.post import RenderedPost, Site
from mlguide.site.write.safety import check_output_folder
from mlguide.site.write.search import index_site, remove_index
from mlguide.site.write.staging import remove_stale_staging, write_tree_atomically

Log = Callable[[str], None]
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def preview_paths(root: Path, out: Path | None = None) -> ProjectPaths:
    """The project's paths with serve's output folder: `out` (`-o`) if given, else the
    preview folder in the cache."""
    paths = project_paths(root, out)
    return paths if out is not None else replace(paths, output=paths.preview)


class ChangeKind(Enum):
    CONTENT = "content"  # a post
    TEMPLATE = "template"
    ASSET = "asset"  # a picture, in assets/ or beside a post
    SCENE = "scene"  # a scene or a helper of scenes: its pictures are drawn again
    CONFIG = "config"


def classify(paths: ProjectPaths, path: Path) -> ChangeKind | None:
    """Which part of the site a changed file belongs to (None: not ours)."""
    if path.is_dir():
        return None
    if path == paths.config or path.is_relative_to(paths.data):  # data/: on every page
        return ChangeKind.CONFIG
    if path.is_relative_to(paths.content):
        return (
            ChangeKind.CONTENT if path.suffix.lower() in (".md", ".markdown") else ChangeKind.ASSET
        )
    if path.is_relative_to(paths.templates):
        return ChangeKind.TEMPLATE
    if path.is_relative_to(paths.generated):
        return None  # written by the rebuild itself (post cards): not a change of the author's
    if path.is_relative_to(paths.scenes):
        return ChangeKind.SCENE if path.suffix == ".py" else None
    if path.is_relative_to(paths.assets):
        return ChangeKind.ASSET
    return None


@dataclass(frozen=True)
class Rebuild:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    findings: tuple[Finding, ...]
    seconds: float


@dataclass
class IncrementalSite:
    """The serve loop's memory: rendered posts and the digest of every file on disk."""

    paths: ProjectPaths
    base_url: str | None = None
    drafts: bool = False
    force: bool = False
    future: bool = False  # show posts dated after now too
    prepared: Prepared | None = None
    posts: dict[Path, tuple[str, RenderedPost]] = field(default_factory=dict)  # digest, page
    digests: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Search is indexed again after a save by a thread of its own, off the save-to-page path:
    # Pagefind takes about a second at 1,000 pages, and saves that come meanwhile are indexed
    # together, once.
    index_wanted: threading.Event = field(default_factory=threading.Event)
    indexer: threading.Thread | None = None

    @property
    def out_dir(self) -> Path:
        return self.paths.output

    @property
    def site(self) -> Site:
        assert self.prepared is not None, "full_build() first"
        return self.prepared.site

    def full_build(self) -> Rebuild:
        start = time.perf_counter()
        with self.lock:
            check_output_folder(self.paths.output, self.paths.sources(), self.force)
            remove_stale_staging(self.paths.output)  # a serve killed outright left them
            prepared = with_cards(prepare(self.paths, self.base_url, self.drafts, self.future))
            posts = self._render(prepared, {s.meta.source for s in prepared.sources})
            files, findings = self._assemble(prepared, posts)
            write_tree_atomically(self.paths.output, files)
            self._index(prepared)
            self.prepared, self.posts = prepared, posts
            self.digests = {f.path: file_digest(f) for f in files}
        return Rebuild(tuple(self.digests), (), tuple(findings), time.perf_counter() - start)

    def rebuild(self, changed: set[Path]) -> Rebuild | None:
        """None when nothing the site depends on changed."""
        start = time.perf_counter()
        kinds = {classify(self.paths, p) for p in changed} - {None}
        if not kinds:
            return None
        with self.lock:
            prepared = with_cards(prepare(self.paths, self.base_url, self.drafts, self.future))
            redo = self._affected(prepared, kinds)
            posts = self._render(prepared, redo)
            files, findings = self._assemble(prepared, posts)
            written, removed = self._write(files)
            self.prepared, self.posts = prepared, posts
        if written or removed:
            self._index_later()
        return Rebuild(written, removed, tuple(findings), time.perf_counter() - start)

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
            index_site(self.paths.output)
        else:
            remove_index(self.paths.output)

    def _affected(self, prepared: Prepared, kinds: set[ChangeKind | None]) -> set[Path]:
        """Posts whose page may have changed."""
        every = {s.meta.source for s in prepared.sources}
        old = self.prepared
        if old is None or kinds & {ChangeKind.TEMPLATE, ChangeKind.ASSET, ChangeKind.CONFIG}:
            return every
        before = {s.meta.source: s.meta.url_path for s in old.sources}
        after = {s.meta.source: s.meta.url_path for s in prepared.sources}
        if before != after:  # a post came, went or moved: links anywhere may change
            return every
        redo = {
            s.meta.source
            for s in prepared.sources
            if self.posts.get(s.meta.source, ("",))[0] != s.digest
        }
        for s in prepared.sources:
            if _context(prepared.site, s.meta.source) != _context(old.site, s.meta.source):
                redo.add(s.meta.source)
        return redo

    def _render(self, prepared: Prepared, redo: set[Path]) -> dict[Path, tuple[str, RenderedPost]]:
        posts: dict[Path, tuple[str, RenderedPost]] = {}
        errors: list[MlguideError] = []
        for source in prepared.sources:
            key = source.meta.source
            if key not in redo and key in self.posts:
                posts[key] = self.posts[key]
                continue
            result = render_or_error(source, prepared.site)
            if isinstance(result, MlguideError):
                errors.append(result)
            else:
                posts[key] = (source.digest, result)
        raise_all(errors)
        return posts

    def _assemble(
        self, prepared: Prepared, posts: dict[Path, tuple[str, RenderedPost]]
    ) -> tuple[list[SiteFile], list[Finding]]:
        rendered = [page for _, page in posts.values()]
        files, findings = assemble(prepared.site, rendered)
        # The preview sets its own URL: warnings about `base_url` are for `build`.
        early = [f for f in prepared.findings if f.rule != "base-url"]
        return [*(f for r in rendered for f in r.files), *files], [*early, *findings]

    def _write(self, files: list[SiteFile]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        digests = {f.path: file_digest(f) for f in files}
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
        return tuple(written), tuple(removed)


def _context(site: Site, source: Path) -> tuple[object, ...]:
    """What a post's page shows of other posts: if this is unchanged, so is the page."""
    meta = site.index.post_at(source)
    if meta is None:
        return ()
    shown = (*site.index.neighbours(meta), *site.index.related(meta))
    return tuple((p.title, p.url_path, p.date) if p else None for p in shown) + tuple(
        (t.name, t.slug) for name in meta.topics if (t := site.index.tag_of(name))
    )


def on_change_handler(
    site: IncrementalSite, publish: Callable[[str | None], None], log: Log
) -> Callable[[set[Path]], None]:
    """The watcher's callback. Whatever goes wrong is shown in the page and the terminal, and
    the watcher keeps going: the next save is rebuilt as usual."""

    def handle(changed: set[Path]) -> None:
        try:
            scenes = {p for p in changed if classify(site.paths, p) is ChangeKind.SCENE}
            if scenes and not redraw(scenes):
                return
            rebuild(changed - scenes)
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview
            bug(exc)

    def redraw(scenes: set[Path]) -> bool:
        """Draw the assets the saved scenes affect; the page reloads as soon as the light
        WebP and still are there, and again when the rest is. False: a scene failed."""
        from mlguide.commands.render_assets import draw_now as render_asset
        from mlguide.scenes.inputs import assets_affected_by

        names = sorted({n for path in scenes for n in assets_affected_by(site.paths, path)})
        for name in names:
            try:
                result = render_asset(
                    site.paths, name, on_preview=lambda files: rebuild(set(files))
                )
            except MlguideError as exc:
                log(f"error: {exc}")
                publish(str(exc))
                return False
            log(f"drew {name} in {result.seconds:.1f} s")
        return True

    def bug(exc: Exception) -> None:
        log("".join(traceback.format_exception(exc)).rstrip())
        publish(f"internal error while rebuilding: {type(exc).__name__}: {exc}")

    def rebuild(changed: set[Path]) -> None:
        try:
            result = site.rebuild(changed)
        except MlguideError as exc:
            log(f"error: {exc}")
            publish(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview
            bug(exc)
            return
        if result is None:
            return
        for finding in result.findings:
            log(f"{finding.label}: {finding}")
        log(f"rebuilt {len(result.written)} file(s) in {result.seconds * 1000:.0f} ms")
        publish(None)

    return handle


def run_serve(site: IncrementalSite, host: str, port: int, log: Log) -> None:
    """Serve until Ctrl-C or SIGTERM; once the site is served, they reach the caller as they
    came (KeyboardInterrupt, Terminated). Before that they raise `Interrupted` (status 130 or
    143): a preview stopped before it served anything did not do its job."""
    with contextlib.ExitStack() as running:
        try:
            url = _start(site, host, port, log, running)
        except KeyboardInterrupt as exc:
            raise Interrupted(
                "interrupted before the preview was served", None, interrupt_exit_code(exc)
            ) from exc
        # Served from here on: whoever reads this line and stops us sees status 0 for Ctrl-C.
        log(f"serving {site.paths.output} at {url} (Ctrl-C to stop)")
        threading.Event().wait()


def _start(
    site: IncrementalSite, host: str, port: int, log: Log, running: contextlib.ExitStack
) -> str:
    """Listen, build, watch; returns the site's URL. What started stops when `running` closes.
    The server starts first, so the site is built for the address it really has (`--port 0`,
    a port other than 8000)."""
    from mlguide.serve.server import start_server, watch
    from mlguide.site.config.loader import load_config

    # Before anything listens: never serve (or replace) a folder that holds sources.
    check_output_folder(site.paths.output, site.paths.sources(), site.force)
    base_path = load_config(site.paths.config).base_path
    server = start_server(site.paths.output, host, port, base_path)
    running.callback(server.stop)
    site.base_url = server.url + base_path
    first = site.full_build()
    for finding in first.findings:
        log(f"{finding.label}: {finding}")
    running.callback(
        watch(
            site.paths.watched(),
            on_change_handler(site, server.state.publish, log),
            ignore=[site.paths.output],
        )
    )
    if host not in LOOPBACK:
        log(f"warning: listening on {host}: other machines can see this preview")
    return site.base_url
