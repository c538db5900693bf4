"""Front matter read the way its generator meant it, one module per source dialect.

Each module (`mlguide`, `jekyll`, `hugo`, `zola`, `pelican`, `mkdocs`) is a `Dialect`: data
saying which keys its generator defines and what its conventions are; `common` turns any of
them into the one `PostMeta`; `detect` says which dialect a project or a post is in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from mlguide.site.content.frontmatter import Split
from mlguide.site.content.meta import ReadMeta
from mlguide.site.content.readers import oldsite
from mlguide.site.content.readers.common import Dialect, OldUrl, read_with
from mlguide.site.content.readers.detect import post_dialect
from mlguide.site.content.readers.hugo import HUGO
from mlguide.site.content.readers.jekyll import JEKYLL
from mlguide.site.content.readers.mkdocs import MKDOCS
from mlguide.site.content.readers.mlguide import MLGUIDE
from mlguide.site.content.readers.pelican import PELICAN
from mlguide.site.content.readers.zola import ZOLA

DIALECTS: dict[str, Dialect] = {d.name: d for d in (MLGUIDE, JEKYLL, HUGO, ZOLA, PELICAN, MKDOCS)}


def read_meta(
    split: Split,
    source: Path,
    first_paragraph: Callable[[str], str],
    author_names: Mapping[str, str] | None = None,
    dialect: str | None = None,
    old_site: oldsite.OldSite | None = None,
    content: Path | None = None,
    in_pages: bool = False,
) -> ReadMeta:
    """One post's metadata in `dialect` (the project's), or in the one its front matter
    shows when the project names none. `old_site`: the old generator's URL rules (its
    defaults when None); `content`: the content folder, which old URLs are relative to;
    `in_pages`: the file is in content/pages/ (a page, not a post)."""
    chosen = DIALECTS[dialect or post_dialect(split, source)]
    if split.style == "pelican" and chosen is not PELICAN and dialect != "mlguide":
        chosen = PELICAN  # a Pelican header is Pelican's, whatever else is in the project
    old = old_url_of(old_site or oldsite.OldSite(chosen.name), source, content)
    return read_with(chosen, split, source, first_paragraph, author_names, old, in_pages)


def old_url_of(site: oldsite.OldSite, source: Path, content: Path | None) -> OldUrl | None:
    if site.generator not in oldsite.GENERATORS:
        return None
    try:
        rel = PurePosixPath(source.relative_to(content).as_posix()) if content else None
    except ValueError:
        rel = None
    where = rel or PurePosixPath(source.name)

    def url(
        values: Mapping[str, Any], title: str, date: dt.datetime, categories: tuple[str, ...]
    ) -> str | None:
        return oldsite.old_url(site, oldsite.PostFacts(where, values, title, date, categories))

    return url
