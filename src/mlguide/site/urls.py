"""What a URL in a post or a built page is, and where it leads.

Every "is this external?", "is this safe to link?" and "which file does this mean?" question is
answered here, once, so the builder, the link check and the publish checklist agree.
"""

from __future__ import annotations

import posixpath
import re
from enum import Enum
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mlguide.paths import STATIC_DIR

# Prefixes other generators use for "relative to the content folder" (Pelican, Zola).
CONTENT_PREFIXES = ("{filename}", "{static}", "{attach}", "@/")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_UNSAFE_SCHEMES = ("javascript", "vbscript", "data")
# What a browser ignores in a URL before reading its scheme: tabs and newlines anywhere,
# spaces and control characters at either end (`java\tscript:` and ` JAVASCRIPT:` run code).
_IGNORED = re.compile(r"[\t\n\r]")
_EDGES = "".join(chr(c) for c in range(0x21))


class UrlKind(Enum):
    EMPTY = "empty"
    ANCHOR = "anchor"  # `#section` on the same page
    EXTERNAL = "external"  # another site: `https://…`, `//host/…`, `mailto:`
    UNSAFE = "unsafe"  # runs code when followed: `javascript:`, `vbscript:`, `data:` links
    SITE_ROOT = "site-root"  # `/x`: the project root in Markdown, the site root in HTML
    CONTENT = "content"  # `{filename}/x`, `@/x`: relative to the content folder
    RELATIVE = "relative"  # `x/y`, `../x`: relative to the file it is written in


def classify(url: str, image: bool = False) -> UrlKind:
    """`image`: `data:` is a harmless inline picture, not a link that can run code."""
    url = browser_form(url).strip()
    if not url:
        return UrlKind.EMPTY
    if url.startswith("#"):
        return UrlKind.ANCHOR
    if url.startswith("//"):
        return UrlKind.EXTERNAL
    if scheme := _SCHEME.match(url):
        name = scheme.group(1).lower()
        if name in _UNSAFE_SCHEMES and not (image and name == "data"):
            return UrlKind.UNSAFE
        return UrlKind.EXTERNAL
    if unquote(url).startswith(CONTENT_PREFIXES):  # the parser percent-encodes `{`
        return UrlKind.CONTENT
    if url.startswith("/"):
        return UrlKind.SITE_ROOT
    return UrlKind.RELATIVE


def browser_form(url: str) -> str:
    """The URL as a browser reads it before it looks at the scheme."""
    if "\t" in url or "\n" in url or "\r" in url:
        url = _IGNORED.sub("", url)
    return url.strip(_EDGES)


def unsafe_scheme(url: str, picture: bool = False) -> str | None:
    """The scheme of a URL that runs code when followed (`javascript`, `vbscript`, `data`),
    else None. `picture`: the URL is only ever shown as an image, so `data:image/…` is a
    picture, not a page."""
    url = browser_form(url)
    match = _SCHEME.match(url)
    name = match.group(1).lower() if match else ""
    if name not in _UNSAFE_SCHEMES:
        return None
    if picture and name == "data" and url[5:].strip(_EDGES).lower().startswith("image/"):
        return None
    return name


def is_external(url: str) -> bool:
    return classify(url) in (UrlKind.EXTERNAL, UrlKind.UNSAFE)


def split(url: str) -> tuple[str, str]:
    """(path, fragment), both percent-decoded; query strings are not part of a file name."""
    parts = urlsplit(url.strip())
    return unquote(parts.path), unquote(parts.fragment)


def source_file(url: str, source: Path, root: Path, content: Path) -> Path | None:
    """The file a URL in the Markdown file `source` means, or None for a URL that is no file.

    Relative URLs are relative to the Markdown file; `/x` is relative to the project root
    wherever the post lives (or to the content folder or `static/`, where blogs brought
    from other generators keep their pictures); `{filename}/x` and `@/x` to the content
    folder.
    """
    kind = classify(url)
    path, _ = split(url)
    if kind is UrlKind.RELATIVE:
        return source.parent / path if path else None
    if kind is UrlKind.SITE_ROOT:
        return next(
            (p for p in site_root_files(path, root, content) if p.exists()), root / path.lstrip("/")
        )
    if kind is UrlKind.CONTENT:
        for prefix in CONTENT_PREFIXES:
            if path.startswith(prefix):
                return content / path[len(prefix) :].lstrip("/")
    return None


def site_root_files(path: str, root: Path, content: Path) -> tuple[Path, ...]:
    """Where `/x` may be, in order: the project, the content folder (where blogs brought
    from other generators keep their pictures), `static/` (the site root's own files, where
    Hugo and Zola blogs keep theirs)."""
    rel = path.lstrip("/")
    return (root / rel, content / rel, root / STATIC_DIR / rel)


def resolve_built(page: str, url: str) -> tuple[str, str]:
    """(target file, fragment) for `url` on built page `page`, both relative to the site root.

    A target outside the site starts with `../`.
    """
    path, fragment = split(url)
    if not path:
        return page, fragment
    base = posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(base, path))
    if path.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target, fragment


def relative(from_page: str, to_path: str) -> str:
    """A link from built page `from_page` to site path `to_path` (`slug/` or `a/b.png`)."""
    depth = from_page.count("/")
    return "../" * depth + to_path
