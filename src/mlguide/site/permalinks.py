"""Where every page of the site lives: one helper makes each path and each absolute URL.

A site path is relative to the site's root and ends in `/` for a folder page (`my-post/`,
`tags/ml/`) or in `.html` for a page that is a file (`2024/my-post.html`); the absolute URL is
the configured `base_url` (which ends in `/`) followed by it. Nothing else joins a base URL to
a path, expands a permalink pattern or reads a URL written in front matter, so a URL scheme
changes here and nowhere else.

Patterns are Jekyll's and Hugo's: `/:year/:month/:day/:slug/`, `/:section/:slug/`,
`/:year/:slug.html`. Written by hand: the few placeholders are plain string work, and neither
generator's rules exist as a library.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

POSTS_ROOT = ""  # posts sit at the site's root by default: `/<slug>/`
TAGS = "tags/"
ARCHIVE = "archive/"
HOME_PAGES = "page/"
# Names the site's own pages and files take at its root: a post there would overwrite them or
# be overwritten (`index` is the home page's name; a post called so would be `/index/`, a
# URL everyone reads as the home page). `mlguide new` refuses them; a build reports them.
RESERVED_SLUGS = frozenset(
    {"index", TAGS.strip("/"), ARCHIVE.strip("/"), HOME_PAGES.strip("/"), "assets", "pagefind"}
)
DEFAULT_PATTERN = "/:slug/"

# What a placeholder stands for, shown in errors and in the docs.
PLACEHOLDERS: Mapping[str, str] = {
    "year": "the post's year, 4 digits",
    "month": "its month, 2 digits",
    "day": "its day of the month, 2 digits",
    "slug": "its slug",
    "title": "its slug (as Jekyll's `:title`)",
    "filename": "its file name without the date prefix (a bundle's folder name)",
    "section": "the first folder under content/, or nothing",
    "category": "its first category, as a slug, or nothing",
}
# At least one of these, or every post of a day (or of the site) would get the same URL.
_UNIQUE = ("slug", "title", "filename")
_PLACEHOLDER = re.compile(r":([a-z_]+)")
# What an `href` cannot hold as it is, and no file name should.
_UNSAFE = frozenset("<>\"'`\\^{}|")


@dataclass(frozen=True)
class UrlParts:
    """The facts of a post a permalink pattern can use."""

    slug: str
    date: dt.datetime
    filename: str = ""
    section: str = ""
    category: str = ""

    def value(self, name: str) -> str:
        if name == "year":
            return f"{self.date.year:04d}"
        if name == "month":
            return f"{self.date.month:02d}"
        if name == "day":
            return f"{self.date.day:02d}"
        if name in ("slug", "title"):
            return self.slug
        if name == "filename":
            return self.filename or self.slug
        if name == "section":
            return self.section
        if name == "category":
            return self.category
        raise ValueError(f"unknown placeholder `:{name}`")


def post_path(slug: str) -> str:
    return f"{POSTS_ROOT}{slug}/"


def tag_path(tag_slug: str) -> str:
    return f"{TAGS}{tag_slug}/"


def absolute(base_url: str, site_path: str = "") -> str:
    """`site_path` under `base_url`: `https://x.org/blog/` + `tags/ml/`."""
    return base_url + site_path.lstrip("/")


def file_of(site_path: str) -> str:
    """The file a site path is served from: `a/` is `a/index.html`, `a.html` itself."""
    return site_path + "index.html" if site_path.endswith("/") or not site_path else site_path


def read_site_path(value: object) -> str:
    """A URL written in front matter or config (`/about/`, `2019/old-post.html`) as a site
    path: no leading slash, a folder's trailing slash added (`about` is `about/`). Raises
    ValueError("must …") for anything that is not a path on this site."""
    if not isinstance(value, str):
        raise ValueError("must be a path on this site such as /about/")
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme or text.startswith("//"):
        raise ValueError(f"must be a path on this site such as /about/, not the full URL `{text}`")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise ValueError("must be a path without a `?query` or `#fragment`")
    path = unquote(text).strip("/")
    if bad := next((c for c in text + path if c.isspace() or c in _UNSAFE), None):
        shown = "spaces" if bad.isspace() else f"`{bad}`"
        raise ValueError(f"must not contain {shown}: write the URL with dashes, as a slug")
    if not path:
        raise ValueError("must not be the home page `/`")
    segments = path.split("/")
    if any(s in ("", ".", "..") for s in segments):
        raise ValueError("must not contain `//`, `./` or `../`")
    if path.endswith((".html", ".htm")):
        return path
    if "." in segments[-1] and not text.endswith("/"):
        suffix = segments[-1].rsplit(".", 1)[1]
        raise ValueError(f"must end in `/` or `.html`, not `.{suffix}`: a page is HTML")
    return path + "/"


def check_pattern(pattern: str, one_post: bool = False) -> str:
    """A permalink pattern, validated: the placeholders it may use and, for the site's pattern,
    one that tells posts apart (`one_post`: a single post's own `url:` needs none). Returns it
    with a leading slash and, for a folder, a trailing one. Raises ValueError("…")."""
    text = pattern.strip()
    names = _PLACEHOLDER.findall(text)
    unknown = [n for n in names if n not in PLACEHOLDERS]
    if unknown:
        known = ", ".join(f":{n}" for n in PLACEHOLDERS)
        raise ValueError(f"has an unknown placeholder `:{unknown[0]}` (use {known})")
    if not one_post and not any(n in _UNIQUE for n in names):
        raise ValueError(
            "must contain :slug (or :title, :filename), or every post would get the same URL"
        )
    bare = _PLACEHOLDER.sub("x", text)
    if urlsplit(bare).scheme or bare.startswith("//"):
        raise ValueError(f"must be a path on this site such as /:slug/, not the full URL `{text}`")
    if ":" in bare:
        raise ValueError("has a `:` that starts no placeholder (write placeholders as :slug)")
    read_site_path(bare)  # the same rules as a URL in front matter
    return "/" + text.strip("/") + ("" if text.endswith((".html", ".htm")) else "/")


def read_url(value: object) -> str:
    """A post's own URL: a site path (`about/`), or a pattern for this one post
    (`/:year/about-me/`), kept as written to be filled in by `expand`."""
    if isinstance(value, str) and _PLACEHOLDER.search(value) and not urlsplit(value).scheme:
        return check_pattern(value, one_post=True)
    return read_site_path(value)


def expand(pattern: str, parts: UrlParts) -> str:
    """A checked pattern filled in for one post, as a site path; a placeholder with no value
    (`:section` of a post at the top of content/) leaves no empty folder behind."""
    if ":" not in pattern:
        return read_site_path(pattern)
    filled = _PLACEHOLDER.sub(lambda m: parts.value(m.group(1)), pattern)
    path = re.sub(r"/{2,}", "/", filled)
    return read_site_path(path)
