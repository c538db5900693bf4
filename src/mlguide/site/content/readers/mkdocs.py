"""The MkDocs Material blog's posts: `date` or `date: {created, updated}`, `authors` by id
(`.authors.yml`), `categories`, a title that is the body's `# Heading`, a slug made from it."""

from __future__ import annotations

from mlguide.site.config.settings import Setting
from mlguide.site.content.readers.common import Dialect
from mlguide.site.content.readers.kinds import NAMES, WORDS

KEYS: tuple[Setting, ...] = (
    Setting("categories", WORDS, None, "Listed with the tags."),
    Setting("authors", NAMES, None, "Ids from `.authors.yml`, or names."),
)
IGNORED = frozenset(
    ["links", "readtime", "pin", "comments", "hide", "search", "icon", "status", "subtitle",
     "template", "social", "tags_extra", "meta"]
)  # fmt: skip

MKDOCS = Dialect(
    name="mkdocs",
    label="MkDocs",
    keys=KEYS,
    ignored=IGNORED,
    slug_from_title=True,
    heading_is_title=True,
)
