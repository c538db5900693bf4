"""`mlguide build`: read everything, render everything, then write once, atomically."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import Config, load_config
from ..content import find_sources
from ..errors import Finding, MlguideError
from ..output import write_tree_atomically
from ..pipeline import assemble, render_posts


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
    config = load_config(options.root, options.base_url)
    results = render_posts(config, find_sources(config.content_dir), options.jobs)
    files, findings = assemble(config, results, options.drafts)
    if options.strict and findings:
        raise StrictBuildError(findings)

    def check_staged(staging: Path) -> None:
        if options.strict and verify is not None:
            failed = tuple(verify(staging, config))
            if failed:
                raise StrictBuildError(failed)

    count = write_tree_atomically(options.out_dir, files, before_swap=check_staged)
    pages = sum(1 for f in files if f.path.endswith("/index.html"))
    return BuildResult(options.out_dir, pages, count, tuple(findings))
