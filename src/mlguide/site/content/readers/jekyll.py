"""Jekyll's posts: the date and name in the file name (`2023-04-02-slug.md`), `excerpt`,
`categories` and `category`, `published: false` for a draft, `permalink` and
`redirect_from` for URLs, `last_modified_at` from its plugin."""

from __future__ import annotations

from mlguide.site.config.settings import BOOL, TEXT, Setting
from mlguide.site.content.readers.common import Dialect
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
    draft=lambda values: bool(values.get("draft")) or values.get("published", True) is False,
    categories=lambda values: (*values.get("categories", ()), *values.get("category", ())),
)
