"""`mlguide build`: render every post, streaming pages into a staging folder swapped in whole.

`strict` is one input of the build: warnings fail it, and the publish checklist runs on the
staged output before the swap, so a site that fails it is never published.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mlguide.errors import (
    ErrorGroup,
    Finding,
    Interrupted,
    MlguideError,
    interrupt_exit_code,
    raise_all,
)
from mlguide.paths import TRASH_DIR, project_paths
from mlguide.scenes.freshness import stale_scene_findings
from mlguide.site.pagecache import KIND as PAGE
from mlguide.site.pipeline import Prepared, assemble, iter_rendered, plan, prepare, with_cards
from mlguide.site.render.post import RenderedPost
from mlguide.site.write.reuse import read_previous, write_previous
from mlguide.site.write.safety import check_output_folder
from mlguide.site.write.search import OUTPUT_DIR as SEARCH_DIR
from mlguide.site.write.search import index_site, search_key
from mlguide.site.write.staging import StagingFolder, remove_stale_staging, staged_tree
from mlguide.store.store import Store, open_store


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
    files: int
    findings: tuple[Finding, ...]  # warnings (and, under --strict, notices)
    interrupted: bool = False  # Ctrl-C came after the new build was already in place


class StrictBuildError(ErrorGroup):
    """`--strict` found warnings: each one is printed, the build is not published."""


def build(options: BuildOptions) -> BuildResult:
    paths = project_paths(options.root, options.out_dir)
    check_output_folder(paths.output, paths.sources(), options.force, paths.cache)
    remove_stale_staging(paths.output)
    store = open_store(paths.cache if options.cache else None, paths.root)
    prepared = with_cards(
        prepare(paths, options.base_url, options.drafts, options.future),
        options.jobs,
        options.progress,
        digests=store.digests,
    )
    tokens = prepared.site.config.theme.tokens
    stale = stale_scene_findings(paths, store.digests, (tokens.light, tokens.dark))
    findings = [*prepared.findings, *stale]
    previous = read_previous(store, paths.output) if options.cache else None
    staging = None
    notes: dict[str, str] = {}
    pages = 0
    try:
        trash = paths.cache / TRASH_DIR
        with staged_tree(paths.output, options.hold_after_swap, previous, trash) as staging:
            notes, pages = _build_into(staging, prepared, options, findings, store)
        write_previous(store, paths.output, staging.records, notes)
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
) -> tuple[dict[str, str], int]:
    """Everything into the staging folder; returns what the next build may reuse by key,
    and the number of pages."""
    # Pages go to disk as the workers hand them over: disk time hides behind rendering.
    rendered: list[RenderedPost] = []
    errors: list[MlguideError] = []
    work = plan(prepared.site, prepared.sources, store if options.cache else None)
    for result in iter_rendered(work, options.jobs):
        if isinstance(result, MlguideError):
            errors.append(result)
            continue
        staging.write(result.files)
        rendered.append(result.written())  # the bytes are on disk: do not hold them
    raise_all(errors)
    files, site_findings = assemble(prepared.site, rendered)
    findings += site_findings
    staging.write(files)
    notes: dict[str, str] = {}
    if prepared.site.config.search:
        notes["search"] = search_key(staging.records)
        previous = staging.previous
        if not (previous and previous.notes.get("search") == notes["search"]) or not (
            staging.reuse_folder(SEARCH_DIR + "/")
        ):
            index_site(staging.path)  # in the staging folder: a failed index fails the build
            staging.record_folder(SEARCH_DIR)
    store.prune(PAGE, budget=2 * staging.bytes)
    if options.strict:
        # Imported here: plain builds never pay for the checklist.
        from mlguide.site.check.checklist import checklist_findings

        site = prepared.site
        published = (*site.index.posts, *site.index.pages)
        findings += checklist_findings(staging.path, published, site.config)
        failures = [f for f in findings if not f.notice]
        if failures:
            raise StrictBuildError([f.as_error() for f in failures])
    return notes, len(rendered)


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
    shown = tuple(f for f in findings if options.strict or not f.notice or f.news)
    return BuildResult(out, pages, len(staging.written), shown, interrupted)
