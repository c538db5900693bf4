"""Hugo's posts: `lastmod`, `publishDate`, `summary`, `[params]`, `url` and `aliases`, a page
bundle named by its folder."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mlguide.site.config.settings import BOOL, TEXT, Setting
from mlguide.site.content.readers.common import Dialect
from mlguide.site.content.readers.kinds import MAPPING, NAMES, STAMP, WORDS

KEYS: tuple[Setting, ...] = (
    Setting("lastmod", STAMP, None, "Same as `updated`."),
    Setting("publishDate", STAMP, None, "The date, when `date` is not given."),
    Setting("pubdate", STAMP, None, "Same as `publishDate`."),
    Setting("summary", TEXT, None, "Fallback for `description`."),
    Setting("categories", WORDS, None, "A taxonomy, listed with the tags."),
    Setting("authors", NAMES, None, "Same as `author`."),
    Setting("params", MAPPING, None, "Extra values for templates (`post.params`)."),
    Setting("type", TEXT, None, "Same as `layout` (`page` is a page)."),
    Setting("_build", MAPPING, None, "`render: never`: a draft (Hugo wrote no page)."),
    Setting("build", MAPPING, None, "Same as `_build` (Hugo 0.145)."),
    Setting("headless", BOOL, None, "`true`: a draft (Hugo wrote no page)."),
)
IGNORED = frozenset(
    [
        "weight", "toc", "math", "mathjax", "katex", "images", "series",
        "cover", "featured", "featured_image", "justified", "keywords", "expiryDate",
        "headless", "linkTitle", "markup", "outputs", "resources", "sitemap", "translationKey",
        "comments", "showToc", "TocOpen", "hidemeta", "disableShare", "ShowReadingTime",
        "image", "thumbnail", "subtitle", "menu", "hero", "cascade", "isCJKLanguage",
        "externalUrl",
    ]
)  # fmt: skip

HUGO = Dialect(
    name="hugo",
    label="Hugo",
    keys=KEYS,
    ignored=IGNORED,
    updated_keys=("lastmod", "updated"),
    date_keys=("publishDate", "pubdate"),
    summary_keys=("summary",),
    url_keys=("url",),
    picture_keys=("cover",),
    params=lambda values: dict(values.get("params", {})),
    draft=lambda values: bool(values.get("draft")) or never_rendered(values),
)


def never_rendered(values: Mapping[str, Any]) -> bool:
    """A page Hugo never wrote: `_build: {render: never}` (`build:` since Hugo 0.145, `false`
    before 0.83), as Congo's link to an outside article is, or a headless bundle. It had no
    page on the old site, so it is kept out of this one as a draft is (`--drafts` shows
    it)."""
    if values.get("headless") is True:
        return True
    for key in ("_build", "build"):
        options = values.get(key)
        if isinstance(options, Mapping) and options.get("render") in (False, "never", "false"):
            return True
    return False
