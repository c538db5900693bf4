"""The header's and footer's links: `menu:` entries resolved against the site's content.

A page, post or tag an entry names must exist (and be published), or the entry is an error
at its line of mlguide.yml, with what there is to choose from. Each link knows its site path,
so a page can mark the entry that leads to itself (`aria-current="page"`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mlguide.errors import MlguideError, raise_all
from mlguide.site.config.menus import BUILT_IN, MenuEntry
from mlguide.site.content.index import SiteIndex
from mlguide.site.content.meta import PostMeta
from mlguide.site.permalinks import ARCHIVE, TAGS, file_of

# The site path each built-in entry leads to.
_BUILT_IN_PATHS = {"home": "", "archive": ARCHIVE, "tags": TAGS, "feed": "feed.xml"}


@dataclass(frozen=True)
class MenuLink:
    name: str
    path: str  # a site path (`about/`, `` for home), or an absolute URL when `external`
    external: bool = False
    rel: str = ""  # `alternate` for the feed

    def href(self, root: str) -> str:
        """The link from a page whose way to the site root is `root`."""
        if self.external:
            return self.path
        return root + self.path if root + self.path else "./"

    def current(self, page_file: str) -> bool:
        """Whether the page written to `page_file` (`about/index.html`) is this link's."""
        return not self.external and file_of(self.path) == page_file

    def contains(self, page_file: str) -> bool:
        """Whether the page is inside this link's section (`tags/mlops/index.html` under
        `tags/`): the reader is in that part of the site, if not on its page."""
        path = self.path
        return not self.external and path.endswith("/") and page_file.startswith(path)


def resolve_menu(
    entries: Sequence[MenuEntry], index: SiteIndex, config_path: Path, key: str = "menu"
) -> tuple[MenuLink, ...]:
    """Every entry as a link, or every entry that leads nowhere as an error at its line."""
    links: list[MenuLink] = []
    errors: list[MlguideError] = []
    for number, entry in enumerate(entries, 1):
        try:
            links.append(_link(entry, index))
        except ValueError as exc:
            errors.append(MlguideError(f"`{key}` entry {number}: {exc}", config_path, entry.line))
    raise_all(errors)
    return tuple(links)


def _link(entry: MenuEntry, index: SiteIndex) -> MenuLink:
    if entry.kind in BUILT_IN:
        rel = "alternate" if entry.kind == "feed" else ""
        return MenuLink(entry.name or BUILT_IN[entry.kind], _BUILT_IN_PATHS[entry.kind], rel=rel)
    if entry.kind == "url":
        return MenuLink(entry.name, entry.ref, external=True)
    if entry.kind == "tag":
        tag = index.tag_of(entry.ref) or next((t for t in index.tags if t.slug == entry.ref), None)
        if tag is None:
            raise ValueError(f"no tag `{entry.ref}`{_choices(t.name for t in index.tags)}")
        return MenuLink(entry.name or tag.name, tag.url_path)
    pool = index.pages if entry.kind == "page" else index.posts
    meta = _find(entry.ref, pool, index)
    if meta is None:
        what = "page" if entry.kind == "page" else "published post"
        raise ValueError(f"no {what} `{entry.ref}`{_choices(m.slug for m in pool)}")
    return MenuLink(entry.name or meta.title, meta.url_path)


def _find(ref: str, pool: Sequence[PostMeta], index: SiteIndex) -> PostMeta | None:
    """By slug, by URL, or by file (`pages/about.md`)."""
    for meta in pool:
        if ref in (meta.slug, meta.url_path.strip("/"), index.relative_name(meta.source)):
            return meta
    return None


def _choices(names: Iterable[str]) -> str:
    shown = sorted(set(names))
    if not shown:
        return " (there are none)"
    listed = ", ".join(f"`{n}`" for n in shown[:8]) + (", …" if len(shown) > 8 else "")
    return f" (there are {listed})"
