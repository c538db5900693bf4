"""Internal links and anchors of a built site, checked against the files it will contain.

Each page's links and ids are extracted once, where the page is rendered (in parallel
workers); the site-wide check is then only set lookups, cheap enough for every serve rebuild.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import Finding

# Only links: images are checked where they are rendered, with their Markdown line.
# A pattern that starts with a literal is scanned with a fast substring search, ten times
# quicker than one starting with `\s`; the attribute boundary is checked per match instead.
_HREF = re.compile(rb'href="([^"]*)"')
_ID = re.compile(rb'id="([^"]+)"')
_EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)


@dataclass(frozen=True)
class PageLinks:
    hrefs: tuple[str, ...]  # local link targets, in page order
    ids: frozenset[str]


def page_links(data: bytes) -> PageLinks:
    hrefs = tuple(
        u
        for raw in _attribute_values(_HREF, data)
        if (u := raw.decode().strip()) and not _EXTERNAL.match(u)
    )
    return PageLinks(hrefs, frozenset(m.decode() for m in _attribute_values(_ID, data)))


def _attribute_values(pattern: re.Pattern[bytes], data: bytes) -> list[bytes]:
    """Values of one attribute, skipping look-alikes such as `data-href` or `aria-id`."""
    return [m[1] for m in pattern.finditer(data) if data[m.start() - 1 : m.start()].isspace()]


def resolve(page: str, url: str) -> tuple[str, str]:
    """(target file, fragment) for `url` on page `page`, both relative to the site root."""
    parts = urlsplit(url)
    fragment = unquote(parts.fragment)
    if not parts.path:
        return page, fragment
    base = posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    if parts.path.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target, fragment


def check_links(
    pages: Mapping[str, PageLinks], files: Set[str], sources: Mapping[str, Path]
) -> list[Finding]:
    """Broken internal links and anchors in every page, reported at their source line.
    `pages` maps each HTML page to its links; `files` is every path the site contains."""
    findings: list[Finding] = []
    for page in sorted(p for p in pages if p != "404.html"):
        for url in pages[page].hrefs:
            target, fragment = resolve(page, url)
            if target.startswith("../"):
                problem = f"link `{url}` points outside the site"
            elif target not in files and f"{target}/index.html" not in files:
                problem = f"link `{url}` points to a missing file"
            elif fragment and target in pages and fragment not in pages[target].ids:
                problem = f"link `{url}` points to a missing anchor"
            else:
                continue
            source = sources.get(page)
            findings.append(Finding("broken-link", problem, source, _line_of(source, url)))
    return findings


def _line_of(source: Path | None, needle: str) -> int | None:
    if source is None:
        return None
    try:
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            if needle.split("#")[-1] in line:
                return number
    except OSError:
        return None
    return None
