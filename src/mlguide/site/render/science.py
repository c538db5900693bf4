"""What a post's page needs for science writing before its Markdown is read: the dialect its
formulas were escaped for, its TeX macros, its bibliography and citation style.

Settings come from `mlguide.yml` and the post's front matter (a post's own `math:` macros
and `bibliography:` add to the site's; its `citation_style:` wins).
"""

from __future__ import annotations

from pathlib import Path

from mlguide.errors import Finding
from mlguide.images import FileState, file_state
from mlguide.paths import ProjectPaths
from mlguide.site.config.loader import Config
from mlguide.site.config.settings import read_citation_style, read_math
from mlguide.site.content.meta import PostMeta
from mlguide.site.render.markdown.bibliography import load_bibliographies
from mlguide.site.render.markdown.page import Citations, PageEnv


def prepare_page(
    meta: PostMeta,
    config: Config,
    paths: ProjectPaths,
    page: PageEnv,
    seen: dict[Path, FileState],
) -> None:
    """Set the page's dialect, macros and citations; problems become the page's warnings.
    Every bibliography file read is recorded in `seen` (the render cache depends on it)."""
    page.dialect = str(getattr(meta, "dialect", "mlguide"))  # set by the per-dialect readers
    macros = dict(config.math.macros)
    if "math" in meta.params:
        try:
            macros.update(read_math(meta.params["math"]).macros)
        except ValueError as exc:
            page.findings.append(
                Finding("math", f"`math` {exc}", meta.source, meta.line_of("math"))
            )
    page.macros = macros
    style = config.citation_style
    if "citation_style" in meta.params:
        try:
            style = read_citation_style(meta.params["citation_style"])
        except ValueError as exc:
            line = meta.line_of("citation_style")
            page.findings.append(Finding("citation", f"`citation_style` {exc}", meta.source, line))
    files: list[tuple[Path, Path, int | None]] = []
    if config.bibliography:
        files.append((paths.root / config.bibliography, paths.config, None))
    own = meta.params.get("bibliography")
    for name in own if isinstance(own, list) else [own] if own else []:
        files.append((meta.source.parent / str(name), meta.source, meta.line_of("bibliography")))
    if not files:
        return
    for path, _, _ in files:
        seen[path] = file_state(path)
    entries, findings = load_bibliographies(files)
    page.findings.extend(findings)
    page.citations = Citations(entries, style)
