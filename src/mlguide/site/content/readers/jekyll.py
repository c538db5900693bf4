"""Jekyll's posts: the date and name in the file name (`2023-04-02-slug.md`), `excerpt`,
`categories` and `category`, `published: false` for a draft, `permalink` and
`redirect_from` for URLs, `last_modified_at` from its plugin, and `_config.yml`'s
`defaults:`, the front matter every post in a scope gets unless it says otherwise."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from mlguide.site.config.settings import BOOL, TEXT, Setting
from mlguide.site.content.readers.common import FILE_DATE, Dialect
from mlguide.site.content.readers.kinds import NAMES, PATHS, STAMP, URL, WORDS

KEYS: tuple[Setting, ...] = (
    Setting("excerpt", TEXT, None, "Fallback for `description`."),
    Setting("categories", WORDS, None, "List, or words separated by spaces."),
    Setting("category", NAMES, None, "One category."),
    Setting("authors", NAMES, None, "Same as `author`."),
    Setting("published", BOOL, True, "`false` is a draft."),
    Setting("last_modified_at", STAMP, None, "Same as `updated` (jekyll-last-modified-at)."),
    Setting("permalink", URL, None, "Same as `url`: the post's URL, kept."),
    Setting("redirect_from", PATHS, None, "Same as `aliases` (jekyll-redirect-from)."),
)
IGNORED = frozenset(
    [
        "comments", "image", "mathjax", "math", "excerpt_separator", "sitemap",
        "toc", "share", "header", "sidebar", "classes", "author_profile", "read_time",
        "related", "redirect_to", "lang", "pin", "hidden", "feature", "featured", "cover",
        "thumbnail", "subtitle", "keywords", "series", "usemathjax", "use_math", "extra",
    ]
)  # fmt: skip

JEKYLL = Dialect(
    name="jekyll",
    label="Jekyll",
    keys=KEYS,
    ignored=IGNORED,
    updated_keys=("last_modified_at", "updated"),
    summary_keys=("excerpt",),
    url_keys=("permalink",),
    file_date_is_its_own=True,
    picture_keys=("image",),
    draft=lambda values: bool(values.get("draft")) or values.get("published", True) is False,
    categories=lambda values: (*values.get("categories", ()), *values.get("category", ())),
)


def scoped_defaults(settings: Mapping[str, Any], rel: PurePosixPath, page: bool) -> dict[str, Any]:
    """The values `_config.yml`'s `defaults:` give a file, merged as Jekyll merges them: each
    matching scope in turn, a longer `path` (or, as long, one naming a `type`) over a
    shorter one. `rel`: the file as it sits in content/, which stands for `_posts/` (a post)
    or the site's root (a page in content/pages/)."""
    sets = settings.get("defaults")
    if not isinstance(sets, list):
        return {}
    parts = rel.parts
    if page:
        where, kinds = PurePosixPath(*parts[1:]) if len(parts) > 1 else rel, {"pages"}
    elif "_posts" in parts or "_drafts" in parts:
        where, kinds = rel, {"drafts", "posts"} if "_drafts" in parts else {"posts"}
    else:
        where, kinds = PurePosixPath("_posts", *parts), {"posts"}
    merged: dict[str, Any] = {}
    best: Mapping[str, Any] | None = None
    for entry in sets:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("values"), Mapping):
            continue
        given = entry.get("scope")
        scope: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
        if not _in_scope(scope, where, kinds):
            continue
        if best is None or _outranks(scope, best):
            merged, best = _deep_merge(merged, entry["values"]), scope
        else:
            merged = _deep_merge(entry["values"], merged)
    return merged


def _scope_path(scope: Mapping[str, Any]) -> str:
    return str(scope.get("path") or "").strip().strip("/")


def _in_scope(scope: Mapping[str, Any], where: PurePosixPath, kinds: set[str]) -> bool:
    kind = scope.get("type")
    if kind is not None and str(kind) not in kinds:
        return False
    path = _scope_path(scope)
    if not path:
        return True
    text = where.as_posix()
    if "*" in path:  # Jekyll 3.7: a glob names files or folders
        return fnmatch.fnmatch(text, path) or fnmatch.fnmatch(text, path + "/*")
    return text == path or text.startswith(path + "/")


def _outranks(new: Mapping[str, Any], old: Mapping[str, Any]) -> bool:
    """Jekyll's `has_precedence?`."""
    new_path, old_path = _scope_path(new), _scope_path(old)
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    return "type" in new or "type" not in old


def _deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def with_defaults(data: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """The post's own front matter over its defaults (a mapping merged key by key)."""
    return _deep_merge(given, data)


def copied_as_is(rel: PurePosixPath, start: bytes) -> bool:
    """Whether Jekyll copied this Markdown file unread instead of making a page of it: a file
    of the site (a folder of content/, the old site's root) with no front matter, such as a
    vendored library's `assets/katex/README.md`. A post (content/'s top level stands for
    `_posts/`, where a dated name makes one) is read with or without front matter. `start`:
    the file's first bytes."""
    if len(rel.parts) == 1 and FILE_DATE.match(rel.stem):
        return False
    first = start.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    return first.rstrip(b"\r\t ") != b"---"
