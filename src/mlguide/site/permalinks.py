"""Where every page of the site lives: one helper makes each path and each absolute URL.

A site path is relative to the site's root and ends in `/` for a folder page (`my-post/`,
`tags/ml/`); the absolute URL is the configured `base_url` (which ends in `/`) followed by it.
Nothing else joins a base URL to a path, so a URL scheme (a permalink pattern, a subpath)
changes here and nowhere else.
"""

from __future__ import annotations

POSTS_ROOT = ""  # posts sit at the site's root: `/<slug>/`
TAGS = "tags/"
ARCHIVE = "archive/"
HOME_PAGES = "page/"
# Names the site's own pages and files take at its root: a post there would overwrite them or
# be overwritten (`index` is the home page's name; a post called so would be `/index/`, a
# URL everyone reads as the home page). `mlguide new` refuses them; a build reports them.
RESERVED_SLUGS = frozenset(
    {"index", TAGS.strip("/"), ARCHIVE.strip("/"), HOME_PAGES.strip("/"), "assets", "pagefind"}
)


def post_path(slug: str) -> str:
    return f"{POSTS_ROOT}{slug}/"


def tag_path(tag_slug: str) -> str:
    return f"{TAGS}{tag_slug}/"


def absolute(base_url: str, site_path: str = "") -> str:
    """`site_path` under `base_url`: `https://x.org/blog/` + `tags/ml/`."""
    return base_url + site_path.lstrip("/")
