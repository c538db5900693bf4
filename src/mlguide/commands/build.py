"""`mlguide build`: render every post, streaming pages into a staging folder swapped in whole."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import Config, load_config
from ..content import find_sources
from ..errors import Finding, MlguideError
from ..output import check_output_folder, staged_tree
from ..paths import project_paths
from ..pipeline import PostResult, claim_url, iter_posts, published, site_files


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
    force: bool = False  # replace a non-empty output folder that mlguide did not write


class StrictBuildError(MlguideError):
    """`--strict` found warnings; each one is printed, the build is not published."""

    def __init__(self, findings: Iterable[Finding]):
        self.findings = tuple(findings)
        super().__init__(f"--strict: {len(self.findings)} warning(s), build not written")

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.findings,))


def build(
    options: BuildOptions, verify: Callable[[Path, Config], Iterable[Finding]] | None = None
) -> BuildResult:
    """Build the site; `verify` (the publish checklist) runs on the staged output under --strict."""
    paths = project_paths(options.root, options.out_dir)
    check_output_folder(paths.output, paths.sources(), options.force)
    config = load_config(options.root, options.base_url)
    sources = find_sources(config.content_dir)
    with staged_tree(options.out_dir) as staging:
        # Pages go to disk as the workers hand them over: disk time hides behind rendering.
        results: list[PostResult] = []
        owners: dict[str, Path] = {}
        for result in iter_posts(config, sources, options.jobs):
            results.append(result)
            if options.drafts or not result.draft:
                claim_url(owners, result)
                staging.write(result.rendered.files)
        results = published(results, options.drafts)
        files, findings = site_files(config, results)
        if options.strict and findings:
            raise StrictBuildError(findings)
        staging.write(files)
        if options.strict and verify is not None:
            failed = tuple(verify(staging.path, config))
            if failed:
                raise StrictBuildError(failed)
    return BuildResult(options.out_dir, len(results), len(staging.written), tuple(findings))
