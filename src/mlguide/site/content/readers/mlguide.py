"""mlguide's own posts: its keys, and every other generator's name for the same facts, so a
post that mixes them (`summary`, `lastmod`, `[taxonomies]`) still reads as meant."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mlguide.site.config.settings import BOOL, TEXT, Setting
from mlguide.site.content.readers.common import NATIVE, Dialect
from mlguide.site.content.readers.kinds import (
    MAPPING,
    NAMES,
    PATHS,
    STAMP,
    STATUS,
    TAXONOMIES,
    URL,
    WORDS,
)

BORROWED: tuple[Setting, ...] = (
    Setting("excerpt", TEXT, None, "Jekyll: fallback for `description`."),
    Setting("summary", TEXT, None, "Hugo, Pelican: fallback for `description`."),
    Setting("authors", NAMES, None, "Same as `author`."),
    Setting("categories", WORDS, None, "Kept apart from tags, listed on the tag pages too."),
    Setting("category", NAMES, None, "Pelican: one category (commas separate several)."),
    Setting("lastmod", STAMP, None, "Hugo: same as `updated`."),
    Setting("modified", STAMP, None, "Pelican: same as `updated`."),
    Setting("last_modified_at", STAMP, None, "Jekyll: same as `updated`."),
    Setting("published", BOOL, True, "Jekyll: `false` is a draft."),
    Setting(
        "status",
        STATUS,
        None,
        "Pelican: `draft` is a draft; `hidden` a page (built, listed nowhere).",
    ),
    Setting("taxonomies", TAXONOMIES, None, "Zola: its `tags` and `categories` become tags."),
    Setting("params", MAPPING, None, "Hugo: extra values for templates (`post.params`)."),
    Setting("extra", MAPPING, None, "Zola: extra values for templates (`post.params`)."),
    Setting("path", URL, None, "Zola: same as `url`."),
    Setting("permalink", URL, None, "Jekyll: same as `url`."),
    Setting("redirect_from", PATHS, None, "Jekyll: same as `aliases`."),
    Setting("type", TEXT, None, "Hugo: same as `layout`."),
)
FRONT_MATTER: tuple[Setting, ...] = (*NATIVE, *BORROWED)
# Keys of other generators that mean nothing here: kept as params, never flagged as typos.
FOREIGN_KEYS = frozenset(
    [
        "comments", "math", "image", "toc", "weight",
        "excerpt_separator", "keywords", "series", "cover", "thumbnail", "featured",
        "sitemap", "template", "save_as", "lang", "translation",
        "subtitle", "katex", "mathjax", "share", "hidden", "pin", "readtime",
    ]
)  # fmt: skip


def is_draft(values: Mapping[str, Any]) -> bool:
    return bool(
        values.get("draft", False)
        or values.get("published", True) is False
        or values.get("status") == "draft"
    )


def _tags(values: Mapping[str, Any]) -> tuple[str, ...]:
    return (*values.get("taxonomies", {}).get("tags", ()), *values.get("tags", ()))


def _categories(values: Mapping[str, Any]) -> tuple[str, ...]:
    return (
        *values.get("categories", ()),
        *values.get("category", ()),
        *values.get("taxonomies", {}).get("categories", ()),
    )


MLGUIDE = Dialect(
    name="mlguide",
    label="mlguide",
    keys=BORROWED,
    ignored=FOREIGN_KEYS,
    borrowed=frozenset(s.name for s in BORROWED),
    updated_keys=("updated", "lastmod", "modified", "last_modified_at"),
    summary_keys=("excerpt", "summary"),
    url_keys=("path", "url", "permalink"),
    file_date_is_its_own=True,
    draft=is_draft,
    tags=_tags,
    categories=_categories,
    params=lambda values: {**values.get("extra", {}), **values.get("params", {})},
)
