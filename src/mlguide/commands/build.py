"""`mlguide build`: render every post, streaming pages into a staging folder swapped in whole.

`strict` is one input of the build: warnings fail it, and the publish checklist runs on the
staged output before the swap, so a site that fails it is never published.

A build whose inputs are all as the last one found them, over the output it left intact,
does nothing (`site.write.lastbuild`). That check runs first, before the renderer, the
templates and the store's page code are even imported: the modules a real build needs are
imported in `_build`.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mlguide.errors import ErrorGroup, Finding
from mlguide.paths import ProjectPaths, project_paths
from mlguide.site.write.lastbuild import (
    Inputs,
    LastBuild,
    input_digest,
    is_current,
    read_last_build,
)
from mlguide.site.write.reuse import Previous, read_previous
from mlguide.site.write.safety import check_nothing_read_is_replaced, check_output_folder
from mlguide.site.write.staging import remove_stale_staging
from mlguide.store.files import FileState
from mlguide.store.store import Store, open_store

if TYPE_CHECKING:
    from mlguide.site.content.sources import Source
    from mlguide.site.pipeline import Prepared
    from mlguide.site.write.staging import StagingFolder


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out_dir: Path | None = None  # default: the project's build/
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False  # warnings are errors; the publish checklist must pass
    jobs: int | None = None
    force: bool = False  # replace a non-empty output folder that mlguide did not write
    cache: bool = True  # reuse pages rendered before whose inputs have not changed
    progress: Callable[[int, int], None] | None = None  # drawing post cards: (done, total)
    # The CLI: after the swap, hold Ctrl-C and SIGTERM until the process exits, so the exit
    # status always matches the build in place.
    hold_after_swap: bool = False
    future: bool = False  # publish posts dated after the build's clock too


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    pages: int
    files: int  # every file of the built site, written or kept from the last build
    findings: tuple[Finding, ...]  # warnings (and, under --strict, notices)
    interrupted: bool = False  # Ctrl-C came after the new build was already in place
    unchanged: bool = False  # nothing changed since the last build: nothing was done
    written: int | None = None  # of `files`, those written now (None: all of them)


class StrictBuildError(ErrorGroup):
    """`--strict` found warnings: each one is printed, the build is not published."""


def build(options: BuildOptions) -> BuildResult:
    paths = project_paths(options.root, options.out_dir)
    check_output_folder(paths.output, paths.sources(), options.force, paths.cache)
    remove_stale_staging(paths.output)
    store = open_store(paths.cache if options.cache else None, paths.root)
    if not options.cache:
        return _build(options, paths, store, None, None)
    inputs = input_digest(paths, _shaping(options, paths), store.digests)
    last = read_last_build(store, paths.output)
    previous = read_previous(store, paths.output)
    output = previous.files if previous is not None else None
    if is_current(last, inputs, output, paths.output):
        assert last is not None
        store.save_digests()
        if options.hold_after_swap:
            # As after a swap: the build in place is the answer, so a signal from here on must
            # not turn the success about to be printed into "interrupted" and exit 143.
            from mlguide.signals import block_signals

            block_signals()
        return BuildResult(
            paths.output, last.pages, last.files, last.findings, unchanged=True, written=0
        )
    return _build(options, paths, store, inputs, previous)


def _shaping(options: BuildOptions, paths: ProjectPaths) -> dict[str, object]:
    """The options that change what a build writes (not `jobs`, `force`, progress)."""
    return {
        "out": str(paths.output),
        "base_url": options.base_url,
        "drafts": options.drafts,
        "strict": options.strict,
        "future": options.future,
    }


def _build(
    options: BuildOptions,
    paths: ProjectPaths,
    store: Store,
    inputs: Inputs | None,
    previous: Previous | None,
) -> BuildResult:
    from mlguide.site.pipeline import prepare, with_cards

    prepared = with_cards(
        prepare(
            paths,
            options.base_url,
            options.drafts,
            options.future,
            store if options.cache else None,
        ),
        options.jobs,
        options.progress,
        digests=store.digests,
    )
    with _collected_less():
        return _build_prepared(options, paths, store, inputs, previous, prepared)


@contextlib.contextmanager
def _collected_less() -> Iterator[None]:
    """What `prepare` made (every post, the index, the templates) lives until the build
    ends, yet each full collection of the cycle collector would walk it all again: at 1,000
    pages that was 0.15 CPU s of an edited build's 1.8. Frozen, it is left out of every
    collection, and the forked workers do not copy the pages that collections would touch.
    Given back at the end (a test or `serve` builds many times in one process)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _build_prepared(
    options: BuildOptions,
    paths: ProjectPaths,
    store: Store,
    inputs: Inputs | None,
    previous: Previous | None,
    prepared: Prepared,
) -> BuildResult:
    from mlguide.errors import Interrupted, interrupt_exit_code
    from mlguide.paths import TRASH_DIR
    from mlguide.scenes.freshness import stale_scene_findings
    from mlguide.site.write.lastbuild import elsewhere_states, output_digest, write_last_build
    from mlguide.site.write.reuse import write_previous
    from mlguide.site.write.staging import staged_tree

    tokens = prepared.site.config.theme.tokens
    stale = stale_scene_findings(paths, store.digests, (tokens.light, tokens.dark))
    findings = [*prepared.findings, *stale]
    if inputs is not None:  # the cards drawn (or found current): what the record must say
        drawn = input_digest(paths, _shaping(options, paths), store.digests)
        inputs = drawn if drawn.authored == inputs.authored else None  # else: saved meanwhile
    staging = None
    notes: dict[str, str] = {}
    pages = 0
    seen: dict[Path, FileState] = {}
    try:
        trash = paths.cache / TRASH_DIR
        with staged_tree(paths.output, options.hold_after_swap, previous, trash) as staging:
            notes, pages = _build_into(staging, prepared, options, findings, store, seen)
            check_nothing_read_is_replaced(paths.output, [*seen, *prepared.site.config.checks])
        write_previous(store, paths.output, staging.records, notes)
        if inputs is not None:
            shown = _shown(findings, options)
            elsewhere = elsewhere_states(seen, paths)
            record = output_digest(staging.records)
            held = [m.date.timestamp() for m in prepared.site.index.held_back]
            files = len(staging.records)
            until = min(held, default=None)
            last = LastBuild(inputs.whole, record, elsewhere, pages, files, shown, until)
            write_last_build(store, paths.output, last)
        store.save_digests()
    except KeyboardInterrupt as exc:
        if staging is None or not staging.swapped:
            raise Interrupted(
                "interrupted: the previous build is untouched",
                paths.output,
                interrupt_exit_code(exc),
            ) from exc
        return _result(paths.output, staging, pages, findings, options, interrupted=True)
    return _result(paths.output, staging, pages, findings, options, staging.interrupted)


def _build_into(
    staging: StagingFolder,
    prepared: Prepared,
    options: BuildOptions,
    findings: list[Finding],
    store: Store,
    seen: dict[Path, FileState],
) -> tuple[dict[str, str], int]:
    """Everything into the staging folder; returns what the next build may reuse by key,
    and the number of pages. `seen` gets every file a page read, with its state then."""
    from mlguide.errors import MlguideError, raise_all
    from mlguide.site.content.scanstore import BUDGET as SOURCES_BUDGET
    from mlguide.site.content.scanstore import KIND as SOURCES
    from mlguide.site.outputs import OutputFile
    from mlguide.site.pagecache import KIND as PAGE
    from mlguide.site.pagecache import LISTINGS
    from mlguide.site.pipeline import assemble, iter_rendered, plan
    from mlguide.site.render.post import RenderedPost
    from mlguide.site.write.search import OUTPUT_DIR as SEARCH_DIR
    from mlguide.site.write.search import SHARDS_FILE, ShardedIndex, plan_shards, shards_file

    site = prepared.site
    sources = _oldest_first(prepared)  # shards of the search index fill up in this order
    search = None
    shard_of: dict[str, int] = {}
    if site.config.search:
        shards = plan_shards([s.meta.out_path for s in sources])
        shard_of = {page: shard.number for shard in shards for page in shard.pages}
        search = ShardedIndex(
            staging.path,
            shards,
            staging.path / SEARCH_DIR,
            lambda page: record[0] if (record := staging.records.get(page)) else None,
            lambda shard, key: _reuse_shard(staging, shard.folder, key),
        )
    try:
        # Pages go to disk as the workers hand them over, and to the search index as their
        # shard fills up: disk time and indexing hide behind rendering.
        rendered: list[RenderedPost] = []
        errors: list[MlguideError] = []
        work = plan(site, sources, store if options.cache else None)
        metas = {s.meta.source: s.meta for s in sources}
        group = (lambda source: shard_of.get(source.meta.out_path)) if shard_of else None
        for result in iter_rendered(work, options.jobs, group):
            if isinstance(result, MlguideError):
                errors.append(result)
                continue
            staging.write(result.files)
            seen.update(result.inputs.files)
            if search is not None:
                search.written(f.path for f in result.files)
                staging.write(search.ready())  # the shards Pagefind has built meanwhile
            rendered.append(result.written(metas.get(result.meta.source, result.meta)))
        if errors:
            found = [
                *findings,
                *(f for page in rendered for f in page.findings),
                *(f for error in errors for f in error.warnings),  # before each page's error
            ]
            raise_all(errors, _shown(found, options))
        try:
            files, site_findings = assemble(site, rendered, work)
        except MlguideError as exc:  # one run shows it all: the scan's warnings too
            exc.warnings = tuple(_shown([*findings, *exc.warnings], options))
            raise
        findings += site_findings
        staging.write(files)
        notes: dict[str, str] = {}
        if search is not None:
            notes, index_files = search.finish()
            staging.write(index_files)
            staging.write([OutputFile(f"{SEARCH_DIR}/{SHARDS_FILE}", shards_file(shards))])
    finally:
        if search is not None:
            search.close()
    store.prune(PAGE, budget=2 * staging.bytes)
    store.prune(LISTINGS, budget=0)  # only this build's listing pages are kept
    store.prune(SOURCES, budget=SOURCES_BUDGET)
    if options.strict:
        # Imported here: plain builds never pay for the checklist.
        from mlguide.site.check.checklist import checklist_findings

        published = (*site.index.posts, *site.index.pages)
        findings += checklist_findings(staging.path, published, site.config)
        failures = [f for f in findings if not f.notice]
        if failures:
            raise StrictBuildError([f.as_error() for f in failures])
    return notes, len(rendered)


def _oldest_first(prepared: Prepared) -> list[Source]:
    """The posts in the order they were published (the index's order, reversed)."""
    order = {m.source: i for i, m in enumerate(reversed(prepared.site.index.posts))}
    return sorted(
        prepared.sources, key=lambda s: (order.get(s.meta.source, len(order)), s.meta.url_path)
    )


def _reuse_shard(staging: StagingFolder, folder: str, key: str) -> bool:
    previous = staging.previous
    return bool(
        previous and previous.notes.get(folder) == key and staging.reuse_folder(folder + "/")
    )


def _result(
    out: Path,
    staging: StagingFolder,
    pages: int,
    findings: list[Finding],
    options: BuildOptions,
    interrupted: bool = False,
) -> BuildResult:
    if staging.leftover is not None:
        findings.append(
            Finding("output", f"could not remove the previous build: delete {staging.leftover}")
        )
    # Every file of the site: those a page or the search index wrote now, and those kept
    # (hard-linked) from the last build, a reused search shard's included.
    files = len(staging.records)
    return BuildResult(
        out,
        pages,
        files,
        _shown(findings, options),
        interrupted,
        written=files - staging.linked,
    )


def _shown(findings: list[Finding], options: BuildOptions) -> tuple[Finding, ...]:
    """What to say, each once: a file every page reads (a bibliography, a template) gives
    the same finding on each of them."""
    shown = (f for f in findings if options.strict or not f.notice or f.news)
    return tuple(dict.fromkeys(shown))
