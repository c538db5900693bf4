"""Zola's posts: TOML front matter with `[taxonomies]` and `[extra]`, `updated`, `path` and
`aliases`, a date in the file name before `_` or `-`. A page with no date at all (a
project in a section sorted by `weight`) is a page, never a dated post."""

from __future__ import annotations

from mlguide.site.config.settings import Setting
from mlguide.site.content.readers.common import Dialect
from mlguide.site.content.readers.kinds import MAPPING, NAMES, TAXONOMIES, URL

KEYS: tuple[Setting, ...] = (
    Setting("taxonomies", TAXONOMIES, None, "Its `tags` and `categories` become tags."),
    Setting("extra", MAPPING, None, "Extra values for templates (`post.params`)."),
    Setting("authors", NAMES, None, "Same as `author`."),
    Setting("path", URL, None, "Same as `url`: the post's URL, kept."),
)
IGNORED = frozenset(
    ["template", "weight", "in_search_index", "render", "insert_anchor_links", "lang"]
)

ZOLA = Dialect(
    name="zola",
    label="Zola",
    keys=KEYS,
    ignored=IGNORED,
    url_keys=("path",),
    file_date_is_its_own=True,
    undated_is_page=True,
    tags=lambda values: (*values.get("taxonomies", {}).get("tags", ()), *values.get("tags", ())),
    categories=lambda values: tuple(values.get("taxonomies", {}).get("categories", ())),
    params=lambda values: dict(values.get("extra", {})),
)
