"""`menu:` and `footer:` in mlguide.yml: ordered entries, each read and checked on its own line.

An entry names what it leads to, and the label comes from there unless `name` says otherwise:

    menu:
      - page: about                   # a page in content/pages/ (its slug): "About"
      - post: leakage-found-and-fixed # a post, by slug: its title
      - tag: evaluation               # a tag's page: the tag's name
      - archive                       # also `tags`, `home`, `feed`
      - {name: GitHub, url: "https://github.com/you"}
      - Talks: /talks/                # `name: URL`, as in `social:`

Whether the page, post or tag exists is known only once the content is read: the render
stage resolves entries (mlguide.site.render.menus) and reports a missing one at its line.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from mlguide.site.config.settings import (
    EntryProblems,
    Kind,
    close_match,
    describe,
    read_link,
    text_value,
)

# Entries that need no argument: the site's own pages, and their default labels.
BUILT_IN = {"home": "Home", "archive": "Archive", "tags": "Tags", "feed": "Atom feed"}
TARGETS = ("page", "post", "tag", "url")


@dataclass(frozen=True)
class MenuEntry:
    kind: str  # home, archive, tags, feed, page, post, tag or url
    ref: str = ""  # the page's or post's slug, the tag's name, the URL
    name: str = ""  # the label; "" for the target's own title
    line: int | None = None  # in mlguide.yml, set once the file is read


DEFAULT_MENU = (MenuEntry("archive"), MenuEntry("tags"))
DEFAULT_FOOTER = (MenuEntry("feed"),)


def read_menu(value: Any) -> tuple[MenuEntry, ...]:
    """Every bad entry is reported at its own line (EntryProblems keyed by position)."""
    if not isinstance(value, list):
        raise ValueError(f"must be a list of entries (`- page: about`), not {describe(value)}")
    entries: list[MenuEntry] = []
    problems: list[tuple[Hashable, str]] = []
    for i, item in enumerate(value):
        try:
            entries.append(_entry(item))
        except ValueError as exc:
            problems.append((i, f"entry {i + 1} {exc}"))
    if problems:
        raise EntryProblems(problems)
    return tuple(entries)


def _entry(item: Any) -> MenuEntry:
    if isinstance(item, str):
        word = item.strip().lower()
        if word not in BUILT_IN:
            meant = close_match(word, list(BUILT_IN))
            if meant is not None:
                raise ValueError(f"`{item}`: did you mean `{meant}`?")
            known = ", ".join(f"`{w}`" for w in BUILT_IN)
            raise ValueError(
                f"`{item}` is not one of {known}: write `page: {item}` for a page, or "
                f"`{item}: URL` for a link"
            )
        return MenuEntry(word)
    if not isinstance(item, Mapping) or not item:
        raise ValueError(f"must be a word such as `archive` or a mapping, not {describe(item)}")
    keys = [str(k) for k in item]
    targets = [k for k in keys if k in TARGETS]
    unknown = [k for k in keys if k not in (*TARGETS, "name")]
    if not targets and len(item) == 1:  # `GitHub: https://…`
        (name, url), *_ = item.items()
        return MenuEntry("url", _link(url), text_value(name).strip())
    if unknown:
        raise ValueError(
            f"has an unknown key `{unknown[0]}` (use page, post, tag or url, and name)"
        )
    if len(targets) != 1:
        raise ValueError("needs exactly one of `page`, `post`, `tag` or `url`")
    kind = targets[0]
    ref = _link(item[kind]) if kind == "url" else text_value(item[kind]).strip().strip("/")
    if not ref:
        raise ValueError(f"has an empty `{kind}`")
    name = text_value(item["name"]).strip() if "name" in item else ""
    if kind == "url" and not name:
        raise ValueError("needs a `name` for its link")
    return MenuEntry(kind, ref, name)


def _link(url: Any) -> str:
    try:
        return read_link(url)
    except ValueError as exc:
        raise ValueError(f"URL {exc}") from None


MENU = Kind("list of entries", read_menu)
