"""Pelican's posts: the `Key: value` header (all text, keys in any case), `Status: draft`
(a `draft:` key means nothing to Pelican, which publishes the post), `Modified`, one
`Category`, `Summary`, a slug made from the title."""

from __future__ import annotations

from mlguide.site.config.settings import TEXT, Setting
from mlguide.site.content.readers.common import Dialect
from mlguide.site.content.readers.kinds import NAMES, STAMP, STATUS

KEYS: tuple[Setting, ...] = (
    Setting("modified", STAMP, None, "Same as `updated`."),
    Setting("category", NAMES, None, "One category (commas separate several)."),
    Setting("authors", NAMES, None, "Same as `author`."),
    Setting("summary", TEXT, None, "Fallback for `description`."),
    Setting("status", STATUS, None, "`draft` is a draft; `hidden` a page (built, listed nowhere)."),
    Setting("save_as", TEXT, None, "The file the old site wrote the post to."),
)
IGNORED = frozenset(
    ["lang", "translation", "template", "subtitle", "headerimage", "meta", "authorlink",
     "authorurl", "twitter", "github", "draft", "keywords", "image", "thumbnail", "type"]
)  # fmt: skip

PELICAN = Dialect(
    name="pelican",
    label="Pelican",
    keys=KEYS,
    ignored=IGNORED,
    without=frozenset({"draft"}),
    updated_keys=("modified", "updated"),
    summary_keys=("summary",),
    url_keys=("url", "save_as"),
    slug_from_title=True,
    draft=lambda values: values.get("status") == "draft",
    categories=lambda values: tuple(values.get("category", ())),
)
