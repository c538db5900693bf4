"""Hugo's posts: `lastmod`, `publishDate`, `summary`, `[params]`, `url` and `aliases`, a page
bundle named by its folder."""

from __future__ import annotations

from mlguide.site.config.settings import TEXT, Setting
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
)
IGNORED = frozenset(
    [
        "weight", "toc", "math", "mathjax", "katex", "images", "series",
        "cover", "featured", "featured_image", "justified", "keywords", "expiryDate",
        "headless", "linkTitle", "markup", "outputs", "resources", "sitemap", "translationKey",
        "comments", "showToc", "TocOpen", "hidemeta", "disableShare", "ShowReadingTime",
        "image", "thumbnail", "subtitle", "menu", "hero", "build", "cascade", "isCJKLanguage",
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
)
