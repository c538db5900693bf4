"""Front matter read the way its generator meant it, one module per source dialect.

Each module (`mlguide`, `jekyll`, `hugo`, `zola`, `pelican`, `mkdocs`) is a `Dialect`: data
saying which keys its generator defines and what its conventions are; `common` turns any of
them into the one `PostMeta`; `detect` says which dialect a project or a post is in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from mlguide import limits
from mlguide.site.content.frontmatter import Split, split_front_matter
from mlguide.site.content.meta import ReadMeta
from mlguide.site.content.readers import oldsite
from mlguide.site.content.readers.common import Dialect, OldUrl, read_with
from mlguide.site.content.readers.detect import post_dialect
from mlguide.site.content.readers.hugo import HUGO
from mlguide.site.content.readers.jekyll import JEKYLL, scoped_defaults, with_defaults
from mlguide.site.content.readers.mkdocs import MKDOCS
from mlguide.site.content.readers.mlguide import MLGUIDE
from mlguide.site.content.readers.pelican import PELICAN, fenced_header
from mlguide.site.content.readers.zola import ZOLA
from mlguide.site.content.slugs import slugify

_URL_SAFE = re.compile(r"[a-z0-9][a-z0-9._~-]*")
DIALECTS: dict[str, Dialect] = {d.name: d for d in (MLGUIDE, JEKYLL, HUGO, ZOLA, PELICAN, MKDOCS)}


def split_post(text: str, path: Path, dialect: str | None = None) -> Split:
    """A post's header and body, the header read in the format its generator reads:
    `dialect` is the project's (None: told post by post)."""
    return fenced_header(text, path, dialect) or split_front_matter(text, path)


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
    site = old_site or oldsite.OldSite(chosen.name)
    if chosen is JEKYLL and site.generator == "jekyll":
        split, site = _jekyll_defaults(split, site, content_path(source, content), in_pages)
    old = old_url_of(site, source, content)
    read = read_with(chosen, split, source, first_paragraph, author_names, old, in_pages)
    if chosen is HUGO:
        read = _hugo_title_slug(read, split, site, content_path(source, content))
    if site.generator != chosen.name or site.plugins is None:
        return read
    meta = dataclasses.replace(read.meta, old_plugins=site.plugins)
    return dataclasses.replace(read, meta=meta)


def _hugo_title_slug(
    read: ReadMeta, split: Split, site: oldsite.OldSite, rel: PurePosixPath
) -> ReadMeta:
    """A Hugo post whose old address was made from its title keeps that slug: a pattern's
    `:slug` (mlguide's `permalink: /:year/:month/:slug/` written as Hugo's) then gives the
    old address itself, not a new one that the old one redirects to."""
    meta = read.meta
    facts = oldsite.PostFacts(rel, split.doc.data, meta.title, meta.date, meta.categories)
    slug = oldsite.hugo_title_slug(site, dataclasses.replace(facts, page=meta.is_page))
    if slug is None or slug == meta.slug:
        return read
    if not _URL_SAFE.fullmatch(slug) or ".." in slug:
        slug = slugify(slug)
    if not slug or len(slug) > limits.SLUG_CHARS:
        return read
    return dataclasses.replace(read, meta=dataclasses.replace(meta, slug=slug))


def _jekyll_defaults(
    split: Split, site: oldsite.OldSite, rel: PurePosixPath, in_pages: bool
) -> tuple[Split, oldsite.OldSite]:
    """`_config.yml`'s `defaults:` under the post's own front matter. A default `permalink`
    is a rule for the whole blog, as the config's own `permalink` is: it says where the old
    site published the post (which gets a redirect), not a URL the post asked to keep."""
    given = scoped_defaults(site.settings, rel, in_pages)
    if not given:
        return split, site
    permalink = given.pop("permalink", None)
    if isinstance(permalink, str) and permalink.strip():
        site = dataclasses.replace(site, settings={**site.settings, "permalink": permalink})
    data = with_defaults(split.doc.data, given)
    return dataclasses.replace(split, doc=dataclasses.replace(split.doc, data=data)), site


def content_path(source: Path, content: Path | None) -> PurePosixPath:
    """The file relative to the content folder (its name alone when outside it)."""
    if content is not None:
        try:
            return PurePosixPath(source.relative_to(content).as_posix())
        except ValueError:
            pass
    return PurePosixPath(source.name)


def old_url_of(site: oldsite.OldSite, source: Path, content: Path | None) -> OldUrl | None:
    if site.generator not in oldsite.GENERATORS:
        return None
    where = content_path(source, content)

    def url(
        values: Mapping[str, Any],
        title: str,
        date: dt.datetime,
        categories: tuple[str, ...],
        page: bool,
    ) -> str | None:
        facts = oldsite.PostFacts(where, values, title, date, categories, page)
        return oldsite.old_url(site, facts)

    return url
