"""What a post's page needs for science writing before its Markdown is read: the dialect its
formulas were escaped for, its TeX macros, its bibliography and citation style.

Settings come from `mlguide.yml` and the post's front matter (a post's own `math:` macros
and `bibliography:` add to the site's; its `citation_style:` wins).
"""

from __future__ import annotations

from pathlib import Path

from mlguide import limits
from mlguide.errors import Finding
from mlguide.paths import ProjectPaths
from mlguide.site.config.loader import Config
from mlguide.site.config.settings import (
    read_bool,
    read_citation_style,
    read_math,
    read_positive_int,
)
from mlguide.site.config.yamlio import read_text
from mlguide.site.content.meta import PostMeta
from mlguide.site.content.notebook import (
    NOTEBOOK_SUFFIX,
    NotebookText,
    locate,
    notebook_reads,
    read_notebook,
)
from mlguide.site.content.sources import Source, post_body
from mlguide.site.outputs import OutputFile
from mlguide.site.render.execute import execute_notebook
from mlguide.site.render.markdown.bibliography import load_bibliographies
from mlguide.site.render.markdown.page import Citations, NotebookPage, PageEnv
from mlguide.store.files import FileState, file_state


def prepare_page(
    meta: PostMeta,
    config: Config,
    paths: ProjectPaths,
    page: PageEnv,
    seen: dict[Path, FileState],
) -> None:
    """Set the page's dialect, macros and citations; problems become the page's warnings.
    Every bibliography file read is recorded in `seen` (the render cache depends on it)."""
    page.dialect = str(getattr(meta, "dialect", "") or guess_dialect(meta))
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
        path = _bibliography_file(str(name), meta, paths, page.dialect)
        if path != meta.source.parent / str(name):  # found elsewhere: one put beside wins
            seen[meta.source.parent / str(name)] = None
        files.append((path, meta.source, meta.line_of("bibliography")))
    if not files:
        return
    root = paths.root.resolve()
    inside = []
    for path, named_in, line in files:
        if not path.resolve().is_relative_to(root):
            message = f"bibliography `{path}` is outside the project: not read"
            page.findings.append(Finding("citation", message, named_in, line))
            continue
        seen[path] = file_state(path)
        inside.append((path, named_in, line))
    if not inside:
        return
    entries, findings = load_bibliographies(inside)
    page.findings.extend(findings)
    page.citations = Citations(entries, style)


# Where a Jekyll blog keeps the `.bib` files its posts name: al-folio's distill posts name
# one in `assets/bibliography/`, jekyll-scholar's default source is `_bibliography/`.
_JEKYLL_BIBLIOGRAPHIES = ("assets/bibliography", "_bibliography")


def _bibliography_file(name: str, meta: PostMeta, paths: ProjectPaths, dialect: str) -> Path:
    """The file a post's `bibliography:` names: beside the post; in a Jekyll blog, also
    where Jekyll's themes and jekyll-scholar look. The post's own folder when none has it
    (so the warning names the place an mlguide post would have it)."""
    beside = meta.source.parent / name
    if dialect != "jekyll" or beside.exists():
        return beside
    found = (paths.root / folder / name for folder in _JEKYLL_BIBLIOGRAPHIES)
    return next((path for path in found if path.is_file()), beside)


# Front matter keys only one generator writes: a post that has one was written for it.
_DIALECT_KEYS = (
    ("zola", ("taxonomies", "extra", "in_search_index")),
    ("hugo", ("lastmod", "aliases", "publishDate", "weight")),
    ("jekyll", ("layout", "permalink", "redirect_from", "excerpt_separator", "last_modified_at")),
)


def guess_dialect(meta: PostMeta) -> str:
    """The generator a post was written for, from keys only that generator writes; mlguide's
    own reading otherwise (posts read by the per-dialect readers carry theirs already)."""
    keys = set(meta.lines)
    for dialect, names in _DIALECT_KEYS:
        if keys.intersection(names):
            return dialect
    return "mlguide"


def notebook_body(
    source: Source, config: Config, paths: ProjectPaths, page: PageEnv
) -> tuple[str, NotebookText | None]:
    """The body to render: a notebook post's Markdown (its cells, with outputs as saved or
    as run now), with its cells handed to the page; any other post's body as it is."""
    path = source.meta.source
    if path.suffix.lower() != NOTEBOOK_SUFFIX:
        return post_body(source), None
    text = read_text(path, limits.NOTEBOOK_BYTES)
    read = read_notebook(text, path)
    cells = list(notebook_reads(text).cells)
    if _execute(source.meta, config, page):
        timeout = config.execute_timeout
        if "execute_timeout" in source.meta.params:
            try:
                timeout = read_positive_int(source.meta.params["execute_timeout"])
            except ValueError as exc:
                page.warn("notebook", f"`execute_timeout` {exc}", source.meta.line_of("execute"))
        run = execute_notebook(path, text, read.kernel, timeout, paths.cache, paths.root)
        cells = run.cells
        page.findings.extend(run.findings)
    page.notebook = NotebookPage(cells, source.meta.slug)
    return read.split.body, read


def _execute(meta: PostMeta, config: Config, page: PageEnv) -> bool:
    value = meta.params.get("execute", config.execute)
    if isinstance(value, dict):  # Quarto: `execute: {enabled: true}`
        value = value.get("enabled", config.execute)
    try:
        return read_bool(value)
    except ValueError as exc:
        page.warn("notebook", f"`execute` {exc}", meta.line_of("execute"))
        return config.execute


def notebook_files(meta: PostMeta, page: PageEnv) -> tuple[OutputFile, ...]:
    """The pictures a notebook's outputs publish, beside its page."""
    if page.notebook is None:
        return ()
    return tuple(OutputFile(meta.url_path + name, data) for name, data in page.notebook.files)


def notebook_findings(
    findings: list[Finding], start: int, read: NotebookText | None, path: Path
) -> list[Finding]:
    """Warnings found while rendering a notebook's body name its cell, not a body line."""
    if read is None:
        return findings
    return [*findings[:start], *locate(findings[start:], path, read)]
