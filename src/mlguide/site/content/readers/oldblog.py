"""What a blog brought from another generator already says about itself: its name, its
author and its address, read from the old config file copied into the project
(`_config.yml`, `hugo.toml`, Zola's `config.toml`, `pelicanconf.py`, `mkdocs.yml`).
`mlguide init` run in that folder starts `mlguide.yml` from them, so the migrated blog is
not called "My blog" by nobody; the file is read as data, never run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlguide.site.content.readers.detect import config_file
from mlguide.site.content.readers.oldsite import load

# Each generator's keys for the site's name, its author and its address, in order.
_TITLE = {
    "jekyll": ("title", "name"), "hugo": ("title",), "zola": ("title",),
    "pelican": ("SITENAME",), "mkdocs": ("site_name",),
}  # fmt: skip
_AUTHOR = {
    "jekyll": ("author",), "hugo": ("params.author", "author", "params.authors"),
    "zola": ("author", "extra.author"), "pelican": ("AUTHOR",), "mkdocs": ("site_author",),
}  # fmt: skip
_URL = {
    "jekyll": ("url",), "hugo": ("baseURL", "baseurl", "BaseURL"), "zola": ("base_url",),
    "pelican": ("SITEURL",), "mkdocs": ("site_url",),
}  # fmt: skip


@dataclass(frozen=True)
class OldBlog:
    generator: str
    config: Path  # the file the facts came from
    title: str = ""
    author: str = ""
    url: str = ""  # as written: it may be a placeholder or not a URL at all


def old_blog(root: Path) -> OldBlog | None:
    """The old blog's facts, or None when the folder holds no old generator's config."""
    found = config_file(root)
    if found is None:
        return None
    generator, path = found
    settings = load(generator, path).settings
    url = _text(settings, _URL[generator])
    if generator == "jekyll" and url:  # Jekyll's `url` plus `baseurl` (`/notes`)
        base = _text(settings, ("baseurl",)).strip("/")
        url = url.rstrip("/") + (f"/{base}" if base else "")
    return OldBlog(
        generator,
        path,
        title=_text(settings, _TITLE[generator]),
        author=_text(settings, _AUTHOR[generator]),
        url=url,
    )


def _text(settings: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    """The first key that holds a name: a string, a `{name: …}` mapping (jekyll-seo-tag's
    `author`), or the first of a list (Hugo's `authors`). `params.author` looks inside."""
    for key in keys:
        value: Any = settings
        for part in key.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, Mapping):
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""
