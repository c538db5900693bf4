"""Pelican's posts: the `Key: value` header (all text, keys in any case), `Status: draft`
(a `draft:` key means nothing to Pelican, which publishes the post), `Modified`, one
`Category`, `Summary`, a slug made from the title.

The header may also sit between `---` lines: Pelican hands Markdown to Python-Markdown's
`meta` extension, which allows the fences. It is still that extension's format, not YAML:
`title: Models: Diffusion` is a title with a colon, `Slug:` is `slug`, every value is text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mlguide.site.config.settings import TEXT, Setting
from mlguide.site.config.yamlio import Doc
from mlguide.site.content.frontmatter import PELICAN_KEYS, Split
from mlguide.site.content.readers.common import Dialect
from mlguide.site.content.readers.kinds import NAMES, STAMP, STATUS

# Python-Markdown's `meta` extension: `Key: value`, and lines indented four spaces or more
# that continue the value above.
_META = re.compile(r"^ {0,3}([A-Za-z0-9_-]+):[ \t]*(.*?)\s*$")
_MORE = re.compile(r"^ {4,}(\S.*?)\s*$")
_FENCE_END = ("---", "...")

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


def fenced_header(text: str, path: Path, dialect: str | None) -> Split | None:
    """A `---` fenced header read as Pelican reads it, or None to read the block as YAML.
    In a Pelican project every fenced block of `Key: value` lines is one; elsewhere only
    one whose first key is a capitalised Pelican key (`Title:`), which is Pelican's habit
    and never a YAML author's. A block with anything else in it (a YAML list, a mapping)
    is left to YAML, as the pelican-yaml-metadata plugin reads it."""
    if dialect not in (None, "pelican") or not text.startswith("---"):
        return None
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _FENCE_END), None)
    if end is None or end == 1:
        return None
    data: dict[str, Any] = {}
    where: dict[str, int] = {}
    key = ""
    for number in range(1, end):
        line = lines[number]
        if (more := _MORE.match(line)) and key and not more.group(1).startswith("- "):
            joiner = "\n" if key == "summary" else " "
            data[key] = f"{data[key]}{joiner}{more.group(1)}".strip()
            continue
        match = _META.match(line)
        if match is None:
            return None  # not the meta format: YAML's to read (and report)
        key = match.group(1).lower()
        if key in data:  # Pelican keeps the first definition
            key = f"\0{key}"  # continuation lines of the repeat go nowhere
            data[key] = ""
            continue
        data[key], where[key] = match.group(2), number + 1
    data = {k: v for k, v in data.items() if not k.startswith("\0")}
    first = _META.match(lines[1])
    if dialect is None and not (
        first and first.group(1)[:1].isupper() and first.group(1).lower() in PELICAN_KEYS
    ):
        return None
    body = "\n" * (end + 1) + "\n".join(lines[end + 1 :])
    return Split(Doc(data, where, path, 2), body, "pelican")
